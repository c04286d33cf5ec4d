import {describe, expect, it} from "vitest";
import {permutationImportance} from "../../../src/lib/inspection/inspection.js";
import {LinearRegression} from "../../../src/lib/models/linear.js";
import {LogisticRegression} from "../../../src/lib/models/logistic.js";
import {mulberry32} from "./modelData.js";

describe("permutationImportance", () => {
  const r = mulberry32(4);
  const X = Array.from({length: 1000}, () => [r(), r(), r()]);
  const y = X.map(([a, b]) => 3 * a + 1 * b + 0.01 * (r() - 0.5)); // x2 is unused
  const model = new LinearRegression().fit(X, y);

  it("scores the drop in R² when a column is shuffled: big for strong features, ~0 for unused ones", () => {
    const res = permutationImportance(model, X, y, {nRepeats: 5, randomState: 0});
    expect(res.baselineScore).toBeGreaterThan(0.999);
    const [a, b, c] = res.importancesMean;
    expect(a).toBeGreaterThan(b);
    expect(b).toBeGreaterThan(0.1);
    expect(Math.abs(c)).toBeLessThan(1e-3);
    // shuffling a feature of a linear model costs about 2 coef² var(x) / var(y)  (E[(x - x')²] = 2 var x)
    const varY = y.reduce((s, v) => s + v * v, 0) / y.length - (y.reduce((s, v) => s + v, 0) / y.length) ** 2;
    expect(a).toBeCloseTo((2 * 9 * (1 / 12)) / varY, 1);
    expect(res.importances).toHaveLength(3);
    expect(res.importances[0]).toHaveLength(5);
    const mean0 = res.importances[0].reduce((s, v) => s + v, 0) / 5;
    expect(mean0).toBeCloseTo(a, 12);
    const sd0 = Math.sqrt(res.importances[0].reduce((s, v) => s + (v - mean0) ** 2, 0) / 5);
    expect(res.importancesStd[0]).toBeCloseTo(sd0, 12);
    expect(res.importancesStd[0]).toBeGreaterThan(0);
  });

  it("is repeatable with a seed and leaves X unchanged", () => {
    const before = JSON.stringify(X);
    const a = permutationImportance(model, X, y, {randomState: 3, scoring: "neg_mae"});
    const b = permutationImportance(model, X, y, {randomState: 3, scoring: "neg_mae"});
    expect(Array.from(a.importancesMean)).toEqual(Array.from(b.importancesMean));
    expect(JSON.stringify(X)).toBe(before);
    expect(a.baselineScore).toBeLessThan(0); // negative MAE
    expect(a.importancesMean[0]).toBeGreaterThan(0.5);
  });

  it("takes custom scoring functions and classifier scores", () => {
    const labels = X.map(([a]) => (a > 0.5 ? 1 : 0));
    const clf = new LogisticRegression().fit(X, labels);
    const auc = permutationImportance(clf, X, labels, {scoring: "roc_auc", randomState: 1, nRepeats: 3});
    expect(auc.importancesMean[0]).toBeGreaterThan(0.3);
    expect(Math.abs(auc.importancesMean[1])).toBeLessThan(0.02);
    const acc = permutationImportance(clf, X, labels, {scoring: "accuracy", randomState: 1, nRepeats: 3});
    expect(acc.importancesMean[0]).toBeGreaterThan(0.3);
    const custom = permutationImportance(model, X, y, {scoring: (t, p) => -Math.max(...t.map((v, i) => Math.abs(v - p[i]))), randomState: 1});
    expect(custom.importancesMean[0]).toBeGreaterThan(custom.importancesMean[2]);
  });

  it("explains bad input", () => {
    expect(() => permutationImportance({} as LinearRegression, X, y)).toThrow(/needs a fitted model with a predict method/);
    expect(() => permutationImportance(model, X, y, {scoring: "f1" as "r2"})).toThrow(/scoring must be one of 'r2', 'neg_mae'/);
    expect(() => permutationImportance(model, X, y, {nRepeats: 0})).toThrow(/nRepeats must be a whole number >= 1/);
    expect(() => permutationImportance(model, X, y, {scoring: "roc_auc"})).toThrow(/'roc_auc' needs a classifier with predictProba/);
    expect(() => permutationImportance(model, X, y.slice(1))).toThrow(/y has 999 values but X has 1000 rows/);
  });
});
