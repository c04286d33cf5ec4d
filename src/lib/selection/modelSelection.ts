// Splitting rows for honest evaluation, with scikit-learn's names, defaults and fold sizes.
import type {ColumnTable} from "arquero";
import {LibraryInputError, describe} from "../base.js";
import {makeRandom} from "../random.js";
import {isTable} from "../table.js";

export interface SplitOptions {
  /** Fraction of rows for the test set (0 < testSize < 1) or a row count. Default 0.25, as scikit-learn. */
  testSize?: number;
  /** Seed for the shuffle; the same seed gives the same split. Default 0. */
  randomState?: number | string;
  /** Shuffle before splitting (default true); false keeps the first rows for training, the last for testing. */
  shuffle?: boolean;
  /** Class labels: keep each class's share the same in train and test. */
  stratify?: ArrayLike<unknown>;
}

export interface SplitIndices {
  train: Int32Array;
  test: Int32Array;
}

function testCount(n: number, testSize: number): number {
  if (typeof testSize !== "number" || !(testSize > 0)) {
    throw new LibraryInputError(`testSize must be a fraction between 0 and 1 or a row count >= 1, got ${describe(testSize)}`);
  }
  const k = testSize < 1 ? Math.ceil(testSize * n) : testSize;
  if (!Number.isInteger(k) || k >= n) {
    throw new LibraryInputError(
      `testSize=${testSize} leaves no rows for training out of ${n}: use a fraction below 1 or a count below ${n}`
    );
  }
  return k;
}

/** The row indices of a train/test split of n rows. */
export function trainTestSplitIndices(n: number, options: SplitOptions = {}): SplitIndices {
  if (!Number.isInteger(n) || n < 2) throw new LibraryInputError(`a split needs at least 2 rows, got ${describe(n)}`);
  const {testSize = 0.25, randomState = 0, shuffle = true, stratify} = options;
  const nTest = testCount(n, testSize);
  if (!shuffle) {
    if (stratify) throw new LibraryInputError("stratify needs shuffle: true (a stratified split picks rows at random within each class)");
    return {train: Int32Array.from({length: n - nTest}, (_, i) => i), test: Int32Array.from({length: nTest}, (_, i) => n - nTest + i)};
  }
  const rng = makeRandom(randomState);
  if (!stratify) {
    const perm = rng.permutation(n);
    return {train: perm.slice(nTest), test: perm.slice(0, nTest)};
  }
  if (stratify.length !== n) {
    throw new LibraryInputError(`stratify has ${stratify.length} labels but there are ${n} rows: give one label per row`);
  }
  const classes = new Map<unknown, number[]>();
  for (let i = 0; i < n; i++) {
    let g = classes.get(stratify[i]);
    if (!g) classes.set(stratify[i], (g = []));
    g.push(i);
  }
  for (const [label, rows] of classes) {
    if (rows.length < 2) {
      throw new LibraryInputError(`stratify: class ${describe(label)} has only 1 row; each class needs at least 2 to appear in both train and test`);
    }
  }
  // Each class gets its share of the test rows, rounded down, then the leftover rows go to the largest remainders.
  const groups = [...classes.values()];
  const exact = groups.map((g) => (g.length * nTest) / n);
  const alloc = exact.map(Math.floor);
  let left = nTest - alloc.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of byRemainder) {
    if (left === 0) break;
    alloc[i]++;
    left--;
  }
  const train: number[] = [];
  const test: number[] = [];
  groups.forEach((g, c) => {
    const order = rng.permutation(g.length);
    for (let r = 0; r < g.length; r++) (r < alloc[c] ? test : train).push(g[order[r]]);
  });
  // Mix the classes so neither part is sorted by class.
  return {train: Int32Array.from(rng.shuffle(train)), test: Int32Array.from(rng.shuffle(test))};
}

/** The elements of `values` at `indices`, as a plain array. */
export function take<T>(values: ArrayLike<T>, indices: ArrayLike<number>): T[] {
  const out = new Array<T>(indices.length);
  for (let i = 0; i < indices.length; i++) out[i] = values[indices[i]];
  return out;
}

/** Rows of an arquero table at positions `indices` (positions in the table's current filter and order). */
export function takeRows(t: ColumnTable, indices: ArrayLike<number>): ColumnTable {
  const raw = t.isFiltered() || t.isOrdered() ? t.indices() : null;
  const rows = Array.from(indices, (i) => (raw ? raw[i] : i));
  return t.reify(rows);
}

/**
 * Split a table into [train, test], or arrays into [aTrain, aTest, bTrain, bTest, ...] (scikit-learn's order).
 * `trainTestSplit(X, y, {testSize: 0.3, randomState: 42})`; pass more arrays (segments, ids) to split them alike.
 */
export function trainTestSplit(t: ColumnTable, options?: SplitOptions): [ColumnTable, ColumnTable];
export function trainTestSplit<T>(X: ArrayLike<T>, options?: SplitOptions): [T[], T[]];
export function trainTestSplit<T, U>(X: ArrayLike<T>, y: ArrayLike<U>, options?: SplitOptions): [T[], T[], U[], U[]];
export function trainTestSplit<T, U, V>(
  X: ArrayLike<T>,
  y: ArrayLike<U>,
  z: ArrayLike<V>,
  options?: SplitOptions
): [T[], T[], U[], U[], V[], V[]];
export function trainTestSplit(...args: unknown[]): unknown[] {
  let options: SplitOptions = {};
  const last = args[args.length - 1];
  if (args.length > 1 && last && typeof last === "object" && !isTable(last) && typeof (last as ArrayLike<unknown>).length !== "number") {
    options = args.pop() as SplitOptions;
  }
  if (args.length === 0) throw new LibraryInputError("trainTestSplit needs a table or at least one array to split");
  if (args.length === 1 && isTable(args[0])) {
    const t = args[0];
    const {train, test} = trainTestSplitIndices(t.numRows(), options);
    return [takeRows(t, train), takeRows(t, test)];
  }
  args.forEach((a, i) => {
    if (isTable(a)) throw new LibraryInputError(`trainTestSplit: argument ${i + 1} is a table; split a table alone: trainTestSplit(table, options)`);
    if (!a || typeof (a as ArrayLike<unknown>).length !== "number" || typeof a === "string") {
      throw new LibraryInputError(`trainTestSplit: argument ${i + 1} must be an array, got ${describe(a)}`);
    }
  });
  const arrays = args as ArrayLike<unknown>[];
  const n = arrays[0].length;
  arrays.forEach((a, i) => {
    if (a.length !== n) {
      throw new LibraryInputError(`trainTestSplit: argument ${i + 1} has ${a.length} rows but the first has ${n}: they must match`);
    }
  });
  const {train, test} = trainTestSplitIndices(n, options);
  return arrays.flatMap((a) => [take(a, train), take(a, test)]);
}

export interface KFoldOptions {
  /** Number of folds (default 5, at least 2). */
  nSplits?: number;
  /** Shuffle rows before cutting folds (default false, as scikit-learn). */
  shuffle?: boolean;
  randomState?: number | string;
}

function rowCount(n: number | ArrayLike<unknown>, fn: string): number {
  const count = typeof n === "number" ? n : n?.length;
  if (!Number.isInteger(count) || count < 0) throw new LibraryInputError(`${fn} needs a row count or an array, got ${describe(n)}`);
  return count;
}

/** K folds: each row is in exactly one test fold. The first n % k folds get one extra row, as in scikit-learn. */
export function kFold(n: number | ArrayLike<unknown>, options: KFoldOptions = {}): SplitIndices[] {
  const rows = rowCount(n, "kFold");
  const {nSplits = 5, shuffle = false, randomState = 0} = options;
  if (!Number.isInteger(nSplits) || nSplits < 2) throw new LibraryInputError(`kFold nSplits must be a whole number >= 2, got ${describe(nSplits)}`);
  if (nSplits > rows) throw new LibraryInputError(`kFold cannot make ${nSplits} folds from ${rows} rows: use nSplits <= ${rows}`);
  const order = shuffle ? makeRandom(randomState).permutation(rows) : Int32Array.from({length: rows}, (_, i) => i);
  const folds: SplitIndices[] = [];
  let start = 0;
  for (let f = 0; f < nSplits; f++) {
    const size = Math.floor(rows / nSplits) + (f < rows % nSplits ? 1 : 0);
    const test = order.slice(start, start + size);
    const train = new Int32Array(rows - size);
    train.set(order.subarray(0, start), 0);
    train.set(order.subarray(start + size), start);
    folds.push({train, test});
    start += size;
  }
  return folds;
}

export interface TimeSeriesSplitOptions {
  nSplits?: number;
  /** Rows per test fold; default floor(n / (nSplits + 1)). */
  testSize?: number;
  /** Rows left out between train and test (default 0). */
  gap?: number;
}

/** Expanding-window splits for ordered data: always train on the past, test on the next block (scikit-learn's rule). */
export function timeSeriesSplit(n: number | ArrayLike<unknown>, options: TimeSeriesSplitOptions = {}): SplitIndices[] {
  const rows = rowCount(n, "timeSeriesSplit");
  const {nSplits = 5, gap = 0} = options;
  if (!Number.isInteger(nSplits) || nSplits < 2) throw new LibraryInputError(`timeSeriesSplit nSplits must be a whole number >= 2, got ${describe(nSplits)}`);
  const testSize = options.testSize ?? Math.floor(rows / (nSplits + 1));
  if (!Number.isInteger(gap) || gap < 0) throw new LibraryInputError(`timeSeriesSplit gap must be a whole number >= 0, got ${describe(gap)}`);
  if (!Number.isInteger(testSize) || testSize < 1 || rows - gap - testSize * nSplits <= 0) {
    throw new LibraryInputError(
      `timeSeriesSplit cannot make ${nSplits} splits of ${testSize} test rows (gap ${gap}) from ${rows} rows: use fewer splits or more rows`
    );
  }
  const out: SplitIndices[] = [];
  for (let s = rows - nSplits * testSize; s < rows; s += testSize) {
    out.push({
      train: Int32Array.from({length: s - gap}, (_, i) => i),
      test: Int32Array.from({length: testSize}, (_, i) => s + i)
    });
  }
  return out;
}
