// Linear quantile regression (scikit-learn's QuantileRegressor): the line whose predictions have a fraction `quantile`
// of the targets below them. quantile = 0.5 (the default) is median regression, which ignores how far outliers lie.
//
// Why by hand: no npm package fits it. The fit is a linear program, solved here the way R's quantreg does
// (Koenker & Ng's Frisch-Newton interior point method on the dual problem, with Mehrotra's predictor-corrector
// steps), then polished to an exact vertex: an optimum always passes exactly through (number of coefficients)
// training rows, so those rows are found from the interior solution and the line through them is solved directly.
// The tests compare the answer with a brute-force search over every such vertex on small data.
//
// Objective (scikit-learn's): mean pinball loss + alpha * ‖coef‖₁ (intercept not penalised), where the pinball loss of
// a residual r is quantile * r for r >= 0 and (quantile - 1) * r for r < 0. The L1 penalty is folded into the LP as
// two extra rows per coefficient: rows (c e_j, 0) and (-c e_j, 0) add c|coef_j| whatever the quantile.

import {z} from "zod";
import {LuDecomposition, Matrix as MlMatrix} from "ml-matrix";
import {checkVector, describe, LibraryInputError, type Matrix, type ModelJSON, type Regressor, type Vector} from "../base.js";
import {packMatrix} from "../dense.js";
import {linearPredictor, restoreLinearState} from "./linearPredictor.js";
import {defaultFeatureNames, modelJSON, parseState} from "../modelJson.js";
import {columnStats, solveSPD} from "./newton.js";
import {intOption, numberOption, optionsObject, progressCallback, type FitOptions} from "../validate.js";

export interface QuantileRegressorOptions {
  /** The quantile to predict, strictly between 0 and 1. Default 0.5 (the median). */
  quantile?: number;
  /** L1 penalty strength on the coefficients. Default 0 (scikit-learn's default is 1). */
  alpha?: number;
  /** Fit an intercept. Default true. */
  fitIntercept?: boolean;
  /** Most interior-point iterations. Default 100. */
  maxIter?: number;
}

/** Pinball (quantile) loss of residual r. */
export function pinball(r: number, tau: number): number {
  return r >= 0 ? tau * r : (tau - 1) * r;
}

export class QuantileRegressor implements Regressor {
  readonly quantile: number;
  readonly alpha: number;
  readonly fitIntercept: boolean;
  readonly maxIter: number;
  coef: number[] | null = null;
  intercept = 0;
  nIter = 0;
  nFeaturesIn = 0;
  featureNames: string[] | null = null;
  trainingSummary: Record<string, unknown> = {};

  constructor(options: QuantileRegressorOptions = {}) {
    const m = "QuantileRegressor";
    const o = optionsObject(m, options, "{quantile: 0.5, alpha: 0}");
    this.quantile = numberOption(m, "quantile", o.quantile, 0.5, 0, 1, {min: true, max: true});
    this.alpha = numberOption(m, "alpha", o.alpha, 0, 0);
    if (o.fitIntercept !== undefined && typeof o.fitIntercept !== "boolean") {
      throw new LibraryInputError(`${m}: fitIntercept must be true or false, got ${describe(o.fitIntercept)}`);
    }
    this.fitIntercept = o.fitIntercept ?? true;
    this.maxIter = intOption(m, "maxIter", o.maxIter, 100, 1);
  }

  fit(X: Matrix, y: Vector, options?: FitOptions): this {
    const started = Date.now();
    const onProgress = progressCallback("QuantileRegressor", options);
    const {data, n, p} = packMatrix(X);
    const target = checkVector(y, n);
    const tau = this.quantile;
    const icpt = this.fitIntercept ? 1 : 0;
    const q = p + icpt;
    // Standardise columns and the target (the pinball loss is homogeneous, so the answer just rescales).
    const stats = columnStats(data, n, p);
    const mean = this.fitIntercept ? stats.mean : new Float64Array(p);
    const scale = stats.scale;
    let yScale = 0;
    for (let i = 0; i < n; i++) yScale += Math.abs(target[i]);
    yScale = yScale > 0 ? yScale / n : 1;
    const penalised = this.alpha > 0 ? p : 0;
    const N = n + 2 * penalised;
    const A = new Float64Array(N * q); // row-major design, one row per LP row
    const b = new Float64Array(N);
    for (let i = 0; i < n; i++) {
      if (icpt) A[i * q] = 1;
      for (let j = 0; j < p; j++) A[i * q + icpt + j] = (data[i * p + j] - mean[j]) / scale[j];
      b[i] = target[i] / yScale;
    }
    for (let j = 0; j < penalised; j++) {
      // alpha |w_j| per row of data = (n alpha / scale_j) |beta_j| in standardised units, as two pseudo-rows
      const c = (n * this.alpha) / scale[j];
      A[(n + 2 * j) * q + icpt + j] = c;
      A[(n + 2 * j + 1) * q + icpt + j] = -c;
    }
    const {beta: interior, iterations} = frischNewton(A, b, N, q, tau, this.maxIter, (it) => onProgress(Math.min(0.99, it / 30)));
    const beta = polishToVertex(A, b, N, q, tau, interior);
    const coef = new Array<number>(p);
    let intercept = icpt ? beta[0] * yScale : 0;
    for (let j = 0; j < p; j++) {
      coef[j] = (beta[icpt + j] * yScale) / scale[j];
      intercept -= coef[j] * mean[j];
    }
    this.coef = coef;
    this.intercept = intercept;
    this.nIter = iterations;
    this.nFeaturesIn = p;
    let loss = 0;
    for (let i = 0; i < n; i++) {
      let s = intercept;
      for (let j = 0; j < p; j++) s += coef[j] * data[i * p + j];
      loss += pinball(target[i] - s, tau);
    }
    this.trainingSummary = {nSamples: n, nFeatures: p, quantile: tau, meanPinballLoss: loss / n, nIter: iterations, fitSeconds: (Date.now() - started) / 1000};
    onProgress(1);
    return this;
  }

  predict(X: Matrix): Float64Array {
    return linearPredictor(this, "QuantileRegressor", X);
  }

  toJSON(): ModelJSON {
    const params = {quantile: this.quantile, alpha: this.alpha, fitIntercept: this.fitIntercept, maxIter: this.maxIter};
    const state = this.coef ? {coef: this.coef, intercept: this.intercept, nIter: this.nIter} : {};
    return modelJSON("QuantileRegressor", params, state, {
      featureNames: this.coef ? defaultFeatureNames(this.coef.length, this.featureNames ?? undefined) : [],
      summary: this.trainingSummary
    });
  }

  static fromJSON(json: ModelJSON): QuantileRegressor {
    const params = parseState(
      "QuantileRegressor",
      "params",
      z.object({quantile: z.number().optional(), alpha: z.number().optional(), fitIntercept: z.boolean().optional(), maxIter: z.number().int().optional()}),
      json.params
    );
    return restoreLinearState(new QuantileRegressor(params), "QuantileRegressor", json);
  }
}

/** Sum of pinball losses of b - A beta. */
export function quantileObjective(A: Float64Array, b: Float64Array, N: number, q: number, tau: number, beta: ArrayLike<number>): number {
  let f = 0;
  for (let i = 0; i < N; i++) {
    let s = 0;
    for (let j = 0; j < q; j++) s += A[i * q + j] * beta[j];
    f += pinball(b[i] - s, tau);
  }
  return f;
}

/**
 * Interior point method for min_beta sum_i pinball(b_i - A_i beta), through its dual
 *     max bᵀd  subject to  Aᵀd = (1 - tau) Aᵀ1,  0 <= d <= 1,
 * written as the LP  min cᵀx, Aᵀx = Aᵀx0, 0 <= x <= 1 with c = -b, x0 = (1 - tau) 1 (a feasible interior start).
 * beta is minus the multiplier of the equality constraints. Mehrotra predictor-corrector, as in Koenker's rq.fit.fnb.
 */
function frischNewton(
  A: Float64Array,
  b: Float64Array,
  N: number,
  q: number,
  tau: number,
  maxIter: number,
  progress: (iteration: number) => void
): {beta: Float64Array; iterations: number} {
  const step = 0.99995;
  const x = new Float64Array(N).fill(1 - tau);
  const s = new Float64Array(N).fill(tau);
  // dual start: least squares, y = -(AᵀA)⁻¹Aᵀb
  const M = new Float64Array(q * q);
  const v = new Float64Array(q);
  for (let i = 0; i < N; i++) {
    const o = i * q;
    for (let j = 0; j < q; j++) {
      v[j] -= A[o + j] * b[i];
      for (let k = j; k < q; k++) M[j * q + k] += A[o + j] * A[o + k];
    }
  }
  let y = solveSPD(M, v, q);
  const z = new Float64Array(N);
  const w = new Float64Array(N);
  const r = new Float64Array(N);
  const Aty = (yy: Float64Array, i: number) => {
    let t = 0;
    for (let j = 0; j < q; j++) t += A[i * q + j] * yy[j];
    return t;
  };
  for (let i = 0; i < N; i++) {
    let ri = -b[i] - Aty(y, i);
    if (ri === 0) ri = 0.001;
    z[i] = ri > 0 ? ri : 0;
    w[i] = ri < 0 ? -ri : 0;
  }
  const qv = new Float64Array(N);
  const dx = new Float64Array(N);
  const dz = new Float64Array(N);
  const dw = new Float64Array(N);
  const rhs = new Float64Array(N);
  const dxdz = new Float64Array(N);
  const dsdw = new Float64Array(N);

  const gapOf = () => {
    // primal cᵀx minus dual (Aᵀx0)ᵀy - 1ᵀw, with c = -b and x0 = (1 - tau) 1
    let g = 0;
    for (let i = 0; i < N; i++) g += -b[i] * x[i] + w[i] - (1 - tau) * Aty(y, i);
    return g;
  };
  let scaleObj = 0;
  for (let i = 0; i < N; i++) scaleObj += Math.abs(b[i]);
  const small = 1e-11 * (1 + scaleObj);

  /** Newton direction for right-hand side rhs: solve (A Q Aᵀ) dy = A Q rhs, dx = q (A dy - rhs). */
  const direction = (dy: Float64Array) => {
    M.fill(0);
    v.fill(0);
    for (let i = 0; i < N; i++) {
      const o = i * q;
      const qi = qv[i];
      const t = qi * rhs[i];
      for (let j = 0; j < q; j++) {
        const a = A[o + j];
        v[j] += a * t;
        const qa = qi * a;
        for (let k = j; k < q; k++) M[j * q + k] += qa * A[o + k];
      }
    }
    const sol = solveSPD(M, v, q);
    dy.set(sol);
    for (let i = 0; i < N; i++) dx[i] = qv[i] * (Aty(dy, i) - rhs[i]);
  };
  const maxStep = (val: Float64Array, d: Float64Array, negate = false) => {
    let a = Infinity;
    for (let i = 0; i < N; i++) {
      const di = negate ? -d[i] : d[i];
      if (di < 0) a = Math.min(a, -val[i] / di);
    }
    return a;
  };

  const dy = new Float64Array(q);
  let it = 0;
  let gap = gapOf();
  while (gap > small && it < maxIter) {
    it++;
    // predictor (affine scaling) step
    for (let i = 0; i < N; i++) {
      qv[i] = 1 / (z[i] / x[i] + w[i] / s[i]);
      r[i] = z[i] - w[i];
      rhs[i] = r[i];
    }
    direction(dy);
    for (let i = 0; i < N; i++) {
      dz[i] = -z[i] * (dx[i] / x[i] + 1);
      dw[i] = -w[i] * (-dx[i] / s[i] + 1);
    }
    let fp = Math.min(1, step * Math.min(maxStep(x, dx), maxStep(s, dx, true)));
    let fd = Math.min(1, step * Math.min(maxStep(w, dw), maxStep(z, dz)));
    if (Math.min(fp, fd) < 1) {
      // corrector: aim at a central point mu (Mehrotra's heuristic) and correct for second-order terms
      let mu = 0;
      let gAff = 0;
      for (let i = 0; i < N; i++) {
        mu += z[i] * x[i] + w[i] * s[i];
        gAff += (z[i] + fd * dz[i]) * (x[i] + fp * dx[i]) + (w[i] + fd * dw[i]) * (s[i] - fp * dx[i]);
      }
      mu = (mu * Math.pow(gAff / mu, 3)) / (2 * N);
      for (let i = 0; i < N; i++) {
        dxdz[i] = dx[i] * dz[i];
        dsdw[i] = -dx[i] * dw[i];
        const xi = mu * (1 / x[i] - 1 / s[i]);
        rhs[i] = r[i] - xi + dxdz[i] / x[i] - dsdw[i] / s[i];
      }
      direction(dy);
      for (let i = 0; i < N; i++) {
        const ds = -dx[i];
        dz[i] = mu / x[i] - z[i] - (z[i] * dx[i] + dxdz[i]) / x[i];
        dw[i] = mu / s[i] - w[i] - (w[i] * ds + dsdw[i]) / s[i];
      }
      fp = Math.min(1, step * Math.min(maxStep(x, dx), maxStep(s, dx, true)));
      fd = Math.min(1, step * Math.min(maxStep(w, dw), maxStep(z, dz)));
    }
    for (let i = 0; i < N; i++) {
      x[i] += fp * dx[i];
      s[i] -= fp * dx[i];
      w[i] += fd * dw[i];
      z[i] += fd * dz[i];
    }
    const ny = new Float64Array(q);
    for (let j = 0; j < q; j++) ny[j] = y[j] + fd * dy[j];
    y = ny;
    gap = gapOf();
    progress(it); // the interior point method typically needs 15-30 iterations
  }
  const beta = new Float64Array(q);
  for (let j = 0; j < q; j++) beta[j] = -y[j];
  return {beta, iterations: it};
}

/**
 * An LP optimum lies at a vertex: q rows fitted exactly. Take the q rows with the smallest residuals at the interior
 * solution (greedily skipping rows that would make the system singular), solve for the line through them, and keep it
 * if its objective is no worse. This turns the interior point's ~1e-9 answer into the exact vertex scikit-learn's
 * simplex-based solver (HiGHS) reports when the optimum is unique.
 */
function polishToVertex(A: Float64Array, b: Float64Array, N: number, q: number, tau: number, beta: Float64Array): Float64Array {
  if (N < q) return beta;
  const res = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    let s = 0;
    for (let j = 0; j < q; j++) s += A[i * q + j] * beta[j];
    res[i] = Math.abs(b[i] - s);
  }
  const order = Array.from({length: N}, (_, i) => i).sort((a, c) => res[a] - res[c]);
  // greedy: add rows in order of residual while they stay linearly independent (Gram-Schmidt on the rows)
  const chosen: number[] = [];
  const basis: Float64Array[] = [];
  for (const i of order) {
    if (chosen.length === q) break;
    const v = Float64Array.from(A.subarray(i * q, i * q + q));
    let norm0 = 0;
    for (let j = 0; j < q; j++) norm0 += v[j] * v[j];
    if (norm0 === 0) continue;
    for (const u of basis) {
      let d = 0;
      for (let j = 0; j < q; j++) d += v[j] * u[j];
      for (let j = 0; j < q; j++) v[j] -= d * u[j];
    }
    let norm = 0;
    for (let j = 0; j < q; j++) norm += v[j] * v[j];
    if (norm <= 1e-18 * norm0) continue;
    norm = Math.sqrt(norm);
    for (let j = 0; j < q; j++) v[j] /= norm;
    basis.push(v);
    chosen.push(i);
  }
  if (chosen.length < q) return beta;
  const M = new MlMatrix(q, q);
  const rhs = MlMatrix.zeros(q, 1);
  chosen.forEach((i, r) => {
    for (let j = 0; j < q; j++) M.set(r, j, A[i * q + j]);
    rhs.set(r, 0, b[i]);
  });
  const lu = new LuDecomposition(M);
  if (lu.isSingular()) return beta;
  const sol = lu.solve(rhs);
  const vertex = new Float64Array(q);
  for (let j = 0; j < q; j++) vertex[j] = sol.get(j, 0);
  if (!vertex.every(Number.isFinite)) return beta;
  const fv = quantileObjective(A, b, N, q, tau, vertex);
  const fb = quantileObjective(A, b, N, q, tau, beta);
  return fv <= fb * (1 + 1e-12) + 1e-300 ? vertex : beta;
}
