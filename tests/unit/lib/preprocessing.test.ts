import {describe, expect, it} from "vitest";
import {OneHotEncoder, PolynomialFeatures, StandardScaler} from "../../../src/lib/preprocessing.js";

describe("StandardScaler", () => {
  it("centres and scales with the population sd, constant columns keep scale 1, and inverts", () => {
    const X = [[1, 10, 5], [2, 20, 5], [3, 60, 5]];
    const s = new StandardScaler().fit(X);
    expect(s.mean).toEqual([2, 30, 5]);
    expect(s.scale![0]).toBeCloseTo(Math.sqrt(2 / 3), 12);
    expect(s.scale![2]).toBe(1);
    const Z = s.transform(X);
    expect(Z[0][0]).toBeCloseTo(-1 / Math.sqrt(2 / 3), 12);
    expect(Z.map((r) => r[2])).toEqual([0, 0, 0]);
    const back = s.inverseTransform(Z);
    back.forEach((r, i) => r.forEach((v, j) => expect(v).toBeCloseTo(X[i][j], 10)));
    expect(() => s.transform([[1, 2]])).toThrow(/fitted on 3 features but X has 2 columns/);
    expect(() => new StandardScaler().transform(X)).toThrow(/StandardScaler is not fitted yet/);
  });
});

describe("OneHotEncoder", () => {
  it("encodes a column of text with sorted categories and named outputs", () => {
    const enc = new OneHotEncoder().fit(["Standard", "Premium", "Enterprise", "Standard"]);
    expect(enc.categories).toEqual([["Enterprise", "Premium", "Standard"]]);
    expect(enc.transform(["Premium", "Standard"]).map((r) => [...r])).toEqual([[0, 1, 0], [0, 0, 1]]);
    expect(enc.getFeatureNamesOut(["segment"])).toEqual(["segment_Enterprise", "segment_Premium", "segment_Standard"]);
  });

  it("encodes several columns, can drop the first category, and handles unknown categories as asked", () => {
    const rows = [["a", "x"], ["b", "y"], ["c", "x"]];
    const enc = new OneHotEncoder({drop: "first"}).fit(rows);
    expect(enc.transform([["b", "y"]]).map((r) => [...r])).toEqual([[1, 0, 1]]);
    expect(enc.getFeatureNamesOut()).toEqual(["x0_b", "x0_c", "x1_y"]);
    expect(() => enc.transform([["d", "x"]])).toThrow(/unknown category "d" in column 0 \(row 0\); known: "a", "b", "c"/);
    const lenient = new OneHotEncoder({handleUnknown: "ignore"}).fit(rows);
    expect([...lenient.transform([["d", "x"]])[0]]).toEqual([0, 0, 0, 1, 0]);
    expect(() => new OneHotEncoder().fit(["a", null as unknown as string])).toThrow(/X\[1\] is null: fill missing categories/);
  });
});

describe("PolynomialFeatures", () => {
  it("orders columns as scikit-learn: 1, a, b, a^2, a b, b^2", () => {
    const pf = new PolynomialFeatures({degree: 2}).fit([[2, 3]]);
    expect([...pf.transform([[2, 3]])[0]]).toEqual([1, 2, 3, 4, 6, 9]);
    expect(pf.getFeatureNamesOut(["a", "b"])).toEqual(["1", "a", "b", "a^2", "a b", "b^2"]);
  });
  it("supports degree 3, interactionOnly and includeBias false", () => {
    const pf = new PolynomialFeatures({degree: 3, includeBias: false}).fit([[1, 1]]);
    expect(pf.getFeatureNamesOut(["a", "b"])).toEqual(["a", "b", "a^2", "a b", "b^2", "a^3", "a^2 b", "a b^2", "b^3"]);
    const io = new PolynomialFeatures({degree: 2, interactionOnly: true, includeBias: false}).fit([[2, 3, 5]]);
    expect([...io.transform([[2, 3, 5]])[0]]).toEqual([2, 3, 5, 6, 10, 15]);
    expect(() => new PolynomialFeatures({degree: -1})).toThrow(/degree must be a whole number >= 0/);
  });
});
