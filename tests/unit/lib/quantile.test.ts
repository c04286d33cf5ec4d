import {Matrix as MlMatrix, solve} from "ml-matrix";
import {describe, expect, it} from "vitest";
import {loadModel, saveModel} from "../../../src/lib/persist.js";
import {QuantileRegressor, pinball} from "../../../src/lib/models/quantile.js";
import {mulberry32} from "./modelData.js";

/**
 * Brute force: an optimum of sum pinball(y - X b) + c * sum|w| passes exactly through (number of unknowns) of the
 * rows, counting the L1 penalty as rows (c e_j, 0) and (-c e_j, 0). Try every such set of rows and keep the best.
 */
function bruteForce(X: number[][], y: number[], tau: number, alpha = 0): {objective: number; beta: number[]} {
  const n = X.length;
  const p = X[0].length;
  const rows: number[][] = X.map((r) => [1, ...r]);
  const targets = [...y];
  if (alpha > 0) {
    for (let j = 0; j < p; j++) {
      for (const sign of [1, -1]) {
        const r = new Array(p + 1).fill(0);
        r[j + 1] = sign * n * alpha;
        rows.push(r);
        targets.push(0);
      }
    }
  }
  const q = p + 1;
  const objective = (b: number[]) => {
    let f = 0;
    for (let i = 0; i < n; i++) f += pinball(y[i] - rows[i].reduce((s, v, j) => s + v * b[j], 0), tau);
    for (let j = 0; j < p; j++) f += n * alpha * Math.abs(b[j + 1]);
    return f;
  };
  let best = {objective: Infinity, beta: [] as number[]};
  const choose = (start: number, chosen: number[]) => {
    if (chosen.length === q) {
      let b: number[];
      try {
        b = solve(new MlMatrix(chosen.map((i) => rows[i])), MlMatrix.columnVector(chosen.map((i) => targets[i]))).to1DArray();
      } catch {
        return;
      }
      if (!b.every(Number.isFinite)) return;
      const f = objective(b);
      if (f < best.objective) best = {objective: f, beta: b};
      return;
    }
    for (let i = start; i < rows.length; i++) choose(i + 1, [...chosen, i]);
  };
  choose(0, []);
  return best;
}

function objectiveOf(m: QuantileRegressor, X: number[][], y: number[], tau: number, alpha = 0): number {
  const pred = m.predict(X);
  let f = 0;
  for (let i = 0; i < y.length; i++) f += pinball(y[i] - pred[i], tau);
  return f + X.length * alpha * m.coef!.reduce((s, c) => s + Math.abs(c), 0);
}

function data(n: number, seed: number, scale = 1) {
  const r = mulberry32(seed);
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = (2 * r() - 1) * scale;
    const b = r();
    X.push([a, b]);
    // skewed noise and a few gross outliers
    y.push(2 + (0.5 * a) / scale - 3 * b + (r() - 0.3) ** 3 * 8 + (r() < 0.15 ? 25 : 0));
  }
  return {X, y};
}

describe("QuantileRegressor against a brute-force search over every vertex", () => {
  const cases: [number, number, number, number][] = [];
  for (let seed = 1; seed <= 12; seed++) cases.push([seed, [0.5, 0.1, 0.9, 0.25, 0.73][seed % 5], 9 + (seed % 6), seed % 3 === 0 ? 1000 : 1]);

  it.each(cases)("seed %i, quantile %f, %i rows, column scale %f: same objective, same line", (seed, tau, n, scale) => {
    const {X, y} = data(n, seed, scale);
    const m = new QuantileRegressor({quantile: tau}).fit(X, y);
    const bf = bruteForce(X, y, tau);
    const ours = objectiveOf(m, X, y, tau);
    expect(ours).toBeLessThanOrEqual(bf.objective * (1 + 1e-10) + 1e-12);
    expect(ours).toBeGreaterThanOrEqual(bf.objective * (1 - 1e-10) - 1e-12);
    // with continuous data the optimum is unique: the same line
    expect(m.intercept).toBeCloseTo(bf.beta[0], 6);
    expect(m.coef![0]).toBeCloseTo(bf.beta[1], 6);
    expect(m.coef![1]).toBeCloseTo(bf.beta[2], 6);
  });

  it.each([0.01, 0.1])("with an L1 penalty alpha = %f, the same objective as brute force (scikit-learn's mean pinball + alpha‖w‖₁)", (alpha) => {
    for (const seed of [3, 4, 5]) {
      const {X, y} = data(10, seed);
      const m = new QuantileRegressor({quantile: 0.6, alpha}).fit(X, y);
      const bf = bruteForce(X, y, 0.6, alpha);
      expect(objectiveOf(m, X, y, 0.6, alpha)).toBeCloseTo(bf.objective, 8);
    }
  });

  it("a strong penalty sets the coefficients to 0 (the intercept becomes the plain quantile)", () => {
    const {X, y} = data(40, 2);
    const m = new QuantileRegressor({alpha: 100}).fit(X, y);
    m.coef!.forEach((c) => expect(Math.abs(c)).toBeLessThan(1e-9));
    const sorted = [...y].sort((a, b) => a - b);
    expect(m.intercept).toBeGreaterThanOrEqual(sorted[19] - 1e-9);
    expect(m.intercept).toBeLessThanOrEqual(sorted[20] + 1e-9);
  });
});

describe("QuantileRegressor behaviour", () => {
  it("puts about the requested share of training targets below its predictions", () => {
    const {X, y} = data(2000, 17);
    for (const tau of [0.1, 0.5, 0.9]) {
      const m = new QuantileRegressor({quantile: tau}).fit(X, y);
      const pred = m.predict(X);
      const below = y.filter((v, i) => v < pred[i] - 1e-9).length / y.length;
      expect(Math.abs(below - tau)).toBeLessThan(0.01);
    }
  });

  it("median regression ignores outliers that drag least squares", () => {
    const X = Array.from({length: 50}, (_, i) => [i]);
    const y = X.map(([x]) => 1 + 2 * x + (x % 7 === 0 ? 500 : 0));
    const m = new QuantileRegressor().fit(X, y);
    expect(m.coef![0]).toBeCloseTo(2, 9);
    expect(m.intercept).toBeCloseTo(1, 9);
  });

  it("reports progress up to 1", () => {
    const {X, y} = data(200, 6);
    const seen: number[] = [];
    new QuantileRegressor({quantile: 0.8}).fit(X, y, {onProgress: (f) => seen.push(f)});
    expect(seen.length).toBeGreaterThan(3);
    expect(seen[seen.length - 1]).toBe(1);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]);
  });

  it("round-trips through JSON and checks its input", () => {
    const {X, y} = data(30, 1);
    const m = new QuantileRegressor({quantile: 0.3}).fit(X, y);
    const loaded = loadModel(JSON.stringify(saveModel(m))) as QuantileRegressor;
    expect(Array.from(loaded.predict(X))).toEqual(Array.from(m.predict(X)));
    expect(loaded.quantile).toBe(0.3);
    expect(() => new QuantileRegressor({quantile: 1})).toThrow(/quantile must be a number > 0 and < 1, got 1/);
    expect(() => new QuantileRegressor().fit([[1], [2, 3]], [1, 2])).toThrow(/rows of different lengths/);
    expect(() => new QuantileRegressor().predict(X)).toThrow(/not fitted yet/);
  });
});
