// Splits that keep groups of rows together: every row of a customer on one side (groupKFold), every row of a
// snapshot month on one side and the test month after its training months (groupTimeSeriesSplit).
import {LibraryInputError, describe} from "../base.js";
import type {SplitIndices} from "../selection/modelSelection.js";

function groupValues(groups: ArrayLike<unknown>, fn: string): ArrayLike<unknown> {
  if (!groups || typeof groups === "string" || typeof (groups as ArrayLike<unknown>).length !== "number") {
    throw new LibraryInputError(`${fn} needs one group label per row (an array), got ${describe(groups)}`);
  }
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i];
    if (g === null || g === undefined || (typeof g === "number" && Number.isNaN(g))) {
      throw new LibraryInputError(`${fn}: the group of row ${i} is ${describe(g)}: every row needs a group`);
    }
  }
  return groups;
}

/** Distinct values in ascending order (numbers by value, anything else as text). */
function sortedDistinct(groups: ArrayLike<unknown>): unknown[] {
  const distinct = [...new Set(Array.from(groups))];
  const numeric = distinct.every((g) => typeof g === "number");
  return numeric ? (distinct as number[]).sort((a, b) => a - b) : distinct.sort((a, b) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0));
}

/**
 * scikit-learn's `GroupKFold` (1.2): k folds in which no group (a customer) is in both train and test. Groups go, the
 * largest first, to the fold with the fewest rows so far, so the folds come out about the same size; no shuffling.
 */
export function groupKFold(groups: ArrayLike<unknown>, options: {nSplits?: number} = {}): SplitIndices[] {
  const fn = "groupKFold";
  const g = groupValues(groups, fn);
  const {nSplits = 5} = options ?? {};
  if (!Number.isInteger(nSplits) || nSplits < 2) throw new LibraryInputError(`${fn}: nSplits must be a whole number >= 2, got ${describe(nSplits)}`);
  // Distinct groups in sorted order (numpy.unique), with their sizes.
  const distinct = sortedDistinct(g);
  if (distinct.length < nSplits) {
    throw new LibraryInputError(`${fn}: cannot make ${nSplits} folds from ${distinct.length} groups: use nSplits <= ${distinct.length}`);
  }
  const index = new Map(distinct.map((v, k) => [v, k]));
  const sizes = new Float64Array(distinct.length);
  const rowGroup = Int32Array.from({length: g.length}, (_, i) => index.get(g[i])!);
  for (const k of rowGroup) sizes[k]++;
  // numpy's argsort(sizes)[::-1] (quicksort: not stable) is matched for distinct sizes; among equal sizes scikit-learn's
  // order depends on numpy's sort internals, so here equal sizes go by descending group index, which is what the
  // reversed stable sort gives.
  const order = Array.from(sizes.keys()).sort((a, b) => sizes[a] - sizes[b] || a - b).reverse();
  const foldRows = new Float64Array(nSplits);
  const groupFold = new Int32Array(distinct.length);
  for (const k of order) {
    let light = 0;
    for (let f = 1; f < nSplits; f++) if (foldRows[f] < foldRows[light]) light = f;
    foldRows[light] += sizes[k];
    groupFold[k] = light;
  }
  return Array.from({length: nSplits}, (_, f) => {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < rowGroup.length; i++) (groupFold[rowGroup[i]] === f ? test : train).push(i);
    return {train: Int32Array.from(train), test: Int32Array.from(test)};
  });
}

export interface GroupTimeSeriesSplitOptions {
  /** Test folds: the last nSplits groups (default: every group that leaves at least one training group). */
  nSplits?: number;
  /** Groups left out between the last training group and the test group (default 0): months whose labels are not known yet. */
  gap?: number;
}

/**
 * Forward validation over ordered groups (snapshot months): each test fold is one group; its training rows are the
 * groups before it less the `gap` groups just before it. A group is never split, and no fold trains on its future
 * (scikit-learn's `TimeSeriesSplit`, with `gap` counted in groups rather than rows). Each fold names its test `group`.
 */
export function groupTimeSeriesSplit(groups: ArrayLike<unknown>, options: GroupTimeSeriesSplitOptions = {}): (SplitIndices & {group: unknown})[] {
  const fn = "groupTimeSeriesSplit";
  const g = groupValues(groups, fn);
  const {gap = 0} = options ?? {};
  if (!Number.isInteger(gap) || gap < 0) throw new LibraryInputError(`${fn}: gap must be a whole number of groups >= 0, got ${describe(gap)}`);
  const distinct = sortedDistinct(g);
  const possible = distinct.length - gap - 1;
  const nSplits = options?.nSplits ?? Math.max(1, possible);
  if (!Number.isInteger(nSplits) || nSplits < 1) throw new LibraryInputError(`${fn}: nSplits must be a whole number >= 1, got ${describe(options?.nSplits)}`);
  if (nSplits > possible) {
    throw new LibraryInputError(
      `${fn}: ${distinct.length} groups with a gap of ${gap} leave ${Math.max(0, possible)} test groups with training rows before them, fewer than nSplits = ${nSplits}`
    );
  }
  const index = new Map(distinct.map((v, k) => [v, k]));
  const rowGroup = Int32Array.from({length: g.length}, (_, i) => index.get(g[i])!);
  const folds: (SplitIndices & {group: unknown})[] = [];
  for (let t = distinct.length - nSplits; t < distinct.length; t++) {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < rowGroup.length; i++) {
      if (rowGroup[i] === t) test.push(i);
      else if (rowGroup[i] < t - gap) train.push(i);
    }
    folds.push({train: Int32Array.from(train), test: Int32Array.from(test), group: distinct[t]});
  }
  return folds;
}
