// Pieces shared by the tree ensembles: binning the training matrix, seeds, importances, and the JSON of a list of trees.
import {LibraryInputError, describe, type Matrix} from "../base.js";
import {checkFeatureCount, packMatrix, type Dense} from "../dense.js";
import {makeRandom} from "../random.js";
import {fitTransformBins} from "./binning.js";
import type {BinnedData} from "./grower.js";
import {Tree, type TreeJSON} from "./tree.js";

/** Bin the training data once for all trees. */
export function binData(dense: Dense, maxBins: number, random: () => number): BinnedData {
  const {data, n, p} = dense;
  const {binned, nBins, cuts} = fitTransformBins(data, n, p, maxBins, random);
  return {binned, n, p, nBins, cuts};
}

/** A uniform [0, 1) source from a seed, or from a fresh random seed when none is given. */
export function seeded(seed: number | undefined): () => number {
  const r = makeRandom(seed ?? Math.floor(Math.random() * 2 ** 31));
  return () => r.random();
}

/** Divide by the sum (all zeros stay zeros). */
export function normalise(v: Float64Array): Float64Array {
  let s = 0;
  for (let j = 0; j < v.length; j++) s += v[j];
  const out = new Float64Array(v.length);
  if (s > 0) for (let j = 0; j < v.length; j++) out[j] = v[j] / s;
  return out;
}

/** Validate X for prediction against a fitted ensemble. */
export function packForPredict(model: string, X: Matrix, nFeatures: number): Dense {
  const d = packMatrix(X);
  checkFeatureCount(model, nFeatures, d.p);
  return d;
}

/** The trees' JSON: plain arrays for files, typed arrays for a worker's reply (see Tree.toJSON). */
export function treesToJSON(trees: Tree[], typed = false): TreeJSON[] {
  return trees.map((t) => t.toJSON(typed));
}

export function treesFromJSON(model: string, value: unknown, p: number): Tree[] {
  if (!Array.isArray(value) || value.length === 0) throw new LibraryInputError(`cannot load ${model}: state.trees must be a non-empty list of trees`);
  return value.map((t, k) => Tree.fromJSON(t, p, `${model} tree ${k}`));
}

/** Whether toJSON was asked for typed arrays (the worker does; JSON.stringify passes a string key, which is not). */
export function wantsTyped(options: unknown): boolean {
  return typeof options === "object" && options !== null && (options as {typedArrays?: unknown}).typedArrays === true;
}

/** Feature importances must have one value per feature. */
export function checkImportances(model: string, v: number[], p: number): Float64Array {
  if (v.length !== p) throw new LibraryInputError(`cannot load ${model}: featureImportances has ${v.length} values for ${p} features`);
  return Float64Array.from(v);
}

/**
 * Check fit's sampleWeight: one finite weight >= 0 per row, not all 0 (as scikit-learn's _check_sample_weight, with
 * messages in the student's terms). `where` is e.g. "GradientBoostingRegressor.fit".
 */
export function checkSampleWeight(where: string, w: unknown, n: number): Float64Array {
  if (w === null || typeof w !== "object" || typeof (w as ArrayLike<unknown>).length !== "number") {
    throw new LibraryInputError(`${where}: sampleWeight must be an array of numbers, one weight per row of X, got ${describe(w)}`);
  }
  const list = w as ArrayLike<unknown>;
  if (list.length !== n) throw new LibraryInputError(`${where}: sampleWeight has ${list.length} values but X has ${n} rows: give one weight per row`);
  const out = new Float64Array(n);
  let any = false;
  for (let i = 0; i < n; i++) {
    const v = list[i];
    if (typeof v !== "number" || !Number.isFinite(v)) throw new LibraryInputError(`${where}: sampleWeight[${i}] is ${describe(v)}: weights must be finite numbers >= 0`);
    if (v < 0) throw new LibraryInputError(`${where}: sampleWeight[${i}] is ${v}: weights must be >= 0 (a weight of 0 leaves the row out)`);
    out[i] = v;
    if (v > 0) any = true;
  }
  if (!any) throw new LibraryInputError(`${where}: every sampleWeight is 0: at least one row needs a weight above 0`);
  return out;
}
