// Grows one tree on binned data, for both gradient boosting and random forests.
//
// The rows of a node are a contiguous range of one index array (scikit-learn's sample_indices): splitting a node
// partitions its range in place, so no per-node arrays are allocated and a leaf's rows are known at the end (boosting
// uses that to update its training predictions without walking the tree).
// Growth order:
// - best-first (LightGBM's leaf-wise growth, scikit-learn HistGradientBoosting) when maxLeafNodes is finite: always
//   split the leaf with the largest gain next, until maxLeafNodes leaves;
// - depth-first otherwise (forests grown to pure leaves): fewer histograms alive at once.
// Split search, by node size:
// - nodes of SORT_BELOW rows or more use histograms: all features at once with the sibling trick when every node
//   sees every feature (boosting, the regression forest), or one histogram per drawn feature otherwise;
// - smaller nodes keep, for every feature, their rows sorted by bin, in block-local copies of the data (see
//   sortedNodes.ts, with the measurements that chose this and SORT_BELOW = 256).
// With maxFeatures < p (forests), each node draws features without replacement until it has seen maxFeatures that are
// not constant in the node, as scikit-learn's splitter does.

import {BIN_STRIDE, CHANNELS, HistogramPool, addWithoutCounts, buildFeatureHistogram, countTemplate, buildHistogram, buildHistogramUnitWeight, histogramSize, subtractHistogram} from "./histogram.js";
import {SortedNodes} from "./sortedNodes.js";
import {emptySplit, scanAllFeatures, scanHistogram, type SplitInfo, type SplitRule} from "./splitter.js";
import {Tree} from "./tree.js";

/** Nodes with fewer rows than this search splits on kept-sorted row lists instead of histograms. */
export const SORT_BELOW = 256;

/** Training data after binning: row-major bytes, plus each feature's bin count and cut points. */
export interface BinnedData {
  binned: Uint8Array;
  n: number;
  p: number;
  nBins: Uint16Array;
  cuts: Float64Array[];
}

export interface GrowOptions {
  maxDepth: number;
  maxLeafNodes: number;
  minSamplesLeaf: number;
  minHessian: number;
  l2: number;
  /** A split must have a gain above this (0 for boosting; -Infinity for forests, which split any impure node). */
  minGain: number;
  /** Features looked at per node; p means all (and enables the sibling histogram trick). */
  maxFeatures: number;
  /** Needed when maxFeatures < p. */
  random?: () => number;
  /** When given, a node whose rows all have the same value here is not split (forests: a pure node). */
  pureTarget?: Float64Array;
  /** Leaf value = leafScale * T / (H + l2). */
  leafScale: number;
  /** Every h is 1 (squared and absolute error): lighter histograms. */
  unitWeight?: boolean;
  /** Thresholds at the last non-empty bin on the left, as scikit-learn's boosting (see scanHistogram). */
  thresholdAtLastBin?: boolean;
  /** Nodes below this many rows use kept-sorted lists (default SORT_BELOW). Boosting passes 0: its trees stop at
   * 31 leaves of 20+ rows, too shallow to repay sorting (measured ~15 % faster with histograms throughout). */
  sortBelow?: number;
}

export interface GrownTree {
  tree: Tree;
  /** The row indices, partitioned so that node k owns idx[start[k] .. end[k]). */
  idx: Uint32Array;
  start: Int32Array;
  end: Int32Array;
  /** Sum of split gains per feature (impurity decrease): the tree's unnormalised feature importances. */
  gainByFeature: Float64Array;
}

/** A leaf that may still be split, with its best split. Recycled through a free list: a full-depth forest tree has
 * ~40,000 nodes, and allocating an object per node cost ~10 % of the fit in garbage collection. */
interface Pending extends SplitInfo {
  node: number;
  start: number;
  end: number;
  depth: number;
  T: number;
  H: number;
  C: number;
  hist: Float64Array | null;
  /** The node's rows are kept sorted per feature in `lists`. */
  sorted: boolean;
}

export class Grower {
  private readonly pool: HistogramPool;
  private readonly featureHist = new Float64Array(BIN_STRIDE * CHANNELS);
  /** Small nodes' kept-sorted lists and block-local data (forests; see sortedNodes.ts). */
  private readonly sortedNodes: SortedNodes;
  private readonly buffer: Uint32Array;
  private readonly order: Int32Array;
  private readonly best = emptySplit(0);
  /** Column-major copy of the bins, one Uint8Array per feature: partitions and the sorted sweeps read a single
   * feature of rows in no particular order, and a 32,000-byte column stays in L1 cache. (A partition alone measured
   * the same either way; the copy costs n x p bytes once per fit.) */
  private readonly columns: Uint8Array[];
  private readonly free: Pending[] = [];
  private t: Float64Array = new Float64Array(0);
  /** The root's count channel when it holds every row (see countTemplate). */
  private rootCounts: Float64Array | null = null;
  private h: Float64Array = new Float64Array(0);
  private nodeStart = new Int32Array(64);
  private nodeEnd = new Int32Array(64);

  constructor(readonly data: BinnedData) {
    const {n, p, binned} = data;
    this.pool = new HistogramPool(histogramSize(p));
    this.buffer = new Uint32Array(n);
    this.order = new Int32Array(p);
    this.columns = [];
    for (let f = 0; f < p; f++) {
      const col = new Uint8Array(n);
      for (let i = 0; i < n; i++) col[i] = binned[i * p + f];
      this.columns.push(col);
    }
    this.sortedNodes = new SortedNodes(this.columns);
  }

  /**
   * Grow a tree on the rows idx[0..m) (each row at most once) with per-row target t and weight h (indexed by row
   * number). `idx` is reordered in place. `rootSums`, when the caller has them, are the sums of t and h over
   * idx[0..m) in that order (boosting gets them from its gradient pass: one pass over the rows less).
   */
  grow(idx: Uint32Array, m: number, t: Float64Array, h: Float64Array, opt: GrowOptions, rootSums?: Float64Array): GrownTree {
    const {p} = this.data;
    this.t = t;
    this.h = h;
    const sortBelow = opt.sortBelow ?? SORT_BELOW;
    this.sortedNodes.reset();
    const tree = new Tree(64);
    const gainByFeature = new Float64Array(p);
    const full = opt.maxFeatures >= p;
    const bestFirst = Number.isFinite(opt.maxLeafNodes);
    const unitWeight = opt.unitWeight === true;
    const rule: SplitRule = {minSamplesLeaf: opt.minSamplesLeaf, minHessian: opt.minHessian, l2: opt.l2, unitWeight, thresholdAtLastBin: opt.thresholdAtLastBin};
    const binned = this.data.binned;
    const build = (hist: Float64Array, s: number, e: number) =>
      unitWeight ? buildHistogramUnitWeight(hist, binned, p, idx, s, e, t) : buildHistogram(hist, binned, p, idx, s, e, t, h);

    const makeNode = (s: number, e: number, depth: number, T: number, H: number, C: number): Pending => {
      const node = tree.addLeaf((opt.leafScale * T) / (H + opt.l2), C);
      if (node === this.nodeStart.length) {
        const ns = new Int32Array(node * 2);
        ns.set(this.nodeStart);
        this.nodeStart = ns;
        const ne = new Int32Array(node * 2);
        ne.set(this.nodeEnd);
        this.nodeEnd = ne;
      }
      this.nodeStart[node] = s;
      this.nodeEnd[node] = e;
      const q = this.free.pop();
      if (!q) return {node, start: s, end: e, depth, T, H, C, hist: null, sorted: false, gain: 0, feature: -1, bin: -1, tL: 0, hL: 0, cL: 0};
      q.node = node;
      q.start = s;
      q.end = e;
      q.depth = depth;
      q.T = T;
      q.H = H;
      q.C = C;
      q.hist = null;
      q.sorted = false;
      q.feature = -1;
      return q;
    };
    /** Done with a pending node: give back its histogram and the record itself. */
    const retire = (q: Pending): void => {
      if (q.hist) this.pool.give(q.hist);
      q.hist = null;
      this.free.push(q);
    };
    /** Small nodes switch to block-local data and kept-sorted lists (once; their children inherit both). */
    const prepare = (node: Pending, parentSorted: boolean): void => {
      if (node.C < sortBelow) {
        if (!parentSorted) this.sortedNodes.enter(idx, node.start, node.end, t, h, opt.pureTarget);
        node.sorted = true;
      }
    };

    let T = 0;
    let H = 0;
    // (given: regressor 300 -> 299 ms CPU, classifier 347 -> 344, 9 interleaved fits, load ~3: within the noise, but
    // it is one pass less)
    if (rootSums) {
      T = rootSums[0];
      H = rootSums[1];
    } else {
      for (let k = 0; k < m; k++) {
        T += t[idx[k]];
        H += h[idx[k]];
      }
    }
    const root = makeNode(0, m, 0, T, H, m);
    const candidates: Pending[] = [];
    if (this.canSplit(root, idx, opt, false)) {
      prepare(root, false);
      if (full && !root.sorted) {
        if (m === this.data.n) {
          // every row (each once): the counts are those of any tree's root
          this.rootCounts ??= countTemplate(binned, m, p);
          root.hist = this.pool.takeCopy(this.rootCounts);
          addWithoutCounts(root.hist, binned, p, idx, 0, m, t, h, unitWeight);
        } else {
          root.hist = this.pool.take();
          build(root.hist, 0, m);
        }
      }
      if (this.findSplit(root, idx, opt, rule, full)) candidates.push(root);
      else retire(root);
    } else retire(root);

    let leaves = 1;
    while (candidates.length > 0 && leaves < opt.maxLeafNodes) {
      let pick = candidates.length - 1;
      if (bestFirst) {
        for (let c = candidates.length - 2; c >= 0; c--) if (candidates[c].gain > candidates[pick].gain) pick = c;
      }
      const parent = candidates[pick];
      candidates[pick] = candidates[candidates.length - 1];
      candidates.pop();
      const split = parent;
      const f = split.feature;
      const mid = this.partition(idx, parent.start, parent.end, f, split.bin, parent.sorted);
      const left = makeNode(parent.start, mid, parent.depth + 1, split.tL, split.hL, split.cL);
      const right = makeNode(mid, parent.end, parent.depth + 1, parent.T - split.tL, parent.H - split.hL, parent.C - split.cL);
      tree.setSplit(parent.node, f, this.data.cuts[f][split.bin], left.node, right.node);
      gainByFeature[f] += split.gain;
      leaves++;

      // the children of the last split allowed will not be split: no histograms, no split search (a thirtieth of the
      // builds and scans of a 31-leaf tree; 9 interleaved fits on 32,000 x 12, load ~3: regressor 393 -> 365 ms CPU,
      // classifier 453 -> 455, within the noise)
      const last = leaves >= opt.maxLeafNodes;
      const canL = !last && this.canSplit(left, idx, opt, parent.sorted);
      const canR = !last && this.canSplit(right, idx, opt, parent.sorted);
      // two-row nodes split without lists (splitPair), so lists are kept only for children of 3+ rows that may split
      if (parent.sorted && ((canL && left.C > 2) || (canR && right.C > 2))) this.sortedNodes.partitionLists(idx, parent.start, mid, parent.end, this.buffer);
      if (parent.hist) {
        // (before prepare: entering a block rewrites the child's idx range, and the histogram needs its rows)
        const wantL = canL && left.C >= sortBelow;
        const wantR = canR && right.C >= sortBelow;
        if (wantL || wantR) {
          // sibling trick: build the smaller child from its rows, the larger is parent - smaller
          const leftSmaller = left.C <= right.C;
          const small = leftSmaller ? left : right;
          const large = leftSmaller ? right : left;
          const built = this.pool.take();
          build(built, small.start, small.end);
          subtractHistogram(parent.hist, built, this.data.nBins, unitWeight);
          small.hist = built;
          large.hist = parent.hist;
          if (!(leftSmaller ? wantL : wantR)) {
            this.pool.give(small.hist);
            small.hist = null;
          }
          if (!(leftSmaller ? wantR : wantL)) {
            this.pool.give(large.hist);
            large.hist = null;
          }
        } else this.pool.give(parent.hist);
        parent.hist = null;
      }
      if (canL) prepare(left, parent.sorted);
      if (canR) prepare(right, parent.sorted);
      retire(parent);
      // depth-first: push right first so the left child is grown next
      if (canR && this.findSplit(right, idx, opt, rule, full)) candidates.push(right);
      else retire(right);
      if (canL && this.findSplit(left, idx, opt, rule, full)) candidates.push(left);
      else retire(left);
    }
    for (const c of candidates) retire(c);
    // positions back to row numbers
    this.sortedNodes.restore(idx);
    const n = tree.nodeCount;
    return {tree: tree.trim(), idx, start: this.nodeStart.slice(0, n), end: this.nodeEnd.slice(0, n), gainByFeature};
  }

  /** Whether a node may be split; `inBlock`: its idx range holds block positions (see SortedNodes), not rows. */
  private canSplit(node: Pending, idx: Uint32Array, opt: GrowOptions, inBlock: boolean): boolean {
    if (node.depth >= opt.maxDepth || node.C < 2 || node.C < 2 * opt.minSamplesLeaf || node.H < 2 * opt.minHessian) return false;
    if (!opt.pureTarget) return true;
    const y = inBlock ? this.sortedNodes.y : opt.pureTarget;
    const first = y[idx[node.start]];
    for (let k = node.start + 1; k < node.end; k++) if (y[idx[k]] !== first) return true;
    return false;
  }

  /** Find the best split of a node that canSplit; returns false when there is none worth making. */
  private findSplit(node: Pending, idx: Uint32Array, opt: GrowOptions, rule: SplitRule, full: boolean): boolean {
    const t = this.t;
    const h = this.h;
    const {p, nBins} = this.data;
    const best = this.best;
    best.gain = opt.minGain;
    best.feature = -1;
    const {T, H, C, start, end} = node;
    if (C === 2 && opt.minSamplesLeaf === 1) return this.splitPair(node, idx, opt);
    if (full && node.hist) {
      scanAllFeatures(node.hist, nBins, T, H, C, rule, best);
    } else if (full) {
      for (let f = 0; f < p; f++) this.sortedNodes.scan(f, start, end, T, H, C, rule, best);
    } else {
      const random = opt.random ?? Math.random;
      const order = this.order;
      for (let f = 0; f < p; f++) order[f] = f;
      let seen = 0;
      for (let k = 0; k < p && seen < opt.maxFeatures; k++) {
        const r = k + Math.floor(random() * (p - k));
        const f = order[r];
        order[r] = order[k];
        order[k] = f;
        let varies: boolean;
        if (node.sorted) {
          varies = this.sortedNodes.scan(f, start, end, T, H, C, rule, best);
        } else {
          buildFeatureHistogram(this.featureHist, this.columns[f], 1, 0, idx, start, end, t, h);
          varies = scanHistogram(this.featureHist, 0, nBins[f], f, T, H, C, rule, best);
        }
        if (varies) seen++;
      }
    }
    if (best.feature < 0) return false;
    node.gain = best.gain;
    node.feature = best.feature;
    node.bin = best.bin;
    node.tL = best.tL;
    node.hL = best.hL;
    node.cL = best.cL;
    return true;
  }

  /**
   * Stable partition of idx[s..e) into rows with bin <= b on feature f (first) and the rest; returns the boundary.
   * `inBlock`: idx holds block positions.
   */
  private partition(idx: Uint32Array, s: number, e: number, f: number, b: number, inBlock: boolean): number {
    const col = inBlock ? this.sortedNodes.cols[f] : this.columns[f];
    const buf = this.buffer;
    let w = s;
    let r = s;
    // branch-free: the side of each row is a coin toss for the CPU's branch predictor. ((col[i] - b - 1) >> 31) & 1
    // is 1 exactly when col[i] <= b (bins are bytes); V8 compiled the former `col[i] <= b ? 1 : 0` to a branch. The
    // rows going right wait in buf[s..) and are copied back with one set() (a loop measured slower). In a
    // 100-iteration boosting fit on 32,000 x 12 (16 million rows partitioned) this went from ~4.5 to ~3 ns a row.
    for (let k = s; k < e; k++) {
      const i = idx[k];
      const goLeft = ((col[i] - b - 1) >> 31) & 1;
      idx[w] = i;
      buf[r] = i;
      w += goLeft;
      r += 1 - goLeft;
    }
    idx.set(buf.subarray(s, r), w);
    return w;
  }

  /**
   * Two-row node (most of the nodes near the leaves of a full-depth forest tree): every split that separates the
   * rows has the same gain, so the first feature (in visiting order) on which their bins differ wins, as it would in
   * the general sweep; this skips the per-feature sweeps and list partitions.
   */
  private splitPair(node: Pending, idx: Uint32Array, opt: GrowOptions): boolean {
    const p = this.data.p;
    // in a block, idx holds positions and the data come from the block copies
    const inBlock = node.sorted;
    const thB = this.sortedNodes.th;
    const tOf = (i: number) => (inBlock ? thB[2 * i] : this.t[i]);
    const hOf = (i: number) => (inBlock ? thB[2 * i + 1] : this.h[i]);
    const a = idx[node.start];
    const b = idx[node.start + 1];
    const order = this.order;
    const random = opt.random ?? Math.random;
    const full = opt.maxFeatures >= p;
    if (!full) for (let f = 0; f < p; f++) order[f] = f;
    for (let k = 0; k < p; k++) {
      let f = k;
      if (!full) {
        const r = k + Math.floor(random() * (p - k));
        f = order[r];
        order[r] = order[k];
        order[k] = f;
      }
      const col = inBlock ? this.sortedNodes.cols[f] : this.columns[f];
      const ba = col[a];
      const bb = col[b];
      if (ba === bb) continue;
      const lo = ba < bb ? a : b;
      const hi = ba < bb ? b : a;
      const hL = hOf(lo);
      const hR = hOf(hi);
      if (hL < opt.minHessian || hR < opt.minHessian) return false;
      const l2 = opt.l2;
      const T = node.T;
      const tLo = tOf(lo);
      const tHi = tOf(hi);
      const gain = (tLo * tLo) / (hL + l2) + (tHi * tHi) / (hR + l2) - (T * T) / (node.H + l2);
      if (!(gain > opt.minGain)) return false;
      node.gain = gain;
      node.feature = f;
      node.bin = (col[lo] + col[hi] - 1) >> 1;
      node.tL = tLo;
      node.hL = hL;
      node.cL = 1;
      return true;
    }
    return false;
  }
}
