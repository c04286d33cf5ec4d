// The loyalty dashboard's per-segment statistics, computed as its stats endpoint does: on the first 1,000 members by
// customer id (not a random sample), churn risk bucketed at fixed edges, and each member's single top offer counted.
// Reproduced here so a drill can show what those numbers are, and are not.

import type {ColumnTable} from "arquero";
import {LibraryInputError, describe} from "../base.js";
import {columnValues} from "../columnValues.js";
import {checkColumns} from "./columns.js";
import {OFFERS} from "../data/loyalty.js";

/** The dashboard's churn-risk buckets: high when P(churn) >= 0.7, low below 0.3, medium between. */
export const RISK_BUCKETS = Object.freeze({highAt: 0.7, lowBelow: 0.3});

export interface ChurnRiskStats {
  high: number;
  medium: number;
  low: number;
  count: number;
  /** The mean P(churn), to 2 decimals as the dashboard shows it. */
  avg_probability: number;
  /** Shares of count, in percent to 1 decimal. */
  high_percentage: number;
  medium_percentage: number;
  low_percentage: number;
}

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

function probabilityList(probs: unknown, fn: string): number[] {
  if (!probs || typeof (probs as ArrayLike<number>).length !== "number" || typeof probs === "string") {
    throw new LibraryInputError(`${fn}: probs must be an array of churn probabilities, got ${describe(probs)}`);
  }
  const out = Array.from(probs as ArrayLike<unknown>, (p, i) => {
    if (typeof p !== "number" || !(p >= 0 && p <= 1)) throw new LibraryInputError(`${fn}: probs[${i}] is ${describe(p)}: expected a probability in [0, 1]`);
    return p;
  });
  if (out.length === 0) throw new LibraryInputError(`${fn}: probs is empty: a segment needs at least one member`);
  return out;
}

/** Counts and shares of the risk buckets, and the mean probability, as the dashboard's churn block. */
export function churnRiskStats(probs: ArrayLike<number>, buckets: {highAt?: number; lowBelow?: number} = {}): ChurnRiskStats {
  const fn = "churnRiskStats";
  const {highAt = RISK_BUCKETS.highAt, lowBelow = RISK_BUCKETS.lowBelow} = buckets;
  if (!(lowBelow <= highAt)) throw new LibraryInputError(`${fn}: lowBelow (${lowBelow}) must not be above highAt (${highAt})`);
  const p = probabilityList(probs, fn);
  let high = 0;
  let low = 0;
  let sum = 0;
  for (const v of p) {
    if (v >= highAt) high++;
    else if (v < lowBelow) low++;
    sum += v;
  }
  const count = p.length;
  const medium = count - high - low;
  return {
    high,
    medium,
    low,
    count,
    avg_probability: round(sum / count, 2),
    high_percentage: round((100 * high) / count, 1),
    medium_percentage: round((100 * medium) / count, 1),
    low_percentage: round((100 * low) / count, 1)
  };
}

export interface TopOfferStats {
  /** The three offers that are most often a member's top offer, with how many members: [["offer_3", 250], ...]. */
  top_offers: Array<[string, number]>;
  /** For each offer that is someone's top offer: how many members it is the top offer of. */
  distribution: Record<string, number>;
}

/** Each member's most likely accepted offer, counted (ties go to the first offer), as the dashboard's nbo block. */
export function topOfferCounts(members: ColumnTable, offers: readonly string[] = OFFERS): TopOfferStats {
  const fn = "topOfferCounts";
  checkColumns(members, offers, fn);
  const cols = offers.map((o) => columnValues(members, o) as ArrayLike<number>);
  const counts = new Map<string, number>();
  for (let i = 0; i < members.numRows(); i++) {
    let best = 0;
    for (let k = 1; k < offers.length; k++) if (cols[k]![i]! > cols[best]![i]!) best = k;
    counts.set(offers[best]!, (counts.get(offers[best]!) ?? 0) + 1);
  }
  const ordered = offers.filter((o) => counts.has(o)).map((o) => [o, counts.get(o)!] as [string, number]);
  const top = [...ordered].sort((a, b) => b[1] - a[1]).slice(0, 3);
  return {top_offers: top, distribution: Object.fromEntries(ordered)};
}


export interface DashboardStats {
  segment_name: string;
  member_count: number;
  sampled_count: number;
  stats: {churn: ChurnRiskStats; nbo: TopOfferStats};
}

export interface DashboardOptions {
  /** The segment's name, as the JSON shows it. */
  name?: string;
  /** The column of churn probabilities the dashboard averages: the shipped model's `churn_score` by default. */
  score?: string;
  /** How many members the stats read: the first this many by customer_id (default 1,000). */
  sampleSize?: number;
  offers?: readonly string[];
  highAt?: number;
  lowBelow?: number;
}

/**
 * The dashboard's JSON for one segment (its GET .../ml/stats/ endpoint): the member count, then churn-risk and
 * top-offer statistics over the **first `sampleSize` members by customer_id**, which are the segment's oldest
 * customers, not a random sample.
 */
export function dashboardStats(members: ColumnTable, options: DashboardOptions = {}): DashboardStats {
  const fn = "dashboardStats";
  const {name = "segment", score = "churn_score", sampleSize = 1000, offers = OFFERS, highAt, lowBelow} = options;
  checkColumns(members, ["customer_id", score, ...offers], fn);
  if (!Number.isInteger(sampleSize) || sampleSize < 1) throw new LibraryInputError(`${fn}: sampleSize must be a whole number >= 1, got ${describe(sampleSize)}`);
  if (members.numRows() === 0) throw new LibraryInputError(`${fn}: the segment "${name}" has no members`);
  const sampled = members.orderby("customer_id").slice(0, sampleSize).reify();
  return {
    segment_name: name,
    member_count: members.numRows(),
    sampled_count: sampled.numRows(),
    stats: {
      churn: churnRiskStats(sampled.array(score) as ArrayLike<number>, {highAt, lowBelow}),
      nbo: topOfferCounts(sampled, offers)
    }
  };
}
