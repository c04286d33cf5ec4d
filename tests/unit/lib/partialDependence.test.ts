// partialDependence against scikit-learn 1.2.1's partial_dependence (method "brute") on a linear and a logistic
// regression (tests/fixtures/sklearn/partial_dependence.json, written by scripts/partial_dependence_reference.py):
// the same grid (distinct values, or evenly spaced between scipy's mquantiles at 5 % and 95 %) and the same averages.
import {readFileSync} from "node:fs";
import {describe, expect, it} from "vitest";
import {LinearRegression} from "../../../src/lib/models/linear.js";
import {LogisticRegression} from "../../../src/lib/models/logistic.js";
import {partialDependence} from "../../../src/lib/inspection/partialDependence.js";

const ref = JSON.parse(readFileSync(new URL("../../fixtures/sklearn/partial_dependence.json", import.meta.url), "utf8"));
const models = {
  regression: new LinearRegression().fit(ref.X, ref.yRegression),
  classification: new LogisticRegression({penalty: "none", maxIter: 200, tol: 1e-10}).fit(ref.X, ref.yClassification)
};

describe("partialDependence, as scikit-learn", () => {
  it.each(ref.cases.map((c: any) => [c.kind, c.feature, c]) as [string, number, any][])("%s, feature %i", (kind, feature, c) => {
    const {grid, average} = partialDependence(models[kind as keyof typeof models], ref.X, feature, {gridResolution: c.gridResolution});
    expect(grid.length).toBe(c.grid.length);
    grid.forEach((v, k) => expect(v).toBeCloseTo(c.grid[k], 10));
    average.forEach((v, k) => expect(v).toBeCloseTo(c.average[k], 5));
  });

  it("takes a grid of its own and leaves X unchanged", () => {
    const X = ref.X.slice(0, 50);
    const before = JSON.stringify(X);
    const {grid, average} = partialDependence(models.regression, X, 0, {grid: [-1, 0, 1]});
    expect(Array.from(grid)).toEqual([-1, 0, 1]);
    const slope = (average[2]! - average[0]!) / 2;
    expect(slope).toBeCloseTo(models.regression.coef![0]!, 10); // a linear model's dependence is its coefficient
    expect(JSON.stringify(X)).toBe(before);
    expect(() => partialDependence(models.regression, X, 3)).toThrow(/feature must be a column index from 0 to 2/);
  });
});
