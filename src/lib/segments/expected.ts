// What a segment's predictions add up to: expected churners (the sum of calibrated churn probabilities) and
// expected acceptances per offer (the sum of acceptance probabilities). A sum over members, unlike an average or a
// count of top offers, is a number of customers a campaign can plan with.

import type {ColumnTable} from "arquero";
import {LibraryInputError, describe} from "../base.js";
import {OFFERS} from "../data/loyalty.js";
import {columnValues} from "../columnValues.js";
import {checkColumns} from "./columns.js";
import {segmentMask, type Rule} from "./rules.js";

export interface SegmentForecast {
  segment: string;
  members: number;
  /** Sum of the members' probabilities: how many of them the model expects to churn. */
  expected: number;
  /** Mean of the members' probabilities: the segment's forecast rate. */
  mean_probability: number;
  /** The members' observed rate, when `outcome` is given. */
  observed_rate?: number;
}

function perRow(values: unknown, n: number, what: string, fn: string): ArrayLike<number> {
  if (!values || typeof (values as ArrayLike<number>).length !== "number" || typeof values === "string") {
    throw new LibraryInputError(`${fn}: ${what} must be an array with one number per customer, got ${describe(values)}`);
  }
  const v = values as ArrayLike<number>;
  if (v.length !== n) throw new LibraryInputError(`${fn}: ${what} has ${v.length} values but the table has ${n} customers: one per customer, in the table's order`);
  return v;
}

/**
 * For each segment (`{name, rule}`), its members under the rule and what `probs` (one probability per customer,
 * in the table's order) says about them: expected count and mean. `outcome` (0/1 per customer) adds the observed rate.
 */
export function segmentForecasts(
  customers: ColumnTable,
  segments: ReadonlyArray<{name: string; rule: Rule | Record<string, unknown>}>,
  options: {probs: ArrayLike<number>; outcome?: ArrayLike<number>}
): SegmentForecast[] {
  const fn = "segmentForecasts";
  if (!Array.isArray(segments)) throw new LibraryInputError(`${fn}: segments must be an array of {name, rule}, got ${describe(segments)}`);
  const n = customers.numRows();
  const probs = perRow(options?.probs, n, "probs", fn);
  const outcome = options.outcome === undefined ? undefined : perRow(options.outcome, n, "outcome", fn);
  return segments.map(({name, rule}) => {
    const mask = segmentMask(customers, rule as Rule);
    let members = 0;
    let expected = 0;
    let observed = 0;
    for (let i = 0; i < n; i++) {
      if (!mask[i]) continue;
      members++;
      expected += probs[i]!;
      if (outcome) observed += outcome[i]!;
    }
    const row: SegmentForecast = {segment: name, members, expected, mean_probability: members ? expected / members : NaN};
    if (outcome) row.observed_rate = members ? observed / members : NaN;
    return row;
  });
}

export interface OfferExpectation {
  offer: string;
  /** Sum over members of P(accept): how many acceptances sending this offer to every member should bring. */
  expected_acceptances: number;
  /** How many members have it as their single most likely offer (what the dashboard counts). */
  top_offer_count: number;
}

/** Per offer: expected acceptances if sent to every member, next to the dashboard's count of members it tops. */
export function expectedAcceptances(members: ColumnTable, offers: readonly string[] = OFFERS): OfferExpectation[] {
  const fn = "expectedAcceptances";
  checkColumns(members, offers, fn);
  const cols = offers.map((o) => columnValues(members, o) as ArrayLike<number>);
  const sums = new Float64Array(offers.length);
  const tops = new Int32Array(offers.length);
  for (let i = 0; i < members.numRows(); i++) {
    let best = 0;
    for (let k = 0; k < offers.length; k++) {
      sums[k] += cols[k]![i]!;
      if (cols[k]![i]! > cols[best]![i]!) best = k;
    }
    tops[best]++;
  }
  return offers.map((offer, k) => ({offer, expected_acceptances: sums[k]!, top_offer_count: tops[k]!}));
}
