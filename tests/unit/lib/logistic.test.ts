import {describe, expect, it} from "vitest";
import {LogisticRegression} from "../../../src/lib/models/logistic.js";
import {logLoss, rocAucScore} from "../../../src/lib/metrics/classification.js";
import {loadModel, saveModel} from "../../../src/lib/persist.js";
import {mulberry32} from "./modelData.js";
import {expected, featuresAndTarget} from "./sklearnReference.js";

const logisticCase = expected.logistic;

/** Logistic data with known weights; columns on wildly different scales and offsets. */
function synthetic(n: number, seed: number) {
  const r = mulberry32(seed);
  const w = [1.5, -2, 0.7, 0];
  const scale = [1000, 0.001, 1, 50];
  const offset = [5e4, 0, -3, 100];
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    let eta = -0.5;
    const row: number[] = [];
    for (let j = 0; j < 4; j++) {
      const z = 2 * r() - 1;
      row.push(offset[j] + scale[j] * z);
      eta += w[j] * z * 2;
    }
    X.push(row);
    y.push(r() < 1 / (1 + Math.exp(-eta)) ? 1 : 0);
  }
  return {X, y};
}

describe("LogisticRegression against scikit-learn (reference case 'logistic', unpenalised)", () => {
  const {X, y} = featuresAndTarget(logisticCase.file);
  const model = new LogisticRegression({penalty: "none"}).fit(X, y);

  it("matches the intercept and coefficients to 1e-3", () => {
    expect(Math.abs(model.intercept - logisticCase.intercept)).toBeLessThan(1e-3);
    model.coef!.forEach((c, j) => expect(Math.abs(c - logisticCase.coef[j])).toBeLessThan(1e-3));
    expect(model.converged).toBe(true);
  });

  it("matches ROC AUC to 1e-9 and log loss to 1e-6", () => {
    const proba = model.predictProba(X);
    expect(Math.abs(rocAucScore(y, proba) - logisticCase.auc)).toBeLessThan(1e-9);
    expect(Math.abs(logLoss(y, proba) - logisticCase.log_loss)).toBeLessThan(1e-6);
  });

  it("predicts labels at a threshold", () => {
    const proba = model.predictProba(X);
    const labels = model.predict(X);
    const strict = model.predict(X, 0.9);
    proba.forEach((p, i) => {
      expect(labels[i]).toBe(p > 0.5 ? 1 : 0);
      expect(strict[i]).toBe(p > 0.9 ? 1 : 0);
    });
    expect(() => model.predict(X, 2)).toThrow(/threshold must be a probability in \[0, 1\], got 2/);
  });
});

describe("LogisticRegression: penalty, scale and size", () => {
  it("applies scikit-learn's L2 penalty: C is the inverse strength, the intercept is not penalised", () => {
    const {X, y} = synthetic(500, 3);
    // raw coefficients reach ~4000 here (a column in thousandths), so "weak" must be C = 1e12, not 1e6
    const weak = new LogisticRegression({C: 1e12, tol: 1e-10}).fit(X, y);
    const none = new LogisticRegression({penalty: "none", tol: 1e-10}).fit(X, y);
    weak.coef!.forEach((c, j) => expect(Math.abs(c - none.coef![j])).toBeLessThan(1e-6 * (1 + Math.abs(c))));
    // the optimum of C * sum(logloss) + ½‖w‖²: the gradient C Xᵀ(p - y) + w vanishes, and Σ(p - y) = 0 (free intercept)
    for (const C of [0.001, 0.1]) {
      const m = new LogisticRegression({C, tol: 1e-10}).fit(X, y);
      const p = m.predictProba(X);
      let g0 = 0;
      const g = [0, 0, 0, 0];
      X.forEach((row, i) => {
        g0 += p[i] - y[i];
        row.forEach((v, j) => (g[j] += C * (p[i] - y[i]) * v));
      });
      expect(Math.abs(g0)).toBeLessThan(1e-6);
      g.forEach((gj, j) => expect(Math.abs(gj + m.coef![j])).toBeLessThan(1e-6 * (1 + Math.abs(m.coef![j]))));
    }
    // a strong penalty shrinks: ‖w‖ smaller with smaller C
    const norm = (m: LogisticRegression) => Math.hypot(...m.coef!);
    expect(norm(new LogisticRegression({C: 1e-6}).fit(X, y))).toBeLessThan(norm(new LogisticRegression({C: 1}).fit(X, y)));
  });

  it("converges on unscaled features (dollars next to fractions) and recovers the true weights", () => {
    const {X, y} = synthetic(40_000, 9);
    const m = new LogisticRegression({penalty: "none"}).fit(X, y);
    expect(m.converged).toBe(true);
    const truth = [1.5 * 2 / 1000, -2 * 2 / 0.001, 0.7 * 2, 0];
    m.coef!.forEach((c, j) => expect(Math.abs(c - truth[j])).toBeLessThan(0.06 * Math.abs(truth[j]) + 2e-4));
    // same answer as on standardised columns, mapped back
    const mu = [0, 1, 2, 3].map((j) => X.reduce((s, r) => s + r[j], 0) / X.length);
    const sd = [0, 1, 2, 3].map((j) => Math.sqrt(X.reduce((s, r) => s + (r[j] - mu[j]) ** 2, 0) / X.length));
    const Z = X.map((r) => r.map((v, j) => (v - mu[j]) / sd[j]));
    const mz = new LogisticRegression({penalty: "none"}).fit(Z, y);
    m.coef!.forEach((c, j) => expect(c * sd[j]).toBeCloseTo(mz.coef![j], 5));
  });

  it("on large data (warm start on a subsample, then full-data steps) reaches the full-data optimum", () => {
    const {X, y} = synthetic(100_000, 21);
    const m = new LogisticRegression({tol: 1e-8}).fit(X, y);
    expect(m.converged).toBe(true);
    // gradient of C * sum(logloss) + ½‖w‖² at the answer is ~0 in standardised units
    const p = m.predictProba(X);
    const mu = [0, 1, 2, 3].map((j) => X.reduce((s, r) => s + r[j], 0) / X.length);
    let g0 = 0;
    const g = [0, 0, 0, 0];
    X.forEach((row, i) => {
      g0 += p[i] - y[i];
      row.forEach((v, j) => (g[j] += (p[i] - y[i]) * (v - mu[j])));
    });
    expect(Math.abs(g0) / X.length).toBeLessThan(1e-8);
    const sd = [0, 1, 2, 3].map((j) => Math.sqrt(X.reduce((s, r) => s + (r[j] - mu[j]) ** 2, 0) / X.length));
    g.forEach((gj, j) => expect(Math.abs((gj + m.coef![j]) / sd[j]) / X.length).toBeLessThan(1e-7));
  });

  it("stops at maxIter on perfectly separated classes without a penalty, with finite answers", () => {
    const X = [[0], [1], [2], [3], [4], [5]];
    const y = [0, 0, 0, 1, 1, 1];
    const m = new LogisticRegression({penalty: "none", maxIter: 30}).fit(X, y);
    expect(m.coef!.every(Number.isFinite)).toBe(true);
    expect(m.converged).toBe(false);
    expect(Array.from(m.predict(X))).toEqual(y);
    const pen = new LogisticRegression().fit(X, y);
    expect(pen.converged).toBe(true);
  });

  it("round-trips through JSON", () => {
    const {X, y} = synthetic(300, 4);
    const m = new LogisticRegression().fit(X, y);
    const loaded = loadModel(JSON.stringify(saveModel(m))) as LogisticRegression;
    expect(Array.from(loaded.predictProba(X))).toEqual(Array.from(m.predictProba(X)));
    expect(loaded.C).toBe(1);
  });
});

describe("LogisticRegression: bad input", () => {
  it("says what was wrong", () => {
    const X = [[1], [2], [3]];
    expect(() => new LogisticRegression().fit(X, [1, 1, 1])).toThrow(/only one class \(every label is 1\): a classifier needs examples of both 0 and 1/);
    expect(() => new LogisticRegression().fit(X, [0, 1, 2])).toThrow(/y\[2\] is 2: LogisticRegression is a binary classifier, labels must be 0 or 1/);
    expect(() => new LogisticRegression().fit(X, ["a", "b", "a"] as unknown as number[])).toThrow(/encode the classes as 0\/1 first/);
    expect(() => new LogisticRegression().fit(X, [true, false, true])).not.toThrow();
    expect(() => new LogisticRegression().fit([[1], [2, 3]], [0, 1])).toThrow(/rows of different lengths/);
    expect(() => new LogisticRegression().fit([[1], [NaN]], [0, 1])).toThrow(/X\[1\]\[0\] is NaN/);
    expect(() => new LogisticRegression().predictProba(X)).toThrow(/not fitted yet/);
    expect(() => new LogisticRegression({penalty: "l1" as "l2"})).toThrow(/penalty must be 'l2' or 'none'/);
    expect(() => new LogisticRegression({C: 0})).toThrow(/C must be a number > 0, got 0/);
    const m = new LogisticRegression().fit(X, [0, 1, 1]);
    expect(() => m.predict([[1, 2]])).toThrow(/fitted on 1 features but X has 2 columns/);
  });
});
