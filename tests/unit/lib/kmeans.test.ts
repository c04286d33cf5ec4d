import {describe, expect, it} from "vitest";
import {KMeans, elbowCurve} from "../../../src/lib/cluster/kmeans.js";
import {kmeansPlusPlus, lloydHamerly} from "../../../src/lib/cluster/kmeansLloyd.js";
import {inertia, silhouetteScore} from "../../../src/lib/metrics/clustering.js";
import {makeRandom} from "../../../src/lib/random.js";
import {expected, readReferenceCsv, relClose, rowsOf} from "./sklearnReference.js";

const ref = expected.kmeans_blobs;
const blobs = rowsOf(readReferenceCsv("kmeans_blobs.csv"), ["x", "y"]);
const sortCenters = (c: number[][]) => [...c].sort((a, b) => a[0] - b[0] || a[1] - b[1]);

describe("KMeans agrees with scikit-learn on separated blobs", () => {
  const km = new KMeans({nClusters: 4, randomState: 0}).fit(blobs);

  it("inertia within 0.1 % and the same centres", () => {
    expect(relClose(km.inertia, ref.inertia, 1e-3)).toBe(true);
    const mine = sortCenters(km.clusterCenters!);
    const theirs = sortCenters(ref.centers_sorted);
    mine.forEach((c, i) => c.forEach((v, j) => expect(v).toBeCloseTo(theirs[i][j], 6)));
  });

  it("silhouette (Euclidean, all points) equal to scikit-learn's", () => {
    expect(relClose(silhouetteScore(blobs, km.labels!), ref.silhouette, 1e-9)).toBe(true);
  });

  it("elbow curve k = 1..8, each point within 2 %", () => {
    const curve = elbowCurve(blobs, [1, 2, 3, 4, 5, 6, 7, 8], {randomState: 0});
    expect(curve.map((p) => p.k)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    for (const {k, inertia: value} of curve) expect(relClose(value, ref.elbow_inertia[String(k)], 0.02)).toBe(true);
  });

  it("labels belong to the returned centres (no one-step lag) and inertia is their sum of squares", () => {
    expect([...km.predict(blobs)]).toEqual([...km.labels!]);
    expect(relClose(inertia(blobs, km.clusterCenters!), km.inertia, 1e-12)).toBe(true);
  });
});

describe("KMeans behaviour", () => {
  const r = makeRandom(3);
  const cloud = Array.from({length: 3000}, () => [r.normal(0, 1), r.normal(5, 2), r.uniform(-1, 1)]);

  it("is deterministic for a randomState (small and large data)", () => {
    for (const X of [cloud.slice(0, 300), cloud]) {
      const a = new KMeans({nClusters: 5, randomState: 7}).fit(X);
      const b = new KMeans({nClusters: 5, randomState: 7}).fit(X);
      expect(a.clusterCenters).toEqual(b.clusterCenters);
      expect(a.inertia).toBe(b.inertia);
      // labels come back in the caller's row order (large data is clustered in a spatial order internally)
      expect([...a.predict(X)]).toEqual([...a.labels!]);
      expect(relClose(inertia(X, a.clusterCenters!), a.inertia, 1e-9)).toBe(true);
    }
  });

  it("fitAsync spreads restarts over worker threads and gives exactly fit()'s answer", async () => {
    const big = [...cloud, ...cloud.map(([a, b, c]) => [a + 3, b - 2, c])];
    const sync = new KMeans({nClusters: 4, nInit: 4, randomState: 5}).fit(big);
    const par = await new KMeans({nClusters: 4, nInit: 4, randomState: 5}).fitAsync(big, {workers: 2});
    expect(par.inertia).toBe(sync.inertia);
    expect(par.clusterCenters).toEqual(sync.clusterCenters);
    expect([...par.labels!]).toEqual([...sync.labels!]);
    expect(par.nIter).toBe(sync.nIter);
    expect(par.workersUsed).toBe(2); // really ran on workers, not the single-thread fallback
    expect(sync.workersUsed).toBe(1);
    // two fits at once share the worker pool and still get their own answers
    const [x, y] = await Promise.all([
      new KMeans({nClusters: 3, nInit: 3, randomState: 1}).fitAsync(big, {workers: 2}),
      new KMeans({nClusters: 5, nInit: 3, randomState: 2}).fitAsync(big, {workers: 2})
    ]);
    expect(x.clusterCenters).toEqual(new KMeans({nClusters: 3, nInit: 3, randomState: 1}).fit(big).clusterCenters);
    expect(y.clusterCenters).toEqual(new KMeans({nClusters: 5, nInit: 3, randomState: 2}).fit(big).clusterCenters);
    const small = await new KMeans({nClusters: 3, randomState: 5}).fitAsync(cloud.slice(0, 100)); // small: same thread
    expect(small.inertia).toBe(new KMeans({nClusters: 3, randomState: 5}).fit(cloud.slice(0, 100)).inertia);
  });

  it("the Hamerly loop gives exactly plain Lloyd's answer from the same start", () => {
    const n = cloud.length;
    const d = 3;
    const flat = Float64Array.from(cloud.flat());
    const start = kmeansPlusPlus(flat, n, d, 6, makeRandom(11).random);
    const tol = 1e-6;
    const fast = lloydHamerly(flat, n, d, start, 300, tol);
    // plain Lloyd, written out naively
    const centers = Float64Array.from(start);
    let iters = 0;
    const labels = new Int32Array(n);
    for (;;) {
      for (let i = 0; i < n; i++) {
        let best = Infinity;
        for (let c = 0; c < 6; c++) {
          let s = 0;
          for (let t = 0; t < d; t++) s += (flat[i * d + t] - centers[c * d + t]) ** 2;
          if (s < best) [best, labels[i]] = [s, c];
        }
      }
      const sums = new Float64Array(6 * d);
      const counts = new Float64Array(6);
      for (let i = 0; i < n; i++) {
        counts[labels[i]]++;
        for (let t = 0; t < d; t++) sums[labels[i] * d + t] += flat[i * d + t];
      }
      let shift = 0;
      for (let c = 0; c < 6; c++) {
        for (let t = 0; t < d; t++) {
          const v = sums[c * d + t] / counts[c];
          shift += (v - centers[c * d + t]) ** 2;
          centers[c * d + t] = v;
        }
      }
      iters++;
      if (shift <= tol || iters >= 300) break;
    }
    for (let k = 0; k < centers.length; k++) expect(fast.centers[k]).toBeCloseTo(centers[k], 9);
    expect(fast.nIter).toBeLessThanOrEqual(iters);
  });

  it("k = 1 gives the mean; transform gives distances; fitPredict gives labels", () => {
    const X = [[0, 0], [2, 0], [4, 3]];
    const one = new KMeans({nClusters: 1}).fit(X);
    expect(one.clusterCenters![0][0]).toBeCloseTo(2, 12);
    expect(one.clusterCenters![0][1]).toBeCloseTo(1, 12);
    const two = new KMeans({nClusters: 3, randomState: 1});
    expect([...two.fitPredict(X)].sort()).toEqual([0, 1, 2]);
    const dist = two.transform([[0, 0]]);
    expect(dist[0].length).toBe(3);
    expect(Math.min(...dist[0])).toBeCloseTo(0, 12);
  });

  it("copes with duplicated points and empty clusters (random init on mostly identical rows)", () => {
    const X = [...Array.from({length: 1500}, () => [0, 0]), ...Array.from({length: 500}, (_, i) => [i % 10, Math.floor(i / 10)])];
    const km = new KMeans({nClusters: 4, init: "random", nInit: 3, randomState: 2}).fit(X);
    expect(Number.isFinite(km.inertia)).toBe(true);
    expect(km.clusterCenters!.flat().every(Number.isFinite)).toBe(true);
    expect(new Set(km.labels).size).toBe(4);
    const same = new KMeans({nClusters: 3, randomState: 0}).fit([[1, 1], [1, 1], [1, 1], [1, 1]]);
    expect(same.inertia).toBe(0);
  });
});

describe("KMeans bad input", () => {
  it("nClusters larger than the row count", () => {
    expect(() => new KMeans({nClusters: 5}).fit([[1, 2], [3, 4]])).toThrow(/nClusters=5 but X has only 2 rows/);
  });
  it("bad options", () => {
    expect(() => new KMeans({nClusters: 0})).toThrow(/nClusters must be a whole number >= 1, got 0/);
    expect(() => new KMeans({nInit: 2.5})).toThrow(/nInit must be a whole number/);
    // @ts-expect-error: wrong init on purpose
    expect(() => new KMeans({init: "kmeans++"})).toThrow(/"k-means\+\+" or "random"/);
  });
  it("predict before fit, NaN, and a different feature count", () => {
    expect(() => new KMeans().predict([[1]])).toThrow(/KMeans is not fitted yet/);
    expect(() => new KMeans({nClusters: 1}).fit([[1, NaN]])).toThrow(/X\[0\]\[1\] is NaN/);
    const km = new KMeans({nClusters: 2}).fit([[0, 0], [1, 1], [5, 5]]);
    expect(() => km.predict([[1, 2, 3]])).toThrow(/fitted on 2 features but X has 3 columns/);
  });
  it("silhouette needs 2..n-1 labels", () => {
    expect(() => silhouetteScore([[0], [1], [2]], [0, 0, 0])).toThrow(/between 2 and 2 distinct labels/);
    expect(() => silhouetteScore([[0], [1]], [0])).toThrow(/labels has 1 values but X has 2 rows/);
  });
});
