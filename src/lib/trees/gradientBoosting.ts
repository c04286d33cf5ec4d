// Gradient boosting with histogram trees: scikit-learn's HistGradientBoostingRegressor / Classifier (and LightGBM).
// This file holds the models' options, fitted attributes and JSON; the boosting loop and early stopping are in
// boostingFit.ts, the losses in boostingLoss.ts.
//
// Why by hand: no npm package does histogram boosting, and the tree packages there are measured at 50-1,800x slower
// than scikit-learn here (see binning.ts). bench/lib-models.bench.ts times 100 iterations on 32,000 x 12 against
// scikit-learn's HistGradientBoosting* in the same run.
// Differences from scikit-learn: no native missing-value handling (X must be finite), binary classification only,
// and early stopping scores only the loss (scikit-learn's default scoring="loss").

import {z} from "zod";
import {LibraryInputError, checkVector, describe, notFitted, type Classifier, type Matrix, type ModelJSON, type Regressor, type Vector} from "../base.js";
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
import {fitBoosting, type BoostingParams} from "./boostingFit.js";
import {sigmoid, type BoostingLoss} from "./boostingLoss.js";
import {checkImportances, checkSampleWeight, normalise, packForPredict, treesFromJSON, treesToJSON, wantsTyped} from "./common.js";
import type {Tree} from "./tree.js";

export type {BoostingLoss} from "./boostingLoss.js";

export interface GradientBoostingOptions {
  /** Most boosting iterations, one tree each (scikit-learn's max_iter). Default 100. */
  nEstimators?: number;
  /** Shrinkage applied to each tree's values. Default 0.1. */
  learningRate?: number;
  /** Deepest a tree may grow; default none (the leaf limit bounds the trees). */
  maxDepth?: number | null;
  /** Leaves per tree (best-first growth). Default 31; null for no limit. */
  maxLeafNodes?: number | null;
  /** Fewest training rows in a leaf (rows, whatever their weights). Default 20. */
  minSamplesLeaf?: number;
  /** L2 penalty on leaf values. Default 0. */
  l2Regularization?: number;
  /** Bins per feature, at most 255. Default 255. */
  maxBins?: number;
  /** Seed for the validation split of early stopping and the binning subsample (above 200,000 rows). */
  randomState?: number;
  /**
   * Stop adding trees when the held-out loss stops improving: true, false, or "auto" (on above 10,000 rows, as
   * scikit-learn). Default false, unlike scikit-learn's "auto" (see docs/library.md).
   */
  earlyStopping?: "auto" | boolean;
  /** Share of the rows held out to score early stopping (stratified by class for the classifier). Default 0.1;
   * null scores the training rows instead. */
  validationFraction?: number | null;
  /** Stop when none of the last nIterNoChange iterations improved the score by more than tol. Default 10. */
  nIterNoChange?: number;
  /** Smallest improvement of the score that counts. Default 1e-7. */
  tol?: number;
}

export interface GradientBoostingRegressorOptions extends GradientBoostingOptions {
  /** 'squared_error' (default) or 'absolute_error'. */
  loss?: "squared_error" | "absolute_error";
}

/** Default of earlyStopping (see GradientBoostingOptions.earlyStopping). */
const EARLY_STOPPING_DEFAULT: "auto" | boolean = false;

function earlyStoppingOption(model: string, value: unknown): "auto" | boolean {
  if (value === undefined) return EARLY_STOPPING_DEFAULT;
  if (value === "auto" || value === true || value === false) return value;
  throw new LibraryInputError(`${model}: earlyStopping must be true, false or "auto" (on above 10,000 rows), got ${describe(value)}`);
}

function validationFractionOption(model: string, value: unknown): number | null {
  if (value === null) return null;
  return numberOption(model, "validationFraction", value, 0.1, 0, 1, {min: true, max: true});
}

function readParams(model: string, o: GradientBoostingOptions): BoostingParams {
  return {
    nEstimators: intOption(model, "nEstimators", o.nEstimators, 100, 1),
    learningRate: numberOption(model, "learningRate", o.learningRate, 0.1, 0, Infinity, {min: true}),
    maxDepth: limitOption(model, "maxDepth", o.maxDepth, null, 1),
    maxLeafNodes: limitOption(model, "maxLeafNodes", o.maxLeafNodes, 31, 2),
    minSamplesLeaf: intOption(model, "minSamplesLeaf", o.minSamplesLeaf, 20, 1),
    l2Regularization: numberOption(model, "l2Regularization", o.l2Regularization, 0, 0),
    maxBins: intOption(model, "maxBins", o.maxBins, MAX_BINS, 2, MAX_BINS),
    randomState: seedOption(model, o.randomState),
    earlyStopping: earlyStoppingOption(model, o.earlyStopping),
    validationFraction: validationFractionOption(model, o.validationFraction),
    nIterNoChange: intOption(model, "nIterNoChange", o.nIterNoChange, 10, 1),
    tol: numberOption(model, "tol", o.tol, 1e-7, 0)
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
  loss: z.string().optional(),
  earlyStopping: z.union([z.literal("auto"), z.boolean()]).optional(),
  validationFraction: z.number().nullable().optional(),
  nIterNoChange: z.number().int().optional(),
  tol: z.number().optional()
});

// nIter and the scores came with early stopping: files saved before have neither (then nIter = the tree count)
const stateSchema = z.object({
  nFeatures: z.number().int().positive(),
  baseline: z.number(),
  trees: z.array(z.unknown()),
  featureImportances: numbers,
  trainLoss: numbers,
  nIter: z.number().int().positive().optional(),
  trainScore: numbers.optional(),
  validationScore: numbers.optional()
});

abstract class BaseGradientBoosting {
  protected readonly params: BoostingParams;
  readonly loss: BoostingLoss;
  protected trees: Tree[] | null = null;
  protected baseline = 0;
  protected nFeatures = 0;
  /** Impurity-based importances (total split gain per feature, normalised to sum 1). */
  featureImportances: Float64Array | null = null;
  /** Training loss after each iteration (mean squared error, absolute error or log loss; weighted with weights). */
  trainLoss: number[] = [];
  /**
   * With early stopping, minus the loss on the training rows before the first tree and after each (nIter + 1
   * values; half the squared error for squared_error), as scikit-learn's train_score_; empty without.
   */
  trainScore: number[] = [];
  /** The same on the held-out validation rows (scikit-learn's validation_score_); empty without early stopping or
   * with validationFraction null. */
  validationScore: number[] = [];
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
  get earlyStopping(): "auto" | boolean {
    return this.params.earlyStopping;
  }
  get validationFraction(): number | null {
    return this.params.validationFraction;
  }
  get nIterNoChange(): number {
    return this.params.nIterNoChange;
  }
  get tol(): number {
    return this.params.tol;
  }

  /** Iterations actually grown (nEstimators unless early stopping ended sooner): scikit-learn's n_iter_. */
  get nIter(): number {
    return (this.trees ?? notFitted(this.modelName)).length;
  }

  /** The fitted trees (leaf values already include the learning rate). */
  get estimators(): readonly Tree[] {
    return this.trees ?? notFitted(this.modelName);
  }

  /** Read fit's optional arguments: (sampleWeight?, options?), or (options) as before sample weights existed. */
  protected fitArguments(n: number, a: unknown, b: FitOptions | undefined): {w: Float64Array | null; options: FitOptions | undefined} {
    const isOptions = a !== null && typeof a === "object" && !ArrayBuffer.isView(a) && typeof (a as ArrayLike<unknown>).length !== "number";
    if (isOptions) return {w: null, options: a as FitOptions};
    return {w: a === undefined || a === null ? null : checkSampleWeight(`${this.modelName}.fit`, a, n), options: b};
  }

  protected fitTarget(dense: Dense, y: Float64Array, w: Float64Array | null, options: FitOptions | undefined): void {
    const started = Date.now();
    const onProgress = progressCallback(this.modelName, options);
    const r = fitBoosting(this.modelName, dense, y, w, this.params, this.loss, this.loss === "log_loss", onProgress);
    this.trees = r.trees;
    this.baseline = r.baseline;
    this.nFeatures = dense.p;
    this.featureImportances = normalise(r.gains);
    this.trainLoss = r.trainLoss;
    this.trainScore = r.trainScore;
    this.validationScore = r.validationScore;
    this.trainingSummary = {
      nSamples: dense.n,
      nFeatures: dense.p,
      nEstimators: r.trees.length,
      nIter: r.trees.length,
      earlyStopping: r.earlyStopping,
      ...(r.earlyStopping ? {nTrain: r.nTrain, nValidation: r.nValidation} : {}),
      trainLoss: r.trainLoss[r.trainLoss.length - 1],
      fitSeconds: (Date.now() - started) / 1000
    };
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
      loss: this.loss,
      earlyStopping: P.earlyStopping,
      validationFraction: P.validationFraction,
      nIterNoChange: P.nIterNoChange,
      tol: P.tol
    };
    const state = this.trees
      ? {
          nFeatures: this.nFeatures,
          baseline: this.baseline,
          featureImportances: this.featureImportances!,
          trainLoss: this.trainLoss,
          nIter: this.trees.length,
          trainScore: this.trainScore,
          validationScore: this.validationScore
        }
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
    const trees = treesFromJSON(this.modelName, s.trees, s.nFeatures);
    if (s.nIter !== undefined && s.nIter !== trees.length) {
      throw new LibraryInputError(`cannot load ${this.modelName}: state.nIter is ${s.nIter} but there are ${trees.length} trees`);
    }
    this.nFeatures = s.nFeatures;
    this.baseline = s.baseline;
    this.trees = trees;
    this.featureImportances = checkImportances(this.modelName, s.featureImportances, s.nFeatures);
    this.trainLoss = s.trainLoss;
    this.trainScore = s.trainScore ?? [];
    this.validationScore = s.validationScore ?? [];
    this.featureNames = json.meta?.featureNames?.length === s.nFeatures ? json.meta.featureNames : null;
    this.trainingSummary = json.meta?.summary ?? {};
    return this;
  }
}

function readJSONParams(model: string, json: ModelJSON): GradientBoostingRegressorOptions {
  const p = parseState(model, "params", paramsSchema, json.params);
  // a file saved before early stopping existed was fitted without it: keep that if it is fitted again
  return {...p, randomState: p.randomState ?? undefined, earlyStopping: p.earlyStopping ?? false} as GradientBoostingRegressorOptions;
}

/** Gradient-boosted trees for regression (scikit-learn's HistGradientBoostingRegressor). */
export class GradientBoostingRegressor extends BaseGradientBoosting implements Regressor {
  constructor(options: GradientBoostingRegressorOptions = {}) {
    super("GradientBoostingRegressor", options, ["squared_error", "absolute_error"]);
  }

  /** Fit on X, y; `sampleWeight` (one weight >= 0 per row) weighs each row's loss. */
  fit(X: Matrix, y: Vector, options?: FitOptions): this;
  fit(X: Matrix, y: Vector, sampleWeight?: ArrayLike<number> | null, options?: FitOptions): this;
  fit(X: Matrix, y: Vector, a?: ArrayLike<number> | FitOptions | null, b?: FitOptions): this {
    const dense = packMatrix(X);
    const target = checkVector(y, dense.n);
    const {w, options} = this.fitArguments(dense.n, a, b);
    this.fitTarget(dense, target, w, options);
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

  /** Fit on X, 0/1 labels y; `sampleWeight` (one weight >= 0 per row) weighs each row's loss. */
  fit(X: Matrix, y: Vector | ArrayLike<boolean>, options?: FitOptions): this;
  fit(X: Matrix, y: Vector | ArrayLike<boolean>, sampleWeight?: ArrayLike<number> | null, options?: FitOptions): this;
  fit(X: Matrix, y: Vector | ArrayLike<boolean>, a?: ArrayLike<number> | FitOptions | null, b?: FitOptions): this {
    const dense = packMatrix(X);
    const target = checkBinaryTarget(this.modelName, y, dense.n);
    const {w, options} = this.fitArguments(dense.n, a, b);
    this.fitTarget(dense, target, w, options);
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
