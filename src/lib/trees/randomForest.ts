// Random forests (Breiman 2001; scikit-learn's RandomForestRegressor / RandomForestClassifier) on histogram trees.
//
// Why by hand: ml-random-forest took 21.6 s for 100 trees on 1,000 rows (scikit-learn 0.41 s) and could not grow one
// tree on 32,000 rows in 5 minutes, because its split search re-sorts and copies the rows for every candidate
// threshold. Here features are binned once (binning.ts) and every tree reuses the bins.
//
// Each tree is grown to pure leaves (unless maxDepth / minSamplesLeaf stop it) on a bootstrap sample: n draws with
// replacement, kept as per-row counts (weights) as scikit-learn does. At every node, maxFeatures features are drawn
// without replacement (1.0 = all for the regressor, 'sqrt' for the classifier, as scikit-learn's defaults).
// Split criterion: weighted squared error (scikit-learn's "squared_error"); for the binary classifier that is the
// Gini criterion (the Gini decrease of 0/1 labels is twice the squared-error decrease, so the same splits win).
// Leaves predict the mean target (regressor) or the fraction of class 1 (classifier); the forest averages its trees.
// Difference from scikit-learn: thresholds are chosen among at most 255 quantile bins per feature instead of every
// midpoint between sorted values, as LightGBM's random forest mode does.

import {z} from "zod";
import {checkVector, describe, LibraryInputError, notFitted, type Classifier, type Matrix, type ModelJSON, type Regressor, type Vector} from "../base.js";
import {packMatrix, type Dense} from "../dense.js";
import {defaultFeatureNames, modelJSON, parseState} from "../modelJson.js";
import {checkBinaryTarget, intOption, limitOption, optionsObject, progressCallback, seedOption, type FitOptions} from "../validate.js";
import {MAX_BINS} from "./binning.js";
import {binData, checkImportances, normalise, packForPredict, seeded, treesFromJSON, treesToJSON, wantsTyped} from "./common.js";
import {Grower} from "./grower.js";
import type {Tree} from "./tree.js";

/** Features per split: a count, a fraction of the features, 'sqrt', 'log2', or null for all. */
export type MaxFeatures = number | "sqrt" | "log2" | null;

export interface RandomForestOptions {
  /** Trees in the forest. Default 100. */
  nEstimators?: number;
  /** Deepest a tree may grow; default none (grow to pure leaves). */
  maxDepth?: number | null;
  /** Fewest training rows in a leaf. Default 1. */
  minSamplesLeaf?: number;
  /** Most leaves per tree; default none. */
  maxLeafNodes?: number | null;
  /** Features drawn at each split. Default 1.0 (all) for the regressor, 'sqrt' for the classifier. */
  maxFeatures?: MaxFeatures;
  /** Grow each tree on a bootstrap sample of the rows. Default true. */
  bootstrap?: boolean;
  /** Bins per feature, at most 255. Default 255. */
  maxBins?: number;
  /** Seed for the bootstrap samples and the feature draws; the same seed gives the same forest. */
  randomState?: number;
}

interface Params {
  nEstimators: number;
  maxDepth: number;
  minSamplesLeaf: number;
  maxLeafNodes: number;
  maxFeatures: MaxFeatures;
  bootstrap: boolean;
  maxBins: number;
  randomState: number | undefined;
}

function readMaxFeatures(model: string, v: unknown, dflt: MaxFeatures): MaxFeatures {
  if (v === undefined) return dflt;
  if (v === null || v === "sqrt" || v === "log2") return v;
  if (typeof v === "number" && Number.isFinite(v) && v > 0 && (Number.isInteger(v) || v <= 1)) return v;
  throw new LibraryInputError(
    `${model}: maxFeatures must be 'sqrt', 'log2', null (all features), a whole number of features, or a fraction in (0, 1], got ${describe(v)}`
  );
}

export interface ForestFitOptions extends FitOptions {
  /**
   * Grow only trees from..to-1 of the forest (each exactly as in the full fit). fitInWorker uses it to grow a forest
   * in several workers at once; see mergeForestJSON.
   */
  treeRange?: [number, number];
}

function treeRange(model: string, range: unknown, n: number): [number, number] {
  if (range === undefined) return [0, n];
  if (!Array.isArray(range) || range.length !== 2 || !range.every((v) => Number.isInteger(v)) || !(0 <= range[0] && range[0] < range[1] && range[1] <= n)) {
    throw new LibraryInputError(`${model}.fit: treeRange must be [from, to] with 0 <= from < to <= nEstimators (${n}), got ${describe(range)}`);
  }
  return [range[0], range[1]];
}

/** Number of features drawn per split for p features (scikit-learn's rule). */
export function featuresPerSplit(maxFeatures: MaxFeatures, p: number): number {
  if (maxFeatures === null) return p;
  if (maxFeatures === "sqrt") return Math.max(1, Math.floor(Math.sqrt(p)));
  if (maxFeatures === "log2") return Math.max(1, Math.floor(Math.log2(p)));
  if (Number.isInteger(maxFeatures) && maxFeatures > 1) return Math.min(p, maxFeatures);
  return Math.max(1, Math.floor(maxFeatures * p));
}

const paramsSchema = z.object({
  nEstimators: z.number().int().optional(),
  maxDepth: z.number().int().nullable().optional(),
  minSamplesLeaf: z.number().int().optional(),
  maxLeafNodes: z.number().int().nullable().optional(),
  maxFeatures: z.union([z.number(), z.literal("sqrt"), z.literal("log2"), z.null()]).optional(),
  bootstrap: z.boolean().optional(),
  maxBins: z.number().int().optional(),
  randomState: z.number().int().nullable().optional()
});

const stateSchema = z.object({
  nFeatures: z.number().int().positive(),
  trees: z.array(z.unknown()).min(1),
  featureImportances: z.array(z.number())
});

abstract class BaseForest {
  protected readonly params: Params;
  protected trees: Tree[] | null = null;
  protected nFeatures = 0;
  /** Impurity-based importances: each tree's normalised impurity decrease per feature, averaged, summing to 1. */
  featureImportances: Float64Array | null = null;
  featureNames: string[] | null = null;
  trainingSummary: Record<string, unknown> = {};

  constructor(
    protected readonly modelName: string,
    options: RandomForestOptions,
    defaultMaxFeatures: MaxFeatures
  ) {
    const m = modelName;
    const o = optionsObject(m, options, "{nEstimators: 100, randomState: 0}");
    if (o.bootstrap !== undefined && typeof o.bootstrap !== "boolean") {
      throw new LibraryInputError(`${m}: bootstrap must be true or false, got ${describe(o.bootstrap)}`);
    }
    this.params = {
      nEstimators: intOption(m, "nEstimators", o.nEstimators, 100, 1),
      maxDepth: limitOption(m, "maxDepth", o.maxDepth, null, 1),
      minSamplesLeaf: intOption(m, "minSamplesLeaf", o.minSamplesLeaf, 1, 1),
      maxLeafNodes: limitOption(m, "maxLeafNodes", o.maxLeafNodes, null, 2),
      maxFeatures: readMaxFeatures(m, o.maxFeatures, defaultMaxFeatures),
      bootstrap: o.bootstrap ?? true,
      maxBins: intOption(m, "maxBins", o.maxBins, MAX_BINS, 2, MAX_BINS),
      randomState: seedOption(m, o.randomState)
    };
  }

  get nEstimators(): number {
    return this.params.nEstimators;
  }

  /** The fitted trees. */
  get estimators(): readonly Tree[] {
    return this.trees ?? notFitted(this.modelName);
  }

  protected fitTarget(dense: Dense, y: Float64Array, options: ForestFitOptions | undefined): void {
    const started = Date.now();
    const onProgress = progressCallback(this.modelName, options);
    const [from, to] = treeRange(this.modelName, options?.treeRange, this.params.nEstimators);
    const {n, p} = dense;
    const P = this.params;
    const master = seeded(P.randomState);
    const data = binData(dense, P.maxBins, master);
    const grower = new Grower(data);
    const k = featuresPerSplit(P.maxFeatures, p);
    const w = new Float64Array(n);
    const t = new Float64Array(n);
    const idx = new Uint32Array(n);
    const trees: Tree[] = [];
    const importance = new Float64Array(p);
    let splitTrees = 0;
    for (let e = 0; e < to; e++) {
      // every tree's seed is drawn, grown or not, so tree e is the same whichever range grows it
      const random = seeded(Math.floor(master() * 2 ** 31));
      if (e < from) continue;
      let m = 0;
      if (P.bootstrap) {
        w.fill(0);
        for (let d = 0; d < n; d++) w[Math.floor(random() * n)] += 1;
        for (let i = 0; i < n; i++) if (w[i] > 0) idx[m++] = i;
      } else {
        w.fill(1);
        for (let i = 0; i < n; i++) idx[m++] = i;
      }
      for (let i = 0; i < n; i++) t[i] = w[i] * y[i];
      const g = grower.grow(idx, m, t, w, {
        maxDepth: P.maxDepth,
        maxLeafNodes: P.maxLeafNodes,
        minSamplesLeaf: P.minSamplesLeaf,
        minHessian: 0,
        l2: 0,
        minGain: -Infinity,
        maxFeatures: k,
        random,
        pureTarget: y,
        leafScale: 1,
        unitWeight: !P.bootstrap
      });
      trees.push(g.tree);
      if (g.tree.nodeCount > 1) {
        const imp = normalise(g.gainByFeature);
        for (let j = 0; j < p; j++) importance[j] += imp[j];
        splitTrees++;
      }
      onProgress((e + 1 - from) / (to - from));
    }
    this.trees = trees;
    this.nFeatures = p;
    this.featureImportances = normalise(importance);
    let leaves = 0;
    let depth = 0;
    for (const tr of trees) {
      leaves += tr.nLeaves;
      depth = Math.max(depth, tr.depth);
    }
    this.trainingSummary = {
      nSamples: n,
      nFeatures: p,
      nEstimators: trees.length,
      treesWithSplits: splitTrees,
      meanLeaves: leaves / trees.length,
      maxDepth: depth,
      fitSeconds: (Date.now() - started) / 1000
    };
  }

  /** Mean of the trees' predictions. */
  protected average(X: Matrix): Float64Array {
    const trees = this.trees ?? notFitted(this.modelName);
    const {data, n, p} = packForPredict(this.modelName, X, this.nFeatures);
    const out = new Float64Array(n);
    const scale = 1 / trees.length;
    for (const tree of trees) tree.addPredictions(data, n, p, out);
    for (let i = 0; i < n; i++) out[i] *= scale;
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
      maxDepth: Number.isFinite(P.maxDepth) ? P.maxDepth : null,
      minSamplesLeaf: P.minSamplesLeaf,
      maxLeafNodes: Number.isFinite(P.maxLeafNodes) ? P.maxLeafNodes : null,
      maxFeatures: P.maxFeatures,
      bootstrap: P.bootstrap,
      maxBins: P.maxBins,
      randomState: P.randomState ?? null
    };
    const state = this.trees ? {nFeatures: this.nFeatures, featureImportances: this.featureImportances!} : {};
    const json = modelJSON(this.modelName, params, state, {
      featureNames: this.trees ? defaultFeatureNames(this.nFeatures, this.featureNames ?? undefined) : [],
      summary: this.trainingSummary
    });
    // the trees go in afterwards: they are plain arrays (or typed ones on request) already, and modelJSON's deep
    // copy of millions of node entries took seconds for a large forest
    if (this.trees) json.state.trees = treesToJSON(this.trees, wantsTyped(options));
    return json;
  }

  protected restore(json: ModelJSON): this {
    if (Object.keys(json.state ?? {}).length === 0) return this;
    const s = parseState(this.modelName, "state", stateSchema, json.state);
    this.nFeatures = s.nFeatures;
    this.trees = treesFromJSON(this.modelName, s.trees, s.nFeatures);
    this.featureImportances = checkImportances(this.modelName, s.featureImportances, s.nFeatures);
    this.featureNames = json.meta?.featureNames?.length === s.nFeatures ? json.meta.featureNames : null;
    this.trainingSummary = json.meta?.summary ?? {};
    return this;
  }
}

function readJSONParams(model: string, json: ModelJSON): RandomForestOptions {
  const p = parseState(model, "params", paramsSchema, json.params);
  return {...p, randomState: p.randomState ?? undefined};
}

/** A forest of regression trees; predicts the mean of the trees (scikit-learn's RandomForestRegressor). */
export class RandomForestRegressor extends BaseForest implements Regressor {
  constructor(options: RandomForestOptions = {}) {
    super("RandomForestRegressor", options, 1.0);
  }

  fit(X: Matrix, y: Vector, options?: ForestFitOptions): this {
    const dense = packMatrix(X);
    this.fitTarget(dense, checkVector(y, dense.n), options);
    return this;
  }

  predict(X: Matrix): Float64Array {
    return this.average(X);
  }

  static fromJSON(json: ModelJSON): RandomForestRegressor {
    return new RandomForestRegressor(readJSONParams("RandomForestRegressor", json)).restore(json);
  }
}

/** A forest of classification trees for 0/1 labels (scikit-learn's RandomForestClassifier, binary). */
export class RandomForestClassifier extends BaseForest implements Classifier {
  constructor(options: RandomForestOptions = {}) {
    super("RandomForestClassifier", options, "sqrt");
  }

  fit(X: Matrix, y: Vector | ArrayLike<boolean>, options?: ForestFitOptions): this {
    const dense = packMatrix(X);
    this.fitTarget(dense, checkBinaryTarget(this.modelName, y, dense.n), options);
    return this;
  }

  /** P(y = 1): the mean over trees of the fraction of class 1 in the leaf each row reaches. */
  predictProba(X: Matrix): Float64Array {
    return this.average(X);
  }

  /** 1 where P(y = 1) > threshold (default 0.5: a tie goes to class 0, as scikit-learn's argmax), else 0. */
  predict(X: Matrix, threshold = 0.5): Float64Array {
    const proba = this.average(X);
    for (let i = 0; i < proba.length; i++) proba[i] = proba[i] > threshold ? 1 : 0;
    return proba;
  }

  static fromJSON(json: ModelJSON): RandomForestClassifier {
    return new RandomForestClassifier(readJSONParams("RandomForestClassifier", json)).restore(json);
  }
}
