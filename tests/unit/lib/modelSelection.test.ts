import {describe, expect, it} from "vitest";
import {aq} from "../../../src/lib/table.js";
import {kFold, timeSeriesSplit, trainTestSplit, trainTestSplitIndices} from "../../../src/lib/selection/modelSelection.js";

describe("trainTestSplit", () => {
  const X = Array.from({length: 100}, (_, i) => [i, i * 2]);
  const y = Array.from({length: 100}, (_, i) => i);

  it("splits arrays in scikit-learn's order, sizes and test-size rounding (ceil)", () => {
    const [Xtr, Xte, ytr, yte] = trainTestSplit(X, y, {testSize: 0.25, randomState: 42});
    expect(Xtr.length).toBe(75);
    expect(Xte.length).toBe(25);
    expect(ytr.length).toBe(75);
    Xte.forEach((row, i) => expect(row[0]).toBe(yte[i])); // rows and targets stay aligned
    expect(new Set([...ytr, ...yte]).size).toBe(100);
    expect(trainTestSplit(X, {testSize: 0.333})[1].length).toBe(34);
    expect(trainTestSplit(X, {testSize: 10})[1].length).toBe(10);
  });

  it("is deterministic per randomState and splits extra arrays alike", () => {
    const a = trainTestSplitIndices(100, {randomState: 3});
    const b = trainTestSplitIndices(100, {randomState: 3});
    const c = trainTestSplitIndices(100, {randomState: 4});
    expect(a).toEqual(b);
    expect(a.test).not.toEqual(c.test);
    const seg = y.map((v) => `s${v}`);
    const [, Xte, , yte, , segTe] = trainTestSplit(X, y, seg, {randomState: 1});
    segTe.forEach((s, i) => expect(s).toBe(`s${yte[i]}`));
    expect(Xte.length).toBe(25);
  });

  it("keeps class shares with stratify", () => {
    const labels = y.map((v) => (v < 10 ? "rare" : "common"));
    const [, , , yte] = trainTestSplit(X, labels, {testSize: 0.2, randomState: 0, stratify: labels});
    expect(yte.filter((l) => l === "rare").length).toBe(2);
    expect(yte.length).toBe(20);
  });

  it("shuffle: false keeps order (last rows for testing)", () => {
    const [tr, te] = trainTestSplit(y, {testSize: 0.2, shuffle: false});
    expect(tr.slice(0, 3)).toEqual([0, 1, 2]);
    expect(te[0]).toBe(80);
  });

  it("splits an arquero table into [train, test], respecting filters", () => {
    const t = aq.table({id: Array.from({length: 50}, (_, i) => i), even: Array.from({length: 50}, (_, i) => i % 2 === 0)});
    const [train, test] = trainTestSplit(t, {testSize: 0.3, randomState: 42});
    expect(train.numRows()).toBe(35);
    expect(test.numRows()).toBe(15);
    const ids = [...(train.array("id") as number[]), ...(test.array("id") as number[])];
    expect(new Set(ids).size).toBe(50);
    const evens = t.filter((d: {even: boolean}) => d.even);
    const [etr, ete] = trainTestSplit(evens, {testSize: 0.2, randomState: 1});
    expect([...(etr.array("id") as number[]), ...(ete.array("id") as number[])].every((v) => v % 2 === 0)).toBe(true);
  });

  it("rejects bad sizes and mismatched arrays", () => {
    expect(() => trainTestSplit(X, y, {testSize: 1.5})).toThrow(/testSize=1.5 leaves no rows for training/);
    expect(() => trainTestSplit(X, y.slice(1))).toThrow(/argument 2 has 99 rows but the first has 100/);
    expect(() => trainTestSplit(X, y, {stratify: [1, 2]})).toThrow(/stratify has 2 labels but there are 100 rows/);
  });
});

describe("kFold and timeSeriesSplit", () => {
  it("kFold: every row tested once, first n % k folds one larger (scikit-learn)", () => {
    const folds = kFold(10, {nSplits: 3});
    expect(folds.map((f) => f.test.length)).toEqual([4, 3, 3]);
    expect([...folds[0].test]).toEqual([0, 1, 2, 3]);
    expect([...folds[1].train]).toEqual([0, 1, 2, 3, 7, 8, 9]);
    const all = folds.flatMap((f) => [...f.test]).sort((a, b) => a - b);
    expect(all).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const shuffled = kFold(10, {nSplits: 5, shuffle: true, randomState: 0});
    expect(shuffled.flatMap((f) => [...f.test]).sort((a, b) => a - b)).toEqual(all);
    expect(() => kFold(3, {nSplits: 5})).toThrow(/cannot make 5 folds from 3 rows/);
  });

  it("timeSeriesSplit: expanding windows as scikit-learn (n = 6, 5 splits)", () => {
    const splits = timeSeriesSplit(6, {nSplits: 5});
    expect(splits.map((s) => [...s.train])).toEqual([[0], [0, 1], [0, 1, 2], [0, 1, 2, 3], [0, 1, 2, 3, 4]]);
    expect(splits.map((s) => [...s.test])).toEqual([[1], [2], [3], [4], [5]]);
    const gap = timeSeriesSplit(10, {nSplits: 3, gap: 1});
    expect([...gap[0].train]).toEqual([0, 1, 2]);
    expect([...gap[0].test]).toEqual([4, 5]);
    expect(() => timeSeriesSplit(3, {nSplits: 5})).toThrow(/cannot make 5 splits/);
  });
});
