// Core teaching-library timings against scikit-learn 1.2.1 on this machine (medians from
// docs/research/mljs-bench.md and the library issue: one thread, or two for the fitAsync rows, which use
// two workers). Sizes are the drills' own: k-means with k = 5 and 10 restarts on 2-D income/spending data, linear
// regression on the zero-inflation drill's 472,000 x 12 sessions, and generating those sessions. About 1.5 minutes
// on an idle 2-core machine.
import type {KMeans} from "../src/lib/index.js";
import {bench} from "./harness.js";
import {bundledLib} from "./libBundle.js";

const SUITE = "lib-core";
/** scikit-learn KMeans with its default two threads on this machine (research notes). */
const SKLEARN_TWO_THREADS: Record<number, number> = {100_000: 718, 1_000_000: 5760};

export async function suite(): Promise<void> {
  const {mallCustomers, SESSION_FEATURES, sessions, KMeans, LinearRegression, numericColumn, toMatrix} = (await bundledLib()).lib;
  for (const [n, runs, warmup, sklearnMs] of [
    [200, 30, 5, 7.7],
    [100_000, 3, 1, 870],
    [1_000_000, 3, 0, 10_700]
  ] as const) {
    const X = toMatrix(mallCustomers({n, seed: 1}), ["annual_income", "spending_score"]);
    let last: KMeans | null = null;
    let seed = 0;
    await bench(SUITE, `KMeans k=5 nInit=10, ${n.toLocaleString("en")} x 2`, () => (last = new KMeans({nClusters: 5, nInit: 10, randomState: seed++}).fit(X)), {
      runs,
      warmup,
      referenceMs: sklearnMs,
      extra: () => ({n, inertia: last?.inertia, nIter: last?.nIter})
    });
    const sklearn2 = SKLEARN_TWO_THREADS[n];
    if (sklearn2) {
      seed = 0;
      await bench(SUITE, `KMeans.fitAsync (2 workers), ${n.toLocaleString("en")} x 2`, async () => (last = await new KMeans({nClusters: 5, randomState: seed++}).fitAsync(X, {workers: 2})), {
        runs,
        warmup: 1,
        referenceMs: sklearn2,
        referenceLabel: "scikit-learn, 2 threads",
        extra: () => ({n, inertia: last?.inertia, workersUsed: last?.workersUsed})
      });
    }
  }

  const t = sessions();
  const X = toMatrix(t, [...SESSION_FEATURES]);
  const y = numericColumn(t, "revenue");
  await bench(SUITE, "LinearRegression fit, 472,000 x 12", () => new LinearRegression().fit(X, y), {runs: 7, warmup: 2, referenceMs: 237});
  await bench(SUITE, "sessions() generator, 472,000 rows", () => sessions(), {runs: 7, warmup: 1});
}
