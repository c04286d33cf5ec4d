// Isotonic regression (sklearn.isotonic.IsotonicRegression): the non-decreasing step function closest to y in
// weighted squared error, found by pool-adjacent-violators, then read between its steps by linear interpolation.
// Used to calibrate probabilities: fitted on held-out (score, outcome) pairs, it maps a score to the observed rate.
//
// Written by hand: none of the listed libraries has it (simple-statistics and ml-* do not). PAVA is one pass with a
// stack of pooled blocks, O(n) after the sort.

import {z} from "zod";
import {LibraryInputError, describe, type ModelJSON} from "../base.js";
import {modelJSON, numbers, parseState} from "../modelJson.js";
import {choiceOption, optionsObject} from "../validate.js";
import {finiteNumbers, sameLength} from "./inputs.js";

export interface IsotonicRegressionOptions {
  /** Fit a non-decreasing (true, default) or non-increasing (false) function. */
  increasing?: boolean;
  /** Predictions below x's smallest or above its largest fitted value: "clip" to the ends (default), "nan", "raise". */
  outOfBounds?: "clip" | "nan" | "raise";
  /** Lower and upper bound on the fitted values (default none). */
  yMin?: number | null;
  yMax?: number | null;
}

/** Pool adjacent violators in place: y becomes the closest non-decreasing sequence (weights w). */
function poolAdjacentViolators(y: Float64Array, w: Float64Array): void {
  const n = y.length;
  // blocks as [start, end) with their weighted mean and total weight
  const start = new Int32Array(n);
  const mean = new Float64Array(n);
  const weight = new Float64Array(n);
  let top = -1;
  for (let i = 0; i < n; i++) {
    top++;
    start[top] = i;
    mean[top] = y[i]!;
    weight[top] = w[i]!;
    while (top > 0 && mean[top - 1]! >= mean[top]!) {
      // merge the last two blocks (ties are pooled too, as scikit-learn does; the fitted values are the same)
      const wt = weight[top - 1]! + weight[top]!;
      mean[top - 1] = (mean[top - 1]! * weight[top - 1]! + mean[top]! * weight[top]!) / wt;
      weight[top - 1] = wt;
      top--;
    }
  }
  for (let k = 0; k <= top; k++) {
    const end = k < top ? start[k + 1]! : n;
    for (let i = start[k]!; i < end; i++) y[i] = mean[k]!;
  }
}

export class IsotonicRegression {
  readonly increasing: boolean;
  readonly outOfBounds: "clip" | "nan" | "raise";
  readonly yMin: number | null;
  readonly yMax: number | null;
  /** The fitted function's corners: x values (increasing) and the fitted value at each (sklearn's X_thresholds_, y_thresholds_). */
  xThresholds: Float64Array | null = null;
  yThresholds: Float64Array | null = null;
  /** The smallest and largest x seen in fit. */
  xMin = NaN;
  xMax = NaN;

  constructor(options: IsotonicRegressionOptions = {}) {
    const m = "IsotonicRegression";
    const o = optionsObject(m, options, '{outOfBounds: "clip"}');
    if (o.increasing !== undefined && typeof o.increasing !== "boolean") {
      throw new LibraryInputError(`${m}: increasing must be true or false, got ${describe(o.increasing)}`);
    }
    this.increasing = o.increasing ?? true;
    this.outOfBounds = choiceOption(m, "outOfBounds", o.outOfBounds, "clip", ["clip", "nan", "raise"]);
    for (const k of ["yMin", "yMax"] as const) {
      const v = o[k];
      if (v != null && (typeof v !== "number" || Number.isNaN(v))) throw new LibraryInputError(`${m}: ${k} must be a number or null, got ${describe(v)}`);
    }
    this.yMin = o.yMin ?? null;
    this.yMax = o.yMax ?? null;
  }

  /** Fit to one input x per row and its target y (probabilities and 0/1 outcomes, or any numbers), optionally weighted. */
  fit(x: ArrayLike<number>, y: ArrayLike<number | boolean>, sampleWeight?: ArrayLike<number>): this {
    const fn = "IsotonicRegression.fit";
    const X = finiteNumbers(x, fn, "x");
    const Y = finiteNumbers(Array.from(y as ArrayLike<unknown>, (v) => (typeof v === "boolean" ? +v : v)), fn, "y");
    sameLength(X, Y, fn, "x", "y");
    let W: Float64Array;
    if (sampleWeight === undefined) W = new Float64Array(X.length).fill(1);
    else {
      W = finiteNumbers(sampleWeight, fn, "sampleWeight");
      sameLength(X, W, fn, "x", "sampleWeight");
      if (W.some((v) => v < 0)) throw new LibraryInputError(`${fn}: sampleWeight has a negative weight: weights must be >= 0`);
    }
    // rows with zero weight say nothing (scikit-learn drops them); sort by x, then y
    const order = Array.from(X.keys()).filter((i) => W[i]! > 0);
    if (order.length === 0) throw new LibraryInputError(`${fn}: every weight is 0: at least one row needs a positive weight`);
    order.sort((i, j) => X[i]! - X[j]! || Y[i]! - Y[j]!);

    // Pool rows with the same x into one point with their weighted mean (sklearn's _make_unique, which treats x values
    // closer than float64 resolution, 1e-15, as equal).
    const ux: number[] = [];
    const uy: number[] = [];
    const uw: number[] = [];
    for (const i of order) {
      const k = ux.length - 1;
      if (k >= 0 && X[i]! - ux[k]! < 1e-15) {
        uy[k]! += Y[i]! * W[i]!;
        uw[k]! += W[i]!;
      } else {
        ux.push(X[i]!);
        uy.push(Y[i]! * W[i]!);
        uw.push(W[i]!);
      }
    }
    const fitted = Float64Array.from(uy, (s, k) => s / uw[k]!);
    const weights = Float64Array.from(uw);
    if (this.increasing) poolAdjacentViolators(fitted, weights);
    else {
      fitted.reverse();
      weights.reverse();
      poolAdjacentViolators(fitted, weights);
      fitted.reverse();
    }
    const lo = this.yMin ?? -Infinity;
    const hi = this.yMax ?? Infinity;
    for (let k = 0; k < fitted.length; k++) fitted[k] = Math.min(Math.max(fitted[k]!, lo), hi);

    // Keep the corners only: a point whose value equals both neighbours' lies on a flat stretch.
    const keepX: number[] = [];
    const keepY: number[] = [];
    for (let k = 0; k < fitted.length; k++) {
      const inner = k > 0 && k < fitted.length - 1;
      if (!inner || fitted[k] !== fitted[k - 1] || fitted[k] !== fitted[k + 1]) {
        keepX.push(ux[k]!);
        keepY.push(fitted[k]!);
      }
    }
    this.xThresholds = Float64Array.from(keepX);
    this.yThresholds = Float64Array.from(keepY);
    this.xMin = ux[0]!;
    this.xMax = ux[ux.length - 1]!;
    return this;
  }

  /** The fitted function at each x: linear between corners; outside the fitted range as `outOfBounds` says. */
  predict(x: ArrayLike<number>): Float64Array {
    const xs = this.xThresholds;
    const ys = this.yThresholds;
    if (!xs || !ys) throw new LibraryInputError("IsotonicRegression is not fitted yet: call fit(x, y) before predict");
    const fn = "IsotonicRegression.predict";
    const T = finiteNumbers(x, fn, "x");
    const out = new Float64Array(T.length);
    const last = xs.length - 1;
    for (let i = 0; i < T.length; i++) {
      let t = T[i]!;
      if (t < this.xMin || t > this.xMax) {
        if (this.outOfBounds === "raise") {
          throw new LibraryInputError(
            `${fn}: x[${i}] is ${t}, outside the fitted range [${this.xMin}, ${this.xMax}] (use outOfBounds: "clip" to extend the ends)`
          );
        }
        if (this.outOfBounds === "nan") {
          out[i] = NaN;
          continue;
        }
        t = Math.min(Math.max(t, this.xMin), this.xMax);
      }
      if (last === 0) {
        out[i] = ys[0]!;
        continue;
      }
      // the last corner at or below t
      let lo = 0;
      let hi = last;
      while (hi - lo > 1) {
        const mid = (lo + hi) >>> 1;
        if (xs[mid]! <= t) lo = mid;
        else hi = mid;
      }
      const x0 = xs[lo]!;
      const x1 = xs[lo + 1]!;
      out[i] = ys[lo]! + ((t - x0) / (x1 - x0)) * (ys[lo + 1]! - ys[lo]!);
    }
    return out;
  }

  /** The settings and the fitted corners as plain JSON (saveModel / loadModel). */
  toJSON(): ModelJSON {
    const params = {increasing: this.increasing, outOfBounds: this.outOfBounds, yMin: this.yMin, yMax: this.yMax};
    const state = this.xThresholds ? {xThresholds: this.xThresholds, yThresholds: this.yThresholds} : {};
    return modelJSON("IsotonicRegression", params, state);
  }

  static fromJSON(json: ModelJSON): IsotonicRegression {
    const name = "IsotonicRegression";
    const p = parseState(
      name,
      "params",
      z.object({
        increasing: z.boolean().optional(),
        outOfBounds: z.enum(["clip", "nan", "raise"]).optional(),
        yMin: z.number().nullable().optional(),
        yMax: z.number().nullable().optional()
      }),
      json.params
    );
    const m = new IsotonicRegression(p);
    if (Object.keys(json.state ?? {}).length === 0) return m;
    const s = parseState(name, "state", z.object({xThresholds: numbers.min(1), yThresholds: numbers.min(1)}), json.state);
    const increasingX = s.xThresholds.every((v, i) => i === 0 || v > s.xThresholds[i - 1]!);
    if (s.xThresholds.length !== s.yThresholds.length || !increasingX) {
      throw new LibraryInputError(`cannot load ${name}: state.xThresholds must be increasing and as long as state.yThresholds`);
    }
    m.xThresholds = Float64Array.from(s.xThresholds);
    m.yThresholds = Float64Array.from(s.yThresholds);
    m.xMin = s.xThresholds[0]!;
    m.xMax = s.xThresholds[s.xThresholds.length - 1]!;
    return m;
  }
}
