// Ordinary least squares with scikit-learn's meaning (coef, intercept, minimum-norm answer for collinear columns).
//
// Why not ml-regression's MultivariateLinearRegression directly: it agrees with scikit-learn to ~1e-9, but took
// 2.1-2.7 s at 472,000 x 12 here (scikit-learn 0.24 s), building ml-matrix objects for the whole data set. We keep its
// normal-equation numerics but accumulate the centred XᵀX (p x p) in one typed-array pass, so the data is read twice
// and the only matrix work is a p x p symmetric eigen-decomposition (ml-matrix). Columns are centred and scaled to unit
// variance before solving so a feature in dollars and one in 0/1 do not square the condition number; eigenvalues
// below 1e-12 of the largest are treated as zero (exactly collinear columns, e.g. every one-hot column plus the
// intercept), and the answer is then projected to the minimum-norm solution, which is what scikit-learn's lstsq returns.
// Measured (bench/lib-core): 472,000 x 12 in 0.17 s of CPU, 0.28-0.30 s wall on the shared machine (scikit-learn 0.24 s);
// agrees with scikit-learn to 1e-14 relative on the reference data.
import {EigenvalueDecomposition, Matrix as MlMatrix} from "ml-matrix";
import {checkVector, notFitted, LibraryInputError, describe, type Matrix, type ModelJSON, type Regressor, type Vector} from "../base.js";
import {checkFeatureCount, packMatrix} from "../dense.js";
import {linearPredictor} from "./linearPredictor.js";
import {defaultFeatureNames, modelJSON, numbers, parseState} from "../modelJson.js";
import {z} from "zod";

export interface LinearRegressionOptions {
  /** Fit an intercept (default true). Without it the line goes through the origin. */
  fitIntercept?: boolean;
}

/** Relative eigenvalue cut-off: directions with less variance than this are treated as exact collinearity. */
const RANK_TOL = 1e-12;

/** Dot product with four partial sums (shorter dependency chains; also slightly more accurate than one sum). */
function dot(a: Float64Array, b: Float64Array, n: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += a[i] * b[i];
    s1 += a[i + 1] * b[i + 1];
    s2 += a[i + 2] * b[i + 2];
    s3 += a[i + 3] * b[i + 3];
  }
  for (; i < n; i++) s0 += a[i] * b[i];
  return s0 + s1 + s2 + s3;
}

export class LinearRegression implements Regressor {
  readonly fitIntercept: boolean;
  /** One weight per feature (scikit-learn's coef_). */
  coef: number[] | null = null;
  /** The constant term (scikit-learn's intercept_). */
  intercept = 0;
  /** Rank of the centred, scaled feature matrix; below the feature count means collinear columns. */
  rank = 0;
  nFeaturesIn = 0;
  /** Names saved with the model; set them or pass them to saveModel. */
  featureNames: string[] | null = null;
  /** Rows and training R², saved as the model's summary. */
  trainingSummary: Record<string, unknown> = {};

  constructor(options: LinearRegressionOptions = {}) {
    if (options === null || typeof options !== "object") {
      throw new LibraryInputError(`LinearRegression(options) takes an options object like {fitIntercept: true}, got ${describe(options)}`);
    }
    this.fitIntercept = options.fitIntercept ?? true;
  }

  fit(X: Matrix, y: Vector): this {
    // Column-major copy: each entry of XᵀX is then one tight dot product of two columns (measured 3-4x faster in V8
    // than accumulating the triangle row by row, whose short inner loops cost more than the arithmetic).
    const {data, n, p} = packMatrix(X, "X", true);
    const target = checkVector(y, n);
    let yMean = 0;
    if (this.fitIntercept) {
      for (let i = 0; i < n; i++) yMean += target[i];
      yMean /= n;
    }
    const center = new Float64Array(p);
    const cols: Float64Array[] = [];
    for (let j = 0; j < p; j++) {
      const col = data.subarray(j * n, j * n + n);
      if (this.fitIntercept) {
        let s = 0;
        for (let i = 0; i < n; i++) s += col[i];
        center[j] = s / n;
        const m = center[j];
        for (let i = 0; i < n; i++) col[i] -= m;
      }
      cols.push(col);
    }
    const yc = new Float64Array(n);
    for (let i = 0; i < n; i++) yc[i] = target[i] - yMean;
    const xtx = new Float64Array(p * p);
    const xty = new Float64Array(p);
    for (let j = 0; j < p; j++) {
      xty[j] = dot(cols[j], yc, n);
      for (let k = j; k < p; k++) xtx[j * p + k] = dot(cols[j], cols[k], n);
    }
    const scale = new Float64Array(p);
    for (let j = 0; j < p; j++) scale[j] = xtx[j * p + j] > 0 ? Math.sqrt(xtx[j * p + j]) : 1;
    const c = new MlMatrix(p, p);
    for (let j = 0; j < p; j++) {
      for (let k = j; k < p; k++) {
        const v = xtx[j * p + k] / (scale[j] * scale[k]);
        c.set(j, k, v);
        c.set(k, j, v);
      }
    }
    const evd = new EigenvalueDecomposition(c, {assumeSymmetric: true});
    const lambda = evd.realEigenvalues;
    const V = evd.eigenvectorMatrix;
    const lmax = Math.max(0, ...lambda);
    const beta = new Float64Array(p); // in scaled units first
    const nullVectors: Float64Array[] = [];
    let rank = 0;
    for (let e = 0; e < p; e++) {
      if (lmax > 0 && lambda[e] > lmax * RANK_TOL) {
        rank++;
        let proj = 0;
        for (let j = 0; j < p; j++) proj += V.get(j, e) * (xty[j] / scale[j]);
        const f = proj / lambda[e];
        for (let j = 0; j < p; j++) beta[j] += f * V.get(j, e);
      } else {
        nullVectors.push(Float64Array.from({length: p}, (_, j) => V.get(j, e) / scale[j]));
      }
    }
    for (let j = 0; j < p; j++) beta[j] /= scale[j];
    // Minimum norm in the original units: remove the part of beta lying in the null space of the centred X.
    const basis: Float64Array[] = [];
    for (const u of nullVectors) {
      const q = Float64Array.from(u);
      for (const b of basis) {
        let d = 0;
        for (let j = 0; j < p; j++) d += q[j] * b[j];
        for (let j = 0; j < p; j++) q[j] -= d * b[j];
      }
      let norm = 0;
      for (let j = 0; j < p; j++) norm += q[j] * q[j];
      norm = Math.sqrt(norm);
      if (norm < 1e-12) continue;
      for (let j = 0; j < p; j++) q[j] /= norm;
      basis.push(q);
    }
    for (const q of basis) {
      let d = 0;
      for (let j = 0; j < p; j++) d += beta[j] * q[j];
      for (let j = 0; j < p; j++) beta[j] -= d * q[j];
    }
    let intercept = 0;
    if (this.fitIntercept) {
      intercept = yMean;
      for (let j = 0; j < p; j++) intercept -= beta[j] * center[j];
    }
    this.coef = Array.from(beta);
    this.intercept = intercept;
    this.rank = rank;
    this.nFeaturesIn = p;
    this.trainingSummary = {nSamples: n, nFeatures: p, rank};
    return this;
  }

  predict(X: Matrix): Float64Array {
    return linearPredictor(this, "LinearRegression", X);
  }

  /** R² of the predictions on X against y (as scikit-learn's score). */
  score(X: Matrix, y: Vector): number {
    const pred = this.predict(X);
    const t = checkVector(y, pred.length);
    let mean = 0;
    for (let i = 0; i < t.length; i++) mean += t[i];
    mean /= t.length;
    let res = 0;
    let tot = 0;
    for (let i = 0; i < t.length; i++) {
      res += (t[i] - pred[i]) ** 2;
      tot += (t[i] - mean) ** 2;
    }
    return tot === 0 ? (res === 0 ? 1 : 0) : 1 - res / tot;
  }

  /** Settings and, once fitted, coefficients. Unfitted it saves its settings only (as every model does: fitInWorker sends that). */
  toJSON(): ModelJSON {
    const coef = this.coef;
    return modelJSON(
      "LinearRegression",
      {fitIntercept: this.fitIntercept},
      coef ? {coef, intercept: this.intercept, rank: this.rank} : {},
      {featureNames: coef ? defaultFeatureNames(coef.length, this.featureNames ?? undefined) : [], summary: this.trainingSummary}
    );
  }

  static fromJSON(json: ModelJSON): LinearRegression {
    const params = parseState("LinearRegression", "params", z.object({fitIntercept: z.boolean()}), json.params);
    if (Object.keys(json.state ?? {}).length === 0) return new LinearRegression(params);
    const s = parseState("LinearRegression", "state", z.object({coef: numbers, intercept: z.number(), rank: z.number().int()}), json.state);
    const m = new LinearRegression(params);
    m.coef = s.coef;
    m.intercept = s.intercept;
    m.rank = s.rank;
    m.nFeaturesIn = s.coef.length;
    m.featureNames = json.meta.featureNames.length === s.coef.length ? json.meta.featureNames : null;
    m.trainingSummary = json.meta.summary;
    return m;
  }
}

export type DummyStrategy = "mean" | "median";

/** Predicts one constant (the training mean or median) for every row: the baseline any real model must beat. */
export class DummyRegressor implements Regressor {
  readonly strategy: DummyStrategy;
  /** The constant predicted (scikit-learn's constant_). */
  constant: number | null = null;
  nFeaturesIn = 0;
  featureNames: string[] | null = null;
  trainingSummary: Record<string, unknown> = {};

  constructor(options: {strategy?: DummyStrategy} = {}) {
    const strategy = options?.strategy ?? "mean";
    if (strategy !== "mean" && strategy !== "median") {
      throw new LibraryInputError(`DummyRegressor strategy must be "mean" or "median", got ${describe(strategy)}`);
    }
    this.strategy = strategy;
  }

  fit(X: Matrix, y: Vector): this {
    const {n, p} = packMatrix(X);
    const t = checkVector(y, n);
    if (this.strategy === "mean") {
      let s = 0;
      for (let i = 0; i < n; i++) s += t[i];
      this.constant = s / n;
    } else {
      const sorted = Float64Array.from(t).sort();
      const h = n >> 1;
      this.constant = n % 2 ? sorted[h] : (sorted[h - 1] + sorted[h]) / 2;
    }
    this.nFeaturesIn = p;
    this.trainingSummary = {nSamples: n, nFeatures: p};
    return this;
  }

  predict(X: Matrix): Float64Array {
    const c = this.constant ?? notFitted("DummyRegressor");
    const {n, p} = packMatrix(X);
    checkFeatureCount("DummyRegressor", this.nFeaturesIn, p);
    return new Float64Array(n).fill(c);
  }

  toJSON(): ModelJSON {
    const c = this.constant;
    return modelJSON(
      "DummyRegressor",
      {strategy: this.strategy},
      c === null || c === undefined ? {} : {constant: c, nFeaturesIn: this.nFeaturesIn},
      {featureNames: c === null || c === undefined ? [] : defaultFeatureNames(this.nFeaturesIn, this.featureNames ?? undefined), summary: this.trainingSummary}
    );
  }

  static fromJSON(json: ModelJSON): DummyRegressor {
    const params = parseState("DummyRegressor", "params", z.object({strategy: z.enum(["mean", "median"])}), json.params);
    if (Object.keys(json.state ?? {}).length === 0) return new DummyRegressor(params);
    const s = parseState("DummyRegressor", "state", z.object({constant: z.number(), nFeaturesIn: z.number().int().positive()}), json.state);
    const m = new DummyRegressor(params);
    m.constant = s.constant;
    m.nFeaturesIn = s.nFeaturesIn;
    m.featureNames = json.meta.featureNames.length === s.nFeaturesIn ? json.meta.featureNames : null;
    m.trainingSummary = json.meta.summary;
    return m;
  }
}
