// Bootstrap confidence intervals (the percentile method of scipy.stats.bootstrap): resample the values with
// replacement, recompute the statistic, and read the interval off the middle `confidence` share of the results.

import {LibraryInputError, describe} from "../base.js";
import {makeRandom} from "../random.js";

export interface BootstrapOptions {
  /** Resamples drawn (default 1,000). */
  nResamples?: number;
  /** The interval's coverage (default 0.95). */
  confidence?: number;
  /** Seed of the resampling: the same seed gives the same interval. Default 0. */
  randomState?: number | string;
}

export interface BootstrapInterval {
  /** The statistic on the values themselves. */
  estimate: number;
  low: number;
  high: number;
  confidence: number;
  nResamples: number;
}

const mean = (v: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]!;
  return s / v.length;
};

/** The q-quantile of sorted values with linear interpolation (numpy's default, as scipy's percentile method uses). */
function quantileSorted(sorted: Float64Array, q: number): number {
  const h = q * (sorted.length - 1);
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * A percentile bootstrap interval for `statistic(values)` (default: the mean). Each resample draws values.length
 * values with replacement from a seeded source.
 */
export function bootstrapCI(
  values: ArrayLike<number>,
  statistic: (sample: Float64Array) => number = mean,
  options: BootstrapOptions = {}
): BootstrapInterval {
  const fn = "bootstrapCI";
  if (!values || typeof values.length !== "number" || typeof values === "string") {
    throw new LibraryInputError(`${fn}: values must be an array of numbers, got ${describe(values)}`);
  }
  if (typeof statistic !== "function") throw new LibraryInputError(`${fn}: statistic must be a function of a sample, such as (s) => mean(s); got ${describe(statistic)}`);
  const {nResamples = 1000, confidence = 0.95, randomState = 0} = options;
  if (!Number.isInteger(nResamples) || nResamples < 2) throw new LibraryInputError(`${fn}: nResamples must be a whole number >= 2, got ${describe(nResamples)}`);
  if (typeof confidence !== "number" || !(confidence > 0 && confidence < 1)) {
    throw new LibraryInputError(`${fn}: confidence must be a number between 0 and 1, such as 0.95; got ${describe(confidence)}`);
  }
  const n = values.length;
  if (n === 0) throw new LibraryInputError(`${fn}: values is empty: resampling needs at least one value`);
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (typeof v !== "number" || !Number.isFinite(v)) throw new LibraryInputError(`${fn}: values[${i}] is ${describe(v)}: expected finite numbers`);
    data[i] = v;
  }
  const rng = makeRandom(randomState);
  const stats = new Float64Array(nResamples);
  const sample = new Float64Array(n);
  for (let r = 0; r < nResamples; r++) {
    for (let i = 0; i < n; i++) sample[i] = data[Math.floor(rng.random() * n)]!;
    stats[r] = statistic(sample);
  }
  stats.sort();
  const alpha = (1 - confidence) / 2;
  return {estimate: statistic(Float64Array.from(data)), low: quantileSorted(stats, alpha), high: quantileSorted(stats, 1 - alpha), confidence, nResamples};
}
