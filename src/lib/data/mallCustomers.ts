// The k-means drill's customers: two features a student can see on a scatter plot.
import {table, type ColumnTable} from "arquero";
import {LibraryInputError, describe} from "../base.js";
import {makeRandom} from "../random.js";

export interface GeneratorOptions {
  /** Number of rows. */
  n?: number;
  /** Seed: the same seed gives the same table. */
  seed?: number | string;
}

export function checkN(n: unknown, fn: string): number {
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1) throw new LibraryInputError(`${fn}: n must be a whole number >= 1, got ${describe(n)}`);
  return n;
}

/**
 * Mall customers (default n = 200, seed 42).
 *
 * Process, one row per customer:
 * - `customer_id`: 1..n
 * - `annual_income` (k$): Normal(mean 60, sd 15), clipped to 15..140
 * - `spending_score` (1-100): Uniform(1, 100), independent of income
 *
 * There are no built-in clusters: k-means will still find k groups, which is the drill's point about choosing k.
 */
export function mallCustomers({n = 200, seed = 42}: GeneratorOptions = {}): ColumnTable {
  checkN(n, "mallCustomers");
  const rng = makeRandom(seed);
  const id = new Int32Array(n);
  const income = new Float64Array(n);
  const score = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    id[i] = i + 1;
    income[i] = Math.min(140, Math.max(15, rng.normal(60, 15)));
    score[i] = rng.uniform(1, 100);
  }
  return table({customer_id: id, annual_income: income, spending_score: score});
}
