// @vitest-environment jsdom
// The hidden-segments drill's story, checked in its own numbers: the notebook runs headless with its solutions and
// every claim its prose makes is asserted here, so a change of data, seed or library that breaks the story fails.
// It is a variant drill (each student's data comes from their own seed, runtime/variants.ts): the prose quotes the
// student's figures through inline expressions, and the claims it makes in words must hold on every student's data,
// so the story runs on the instructor's seed and on several students'.
import {readFileSync} from "node:fs";
import path from "node:path";
import {beforeAll, describe, expect, it} from "vitest";
import {parseNotebook} from "../../../src/notebook/parse.js";
import {runNotebook, solutionCode, type RunResult} from "../../../src/runtime/headless.js";
import {LinearRegression} from "../../../src/lib/models/linear.js";
import {seedForStudent} from "../../../src/runtime/variants.js";
import type {SegmentRow} from "../../../src/lib/metrics/regression.js";

const notebook = parseNotebook(readFileSync(path.resolve("notebooks/hidden-segments.md"), "utf8"), "notebooks/hidden-segments.md");
const SEGMENTS = ["Standard", "Premium", "Enterprise"] as const;

// The instructor's seed and four students' (the ids a class might have): the story must hold on each.
const SEEDS = [42, ...["alice", "bob", "s1234567", "lin.wei@uni.example"].map(seedForStudent)];

describe.each(SEEDS)("hidden-segments on data seed %i", (seed) => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const v: Record<string, any> = {};
  let result: RunResult;
  const names = [
    "customers", "XTrain", "XTest", "yTest", "yPred", "segTest", "segTrain", "overall", "metricsBySegment", "failing",
    "residuals", "ltvStats", "model", "rootCauses", "yPredFixed", "fixedBySegment", "yPredOneHot", "yPredAware", "fixes", "yPredCurve", "whatHappened", "story"
  ];

  beforeAll(async () => {
    result = await runNotebook(notebook, {
      seed,
      code: solutionCode(notebook),
      includeHiddenChecks: true,
      inspect: async (s) => {
        for (const n of names) v[n] = await s.value(n);
      }
    });
  }, 60_000);

  const mean = (a: ArrayLike<number>) => Array.from(a).reduce((s, x) => s + x, 0) / a.length;
  const median = (a: number[]) => {
    const s = [...a].sort((x, y) => x - y);
    return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  };
  const row = (rows: SegmentRow[], segment: string) => rows.find((r) => r.segment === segment)!;
  const of = (segment: string, values: ArrayLike<number>) => Array.from(values).filter((_, i) => v.segTest[i] === segment);
  const share = (xs: number[], pred: (x: number) => boolean) => xs.filter(pred).length / xs.length;

  describe("hidden-segments: the notebook", () => {
    it("settles with every cell ok and every check passed", () => {
      expect(result.timedOut).toBe(false);
      expect(result.cells.filter((c) => c.status !== "ok").map((c) => `${c.id}: ${c.message}`)).toEqual([]);
      expect(result.checks.filter((c) => c.status !== "passed").map((c) => `${c.id}: ${c.message}`)).toEqual([]);
    });
  });

  describe("hidden-segments: the data", () => {
    it("2,000 customers, about 70 / 20 / 10 % Standard / Premium / Enterprise; 600 test customers", () => {
      expect(v.customers.numRows()).toBe(2000);
      const seg = v.customers.array("segment") as string[];
      for (const [s, p] of [["Standard", 0.7], ["Premium", 0.2], ["Enterprise", 0.1]] as const) {
        expect(Math.abs(seg.filter((x) => x === s).length / seg.length - p)).toBeLessThan(0.03);
      }
      expect(v.yTest.length).toBe(600);
    });
  });

  describe("hidden-segments: the colleague's report looks good", () => {
    it("an R² that looks good (the text quotes it, and the MAE as a share of the mean LTV)", () => {
      expect(v.overall.r2).toBeGreaterThan(0.8);
      expect(v.overall.mae).toBeLessThan(0.3 * v.overall.meanLtv);
    });
  });

  describe("hidden-segments: the figures the text quotes", () => {
    it("are the student's own: the hidden story cell agrees with the segment table and the residuals", () => {
      for (const [key, name] of [["standard", "Standard"], ["premium", "Premium"], ["enterprise", "Enterprise"]] as const) {
        expect(v.story[key].r2).toBeCloseTo(row(v.metricsBySegment, name).r2, 10);
        expect(v.story[key].mape).toBeCloseTo(row(v.metricsBySegment, name).mape, 10);
      }
      expect(v.story.premiumOver).toBeCloseTo(share(of("Premium", v.residuals), (r) => r < 0), 10);
      expect(v.story.enterpriseUnder).toBeCloseTo(share(of("Enterprise", v.residuals), (r) => r > 0), 10);
      expect(v.story.standardUnder).toBeCloseTo(share(of("Standard", v.residuals), (r) => r > 0), 10);
      expect(v.story.premiumMedianResidual).toBeLessThan(-100); // "by hundreds of dollars"
    });
  });

  describe("hidden-segments: per segment", () => {
    it("Premium fails: negative R², MAPE above 100 %; it is the only failing segment", () => {
      const p = row(v.metricsBySegment, "Premium");
      expect(p.r2).toBeLessThan(0);
      expect(p.mape).toBeGreaterThan(1);
      expect(v.failing).toEqual(["Premium"]);
    });
    it("the typical (median) premium prediction is off by more than the customer's whole value", () => {
      const y = of("Premium", v.yTest);
      const p = of("Premium", v.yPred);
      expect(median(y.map((yi, i) => Math.abs(yi - p[i]!) / yi))).toBeGreaterThan(1);
    });
    it("Enterprise: MAE above the overall MAE, MAPE near 10 % and the best of the three, R² well above premium's (quoted)", () => {
      const e = row(v.metricsBySegment, "Enterprise");
      expect(e.mae).toBeGreaterThan(v.overall.mae);
      expect(e.mape).toBeGreaterThan(0.08);
      expect(e.mape).toBeLessThan(0.12);
      for (const s of ["Standard", "Premium"]) expect(e.mape).toBeLessThan(row(v.metricsBySegment, s).mape);
      expect(e.r2).toBeGreaterThan(0.6);
    });
    it("Standard is only fair: R² around 0.6", () => {
      const s = row(v.metricsBySegment, "Standard");
      expect(s.r2).toBeGreaterThan(0.55);
      expect(s.r2).toBeLessThan(0.7);
    });
    it("most of the test set's total sum of squares (the share is quoted) is the gap between segments", () => {
      const all = mean(v.yTest);
      let between = 0;
      for (const s of SEGMENTS) {
        const ys = of(s, v.yTest);
        between += ys.length * (mean(ys) - all) ** 2;
      }
      const total = Array.from(v.yTest as Float64Array).reduce((a, y) => a + (y - all) ** 2, 0);
      expect(between / total).toBeGreaterThan(0.7); // "most of that spread is the gap between segments"
      expect(v.story.betweenShare).toBeCloseTo(between / total, 10);
    });
    it("inside Standard and Premium the variance is much smaller than the overall one (the shares are quoted)", () => {
      const variance = (ys: number[]) => {
        const m = mean(ys);
        return ys.reduce((a, y) => a + (y - m) ** 2, 0) / ys.length;
      };
      const all = variance(Array.from(v.yTest as Float64Array));
      for (const s of ["Standard", "Premium"]) {
        expect(variance(of(s, v.yTest))).toBeLessThan(0.3 * all);
        expect(v.story.varianceShare[s]).toBeCloseTo(variance(of(s, v.yTest)) / all, 10);
      }
    });
    it("enterprise customers also spend far more per month", () => {
      const spend = (s: string) => v.ltvStats.find((r: {segment: string}) => r.segment === s).mean_spend;
      expect(spend("Enterprise")).toBeGreaterThan(2.5 * spend("Premium"));
      expect(spend("Enterprise")).toBeGreaterThan(2.5 * spend("Standard"));
    });
  });

  describe("hidden-segments: the residual plots", () => {
    it("almost every premium residual is below zero, by hundreds of dollars (median)", () => {
      const r = of("Premium", v.residuals);
      expect(share(r, (x) => x < 0)).toBeGreaterThan(0.9);
      expect(median(r)).toBeLessThan(-200);
    });
    it("over 70 % of enterprise customers are under-predicted (below the diagonal)", () => {
      expect(share(of("Enterprise", v.residuals), (x) => x > 0)).toBeGreaterThan(0.7);
    });
    it("over 90 % of standard customers are under-predicted, a little; the overall bias is small", () => {
      const r = of("Standard", v.residuals);
      expect(share(r, (x) => x > 0)).toBeGreaterThan(0.9);
      expect(median(r)).toBeGreaterThan(0);
      expect(median(r)).toBeLessThan(150);
      expect(Math.abs(mean(v.residuals))).toBeLessThan(0.1 * v.overall.mae);
    });
  });

  describe("hidden-segments: where the segments differ", () => {
    const stat = (s: string) => v.ltvStats.find((r: {segment: string}) => r.segment === s);
    it("enterprise mean LTV is more than five times the standard mean", () => {
      expect(stat("Enterprise").mean_ltv).toBeGreaterThan(5 * stat("Standard").mean_ltv);
    });
    it("premium customers spend more than three times as much per month, with about the same mean LTV", () => {
      expect(stat("Premium").mean_spend).toBeGreaterThan(3 * stat("Standard").mean_spend);
      expect(Math.abs(stat("Premium").mean_ltv / stat("Standard").mean_ltv - 1)).toBeLessThan(0.05);
    });
    it("checklist: $200 is a small share of a typical enterprise LTV and a large one of a typical standard one (quoted)", () => {
      expect(200 / stat("Enterprise").median_ltv).toBeLessThan(0.12);
      expect(200 / stat("Standard").median_ltv).toBeGreaterThan(0.3);
      expect(v.ltvStats[2].segment).toBe("Enterprise"); // the prose indexes ltvStats by SEGMENTS' order
      expect(v.ltvStats[0].segment).toBe("Standard");
    });
    const rowsOf = (s: string) => (v.customers.objects() as Array<Record<string, number | string>>).filter((d) => d.segment === s);
    it("Standard and Enterprise rise in a straight line with tenure; Premium curves", () => {
      const gain = (s: string) => {
        const rows = rowsOf(s);
        const y = rows.map((d) => d.ltv as number);
        const lin = rows.map((d) => [d.tenure_months, d.monthly_spend, d.orders] as number[]);
        const quad = lin.map((r) => [...r, r[0]! ** 2]);
        return new LinearRegression().fit(quad, y).score(quad, y) - new LinearRegression().fit(lin, y).score(lin, y);
      };
      expect(gain("Premium")).toBeGreaterThan(0.03);
      expect(gain("Standard")).toBeLessThan(0.001);
      expect(gain("Enterprise")).toBeLessThan(0.001);
    });
    it("for Premium, the straight line over-predicts in the middle of the tenure range and under-predicts at both ends", () => {
      const rows = rowsOf("Premium");
      const t = rows.map((d) => [d.tenure_months as number]);
      const y = rows.map((d) => d.ltv as number);
      const fit = new LinearRegression().fit(t, y).predict(t);
      const res = (lo: number, hi: number) => mean(rows.flatMap((d, i) => ((d.tenure_months as number) >= lo && (d.tenure_months as number) < hi ? [y[i]! - fit[i]!] : [])));
      expect(res(1, 8)).toBeGreaterThan(0);
      expect(res(14, 24)).toBeLessThan(0);
      expect(res(30, 36)).toBeGreaterThan(0);
    });
  });

  describe("hidden-segments: the root causes", () => {
    const premium = () => {
      const rows = (v.customers.objects() as Array<Record<string, number | string>>).filter((d) => d.segment === "Premium");
      return new LinearRegression().fit(rows.map((d) => [d.tenure_months, d.monthly_spend, d.orders] as number[]), rows.map((d) => d.ltv as number));
    };
    it("the shared line learned that high spend means high value: its spend slope is many times premium's own", () => {
      expect(v.model.coef[1]).toBeGreaterThan(2);
      expect(premium().coef![1]).toBeLessThan(0.5);
    });
    it("the enterprise cloud is wide because its values vary with spend", () => {
      const rows = (v.customers.objects() as Array<Record<string, number>>).filter((d) => (d.segment as unknown) === "Enterprise");
      const corr = (a: number[], b: number[]) => {
        const ma = mean(a), mb = mean(b);
        const cov = a.reduce((s, x, i) => s + (x - ma) * (b[i]! - mb), 0);
        return cov / Math.sqrt(a.reduce((s, x) => s + (x - ma) ** 2, 0) * b.reduce((s, x) => s + (x - mb) ** 2, 0));
      };
      const ltv = rows.map((d) => d.ltv!);
      expect(corr(rows.map((d) => d.monthly_spend!), ltv)).toBeGreaterThan(corr(rows.map((d) => d.tenure_months!), ltv));
    });
    it("the postmortem's solution quotes the report's own numbers", () => {
      expect(v.rootCauses).toBeDefined();
      expect(v.whatHappened).toContain(`R² ${v.overall.r2.toFixed(2)} and MAE $${Math.round(v.overall.mae)}`);
    });
  });

  describe("hidden-segments: fix 1, one model per segment", () => {
    it("the overall MAE drops to about a third of the single model's, and every segment improves", () => {
      const fixed = row(v.fixedBySegment, "overall");
      expect(fixed.mae / v.overall.mae).toBeGreaterThan(0.25);
      expect(fixed.mae / v.overall.mae).toBeLessThan(0.4);
      for (const s of SEGMENTS) expect(row(v.fixedBySegment, s).mae).toBeLessThan(row(v.metricsBySegment, s).mae);
    });
    it("Premium: R² from negative to above 0.9, MAE from over $400 to well under $100", () => {
      expect(row(v.metricsBySegment, "Premium").mae).toBeGreaterThan(400);
      expect(row(v.fixedBySegment, "Premium").r2).toBeGreaterThan(0.9);
      expect(row(v.fixedBySegment, "Premium").mae).toBeLessThan(80);
    });
    it("Enterprise keeps the largest errors in dollars, with a MAPE below 10 % (its noise is about 10 %)", () => {
      const e = row(v.fixedBySegment, "Enterprise");
      for (const s of ["Standard", "Premium"]) expect(e.mae).toBeGreaterThan(row(v.fixedBySegment, s).mae);
      expect(e.mape).toBeLessThan(0.1);
    });
  });

  describe("hidden-segments: fix 2, one model given the segment", () => {
    const fix = (name: string) => v.fixes.find((f: {model: string}) => f.model === name);
    it("one-hot alone cuts the MAE by about half, but premium stays the worst segment, its R² (quoted) far below the others'", () => {
      expect(fix("one model + one-hot segment").mae).toBeLessThan(0.55 * v.overall.mae);
      expect(fix("one model + one-hot segment").premium_r2).toBeLessThan(0.7);
      const oneHot = SEGMENTS.map((s) => {
        const y = of(s, v.yTest);
        const p = of(s, v.yPredOneHot);
        const m = mean(y);
        return 1 - y.reduce((a, yi, i) => a + (yi - p[i]!) ** 2, 0) / y.reduce((a, yi) => a + (yi - m) ** 2, 0);
      });
      expect(Math.min(...oneHot)).toBe(oneHot[1]);
    });
    it("with every interaction, one model predicts what the separate models predict, to a fraction of a cent", () => {
      const gap = Math.max(...Array.from(v.yPredAware as Float64Array, (p, i) => Math.abs(p - v.yPredFixed[i])));
      expect(gap).toBeLessThan(0.01);
    });
    it("a tenure² term in the premium model cuts premium's MAE by about half again", () => {
      expect(fix("per segment, premium with tenure²").premium_mae).toBeLessThan(0.6 * fix("one model per segment").premium_mae);
      expect(fix("per segment, premium with tenure²").mae).toBeLessThan(fix("one model per segment").mae);
    });
  });
});
