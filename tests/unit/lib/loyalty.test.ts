// The loyalty generator: fields as the feature store has them, nulls for customers who never bought, ids in join
// order, and the shipped placeholder scores that know nothing of churn.
import {describe, expect, it} from "vitest";
import {loyaltyCustomers, loyaltyFeatures, LOYALTY_FEATURES, LOYALTY_SEGMENTS, OFFERS} from "../../../src/lib/data/loyalty.js";
import {rocAucScore} from "../../../src/lib/metrics/classification.js";

const customers = loyaltyCustomers();
const col = <T>(name: string) => Array.from(customers.array(name) as ArrayLike<T>);
const mean = (a: number[]) => a.reduce((s, x) => s + x, 0) / a.length;

describe("loyaltyCustomers", () => {
  it("20,000 customers with the feature store's fields, the outcome, the shipped score and eight offers", () => {
    expect(customers.numRows()).toBe(20000);
    expect(customers.columnNames()).toEqual([
      "customer_id", "customer_status", "tenure_days", "total_revenue", "active_products_count", "days_since_last_purchase",
      "orders_90d", "avg_order_value", "churned_90d", "churn_score", ...OFFERS
    ]);
  });

  it("is the same for the same seed and differs for another", () => {
    const again = loyaltyCustomers();
    expect(col<number>("total_revenue")).toEqual(Array.from(again.array("total_revenue") as ArrayLike<number>));
    const other = loyaltyCustomers({n: 500, seed: 7});
    expect(other.numRows()).toBe(500);
    expect(Array.from(other.array("total_revenue") as ArrayLike<number>).slice(0, 50)).not.toEqual(col<number>("total_revenue").slice(0, 50));
  });

  it("ids are in join order: tenure never rises with the id, so the first 1,000 are the oldest customers", () => {
    const id = col<number>("customer_id");
    const tenure = col<number>("tenure_days");
    expect(id).toEqual(Array.from({length: 20000}, (_, i) => i + 1));
    const first = tenure.slice(0, 1000);
    const rest = tenure.slice(1000);
    expect(Math.min(...first)).toBeGreaterThan(Math.max(...rest) - 3); // ±2 days of jitter
    expect(Math.min(...first)).toBeGreaterThan(5 * 365);
  });

  it("customers who never bought have a null recency and zeros elsewhere; some buyers bought today (0 days)", () => {
    const days = col<number | null>("days_since_last_purchase");
    const never = days.map((d, i) => (d === null ? i : -1)).filter((i) => i >= 0);
    expect(never.length / days.length).toBeGreaterThan(0.03);
    expect(never.length / days.length).toBeLessThan(0.06);
    for (const name of ["total_revenue", "orders_90d", "avg_order_value", "active_products_count"]) {
      const v = col<number>(name);
      expect(never.every((i) => v[i] === 0), name).toBe(true);
    }
    const day0 = days.filter((d) => d === 0).length;
    expect(day0).toBeGreaterThan(300);
    expect(day0).toBeLessThan(1000);
    const tenure = col<number>("tenure_days");
    expect(days.every((d, i) => d === null || (Number.isInteger(d) && d >= 0 && d <= tenure[i]!))).toBe(true);
  });

  it("about 16 % churn in 90 days; the oldest customers churn less, never-bought ones more", () => {
    const y = col<number>("churned_90d");
    expect(mean(y)).toBeGreaterThan(0.14);
    expect(mean(y)).toBeLessThan(0.18);
    expect(mean(y.slice(0, 1000))).toBeLessThan(0.8 * mean(y));
    const days = col<number | null>("days_since_last_purchase");
    expect(mean(y.filter((_, i) => days[i] === null))).toBeGreaterThan(2 * mean(y));
  });

  it("the shipped churn_score is the placeholder: AUC within 0.05 of 0.5", () => {
    const auc = rocAucScore(col<number>("churned_90d"), col<number>("churn_score"));
    expect(Math.abs(auc - 0.5)).toBeLessThan(0.05);
  });

  it("offer probabilities lie in [0, 1]; offer_5 is wanted by multi-product customers", () => {
    for (const o of OFFERS) expect(col<number>(o).every((p) => p >= 0 && p <= 1)).toBe(true);
    const products = col<number>("active_products_count");
    const p5 = col<number>("offer_5");
    expect(mean(p5.filter((_, i) => products[i]! >= 3))).toBeGreaterThan(0.3);
    expect(mean(p5.filter((_, i) => products[i]! < 3))).toBeLessThan(0.05);
  });

  it("loyaltyFeatures: one row of LOYALTY_FEATURES per customer, never-bought customers flagged", () => {
    const X = loyaltyFeatures(customers);
    expect(X).toHaveLength(20000);
    expect(X[0]).toHaveLength(LOYALTY_FEATURES.length);
    expect(X.every((r) => r.every(Number.isFinite))).toBe(true);
    const days = col<number | null>("days_since_last_purchase");
    const j = LOYALTY_FEATURES.indexOf("never_bought");
    expect(X.every((r, i) => r[j] === (days[i] === null ? 1 : 0))).toBe(true);
  });

  it("LOYALTY_SEGMENTS: the six stored rules, frozen", () => {
    expect(LOYALTY_SEGMENTS.map((s) => s.name)).toEqual(["High Value Customers", "Recently active", "At risk", "VIP", "New customers", "Single product"]);
    expect(Object.isFrozen(LOYALTY_SEGMENTS[1]!.rule)).toBe(true);
    expect(() => ((LOYALTY_SEGMENTS[1]!.rule as Record<string, unknown>)["<"] = 1)).toThrow();
  });
});
