import {describe, expect, it} from "vitest";
import {HurdleRegressor} from "../../../src/lib/models/compose.js";
import {LogisticRegression} from "../../../src/lib/models/logistic.js";
import {GradientBoostingClassifier, GradientBoostingRegressor} from "../../../src/lib/trees/gradientBoosting.js";
import {RandomForestClassifier, RandomForestRegressor} from "../../../src/lib/trees/randomForest.js";
import {fitInWorker} from "../../../src/lib/worker/fitInWorker.js";
import {mergeForestJSON} from "../../../src/lib/worker/mergeForest.js";
import {handleFitRequest, type FitReply} from "../../../src/lib/worker/protocol.js";
import type {ModelJSON} from "../../../src/lib/base.js";
import {friedman1, split} from "./modelData.js";

// Node has no global Worker, so fitInWorker runs the worker's own message handler in-process; the browser path is
// covered by the drills' end-to-end tests.
describe("fitInWorker (in-process fallback, as in Node)", () => {
  const d = split(friedman1(800, 5, 3), 600);

  it("has no Worker here", () => {
    expect(typeof (globalThis as {Worker?: unknown}).Worker).toBe("undefined");
  });

  it("resolves to a fitted model equal to fitting directly, reporting progress up to 1", async () => {
    const spec = new GradientBoostingRegressor({nEstimators: 30, randomState: 0});
    const seen: number[] = [];
    const model = await fitInWorker<GradientBoostingRegressor>(spec, d.Xtr, d.ytr, {onProgress: (f) => seen.push(f)});
    expect(model).toBeInstanceOf(GradientBoostingRegressor);
    const direct = new GradientBoostingRegressor({nEstimators: 30, randomState: 0}).fit(d.Xtr, d.ytr);
    expect(Array.from(model.predict(d.Xte))).toEqual(Array.from(direct.predict(d.Xte)));
    expect(seen.length).toBeGreaterThan(5);
    expect(seen[seen.length - 1]).toBe(1);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1]);
    // the spec itself is left unfitted (the model travelled as JSON)
    expect(() => spec.predict(d.Xte)).toThrow(/not fitted yet/);
  });

  it("fits forests with their seed, classifiers with boolean labels, and composite models", async () => {
    const rf = await fitInWorker<RandomForestRegressor>(new RandomForestRegressor({nEstimators: 5, randomState: 4}), d.Xtr, d.ytr);
    const direct = new RandomForestRegressor({nEstimators: 5, randomState: 4}).fit(d.Xtr, d.ytr);
    expect(Array.from(rf.predict(d.Xte))).toEqual(Array.from(direct.predict(d.Xte)));
    const labels = d.ytr.map((v) => v > 14);
    const clf = await fitInWorker<RandomForestClassifier>(new RandomForestClassifier({nEstimators: 5, randomState: 1}), d.Xtr, labels);
    expect(clf.predictProba(d.Xte).every((p) => p >= 0 && p <= 1)).toBe(true);
    const yz = d.ytr.map((v) => (v > 14 ? v : 0));
    const hurdle = await fitInWorker<HurdleRegressor>(
      new HurdleRegressor({classifier: new LogisticRegression(), regressor: new GradientBoostingRegressor({nEstimators: 10})}),
      d.Xtr,
      yz
    );
    expect(hurdle).toBeInstanceOf(HurdleRegressor);
    expect(hurdle.predict(d.Xte)).toHaveLength(200);
  });

  it("passes sampleWeight to gradient boosting: the same model as fit(X, y, sampleWeight), and not the unweighted one", async () => {
    const w = d.ytr.map((_, i) => (i % 3 === 0 ? 4 : i % 7 === 0 ? 0 : 1));
    const spec = () => new GradientBoostingRegressor({nEstimators: 20, randomState: 0});
    const model = await fitInWorker<GradientBoostingRegressor>(spec(), d.Xtr, d.ytr, {sampleWeight: w});
    const direct = spec().fit(d.Xtr, d.ytr, w);
    expect(Array.from(model.predict(d.Xte))).toEqual(Array.from(direct.predict(d.Xte)));
    const unweighted = spec().fit(d.Xtr, d.ytr);
    expect(Array.from(model.predict(d.Xte))).not.toEqual(Array.from(unweighted.predict(d.Xte)));
    const labels = d.ytr.map((v) => (v > 14 ? 1 : 0));
    const clf = await fitInWorker<GradientBoostingClassifier>(new GradientBoostingClassifier({nEstimators: 10}), d.Xtr, labels, {sampleWeight: w});
    expect(Array.from(clf.predictProba(d.Xte))).toEqual(Array.from(new GradientBoostingClassifier({nEstimators: 10}).fit(d.Xtr, labels, w).predictProba(d.Xte)));
  });

  it("refuses sampleWeight that does not fit the rows or the model, naming the mistake", async () => {
    const gb = new GradientBoostingRegressor({nEstimators: 5});
    await expect(fitInWorker(gb, d.Xtr, d.ytr, {sampleWeight: [1, 2, 3]})).rejects.toThrow(/sampleWeight has 3 values but X has 600 rows/);
    const bad = d.ytr.map(() => 1);
    bad[5] = -1;
    await expect(fitInWorker(gb, d.Xtr, d.ytr, {sampleWeight: bad})).rejects.toThrow(/sampleWeight\[5\] is -1: weights must be finite numbers >= 0/);
    await expect(fitInWorker(gb, d.Xtr, d.ytr, {sampleWeight: "1" as unknown as number[]})).rejects.toThrow(/sampleWeight must be an array of numbers/);
    await expect(fitInWorker(new RandomForestRegressor({nEstimators: 2}), d.Xtr, d.ytr, {sampleWeight: bad.map(() => 1)})).rejects.toThrow(
      /a RandomForestRegressor takes no sampleWeight \(models that do: GradientBoostingRegressor, GradientBoostingClassifier\)/
    );
  });

  it("a forest grown in tree ranges (as several workers do) and merged is the same forest", () => {
    const spec = new RandomForestRegressor({nEstimators: 10, randomState: 7}).toJSON();
    const X = new Float64Array(d.Xtr.flat());
    const parts: ModelJSON[] = [];
    for (const range of [[0, 3], [3, 7], [7, 10]] as [number, number][]) {
      handleFitRequest({spec, X: X.slice().buffer, n: 600, p: 5, y: new Float64Array(d.ytr).buffer, fitOptions: {treeRange: range}}, (r) => {
        if (r.kind === "done") parts.push(r.model);
      });
    }
    expect(parts).toHaveLength(3);
    const merged = RandomForestRegressor.fromJSON(mergeForestJSON(parts));
    const whole = new RandomForestRegressor({nEstimators: 10, randomState: 7}).fit(d.Xtr, d.ytr);
    expect(merged.estimators).toHaveLength(10);
    expect(Array.from(merged.predict(d.Xte))).toEqual(Array.from(whole.predict(d.Xte)));
    merged.featureImportances!.forEach((v, j) => expect(v).toBeCloseTo(whole.featureImportances![j], 12));
    expect(() => new RandomForestRegressor({nEstimators: 10}).fit(d.Xtr, d.ytr, {treeRange: [5, 11]})).toThrow(/treeRange must be \[from, to\] with 0 <= from < to <= nEstimators \(10\)/);
  });

  it("rejects with the model's own error message", async () => {
    await expect(fitInWorker(new LogisticRegression(), d.Xtr, d.ytr.map(() => 1))).rejects.toThrow(/only one class/);
    await expect(fitInWorker(new LogisticRegression(), [[1], [2, 3]], [0, 1])).rejects.toThrow(/rows of different lengths/);
    await expect(fitInWorker({} as LogisticRegression, d.Xtr, d.ytr)).rejects.toThrow(/needs a library model or its JSON/);
    const ctl = new AbortController();
    ctl.abort();
    await expect(fitInWorker(new LogisticRegression(), d.Xtr, d.ytr, {signal: ctl.signal})).rejects.toThrow(/aborted/);
  });

  it("the worker's handler answers a request with progress messages and the fitted model's JSON", () => {
    const X = new Float64Array([0, 1, 2, 3, 4, 5, 6, 7]);
    const y = new Float64Array([0, 0, 1, 1]);
    const replies: FitReply[] = [];
    handleFitRequest({spec: new LogisticRegression().toJSON(), X: X.buffer, n: 4, p: 2, y: y.buffer}, (r) => replies.push(r));
    const last = replies[replies.length - 1];
    expect(last.kind).toBe("done");
    if (last.kind === "done") expect(last.model.type).toBe("LogisticRegression");
    // a forest's node arrays travel as typed arrays whose buffers are offered for transfer
    const forest: [FitReply, ArrayBuffer[] | undefined][] = [];
    const Xf = new Float64Array(d.Xtr.flat());
    handleFitRequest(
      {spec: new RandomForestRegressor({nEstimators: 3, randomState: 0}).toJSON(), X: Xf.buffer, n: 600, p: 5, y: new Float64Array(d.ytr).buffer},
      (r, transfer) => forest.push([r, transfer])
    );
    const [done, transfer] = forest[forest.length - 1];
    expect(done.kind).toBe("done");
    expect(transfer!.length).toBe(3 * 6);
    expect(new Set(transfer).size).toBe(transfer!.length);
    if (done.kind === "done") {
      const model = RandomForestRegressor.fromJSON(done.model);
      const direct = new RandomForestRegressor({nEstimators: 3, randomState: 0}).fit(d.Xtr, d.ytr);
      expect(Array.from(model.predict(d.Xte))).toEqual(Array.from(direct.predict(d.Xte)));
    }
    const bad: FitReply[] = [];
    handleFitRequest({spec: {...new LogisticRegression().toJSON(), type: "Nope"}, X: X.buffer, n: 4, p: 2, y: y.buffer}, (r) => bad.push(r));
    expect(bad[0]).toMatchObject({kind: "error", name: "LibraryInputError"});
    expect(bad[0].kind === "error" && bad[0].message).toMatch(/unknown model type "Nope"/);
  });
});

describe("fitInWorker with models that serialise their settings only before fit", () => {
  it("fits a LinearRegression (its toJSON used to throw before fit)", async () => {
    const {fitInWorker: fit} = await import("../../../src/lib/worker/fitInWorker.js");
    const {LinearRegression: LR} = await import("../../../src/lib/models/linear.js");
    const model = await fit<InstanceType<typeof LR>>(new LR(), [[1], [2], [3]], [2, 4, 6]);
    expect(Array.from(model.predict([[4]]))[0]).toBeCloseTo(8, 9);
  });
});
