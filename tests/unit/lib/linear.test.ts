import {describe, expect, it} from "vitest";
import {LibraryInputError} from "../../../src/lib/base.js";
import {DummyRegressor, LinearRegression} from "../../../src/lib/models/linear.js";
import {meanAbsoluteError, meanAbsolutePercentageError, r2Score, rootMeanSquaredError} from "../../../src/lib/metrics/regression.js";
import {expected, readReferenceCsv, relClose, rowsOf} from "./sklearnReference.js";

describe("LinearRegression agrees with scikit-learn (reference linreg, 1e-8 relative)", () => {
  const cols = readReferenceCsv("linreg.csv");
  const X = rowsOf(cols, ["x1", "x2", "x3"]);
  const y = cols.y;
  const ref = expected.linreg;
  const model = new LinearRegression().fit(X, y);
  const pred = model.predict(X);

  it("fits the same intercept and coefficients", () => {
    expect(relClose(model.intercept, ref.intercept, 1e-8)).toBe(true);
    model.coef!.forEach((c, j) => expect(relClose(c, ref.coef[j], 1e-8)).toBe(true));
  });

  it("gives the same R², MAE, RMSE and MAPE", () => {
    expect(relClose(r2Score(y, pred), ref.r2, 1e-8)).toBe(true);
    expect(relClose(meanAbsoluteError(y, pred), ref.mae, 1e-8)).toBe(true);
    expect(relClose(rootMeanSquaredError(y, pred), ref.rmse, 1e-8)).toBe(true);
    expect(relClose(meanAbsolutePercentageError(y, pred), ref.mape, 1e-8)).toBe(true);
    expect(relClose(model.score(X, y), ref.r2, 1e-8)).toBe(true);
  });

  it("returns the fitted model from fit and Float64Array predictions", () => {
    const m = new LinearRegression();
    expect(m.fit(X, y)).toBe(m);
    expect(pred).toBeInstanceOf(Float64Array);
    expect(pred.length).toBe(X.length);
  });
});

describe("LinearRegression numerics", () => {
  it("recovers an exact plane, with and without an intercept", () => {
    const X = Array.from({length: 50}, (_, i) => [i % 7, (i * 3) % 11, Math.sin(i)]);
    const y = X.map(([a, b, c]) => 3 + 2 * a - 0.5 * b + 4 * c);
    const m = new LinearRegression().fit(X, y);
    expect(m.intercept).toBeCloseTo(3, 10);
    expect(m.coef).toEqual([expect.closeTo(2, 10), expect.closeTo(-0.5, 10), expect.closeTo(4, 10)]);
    const y0 = X.map(([a, b]) => 2 * a - 0.5 * b);
    const m0 = new LinearRegression({fitIntercept: false}).fit(X, y0);
    expect(m0.intercept).toBe(0);
    expect(m0.coef![0]).toBeCloseTo(2, 10);
    expect(m0.coef![2]).toBeCloseTo(0, 10);
  });

  it("gives scikit-learn's minimum-norm answer for collinear one-hot columns (dummy trap)", () => {
    const X: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < 400; i++) {
      const onehot = [0, 0, 0];
      onehot[i % 3] = 1;
      X.push([...onehot, i % 5]);
      y.push([10, 20, 60][i % 3] + 2 * (i % 5) + Math.cos(i));
    }
    const m = new LinearRegression().fit(X, y);
    expect(m.rank).toBe(3);
    const [a, b, c, slope] = m.coef!;
    // The dummies are only defined up to a constant: the minimum-norm answer makes them sum to 0.
    expect(a + b + c).toBeCloseTo(0, 8);
    expect(b - a).toBeCloseTo(10, 0);
    expect(c - a).toBeCloseTo(50, 0);
    expect(slope).toBeCloseTo(2, 1);
    expect(r2Score(y, m.predict(X))).toBeGreaterThan(0.99);
  });

  it("handles a constant column (coefficient 0) and features on very different scales", () => {
    const X = Array.from({length: 100}, (_, i) => [1, i * 1e6, (i % 2) * 1e-3]);
    const y = X.map(([, b, c]) => 5 + 3e-6 * b + 2000 * c);
    const m = new LinearRegression().fit(X, y);
    expect(m.coef![0]).toBeCloseTo(0, 10);
    expect(relClose(m.coef![1], 3e-6, 1e-9)).toBe(true);
    expect(relClose(m.coef![2], 2000, 1e-9)).toBe(true);
  });
});

describe("DummyRegressor", () => {
  const X = [[1], [2], [3], [4]];
  it("predicts the training mean or median", () => {
    expect([...new DummyRegressor().fit(X, [1, 2, 3, 10]).predict([[0], [9]])]).toEqual([4, 4]);
    expect([...new DummyRegressor({strategy: "median"}).fit(X, [1, 2, 3, 10]).predict([[0]])]).toEqual([2.5]);
    expect(new DummyRegressor({strategy: "median"}).fit([[1], [2], [3]], [5, 1, 3]).constant).toBe(3);
  });
  it("rejects an unknown strategy", () => {
    // @ts-expect-error: wrong strategy on purpose
    expect(() => new DummyRegressor({strategy: "mode"})).toThrow(/"mean" or "median"/);
  });
});

describe("bad input gets a clear error", () => {
  it("rows of different lengths", () => {
    expect(() => new LinearRegression().fit([[1, 2], [3]], [1, 2])).toThrow(/rows of different lengths: row 0 has 2 values, row 1 has 1/);
  });
  it("NaN in features", () => {
    expect(() => new LinearRegression().fit([[1, 2], [3, NaN]], [1, 2])).toThrow(/X\[1\]\[1\] is NaN: features must be finite numbers/);
  });
  it("NaN in the target, and a target of the wrong length", () => {
    expect(() => new LinearRegression().fit([[1], [2]], [1, NaN])).toThrow(/y\[1\] is NaN/);
    expect(() => new LinearRegression().fit([[1], [2]], [1])).toThrow(/y has 1 values but X has 2 rows/);
  });
  it("predict before fit", () => {
    expect(() => new LinearRegression().predict([[1]])).toThrow(/LinearRegression is not fitted yet: call fit\(X, y\) before predict/);
    expect(() => new DummyRegressor().predict([[1]])).toThrow(/not fitted/);
  });
  it("a different number of features at predict time", () => {
    const m = new LinearRegression().fit([[1, 2], [2, 1], [3, 5]], [1, 2, 3]);
    expect(() => m.predict([[1, 2, 3]])).toThrow(/fitted on 2 features but X has 3 columns/);
  });
  it("a flat array instead of rows", () => {
    expect(() => new LinearRegression().fit([1, 2, 3] as unknown as number[][], [1, 2, 3])).toThrow(LibraryInputError);
    expect(() => new LinearRegression().fit([1, 2, 3] as unknown as number[][], [1, 2, 3])).toThrow(/wrap each value/);
  });
});
