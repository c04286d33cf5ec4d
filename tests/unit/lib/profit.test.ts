// contactProfit: a retention campaign's profit at a threshold, counted by hand on small cases.
import {describe, expect, it} from "vitest";
import {contactProfit} from "../../../src/lib/metrics/profit.js";

describe("contactProfit", () => {
  const y = [1, 0, 1, 1, 0, 0];
  const p = [0.9, 0.8, 0.6, 0.3, 0.2, 0.1];
  const terms = {value: 100, saveRate: 0.5, cost: 10};

  it.each([
    // threshold, contacted, churners reached, profit = 50 × reached − 10 × contacted
    [0.95, 0, 0, 0],
    [0.9, 1, 1, 40],
    [0.6, 3, 2, 70],
    [0.3, 4, 3, 110],
    [0, 6, 3, 90]
  ])("at threshold %f: %i contacted, %i churners, profit %f", (threshold, contacted, reached, profit) => {
    expect(contactProfit(y, p, threshold, terms)).toEqual({threshold, contacted, churnersReached: reached, profit});
  });

  it("takes a value per customer", () => {
    expect(contactProfit(y, p, 0.5, {...terms, value: [200, 0, 20, 0, 0, 0]}).profit).toBe(100 + 10 - 30);
  });

  it("with calibrated probabilities, the break-even threshold cost / (value × saveRate) earns the most in expectation", () => {
    // probabilities that are right on average: 1,000 customers at each tenth, churning at that rate
    const probs: number[] = [];
    const labels: number[] = [];
    for (let k = 1; k < 10; k++) for (let i = 0; i < 1000; i++) {
      probs.push(k / 10);
      labels.push(i < k * 100 ? 1 : 0);
    }
    const profitAt = (t: number) => contactProfit(labels, probs, t, {value: 100, saveRate: 0.25, cost: 10}).profit;
    // 10 / (100 × 0.25) = 0.4: offers at p = 0.4 earn nothing (0.4 and 0.5 tie), every step away from it loses
    expect(profitAt(0.4)).toBe(profitAt(0.5));
    for (const t of [0.1, 0.2, 0.3, 0.6, 0.7]) expect(profitAt(t)).toBeLessThan(profitAt(0.4));
  });

  it("refuses bad input in the student's terms", () => {
    expect(() => contactProfit(y, p, 1.5, terms)).toThrow(/threshold must be a probability/);
    expect(() => contactProfit(y, [0.5, 2, 0, 0, 0, 0], 0.5, terms)).toThrow(/probs\[1\] is 2/);
    expect(() => contactProfit(y, p, 0.5, {...terms, saveRate: 30})).toThrow(/saveRate must be a share/);
    expect(() => contactProfit(y, p, 0.5, {...terms, value: [1, 2]})).toThrow(/value must be a number >= 0 or one number per customer \(6\)/);
  });
});
