// The churn drill's data: the process orderHistory documents, and the figures its doc comment quotes.
import {describe, expect, it} from "vitest";
import {orderHistory, LAPSE_DAYS, TIERS} from "../../../src/lib/data/orderHistory.js";
import {dayOf} from "../../../src/lib/time/days.js";
import {snapshotFeatures} from "../../../src/lib/time/snapshot.js";

const h = orderHistory();
const orders = h.orders.objects() as {order_id: number; customer_id: number; day: number; amount: number; discount: number}[];
const byCustomer = new Map<number, typeof orders>();
for (const o of orders) {
  if (!byCustomer.has(o.customer_id)) byCustomer.set(o.customer_id, []);
  byCustomer.get(o.customer_id)!.push(o);
}

/** Churn rate among the active customers (an order in the 90 days before, 2+ orders) of a month's first day. */
function churnRate(history: typeof h, month: string): number {
  const rows = snapshotFeatures(history.orders, dayOf(`${month}-01`), {today: history.today}).objects() as {orders_90: number; total_orders: number; churned: number}[];
  const active = rows.filter((r) => r.orders_90 >= 1 && r.total_orders >= 2);
  return active.reduce((s, r) => s + r.churned, 0) / active.length;
}

/** FNV-1a over every column's name and values, a table at a time: equal only when every value is. */
function fingerprint(history: typeof h): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of ["customers", "orders", "tiers", "profiles"] as const) {
    const t = history[name];
    let x = 0x811c9dc5;
    for (const c of t.columnNames()) for (const v of Array.from(t.array(c) as ArrayLike<unknown>)) for (const ch of `${c}:${v};`) x = Math.imul(x ^ ch.charCodeAt(0), 0x01000193) >>> 0;
    out[name] = x.toString(16).padStart(8, "0");
  }
  return out;
}

describe("orderHistory", () => {
  it("gives the same tables for a seed as it always has: the churn drill's story is told in these numbers", () => {
    // Fingerprints of the generator's output at b7eee50, before its columns were built faster (12-05): a change of
    // speed must not change one order, and a change of the data is a change of the drill (its story test too).
    expect(fingerprint(h)).toEqual({customers: "d2822d8e", orders: "abe96cba", tiers: "f8f5c8b6", profiles: "4484ac4f"});
    expect(fingerprint(orderHistory({customers: 300, seed: 7, shockDay: null}))).toEqual({customers: "81189496", orders: "970e56ef", tiers: "2b44ba3d", profiles: "450d256a"});
  });

  it("has the documented tables and columns", () => {
    expect(h.customers.columnNames()).toEqual(["customer_id", "signup_day", "signup_channel"]);
    expect(h.orders.columnNames()).toEqual(["order_id", "customer_id", "day", "amount", "discount"]);
    expect(h.tiers.columnNames()).toEqual(["customer_id", "valid_from", "tier"]);
    expect(h.profiles.columnNames()).toEqual(["customer_id", "signup_channel", "days_since_last_purchase", "total_orders", "lifetime_spend", "tier"]);
    expect(h.customers.numRows()).toBe(5000);
    expect(h.profiles.numRows()).toBe(5000);
    expect(h.today).toBe(dayOf("2026-01-01"));
    expect(h.shockDay).toBe(dayOf("2025-05-01"));
  });

  it("about 100,000 orders in time order, each customer's first on the signup day", () => {
    expect(orders.length).toBe(98_602); // the doc comment's figure
    for (let i = 1; i < orders.length; i++) expect(orders[i]!.day).toBeGreaterThanOrEqual(orders[i - 1]!.day);
    expect(orders.every((o, i) => o.order_id === i + 1 && o.amount > 1 && o.day >= 0 && o.day < h.today)).toBe(true);
    const signup = new Map((h.customers.objects() as {customer_id: number; signup_day: number}[]).map((c) => [c.customer_id, c.signup_day]));
    for (const [c, mine] of byCustomer) expect(mine[0]!.day).toBe(signup.get(c));
    expect(byCustomer.size).toBe(5000);
  });

  it("discounts: used on about a quarter of orders, and cheaper on average", () => {
    const withCode = orders.filter((o) => o.discount === 1);
    expect(withCode.length / orders.length).toBeGreaterThan(0.15);
    expect(withCode.length / orders.length).toBeLessThan(0.35);
    const mean = (list: typeof orders) => list.reduce((s, o) => s + o.amount, 0) / list.length;
    expect(mean(withCode)).toBeLessThan(mean(orders.filter((o) => o.discount === 0)));
  });

  it("today's profiles are the order log up to today", () => {
    for (const p of h.profiles.objects() as {customer_id: number; days_since_last_purchase: number; total_orders: number; lifetime_spend: number; tier: string}[]) {
      const mine = byCustomer.get(p.customer_id)!;
      expect(p.total_orders).toBe(mine.length);
      expect(p.days_since_last_purchase).toBe(h.today - mine[mine.length - 1]!.day);
      expect(p.lifetime_spend).toBeCloseTo(mine.reduce((s, o) => s + o.amount, 0), 6);
      expect(p.tier === "lapsed").toBe(p.days_since_last_purchase >= LAPSE_DAYS);
    }
  });

  it("the tier history: lapsed exactly from 90 idle days until the day after the next order, rows only on a change", () => {
    const rows = h.tiers.objects() as {customer_id: number; valid_from: number; tier: string}[];
    const mine = new Map<number, typeof rows>();
    for (const r of rows) {
      expect(TIERS).toContain(r.tier);
      if (!mine.has(r.customer_id)) mine.set(r.customer_id, []);
      mine.get(r.customer_id)!.push(r);
    }
    for (const [c, list] of [...mine].slice(0, 400)) {
      const days = byCustomer.get(c)!.map((o) => o.day);
      const tierOn = (d: number) => [...list].reverse().find((r) => r.valid_from <= d)?.tier;
      for (let k = 1; k < list.length; k++) {
        expect(list[k]!.valid_from).toBeGreaterThan(list[k - 1]!.valid_from);
        expect(list[k]!.tier).not.toBe(list[k - 1]!.tier);
      }
      for (let d = list[0]!.valid_from; d < h.today; d += 7) {
        const last = days.filter((x) => x < d).at(-1)!;
        expect(tierOn(d) === "lapsed", `customer ${c} on day ${d}`).toBe(d - last >= LAPSE_DAYS);
      }
    }
  });

  it("about 23 % of active customers churn before the competitor, about twice as many after", () => {
    const before = ["2024-07", "2024-10", "2025-01"].map((m) => churnRate(h, m));
    const after = ["2025-07", "2025-08", "2025-09"].map((m) => churnRate(h, m));
    for (const r of before) expect(r).toBeGreaterThan(0.2), expect(r).toBeLessThan(0.26);
    for (const r of after) expect(r).toBeGreaterThan(0.45), expect(r).toBeLessThan(0.55);
    const calm = orderHistory({shockDay: null});
    for (const m of ["2025-07", "2025-09"]) expect(churnRate(calm, m)).toBeLessThan(0.3);
  });

  it("is the same for the same seed, and refuses bad options in the student's terms", () => {
    const a = orderHistory({customers: 50, seed: 3});
    const b = orderHistory({customers: 50, seed: 3});
    expect(a.orders.objects()).toEqual(b.orders.objects());
    expect(orderHistory({customers: 50, seed: 4}).orders.objects()).not.toEqual(a.orders.objects());
    expect(() => orderHistory({customers: 0})).toThrow(/customers must be a whole number/);
    expect(() => orderHistory({shockDay: 2000})).toThrow(/shockDay must be a day number from 0 to 731/);
  });
});
