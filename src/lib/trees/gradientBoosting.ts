// Gradient boosting with histogram trees: scikit-learn's HistGradientBoostingRegressor / Classifier (and LightGBM).
//
// Why by hand: no npm package does histogram boosting, and the tree packages there are measured at 50-1,800x slower
// than scikit-learn here (see binning.ts). Goal: 100 iterations on 32,000 x 12 within 2x of scikit-learn's
// HistGradientBoostingRegressor (0.52 s on this machine); bench/lib-models.bench.ts measures it.
//
// Each iteration fits a tree to the gradients of the loss at the current predictions, grown best-first to
// maxLeafNodes leaves with leaf values -G / (H + l2) (one Newton step), shrunk by learningRate:
// - squared_error: gradient = prediction - y, hessian = 1 (leaf = mean residual);
// - absolute_error: gradient = sign(prediction - y); leaf values are then replaced by the median residual of the
//   leaf, as scikit-learn does;
// - log_loss (classifier): gradient = p - y, hessian = p(1 - p) on the log-odds.
// Differences from scikit-learn: no early stopping (scikit-learn turns it on by default above 10,000 rows; here
// nEstimators trees are always grown) and no native missing-value handling (X must be finite).

import {z} from "zod";
import {checkVector, notFitted, type Classifier, type Matrix, type ModelJSON, type Regressor, type Vector} from "../base.js";
import {packMatrix, type Dense} from "../dense.js";
import {defaultFeatureNames, modelJSON, numbers, parseState} from "../modelJson.js";
import {
  checkBinaryTarget,
  choiceOption,
  intOption,
  limitOption,
  numberOption,
  optionsObject,
  progressCallback,
  seedOption,
  type FitOptions
} from "../validate.js";
import {MAX_BINS} from "./binning.js";
import {binData, checkImportances, normalise, packForPredict, seeded, treesFromJSON, treesToJSON, wantsTyped} from "./common.js";
import {Grower} from "./grower.js";
import type {Tree} from "./tree.js";

export type BoostingLoss = "squared_error" | "absolute_error" | "log_loss";

export interface GradientBoostingOptions {
  /** Boosting iterations, one tree each (scikit-learn's max_iter). Default 100. */
  nEstimators?: number;
  /** Shrinkage applied to each tree's values. Default 0.1. */
  learningRate?: number;
  /** Deepest a tree may grow; default none (the leaf limit bounds the trees). */
  maxDepth?: number | null;
  /** Leaves per tree (best-first growth). Default 31; null for no limit. */
  maxLeafNodes?: number | null;
  /** Fewest training rows in a leaf. Default 20. */
  minSamplesLeaf?: number;
  /** L2 penalty on leaf values. Default 0. */
  l2Regularization?: number;
  /** Bins per feature, at most 255. Default 255. */
  maxBins?: number;
  /** Seed for the binning subsample (used above 200,000 rows). */
  randomState?: number;
}

export interface GradientBoostingRegressorOptions extends GradientBoostingOptions {
  /** 'squared_error' (default) or 'absolute_error'. */
  loss?: "squared_error" | "absolute_error";
}

interface Params {
  nEstimators: number;
  learningRate: number;
  maxDepth: number;
  maxLeafNodes: number;
  minSamplesLeaf: number;
  l2Regularization: number;
  maxBins: number;
  randomState: number | undefined;
}

function readParams(model: string, o: GradientBoostingOptions): Params {
  return {
    nEstimators: intOption(model, "nEstimators", o.nEstimators, 100, 1),
    learningRate: numberOption(model, "learningRate", o.learningRate, 0.1, 0, Infinity, {min: true}),
    maxDepth: limitOption(model, "maxDepth", o.maxDepth, null, 1),
    maxLeafNodes: limitOption(model, "maxLeafNodes", o.maxLeafNodes, 31, 2),
    minSamplesLeaf: intOption(model, "minSamplesLeaf", o.minSamplesLeaf, 20, 1),
    l2Regularization: numberOption(model, "l2Regularization", o.l2Regularization, 0, 0),
    maxBins: intOption(model, "maxBins", o.maxBins, MAX_BINS, 2, MAX_BINS),
    randomState: seedOption(model, o.randomState)
  };
}

const paramsSchema = z.object({
  nEstimators: z.number().int().optional(),
  learningRate: z.number().optional(),
  maxDepth: z.number().int().nullable().optional(),
  maxLeafNodes: z.number().int().nullable().optional(),
  minSamplesLeaf: z.number().int().optional(),
  l2Regularization: z.number().optional(),
  maxBins: z.number().int().optional(),
  randomState: z.number().int().nullable().optional(),
  loss: z.string().optional()
});

const stateSchema = z.object({
  nFeatures: z.number().int().positive(),
  baseline: z.number(),
  trees: z.array(z.unknown()),
  featureImportances: numbers,
  trainLoss: numbers
});

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

function median(values: Float64Array): number {
  const s = Float64Array.from(values).sort();
  const m = s.length;
  return m % 2 === 1 ? s[(m - 1) >> 1] : 0.5 * (s[m / 2 - 1] + s[m / 2]);
}

abstract class BaseGradientBoosting {
  protected readonly params: Params;
  readonly loss: BoostingLoss;
  protected trees: Tree[] | null = null;
  protected baseline = 0;
  protected nFeatures = 0;
  /** Impurity-based importances (total split gain per feature, normalised to sum 1). */
  featureImportances: Float64Array | null = null;
  /** Training loss after each iteration (MSE, MAE or log loss). */
  trainLoss: number[] = [];
  featureNames: string[] | null = null;
  trainingSummary: Record<string, unknown> = {};

  constructor(
    protected readonly modelName: string,
    options: GradientBoostingOptions & {loss?: string},
    losses: readonly BoostingLoss[]
  ) {
    const o = optionsObject(modelName, options, "{nEstimators: 100, learningRate: 0.1}");
    this.params = readParams(modelName, o);
    this.loss = choiceOption(modelName, "loss", o.loss, losses[0], losses);
  }

  get nEstimators(): number {
    return this.params.nEstimators;
  }
  get learningRate(): number {
    return this.params.learningRate;
  }

  /** The fitted trees (leaf values already include the learning rate). */
  get estimators(): readonly Tree[] {
    return this.trees ?? notFitted(this.modelName);
  }

  protected fitTarget(dense: Dense, y: Float64Array, options: FitOptions | undefined): void {
    const started = Date.now();
    const onProgress = progressCallback(this.modelName, options);
    const {n, p} = dense;
    const P = this.params;
    const data = binData(dense, P.maxBins, seeded(P.randomState ?? 0));
    const grower = new Grower(data);
    const loss = this.loss;

    let baseline: number;
    if (loss === "squared_error") {
      let s = 0;
      for (let i = 0; i < n; i++) s += y[i];
      baseline = s / n;
    } else if (loss === "absolute_error") {
      baseline = median(y);
    } else {
      let s = 0;
      for (let i = 0; i < n; i++) s += y[i];
      const prior = Math.min(Math.max(s / n, 1e-15), 1 - 1e-15);
      baseline = Math.log(prior / (1 - prior));
    }
    const raw = new Float64Array(n).fill(baseline);
    const t = new Float64Array(n); // minus the gradient
    const h = new Float64Array(n).fill(1); // the hessian
    const idx = new Uint32Array(n);
    const trees: Tree[] = [];
    const gains = new Float64Array(p);
    const trainLoss: number[] = [];
    const grow = {
      maxDepth: P.maxDepth,
      maxLeafNodes: P.maxLeafNodes,
      minSamplesLeaf: P.minSamplesLeaf,
      minHessian: 1e-3,
      l2: P.l2Regularization,
      minGain: 0,
      maxFeatures: p,
      leafScale: P.learningRate,
      unitWeight: loss !== "log_loss",
      sortBelow: 0
    };
    const residual = loss === "absolute_error" ? new Float64Array(n) : null;

    for (let it = 0; it < P.nEstimators; it++) {
      if (loss === "squared_error") {
        for (let i = 0; i < n; i++) t[i] = y[i] - raw[i];
      } else if (loss === "absolute_error") {
        for (let i = 0; i < n; i++) {
          const d = y[i] - raw[i];
          t[i] = d > 0 ? 1 : d < 0 ? -1 : 0;
        }
      } else {
        for (let i = 0; i < n; i++) {
          const q = sigmoid(raw[i]);
          t[i] = y[i] - q;
          h[i] = q * (1 - q);
        }
      }
      for (let i = 0; i < n; i++) idx[i] = i;
      const g = grower.grow(idx, n, t, h, grow);
      const tree = g.tree;
      for (let k = 0; k < tree.nodeCount; k++) {
        if (tree.feature[k] >= 0) continue;
        const s = g.start[k];
        const e = g.end[k];
        if (residual) {
          // absolute error: the leaf's value is the median residual of its rows
          const r = residual.subarray(0, e - s);
          for (let q = s; q < e; q++) r[q - s] = y[g.idx[q]] - raw[g.idx[q]];
          tree.value[k] = P.learningRate * median(r);
        }
        const v = tree.value[k];
        for (let q = s; q < e; q++) raw[g.idx[q]] += v;
      }
      trees.push(tree);
      for (let j = 0; j < p; j++) gains[j] += g.gainByFeature[j];
      trainLoss.push(this.lossValue(y, raw));
      onProgress((it + 1) / P.nEstimators);
    }
    this.trees = trees;
    this.baseline = baseline;
    this.nFeatures = p;
    this.featureImportances = normalise(gains);
    this.trainLoss = trainLoss;
    this.trainingSummary = {
      nSamples: n,
      nFeatures: p,
      nEstimators: trees.length,
      trainLoss: trainLoss[trainLoss.length - 1],
      fitSeconds: (Date.now() - started) / 1000
    };
  }

  private lossValue(y: Float64Array, raw: Float64Array): number {
    const n = y.length;
    let s = 0;
    if (this.loss === "squared_error") for (let i = 0; i < n; i++) s += (y[i] - raw[i]) ** 2;
    else if (this.loss === "absolute_error") for (let i = 0; i < n; i++) s += Math.abs(y[i] - raw[i]);
    else {
      for (let i = 0; i < n; i++) {
        // log(1 + e^raw) - y * raw, computed without overflow
        const r = raw[i];
        s += (r > 0 ? r + Math.log1p(Math.exp(-r)) : Math.log1p(Math.exp(r))) - y[i] * r;
      }
    }
    return s / n;
  }

  /** Raw ensemble output: the prediction (regression) or the log-odds (classification). */
  protected rawPredict(X: Matrix): Float64Array {
    const trees = this.trees ?? notFitted(this.modelName);
    const {data, n, p} = packForPredict(this.modelName, X, this.nFeatures);
    const out = new Float64Array(n).fill(this.baseline);
    for (const tree of trees) tree.addPredictions(data, n, p, out);
    return out;
  }

  /**
   * The model as plain JSON (for saveModel / JSON.stringify). `{typedArrays: true}` gives the trees' own typed
   * arrays instead, for a worker to transfer; the model must not be used after that.
   */
  toJSON(options?: unknown): ModelJSON {
    const P = this.params;
    const params = {
      nEstimators: P.nEstimators,
      learningRate: P.learningRate,
      maxDepth: Number.isFinite(P.maxDepth) ? P.maxDepth : null,
      maxLeafNodes: Number.isFinite(P.maxLeafNodes) ? P.maxLeafNodes : null,
      minSamplesLeaf: P.minSamplesLeaf,
      l2Regularization: P.l2Regularization,
      maxBins: P.maxBins,
      randomState: P.randomState ?? null,
      loss: this.loss
    };
    const state = this.trees
      ? {nFeatures: this.nFeatures, baseline: this.baseline, featureImportances: this.featureImportances!, trainLoss: this.trainLoss}
      : {};
    const json = modelJSON(this.modelName, params, state, {
      featureNames: this.trees ? defaultFeatureNames(this.nFeatures, this.featureNames ?? undefined) : [],
      summary: this.trainingSummary
    });
    // the trees go in afterwards: they are plain arrays (or typed ones on request) already, and modelJSON's deep
    // copy of millions of node entries took seconds for a large forest
    if (this.trees) json.state.trees = treesToJSON(this.trees, wantsTyped(options));
    return json;
  }

  /** Restore the fitted part of the JSON (an empty state means an unfitted model). */
  protected restore(json: ModelJSON): this {
    if (Object.keys(json.state ?? {}).length === 0) return this;
    const s = parseState(this.modelName, "state", stateSchema, json.state);
    this.nFeatures = s.nFeatures;
    this.baseline = s.baseline;
    this.trees = treesFromJSON(this.modelName, s.trees, s.nFeatures);
    this.featureImportances = checkImportances(this.modelName, s.featureImportances, s.nFeatures);
    this.trainLoss = s.trainLoss;
    this.featureNames = json.meta?.featureNames?.length === s.nFeatures ? json.meta.featureNames : null;
    this.trainingSummary = json.meta?.summary ?? {};
    return this;
  }
}

function readJSONParams(model: string, json: ModelJSON): GradientBoostingRegressorOptions {
  const p = parseState(model, "params", paramsSchema, json.params);
  return {...p, randomState: p.randomState ?? undefined} as GradientBoostingRegressorOptions;
}

/** Gradient-boosted trees for regression (scikit-learn's HistGradientBoostingRegressor). */
export class GradientBoostingRegressor extends BaseGradientBoosting implements Regressor {
  constructor(options: GradientBoostingRegressorOptions = {}) {
    super("GradientBoostingRegressor", options, ["squared_error", "absolute_error"]);
  }

  fit(X: Matrix, y: Vector, options?: FitOptions): this {
    const dense = packMatrix(X);
    this.fitTarget(dense, checkVector(y, dense.n), options);
    return this;
  }

  predict(X: Matrix): Float64Array {
    return this.rawPredict(X);
  }

  static fromJSON(json: ModelJSON): GradientBoostingRegressor {
    return new GradientBoostingRegressor(readJSONParams("GradientBoostingRegressor", json)).restore(json);
  }
}

/** Gradient-boosted trees for binary 0/1 classification with log loss (HistGradientBoostingClassifier). */
export class GradientBoostingClassifier extends BaseGradientBoosting implements Classifier {
  constructor(options: GradientBoostingOptions = {}) {
    super("GradientBoostingClassifier", options, ["log_loss"]);
  }

  fit(X: Matrix, y: Vector | ArrayLike<boolean>, options?: FitOptions): this {
    const dense = packMatrix(X);
    this.fitTarget(dense, checkBinaryTarget(this.modelName, y, dense.n), options);
    return this;
  }

  /** Log-odds of class 1 for each row. */
  decisionFunction(X: Matrix): Float64Array {
    return this.rawPredict(X);
  }

  /** P(y = 1) for each row. */
  predictProba(X: Matrix): Float64Array {
    const raw = this.rawPredict(X);
    for (let i = 0; i < raw.length; i++) raw[i] = sigmoid(raw[i]);
    return raw;
  }

  /** 1 where P(y = 1) > threshold (default 0.5, as scikit-learn), else 0. */
  predict(X: Matrix, threshold = 0.5): Float64Array {
    const proba = this.predictProba(X);
    for (let i = 0; i < proba.length; i++) proba[i] = proba[i] > threshold ? 1 : 0;
    return proba;
  }

  static fromJSON(json: ModelJSON): GradientBoostingClassifier {
    const {loss: _loss, ...rest} = readJSONParams("GradientBoostingClassifier", json);
    return new GradientBoostingClassifier(rest).restore(json);
  }
}
