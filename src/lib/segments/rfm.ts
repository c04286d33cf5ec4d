// RFM scores: recency, frequency and monetary value as quintile scores 1..5 (5 best), by percent rank as arquero's
// percent_rank window function gives it (score = 1 + floor(5 × percent rank), at most 5), and named RFM groups.
// Tied values share a score.
//
// Not aq.op.ntile: in arquero 7.2.1 ntile is ceil(n × cume_dist), and cume_dist leaves the first group of tied
// values unpooled (orderby x of [1, 1, 2] gives 1/3, 2/3, 1 instead of 2/3, 2/3, 1): on loyaltyCustomers() one of
// the 4,029 buyers with no order in 90 days got F = 1 and the rest F = 2. percent_rank pools ties correctly, and
// gives customers with the fewest orders a 1.

import type {ColumnTable} from "arquero";
import {LibraryInputError, describe} from "../base.js";
import {columnValues} from "../columnValues.js";
import {takeRows} from "../selection/modelSelection.js";
import {checkColumns} from "./columns.js";

export interface RfmOptions {
  /** Days since the last purchase (smaller is better); rows where it is null (never bought) are left out. */
  recency?: string;
  /** Purchases in the period (larger is better). */
  frequency?: string;
  /** Money spent (larger is better). */
  monetary?: string;
  /** Number of score levels; 5 gives quintiles. */
  bins?: number;
}

/** The RFM group of a customer's three scores, checked in this order. */
export function rfmSegment(r: number, f: number, m: number): string {
  if (r >= 4 && f >= 4 && m >= 4) return "Champions";
  if (f >= 4) return "Loyal Customers";
  if (r <= 2 && (f >= 3 || m >= 4)) return "At Risk";
  if (r >= 4 && f <= 2) return "New or Promising";
  if (r <= 2) return "Hibernating";
  return "Needs Attention";
}

/**
 * The customers who bought (recency not null), with `r_score`, `f_score` and `m_score` (1..bins: the most recent,
 * most frequent and biggest spenders get `bins`) and `rfm_segment`, in the table's order. Each score is
 * min(bins, 1 + floor(bins × percent rank)) over the column's order (descending days for recency), the percent rank
 * of aq.op.percent_rank(), so equal values share a score.
 */
export function rfmScores(customers: ColumnTable, options: RfmOptions = {}): ColumnTable {
  const fn = "rfmScores";
  const {recency = "days_since_last_purchase", frequency = "orders_90d", monetary = "total_revenue", bins = 5} = options;
  checkColumns(customers, [recency, frequency, monetary], fn);
  if (!Number.isInteger(bins) || bins < 2) throw new LibraryInputError(`${fn}: bins must be a whole number >= 2, got ${describe(bins)}`);
  // arquero tables are immutable: the scores of a table stay right (0.1 to 0.4 s each at 20,000 rows)
  const key = JSON.stringify([recency, frequency, monetary, bins]);
  let cached = scoreCache.get(customers);
  const hit = cached?.get(key);
  if (hit) return hit;
  const scored = scoresOf(customers, recency, frequency, monetary, bins);
  if (!cached) scoreCache.set(customers, (cached = new Map()));
  cached.set(key, scored);
  return scored;
}

const scoreCache = new WeakMap<ColumnTable, Map<string, ColumnTable>>();

function scoresOf(customers: ColumnTable, recency: string, frequency: string, monetary: string, bins: number): ColumnTable {
  const days = columnValues(customers, recency);
  const buyers: number[] = [];
  for (let i = 0; i < days.length; i++) if (days[i] != null) buyers.push(i);
  const values = (name: string, sign: number) => {
    const col = columnValues(customers, name);
    return buyers.map((i) => sign * Number(col[i]));
  };
  const r = quantileScores(values(recency, -1), bins); // fewer days is better
  const f = quantileScores(values(frequency, 1), bins);
  const m = quantileScores(values(monetary, 1), bins);
  const groups = buyers.map((_, k) => rfmSegment(r[k]!, f[k]!, m[k]!));
  return takeRows(customers, buyers).assign({r_score: r, f_score: f, m_score: m, rfm_segment: groups});
}

/**
 * min(bins, 1 + floor(bins × percent rank)), where the percent rank is (rank − 1) / (n − 1) with tied values sharing
 * the smallest rank, as aq.op.percent_rank() gives it (written out here: arquero parses and compiles each derive
 * expression, 0.5 s on the first call at 20,000 rows, and a check calls this often).
 */
function quantileScores(values: number[], bins: number): Int32Array {
  const n = values.length;
  const order = Array.from(values.keys()).sort((a, b) => values[a]! - values[b]!);
  const scores = new Int32Array(n);
  let k = 0;
  while (k < n) {
    let end = k;
    while (end + 1 < n && values[order[end + 1]!] === values[order[k]!]) end++;
    const pr = n > 1 ? k / (n - 1) : 0;
    const score = Math.min(bins, 1 + Math.floor(bins * pr));
    for (let j = k; j <= end; j++) scores[order[j]!] = score;
    k = end + 1;
  }
  return scores;
}
