import {describe, expect, it} from "vitest";
import {LinearRegression} from "../../../src/lib/models/linear.js";
import {rocAucScore} from "../../../src/lib/metrics/classification.js";
import {r2Score} from "../../../src/lib/metrics/regression.js";
import {loadModel, saveModel} from "../../../src/lib/persist.js";
import {binOf, cutsOfSorted, fitBins, transformBins} from "../../../src/lib/trees/binning.js";
import {GradientBoostingClassifier, GradientBoostingRegressor} from "../../../src/lib/trees/gradientBoosting.js";
import {RandomForestClassifier, RandomForestRegressor, featuresPerSplit} from "../../../src/lib/trees/randomForest.js";
import {Tree} from "../../../src/lib/trees/tree.js";
import {friedman1, mulberry32, split, xorClasses} from "./modelData.js";

// scikit-learn 1.2.1 on the same data (tests/unit/lib/sklearn_models_reference.py)
const SK = {
  friedman: {linear: 0.7273624786353456, hgb: 0.9561872236320732, rf100: 0.900437363753169},
  xor: {logistic: 0.4819942378355419, hgb: 0.9048521592088444, rf100: 0.9034516887790062}
};

const friedman = split(friedman1(3000, 6, 7), 2000);
const xor = split(xorClasses(3000, 4, 11), 2000);

describe("binning", () => {
  it("cuts at midpoints between distinct values when there are few", () => {
    const cuts = cutsOfSorted(Float64Array.from([1, 1, 2, 4, 4, 4, 10]), 255);
    expect(Array.from(cuts)).toEqual([1.5, 3, 7]);
    expect([1, 1.5, 1.6, 3, 3.1, 100].map((x) => binOf(cuts, x))).toEqual([0, 0, 1, 1, 2, 3]);
  });

  it("cuts at quantiles (numpy's midpoint rule) when there are more values than bins", () => {
    const values = Float64Array.from({length: 1001}, (_, i) => i); // 0..1000
    const cuts = cutsOfSorted(values, 4);
    expect(Array.from(cuts)).toEqual([250, 500, 750]);
    const many = Float64Array.from({length: 10}, (_, i) => i);
    expect(Array.from(cutsOfSorted(many, 4))).toEqual([2.5, 4.5, 6.5]); // positions 2.25, 4.5, 6.75 -> midpoints
  });

  it("keeps at most maxBins bins and x <= cut exactly when bin(x) <= that bin", () => {
    const r = mulberry32(3);
    const n = 5000;
    const data = Float64Array.from({length: n * 2}, () => Math.floor(r() * 1000) / 7);
    const mapper = fitBins(data, n, 2, 255);
    const binned = transformBins(mapper, data, n, 2);
    for (let j = 0; j < 2; j++) {
      expect(mapper.nBins[j]).toBeLessThanOrEqual(255);
      const cuts = mapper.cuts[j];
      for (let i = 0; i < n; i += 37) {
        const b = binned[i * 2 + j];
        const x = data[i * 2 + j];
        for (let k = 0; k < cuts.length; k += 17) expect(x <= cuts[k]).toBe(b <= k);
      }
    }
  });
});

describe("GradientBoostingRegressor", () => {
  const model = new GradientBoostingRegressor({randomState: 0}).fit(friedman.Xtr, friedman.ytr);
  const pred = model.predict(friedman.Xte);

  it("learns a smooth nonlinear function as well as scikit-learn's HistGradientBoostingRegressor", () => {
    const r2 = r2Score(friedman.yte, pred);
    const linear = r2Score(friedman.yte, new LinearRegression().fit(friedman.Xtr, friedman.ytr).predict(friedman.Xte));
    expect(linear).toBeCloseTo(SK.friedman.linear, 6);
    expect(r2).toBeGreaterThan(SK.friedman.hgb - 0.01);
    expect(r2).toBeGreaterThan(linear + 0.2);
  });

  it("grows best-first trees of at most maxLeafNodes leaves with at least minSamplesLeaf rows each", () => {
    expect(model.estimators).toHaveLength(100);
    for (const tree of model.estimators) {
      expect(tree.nLeaves).toBeLessThanOrEqual(31);
      for (let k = 0; k < tree.nodeCount; k++) if (tree.feature[k] < 0) expect(tree.nSamples[k]).toBeGreaterThanOrEqual(20);
    }
    expect(model.estimators[0].nLeaves).toBe(31);
    const shallow = new GradientBoostingRegressor({nEstimators: 5, maxDepth: 2, maxLeafNodes: null, minSamplesLeaf: 5}).fit(friedman.Xtr, friedman.ytr);
    for (const tree of shallow.estimators) expect(tree.depth).toBeLessThanOrEqual(2);
  });

  it("lowers its training loss at every iteration", () => {
    const loss = model.trainLoss;
    expect(loss).toHaveLength(100);
    for (let i = 1; i < loss.length; i++) expect(loss[i]).toBeLessThanOrEqual(loss[i - 1] + 1e-12);
  });

  it("ranks the informative features above the noise feature (impurity importances summing to 1)", () => {
    const imp = Array.from(model.featureImportances!);
    expect(imp.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    for (const j of [0, 1, 3]) expect(imp[j]).toBeGreaterThan(5 * imp[5]);
    expect(imp[5]).toBeLessThan(0.02);
  });

  it("round-trips through JSON with identical predictions", () => {
    const text = JSON.stringify(saveModel(model));
    const loaded = loadModel(text) as GradientBoostingRegressor;
    expect(loaded).toBeInstanceOf(GradientBoostingRegressor);
    expect(Array.from(loaded.predict(friedman.Xte))).toEqual(Array.from(pred));
    expect(Array.from(loaded.featureImportances!)).toEqual(Array.from(model.featureImportances!));
  });

  it("is deterministic", () => {
    const again = new GradientBoostingRegressor({randomState: 0}).fit(friedman.Xtr, friedman.ytr);
    expect(Array.from(again.predict(friedman.Xte))).toEqual(Array.from(pred));
  });

  it("with absolute_error resists outliers that pull squared error", () => {
    const yOut = friedman.ytr.map((v, i) => (i % 10 === 0 ? v + 200 : v));
    const lad = new GradientBoostingRegressor({loss: "absolute_error", nEstimators: 60}).fit(friedman.Xtr, yOut);
    const ls = new GradientBoostingRegressor({nEstimators: 60}).fit(friedman.Xtr, yOut);
    const r2Lad = r2Score(friedman.yte, lad.predict(friedman.Xte));
    const r2Ls = r2Score(friedman.yte, ls.predict(friedman.Xte));
    expect(r2Lad).toBeGreaterThan(0.85);
    expect(r2Lad).toBeGreaterThan(r2Ls + 0.2);
  });

  it("reports progress from 0 to 1, once per iteration", () => {
    const seen: number[] = [];
    new GradientBoostingRegressor({nEstimators: 10}).fit(friedman.Xtr.slice(0, 300), friedman.ytr.slice(0, 300), {onProgress: (f) => seen.push(f)});
    expect(seen).toHaveLength(10);
    expect(seen[9]).toBe(1);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1]);
  });
});

describe("GradientBoostingClassifier", () => {
  it("learns a pure interaction (XOR) that a linear model cannot, like scikit-learn", () => {
    const model = new GradientBoostingClassifier().fit(xor.Xtr, xor.ytr);
    const proba = model.predictProba(xor.Xte);
    const auc = rocAucScore(xor.yte, proba);
    expect(SK.xor.logistic).toBeLessThan(0.55);
    expect(auc).toBeGreaterThan(SK.xor.hgb - 0.01);
    for (const p of proba) expect(p > 0 && p < 1).toBe(true);
    const labels = model.predict(xor.Xte);
    let right = 0;
    labels.forEach((l, i) => (right += l === xor.yte[i] ? 1 : 0));
    expect(right / labels.length).toBeGreaterThan(0.8);
    const loaded = GradientBoostingClassifier.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    expect(Array.from(loaded.predictProba(xor.Xte))).toEqual(Array.from(proba));
  });

  it("accepts boolean labels and rejects one class or other labels", () => {
    const Xs = xor.Xtr.slice(0, 200);
    const yb = xor.ytr.slice(0, 200).map((v) => v === 1);
    expect(() => new GradientBoostingClassifier({nEstimators: 3}).fit(Xs, yb)).not.toThrow();
    expect(() => new GradientBoostingClassifier().fit(Xs, Xs.map(() => 1))).toThrow(/only one class \(every label is 1\)/);
    expect(() => new GradientBoostingClassifier().fit(Xs, Xs.map((_, i) => i % 3))).toThrow(/y\[2\] is 2: .*labels must be 0 or 1/);
  });
});

describe("RandomForestRegressor", () => {
  const model = new RandomForestRegressor({randomState: 1}).fit(friedman.Xtr, friedman.ytr);
  const pred = model.predict(friedman.Xte);

  it("learns a smooth nonlinear function as well as scikit-learn's exact-split forest", () => {
    const r2 = r2Score(friedman.yte, pred);
    expect(r2).toBeGreaterThan(SK.friedman.rf100 - 0.01);
    expect(r2).toBeGreaterThan(SK.friedman.linear + 0.15);
  });

  it("grows full-depth trees on bootstrap samples: pure leaves, about 63 % distinct rows per tree", () => {
    const tree = model.estimators[0];
    let rootRows = tree.nSamples[0];
    expect(rootRows / 2000).toBeGreaterThan(0.6);
    expect(rootRows / 2000).toBeLessThan(0.67);
    // a training row that was in the sample is predicted exactly by its leaf when leaves are pure (continuous y)
    expect(tree.nLeaves).toBeGreaterThan(0.9 * rootRows);
    rootRows = model.estimators[1].nSamples[0];
    expect(rootRows).not.toBe(tree.nSamples[0]); // another bootstrap sample
  });

  it("ranks informative features first", () => {
    const imp = Array.from(model.featureImportances!);
    expect(imp.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(imp[3]).toBeGreaterThan(imp[5] * 3);
    expect(imp[0]).toBeGreaterThan(imp[5] * 3);
  });

  it("saves plain number arrays, and hands a worker its typed arrays with identical predictions", () => {
    const parsed = JSON.parse(JSON.stringify(model)); // JSON.stringify calls toJSON with a string key: plain arrays
    expect(Array.isArray(parsed.state.trees[0].threshold)).toBe(true);
    const copy = RandomForestRegressor.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    const typed = copy.toJSON({typedArrays: true});
    const tree0 = (typed.state.trees as {threshold: unknown}[])[0];
    expect(tree0.threshold).toBeInstanceOf(Float64Array);
    const back = RandomForestRegressor.fromJSON(structuredClone(typed));
    expect(Array.from(back.predict(friedman.Xte))).toEqual(Array.from(pred));
  });

  it("gives the same forest for the same seed, another for another seed, and survives JSON", () => {
    const small = {nEstimators: 10, randomState: 5};
    const a = new RandomForestRegressor(small).fit(friedman.Xtr, friedman.ytr).predict(friedman.Xte);
    const b = new RandomForestRegressor(small).fit(friedman.Xtr, friedman.ytr).predict(friedman.Xte);
    const c = new RandomForestRegressor({...small, randomState: 6}).fit(friedman.Xtr, friedman.ytr).predict(friedman.Xte);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
    const loaded = loadModel(JSON.stringify(saveModel(model))) as RandomForestRegressor;
    expect(Array.from(loaded.predict(friedman.Xte))).toEqual(Array.from(pred));
  });

  it("respects maxDepth, minSamplesLeaf and bootstrap: false", () => {
    const m = new RandomForestRegressor({nEstimators: 5, maxDepth: 4, minSamplesLeaf: 7, bootstrap: false, maxFeatures: 0.5, randomState: 0}).fit(
      friedman.Xtr,
      friedman.ytr
    );
    for (const tree of m.estimators) {
      expect(tree.depth).toBeLessThanOrEqual(4);
      expect(tree.nSamples[0]).toBe(2000);
      for (let k = 0; k < tree.nodeCount; k++) if (tree.feature[k] < 0) expect(tree.nSamples[k]).toBeGreaterThanOrEqual(7);
    }
  });

  it("with one tree, no bootstrap and all features, fits the training data exactly (pure leaves)", () => {
    const Xs = friedman.Xtr.slice(0, 300);
    const ys = friedman.ytr.slice(0, 300);
    const m = new RandomForestRegressor({nEstimators: 1, bootstrap: false}).fit(Xs, ys);
    const p = m.predict(Xs);
    for (let i = 0; i < ys.length; i++) expect(p[i]).toBeCloseTo(ys[i], 10);
  });
});

describe("RandomForestClassifier", () => {
  it("learns XOR with sqrt features per split, like scikit-learn", () => {
    const model = new RandomForestClassifier({randomState: 2}).fit(xor.Xtr, xor.ytr);
    const proba = model.predictProba(xor.Xte);
    expect(rocAucScore(xor.yte, proba)).toBeGreaterThan(SK.xor.rf100 - 0.01);
    for (const p of proba) expect(p >= 0 && p <= 1).toBe(true);
    expect(featuresPerSplit("sqrt", 4)).toBe(2);
    const imp = model.featureImportances!;
    expect(imp[0] + imp[1]).toBeGreaterThan(0.6);
    const loaded = RandomForestClassifier.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    expect(Array.from(loaded.predictProba(xor.Xte))).toEqual(Array.from(proba));
  });

  it("predicts 0/1 with a threshold (ties go to 0, as scikit-learn's argmax)", () => {
    const m = new RandomForestClassifier({nEstimators: 20, randomState: 0}).fit(xor.Xtr.slice(0, 400), xor.ytr.slice(0, 400));
    const p = m.predictProba(xor.Xte.slice(0, 200));
    const l = m.predict(xor.Xte.slice(0, 200));
    const l2 = m.predict(xor.Xte.slice(0, 200), 0.8);
    p.forEach((v, i) => {
      expect(l[i]).toBe(v > 0.5 ? 1 : 0);
      expect(l2[i]).toBe(v > 0.8 ? 1 : 0);
    });
  });
});

describe("feature sampling and options", () => {
  it("computes features per split as scikit-learn does", () => {
    expect(featuresPerSplit(1.0, 12)).toBe(12);
    expect(featuresPerSplit(null, 12)).toBe(12);
    expect(featuresPerSplit("sqrt", 12)).toBe(3);
    expect(featuresPerSplit("log2", 12)).toBe(3);
    expect(featuresPerSplit(0.33, 12)).toBe(3);
    expect(featuresPerSplit(5, 12)).toBe(5);
    expect(featuresPerSplit(50, 12)).toBe(12);
    expect(featuresPerSplit(0.01, 12)).toBe(1);
  });

  it("rejects bad options with what was expected", () => {
    expect(() => new GradientBoostingRegressor({nEstimators: 0})).toThrow(/nEstimators must be a whole number >= 1, got 0/);
    expect(() => new GradientBoostingRegressor({learningRate: -1})).toThrow(/learningRate must be a number > 0/);
    expect(() => new GradientBoostingRegressor({loss: "huber" as "squared_error"})).toThrow(/loss must be one of 'squared_error', 'absolute_error'/);
    expect(() => new GradientBoostingRegressor({maxBins: 300})).toThrow(/maxBins must be a whole number from 2 to 255/);
    expect(() => new RandomForestRegressor({maxFeatures: "half" as "sqrt"})).toThrow(/maxFeatures must be 'sqrt', 'log2', null/);
    expect(() => new RandomForestRegressor({randomState: 1.5})).toThrow(/randomState must be a whole number/);
    expect(() => new RandomForestClassifier({bootstrap: "yes" as unknown as boolean})).toThrow(/bootstrap must be true or false/);
  });
});

describe("bad input", () => {
  const models = [
    () => new GradientBoostingRegressor({nEstimators: 2}),
    () => new RandomForestRegressor({nEstimators: 2}),
    () => new GradientBoostingClassifier({nEstimators: 2}),
    () => new RandomForestClassifier({nEstimators: 2})
  ];
  it.each(models.map((m) => [m().constructor.name, m]))("%s: ragged rows, NaN, length mismatch, predict before fit, wrong width", (_name, make) => {
    const X = [
      [1, 2],
      [3, 4],
      [5, 6],
      [7, 8]
    ];
    const y = [0, 1, 0, 1];
    expect(() => make().fit([[1, 2], [3]], [0, 1])).toThrow(/rows of different lengths: row 0 has 2 values, row 1 has 1/);
    expect(() => make().fit([[1, NaN], [3, 4]], [0, 1])).toThrow(/X\[0\]\[1\] is NaN/);
    expect(() => make().fit(X, [0, 1])).toThrow(/y has 2 .* but X has 4 rows/);
    expect(() => make().predict(X)).toThrow(/not fitted yet: call fit\(X, y\) before predict/);
    const m = make().fit(X, y);
    expect(() => m.predict([[1, 2, 3]])).toThrow(/fitted on 2 features but X has 3 columns/);
  });

  it("refuses trees with non-numbers or NaN in them", () => {
    const ok = {feature: [0, -1, -1], threshold: [0.5, 0, 0], left: [1, -1, -1], right: [2, -1, -1], value: [0, 1, 2], nSamples: [3, 1, 2]};
    expect(Tree.fromJSON(ok, 1).nLeaves).toBe(2);
    expect(() => Tree.fromJSON({...ok, value: [0, NaN, 2]}, 1)).toThrow(/node 1 has a threshold, value or nSamples that is not a finite number/);
    expect(() => Tree.fromJSON({...ok, value: "0,1,2"}, 1)).toThrow(/value must be a list of numbers/);
    expect(() => Tree.fromJSON({...ok, nSamples: [3, 1]}, 1)).toThrow(/nSamples has 2 entries but feature has 3/);
    expect(() => Tree.fromJSON({...ok, feature: [0.5, -1, -1]}, 1)).toThrow(/node 0 has feature 0.5/);
  });

  it("refuses to load a tree whose children point backwards (a loop)", () => {
    const bad = {feature: [0, -1, -1], threshold: [0.5, 0, 0], left: [0, -1, -1], right: [2, -1, -1], value: [0, 1, 2], nSamples: [3, 1, 2]};
    expect(() => Tree.fromJSON(bad, 1)).toThrow(/node 0 has children 0 and 2; they must come after it/);
    expect(() => Tree.fromJSON({...bad, left: [1, -1, -1], feature: [3, -1, -1]}, 1)).toThrow(/splits on feature 3 but the model has 1 features/);
  });
});
