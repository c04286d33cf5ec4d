// A fitted decision tree as a few flat arrays, one entry per node (scikit-learn's tree_ layout):
// feature[k] (-1 at a leaf), threshold[k] (a real value: rows with x[feature] <= threshold go to left[k], others to
// right[k]), value[k] (the prediction of the node), nSamples[k] (training rows that reached it).
// Children always have larger indices than their parent, which is checked on load so a loaded tree cannot loop.

import {LibraryInputError} from "../base.js";

/**
 * A tree as JSON: one array per field, one entry per node. Saved files hold plain number arrays; between a worker
 * and the page the same fields travel as typed arrays (see toJSON), which fromJSON accepts too.
 */
export interface TreeJSON {
  feature: ArrayLike<number>;
  threshold: ArrayLike<number>;
  left: ArrayLike<number>;
  right: ArrayLike<number>;
  value: ArrayLike<number>;
  nSamples: ArrayLike<number>;
}

const FIELDS = ["feature", "threshold", "left", "right", "value", "nSamples"] as const;

function isNumberList(v: unknown): v is ArrayLike<number> {
  return Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
}

export class Tree {
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
  nSamples: Float64Array;
  nodeCount = 0;

  constructor(capacity = 64) {
    this.feature = new Int32Array(capacity);
    this.threshold = new Float64Array(capacity);
    this.left = new Int32Array(capacity);
    this.right = new Int32Array(capacity);
    this.value = new Float64Array(capacity);
    this.nSamples = new Float64Array(capacity);
  }

  /** Append a leaf; returns its index. */
  addLeaf(value: number, nSamples: number): number {
    if (this.nodeCount === this.feature.length) this.grow();
    const k = this.nodeCount++;
    this.feature[k] = -1;
    this.threshold[k] = 0;
    this.left[k] = -1;
    this.right[k] = -1;
    this.value[k] = value;
    this.nSamples[k] = nSamples;
    return k;
  }

  /** Turn leaf k into a split node. */
  setSplit(k: number, feature: number, threshold: number, left: number, right: number): void {
    this.feature[k] = feature;
    this.threshold[k] = threshold;
    this.left[k] = left;
    this.right[k] = right;
  }

  private grow(): void {
    const cap = this.feature.length * 2;
    const f = new Int32Array(cap);
    f.set(this.feature);
    const t = new Float64Array(cap);
    t.set(this.threshold);
    const l = new Int32Array(cap);
    l.set(this.left);
    const r = new Int32Array(cap);
    r.set(this.right);
    const v = new Float64Array(cap);
    v.set(this.value);
    const s = new Float64Array(cap);
    s.set(this.nSamples);
    this.feature = f;
    this.threshold = t;
    this.left = l;
    this.right = r;
    this.value = v;
    this.nSamples = s;
  }

  /** Shrink the arrays to the node count once the tree is grown. */
  trim(): this {
    const n = this.nodeCount;
    if (this.feature.length === n) return this;
    this.feature = this.feature.slice(0, n);
    this.threshold = this.threshold.slice(0, n);
    this.left = this.left.slice(0, n);
    this.right = this.right.slice(0, n);
    this.value = this.value.slice(0, n);
    this.nSamples = this.nSamples.slice(0, n);
    return this;
  }

  /** Leaf index reached by the row starting at data[offset]. */
  leafOf(data: ArrayLike<number>, offset: number): number {
    const {feature, threshold, left, right} = this;
    let k = 0;
    let f = feature[0];
    while (f >= 0) {
      k = data[offset + f] <= threshold[k] ? left[k] : right[k];
      f = feature[k];
    }
    return k;
  }

  /** out[i] += scale * prediction for each row of the row-major data (n rows, p columns). */
  addPredictions(data: Float64Array, n: number, p: number, out: Float64Array, scale = 1): void {
    const {feature, threshold, left, right, value} = this;
    for (let i = 0; i < n; i++) {
      const o = i * p;
      let k = 0;
      let f = feature[0];
      while (f >= 0) {
        k = data[o + f] <= threshold[k] ? left[k] : right[k];
        f = feature[k];
      }
      out[i] += scale * value[k];
    }
  }

  get nLeaves(): number {
    let c = 0;
    for (let k = 0; k < this.nodeCount; k++) if (this.feature[k] < 0) c++;
    return c;
  }

  /** Depth of the deepest leaf (a lone root has depth 0). */
  get depth(): number {
    const d = new Int32Array(this.nodeCount);
    let max = 0;
    for (let k = 0; k < this.nodeCount; k++) {
      if (this.feature[k] >= 0) {
        d[this.left[k]] = d[k] + 1;
        d[this.right[k]] = d[k] + 1;
      } else if (d[k] > max) max = d[k];
    }
    return max;
  }

  /**
   * The node arrays. As plain number arrays by default (what JSON.stringify needs); with `typed`, the tree's own typed
   * arrays, for posting from a worker with their buffers transferred (the tree must not be used afterwards).
   */
  toJSON(typed = false): TreeJSON {
    const n = this.nodeCount;
    if (typed) {
      this.trim();
      return {feature: this.feature, threshold: this.threshold, left: this.left, right: this.right, value: this.value, nSamples: this.nSamples};
    }
    return {
      feature: Array.from(this.feature.subarray(0, n)),
      threshold: Array.from(this.threshold.subarray(0, n)),
      left: Array.from(this.left.subarray(0, n)),
      right: Array.from(this.right.subarray(0, n)),
      value: Array.from(this.value.subarray(0, n)),
      nSamples: Array.from(this.nSamples.subarray(0, n))
    };
  }

  /**
   * Rebuild a tree from its JSON (number arrays or typed arrays), checking that it is a well-formed tree over p
   * features: every field a list of finite numbers of the same length, children after their parent. (Checked by
   * hand rather than with a zod schema: a 100-tree forest has millions of entries, and zod took seconds on them.)
   */
  static fromJSON(json: unknown, p: number, what = "tree"): Tree {
    if (!json || typeof json !== "object") throw new LibraryInputError(`cannot load ${what}: expected an object with ${FIELDS.join(", ")}`);
    const j = json as Record<string, unknown>;
    for (const key of FIELDS) {
      if (!isNumberList(j[key])) throw new LibraryInputError(`cannot load ${what}: ${key} must be a list of numbers`);
    }
    const src = j as unknown as TreeJSON;
    const n = src.feature.length;
    for (const key of FIELDS) {
      if (src[key].length !== n) throw new LibraryInputError(`cannot load ${what}: ${key} has ${src[key].length} entries but feature has ${n}`);
    }
    if (n === 0) throw new LibraryInputError(`cannot load ${what}: it has no nodes`);
    const t = new Tree(n);
    t.nodeCount = n;
    // typed arrays of the right kind (from a worker) are adopted after the checks below instead of copied
    if (src.feature instanceof Int32Array && src.left instanceof Int32Array && src.right instanceof Int32Array) {
      t.feature = src.feature;
      t.left = src.left;
      t.right = src.right;
    }
    if (src.threshold instanceof Float64Array && src.value instanceof Float64Array && src.nSamples instanceof Float64Array) {
      t.threshold = src.threshold;
      t.value = src.value;
      t.nSamples = src.nSamples;
    }
    for (let k = 0; k < n; k++) {
      const f = src.feature[k];
      const th = src.threshold[k];
      const v = src.value[k];
      const c = src.nSamples[k];
      if (typeof th !== "number" || th - th !== 0 || typeof v !== "number" || v - v !== 0 || typeof c !== "number" || c - c !== 0) {
        throw new LibraryInputError(`cannot load ${what}: node ${k} has a threshold, value or nSamples that is not a finite number`);
      }
      t.feature[k] = f;
      t.threshold[k] = th;
      t.value[k] = v;
      t.nSamples[k] = c;
      if (f >= 0 && Number.isInteger(f)) {
        if (f >= p) throw new LibraryInputError(`cannot load ${what}: node ${k} splits on feature ${f} but the model has ${p} features`);
        const l = src.left[k];
        const r = src.right[k];
        if (!(Number.isInteger(l) && Number.isInteger(r) && l > k && l < n && r > k && r < n)) {
          throw new LibraryInputError(`cannot load ${what}: node ${k} has children ${l} and ${r}; they must come after it and exist`);
        }
        t.left[k] = l;
        t.right[k] = r;
      } else if (f === -1) {
        t.left[k] = -1;
        t.right[k] = -1;
      } else {
        throw new LibraryInputError(`cannot load ${what}: node ${k} has feature ${f}; use a feature index, or -1 for a leaf`);
      }
    }
    return t;
  }
}
