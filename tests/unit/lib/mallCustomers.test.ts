import {describe, expect, it} from "vitest";
import {mallCustomers} from "../../../src/lib/data/mallCustomers.js";
import {numericColumn} from "../../../src/lib/table.js";

describe("mallCustomers", () => {
  it("income ~ Normal(60, 15) clipped to 15..140, spending score uniform in 1..100", () => {
    const t = mallCustomers({n: 20_000, seed: 1});
    expect(t.columnNames()).toEqual(["customer_id", "annual_income", "spending_score"]);
    const inc = numericColumn(t, "annual_income");
    const score = numericColumn(t, "spending_score");
    const mean = (v: Float64Array) => v.reduce((a, b) => a + b, 0) / v.length;
    expect(mean(inc)).toBeCloseTo(60, 0);
    const sd = Math.sqrt(inc.reduce((a, b) => a + (b - 60) ** 2, 0) / inc.length);
    expect(sd).toBeGreaterThan(14.5);
    expect(sd).toBeLessThan(15.5);
    expect(Math.min(...inc)).toBeGreaterThanOrEqual(15);
    expect(Math.max(...inc)).toBeLessThanOrEqual(140);
    expect(Math.min(...score)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...score)).toBeLessThan(100);
    expect(mean(score)).toBeCloseTo(50.5, 0);
  });
  it("defaults to 200 customers, seed 42, and is reproducible", () => {
    expect(mallCustomers().numRows()).toBe(200);
    expect(mallCustomers().objects()).toEqual(mallCustomers({n: 200, seed: 42}).objects());
    expect(() => mallCustomers({n: 2.5})).toThrow(/n must be a whole number/);
  });
});
