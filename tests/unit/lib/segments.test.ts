// Segment rules (JSONLogic through json-logic-engine), the dashboard's per-segment statistics, expected counts,
// RFM scores and bootstrap intervals.
import * as aq from "arquero";
import {describe, expect, it} from "vitest";
import {loyaltyCustomers, LOYALTY_SEGMENTS, OFFERS} from "../../../src/lib/data/loyalty.js";
import {bootstrapCI} from "../../../src/lib/metrics/bootstrap.js";
import {
  applyRule,
  churnRiskStats,
  dashboardStats,
  expectedAcceptances,
  rfmScores,
  rfmSegment,
  ruleFields,
  segmentForecasts,
  segmentMask,
  segmentMembers,
  topOfferCounts
} from "../../../src/lib/segments/index.js";

const recent = {"<": [{var: "days"}, 30]};

describe("applyRule", () => {
  it("evaluates the seed's operators: and, or, !, comparisons, in, var", () => {
    const row = {status: "active", revenue: 532.26, products: 3, days: 12};
    expect(applyRule({and: [{">": [{var: "products"}, 2]}, {"==": [{var: "status"}, "active"]}, {">": [{var: "revenue"}, 200]}]}, row)).toBe(true);
    expect(applyRule({or: [{"<": [{var: "revenue"}, 100]}, {in: [{var: "status"}, ["vip", "inactive"]]}]}, row)).toBe(false);
    expect(applyRule({"!": {"==": [{var: "status"}, "vip"]}}, row)).toBe(true);
    expect(applyRule({"<=": [{var: "days"}, 12]}, row)).toBe(true);
    expect(applyRule({"!=": [{var: "days"}, 12]}, row)).toBe(false);
  });

  it("the empty rule {} is everyone, as in the loyalty system", () => {
    expect(applyRule({}, {days: null})).toBe(true);
  });

  it("compares null as 0: a never-bought customer is 'recent'; only a strict !== null guard keeps day-0 buyers", () => {
    expect(applyRule(recent, {days: null})).toBe(true);
    const fixed = {and: [{"!==": [{var: "days"}, null]}, {"<": [{var: "days"}, 30]}]};
    expect([null, 0, 29, 30].map((days) => applyRule(fixed, {days}))).toEqual([false, true, true, false]);
    // json-logic-engine compares == and != numerically, so 0 != null is false: this guard drops day-0 buyers too
    const loose = {and: [{"!=": [{var: "days"}, null]}, {"<": [{var: "days"}, 30]}]};
    expect([null, 0, 29].map((days) => applyRule(loose, {days}))).toEqual([false, false, true]);
  });

  it("says which operator is unknown and where, and what is malformed", () => {
    expect(() => applyRule({and: [{">": [{var: "a"}, 1]}, {between: [{var: "a"}, 1, 2]}]}, {a: 1})).toThrow(
      /unknown operator "between" at rule\.and\[1\]/
    );
    expect(() => applyRule({and: [{">": [{var: "a"}, 1], "<": [{var: "a"}, 5]}]}, {a: 1})).toThrow(/rule\.and\[0\] has 2 keys \(">", "<"\): an operation has exactly one operator/);
    expect(() => applyRule({"<": [{var: 3}, 5]}, {a: 1})).toThrow(/rule\["<"\]\[0\]\.var is 3: \{"var": "field_name"\} names a field as text/);
    expect(() => applyRule({or: [{}]}, {a: 1})).toThrow(/rule\.or\[0\] is an empty object/);
    expect(() => applyRule(null as never, {a: 1})).toThrow(/the rule is null/);
  });

  it("a field the row lacks is an error, not a silent null", () => {
    expect(() => applyRule({">": [{var: "revenu"}, 100]}, {revenue: 500})).toThrow(/reads "revenu", which this row does not have/);
  });

  it("ruleFields lists the fields a rule reads", () => {
    expect(ruleFields(LOYALTY_SEGMENTS[0]!.rule).sort()).toEqual(["active_products_count", "customer_status", "total_revenue"]);
  });
});

describe("segmentMask and segmentMembers", () => {
  const customers = loyaltyCustomers({n: 3000, seed: 3});
  const rows = customers.objects() as Array<Record<string, unknown>>;

  it("select the same rows as applyRule on each row, for every stored segment", () => {
    for (const {name, rule} of LOYALTY_SEGMENTS) {
      const mask = segmentMask(customers, rule);
      expect(Array.from(mask), name).toEqual(rows.map((r) => (applyRule(rule, r) ? 1 : 0)));
      const members = segmentMembers(customers, rule);
      expect(members.numRows()).toBe(mask.reduce((a, b) => a + b, 0));
      expect(Array.from(members.array("customer_id") as ArrayLike<number>)).toEqual(rows.filter((_, i) => mask[i]).map((r) => r.customer_id));
    }
  });

  it("'Recently active' as stored lets in every customer who never bought", () => {
    const mask = segmentMask(customers, LOYALTY_SEGMENTS[1]!.rule);
    const never = rows.map((r) => r.days_since_last_purchase === null);
    expect(never.some(Boolean)).toBe(true);
    expect(never.every((nb, i) => !nb || mask[i] === 1)).toBe(true);
  });

  it("a rule on a column the table lacks is an error naming the columns", () => {
    expect(() => segmentMask(customers, {">": [{var: "revenue"}, 100]})).toThrow(/reads "revenue", which the table has no column for \(columns: customer_id, customer_status/);
    expect(() => segmentMask([] as never, {})).toThrow(/customers must be an arquero table/);
  });

  it("the empty rule selects everyone", () => {
    expect(segmentMembers(customers, {}).numRows()).toBe(3000);
  });
});

describe("the dashboard's statistics", () => {
  it("churnRiskStats buckets at 0.3 and 0.7 (high includes 0.7) and rounds as the dashboard shows", () => {
    expect(churnRiskStats([0.1, 0.29, 0.3, 0.69, 0.7, 0.95])).toEqual({
      high: 2, medium: 2, low: 2, count: 6, avg_probability: 0.51, high_percentage: 33.3, medium_percentage: 33.3, low_percentage: 33.3
    });
    expect(() => churnRiskStats([0.2, 1.2])).toThrow(/probs\[1\] is 1.2/);
  });

  it("topOfferCounts counts each member's single best offer; ties go to the first", () => {
    const t = aq.table({a: [0.1, 0.3, 0.2, 0.2], b: [0.2, 0.1, 0.2, 0.1]});
    expect(topOfferCounts(t, ["a", "b"])).toEqual({top_offers: [["a", 3], ["b", 1]], distribution: {a: 3, b: 1}});
  });

  it("dashboardStats reads the first sampleSize members by customer_id, whatever their order in the table", () => {
    const t = aq.table({customer_id: [5, 1, 4, 2, 3], churn_score: [0.9, 0.1, 0.8, 0.2, 0.75], a: [1, 0, 0, 1, 0], b: [0, 1, 1, 0, 1]});
    const stats = dashboardStats(t, {name: "test", sampleSize: 3, offers: ["a", "b"]});
    expect(stats.member_count).toBe(5);
    expect(stats.sampled_count).toBe(3);
    // ids 1, 2, 3: scores 0.1, 0.2, 0.75
    expect(stats.stats.churn).toMatchObject({high: 1, low: 2, count: 3, avg_probability: 0.35});
    expect(stats.stats.nbo.distribution).toEqual({a: 1, b: 2});
    expect(() => dashboardStats(t, {offers: ["c"]})).toThrow(/no column "c"/);
  });
});

describe("expected counts", () => {
  const customers = loyaltyCustomers({n: 2000, seed: 5});
  const probs = Array.from(customers.array("churn_score") as ArrayLike<number>);
  const outcome = Array.from(customers.array("churned_90d") as ArrayLike<number>);

  it("segmentForecasts sums and averages the members' probabilities and their outcomes", () => {
    const rows = segmentForecasts(customers, LOYALTY_SEGMENTS, {probs, outcome});
    expect(rows.map((r) => r.segment)).toEqual(LOYALTY_SEGMENTS.map((s) => s.name));
    for (const [k, {rule}] of LOYALTY_SEGMENTS.entries()) {
      const mask = segmentMask(customers, rule);
      const idx = probs.map((_, i) => i).filter((i) => mask[i]);
      expect(rows[k]!.members).toBe(idx.length);
      expect(rows[k]!.expected).toBeCloseTo(idx.reduce((s, i) => s + probs[i]!, 0), 9);
      expect(rows[k]!.mean_probability).toBeCloseTo(rows[k]!.expected / idx.length, 12);
      expect(rows[k]!.observed_rate).toBeCloseTo(idx.reduce((s, i) => s + outcome[i]!, 0) / idx.length, 12);
    }
    expect(() => segmentForecasts(customers, LOYALTY_SEGMENTS, {probs: probs.slice(1)})).toThrow(/probs has 1999 values but the table has 2000 customers/);
  });

  it("expectedAcceptances: the sum of each offer's probabilities, next to the count of members it tops", () => {
    const rows = expectedAcceptances(customers);
    expect(rows.map((r) => r.offer)).toEqual([...OFFERS]);
    const p3 = Array.from(customers.array("offer_3") as ArrayLike<number>);
    expect(rows[2]!.expected_acceptances).toBeCloseTo(p3.reduce((a, b) => a + b, 0), 9);
    expect(rows.reduce((s, r) => s + r.top_offer_count, 0)).toBe(2000);
    expect(rows.map((r) => r.top_offer_count)).toEqual(OFFERS.map((o) => topOfferCounts(customers).distribution[o] ?? 0));
  });
});

describe("rfmScores", () => {
  it("scores buyers 1..5 by percent rank (ties share a score), the most recent, frequent and biggest spenders 5", () => {
    const t = aq.table({
      customer_id: [1, 2, 3, 4, 5, 6, 7],
      days: [null, 0, 10, 10, 400, 30, 2],
      orders: [0, 5, 1, 1, 0, 2, 9],
      revenue: [0, 500, 100, 90, 40, 200, 900]
    });
    const r = rfmScores(t, {recency: "days", frequency: "orders", monetary: "revenue"});
    expect(Array.from(r.array("customer_id") as ArrayLike<number>)).toEqual([2, 3, 4, 5, 6, 7]);
    // recency, most recent last in the order: 400, 30, 10, 10, 2, 0 -> percent ranks 0, .2, .4, .4, .8, 1
    expect(Array.from(r.array("r_score") as ArrayLike<number>)).toEqual([5, 3, 3, 1, 2, 5]);
    expect(Array.from(r.array("f_score") as ArrayLike<number>)).toEqual([5, 2, 2, 1, 4, 5]);
    expect(Array.from(r.array("m_score") as ArrayLike<number>)).toEqual([5, 3, 2, 1, 4, 5]);
    expect(r.array("rfm_segment")[0]).toBe("Champions");
  });

  it("on the loyalty data: every buyer scored, each score level used, and no-order customers all F = 1", () => {
    const customers = loyaltyCustomers({n: 4000, seed: 11});
    const r = rfmScores(customers);
    const buyers = (customers.array("days_since_last_purchase") as Array<number | null>).filter((d) => d !== null).length;
    expect(r.numRows()).toBe(buyers);
    for (const s of ["r_score", "f_score", "m_score"]) expect(new Set(Array.from(r.array(s) as ArrayLike<number>))).toEqual(new Set([1, 2, 3, 4, 5]));
    const orders = r.array("orders_90d") as ArrayLike<number>;
    const f = r.array("f_score") as ArrayLike<number>;
    for (let i = 0; i < r.numRows(); i++) if (orders[i] === 0) expect(f[i]).toBe(1);
  });

  it("rfmSegment names the groups", () => {
    expect([rfmSegment(5, 5, 5), rfmSegment(3, 4, 2), rfmSegment(1, 3, 2), rfmSegment(5, 1, 1), rfmSegment(1, 1, 1), rfmSegment(3, 3, 3)]).toEqual([
      "Champions", "Loyal Customers", "At Risk", "New or Promising", "Hibernating", "Needs Attention"
    ]);
  });
});

describe("bootstrapCI", () => {
  it("brackets the mean, narrows with more data, and is the same for the same seed", () => {
    const values = Array.from({length: 400}, (_, i) => (i * 7919) % 100);
    const ci = bootstrapCI(values);
    expect(ci.estimate).toBeCloseTo(values.reduce((a, b) => a + b, 0) / 400, 12);
    expect(ci.low).toBeLessThan(ci.estimate);
    expect(ci.high).toBeGreaterThan(ci.estimate);
    // about ±1.96 sd/√n = ±2.8 for these values
    expect(ci.high - ci.low).toBeGreaterThan(4.5);
    expect(ci.high - ci.low).toBeLessThan(7);
    expect(bootstrapCI(values)).toEqual(ci);
    const more = bootstrapCI([...values, ...values, ...values, ...values]);
    expect(more.high - more.low).toBeLessThan(0.7 * (ci.high - ci.low));
  });

  it("takes any statistic and says what is wrong with its input", () => {
    const med = bootstrapCI([1, 2, 3, 4, 100], (s) => Float64Array.from(s).sort()[2]!, {nResamples: 200, confidence: 0.9});
    expect(med.estimate).toBe(3);
    expect(() => bootstrapCI([1, NaN])).toThrow(/values\[1\] is NaN/);
    expect(() => bootstrapCI([1, 2], undefined, {confidence: 95})).toThrow(/confidence must be a number between 0 and 1/);
  });
});
