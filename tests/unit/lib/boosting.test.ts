// Gradient boosting's early stopping and sample weights: the options, what they do, their errors, and saved models.
// (The comparison with scikit-learn is in boostingSklearn.test.ts.)
import {describe, expect, it} from "vitest";
import {loadModel, saveModel} from "../../../src/lib/persist.js";
import {AUTO_EARLY_STOPPING_ROWS, shouldStop} from "../../../src/lib/trees/boostingFit.js";
import {GradientBoostingClassifier, GradientBoostingRegressor} from "../../../src/lib/trees/gradientBoosting.js";
import {friedman1, mulberry32, xorClasses} from "./modelData.js";

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
};

/** Rows whose features take few distinct values (one bin per value), so that duplicating rows leaves the bins alone. */
function coarse(n: number, seed: number): {X: number[][]; y: number[]; labels: number[]} {
  const r = mulberry32(seed);
  const X = Array.from({length: n}, () => [Math.floor(r() * 40) / 4, Math.floor(r() * 25), Math.floor(r() * 7)]);
  const y = X.map((x) => Math.sin(x[0]) * 3 + 0.2 * x[1] - x[2] + 2 * r());
  const labels = y.map((v) => (v + r() > 1.5 ? 1 : 0));
  return {X, y, labels};
}

describe("shouldStop (scikit-learn's _should_stop)", () => {
  // scores are higher-is-better; stop when none of the last n beats the one before them by more than tol
  it.each([
    [[1, 2, 3], 2, 0, false], // needs n + 1 = 3 scores: has them, and 2, 3 beat 1
    [[1, 2], 2, 0, false], // too few scores
    [[3, 2, 1], 2, 0, true], // getting worse
    [[1, 1, 1], 2, 0, true], // no change
    [[1, 1.05, 1.08], 2, 0.1, true], // improvements smaller than tol
    [[1, 1.05, 1.2], 2, 0.1, false], // the last beats 1 + tol
    [[0, 5, 1, 1], 2, 0, true] // only the window counts: 1 and 1 do not beat 5
  ])("%j with nIterNoChange %i, tol %f: %s", (scores, n, tol, stop) => {
    expect(shouldStop(scores as number[], n as number, tol as number)).toBe(stop);
  });
});

describe("early stopping", () => {
  const data = friedman1(1500, 6, 3, 4);

  it("stops when the held-out loss stops improving, and grows fewer trees than nEstimators", () => {
    const m = new GradientBoostingRegressor({nEstimators: 400, learningRate: 0.3, earlyStopping: true, randomState: 1}).fit(data.X, data.y);
    expect(m.nIter).toBeLessThan(400);
    expect(m.estimators).toHaveLength(m.nIter);
    expect(m.trainLoss).toHaveLength(m.nIter);
    expect(m.validationScore).toHaveLength(m.nIter + 1);
    expect(m.trainScore).toHaveLength(m.nIter + 1);
    // the scores are minus half the mean squared error, and training keeps improving after validation stops
    expect(m.trainScore[m.nIter]).toBeGreaterThan(m.validationScore[m.nIter]);
    expect(m.trainScore[0]).toBeLessThan(m.trainScore[m.nIter]);
    expect(m.trainingSummary).toMatchObject({nIter: m.nIter, earlyStopping: true, nTrain: 1350, nValidation: 150});
  });

  it("scores the training rows with validationFraction null: minus half the training loss", () => {
    const m = new GradientBoostingRegressor({nEstimators: 300, earlyStopping: true, validationFraction: null, tol: 1e-2}).fit(data.X, data.y);
    expect(m.nIter).toBeLessThan(300);
    expect(m.validationScore).toEqual([]);
    for (let k = 1; k <= m.nIter; k++) expect(m.trainScore[k]).toBeCloseTo(-0.5 * m.trainLoss[k - 1], 12);
  });

  it("nIterNoChange and tol set how patient it is", () => {
    const fit = (o: object) => new GradientBoostingRegressor({nEstimators: 400, learningRate: 0.3, earlyStopping: true, randomState: 1, ...o}).fit(data.X, data.y).nIter;
    expect(fit({nIterNoChange: 30})).toBeGreaterThan(fit({nIterNoChange: 3}));
    expect(fit({tol: 1})).toBeLessThan(fit({}));
    expect(fit({tol: 1e6})).toBe(10); // no tree can improve the score by tol: stops after nIterNoChange
  });

  it("is seeded by randomState: the same seed holds out the same rows", () => {
    const fit = (seed: number) => new GradientBoostingClassifier({nEstimators: 200, learningRate: 0.3, earlyStopping: true, randomState: seed});
    const xor = xorClasses(1200, 4, 5);
    const a = fit(3).fit(xor.X, xor.y);
    const b = fit(3).fit(xor.X, xor.y);
    const c = fit(4).fit(xor.X, xor.y);
    expect(b.validationScore).toEqual(a.validationScore);
    expect(c.validationScore).not.toEqual(a.validationScore);
  });

  it(`"auto" turns it on above ${AUTO_EARLY_STOPPING_ROWS.toLocaleString("en-US")} rows, as scikit-learn`, () => {
    const big = friedman1(AUTO_EARLY_STOPPING_ROWS + 1, 5, 9);
    const fit = (X: number[][], y: number[]) => new GradientBoostingRegressor({nEstimators: 2, maxLeafNodes: 4, earlyStopping: "auto"}).fit(X, y);
    expect(fit(big.X, big.y).trainScore).toHaveLength(3);
    expect(fit(big.X.slice(1), big.y.slice(1)).trainScore).toEqual([]);
  });

  it("is off by default: nEstimators trees on all rows", () => {
    const m = new GradientBoostingRegressor({nEstimators: 30}).fit(data.X, data.y);
    expect(m.earlyStopping).toBe(false);
    expect(m.nIter).toBe(30);
    expect(m.trainScore).toEqual([]);
    expect(m.validationScore).toEqual([]);
  });

  it("rejects bad options and data it cannot split, in the student's terms", () => {
    expect(() => new GradientBoostingRegressor({earlyStopping: "yes" as "auto"})).toThrow(/earlyStopping must be true, false or "auto"/);
    expect(() => new GradientBoostingRegressor({validationFraction: 1})).toThrow(/validationFraction must be a number > 0 and < 1, got 1/);
    expect(() => new GradientBoostingRegressor({validationFraction: 0})).toThrow(/validationFraction must be a number > 0 and < 1/);
    expect(() => new GradientBoostingRegressor({nIterNoChange: 0})).toThrow(/nIterNoChange must be a whole number >= 1, got 0/);
    expect(() => new GradientBoostingRegressor({tol: -1})).toThrow(/tol must be a number >= 0, got -1/);
    const tiny = friedman1(2, 5, 1);
    expect(() => new GradientBoostingRegressor({earlyStopping: true}).fit(tiny.X, tiny.y)).toThrow(/holds out validationFraction=0.1 of the 2 rows and leaves too few/);
    const X = friedman1(50, 5, 1).X;
    const lonely = X.map((_, i) => (i === 0 ? 1 : 0));
    expect(() => new GradientBoostingClassifier({earlyStopping: true}).fit(X, lonely)).toThrow(/at least 2 rows of each class; class 1 has 1/);
    expect(() => new GradientBoostingClassifier({earlyStopping: true, validationFraction: null}).fit(X, lonely)).not.toThrow();
  });
});

describe("sample weights", () => {
  const d = coarse(600, 21);

  it("a weight of 2 is a row counted twice (squared error and log loss)", () => {
    const w = d.X.map((_, i) => (i % 3 === 0 ? 2 : 1));
    const Xdup = d.X.flatMap((x, i) => (w[i] === 2 ? [x, x] : [x]));
    const ydup = d.y.flatMap((v, i) => (w[i] === 2 ? [v, v] : [v]));
    const ldup = d.labels.flatMap((v, i) => (w[i] === 2 ? [v, v] : [v]));
    // minSamplesLeaf counts rows, not weight: 1 makes the two fits comparable
    const o = {nEstimators: 20, minSamplesLeaf: 1, maxLeafNodes: 8};
    const reg = new GradientBoostingRegressor(o).fit(d.X, d.y, w);
    const regDup = new GradientBoostingRegressor(o).fit(Xdup, ydup);
    expect(maxDiff(reg.predict(d.X), regDup.predict(d.X))).toBeLessThan(1e-9);
    const clf = new GradientBoostingClassifier(o).fit(d.X, d.labels, w);
    const clfDup = new GradientBoostingClassifier(o).fit(Xdup, ldup);
    expect(maxDiff(clf.predictProba(d.X), clfDup.predictProba(d.X))).toBeLessThan(1e-9);
    // and it is not the unweighted model
    expect(maxDiff(reg.predict(d.X), new GradientBoostingRegressor(o).fit(d.X, d.y).predict(d.X))).toBeGreaterThan(1e-3);
  });

  it("weights of 0 leave rows out of the leaf values, and minSamplesLeaf still counts them", () => {
    const w = d.X.map((_, i) => (i < 300 ? 1 : 0));
    const m = new GradientBoostingRegressor({nEstimators: 1, learningRate: 1, maxLeafNodes: 2, minSamplesLeaf: 250}).fit(d.X, d.y, w);
    const tree = m.estimators[0];
    expect(tree.nLeaves).toBe(2);
    const leftRows = d.X.map((x, i) => i).filter((i) => d.X[i][tree.feature[0]] <= tree.threshold[0]);
    // minSamplesLeaf: 250 rows on each side, counting rows of weight 0
    expect(tree.nSamples[tree.left[0]]).toBe(leftRows.length);
    expect(Math.min(leftRows.length, 600 - leftRows.length)).toBeGreaterThanOrEqual(250);
    // the prediction on each side is the mean of the weighted rows there
    const meanOf = (rows: number[]) => rows.reduce((s, i) => s + d.y[i], 0) / rows.length;
    const left = leftRows.filter((i) => i < 300);
    const right = d.X.map((_, i) => i).filter((i) => i < 300 && !leftRows.includes(i));
    expect(m.predict([d.X[leftRows[0]]])[0]).toBeCloseTo(meanOf(left), 10);
    expect(m.predict([d.X[right[0]]])[0]).toBeCloseTo(meanOf(right), 10);
  });

  it("the same weight on every row changes nothing", () => {
    const o = {nEstimators: 15};
    const plain = new GradientBoostingRegressor(o).fit(d.X, d.y);
    const three = new GradientBoostingRegressor(o).fit(d.X, d.y, d.X.map(() => 3));
    expect(maxDiff(plain.predict(d.X), three.predict(d.X))).toBeLessThan(1e-9);
  });

  it("absolute error starts from the weighted median and keeps weighted medians in its leaves", () => {
    const y = [1, 2, 3, 4, 100];
    const X = y.map((v) => [v]);
    const m = new GradientBoostingRegressor({loss: "absolute_error", nEstimators: 1, learningRate: 1e-300}).fit(X, y, [1, 1, 1, 1, 10]);
    expect(m.predict([[0]])[0]).toBe(100);
    const even = new GradientBoostingRegressor({loss: "absolute_error", nEstimators: 1, learningRate: 1e-300}).fit(X.slice(0, 4), y.slice(0, 4), [1, 1, 1, 1]);
    expect(even.predict([[0]])[0]).toBe(2); // the lower median, as scikit-learn's weighted percentile (unweighted: 2.5)
  });

  it("goes with early stopping: the validation rows keep their weights", () => {
    const data = friedman1(1500, 6, 3, 4);
    const w = data.y.map((_, i) => 1 + (i % 4));
    const m = new GradientBoostingRegressor({nEstimators: 300, learningRate: 0.3, earlyStopping: true, randomState: 2}).fit(data.X, data.y, w);
    const u = new GradientBoostingRegressor({nEstimators: 300, learningRate: 0.3, earlyStopping: true, randomState: 2}).fit(data.X, data.y);
    expect(m.nIter).toBeLessThan(300);
    expect(m.validationScore[0]).not.toBe(u.validationScore[0]);
  });

  it("still takes fit options as the third argument", () => {
    const seen: number[] = [];
    new GradientBoostingRegressor({nEstimators: 4}).fit(d.X, d.y, {onProgress: (f) => seen.push(f)});
    expect(seen).toEqual([0.25, 0.5, 0.75, 1]);
    const again: number[] = [];
    new GradientBoostingRegressor({nEstimators: 2}).fit(d.X, d.y, d.X.map(() => 1), {onProgress: (f) => again.push(f)});
    expect(again).toEqual([0.5, 1]);
  });

  it("rejects weights it cannot use, naming the problem", () => {
    const X = d.X.slice(0, 5);
    const y = d.y.slice(0, 5);
    const fit = (w: unknown) => () => new GradientBoostingRegressor({nEstimators: 2}).fit(X, y, w as number[]);
    expect(fit([1, 1, 1])).toThrow(/GradientBoostingRegressor.fit: sampleWeight has 3 values but X has 5 rows/);
    expect(fit([1, 1, NaN, 1, 1])).toThrow(/sampleWeight\[2\] is NaN: weights must be finite numbers >= 0/);
    expect(fit([1, 1, 1, -2, 1])).toThrow(/sampleWeight\[3\] is -2: weights must be >= 0/);
    expect(fit([0, 0, 0, 0, 0])).toThrow(/every sampleWeight is 0/);
    expect(fit("heavy")).toThrow(/sampleWeight must be an array of numbers, one weight per row of X, got "heavy"/);
    expect(fit(null)).not.toThrow();
    const clf = () => new GradientBoostingClassifier({nEstimators: 2}).fit(X, [0, 1, 0, 1, 0], [1, 1, Infinity, 1, 1]);
    expect(clf).toThrow(/GradientBoostingClassifier.fit: sampleWeight\[2\] is Infinity/);
  });
});

describe("saved boosting models", () => {
  const data = friedman1(1500, 6, 3, 4);

  it("carry nIter, the scores and the early-stopping options", () => {
    const m = new GradientBoostingRegressor({nEstimators: 300, learningRate: 0.3, earlyStopping: true, nIterNoChange: 5, tol: 1e-4, randomState: 1}).fit(data.X, data.y);
    const json = JSON.parse(JSON.stringify(saveModel(m)));
    expect(json.state.nIter).toBe(m.nIter);
    expect(json.params).toMatchObject({earlyStopping: true, validationFraction: 0.1, nIterNoChange: 5, tol: 1e-4});
    const loaded = loadModel(json) as GradientBoostingRegressor;
    expect(loaded.nIter).toBe(m.nIter);
    expect(loaded.validationScore).toEqual(m.validationScore);
    expect(loaded.trainScore).toEqual(m.trainScore);
    expect(Array.from(loaded.predict(data.X.slice(0, 50)))).toEqual(Array.from(m.predict(data.X.slice(0, 50))));
    // refitting the loaded model repeats the fit
    expect(loaded.fit(data.X, data.y).nIter).toBe(m.nIter);
    json.state.nIter = m.nIter + 1;
    expect(() => loadModel(json)).toThrow(/state.nIter is \d+ but there are \d+ trees/);
  });

  it("load files saved before early stopping existed: nIter is the tree count, and a refit stays without it", () => {
    const m = new GradientBoostingClassifier({nEstimators: 12}).fit(data.X, data.y.map((v) => (v > 14 ? 1 : 0)));
    const json = JSON.parse(JSON.stringify(m.toJSON()));
    for (const k of ["earlyStopping", "validationFraction", "nIterNoChange", "tol"]) delete json.params[k];
    for (const k of ["nIter", "trainScore", "validationScore"]) delete json.state[k];
    const old = GradientBoostingClassifier.fromJSON(json);
    expect(old.nIter).toBe(12);
    expect(old.trainScore).toEqual([]);
    expect(old.earlyStopping).toBe(false);
  });
});
