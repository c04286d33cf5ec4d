// Platt scaling (scikit-learn's _sigmoid_calibration and the "sigmoid" method of CalibratedClassifierCV): a one-input
// logistic curve P(y = 1 | f) = 1 / (1 + exp(a·f + b)) fitted to held-out scores f and outcomes y.
//
// As Platt (and scikit-learn) do, the 0/1 targets are pulled in slightly, to (n₊ + 1)/(n₊ + 2) and 1/(n₋ + 2), which
// keeps the fit finite when the scores separate the classes. Two parameters: Newton's method with the exact 2 x 2
// Hessian and a backtracking line search converges in a handful of passes (scikit-learn runs BFGS, which stops at a
// gradient norm of 1e-5; the two agree to about 1e-6 on the reference cases).

import {z} from "zod";
import {LibraryInputError, type ModelJSON} from "../base.js";
import {modelJSON, parseState} from "../modelJson.js";
import {binaryLabels, finiteNumbers, sameLength} from "./inputs.js";

/** log(1 + e^z) without overflow. */
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

function expit(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/**
 * Platt's slope and intercept for scores `f` and 0/1 outcomes `y`: calibrated P(y = 1) = 1 / (1 + exp(a·f + b)).
 * `a` is negative when larger scores mean "more likely 1". Mirrors sklearn.calibration._sigmoid_calibration.
 */
export function sigmoidCalibration(scores: ArrayLike<number>, y: ArrayLike<number | boolean>): {a: number; b: number} {
  const fn = "sigmoidCalibration";
  const F = finiteNumbers(scores, fn, "scores");
  const Y = binaryLabels(y, fn, "y");
  const n = sameLength(F, Y, fn, "scores", "y");
  let prior1 = 0;
  for (let i = 0; i < n; i++) prior1 += Y[i]!;
  const prior0 = n - prior1;
  const hi = (prior1 + 1) / (prior1 + 2);
  const lo = 1 / (prior0 + 2);
  const T = Y.map((v) => (v ? hi : lo));

  const objective = (a: number, b: number): number => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const z = a * F[i]! + b;
      s += T[i]! * softplus(z) + (1 - T[i]!) * softplus(-z);
    }
    return s;
  };

  // Scores that are all the same carry no slope: fit the intercept alone.
  let fMin = Infinity;
  let fMax = -Infinity;
  for (let i = 0; i < n; i++) {
    fMin = Math.min(fMin, F[i]!);
    fMax = Math.max(fMax, F[i]!);
  }
  const slope = fMax > fMin;

  let a = 0;
  let b = Math.log((prior0 + 1) / (prior1 + 1));
  let f = objective(a, b);
  for (let iter = 0; iter < 100; iter++) {
    let gA = 0;
    let gB = 0;
    let hAA = 0;
    let hAB = 0;
    let hBB = 0;
    for (let i = 0; i < n; i++) {
      const z = a * F[i]! + b;
      const P = expit(-z);
      const r = T[i]! - P; // d loss / dz
      const w = P * (1 - P); // d² loss / dz²
      gA += r * F[i]!;
      gB += r;
      hAA += w * F[i]! * F[i]!;
      hAB += w * F[i]!;
      hBB += w;
    }
    let dA = 0;
    let dB: number;
    const det = hAA * hBB - hAB * hAB;
    if (slope && det > 1e-12 * hAA * hBB) {
      dA = -(hBB * gA - hAB * gB) / det;
      dB = -(hAA * gB - hAB * gA) / det;
    } else {
      dB = -gB / hBB;
    }
    if (!slope) dA = 0;
    // backtracking: halve the step until the objective does not rise
    let t = 1;
    let next = objective(a + t * dA, b + t * dB);
    while (next > f && t > 1e-10) {
      t /= 2;
      next = objective(a + t * dA, b + t * dB);
    }
    if (next > f) break;
    a += t * dA;
    b += t * dB;
    const moved = Math.abs(t * dA) + Math.abs(t * dB);
    f = next;
    if (moved <= 1e-12 * (1 + Math.abs(a) + Math.abs(b))) break;
  }
  return {a, b};
}

/**
 * Platt scaling as a fitted object: `new SigmoidCalibration().fit(scores, y).predict(newScores)` gives calibrated
 * probabilities. Scores may be decision values (log-odds) or probabilities.
 */
export class SigmoidCalibration {
  /** Slope and intercept of P = 1 / (1 + exp(a·score + b)); null until fitted. */
  a: number | null = null;
  b: number | null = null;

  fit(scores: ArrayLike<number>, y: ArrayLike<number | boolean>): this {
    const {a, b} = sigmoidCalibration(scores, y);
    this.a = a;
    this.b = b;
    return this;
  }

  /** Calibrated P(y = 1) for each score. */
  predict(scores: ArrayLike<number>): Float64Array {
    if (this.a === null || this.b === null) {
      throw new LibraryInputError("SigmoidCalibration is not fitted yet: call fit(scores, y) on held-out rows before predict");
    }
    const F = finiteNumbers(scores, "SigmoidCalibration.predict", "scores");
    const out = new Float64Array(F.length);
    for (let i = 0; i < F.length; i++) out[i] = expit(-(this.a * F[i]! + this.b));
    return out;
  }

  /** The fitted slope and intercept as plain JSON (saveModel / loadModel). */
  toJSON(): ModelJSON {
    return modelJSON("SigmoidCalibration", {}, this.a === null ? {} : {a: this.a, b: this.b});
  }

  static fromJSON(json: ModelJSON): SigmoidCalibration {
    const m = new SigmoidCalibration();
    if (Object.keys(json.state ?? {}).length === 0) return m;
    const s = parseState("SigmoidCalibration", "state", z.object({a: z.number(), b: z.number()}), json.state);
    m.a = s.a;
    m.b = s.b;
    return m;
  }
}
