import {describe, expect, it} from "vitest";
import {
  meanAbsoluteError,
  meanAbsolutePercentageError,
  meanSquaredError,
  r2Score,
  rootMeanSquaredError,
  segmentReport
} from "../../../src/lib/metrics/regression.js";
import {expected, readReferenceCsv, relClose} from "./sklearnReference.js";

describe("regression metrics agree with scikit-learn (1e-12 relative)", () => {
  const {y_true: yTrue, y_pred: yPred} = readReferenceCsv("metrics_regression.csv");
  const ref = expected.metrics_regression;
  it.each([
    ["MAE", meanAbsoluteError, ref.mae],
    ["RMSE", rootMeanSquaredError, ref.rmse],
    ["R²", r2Score, ref.r2],
    ["MAPE (a fraction)", meanAbsolutePercentageError, ref.mape]
  ] as const)("%s", (_, fn, value) => {
    expect(relClose(fn(yTrue, yPred), value, 1e-12)).toBe(true);
  });
  it("MSE is RMSE squared", () => {
    expect(relClose(meanSquaredError(yTrue, yPred), ref.rmse ** 2, 1e-12)).toBe(true);
  });
});

describe("metric edge cases follow scikit-learn", () => {
  it("R² is 0 for the mean, negative when worse, and 1/0 for a constant target", () => {
    expect(r2Score([1, 2, 3], [2, 2, 2])).toBe(0);
    expect(r2Score([1, 2, 3], [3, 2, 1])).toBe(-3);
    expect(r2Score([5, 5], [5, 5])).toBe(1);
    expect(r2Score([5, 5], [4, 5])).toBe(0);
  });
  it("MAPE divides by max(|y|, eps): a zero target explodes instead of dividing by zero", () => {
    expect(meanAbsolutePercentageError([100, 200], [110, 180])).toBeCloseTo(0.1, 12);
    expect(meanAbsolutePercentageError([0], [1])).toBeGreaterThan(1e15);
  });
  it("mismatched lengths, empty input and NaN give clear errors", () => {
    expect(() => meanAbsoluteError([1, 2], [1])).toThrow(/yTrue has 2 values but yPred has 1/);
    expect(() => r2Score([], [])).toThrow(/empty/);
    expect(() => rootMeanSquaredError([1, NaN], [1, 2])).toThrow(/yTrue\[1\] is NaN/);
  });
});

describe("segmentReport", () => {
  const yTrue = [10, 12, 14, 100, 200, 300];
  const yPred = [11, 12, 13, 150, 150, 150];
  const seg = ["a", "a", "a", "b", "b", "b"];
  it("gives count, MAE, RMSE, R² and MAPE per segment (and overall on request)", () => {
    const rows = segmentReport(yTrue, yPred, seg, {overall: true});
    expect(rows.map((r) => r.segment)).toEqual(["overall", "a", "b"]);
    const a = rows[1];
    expect(a.count).toBe(3);
    expect(a.mae).toBeCloseTo(meanAbsoluteError([10, 12, 14], [11, 12, 13]), 12);
    expect(a.r2).toBeCloseTo(r2Score([10, 12, 14], [11, 12, 13]), 12);
    const b = rows[2];
    expect(b.rmse).toBeCloseTo(rootMeanSquaredError([100, 200, 300], [150, 150, 150]), 12);
    expect(b.mape).toBeCloseTo(meanAbsolutePercentageError([100, 200, 300], [150, 150, 150]), 12);
    expect(rows[0].count).toBe(6);
    expect(rows[0].mae).toBeCloseTo(meanAbsoluteError(yTrue, yPred), 12);
  });
  it("follows a given order and rejects labels of the wrong length", () => {
    expect(segmentReport(yTrue, yPred, seg, {order: ["b", "a"]}).map((r) => r.segment)).toEqual(["b", "a"]);
    expect(() => segmentReport(yTrue, yPred, ["a"])).toThrow(/segments has 1 values but yTrue has 6/);
    expect(() => segmentReport(yTrue, yPred, seg, {order: ["c"]})).toThrow(/"c", which is not among the segments/);
  });
});
