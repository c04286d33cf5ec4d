import {describe, expect, it} from "vitest";
import {LibraryInputError} from "../../../src/lib/base.js";
import {makeRandom} from "../../../src/lib/random.js";

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const variance = (xs: number[]) => {
  const m = mean(xs);
  return xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length;
};
const draw = (n: number, f: () => number) => Array.from({length: n}, f);

describe("makeRandom", () => {
  it("gives the same numbers for the same seed, and different ones for another seed", () => {
    const a = makeRandom(42);
    const b = makeRandom(42);
    const c = makeRandom(43);
    const seqA = draw(50, () => a.normal() + a.poisson(3) + a.gamma(2, 1) + a.uniform());
    const seqB = draw(50, () => b.normal() + b.poisson(3) + b.gamma(2, 1) + b.uniform());
    const seqC = draw(50, () => c.normal() + c.poisson(3) + c.gamma(2, 1) + c.uniform());
    expect(seqA).toEqual(seqB);
    expect(seqA).not.toEqual(seqC);
    expect(makeRandom("drill-7").shuffle([1, 2, 3, 4, 5, 6])).toEqual(makeRandom("drill-7").shuffle([1, 2, 3, 4, 5, 6]));
  });

  it("pins the stream (Alea): a change of generator would silently change every drill's data", () => {
    const r = makeRandom(42);
    const first = draw(3, r.random);
    const again = makeRandom(42);
    expect(draw(3, again.random)).toEqual(first);
    // seedrandom.alea("42") – values checked once and frozen here
    expect(first.map((v) => v.toFixed(12))).toEqual(ALEA_42);
  });

  it("draws from the right distributions (means and variances)", () => {
    const r = makeRandom(1);
    const n = 40_000;
    const u = draw(n, () => r.uniform(2, 6));
    expect(mean(u)).toBeCloseTo(4, 1);
    expect(Math.min(...u)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...u)).toBeLessThan(6);
    const z = draw(n, () => r.normal(10, 3));
    expect(mean(z)).toBeCloseTo(10, 1);
    expect(Math.sqrt(variance(z))).toBeCloseTo(3, 1);
    for (const lambda of [0.5, 4, 30, 200]) {
      const p = draw(n, () => r.poisson(lambda));
      expect(p.every((v) => Number.isInteger(v) && v >= 0)).toBe(true);
      expect(Math.abs(mean(p) - lambda)).toBeLessThan(4 * Math.sqrt(lambda / n) + 1e-9);
      expect(variance(p) / lambda).toBeGreaterThan(0.95);
      expect(variance(p) / lambda).toBeLessThan(1.05);
    }
    for (const [shape, scale] of [[0.5, 2], [2, 3], [9, 0.5]]) {
      const g = draw(n, () => r.gamma(shape, scale));
      expect(Math.abs(mean(g) / (shape * scale) - 1)).toBeLessThan(0.03);
      expect(Math.abs(variance(g) / (shape * scale * scale) - 1)).toBeLessThan(0.08);
    }
    const ln = draw(n, () => Math.log(r.logNormal(1, 0.5)));
    expect(mean(ln)).toBeCloseTo(1, 1);
    expect(Math.sqrt(variance(ln))).toBeCloseTo(0.5, 1);
    const b = draw(n, () => r.bernoulli(0.3));
    expect(mean(b)).toBeCloseTo(0.3, 1);
    expect(new Set(b)).toEqual(new Set([0, 1]));
  });

  it("chooses with weights, shuffles without losing items, and draws whole numbers in range", () => {
    const r = makeRandom(5);
    const picks = draw(30_000, () => ["a", "b", "c"].indexOf(r.choice(["a", "b", "c"], [0.7, 0.2, 0.1])));
    expect(picks.filter((v) => v === 0).length / picks.length).toBeCloseTo(0.7, 1);
    expect(picks.filter((v) => v === 2).length / picks.length).toBeCloseTo(0.1, 1);
    const items = [1, 2, 3, 4, 5, 6, 7, 8];
    const s = r.shuffle(items);
    expect([...s].sort()).toEqual(items);
    expect(items).toEqual([1, 2, 3, 4, 5, 6, 7, 8]); // input untouched
    const ints = draw(5000, () => r.integer(3, 5));
    expect(new Set(ints)).toEqual(new Set([3, 4, 5]));
    expect([...r.permutation(10)].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("rejects bad parameters with a message saying what was expected", () => {
    const r = makeRandom(0);
    expect(() => r.poisson(-1)).toThrow(/non-negative/);
    expect(() => r.gamma(0)).toThrow(/gamma shape must be a positive number/);
    expect(() => r.bernoulli(1.5)).toThrow(/between 0 and 1/);
    expect(() => r.choice([])).toThrow(LibraryInputError);
    expect(() => r.choice(["a", "b"], [1])).toThrow(/2 items but 1 weights/);
    expect(() => r.integer(5, 1)).toThrow(/a <= b/);
    expect(() => makeRandom(NaN)).toThrow(/finite/);
  });
});

const ALEA_42 = ["0.684863496339", "0.546324467752", "0.845593318576"];
