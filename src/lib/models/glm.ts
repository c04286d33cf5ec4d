// Gamma regression with a log link (scikit-learn's GammaRegressor): for positive, right-skewed targets such as
// amounts, where the spread grows with the mean. Prediction = exp(intercept + x·coef).
//
// Why by hand: no npm package fits generalised linear models (ml-regression has none). Fitted by Newton's method
// (IRLS with the exact Hessian) and a backtracking line search, on internally standardised columns.
// Objective, as scikit-learn's: mean half Gamma deviance + alpha/2 ‖coef‖² (intercept not penalised), where the half
// deviance of one row is log(mu/y) + y/mu - 1. Per row, with eta = log(mu): gradient 1 - y e^-eta, Hessian y e^-eta.
// Note scikit-learn's default alpha is 1; here it is 0 (no penalty), which is what the drills and the reference
// case use.

import {z} from "zod";
import {checkVector, describe, LibraryInputError, type Matrix, type ModelJSON, type Regressor, type Vector} from "../base.js";
import {packMatrix} from "../dense.js";
import {linearPredictor, restoreLinearState, unstandardise} from "./linearPredictor.js";
import {defaultFeatureNames, modelJSON, parseState} from "../modelJson.js";
import {columnStats, solveSPD, standardiseInPlace} from "./newton.js";
import {intOption, numberOption, optionsObject, progressCallback, type FitOptions} from "../validate.js";

export interface GammaRegressorOptions {
  /** L2 penalty strength on the coefficients (not the intercept). Default 0 (scikit-learn's default is 1). */
  alpha?: number;
  /** Fit an intercept. Default true. */
  fitIntercept?: boolean;
  /** Most Newton iterations. Default 100. */
  maxIter?: number;
  /** Stop when the last step moved no standardised coefficient more than tol × (1 + the largest). Default 1e-8. */
  tol?: number;
}

export class GammaRegressor implements Regressor {
  readonly alpha: number;
  readonly fitIntercept: boolean;
  readonly maxIter: number;
  readonly tol: number;
  /** One weight per feature on the log scale: +1 in feature j multiplies the prediction by exp(coef[j]). */
  coef: number[] | null = null;
  intercept = 0;
  nIter = 0;
  converged = false;
  nFeaturesIn = 0;
  featureNames: string[] | null = null;
  trainingSummary: Record<string, unknown> = {};

  constructor(options: GammaRegressorOptions = {}) {
    const m = "GammaRegressor";
    const o = optionsObject(m, options, "{alpha: 0}");
    this.alpha = numberOption(m, "alpha", o.alpha, 0, 0);
    if (o.fitIntercept !== undefined && typeof o.fitIntercept !== "boolean") {
      throw new LibraryInputError(`${m}: fitIntercept must be true or false, got ${describe(o.fitIntercept)}`);
    }
    this.fitIntercept = o.fitIntercept ?? true;
    this.maxIter = intOption(m, "maxIter", o.maxIter, 100, 1);
    this.tol = numberOption(m, "tol", o.tol, 1e-8, 0, Infinity, {min: true});
  }

  fit(X: Matrix, y: Vector, options?: FitOptions): this {
    const started = Date.now();
    const onProgress = progressCallback("GammaRegressor", options);
    const {data, n, p} = packMatrix(X);
    const target = checkVector(y, n);
    let ySum = 0;
    for (let i = 0; i < n; i++) {
      if (!(target[i] > 0)) {
        throw new LibraryInputError(
          `GammaRegressor.fit: y[${i}] is ${target[i]}: the Gamma model needs strictly positive targets ` +
            `(for zeros, model them separately, e.g. with HurdleRegressor)`
        );
      }
      ySum += target[i];
    }
    const stats = columnStats(data, n, p);
    const mean = this.fitIntercept ? stats.mean : new Float64Array(p);
    const scale = stats.scale;
    standardiseInPlace(data, n, p, mean, scale);
    const icpt = this.fitIntercept ? 1 : 0;
    const q = p + icpt;
    // objective x n: sum_i (eta_i + y_i e^-eta_i) + n alpha / 2 * sum_j (beta_j / scale_j)^2
    const pen = new Float64Array(q);
    for (let j = 0; j < p; j++) pen[icpt + j] = (n * this.alpha) / (scale[j] * scale[j]);

    const g = new Float64Array(q);
    const H = new Float64Array(q * q);
    const z = new Float64Array(q);
    const evaluate = (b: Float64Array, withDerivatives: boolean): number => {
      if (withDerivatives) {
        g.fill(0);
        H.fill(0);
      }
      let f = 0;
      for (let i = 0; i < n; i++) {
        const o = i * p;
        if (icpt) z[0] = 1;
        for (let j = 0; j < p; j++) z[icpt + j] = data[o + j];
        let eta = 0;
        for (let j = 0; j < q; j++) eta += z[j] * b[j];
        const ye = target[i] * Math.exp(-eta);
        f += eta + ye;
        if (!withDerivatives) continue;
        const r = 1 - ye;
        for (let j = 0; j < q; j++) {
          const zj = z[j];
          g[j] += r * zj;
          const wz = ye * zj;
          for (let k = j; k < q; k++) H[j * q + k] += wz * z[k];
        }
      }
      for (let j = 0; j < q; j++) {
        if (pen[j] === 0) continue;
        f += 0.5 * pen[j] * b[j] * b[j];
        if (withDerivatives) {
          g[j] += pen[j] * b[j];
          H[j * q + j] += pen[j];
        }
      }
      return f;
    };

    let beta = new Float64Array(q);
    if (icpt) beta[0] = Math.log(ySum / n);
    let it = 0;
    let converged = false;
    let f = evaluate(beta, true);
    while (it < this.maxIter) {
      it++;
      const step = solveSPD(H, g, q);
      let slope = 0;
      for (let j = 0; j < q; j++) slope += g[j] * step[j];
      // backtracking line search on the objective
      let alpha = 1;
      let next = new Float64Array(q);
      let fNext = Infinity;
      for (let tries = 0; tries < 40; tries++) {
        for (let j = 0; j < q; j++) next[j] = beta[j] - alpha * step[j];
        fNext = evaluate(next, false);
        if (fNext <= f - 1e-4 * alpha * slope) break;
        alpha /= 2;
      }
      if (!(fNext <= f)) break; // no decrease possible: at the optimum to machine precision
      let maxStep = 0;
      let maxBeta = 0;
      for (let j = 0; j < q; j++) {
        maxStep = Math.max(maxStep, Math.abs(alpha * step[j]));
        maxBeta = Math.max(maxBeta, Math.abs(next[j]));
      }
      beta = next;
      next = new Float64Array(q);
      f = evaluate(beta, true);
      onProgress(Math.min(0.99, it / this.maxIter));
      if (maxStep <= this.tol * (1 + maxBeta)) {
        converged = true;
        break;
      }
    }
    if (!converged) {
      // stopped without a large last step: converged if the gradient is negligible
      let gmax = 0;
      for (let j = 0; j < q; j++) gmax = Math.max(gmax, Math.abs(g[j]));
      converged = gmax <= 1e-8 * n;
    }
    const {coef, intercept} = unstandardise(beta, icpt === 1, mean, scale);
    this.coef = coef;
    this.intercept = intercept;
    this.nIter = it;
    this.converged = converged;
    this.nFeaturesIn = p;
    this.trainingSummary = {nSamples: n, nFeatures: p, nIter: it, converged, fitSeconds: (Date.now() - started) / 1000};
    onProgress(1);
    return this;
  }

  /** Predicted mean exp(intercept + x·coef) for each row. */
  predict(X: Matrix): Float64Array {
    return linearPredictor(this, "GammaRegressor", X).map(Math.exp);
  }

  /** D², the fraction of Gamma deviance explained (scikit-learn's GammaRegressor.score): 1 is perfect, 0 is the mean. */
  score(X: Matrix, y: Vector): number {
    const pred = this.predict(X);
    const t = checkVector(y, pred.length);
    let mean = 0;
    for (let i = 0; i < t.length; i++) {
      if (!(t[i] > 0)) throw new LibraryInputError(`GammaRegressor.score: y[${i}] is ${t[i]}: Gamma deviance needs positive targets`);
      mean += t[i];
    }
    mean /= t.length;
    let dev = 0;
    let dev0 = 0;
    for (let i = 0; i < t.length; i++) {
      dev += Math.log(pred[i] / t[i]) + t[i] / pred[i] - 1;
      dev0 += Math.log(mean / t[i]) + t[i] / mean - 1;
    }
    return dev0 === 0 ? (dev === 0 ? 1 : 0) : 1 - dev / dev0;
  }

  toJSON(): ModelJSON {
    const params = {alpha: this.alpha, fitIntercept: this.fitIntercept, maxIter: this.maxIter, tol: this.tol};
    const state = this.coef ? {coef: this.coef, intercept: this.intercept, nIter: this.nIter, converged: this.converged} : {};
    return modelJSON("GammaRegressor", params, state, {
      featureNames: this.coef ? defaultFeatureNames(this.coef.length, this.featureNames ?? undefined) : [],
      summary: this.trainingSummary
    });
  }

  static fromJSON(json: ModelJSON): GammaRegressor {
    const params = parseState(
      "GammaRegressor",
      "params",
      z.object({alpha: z.number().optional(), fitIntercept: z.boolean().optional(), maxIter: z.number().int().optional(), tol: z.number().optional()}),
      json.params
    );
    return restoreLinearState(new GammaRegressor(params), "GammaRegressor", json);
  }
}
