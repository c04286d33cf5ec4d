// precisionRecallCurve, averagePrecisionScore and meanGammaDeviance against scikit-learn 1.2.1
// (tests/fixtures/sklearn/metrics_ranking.json, written by scripts/metrics_reference.py).
import {readFileSync} from "node:fs";
import {describe, expect, it} from "vitest";
import {averagePrecisionScore, precisionRecallCurve} from "../../../src/lib/metrics/precisionRecall.js";
import {meanGammaDeviance} from "../../../src/lib/metrics/deviance.js";

const reference = JSON.parse(readFileSync(new URL("../../fixtures/sklearn/metrics_ranking.json", import.meta.url), "utf8"));

describe("precisionRecallCurve and averagePrecisionScore, as scikit-learn", () => {
  it.each(reference.ranking.map((c: any) => [c.yTrue.length, c]) as [number, any][])("%i rows", (_n, c) => {
    const curve = precisionRecallCurve(c.yTrue, c.scores);
    expect(Array.from(curve.thresholds)).toEqual(c.thresholds);
    expect(curve.precision.length).toBe(c.precision.length);
    curve.precision.forEach((p, k) => expect(p).toBeCloseTo(c.precision[k], 12));
    curve.recall.forEach((r, k) => expect(r).toBeCloseTo(c.recall[k], 12));
    expect(averagePrecisionScore(c.yTrue, c.scores)).toBeCloseTo(c.averagePrecision, 12);
  });

  it("refuses labels without a positive, and probabilities as labels", () => {
    expect(() => precisionRecallCurve([0, 0], [0.1, 0.2])).toThrow(/no positive/);
    expect(() => averagePrecisionScore([0.2, 1], [0.1, 0.2])).toThrow(/yTrue\[0\] is 0.2/);
  });
});

describe("meanGammaDeviance, as scikit-learn", () => {
  it.each(reference.gamma.map((c: any) => [c.yTrue.length, c]) as [number, any][])("%i rows", (_n, c) => {
    expect(meanGammaDeviance(c.yTrue, c.yPred)).toBeCloseTo(c.deviance, 10);
  });

  it("is 0 for perfect predictions and refuses zeros", () => {
    expect(meanGammaDeviance([1, 5, 40], [1, 5, 40])).toBe(0);
    expect(() => meanGammaDeviance([0, 5], [1, 5])).toThrow(/yTrue\[0\] is 0: the Gamma deviance needs amounts above 0/);
  });
});
