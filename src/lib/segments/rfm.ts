// RFM scores: recency, frequency and monetary value as quintile scores 1..5 (5 best), from arquero's percent_rank
// window function (score = 1 + floor(5 × percent rank), at most 5), and named RFM groups. Tied values share a score.
//
// Not aq.op.ntile: in arquero 7.2.1 ntile is ceil(n × cume_dist), and cume_dist leaves the first group of tied
// values unpooled (orderby x of [1, 1, 2] gives 1/3, 2/3, 1 instead of 2/3, 2/3, 1): on loyaltyCustomers() one of
// the 4,029 buyers with no order in 90 days got F = 1 and the rest F = 2. percent_rank pools ties correctly, and
// gives customers with the fewest orders a 1.

import type {ColumnTable} from "arquero";
import * as aq from "arquero";
import {LibraryInputError, describe} from "../base.js";
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
 * most frequent and biggest spenders get `bins`) and `rfm_segment`, in customer order. Each score is
 * min(bins, 1 + floor(bins × aq.op.percent_rank())) over the column's order (descending days for recency), so equal
 * values share a score.
 */
export function rfmScores(customers: ColumnTable, options: RfmOptions = {}): ColumnTable {
  const fn = "rfmScores";
  const {recency = "days_since_last_purchase", frequency = "orders_90d", monetary = "total_revenue", bins = 5} = options;
  checkColumns(customers, [recency, frequency, monetary], fn);
  if (!Number.isInteger(bins) || bins < 2) throw new LibraryInputError(`${fn}: bins must be a whole number >= 2, got ${describe(bins)}`);
  const order = customers.columnNames()[0]!;
  const buyers = customers.params({recency}).filter((d: Record<string, unknown>, $: {recency: string}) => d[$.recency] != null);
  const score = (t: ColumnTable, by: ReturnType<typeof aq.desc> | string, as: string) =>
    t
      .orderby(by)
      .derive({rfm_rank__: aq.op.percent_rank() as unknown as string})
      .params({bins})
      .derive({[as]: ((d: {rfm_rank__: number}, $: {bins: number}) => Math.min($.bins, 1 + Math.floor($.bins * d.rfm_rank__))) as unknown as string})
      .select(aq.not("rfm_rank__"))
      .unorder();
  let scored = score(buyers, aq.desc(recency), "r_score");
  scored = score(scored, frequency, "f_score");
  scored = score(scored, monetary, "m_score");
  const r = scored.array("r_score") as ArrayLike<number>;
  const f = scored.array("f_score") as ArrayLike<number>;
  const m = scored.array("m_score") as ArrayLike<number>;
  const groups = Array.from({length: scored.numRows()}, (_, i) => rfmSegment(r[i]!, f[i]!, m[i]!));
  return scored.assign({rfm_segment: groups}).orderby(order).reify();
}
