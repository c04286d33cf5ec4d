// K folds that keep each class's share in every test fold (scikit-learn's StratifiedKFold). Without shuffle the
// folds are exactly scikit-learn's: rows of each class go to folds in blocks, in their order, with the per-fold
// counts of a round robin over the labels sorted by class (classes numbered by first appearance). With shuffle,
// each class's fold labels are shuffled by this library's generator, so the folds differ from scikit-learn's.
import {LibraryInputError, describe} from "../base.js";
import {makeRandom} from "../random.js";
import type {KFoldOptions, SplitIndices} from "./modelSelection.js";

/** Stratified K folds of the rows labelled y: each row in exactly one test fold, each fold with about each class's share. */
export function stratifiedKFold(y: ArrayLike<unknown>, options: KFoldOptions = {}): SplitIndices[] {
  const fn = "stratifiedKFold";
  if (y === null || typeof y !== "object" || !Number.isInteger((y as ArrayLike<unknown>).length)) {
    throw new LibraryInputError(`${fn}(y) needs the class labels, one per row (an array), got ${describe(y)}`);
  }
  const {nSplits = 5, shuffle = false, randomState = 0} = options;
  if (!Number.isInteger(nSplits) || nSplits < 2) throw new LibraryInputError(`${fn} nSplits must be a whole number >= 2, got ${describe(nSplits)}`);
  const n = y.length;
  // Classes numbered in order of first appearance, as scikit-learn encodes them.
  const classOf = new Int32Array(n);
  const ids = new Map<unknown, number>();
  for (let i = 0; i < n; i++) {
    const label = y[i];
    if (label === null || label === undefined || (typeof label === "number" && Number.isNaN(label))) {
      throw new LibraryInputError(`${fn}: y[${i}] is ${describe(label)}: every row needs a class label`);
    }
    let c = ids.get(label);
    if (c === undefined) ids.set(label, (c = ids.size));
    classOf[i] = c;
  }
  const counts = new Int32Array(ids.size);
  for (let i = 0; i < n; i++) counts[classOf[i]!]!++;
  if (counts.every((c) => nSplits > c)) {
    throw new LibraryInputError(`${fn} cannot make ${nSplits} folds: no class has ${nSplits} rows (the largest has ${Math.max(0, ...counts)}); use fewer folds`);
  }
  // allocation[f][k]: rows of class k in test fold f = how many of the sorted labels at positions f, f + nSplits, ... are k.
  const allocation = Array.from({length: nSplits}, () => new Int32Array(ids.size));
  let position = 0;
  for (let k = 0; k < ids.size; k++) {
    for (let r = 0; r < counts[k]!; r++, position++) allocation[position % nSplits]![k]!++;
  }
  const random = makeRandom(randomState);
  const foldOf = new Int32Array(n);
  for (let k = 0; k < ids.size; k++) {
    const labels: number[] = [];
    for (let f = 0; f < nSplits; f++) for (let r = 0; r < allocation[f]![k]!; r++) labels.push(f);
    const order = shuffle ? random.shuffle(labels) : labels;
    let next = 0;
    for (let i = 0; i < n; i++) if (classOf[i] === k) foldOf[i] = order[next++]!;
  }
  const folds: SplitIndices[] = [];
  for (let f = 0; f < nSplits; f++) {
    const test: number[] = [];
    const train: number[] = [];
    for (let i = 0; i < n; i++) (foldOf[i] === f ? test : train).push(i);
    folds.push({train: Int32Array.from(train), test: Int32Array.from(test)});
  }
  return folds;
}
