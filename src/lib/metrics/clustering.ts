// Clustering scores with scikit-learn's definitions (Euclidean distance, all points unless sampleSize is given).
import {LibraryInputError, describe, type Matrix} from "../base.js";
import {packMatrix} from "../dense.js";
import {makeRandom} from "../random.js";

function labelIds(labels: ArrayLike<unknown>, n: number, fn: string): {ids: Int32Array; k: number} {
  if (!labels || typeof labels.length !== "number" || labels.length !== n) {
    throw new LibraryInputError(`${fn}: labels has ${labels?.length ?? describe(labels)} values but X has ${n} rows: give one label per row`);
  }
  const map = new Map<unknown, number>();
  const ids = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let id = map.get(labels[i]);
    if (id === undefined) map.set(labels[i], (id = map.size));
    ids[i] = id;
  }
  return {ids, k: map.size};
}

export interface SilhouetteOptions {
  /** Score a random sample of this many rows (the exact score costs n² distances). */
  sampleSize?: number;
  randomState?: number | string;
}

/**
 * Mean silhouette over the points: (b - a) / max(a, b), with a the mean distance to the point's own cluster and b
 * the mean distance to the nearest other cluster. Near 1: tight, well-separated clusters; near 0: overlapping.
 */
export function silhouetteScore(X: Matrix, labels: ArrayLike<unknown>, options: SilhouetteOptions = {}): number {
  let {data, n, p} = packMatrix(X);
  let {ids, k} = labelIds(labels, n, "silhouetteScore");
  if (options.sampleSize !== undefined) {
    const m = options.sampleSize;
    if (!Number.isInteger(m) || m < 2) throw new LibraryInputError(`silhouetteScore sampleSize must be a whole number >= 2, got ${describe(m)}`);
    if (m < n) {
      const pick = makeRandom(options.randomState ?? 0).permutation(n).subarray(0, m);
      const d2 = new Float64Array(m * p);
      const l2: number[] = [];
      pick.forEach((r, i) => {
        d2.set(data.subarray(r * p, r * p + p), i * p);
        l2.push(ids[r]);
      });
      data = d2;
      n = m;
      ({ids, k} = labelIds(l2, m, "silhouetteScore"));
    }
  }
  if (k < 2 || k > n - 1) {
    throw new LibraryInputError(`silhouetteScore needs between 2 and ${n - 1} distinct labels (n - 1), got ${k}`);
  }
  const sizes = new Float64Array(k);
  for (let i = 0; i < n; i++) sizes[ids[i]]++;
  const sums = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < n; i++) {
    sums.fill(0);
    const oi = i * p;
    for (let j = 0; j < n; j++) {
      const oj = j * p;
      let s = 0;
      for (let t = 0; t < p; t++) {
        const d = data[oi + t] - data[oj + t];
        s += d * d;
      }
      sums[ids[j]] += Math.sqrt(s);
    }
    const own = ids[i];
    if (sizes[own] === 1) continue; // a singleton scores 0, as scikit-learn
    const a = sums[own] / (sizes[own] - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && sums[c] / sizes[c] < b) b = sums[c] / sizes[c];
    const m = Math.max(a, b);
    total += m > 0 ? (b - a) / m : 0;
  }
  return total / n;
}

/** Sum of squared distances from each row to its nearest centre (scikit-learn's inertia_). */
export function inertia(X: Matrix, centers: Matrix): number {
  const {data, n, p} = packMatrix(X);
  const c = packMatrix(centers, "centers");
  if (c.p !== p) throw new LibraryInputError(`inertia: centers have ${c.p} coordinates but X has ${p} columns: they must match`);
  let total = 0;
  for (let i = 0; i < n; i++) {
    let best = Infinity;
    for (let j = 0; j < c.n; j++) {
      let s = 0;
      for (let t = 0; t < p; t++) {
        const d = data[i * p + t] - c.data[j * p + t];
        s += d * d;
      }
      if (s < best) best = s;
    }
    total += best;
  }
  return total;
}
