// The "drillbook" module that cells import: the core names are there and work together.
import {describe, expect, it} from "vitest";
import * as lib from "../../../src/lib/index.js";

describe("drillbook barrel", () => {
  it("exports the core library", () => {
    for (const name of [
      "makeRandom", "aq", "toMatrix", "column", "hiddenSegments", "mallCustomers", "sessions", "trainTestSplit", "kFold",
      "timeSeriesSplit", "StandardScaler", "OneHotEncoder", "PolynomialFeatures", "LinearRegression", "DummyRegressor",
      "KMeans", "elbowCurve", "inertia", "silhouetteScore", "meanAbsoluteError", "meanSquaredError", "rootMeanSquaredError",
      "r2Score", "meanAbsolutePercentageError", "segmentReport", "saveModel", "loadModel", "LibraryInputError"
    ]) {
      expect(lib, name).toHaveProperty(name);
    }
  });
  it("a cell's typical flow runs end to end", () => {
    const t = lib.mallCustomers({n: 200, seed: 42});
    const X = lib.toMatrix(t, ["annual_income", "spending_score"]);
    const km = new lib.KMeans({nClusters: 5, randomState: 42}).fit(X);
    const again = lib.loadModel(JSON.stringify(lib.saveModel(km))) as lib.KMeans;
    expect([...again.predict(X)]).toEqual([...km.labels!]);
    expect(lib.silhouetteScore(X, km.labels!)).toBeGreaterThan(0.2);
  });
});
