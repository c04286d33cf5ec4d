// @vitest-environment happy-dom
// The segment-rules drill's story, checked in its own numbers: the notebook runs headless with its solutions and
// every claim its prose makes is asserted here, so a change of data, seed or library that breaks the story fails.
import {readFileSync} from "node:fs";
import path from "node:path";
import {beforeAll, describe, expect, it} from "vitest";
import {parseNotebook} from "../../../src/notebook/parse.js";
import {runNotebook, solutionCode, type RunResult} from "../../../src/runtime/headless.js";
import {applyRule, segmentMask, rfmScores} from "../../../src/lib/segments/index.js";
import {bucketShares} from "../../../src/lib/plots/index.js";
import {LOYALTY_SEGMENTS} from "../../../src/lib/data/loyalty.js";
import {loyaltyCustomers} from "../../../src/lib/data/loyalty.js";

const file = "notebooks/segment-rules.md";
const source = readFileSync(path.resolve(file), "utf8");
const notebook = parseNotebook(source, file);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const v: Record<string, any> = {};
let result: RunResult;
const names = [
  "customers", "dashboardNow", "memberCounts", "neverBoughtRecent", "recentlyActiveFixed", "builderRows", "builderNever", "builderChurn",
  "y", "trainRows", "calRows", "testRows", "upsampled", "realProba", "shippedScore", "shippedAuc", "realAuc", "meanPredicted", "observedRate",
  "churnProb", "eceBefore", "eceAfter", "segmentCheck", "hvcRows", "segmentMean", "firstThousandMean", "sampleMeans", "range95",
  "firstIsTypical", "expectedChurners", "ranking", "dashboardPick", "forecastRows", "acceptances", "bestOffer", "mostCountedOffer",
  "offerRows", "rfm", "memo", "recentMembers", "overlapCounts", "overlap"
];

beforeAll(async () => {
  result = await runNotebook(notebook, {
    code: solutionCode(notebook),
    includeHiddenChecks: true,
    budgetMs: 120_000,
    inspect: async (s) => {
      for (const n of names) v[n] = await s.value(n);
    }
  });
}, 180_000);

const mean = (a: ArrayLike<number>) => Array.from(a).reduce((s, x) => s + x, 0) / a.length;
const at = (values: ArrayLike<number>, rows: number[]) => rows.map((i) => values[i]!);
const col = <T>(name: string) => Array.from(v.customers.array(name) as ArrayLike<T>);
const dash = (name: string) => v.dashboardNow.find((d: {segment_name: string}) => d.segment_name === name);
const rows = (rule: Record<string, unknown>) => {
  const mask = segmentMask(v.customers, rule);
  return Array.from(mask.keys()).filter((i) => mask[i]);
};
const percentText = (x: number, digits = 1) => `${(100 * x).toFixed(digits)} %`;

describe("segment-rules: the notebook", () => {
  it("settles with every cell ok and every check passed", () => {
    expect(result.timedOut).toBe(false);
    expect(result.cells.filter((c) => c.status !== "ok").map((c) => `${c.id}: ${c.message}`)).toEqual([]);
    expect(result.checks.filter((c) => c.status !== "passed").map((c) => `${c.id}: ${c.message}`)).toEqual([]);
  });
});

describe("segment-rules: the dashboard this morning", () => {
  it('"High Value Customers: average churn 0.42"; 53.1 % of VIP members at high risk', () => {
    expect(dash("High Value Customers").stats.churn.avg_probability).toBe(0.42);
    expect(dash("VIP").stats.churn.high_percentage).toBe(53.1);
    expect(source).toContain('"High Value Customers: average churn 0.42", it says, and 53.1 % of VIP members');
  });
  it("only VIP has a high-risk share above 20 %", () => {
    expect(v.dashboardNow.filter((d: {stats: {churn: {high_percentage: number}}}) => d.stats.churn.high_percentage > 20).map((d: {segment_name: string}) => d.segment_name)).toEqual(["VIP"]);
    expect(v.dashboardPick).toEqual(["VIP"]);
  });
  it("every statistic reads 1,000 members, and each segment has more", () => {
    for (const d of v.dashboardNow) {
      expect(d.sampled_count).toBe(1000);
      expect(d.member_count).toBeGreaterThan(1000);
    }
  });
});

describe("segment-rules: the data and the rules", () => {
  it("20,000 customers; the memberCounts example: High Value Customers 3727", () => {
    expect(v.customers.numRows()).toBe(20000);
    expect(v.memberCounts["High Value Customers"]).toBe(3727);
    expect(source).toContain('{"High Value Customers": 3727, ...}');
  });
  it("the stored Recently active rule lets in 824 never-bought customers, who churn at 62 %; they lift its churn from 6.7 % to 10.7 %", () => {
    expect(v.neverBoughtRecent).toBe(824);
    const days = col<number | null>("days_since_last_purchase");
    const stored = rows(LOYALTY_SEGMENTS[1]!.rule);
    const never = stored.filter((i) => days[i] === null);
    expect(percentText(mean(at(v.y, never)), 0)).toBe("62 %");
    expect(percentText(mean(at(v.y, stored)))).toBe("10.7 %");
    expect(percentText(mean(at(v.y, rows(v.recentlyActiveFixed))))).toBe("6.7 %");
    // the builder starts from the stored rule and shows the same three numbers
    expect(v.builderRows.length).toBe(stored.length);
    expect(v.builderNever).toBe(824);
  });
  it("616 customers bought today (0 days), all kept by the fixed rule", () => {
    const days = col<number | null>("days_since_last_purchase");
    const day0 = days.filter((d) => d === 0).length;
    expect(day0).toBe(616);
    expect(rows(v.recentlyActiveFixed).filter((i) => days[i] === 0)).toHaveLength(616);
  });
  it("the engine converts to numbers: null < 30 is true and so is 0 == null; !== null is false only for null", () => {
    expect(applyRule({"<": [{var: "d"}, 30]}, {d: null})).toBe(true);
    expect(applyRule({"==": [{var: "d"}, null]}, {d: 0})).toBe(true);
    expect([null, 0, 5].map((d) => applyRule({"!==": [{var: "d"}, null]}, {d}))).toEqual([false, true, true]);
  });
});

describe("segment-rules: the segments overlap", () => {
  const share = (a: string, b: string) => v.overlap.find((r: {row: string; column: string}) => r.row === a && r.column === b).share;
  it("the stored rules' member counts add up to more than the customers they select; many customers are in two or more", () => {
    const masks = LOYALTY_SEGMENTS.map(({rule}) => segmentMask(v.customers, rule));
    let inAny = 0, inTwo = 0, memberships = 0;
    for (let i = 0; i < v.customers.numRows(); i++) {
      const k = masks.reduce((sum, m) => sum + m[i]!, 0);
      memberships += k;
      inAny += k > 0 ? 1 : 0;
      inTwo += k > 1 ? 1 : 0;
    }
    expect(v.overlapCounts).toEqual({inAny, inTwo, memberships});
    expect(memberships).toBeGreaterThan(inAny);
    expect(inTwo / inAny).toBeGreaterThan(0.4);
  });
  it("almost three quarters of VIP members and of new customers are also Recently active; most of At risk is Single product", () => {
    for (const s of ["VIP", "New customers"]) {
      expect(share(s, "Recently active")).toBeGreaterThan(0.65);
      expect(share(s, "Recently active")).toBeLessThan(0.8);
    }
    expect(share("At risk", "Single product")).toBeGreaterThan(0.5);
  });
});

describe("segment-rules: two churn models", () => {
  it("half the customers train the real model, a quarter calibrate, a quarter test; the up-sampled training data is half churners", () => {
    expect([v.trainRows.length, v.calRows.length, v.testRows.length]).toEqual([10000, 5000, 5000]);
    expect(new Set([...v.trainRows, ...v.calRows, ...v.testRows]).size).toBe(20000);
    expect(mean(at(v.y, v.upsampled))).toBe(0.5);
  });
  it("the served score ranks no better than a coin: AUC 0.47", () => {
    expect(v.shippedAuc.toFixed(2)).toBe("0.47");
  });
  it("VIP members churn least of all, at 2 %", () => {
    const rates = LOYALTY_SEGMENTS.map(({name, rule}) => [name, mean(at(v.y, rows(rule)))] as const);
    const lowest = rates.reduce((a, b) => (b[1] < a[1] ? b : a));
    expect(lowest[0]).toBe("VIP");
    expect(percentText(lowest[1], 0)).toBe("2 %");
  });
  it("the real model ranks well (AUC 0.81) but predicts 40 % on average against 15.5 % observed", () => {
    expect(v.realAuc.toFixed(2)).toBe("0.81");
    expect(percentText(v.meanPredicted, 0)).toBe("40 %");
    expect(percentText(v.observedRate)).toBe("15.5 %");
  });
});

describe("segment-rules: calibration", () => {
  it("the ECE falls from 0.24 to under 0.01; the calibrated mean matches the observed rate", () => {
    expect(v.eceBefore.toFixed(2)).toBe("0.24");
    expect(v.eceAfter).toBeLessThan(0.01);
    expect(Math.abs(mean(at(v.churnProb, v.testRows)) - v.observedRate)).toBeLessThan(0.005);
  });
  it("per segment: calibrated within or next to the observed interval; raw two to five times too high; served highest for VIP, who churn least", () => {
    for (const s of v.segmentCheck) {
      expect(s.calibrated, s.segment).toBeGreaterThan(s.low - 0.01);
      expect(s.calibrated, s.segment).toBeLessThan(s.high + 0.01);
      expect(s.real / s.observed, s.segment).toBeGreaterThan(1.8);
      expect(s.real / s.observed, s.segment).toBeLessThan(5);
    }
    // the served score's highest segment (VIP) has the lowest observed churn
    const byServed = [...v.segmentCheck].sort((a, b) => b.served - a.served);
    const byObserved = [...v.segmentCheck].sort((a, b) => a.observed - b.observed);
    expect(byServed[0].segment).toBe("VIP");
    expect(byObserved[0].segment).toBe("VIP");
  });
});

describe("segment-rules: the dashboard's buckets", () => {
  it("raw, the real model puts about as many test customers in high as churn; calibrated, none reach 0.7", () => {
    const at = (values: ArrayLike<number>, rows: number[]) => rows.map((i) => values[i]!);
    const raw = bucketShares(at(v.realProba, v.testRows))[2]!;
    const calibrated = bucketShares(at(v.churnProb, v.testRows))[2]!;
    const observed = at(v.y, v.testRows).reduce((a, b) => a + b, 0) / v.testRows.length;
    expect(raw).toBeGreaterThan(0.05);
    expect(calibrated).toBeLessThan(raw / 2); // "A high risk % is a statement about a threshold, not a forecast"
    expect(Math.abs(calibrated - observed)).toBeGreaterThan(0.1);
  });
});

describe("segment-rules: the first 1,000 are not a sample", () => {
  it("High Value Customers: the first 1,000 by id have been customers 4.4 years on average, the 3,727 members 2.6", () => {
    const tenure = col<number>("tenure_days");
    const ids = col<number>("customer_id");
    const first = [...v.hvcRows].sort((a: number, b: number) => ids[a]! - ids[b]!).slice(0, 1000);
    expect(v.hvcRows).toHaveLength(3727);
    expect((mean(at(tenure, first)) / 365).toFixed(1)).toBe("4.4");
    expect((mean(at(tenure, v.hvcRows)) / 365).toFixed(1)).toBe("2.6");
  });
  it("3.5 % against 4.1 % forecast; 3.1 % against 4.1 % observed; no random sample of 1,000 comes near", () => {
    expect(percentText(v.firstThousandMean)).toBe("3.5 %");
    expect(percentText(v.segmentMean)).toBe("4.1 %");
    expect(percentText(mean(at(v.y, v.hvcRows.slice(0, 1000))))).toBe("3.1 %");
    expect(percentText(mean(at(v.y, v.hvcRows)))).toBe("4.1 %");
    expect(Math.min(...v.sampleMeans)).toBeGreaterThan(v.firstThousandMean);
    expect(v.firstIsTypical).toBe(false);
  });
  it("the dashboard's numbers are those of the first 1,000 members by id, bucketed at 0.3 and 0.7", () => {
    const score = col<number>("churn_score");
    for (const {name, rule} of LOYALTY_SEGMENTS) {
      const first = rows(rule).slice(0, 1000); // rows are in id order
      const p = at(score, first);
      const churn = dash(name).stats.churn;
      expect(churn.avg_probability).toBe(Math.round(100 * mean(p)) / 100);
      expect(churn.high).toBe(p.filter((x) => x >= 0.7).length);
      expect(churn.low).toBe(p.filter((x) => x < 0.3).length);
    }
  });
});

describe("segment-rules: expected churners", () => {
  const e = (name: string) => v.expectedChurners[name];
  it("Single product about 1,600, At risk about 1,400, Recently active (fixed) about 730, VIP 19", () => {
    expect(Math.abs(e("Single product") - 1600)).toBeLessThan(50);
    expect(Math.abs(e("At risk") - 1400)).toBeLessThan(50);
    expect(Math.abs(e("Recently active") - 730)).toBeLessThan(15);
    expect(Math.round(e("VIP"))).toBe(19);
    expect(v.ranking.slice(0, 3)).toEqual(["Single product", "At risk", "Recently active"]);
  });
  it("At risk is forecast to lose 37 % of its members, New customers 23 %: the two highest rates", () => {
    const rate = (name: string) => v.forecastRows.find((r: {segment: string}) => r.segment === name).mean_probability;
    expect(percentText(rate("At risk"), 0)).toBe("37 %");
    expect(percentText(rate("New customers"), 0)).toBe("23 %");
    const byRate = [...v.forecastRows].sort((a, b) => b.mean_probability - a.mean_probability).map((r) => r.segment);
    expect(byRate.slice(0, 2)).toEqual(["At risk", "New customers"]);
  });
});

describe("segment-rules: expected acceptances", () => {
  const row = (offer: string) => v.offerRows.find((r: {offer: string}) => r.offer === offer);
  it("offer_3 tops 4,667 recently active customers, offer_5 3,673: the count picks offer_3", () => {
    expect(row("offer_3").top_offer_count).toBe(4667);
    expect(row("offer_5").top_offer_count).toBe(3673);
    expect(v.mostCountedOffer).toBe("offer_3");
  });
  it("offer_5 should bring about 1,960 acceptances, offer_3 about 1,300; offer_5 is the best", () => {
    expect(Math.abs(row("offer_5").expected_acceptances - 1960)).toBeLessThan(10);
    expect(Math.abs(row("offer_3").expected_acceptances - 1300)).toBeLessThan(10);
    expect(v.bestOffer).toBe("offer_5");
  });
  it("offer_3 appeals to everyone a little (about 12 %); offer_5 strongly to customers with three or more products, hardly to others", () => {
    const members = v.recentMembers;
    const p3 = Array.from(members.array("offer_3") as ArrayLike<number>);
    const p5 = Array.from(members.array("offer_5") as ArrayLike<number>);
    const products = Array.from(members.array("active_products_count") as ArrayLike<number>);
    expect(percentText(mean(p3), 0)).toBe("12 %");
    expect(p3.filter((p) => p > 0.08 && p < 0.16).length / p3.length).toBeGreaterThan(0.95);
    expect(mean(p5.filter((_, i) => products[i]! >= 3))).toBeGreaterThan(0.4);
    expect(mean(p5.filter((_, i) => products[i]! < 3))).toBeLessThan(0.04);
  });
});

describe("segment-rules: RFM", () => {
  it("Hibernating churns eleven times as often as Champions (32 % against 3 %), At Risk more than five times", () => {
    const r = rfmScores(loyaltyCustomers({n: 20000, seed: 42}));
    const groups = r.array("rfm_segment") as ArrayLike<string>;
    const churn = r.array("churned_90d") as ArrayLike<number>;
    const rate = (g: string) => mean(Array.from(churn).filter((_, i) => groups[i] === g));
    expect(Math.round(rate("Hibernating") / rate("Champions"))).toBe(11);
    expect(percentText(rate("Hibernating"), 0)).toBe("32 %");
    expect(percentText(rate("Champions"), 0)).toBe("3 %");
    expect(rate("At Risk") / rate("Champions")).toBeGreaterThan(5);
    expect(v.rfm.numRows()).toBe(r.numRows());
  });
});

describe("segment-rules: the memo's solution quotes the page's numbers", () => {
  it("AUC 0.47; 1,600 and 1,400 churners; 19 VIPs who churn at 2 %; offer_5 1,960 against 1,300", () => {
    const text = v.memo.join(" ");
    for (const quoted of ["AUC 0.47", "1,600 churners in Single product", "1,400 in At risk", "only 19 among VIPs", "(2 %)", "1,960 acceptances against 1,300"]) {
      expect(text).toContain(quoted);
    }
  });
});
