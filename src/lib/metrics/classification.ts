// Classification metrics with scikit-learn's names and meanings (sklearn.metrics), written for binary 0/1 labels.
// Hand-written because simple-statistics and the ml-* packages have no ROC AUC with sklearn's tie handling,
// no clipped log loss and no calibration table; each function here is one sort or one pass over the data.
//
// Labels are 0/1 numbers (true/false are read as 1/0). Scores are any finite numbers where larger means "more
// likely positive" (probabilities, decision values); probabilities must lie in [0, 1].

import {LibraryInputError, describe, type Vector} from "../base.js";

/** Binary labels: 0/1 numbers or booleans. */
export type BinaryLabels = ArrayLike<number | boolean>;
/** Any class labels (for `accuracyScore` and `confusionMatrix` with `labels`). */
export type ClassLabels = ArrayLike<number | string | boolean>;

// ---------------------------------------------------------------------------------------------------------------
// input checks

function checkArray(v: unknown, what: string): ArrayLike<unknown> {
  if (v == null || typeof v === "string" || typeof (v as ArrayLike<unknown>).length !== "number") {
    throw new LibraryInputError(`${what} must be an array, got ${describe(v)}`);
  }
  return v as ArrayLike<unknown>;
}

function checkSameLength(a: ArrayLike<unknown>, b: ArrayLike<unknown>, aName: string, bName: string): number {
  if (a.length !== b.length) {
    throw new LibraryInputError(`${aName} has ${a.length} values but ${bName} has ${b.length}: they must have one value per row`);
  }
  if (a.length === 0) throw new LibraryInputError(`${aName} and ${bName} are empty: expected at least one row`);
  return a.length;
}

/** Read 0/1 labels (or booleans) into a Uint8Array, with an error naming the first bad value. */
function binaryLabels(y: unknown, what: string): Uint8Array {
  const arr = checkArray(y, what);
  const out = new Uint8Array(arr.length);
  for (let i = 0; i < arr.length; i++) {
    const v = arr[i];
    if (v === 1 || v === true) out[i] = 1;
    else if (v === 0 || v === false) out[i] = 0;
    else {
      throw new LibraryInputError(
        `${what}[${i}] is ${describe(v)}: expected binary labels 0 or 1 (or true/false)` +
          (typeof v === "number" && v > 0 && v < 1 ? "; it looks like a probability: pass the true labels as yTrue" : "")
      );
    }
  }
  return out;
}

/** Read finite numbers into a Float64Array. */
function finiteValues(s: unknown, what: string): Float64Array {
  const arr = checkArray(s, what);
  const out = new Float64Array(arr.length);
  for (let i = 0; i < arr.length; i++) {
    const v = arr[i];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new LibraryInputError(`${what}[${i}] is ${describe(v)}: expected finite numbers (fill or drop missing values first)`);
    }
    out[i] = v;
  }
  return out;
}

/** Read probabilities in [0, 1]. */
function probabilities(p: unknown, what: string): Float64Array {
  const out = finiteValues(p, what);
  for (let i = 0; i < out.length; i++) {
    if (out[i]! < 0 || out[i]! > 1) {
      throw new LibraryInputError(
        `${what}[${i}] is ${out[i]}: expected probabilities in [0, 1] (use predictProba, not predict or raw scores)`
      );
    }
  }
  return out;
}

function bothClasses(y: Uint8Array, what: string, metric: string): [nPos: number, nNeg: number] {
  let nPos = 0;
  for (let i = 0; i < y.length; i++) nPos += y[i]!;
  const nNeg = y.length - nPos;
  if (nPos === 0 || nNeg === 0) {
    throw new LibraryInputError(
      `${metric} is undefined when ${what} has only one class (all ${nPos === 0 ? 0 : 1}): it needs both 0 and 1 labels`
    );
  }
  return [nPos, nNeg];
}

/** Indices sorted by score, descending (ties in input order). */
function orderByScoreDesc(s: Float64Array): Uint32Array {
  const idx = new Uint32Array(s.length);
  for (let i = 0; i < idx.length; i++) idx[i] = i;
  idx.sort((a, b) => s[b]! - s[a]! || a - b);
  return idx;
}

// ---------------------------------------------------------------------------------------------------------------
// ranking metrics

/**
 * Area under the ROC curve (sklearn.metrics.roc_auc_score, binary): the probability that a random positive is
 * scored above a random negative, ties counting one half (the same as average ranks, and as sklearn's trapezoids).
 */
export function rocAucScore(yTrue: BinaryLabels, scores: Vector): number {
  const y = binaryLabels(yTrue, "yTrue");
  const s = finiteValues(scores, "scores");
  checkSameLength(y, s, "yTrue", "scores");
  const [nPos, nNeg] = bothClasses(y, "yTrue", "rocAucScore");
  const order = orderByScoreDesc(s);
  // Walk from the highest score down in groups of tied scores: each negative is beaten by every positive in a
  // higher group and ties (counting one half) with the positives in its own group. Counts stay integers until the
  // one division at the end, so the result is exact to one rounding.
  const n = order.length;
  let posAbove = 0;
  let pairs2 = 0; // 2 × (pairs with the positive above) + (tied pairs)
  let i = 0;
  while (i < n) {
    const v = s[order[i]!]!;
    let pos = 0;
    let neg = 0;
    while (i < n && s[order[i]!] === v) {
      if (y[order[i]!]) pos++;
      else neg++;
      i++;
    }
    pairs2 += neg * (2 * posAbove + pos);
    posAbove += pos;
  }
  return pairs2 / (2 * nPos * nNeg);
}

export interface RocCurve {
  /** False positive rate at each threshold, from 0 to 1. */
  fpr: Float64Array;
  /** True positive rate (recall) at each threshold, from 0 to 1. */
  tpr: Float64Array;
  /** Decreasing thresholds: a row is predicted positive when score >= threshold. The first is Infinity. */
  thresholds: Float64Array;
}

/**
 * ROC curve (sklearn.metrics.roc_curve). Thresholds are the distinct scores, highest first, after a leading
 * Infinity (no row predicted positive), as in scikit-learn 1.3+. With `dropIntermediate` (default true, like
 * sklearn) points that lie on a straight segment between their neighbours are dropped: the plotted curve is the same.
 */
export function rocCurve(yTrue: BinaryLabels, scores: Vector, options: {dropIntermediate?: boolean} = {}): RocCurve {
  const {dropIntermediate = true} = options;
  const y = binaryLabels(yTrue, "yTrue");
  const s = finiteValues(scores, "scores");
  checkSameLength(y, s, "yTrue", "scores");
  const [nPos, nNeg] = bothClasses(y, "yTrue", "rocCurve");
  const order = orderByScoreDesc(s);
  const tps: number[] = [0];
  const fps: number[] = [0];
  const th: number[] = [Infinity];
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < order.length; i++) {
    const k = order[i]!;
    if (y[k]) tp++;
    else fp++;
    // one point per distinct score: after the last row of a tie group
    if (i === order.length - 1 || s[order[i + 1]!] !== s[k]) {
      tps.push(tp);
      fps.push(fp);
      th.push(s[k]!);
    }
  }
  let keep: number[];
  if (dropIntermediate && tps.length > 2) {
    // sklearn: keep the ends and every point where the second difference of fps or tps is non-zero
    keep = [0];
    for (let j = 1; j < tps.length - 1; j++) {
      const d2f = fps[j + 1]! - 2 * fps[j]! + fps[j - 1]!;
      const d2t = tps[j + 1]! - 2 * tps[j]! + tps[j - 1]!;
      if (d2f !== 0 || d2t !== 0) keep.push(j);
    }
    keep.push(tps.length - 1);
  } else {
    keep = tps.map((_, j) => j);
  }
  const m = keep.length;
  const fpr = new Float64Array(m);
  const tpr = new Float64Array(m);
  const thresholds = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const k = keep[j]!;
    fpr[j] = fps[k]! / nNeg;
    tpr[j] = tps[k]! / nPos;
    thresholds[j] = th[k]!;
  }
  return {fpr, tpr, thresholds};
}

// ---------------------------------------------------------------------------------------------------------------
// probability metrics

/**
 * Mean negative log-likelihood of the true labels (sklearn.metrics.log_loss, binary, natural log).
 * `probs` are probabilities of class 1; they are clipped to [eps, 1 - eps] first so a confident mistake costs a
 * large but finite amount. `eps` defaults to the float64 machine epsilon (sklearn's eps="auto").
 */
export function logLoss(yTrue: BinaryLabels, probs: Vector, options: {eps?: number} = {}): number {
  const {eps = Number.EPSILON} = options;
  if (typeof eps !== "number" || !(eps >= 0 && eps < 0.5)) {
    throw new LibraryInputError(`logLoss eps is ${describe(eps)}: expected a small number in [0, 0.5), such as 1e-15`);
  }
  const y = binaryLabels(yTrue, "yTrue");
  const p = probabilities(probs, "probs");
  const n = checkSameLength(y, p, "yTrue", "probs");
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const q = Math.min(Math.max(p[i]!, eps), 1 - eps);
    sum -= y[i] ? Math.log(q) : Math.log1p(-q);
  }
  return sum / n;
}

export interface CalibrationRow {
  /** Bin index, 0-based (empty bins are left out, as in sklearn). */
  bin: number;
  /** Lower and upper edge of the bin. */
  binStart: number;
  binEnd: number;
  /** Mean predicted probability of the rows in the bin (sklearn's prob_pred). */
  meanPredicted: number;
  /** Fraction of positives among those rows (sklearn's prob_true). */
  fractionPositive: number;
  /** Rows in the bin. */
  count: number;
}

/**
 * Calibration table (sklearn.calibration.calibration_curve, returned as rows with counts). `strategy: "uniform"`
 * cuts [0, 1] into `nBins` equal bins; `"quantile"` puts about the same number of rows in each bin. A value equal
 * to an inner edge goes to the upper bin; 1 goes to the last bin. Empty bins are left out.
 */
export function calibrationTable(
  yTrue: BinaryLabels,
  probs: Vector,
  options: {nBins?: number; strategy?: "uniform" | "quantile"} = {}
): CalibrationRow[] {
  const {nBins = 10, strategy = "uniform"} = options;
  if (!Number.isInteger(nBins) || nBins < 1) {
    throw new LibraryInputError(`calibrationTable nBins is ${describe(nBins)}: expected a whole number of bins, at least 1`);
  }
  if (strategy !== "uniform" && strategy !== "quantile") {
    throw new LibraryInputError(`calibrationTable strategy is ${describe(strategy)}: expected "uniform" or "quantile"`);
  }
  const y = binaryLabels(yTrue, "yTrue");
  const p = probabilities(probs, "probs");
  const n = checkSameLength(y, p, "yTrue", "probs");
  const edges = new Float64Array(nBins + 1);
  if (strategy === "uniform") {
    for (let b = 0; b <= nBins; b++) edges[b] = b / nBins;
  } else {
    // numpy.percentile with linear interpolation, as sklearn uses
    const sorted = Float64Array.from(p).sort();
    for (let b = 0; b <= nBins; b++) {
      const h = (b / nBins) * (n - 1);
      const lo = Math.floor(h);
      const hi = Math.min(lo + 1, n - 1);
      edges[b] = sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
    }
  }
  const sumP = new Float64Array(nBins);
  const sumY = new Float64Array(nBins);
  const count = new Float64Array(nBins);
  for (let i = 0; i < n; i++) {
    // searchsorted(edges[1:-1], p, side="right"): number of inner edges <= p
    let lo = 1;
    let hi = nBins; // search in edges[1..nBins-1]
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (edges[mid]! <= p[i]!) lo = mid + 1;
      else hi = mid;
    }
    const b = lo - 1;
    sumP[b] += p[i]!;
    sumY[b] += y[i]!;
    count[b]++;
  }
  const rows: CalibrationRow[] = [];
  for (let b = 0; b < nBins; b++) {
    if (count[b] === 0) continue;
    rows.push({
      bin: b,
      binStart: edges[b]!,
      binEnd: edges[b + 1]!,
      meanPredicted: sumP[b]! / count[b]!,
      fractionPositive: sumY[b]! / count[b]!,
      count: count[b]!
    });
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------------------------
// label metrics

/** Fraction of rows where the prediction equals the true label (sklearn.metrics.accuracy_score). Any labels. */
export function accuracyScore(yTrue: ClassLabels, yPred: ClassLabels): number {
  const a = checkArray(yTrue, "yTrue");
  const b = checkArray(yPred, "yPred");
  const n = checkSameLength(a, b, "yTrue", "yPred");
  let hit = 0;
  for (let i = 0; i < n; i++) {
    const u = a[i];
    const v = b[i];
    for (const [w, name] of [[u, "yTrue"], [v, "yPred"]] as const) {
      if (w == null || (typeof w === "number" && Number.isNaN(w))) {
        throw new LibraryInputError(`${name}[${i}] is ${describe(w)}: expected a class label`);
      }
    }
    if (labelKey(u) === labelKey(v)) hit++;
  }
  return hit / n;
}

// true and 1 are the same class, as are false and 0
function labelKey(v: unknown): string {
  if (v === true) return "n:1";
  if (v === false) return "n:0";
  return typeof v === "number" ? `n:${v}` : `s:${String(v)}`;
}

/**
 * Confusion matrix (sklearn.metrics.confusion_matrix): rows are true classes, columns predicted classes.
 * For 0/1 labels it is always 2 × 2, `[[tn, fp], [fn, tp]]`, even when one class is absent (sklearn would shrink
 * it to 1 × 1). For other labels the classes are sorted, or given in `labels` (which also selects: rows whose
 * true or predicted label is not listed are left out, as in sklearn).
 */
export function confusionMatrix(
  yTrue: ClassLabels,
  yPred: ClassLabels,
  options: {labels?: ReadonlyArray<number | string | boolean>} = {}
): number[][] {
  const a = checkArray(yTrue, "yTrue");
  const b = checkArray(yPred, "yPred");
  const n = checkSameLength(a, b, "yTrue", "yPred");
  for (let i = 0; i < n; i++) {
    for (const [w, name] of [[a[i], "yTrue"], [b[i], "yPred"]] as const) {
      if (w == null || (typeof w === "number" && Number.isNaN(w))) {
        throw new LibraryInputError(`${name}[${i}] is ${describe(w)}: expected a class label (0 or 1 for binary)`);
      }
    }
  }
  let labels: Array<number | string | boolean>;
  if (options.labels !== undefined) {
    if (!Array.isArray(options.labels) || options.labels.length === 0) {
      throw new LibraryInputError(`confusionMatrix labels is ${describe(options.labels)}: expected a non-empty array of class labels`);
    }
    labels = [...options.labels];
  } else {
    const seen = new Map<string, number | string | boolean>();
    for (const arr of [a, b]) for (let i = 0; i < n; i++) seen.set(labelKey(arr[i]), arr[i] as number | string | boolean);
    const keys = [...seen.keys()];
    if (keys.every((k) => k === "n:0" || k === "n:1")) labels = [0, 1];
    else {
      labels = [...seen.values()].sort((u, v) =>
        typeof u === "number" && typeof v === "number" ? u - v : String(u) < String(v) ? -1 : String(u) > String(v) ? 1 : 0
      );
    }
  }
  const index = new Map<string, number>();
  labels.forEach((l, j) => {
    if (index.has(labelKey(l))) throw new LibraryInputError(`confusionMatrix labels lists ${describe(l)} twice: each class once`);
    index.set(labelKey(l), j);
  });
  const m = labels.map(() => labels.map(() => 0));
  for (let i = 0; i < n; i++) {
    const r = index.get(labelKey(a[i]));
    const c = index.get(labelKey(b[i]));
    if (r !== undefined && c !== undefined) m[r]![c]!++;
  }
  return m;
}

export interface ThresholdReport {
  threshold: number;
  /** tp / (tp + fp); 0 when nothing is predicted positive (sklearn's zero_division default). */
  precision: number;
  /** tp / (tp + fn): the true positive rate. */
  recall: number;
  /** Harmonic mean of precision and recall; 0 when both are 0. */
  f1: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

/**
 * Precision, recall and F1 when rows with `score >= threshold` are predicted positive (the rule of
 * sklearn.metrics.precision_recall_curve), with the four counts behind them.
 */
export function precisionRecallAtThreshold(yTrue: BinaryLabels, scores: Vector, threshold: number): ThresholdReport {
  if (typeof threshold !== "number" || Number.isNaN(threshold)) {
    throw new LibraryInputError(`threshold is ${describe(threshold)}: expected a number, such as 0.5`);
  }
  const y = binaryLabels(yTrue, "yTrue");
  const s = finiteValues(scores, "scores");
  const n = checkSameLength(y, s, "yTrue", "scores");
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (let i = 0; i < n; i++) {
    const predicted = s[i]! >= threshold;
    if (y[i]) {
      if (predicted) tp++;
      else fn++;
    } else if (predicted) fp++;
    else tn++;
  }
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return {threshold, precision, recall, f1, tp, fp, tn, fn};
}
