// Gradient boosting against scikit-learn 1.2.1's HistGradientBoostingRegressor / Classifier on the generated cases
// of tests/fixtures/sklearn/boosting.json (written by scripts/boosting_reference.py): without early stopping (with
// and without sample weights; squared error, absolute error, log loss) and with early stopping.
//
// Tolerance 1e-6 on raw predictions and scores: both libraries bin identically and grow the same trees (the same
// splits, thresholds, leaf values and tie-breaking), but scikit-learn stores gradients and hessians as float32, so
// its leaf values differ from these float64 ones at about 1e-7 relative (the largest difference seen is 3e-8). A
// split chosen differently would show as a difference of 1e-2 or more.
import {readFileSync} from "node:fs";
import {describe, expect, it} from "vitest";
import {fitBoosting, shouldStop, validationSplit} from "../../../src/lib/trees/boostingFit.js";
import {GradientBoostingClassifier, GradientBoostingRegressor, type GradientBoostingRegressorOptions} from "../../../src/lib/trees/gradientBoosting.js";

/* eslint-disable @typescript-eslint/no-explicit-any */
const R = JSON.parse(readFileSync(new URL("../../fixtures/sklearn/boosting.json", import.meta.url), "utf8"));
const TOL = 1e-6;

/** scikit-learn's parameters under this library's names. */
function options(p: any): GradientBoostingRegressorOptions {
  return {
    nEstimators: p.max_iter,
    learningRate: p.learning_rate,
    maxLeafNodes: p.max_leaf_nodes,
    minSamplesLeaf: p.min_samples_leaf,
    l2Regularization: p.l2_regularization,
    earlyStopping: p.early_stopping,
    validationFraction: p.validation_fraction,
    nIterNoChange: p.n_iter_no_change,
    tol: p.tol,
    randomState: p.random_state ?? undefined,
    ...(p.loss && p.loss !== "log_loss" ? {loss: p.loss} : {})
  };
}

function model(c: any): GradientBoostingRegressor | GradientBoostingClassifier {
  return c.kind === "regressor" ? new GradientBoostingRegressor(options(c.params)) : new GradientBoostingClassifier(options(c.params));
}
const target = (c: any): number[] => (c.kind === "regressor" ? R.yRegression : R.yClassification);
const raw = (m: GradientBoostingRegressor | GradientBoostingClassifier, X: number[][]) =>
  m instanceof GradientBoostingRegressor ? m.predict(X) : m.decisionFunction(X);

/** it.each rows: [title, case]. */
const labelled = (c: any): [string, any] => [`${c.kind}, ${c.name}`, c];

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

describe("gradient boosting against scikit-learn, early stopping off", () => {
  it.each((R.cases as any[]).map(labelled))("%s", (_, c: any) => {
    const m = model(c).fit(R.X, target(c), c.weighted ? R.sampleWeight : undefined);
    expect(m.nIter).toBe(c.params.max_iter);
    expect(m.trainScore).toEqual([]);
    expect(maxDiff(raw(m, R.X), c.raw)).toBeLessThan(TOL);
    // new rows fall between training values: thresholds sit where scikit-learn puts them
    expect(maxDiff(raw(m, R.XNew), c.rawNew)).toBeLessThan(TOL);
  });

  it("starts from the weighted mean, the weighted (lower) median and the log-odds of the weighted share of 1s", () => {
    const w: number[] = R.sampleWeight;
    const sum = (f: (i: number) => number) => w.reduce((s, _, i) => s + f(i), 0);
    const weightedMean = sum((i) => w[i] * R.yRegression[i]) / sum((i) => w[i]);
    const share = sum((i) => w[i] * R.yClassification[i]) / sum((i) => w[i]);
    const byName = (name: string) => R.cases.find((c: any) => c.name === name);
    expect(byName("squared, weighted").baseline).toBeCloseTo(weightedMean, 12);
    expect(byName("log loss, weighted").baseline).toBeCloseTo(Math.log(share / (1 - share)), 12);
    // the fitted models start there too: a one-tree model with a zero learning rate is its baseline
    const flat = new GradientBoostingRegressor({loss: "absolute_error", nEstimators: 1, learningRate: 1e-300}).fit(R.X, R.yRegression, w);
    expect(flat.predict([R.X[0]])[0]).toBe(byName("absolute, weighted").baseline);
  });
});

describe("gradient boosting against scikit-learn, early stopping", () => {
  const cases: any[] = R.earlyStopping;

  it.each(cases.filter((c: any) => c.params.validation_fraction === null).map(labelled))(
    "%s: stops at the same iteration with the same scores",
    (_, c: any) => {
      const m = model(c).fit(R.X, target(c));
      expect(m.nIter).toBe(c.nIter);
      expect(m.nIter).toBeLessThan(c.params.max_iter);
      expect(m.trainScore).toHaveLength(c.nIter + 1);
      expect(maxDiff(m.trainScore, c.trainScore)).toBeLessThan(TOL);
      expect(m.validationScore).toEqual([]);
    }
  );

  // scikit-learn draws the held-out rows with NumPy's generator; the fixture lists them, and fitBoosting can be
  // handed them, so the rest of the algorithm is compared on the very same rows
  const heldOut = cases.filter((c: any) => c.params.validation_fraction !== null);
  const onSklearnRows = (c: any) => {
    const m = model(c) as any;
    const dense = {data: Float64Array.from(R.X.flat()), n: R.X.length, p: R.X[0].length};
    const w = c.weighted ? Float64Array.from(R.sampleWeight) : null;
    return fitBoosting(m.modelName, dense, Float64Array.from(target(c)), w, m.params, m.loss, c.kind === "classifier", () => {}, Int32Array.from(c.validationRows));
  };

  it.each(heldOut.filter((c: any) => c.kind === "regressor").map((c: any): [string, any] => [c.name, c]))(
    "regressor, %s, on scikit-learn's validation rows: the same iteration and scores",
    (_, c: any) => {
      const r = onSklearnRows(c);
      expect(r.trees).toHaveLength(c.nIter);
      expect(maxDiff(r.trainScore, c.trainScore)).toBeLessThan(TOL);
      expect(maxDiff(r.validationScore, c.validationScore)).toBeLessThan(TOL);
    }
  );

  it("classifier on scikit-learn's stratified validation rows: the same scores until two features tie", () => {
    // After the first tree a node's rows are split identically by two features. scikit-learn sums float32 gradients
    // (exact in float64 here), so the tie is exact and the first feature wins; these float64 gradients summed in
    // two different orders differ in the last bit, and the second feature wins. Both splits put the same training
    // rows on each side, so the training scores stay equal, but held-out rows that fall between the thresholds go
    // different ways: from then on the validation scores differ slightly, and the stopping point with them.
    const c = heldOut.find((x: any) => x.kind === "classifier");
    const r = onSklearnRows(c);
    expect(Math.abs(r.validationScore[0] - c.validationScore[0])).toBeLessThan(TOL);
    expect(maxDiff(r.trainScore.slice(0, 2), c.trainScore.slice(0, 2))).toBeLessThan(TOL);
    expect(Math.abs(r.validationScore[1] - c.validationScore[1])).toBeGreaterThan(1e-3);
    // the behaviour is the same: it stops early, within a few iterations of scikit-learn, at a validation loss as low
    expect(r.trees.length).toBeLessThan(c.params.max_iter);
    expect(Math.abs(r.trees.length - c.nIter)).toBeLessThanOrEqual(12);
    expect(Math.abs(Math.max(...r.validationScore) - Math.max(...c.validationScore))).toBeLessThan(0.01);
  });

  it.each(heldOut.map(labelled))("%s, on its own seeded split: stops early as scikit-learn does", (_, c: any) => {
    const m = model(c).fit(R.X, target(c), c.weighted ? R.sampleWeight : undefined);
    expect(m.nIter).toBeLessThan(c.params.max_iter);
    expect(m.trainScore).toHaveLength(m.nIter + 1);
    expect(m.validationScore).toHaveLength(m.nIter + 1);
    expect(m.trainingSummary).toMatchObject({nValidation: 100, nTrain: 900});
    // it stopped at the first iteration the rule allows, as scikit-learn's loop does
    const s = m.validationScore;
    expect(shouldStop(s, c.params.n_iter_no_change, c.params.tol)).toBe(true);
    for (let k = 1; k < s.length; k++) expect(shouldStop(s.slice(0, k), c.params.n_iter_no_change, c.params.tol)).toBe(false);
    // another split, another stopping point, but the same order of magnitude as scikit-learn's
    expect(m.nIter).toBeGreaterThan(c.nIter / 3);
    expect(m.nIter).toBeLessThan(c.nIter * 3);
  });

  it("holds out the same number of each class as scikit-learn's stratified split", () => {
    const c = heldOut.find((x: any) => x.kind === "classifier");
    const y = Float64Array.from(R.yClassification);
    const ones = (rows: ArrayLike<number>) => Array.from(rows).reduce((s, i) => s + y[i], 0);
    for (const seed of [0, 1, 2]) {
      const s = validationSplit("test", y.length, y, 0.1, seed, true);
      expect(s.validation).toHaveLength(c.validationRows.length);
      expect(ones(s.validation)).toBe(ones(c.validationRows));
      expect(new Set([...s.train, ...s.validation]).size).toBe(y.length);
    }
  });
});
