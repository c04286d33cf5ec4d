// The hidden-segments drill tells a story; these are its claims, checked in its own numbers (defaults: n 2000, seed 42).
import {describe, expect, it} from "vitest";
import {hiddenSegments} from "../../../src/lib/data/hiddenSegments.js";
import {LinearRegression} from "../../../src/lib/models/linear.js";
import {meanAbsoluteError, r2Score, segmentReport, type SegmentRow} from "../../../src/lib/metrics/regression.js";
import {trainTestSplit} from "../../../src/lib/selection/modelSelection.js";
import {column, numericColumn, toMatrix} from "../../../src/lib/table.js";

const FEATURES = ["tenure_months", "monthly_spend", "orders"];
const ORDER = ["Standard", "Premium", "Enterprise"];

describe("hiddenSegments data", () => {
  const t = hiddenSegments();

  it("has the documented columns, 2000 rows and shares near 70/20/10 %", () => {
    expect(t.numRows()).toBe(2000);
    expect(t.columnNames()).toEqual(["customer_id", "segment", "tenure_months", "monthly_spend", "orders", "ltv"]);
    const seg = column(t, "segment") as string[];
    const share = (s: string) => seg.filter((v) => v === s).length / seg.length;
    expect(share("Standard")).toBeCloseTo(0.7, 1);
    expect(share("Premium")).toBeCloseTo(0.2, 1);
    expect(share("Enterprise")).toBeCloseTo(0.1, 1);
    const tenure = numericColumn(t, "tenure_months");
    expect(Math.min(...tenure)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...tenure)).toBeLessThan(36);
  });

  it("is the same for the same seed and different for another", () => {
    expect(hiddenSegments({n: 50, seed: 9}).objects()).toEqual(hiddenSegments({n: 50, seed: 9}).objects());
    expect(hiddenSegments({n: 50, seed: 9}).objects()).not.toEqual(hiddenSegments({n: 50, seed: 10}).objects());
  });
});

describe("the drill's story holds (70/30 split, randomState 42, one LinearRegression on all customers)", () => {
  const t = hiddenSegments();
  const [train, test] = trainTestSplit(t, {testSize: 0.3, randomState: 42});
  const yTest = numericColumn(test, "ltv");
  const segTest = column(test, "segment") as string[];
  const single = new LinearRegression().fit(toMatrix(train, FEATURES), numericColumn(train, "ltv")).predict(toMatrix(test, FEATURES));
  const report = segmentReport(yTest, single, segTest, {overall: true, order: ORDER});
  const row = (name: string, rows: SegmentRow[] = report) => rows.find((r) => r.segment === name)!;

  // One model per segment: the fix.
  const fixed = new Float64Array(yTest.length);
  const XTest = toMatrix(test, FEATURES);
  for (const s of ORDER) {
    const tr = train.params({s}).filter((d: {segment: string}, $: {s: string}) => d.segment === $.s);
    const model = new LinearRegression().fit(toMatrix(tr, FEATURES), numericColumn(tr, "ltv"));
    const idx = segTest.flatMap((v, i) => (v === s ? [i] : []));
    const pred = model.predict(idx.map((i) => XTest[i]));
    idx.forEach((i, k) => (fixed[i] = pred[k]));
  }
  const fixedReport = segmentReport(yTest, fixed, segTest, {overall: true, order: ORDER});

  it("overall the single model looks fine: R² between 0.75 and 0.92, MAE under a quarter of the mean LTV", () => {
    const overall = row("overall");
    expect(overall.r2).toBeGreaterThan(0.75);
    expect(overall.r2).toBeLessThan(0.92);
    expect(r2Score(yTest, single)).toBe(overall.r2);
    const meanLtv = yTest.reduce((a, b) => a + b, 0) / yTest.length;
    expect(overall.mae).toBeLessThan(0.25 * meanLtv);
  });

  it("it fails on Premium: negative R² and MAPE above 100 %", () => {
    expect(row("Premium").r2).toBeLessThan(0);
    expect(row("Premium").mape).toBeGreaterThan(1);
    // the other segments are not where it fails
    expect(row("Standard").r2).toBeGreaterThan(0.5);
    expect(row("Enterprise").r2).toBeGreaterThan(0.5);
    expect(row("Enterprise").mape).toBeLessThan(0.2);
    expect(row("Standard").mape).toBeLessThan(0.3);
  });

  it("Enterprise, at a far larger scale, carries the largest absolute errors", () => {
    expect(row("Enterprise").rmse).toBeGreaterThan(row("Standard").rmse);
    const meanOf = (s: string) => {
      const v = yTest.filter((_, i) => segTest[i] === s);
      return v.reduce((a, b) => a + b, 0) / v.length;
    };
    expect(meanOf("Enterprise")).toBeGreaterThan(4 * meanOf("Standard"));
  });

  it("one model per segment fixes it: lower MAE overall and in every segment, Premium R² above 0.8", () => {
    expect(meanAbsoluteError(yTest, fixed)).toBeLessThan(0.6 * meanAbsoluteError(yTest, single));
    for (const s of ["overall", ...ORDER]) expect(row(s, fixedReport).mae).toBeLessThan(row(s).mae);
    expect(row("Premium", fixedReport).r2).toBeGreaterThan(0.8);
  });
});

describe("the story holds for other seeds too (drills may vary the seed per student)", () => {
  // Checked for seeds 1..200 while tuning the generator: overall R² 0.81-0.90, Premium R² -2.46..-0.56 with MAPE > 1,
  // and one model per segment cut overall MAE by more than 40 % every time. Ten seeds keep the test quick.
  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])("seed %i", (seed) => {
    const t = hiddenSegments({seed});
    const [train, test] = trainTestSplit(t, {testSize: 0.3, randomState: 42});
    const y = numericColumn(test, "ltv");
    const seg = column(test, "segment") as string[];
    const XTest = toMatrix(test, FEATURES);
    const single = new LinearRegression().fit(toMatrix(train, FEATURES), numericColumn(train, "ltv")).predict(XTest);
    const rows = segmentReport(y, single, seg, {overall: true, order: ORDER});
    const fixed = new Float64Array(y.length);
    for (const s of ORDER) {
      const tr = train.params({s}).filter((d: {segment: string}, $: {s: string}) => d.segment === $.s);
      const model = new LinearRegression().fit(toMatrix(tr, FEATURES), numericColumn(tr, "ltv"));
      const idx = seg.flatMap((v, i) => (v === s ? [i] : []));
      const pred = model.predict(idx.map((i) => XTest[i]));
      idx.forEach((i, k) => (fixed[i] = pred[k]));
    }
    const byName = (name: string, r: SegmentRow[]) => r.find((x) => x.segment === name)!;
    expect(byName("overall", rows).r2).toBeGreaterThan(0.75);
    expect(byName("overall", rows).r2).toBeLessThan(0.92);
    expect(byName("Premium", rows).r2).toBeLessThan(0);
    expect(byName("Premium", rows).mape).toBeGreaterThan(1);
    expect(meanAbsoluteError(y, fixed)).toBeLessThan(0.6 * meanAbsoluteError(y, single));
    expect(byName("Premium", segmentReport(y, fixed, seg)).r2).toBeGreaterThan(0.8);
  });
});
