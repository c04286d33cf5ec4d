import {describe, expect, it} from "vitest";
import {KMeans} from "../../../src/lib/cluster/kmeans.js";
import {DummyRegressor, LinearRegression} from "../../../src/lib/models/linear.js";
import {loadableModelTypes, loadModel, saveModel} from "../../../src/lib/persist.js";
import {OneHotEncoder, PolynomialFeatures, StandardScaler} from "../../../src/lib/preprocessing.js";

const X = [[1, 2], [2, 1], [3, 5], [4, 4], [5, 8], [9, 1]];
const y = [3, 4, 9, 9, 14, 11];

describe("saveModel / loadModel round trips", () => {
  it("LinearRegression: same predictions, metadata kept, plain JSON", () => {
    const m = new LinearRegression().fit(X, y);
    const json = saveModel(m, {featureNames: ["tenure", "spend"], summary: {testR2: 0.8}});
    expect(json.type).toBe("LinearRegression");
    expect(json.meta.featureNames).toEqual(["tenure", "spend"]);
    expect(json.meta.summary).toMatchObject({nSamples: 6, nFeatures: 2, testR2: 0.8});
    expect(typeof json.meta.savedAt).toBe("string");
    const text = JSON.stringify(json);
    const back = loadModel(text) as LinearRegression;
    expect(back).toBeInstanceOf(LinearRegression);
    expect([...back.predict(X)]).toEqual([...m.predict(X)]);
    expect(back.featureNames).toEqual(["tenure", "spend"]);
  });

  it("DummyRegressor, KMeans, StandardScaler, OneHotEncoder and PolynomialFeatures", () => {
    const dummy = new DummyRegressor({strategy: "median"}).fit(X, y);
    expect([...(loadModel(saveModel(dummy)) as DummyRegressor).predict([[0, 0]])]).toEqual([...dummy.predict([[0, 0]])]);
    const km = new KMeans({nClusters: 2, randomState: 1}).fit(X);
    const km2 = loadModel(JSON.stringify(saveModel(km))) as KMeans;
    expect(km2.clusterCenters).toEqual(km.clusterCenters);
    expect([...km2.predict(X)]).toEqual([...km.predict(X)]);
    expect(km2.inertia).toBe(km.inertia);
    const sc = new StandardScaler().fit(X);
    expect((loadModel(saveModel(sc)) as StandardScaler).transform(X)).toEqual(sc.transform(X));
    const enc = new OneHotEncoder({handleUnknown: "ignore"}).fit(["a", "b"]);
    expect((loadModel(saveModel(enc)) as OneHotEncoder).transform(["b", "z"])).toEqual(enc.transform(["b", "z"]));
    const pf = new PolynomialFeatures({degree: 3, interactionOnly: true}).fit(X);
    expect((loadModel(saveModel(pf)) as PolynomialFeatures).transform(X)).toEqual(pf.transform(X));
  });

  it("saving needs a fitted model; feature names must match the feature count", () => {
    expect(() => saveModel(new LinearRegression())).toThrow(/not fitted/);
    expect(() => saveModel(new LinearRegression().fit(X, y), {featureNames: ["a"]})).toThrow(/1 feature names given but the model has 2 features/);
  });
});

describe("loadModel never runs code and explains bad files", () => {
  const good = () => saveModel(new LinearRegression().fit(X, y)) as unknown as Record<string, unknown>;

  it("rejects unknown types, including prototype names, listing what can be loaded", () => {
    for (const type of ["Pickle", "constructor", "__proto__", "toString"]) {
      expect(() => loadModel({...good(), type} as never)).toThrow(/unknown model type/);
    }
    expect(loadableModelTypes()).toContain("KMeans");
  });

  it("rejects text that is not JSON, a wrong format marker, and malformed state", () => {
    expect(() => loadModel("{not json")).toThrow(/not valid JSON/);
    expect(() => loadModel({...good(), format: "pickle"} as never)).toThrow(/not a Drillbook model file: format is invalid/);
    expect(() => loadModel({...good(), formatVersion: 2} as never)).toThrow(/formatVersion/);
    expect(() => loadModel({...good(), state: {coef: ["1"], intercept: 0, rank: 1}} as never)).toThrow(
      /cannot load LinearRegression: state.coef.0 is invalid/
    );
    expect(() => loadModel({...good(), state: {coef: [1, 2], intercept: "function(){}", rank: 2}} as never)).toThrow(
      /state.intercept is invalid/
    );
  });
});
