// gainsTable, counted by hand on small cases.
import {describe, expect, it} from "vitest";
import {gainsTable} from "../../../src/lib/metrics/gains.js";

describe("gainsTable", () => {
  it("cuts the ranking into groups and counts the positives of each", () => {
    // 10 rows, 4 positives; labels by score, highest first: 1 1 1 0 0 | 0 0 0 0 1
    const y = [1, 1, 0, 1, 0, 0, 0, 0, 1, 0];
    const s = [0.1, 0.9, 0.5, 0.95, 0.3, 0.7, 0.6, 0.2, 0.8, 0.4];
    const [top, bottom] = gainsTable(y, s, {nGroups: 2});
    expect(top).toMatchObject({group: 1, count: 5, positives: 3, rate: 0.6, cumulativeShare: 0.5, cumulativeGain: 0.75});
    expect(top!.lift).toBeCloseTo(1.5, 12); // 0.6 against 0.4 overall
    expect(top!.cumulativeLift).toBeCloseTo(1.5, 12);
    expect(bottom).toMatchObject({group: 2, count: 5, positives: 1, rate: 0.2, cumulativeShare: 1, cumulativeGain: 1, cumulativeLift: 1});
    expect(bottom!.lift).toBeCloseTo(0.5, 12);
  });

  it("gives the first n % nGroups groups one more row; the last group's cumulative gain is 1", () => {
    const rows = gainsTable(Array.from({length: 23}, (_, i) => i % 2), Array.from({length: 23}, (_, i) => i), {nGroups: 10});
    expect(rows.map((r) => r.count)).toEqual([3, 3, 3, 2, 2, 2, 2, 2, 2, 2]);
    expect(rows.at(-1)!.cumulativeGain).toBe(1);
  });

  it("refuses labels without positives and too many groups", () => {
    expect(() => gainsTable([0, 0], [1, 2], {nGroups: 2})).toThrow(/no positive/);
    expect(() => gainsTable([0, 1], [1, 2], {nGroups: 3})).toThrow(/nGroups must be a whole number from 1 to the number of rows \(2\)/);
  });
});
