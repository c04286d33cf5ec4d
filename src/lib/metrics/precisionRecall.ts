// Precision against recall over every threshold, and its summary, with scikit-learn's definitions (1.2):
// sklearn.metrics.precision_recall_curve and average_precision_score, binary labels. For rare positives (churners,
// buyers) they say more than ROC: precision is what a campaign pays for.
import {LibraryInputError} from "../base.js";
import {binaryLabels, finiteNumbers, sameLength} from "../calibration/inputs.js";

export interface PrecisionRecallCurve {
  /** Precision at each threshold, then 1 (scikit-learn's order: thresholds ascending, recall falling). */
  precision: Float64Array;
  /** Recall at each threshold, then 0. */
  recall: Float64Array;
  /** The distinct scores, ascending; a row is predicted positive when its score is >= the threshold. */
  thresholds: Float64Array;
}

/**
 * `precision_recall_curve(y_true, probas_pred)`: one point per distinct score. Precision is 0 where nothing is
 * predicted positive; the final point (precision 1, recall 0) has no threshold.
 */
export function precisionRecallCurve(yTrue: ArrayLike<number | boolean>, scores: ArrayLike<number>): PrecisionRecallCurve {
  const fn = "precisionRecallCurve";
  const y = binaryLabels(yTrue, fn, "yTrue");
  const s = finiteNumbers(scores, fn, "scores");
  const n = sameLength(y, s, fn, "yTrue", "scores");
  const order = Array.from({length: n}, (_, i) => i).sort((a, b) => s[b]! - s[a]! || a - b);
  // cumulative true and false positives at each distinct score, highest first
  const tps: number[] = [];
  const fps: number[] = [];
  const thresholds: number[] = [];
  let tp = 0;
  for (let k = 0; k < n; k++) {
    tp += y[order[k]!]!;
    if (k === n - 1 || s[order[k + 1]!] !== s[order[k]!]) {
      tps.push(tp);
      fps.push(k + 1 - tp);
      thresholds.push(s[order[k]!]!);
    }
  }
  const m = tps.length;
  const totalPositives = tps[m - 1]!;
  if (totalPositives === 0) throw new LibraryInputError(`${fn}: yTrue has no positive (1) label: recall is undefined without positives`);
  const precision = new Float64Array(m + 1);
  const recall = new Float64Array(m + 1);
  const t = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    const r = m - 1 - k; // reversed: thresholds ascending
    const predicted = tps[r]! + fps[r]!;
    precision[k] = predicted ? tps[r]! / predicted : 0;
    recall[k] = tps[r]! / totalPositives;
    t[k] = thresholds[r]!;
  }
  precision[m] = 1;
  recall[m] = 0;
  return {precision, recall, thresholds: t};
}

/**
 * `average_precision_score(y_true, y_score)`: the precision at each threshold weighted by the recall it adds,
 * Σ (R_k − R_{k−1}) P_k (a step sum, not the trapezoid). A random ranking scores about the share of positives.
 */
export function averagePrecisionScore(yTrue: ArrayLike<number | boolean>, scores: ArrayLike<number>): number {
  const {precision, recall} = precisionRecallCurve(yTrue, scores);
  let ap = 0;
  for (let k = 0; k < recall.length - 1; k++) ap += (recall[k]! - recall[k + 1]!) * precision[k]!;
  return ap;
}
