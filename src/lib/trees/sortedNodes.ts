// Small nodes of deep trees (forests grown to pure leaves): their rows kept sorted by bin for every feature, in
// block-local copies of the data. Moved out of grower.ts, which decides when a node switches here (SORT_BELOW).
//
// - Kept-sorted lists: the lists are sorted once when a node first falls below SORT_BELOW rows (a counting sort:
//   bins are bytes), and a split partitions them stably, so children stay sorted for free (the "presorted" method of
//   early CART / scikit-learn's old presort). Split search is then one sweep per feature (scanSortedList) instead of
//   a 255-bin histogram scan that costs the same for 5 rows as for 5,000.
// - Block-local copies: when a node enters, its rows' target, weight, bins (and pure-node target) are copied to the
//   positions it occupies in idx, and idx (and the lists) then hold those positions instead of row numbers: the whole
//   subtree below reads a few kB of contiguous memory instead of rows scattered over the data set.
// Measured on 32,000 x 12, full-depth trees (~40,000 nodes each): sorting every small node's rows anew took ~60 ms a
// tree in split search alone, and the whole fit ~150 ms a tree; with kept-sorted lists (counting-sorted once), pooled
// node records and a special case for two-row nodes, ~75 ms a tree on the same loaded machine, and ~65 ms with the
// block-local copies (the sweeps were bound by cache misses on scattered rows; the classifier's sqrt-features forest
// went from ~40 to ~23 ms a tree). SORT_BELOW = 256 beat 64 and 1,024 there.

import {scanSortedList, type SplitInfo, type SplitRule} from "./splitter.js";

export class SortedNodes {
  /** Target and weight, interleaved, by position (th[2k], th[2k + 1]: one cache line per row instead of two). */
  th = new Float64Array(0);
  /** Per feature, the bin by position. */
  cols: Uint8Array[] = [];
  /** The pure-node test's target, by position. */
  y = new Float64Array(0);
  /** The row number of each position (to restore idx at the end). */
  private row = new Uint32Array(0);
  /** Per feature, positions sorted by bin within each block's range. */
  private lists: Uint32Array[] = [];
  /** 1 for positions going left in the split being applied. */
  private side = new Uint8Array(0);
  private readonly count = new Int32Array(257);
  /** The [start, end) ranges of idx that hold positions, flattened. */
  private blocks: number[] = [];

  /** `columns`: the bins of every row, one array per feature. Buffers are allocated at the first block (boosting,
   * whose trees never use blocks, skips ~2.8 MB per fit on 32,000 x 12). */
  constructor(private readonly columns: Uint8Array[]) {}

  /** Start a new tree. */
  reset(): void {
    this.blocks = [];
  }

  /**
   * Switch the node idx[s..e) to block-local data: copy its rows' target t, weight h, bins (and pure-test target y)
   * to their positions, make idx hold positions, and counting-sort the positions by bin for every feature.
   */
  enter(idx: Uint32Array, s: number, e: number, t: Float64Array, h: Float64Array, y: Float64Array | undefined): void {
    this.allocate();
    const {th, row} = this;
    for (let k = s; k < e; k++) {
      const i = idx[k];
      row[k] = i;
      th[2 * k] = t[i];
      th[2 * k + 1] = h[i];
      if (y) this.y[k] = y[i];
      idx[k] = k;
    }
    this.blocks.push(s, e);
    const count = this.count;
    for (let f = 0; f < this.columns.length; f++) {
      const col = this.columns[f];
      const cb = this.cols[f];
      const list = this.lists[f];
      count.fill(0);
      for (let k = s; k < e; k++) {
        const b = col[row[k]];
        cb[k] = b;
        count[b + 1]++;
      }
      for (let b = 1; b < 257; b++) count[b] += count[b - 1];
      for (let k = s; k < e; k++) list[s + count[cb[k]]++] = k;
    }
  }

  private allocate(): void {
    const n = this.columns[0].length;
    if (this.row.length === n) return;
    this.th = new Float64Array(2 * n);
    this.y = new Float64Array(n);
    this.row = new Uint32Array(n);
    this.side = new Uint8Array(n);
    this.lists = [];
    this.cols = [];
    for (let f = 0; f < this.columns.length; f++) {
      this.lists.push(new Uint32Array(n));
      this.cols.push(new Uint8Array(n));
    }
  }

  /** Best split of the block node [s, e) on feature f (see scanSortedList); false when f is constant there. */
  scan(f: number, s: number, e: number, T: number, H: number, C: number, rule: SplitRule, best: SplitInfo): boolean {
    return scanSortedList(this.lists[f], this.cols[f], s, e, f, this.th, T, H, C, rule, best);
  }

  /** After idx[s..e) was split at mid, split every feature's sorted list the same way (stable: both sides stay
   * sorted). `buffer` is scratch space of idx's length. */
  partitionLists(idx: Uint32Array, s: number, mid: number, e: number, buffer: Uint32Array): void {
    const side = this.side;
    for (let k = s; k < mid; k++) side[idx[k]] = 1;
    for (let k = mid; k < e; k++) side[idx[k]] = 0;
    for (let g = 0; g < this.lists.length; g++) {
      const list = this.lists[g];
      let w = s;
      let r = 0;
      for (let k = s; k < e; k++) {
        const i = list[k];
        const goLeft = side[i];
        list[w] = i;
        buffer[r] = i;
        w += goLeft;
        r += 1 - goLeft;
      }
      for (let k = 0; k < r; k++) list[w + k] = buffer[k];
    }
  }

  /** Positions back to row numbers in idx, at the end of a tree. */
  restore(idx: Uint32Array): void {
    const blocks = this.blocks;
    for (let b = 0; b < blocks.length; b += 2) for (let k = blocks[b]; k < blocks[b + 1]; k++) idx[k] = this.row[idx[k]];
  }
}
