// K-means with scikit-learn's options and attributes: nInit seeded restarts keep the lowest inertia.
//
// Small data (n <= SMALL_N) runs the Lloyd steps in ml-kmeans, which serves well there: 10 restarts on 200 points
// take about 3 ms of CPU here (our typed loop 1.8 ms, scikit-learn 7.7 ms), far inside a 16 ms animation frame, so a
// slider can refit on every move. We work around its traps: it has no restarts and no inertia (we loop and compute
// it), its default maxIterations is 100 and its tolerance an absolute per-centre 1e-6 (we drive its step generator and
// stop on scikit-learn's rule, tol x mean feature variance, ourselves), it seeds from Math.random when not given
// centres (we pass our seeded k-means++ centres), and its labels lag the centroids by one step (we reassign with the
// final centres). Larger data runs our typed-array Lloyd with Hamerly bounds (kmeansLloyd.ts, timings there);
// fitAsync spreads the restarts over workers (kmeansParallel.ts).
import {kmeansGenerator} from "ml-kmeans";
import {z} from "zod";
import {LibraryInputError, describe, notFitted, type Estimator, type Matrix, type ModelJSON} from "../base.js";
import {checkFeatureCount, packMatrix} from "../dense.js";
import {kmeansPlusPlus, nearest, randomInit, runRestarts, spatialOrder, type LloydResult, type RestartJob} from "./kmeansLloyd.js";
import {coreCount, runRestartsParallel} from "./kmeansParallel.js";
import {defaultFeatureNames, modelJSON, numberRows, parseState} from "../modelJson.js";
import {makeRandom} from "../random.js";

/** A restart job plus what finish() needs to map the answer back to the caller's data. */
type Prepared = RestartJob & {mean: Float64Array; order: Int32Array | null};

/** Up to this many rows, ml-kmeans runs the Lloyd steps (see the note at the top). */
const SMALL_N = 1000;

export interface KMeansOptions {
  /** Number of clusters (default 8, as scikit-learn). */
  nClusters?: number;
  /** How starting centres are chosen (default "k-means++"). */
  init?: "k-means++" | "random";
  /** Restarts from different starting centres; the run with the lowest inertia is kept (default 10). */
  nInit?: number;
  /** Most Lloyd iterations per restart (default 300). */
  maxIter?: number;
  /** Stop when the summed squared centre shift is below tol × the mean feature variance (default 1e-4). */
  tol?: number;
  /** Seed: the same seed gives the same clusters (default 0). */
  randomState?: number | string;
}

export class KMeans implements Estimator {
  readonly nClusters: number;
  readonly init: "k-means++" | "random";
  readonly nInit: number;
  readonly maxIter: number;
  readonly tol: number;
  readonly randomState: number | string;
  /** Cluster centres, one row per cluster (scikit-learn's cluster_centers_). */
  clusterCenters: number[][] | null = null;
  /** Cluster index of each training row. */
  labels: Int32Array | null = null;
  /** Sum of squared distances of the training rows to their centre. */
  inertia = NaN;
  /** Lloyd iterations of the kept run. */
  nIter = 0;
  nFeaturesIn = 0;
  featureNames: string[] | null = null;
  /** Threads the last fit ran its restarts on (1: the calling thread; more: fitAsync's workers). */
  workersUsed = 0;

  constructor(options: KMeansOptions = {}) {
    const {nClusters = 8, init = "k-means++", nInit = 10, maxIter = 300, tol = 1e-4, randomState = 0} = options ?? {};
    const whole = (name: string, v: unknown, min: number) => {
      if (typeof v !== "number" || !Number.isInteger(v) || v < min) {
        throw new LibraryInputError(`KMeans ${name} must be a whole number >= ${min}, got ${describe(v)}`);
      }
    };
    whole("nClusters", nClusters, 1);
    whole("nInit", nInit, 1);
    whole("maxIter", maxIter, 1);
    if (init !== "k-means++" && init !== "random") throw new LibraryInputError(`KMeans init must be "k-means++" or "random", got ${describe(init)}`);
    if (typeof tol !== "number" || !(tol >= 0)) throw new LibraryInputError(`KMeans tol must be a number >= 0, got ${describe(tol)}`);
    this.nClusters = nClusters;
    this.init = init;
    this.nInit = nInit;
    this.maxIter = maxIter;
    this.tol = tol;
    this.randomState = randomState;
  }

  fit(X: Matrix): this {
    const job = this.prepare(X);
    let best: LloydResult;
    if (job.n <= SMALL_N) {
      const rows = Array.from({length: job.n}, (_, i) => Array.from(job.X.subarray(i * job.d, i * job.d + job.d)));
      let kept: LloydResult | null = null;
      for (let r = 0; r < this.nInit; r++) {
        let cursor = r * job.perInit;
        const next = () => job.draws[cursor++];
        const start = this.init === "k-means++" ? kmeansPlusPlus(job.X, job.n, job.d, job.k, next) : randomInit(job.X, job.n, job.d, job.k, next);
        const run = this.runSmall(rows, job.X, job.n, job.d, start, job.tol);
        if (!kept || run.inertia < kept.inertia) kept = run;
      }
      best = kept!;
    } else {
      best = runRestarts(job, Array.from({length: this.nInit}, (_, r) => r))!;
    }
    this.workersUsed = 1;
    return this.finish(best, job);
  }

  /**
   * The same fit with the restarts spread over Web Workers (browser) or worker threads (Node), one per core by
   * default: the same answer as fit(), sooner on large data, and the page stays responsive meanwhile. Small data
   * (up to 1,000 rows) and platforms without workers fit on the calling thread.
   */
  async fitAsync(X: Matrix, options: {workers?: number} = {}): Promise<this> {
    const job = this.prepare(X);
    const workers = options.workers ?? (await coreCount());
    if (job.n <= SMALL_N || workers < 2 || this.nInit < 2) return this.fit(X);
    let best: LloydResult;
    try {
      best = await runRestartsParallel(job, workers);
    } catch {
      return this.fit(X); // workers unavailable here (no Worker, strict CSP): same answer, one thread
    }
    this.workersUsed = Math.min(workers, this.nInit);
    return this.finish(best, job);
  }

  /** Validate, centre the data (better precision far from the origin, as scikit-learn), scale tol, draw the starts' random numbers. */
  private prepare(X: Matrix): Prepared {
    const {data, n, p: d} = packMatrix(X);
    const k = this.nClusters;
    if (k > n) {
      throw new LibraryInputError(`KMeans nClusters=${k} but X has only ${n} rows: nClusters must be at most the number of rows`);
    }
    const mean = new Float64Array(d);
    for (let i = 0; i < n; i++) for (let t = 0; t < d; t++) mean[t] += data[i * d + t];
    for (let t = 0; t < d; t++) mean[t] /= n;
    let varSum = 0;
    for (let i = 0; i < n; i++) {
      for (let t = 0; t < d; t++) {
        const v = (data[i * d + t] -= mean[t]);
        varSum += v * v;
      }
    }
    // Each start consumes a fixed count of uniform numbers, so all are drawn up front, restart after restart:
    // restart r reads the same numbers whichever thread runs it.
    const perInit = this.init === "k-means++" ? 1 + (k - 1) * (2 + Math.floor(Math.log(k))) : k;
    const rng = makeRandom(this.randomState);
    const draws = Float64Array.from({length: perInit * this.nInit}, rng.random);
    // Large data is clustered in a spatial order (fewer cache misses, see spatialOrder); labels are put back in finish().
    let order: Int32Array | null = null;
    let sorted = data;
    if (n > SMALL_N) {
      order = spatialOrder(data, n, d);
      sorted = new Float64Array(n * d);
      for (let j = 0; j < n; j++) sorted.set(data.subarray(order[j] * d, order[j] * d + d), j * d);
    }
    return {X: sorted, n, d, k, init: this.init, draws, perInit, nInit: this.nInit, maxIter: this.maxIter, tol: this.tol * (varSum / n / d), mean, order};
  }

  private finish(best: LloydResult, job: Prepared): this {
    const {k, d, mean, order} = job;
    this.clusterCenters = Array.from({length: k}, (_, c) => Array.from({length: d}, (_, t) => best.centers[c * d + t] + mean[t]));
    if (order) {
      const labels = new Int32Array(job.n);
      for (let j = 0; j < job.n; j++) labels[order[j]] = best.labels[j];
      this.labels = labels;
    } else {
      this.labels = best.labels;
    }
    this.inertia = best.inertia;
    this.nIter = best.nIter;
    this.nFeaturesIn = d;
    return this;
  }

  /** ml-kmeans's Lloyd steps, stopped by scikit-learn's rule, then labels and inertia from the final centres. */
  private runSmall(rows: number[][], data: Float64Array, n: number, d: number, start: Float64Array, tol: number): LloydResult {
    const k = start.length / d;
    let prev = Array.from({length: k}, (_, c) => Array.from(start.subarray(c * d, c * d + d)));
    // tolerance -1: ml-kmeans never stops on its own rule; maxIterations: ours, not its default 100
    const steps = kmeansGenerator(rows, k, {initialization: prev, maxIterations: this.maxIter, tolerance: -1});
    let nIter = 0;
    for (const step of steps) {
      nIter++;
      let shift = 0;
      for (let c = 0; c < k; c++) for (let t = 0; t < d; t++) shift += (step.centroids[c][t] - prev[c][t]) ** 2;
      prev = step.centroids;
      if (shift <= tol) break;
    }
    const centers = Float64Array.from(prev.flat());
    const {labels, dist2} = nearest(data, n, d, centers);
    let inertia = 0;
    for (let i = 0; i < n; i++) inertia += dist2[i];
    return {centers, labels, inertia, nIter};
  }

  private centersFlat(): Float64Array {
    const c = this.clusterCenters ?? notFitted("KMeans");
    return Float64Array.from(c.flat());
  }

  /** Nearest centre for each row of X. */
  predict(X: Matrix): Int32Array {
    const centers = this.centersFlat();
    const {data, n, p} = packMatrix(X);
    checkFeatureCount("KMeans", this.nFeaturesIn, p);
    return nearest(data, n, p, centers).labels;
  }

  fitPredict(X: Matrix): Int32Array {
    return this.fit(X).labels!;
  }

  /** Euclidean distance from each row to each centre (n × nClusters), as scikit-learn's transform. */
  transform(X: Matrix): Float64Array[] {
    const centers = this.centersFlat();
    const {data, n, p} = packMatrix(X);
    checkFeatureCount("KMeans", this.nFeaturesIn, p);
    const k = this.nClusters;
    return Array.from({length: n}, (_, i) => {
      const row = new Float64Array(k);
      for (let c = 0; c < k; c++) {
        let s = 0;
        for (let t = 0; t < p; t++) s += (data[i * p + t] - centers[c * p + t]) ** 2;
        row[c] = Math.sqrt(s);
      }
      return row;
    });
  }

  toJSON(): ModelJSON {
    const centers = this.clusterCenters ?? notFitted("KMeans");
    return modelJSON(
      "KMeans",
      {nClusters: this.nClusters, init: this.init, nInit: this.nInit, maxIter: this.maxIter, tol: this.tol, randomState: this.randomState},
      {clusterCenters: centers, inertia: this.inertia, nIter: this.nIter},
      {featureNames: defaultFeatureNames(this.nFeaturesIn, this.featureNames ?? undefined), summary: {nSamples: this.labels?.length ?? 0, inertia: this.inertia}}
    );
  }

  static fromJSON(json: ModelJSON): KMeans {
    const params = parseState(
      "KMeans",
      "params",
      z.object({
        nClusters: z.number().int().positive(),
        init: z.enum(["k-means++", "random"]),
        nInit: z.number().int().positive(),
        maxIter: z.number().int().positive(),
        tol: z.number().min(0),
        randomState: z.union([z.number(), z.string()])
      }),
      json.params
    );
    const s = parseState("KMeans", "state", z.object({clusterCenters: numberRows, inertia: z.number().nullable(), nIter: z.number().int()}), json.state);
    const d = s.clusterCenters[0]?.length ?? 0;
    if (s.clusterCenters.length !== params.nClusters || d === 0 || s.clusterCenters.some((c) => c.length !== d)) {
      throw new LibraryInputError(`cannot load KMeans: state.clusterCenters must be ${params.nClusters} rows of equal length`);
    }
    const m = new KMeans(params);
    m.clusterCenters = s.clusterCenters;
    m.inertia = s.inertia ?? NaN;
    m.nIter = s.nIter;
    m.nFeaturesIn = d;
    m.featureNames = json.meta.featureNames.length === d ? json.meta.featureNames : null;
    return m;
  }
}

/** Inertia for each k: the elbow curve students read to choose the number of clusters. */
export function elbowCurve(X: Matrix, ks: readonly number[], options: Omit<KMeansOptions, "nClusters"> = {}): {k: number; inertia: number}[] {
  if (!Array.isArray(ks) || ks.length === 0) throw new LibraryInputError(`elbowCurve(X, ks) needs a non-empty array of cluster counts, got ${describe(ks)}`);
  return ks.map((k) => ({k, inertia: new KMeans({...options, nClusters: k}).fit(X).inertia}));
}
