// A fitted decision tree as a few flat arrays, one entry per node (scikit-learn's tree_ layout):
// feature[k] (-1 at a leaf), threshold[k] (a real value: rows with x[feature] <= threshold go to left[k], others to
// right[k]), value[k] (the prediction of the node), nSamples[k] (training rows that reached it).
// Children always have larger indices than their parent, which is checked on load so a loaded tree cannot loop.

import {z} from "zod";
import {LibraryInputError} from "../base.js";

export interface TreeJSON {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
  nSamples: number[];
}

export const treeJSONSchema = z.object({
  feature: z.array(z.number().int()),
  threshold: z.array(z.number()),
  left: z.array(z.number().int()),
  right: z.array(z.number().int()),
  value: z.array(z.number()),
  nSamples: z.array(z.number())
});

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

  toJSON(): TreeJSON {
    const n = this.nodeCount;
    return {
      feature: Array.from(this.feature.subarray(0, n)),
      threshold: Array.from(this.threshold.subarray(0, n)),
      left: Array.from(this.left.subarray(0, n)),
      right: Array.from(this.right.subarray(0, n)),
      value: Array.from(this.value.subarray(0, n)),
      nSamples: Array.from(this.nSamples.subarray(0, n))
    };
  }

  /** Rebuild a tree from its JSON, checking that it is a well-formed tree over p features. */
  static fromJSON(json: TreeJSON, p: number, what = "tree"): Tree {
    const n = json.feature.length;
    for (const key of ["threshold", "left", "right", "value", "nSamples"] as const) {
      if (json[key].length !== n) {
        throw new LibraryInputError(`cannot load ${what}: ${key} has ${json[key].length} entries but feature has ${n}`);
      }
    }
    if (n === 0) throw new LibraryInputError(`cannot load ${what}: it has no nodes`);
    const t = new Tree(n);
    t.nodeCount = n;
    for (let k = 0; k < n; k++) {
      const f = json.feature[k];
      t.feature[k] = f;
      t.threshold[k] = json.threshold[k];
      t.left[k] = json.left[k];
      t.right[k] = json.right[k];
      t.value[k] = json.value[k];
      t.nSamples[k] = json.nSamples[k];
      if (f >= 0) {
        if (f >= p) throw new LibraryInputError(`cannot load ${what}: node ${k} splits on feature ${f} but the model has ${p} features`);
        const l = json.left[k];
        const r = json.right[k];
        if (!(l > k && l < n && r > k && r < n)) {
          throw new LibraryInputError(`cannot load ${what}: node ${k} has children ${l} and ${r}; they must come after it and exist`);
        }
      } else if (f !== -1) {
        throw new LibraryInputError(`cannot load ${what}: node ${k} has feature ${f}; use -1 for a leaf`);
      }
    }
    return t;
  }
}
