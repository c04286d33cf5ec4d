// A gains and lift table: rank customers by score, cut them into equal groups (deciles by default), and read how
// many of the positives each group holds. "The top 10 % holds 35 % of the churners: a lift of 3.5." No scikit-learn
// function; scikit-plot draws it as plot_cumulative_gain and plot_lift_curve.
import {LibraryInputError, describe} from "../base.js";
import {binaryLabels, finiteNumbers, sameLength} from "../calibration/inputs.js";

export interface GainsRow {
  /** 1 for the highest scores. */
  group: number;
  count: number;
  positives: number;
  /** positives / count. */
  rate: number;
  /** rate / the overall rate: how many times better than picking at random. */
  lift: number;
  /** Share of all rows in groups 1..group. */
  cumulativeShare: number;
  /** Share of all positives in groups 1..group (the gains curve). */
  cumulativeGain: number;
  /** cumulativeGain / cumulativeShare. */
  cumulativeLift: number;
}

/**
 * Rows sorted by score (highest first; ties keep their order), cut into `nGroups` groups of sizes as equal as
 * possible (the first n % nGroups one larger, as numpy's array_split).
 */
export function gainsTable(yTrue: ArrayLike<number | boolean>, scores: ArrayLike<number>, options: {nGroups?: number} = {}): GainsRow[] {
  const fn = "gainsTable";
  const y = binaryLabels(yTrue, fn, "yTrue");
  const s = finiteNumbers(scores, fn, "scores");
  const n = sameLength(y, s, fn, "yTrue", "scores");
  const {nGroups = 10} = options ?? {};
  if (!Number.isInteger(nGroups) || nGroups < 1 || nGroups > n) throw new LibraryInputError(`${fn}: nGroups must be a whole number from 1 to the number of rows (${n}), got ${describe(nGroups)}`);
  let total = 0;
  for (let i = 0; i < n; i++) total += y[i]!;
  if (total === 0) throw new LibraryInputError(`${fn}: yTrue has no positive (1) label: there is nothing to gain`);
  const order = Array.from({length: n}, (_, i) => i).sort((a, b) => s[b]! - s[a]! || a - b);
  const rows: GainsRow[] = [];
  let start = 0, seen = 0, found = 0;
  for (let g = 0; g < nGroups; g++) {
    const size = Math.floor(n / nGroups) + (g < n % nGroups ? 1 : 0);
    let positives = 0;
    for (let k = start; k < start + size; k++) positives += y[order[k]!]!;
    start += size;
    seen += size;
    found += positives;
    const rate = positives / size;
    rows.push({
      group: g + 1, count: size, positives, rate, lift: rate / (total / n),
      cumulativeShare: seen / n, cumulativeGain: found / total, cumulativeLift: found / total / (seen / n)
    });
  }
  return rows;
}
