import {describe, expect, it} from "vitest";
import {GammaRegressor} from "../../../src/lib/models/glm.js";
import {loadModel, saveModel} from "../../../src/lib/persist.js";
import {mulberry32} from "./modelData.js";
import {expected, featuresAndTarget} from "./sklearnReference.js";

const gammaCase = expected.gamma;

describe("GammaRegressor against scikit-learn (reference case 'gamma': log link, no penalty)", () => {
  const {X, y} = featuresAndTarget(gammaCase.file);
  const model = new GammaRegressor().fit(X, y);

  it("matches the intercept and coefficients to 1e-4", () => {
    expect(Math.abs(model.intercept - gammaCase.intercept)).toBeLessThan(1e-4);
    model.coef!.forEach((c, j) => expect(Math.abs(c - gammaCase.coef[j])).toBeLessThan(1e-4));
    expect(model.converged).toBe(true);
  });

  it("predicts exp(intercept + x·coef), and the mean prediction equals the mean target (log link, intercept)", () => {
    const p = model.predict(X);
    expect(p[0]).toBeCloseTo(Math.exp(model.intercept + model.coef![0] * X[0][0] + model.coef![1] * X[0][1]), 10);
    // score equation of the intercept: mean(1 - y/mu) = 0
    const s = y.reduce((acc, v, i) => acc + (1 - v / p[i]), 0) / y.length;
    expect(Math.abs(s)).toBeLessThan(1e-8);
    expect(model.score(X, y)).toBeGreaterThan(0);
    expect(model.score(X, y)).toBeLessThan(1);
  });

  it("with alpha > 0 solves scikit-learn's penalised objective (mean half deviance + alpha/2 ‖w‖²)", () => {
    for (const alpha of [0.01, 1]) {
      const m = new GammaRegressor({alpha}).fit(X, y);
      const p = m.predict(X);
      const n = X.length;
      // gradient: (1/n) sum (1 - y/mu) x_j + alpha w_j = 0, intercept part without alpha
      let g0 = 0;
      const g = [0, 0];
      X.forEach((row, i) => {
        const r = 1 - y[i] / p[i];
        g0 += r / n;
        row.forEach((v, j) => (g[j] += (r * v) / n));
      });
      expect(Math.abs(g0)).toBeLessThan(1e-9);
      g.forEach((gj, j) => expect(Math.abs(gj + alpha * m.coef![j])).toBeLessThan(1e-9));
    }
    // scikit-learn 1.2.1 with alpha=1 (its default), tol 1e-12: intercept 3.3788509063356784, coef [0.19442307, -0.1092112]
    const sk = new GammaRegressor({alpha: 1}).fit(X, y);
    expect(sk.intercept).toBeCloseTo(3.3788509063356784, 6);
    expect(sk.coef![0]).toBeCloseTo(0.19442307, 6);
    expect(sk.coef![1]).toBeCloseTo(-0.1092112, 6);
  });

  it("recovers known coefficients from simulated Gamma data on unscaled columns", () => {
    const r = mulberry32(8);
    const Xs: number[][] = [];
    const ys: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const a = r() * 1000;
      const b = r();
      const mu = Math.exp(1 + 0.002 * a - 1.5 * b);
      // Gamma with shape 2 (sum of two exponentials), mean mu
      ys.push((mu / 2) * (-Math.log(1 - r()) - Math.log(1 - r())));
      Xs.push([a, b]);
    }
    const m = new GammaRegressor().fit(Xs, ys);
    expect(m.intercept).toBeCloseTo(1, 1);
    expect(m.coef![0]).toBeCloseTo(0.002, 3);
    expect(m.coef![1]).toBeCloseTo(-1.5, 1);
  });

  it("round-trips through JSON", () => {
    const loaded = loadModel(JSON.stringify(saveModel(model))) as GammaRegressor;
    expect(Array.from(loaded.predict(X))).toEqual(Array.from(model.predict(X)));
  });

  it("rejects non-positive targets and other bad input clearly", () => {
    expect(() => new GammaRegressor().fit([[1], [2], [3]], [1, 0, 2])).toThrow(/y\[1\] is 0: the Gamma model needs strictly positive targets/);
    expect(() => new GammaRegressor().fit([[1], [2], [3]], [1, -2, 2])).toThrow(/y\[1\] is -2/);
    expect(() => new GammaRegressor().fit([[1], [2]], [1, NaN])).toThrow(/y\[1\] is NaN: targets must be finite numbers/);
    expect(() => new GammaRegressor().predict([[1]])).toThrow(/not fitted yet/);
    expect(() => new GammaRegressor({alpha: -1})).toThrow(/alpha must be a number >= 0/);
  });
});
