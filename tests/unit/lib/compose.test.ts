import {describe, expect, it} from "vitest";
import type {ModelJSON} from "../../../src/lib/base.js";
import {HurdleRegressor, SegmentedRegressor, TransformedTargetRegressor} from "../../../src/lib/models/compose.js";
import {LinearRegression} from "../../../src/lib/models/linear.js";
import {LogisticRegression} from "../../../src/lib/models/logistic.js";
import {r2Score} from "../../../src/lib/metrics/regression.js";
import {loadModel, saveModel} from "../../../src/lib/persist.js";
import {GradientBoostingRegressor} from "../../../src/lib/trees/gradientBoosting.js";
import {mulberry32} from "./modelData.js";

describe("TransformedTargetRegressor", () => {
  const r = mulberry32(1);
  const X = Array.from({length: 400}, () => [r() * 3, r()]);
  const y = X.map(([a, b]) => Math.expm1(1 + 0.8 * a - 0.5 * b)); // exactly linear on the log1p scale

  it("fits on log1p(y) and maps predictions back with expm1", () => {
    const m = new TransformedTargetRegressor({regressor: new LinearRegression(), func: "log1p"}).fit(X, y);
    const inner = m.regressor as LinearRegression;
    expect(inner.intercept).toBeCloseTo(1, 10);
    expect(inner.coef![0]).toBeCloseTo(0.8, 10);
    const pred = m.predict(X);
    pred.forEach((p, i) => expect(p).toBeCloseTo(y[i], 8));
    // a plain linear fit on y does much worse on this curved target
    expect(r2Score(y, new LinearRegression().fit(X, y).predict(X))).toBeLessThan(0.95);
  });

  it("supports 'log' and 'sqrt' and a custom pair of functions", () => {
    const mLog = new TransformedTargetRegressor({regressor: new LinearRegression(), func: "log"}).fit(X, y.map((v) => v + 1));
    mLog.predict(X).forEach((p, i) => expect(p).toBeCloseTo(y[i] + 1, 8));
    const sq = X.map(([a]) => (1 + a) ** 2);
    const mSqrt = new TransformedTargetRegressor({regressor: new LinearRegression(), func: "sqrt"}).fit(X, sq);
    mSqrt.predict(X).forEach((p, i) => expect(p).toBeCloseTo(sq[i], 8));
    const cube = new TransformedTargetRegressor({regressor: new LinearRegression(), func: (v) => Math.cbrt(v), inverseFunc: (v) => v ** 3});
    const yc = X.map(([a]) => (2 + a) ** 3);
    cube.fit(X, yc).predict(X).forEach((p, i) => expect(p).toBeCloseTo(yc[i], 6));
    expect(() => cube.toJSON()).toThrow(/function func cannot be saved: model files hold numbers, never code/);
  });

  it("round-trips through JSON with its inner model", () => {
    const m = new TransformedTargetRegressor({regressor: new GradientBoostingRegressor({nEstimators: 20}), func: "log1p"}).fit(X, y);
    const loaded = loadModel(JSON.stringify(saveModel(m))) as TransformedTargetRegressor;
    expect(loaded).toBeInstanceOf(TransformedTargetRegressor);
    expect(Array.from(loaded.predict(X))).toEqual(Array.from(m.predict(X)));
  });

  it("explains bad input", () => {
    expect(() => new TransformedTargetRegressor({regressor: {} as LinearRegression})).toThrow(/regressor must be a regressor with fit and predict/);
    expect(() => new TransformedTargetRegressor({regressor: new LinearRegression(), func: "exp" as "log"})).toThrow(/func must be 'log1p', 'log', 'sqrt' or a function/);
    expect(() => new TransformedTargetRegressor({regressor: new LinearRegression(), func: Math.log})).toThrow(/pass its inverse as inverseFunc/);
    const m = new TransformedTargetRegressor({regressor: new LinearRegression(), func: "log"});
    expect(() => m.fit([[1], [2]], [1, 0])).toThrow(/y\[1\] is 0 but func 'log' needs targets positive/);
    expect(() => m.predict([[1]])).toThrow(/not fitted yet/);
  });
});

describe("SegmentedRegressor", () => {
  // three segments, each with its own line; segment id in column 2
  const r = mulberry32(2);
  const lines: Record<number, [number, number]> = {0: [1, 2], 1: [10, -1], 2: [100, 5]};
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < 300; i++) {
    const s = i % 3;
    const x = r() * 10;
    X.push([x, r(), s]);
    y.push(lines[s][0] + lines[s][1] * x);
  }

  it("fits one model per value of the segment column and routes rows to them", () => {
    const m = new SegmentedRegressor({segmentColumn: 2, makeModel: () => new LinearRegression()}).fit(X, y);
    expect(m.segments.sort()).toEqual([0, 1, 2]);
    for (const [s, model] of m.models!) {
      const lr = model as LinearRegression;
      expect(lr.coef).toHaveLength(2); // the segment column is dropped
      expect(lr.intercept).toBeCloseTo(lines[s as number][0], 8);
      expect(lr.coef![0]).toBeCloseTo(lines[s as number][1], 8);
    }
    m.predict(X).forEach((p, i) => expect(p).toBeCloseTo(y[i], 6));
    // one model for all cannot follow three lines
    expect(r2Score(y, new LinearRegression().fit(X, y).predict(X))).toBeLessThan(0.99);
  });

  it("takes segment labels at fit and predict time instead of a column", () => {
    const labels = X.map((row) => ["Standard", "Premium", "Enterprise"][row[2]]);
    const Xf = X.map((row) => [row[0], row[1]]);
    const m = new SegmentedRegressor({makeModel: () => new LinearRegression()}).fit(Xf, y, {segments: labels});
    m.predict(Xf, {segments: labels}).forEach((p, i) => expect(p).toBeCloseTo(y[i], 6));
    expect(() => m.predict(Xf)).toThrow(/pass the segment of each row/);
    expect(() => m.predict([[1, 2]], {segments: ["Gold"]})).toThrow(/segment "Gold" was not seen at fit time \(fitted segments: "Standard", "Premium", "Enterprise"\)/);
  });

  it("errors on an unseen segment value in the column", () => {
    const m = new SegmentedRegressor({segmentColumn: 2, makeModel: () => new LinearRegression()}).fit(X, y);
    expect(() => m.predict([[1, 0.5, 7]])).toThrow(/segment 7 was not seen at fit time/);
  });

  it("round-trips through JSON; a loaded one predicts but needs makeModel to refit", () => {
    const m = new SegmentedRegressor({segmentColumn: 2, makeModel: () => new LinearRegression()}).fit(X, y);
    const json = saveModel(m);
    expect((json.state.segments as {rows: number}[]).map((s) => s.rows)).toEqual([100, 100, 100]);
    const loaded = loadModel(JSON.stringify(json)) as SegmentedRegressor;
    expect(Array.from(loaded.predict(X))).toEqual(Array.from(m.predict(X)));
    expect(() => loaded.fit(X, y)).toThrow(/no makeModel \(it was loaded from JSON\)/);
  });

  it("explains bad setups", () => {
    const shared = new LinearRegression();
    expect(() => new SegmentedRegressor({segmentColumn: 2, makeModel: () => shared}).fit(X, y)).toThrow(/makeModel must return a NEW model on each call/);
    expect(() => new SegmentedRegressor({segmentColumn: -1, makeModel: () => new LinearRegression()})).toThrow(/segmentColumn must be a column index/);
    expect(() => new SegmentedRegressor({segmentColumn: 5, makeModel: () => new LinearRegression()}).fit(X, y)).toThrow(/segmentColumn is 5 but X has only 3 columns/);
    expect(() => new SegmentedRegressor({segmentColumn: 0}).predict(X)).toThrow(/not fitted yet/);
  });
});

describe("HurdleRegressor", () => {
  // zero-inflated: P(order) rises with x0, order value rises with x1
  const r = mulberry32(3);
  const X: number[][] = [];
  const y: number[] = [];
  const trueExpected: number[] = [];
  for (let i = 0; i < 3000; i++) {
    const a = r() * 4 - 2;
    const b = r() * 3;
    const p = 1 / (1 + Math.exp(-(a * 1.5 - 1)));
    const amount = 40 + 20 * b;
    X.push([a, b]);
    y.push(r() < p ? amount + (r() - 0.5) * 10 : 0);
    trueExpected.push(p * amount);
  }

  it("multiplies P(y > 0) by the amount fitted on the positive rows only", () => {
    const m = new HurdleRegressor({classifier: new LogisticRegression(), regressor: new LinearRegression()}).fit(X, y);
    const {probability, amount} = m.predictParts(X);
    const pred = m.predict(X);
    pred.forEach((v, i) => expect(v).toBeCloseTo(probability[i] * amount[i], 12));
    const reg = m.regressor as LinearRegression;
    expect(reg.coef![1]).toBeCloseTo(20, 0); // fitted on y > 0 rows: not dragged down by the zeros
    const clf = m.classifier as LogisticRegression;
    expect(clf.coef![0]).toBeCloseTo(1.5, 0);
    expect(r2Score(trueExpected, pred)).toBeGreaterThan(0.97);
    expect(m.trainingSummary.nPositive).toBe(y.filter((v) => v > 0).length);
  });

  it("round-trips through JSON with both stages", () => {
    const m = new HurdleRegressor({classifier: new LogisticRegression(), regressor: new GradientBoostingRegressor({nEstimators: 10})}).fit(X, y);
    const json = saveModel(m) as ModelJSON;
    expect((json.params.classifier as ModelJSON).type).toBe("LogisticRegression");
    const loaded = loadModel(JSON.stringify(json)) as HurdleRegressor;
    expect(Array.from(loaded.predict(X))).toEqual(Array.from(m.predict(X)));
  });

  it("explains bad input", () => {
    const lr = new LinearRegression();
    expect(() => new HurdleRegressor({classifier: lr as unknown as LogisticRegression, regressor: new LinearRegression()})).toThrow(
      /classifier must be a classifier with fit, predict and predictProba/
    );
    const m = new HurdleRegressor({classifier: new LogisticRegression(), regressor: new LinearRegression()});
    expect(() => m.fit([[1], [2]], [0, 0])).toThrow(/every target is 0: the hurdle model needs both zero and positive targets/);
    expect(() => m.fit([[1], [2]], [3, 4])).toThrow(/no target is 0/);
    expect(() => m.fit([[1], [2]], [-1, 4])).toThrow(/y\[0\] is -1: a hurdle model is for amounts that are zero or positive/);
    expect(() => m.predict([[1]])).toThrow(/not fitted yet/);
  });
});
