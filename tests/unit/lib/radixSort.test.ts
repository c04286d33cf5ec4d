// The radix argsort behind binning, and binning in one pass (fitTransformBins) against fitBins + transformBins.
import {describe, expect, it} from "vitest";
import {BINNING_SUBSAMPLE, fitBins, fitTransformBins, transformBins} from "../../../src/lib/trees/binning.js";
import {RadixSorter} from "../../../src/lib/trees/radixSort.js";
import {mulberry32} from "./modelData.js";

describe("RadixSorter", () => {
  const r = mulberry32(11);
  const cases: Record<string, number[]> = {
    "uniform": Array.from({length: 5000}, () => r() * 10 - 5),
    "few values, many ties": Array.from({length: 3000}, () => Math.floor(r() * 7) - 3),
    "signed zeros and extremes": [0, -0, 1e-310, -1e-310, Number.MAX_VALUE, -Number.MAX_VALUE, 5e-324, -5e-324, 1, -1, 0, -0, 2 ** 60, -(2 ** 60)],
    "large integers (differ in the low word)": Array.from({length: 2000}, () => 1e12 + Math.floor(r() * 1e6)),
    "one value": Array.from({length: 100}, () => 3.5),
    "sorted already": Array.from({length: 1000}, (_, i) => i / 7),
    "reversed": Array.from({length: 1000}, (_, i) => -i / 7)
  };
  it.each(Object.entries(cases))("%s: the order of Float64Array.prototype.sort, stable, with where each came from", (_, list) => {
    const values = Float64Array.from(list);
    const n = values.length;
    const sorted = new Float64Array(n);
    const order = new Uint32Array(n);
    new RadixSorter(n + 5).sort(values, n, sorted, order);
    const expected = Float64Array.from(values).sort();
    // Object.is tells -0 from 0: the native sort puts -0 first, so must this
    for (let k = 0; k < n; k++) expect(Object.is(sorted[k], expected[k]), `position ${k}`).toBe(true);
    for (let k = 0; k < n; k++) expect(Object.is(values[order[k]], sorted[k])).toBe(true);
    for (let k = 1; k < n; k++) if (Object.is(sorted[k], sorted[k - 1])) expect(order[k]).toBeGreaterThan(order[k - 1]);
    expect(new Set(order).size).toBe(n);
  });
});

describe("fitTransformBins", () => {
  it("gives the cuts and bins of fitBins then transformBins", () => {
    const r = mulberry32(5);
    const n = 4000;
    const p = 4;
    const data = new Float64Array(n * p);
    for (let i = 0; i < n; i++) {
      data[i * p] = r() * 100 - 50; // more distinct values than bins: quantile cuts
      data[i * p + 1] = Math.floor(r() * 30); // one bin per value
      data[i * p + 2] = Math.round(r() * 1000) / 10;
      data[i * p + 3] = -r() * 1e-8;
    }
    for (const maxBins of [255, 16, 2]) {
      const mapper = fitBins(data, n, p, maxBins);
      const both = fitTransformBins(data, n, p, maxBins);
      expect(both.cuts.map((c) => Array.from(c))).toEqual(mapper.cuts.map((c) => Array.from(c)));
      expect(Array.from(both.nBins)).toEqual(Array.from(mapper.nBins));
      expect(Array.from(both.binned)).toEqual(Array.from(transformBins(mapper, data, n, p)));
    }
    expect(() => fitTransformBins(data, n, p, 300)).toThrow(/maxBins must be a whole number from 2 to 255/);
    expect(BINNING_SUBSAMPLE).toBe(200_000);
  });
});
