// The boosting loop behind GradientBoostingRegressor / Classifier, with scikit-learn's early stopping.
//
// Each iteration fits a tree to the gradients of the loss at the current predictions, grown best-first to
// maxLeafNodes leaves with leaf values -G / (H + l2) (one Newton step), shrunk by learningRate:
// - squared_error: gradient = prediction - y, hessian = 1 (leaf = mean residual);
// - absolute_error: gradient = sign(prediction - y); leaf values are then replaced by the (weighted) median residual
//   of the leaf, as scikit-learn does;
// - log_loss (classifier): gradient = p - y, hessian = p(1 - p) on the log-odds.
// Sample weights multiply each row's gradient and hessian (see boostingLoss.ts); minSamplesLeaf still counts rows.
//
// Early stopping (scikit-learn's HistGradientBoosting* with scoring="loss"): a validationFraction of the rows is
// held out (stratified by class for the classifier; seeded by randomState) before binning, and the score, minus the
// mean loss on those rows, is recorded before the first tree and after each one. Fitting stops when none of the
// last nIterNoChange scores beats the one before them by more than tol. With validationFraction null the score is
// taken on the training rows instead.

import {LibraryInputError} from "../base.js";
import type {Dense} from "../dense.js";
import {trainTestSplitIndices} from "../selection/modelSelection.js";
import {baselineOf, gradientsAndLoss, lossScore, median, weightedMedian, type BoostingLoss} from "./boostingLoss.js";
import {binData, seeded} from "./common.js";
import {Grower} from "./grower.js";
import type {Tree} from "./tree.js";

export interface BoostingParams {
  nEstimators: number;
  learningRate: number;
  maxDepth: number;
  maxLeafNodes: number;
  minSamplesLeaf: number;
  l2Regularization: number;
  maxBins: number;
  randomState: number | undefined;
  earlyStopping: "auto" | boolean;
  /** Share of rows held out to score early stopping, or null to score on the training rows. */
  validationFraction: number | null;
  nIterNoChange: number;
  tol: number;
}

export interface BoostingResult {
  trees: Tree[];
  baseline: number;
  /** Total split gain per feature (not normalised). */
  gains: Float64Array;
  trainLoss: number[];
  trainScore: number[];
  validationScore: number[];
  /** Rows the trees were grown on (all rows unless early stopping held some out). */
  nTrain: number;
  nValidation: number;
  earlyStopping: boolean;
}

/** Rows above which earlyStopping "auto" turns early stopping on (scikit-learn's rule). */
export const AUTO_EARLY_STOPPING_ROWS = 10_000;

/**
 * scikit-learn's _should_stop: stop when none of the last nIterNoChange scores is higher than the score just before
 * them plus tol (there must be nIterNoChange + 1 scores first).
 */
export function shouldStop(scores: readonly number[], nIterNoChange: number, tol: number): boolean {
  const ref = scores.length - nIterNoChange - 1;
  if (ref < 0) return false;
  const reference = scores[ref] + tol;
  for (let k = ref + 1; k < scores.length; k++) if (scores[k] > reference) return false;
  return true;
}

function rowsOfDense(d: Dense, rows: Int32Array): Dense {
  const {p} = d;
  const data = new Float64Array(rows.length * p);
  for (let k = 0; k < rows.length; k++) data.set(d.data.subarray(rows[k] * p, rows[k] * p + p), k * p);
  return {data, n: rows.length, p};
}

function pick(v: Float64Array, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length);
  for (let k = 0; k < rows.length; k++) out[k] = v[rows[k]];
  return out;
}

/** The validation rows (and the rest), sorted so the training rows keep their order (exported for the tests). */
export function validationSplit(model: string, n: number, y: Float64Array, fraction: number, seed: number, stratify: boolean) {
  const nVal = Math.ceil(fraction * n);
  if (n - nVal < 2) {
    throw new LibraryInputError(
      `${model}: early stopping holds out validationFraction=${fraction} of the ${n} rows and leaves too few to train on: ` +
        "use more rows, a smaller validationFraction, or earlyStopping: false"
    );
  }
  if (stratify) {
    let ones = 0;
    for (let i = 0; i < n; i++) ones += y[i];
    const fewest = Math.min(ones, n - ones);
    if (fewest < 2) {
      throw new LibraryInputError(
        `${model}: early stopping holds out validation rows stratified by class, which needs at least 2 rows of each class; ` +
          `class ${ones < n - ones ? 1 : 0} has ${fewest}: use earlyStopping: false`
      );
    }
  }
  const s = trainTestSplitIndices(n, {testSize: fraction, randomState: seed, stratify: stratify ? y : undefined});
  return {train: s.train.sort(), validation: s.test.sort()};
}

function complement(n: number, validation: Int32Array): {train: Int32Array; validation: Int32Array} {
  const held = new Uint8Array(n);
  for (const i of validation) held[i] = 1;
  const train: number[] = [];
  for (let i = 0; i < n; i++) if (!held[i]) train.push(i);
  return {train: Int32Array.from(train), validation: Int32Array.from(validation).sort()};
}

/** Fit the trees. `classifier` stratifies the validation split by class. */
export function fitBoosting(
  model: string,
  dense: Dense,
  yAll: Float64Array,
  wAll: Float64Array | null,
  P: BoostingParams,
  loss: BoostingLoss,
  classifier: boolean,
  onProgress: (fraction: number) => void,
  /** Hold out these rows instead of drawing them (tests use scikit-learn's own split). */
  validationRows?: Int32Array
): BoostingResult {
  const early = P.earlyStopping === "auto" ? dense.n > AUTO_EARLY_STOPPING_ROWS : P.earlyStopping;
  const seed = P.randomState ?? Math.floor(Math.random() * 2 ** 31);
  let train = dense;
  let y = yAll;
  let w = wAll;
  let val: {X: Dense; y: Float64Array; w: Float64Array | null; raw: Float64Array} | null = null;
  if (early && P.validationFraction !== null) {
    const s = validationRows ? complement(dense.n, validationRows) : validationSplit(model, dense.n, yAll, P.validationFraction, seed, classifier);
    train = rowsOfDense(dense, s.train);
    y = pick(yAll, s.train);
    w = wAll && pick(wAll, s.train);
    val = {X: rowsOfDense(dense, s.validation), y: pick(yAll, s.validation), w: wAll && pick(wAll, s.validation), raw: new Float64Array(s.validation.length)};
    if (w && !w.some((v) => v > 0)) {
      throw new LibraryInputError(`${model}: every row left for training after holding out the validation rows has sampleWeight 0`);
    }
  }
  const {n, p} = train;
  const data = binData(train, P.maxBins, seeded(P.randomState ?? 0));
  const grower = new Grower(data);

  const baseline = baselineOf(loss, y, w);
  const raw = new Float64Array(n).fill(baseline);
  const t = new Float64Array(n); // minus the gradient (times the weight)
  const h = new Float64Array(n).fill(1); // the hessian (times the weight)
  const idx = new Uint32Array(n);
  const trees: Tree[] = [];
  const gains = new Float64Array(p);
  const trainLoss: number[] = [];
  const trainScore: number[] = [];
  const validationScore: number[] = [];
  const grow = {
    maxDepth: P.maxDepth,
    maxLeafNodes: P.maxLeafNodes,
    minSamplesLeaf: P.minSamplesLeaf,
    minHessian: 1e-3,
    l2: P.l2Regularization,
    minGain: 0,
    maxFeatures: p,
    leafScale: P.learningRate,
    unitWeight: loss !== "log_loss" && !w,
    thresholdAtLastBin: true,
    sortBelow: 0
  };
  const residual = loss === "absolute_error" ? new Float64Array(n) : null;
  // Log loss: e^-raw of every row, kept up to date by multiplying by e^-v when a leaf adds v to its rows' raw
  // predictions, instead of one Math.exp a row an iteration (~10 ns each; 9 interleaved 100-iteration fits on
  // 32,000 x 12, load ~8: 392 -> 360 ms CPU). 100 products drift from Math.exp(-raw) by at most ~1e-14 relative, far
  // below scikit-learn's own float32 gradients (~1e-7).
  const expNeg = loss === "log_loss" ? new Float64Array(n).fill(Math.exp(-baseline)) : null;
  const leafWeights = residual && w ? new Float64Array(n) : null;
  /** Record the scores, given the mean training loss; true when early stopping says stop. */
  const score = (trainMean: number): boolean => {
    // scikit-learn's score is minus its loss object's value: half the squared error for squared_error
    trainScore.push(loss === "squared_error" ? -0.5 * trainMean : -trainMean);
    if (!val) return shouldStop(trainScore, P.nIterNoChange, P.tol);
    validationScore.push(lossScore(loss, val.y, val.w, val.raw));
    return shouldStop(validationScore, P.nIterNoChange, P.tol);
  };
  if (val) val.raw.fill(baseline);
  // the gradients for the next tree, and the training loss of the trees so far, in one pass
  // the sums of t and h over the rows (in row order, as the grower would add them for the root)
  const sums = new Float64Array(2);
  let trainMean = gradientsAndLoss(loss, y, w, raw, t, h, expNeg, sums);
  if (early) score(trainMean);

  for (let it = 0; it < P.nEstimators; it++) {
    for (let i = 0; i < n; i++) idx[i] = i;
    const g = grower.grow(idx, n, t, h, grow, sums);
    const tree = g.tree;
    for (let k = 0; k < tree.nodeCount; k++) {
      if (tree.feature[k] >= 0) continue;
      const s = g.start[k];
      const e = g.end[k];
      if (residual) {
        // absolute error: the leaf's value is the (weighted) median residual of its rows
        const r = residual.subarray(0, e - s);
        for (let q = s; q < e; q++) r[q - s] = y[g.idx[q]] - raw[g.idx[q]];
        if (leafWeights) {
          const lw = leafWeights.subarray(0, e - s);
          for (let q = s; q < e; q++) lw[q - s] = w![g.idx[q]];
          tree.value[k] = P.learningRate * weightedMedian(r, lw);
        } else tree.value[k] = P.learningRate * median(r);
      }
      const v = tree.value[k];
      for (let q = s; q < e; q++) raw[g.idx[q]] += v;
      if (expNeg) {
        const ev = Math.exp(-v);
        for (let q = s; q < e; q++) expNeg[g.idx[q]] *= ev;
      }
    }
    trees.push(tree);
    for (let j = 0; j < p; j++) gains[j] += g.gainByFeature[j];
    trainMean = gradientsAndLoss(loss, y, w, raw, t, h, expNeg, sums);
    trainLoss.push(trainMean);
    if (val) tree.addPredictions(val.X.data, val.X.n, p, val.raw);
    const stop = early && score(trainMean);
    onProgress(stop ? 1 : (it + 1) / P.nEstimators);
    if (stop) break;
  }
  return {trees, baseline, gains, trainLoss, trainScore, validationScore, nTrain: n, nValidation: val ? val.X.n : 0, earlyStopping: early};
}
