// The segment-rules drill's loyalty programme: customers with the feature store's fields, the churn they showed in
// the next 90 days, the shipped placeholder churn model's scores and the next-best-offer model's acceptance
// probabilities. Everything is drawn from the seed, so the student, the grader and the tests see the same numbers.
import {table, type ColumnTable} from "arquero";
import {columnValues} from "../columnValues.js";
import {LogisticRegression} from "../models/logistic.js";
import {makeRandom} from "../random.js";
import {checkN, type GeneratorOptions} from "./mallCustomers.js";

/** The next-best-offer model's offers, in its output order. */
export const OFFERS = ["offer_1", "offer_2", "offer_3", "offer_4", "offer_5", "offer_6", "offer_7", "offer_8"] as const;

/** The features the churn models read, in the order of `loyaltyFeatures`' columns. */
export const LOYALTY_FEATURES = [
  "tenure_days",
  "days_since_last_purchase",
  "never_bought",
  "orders_90d",
  "avg_order_value",
  "log_total_revenue",
  "active_products_count",
  "is_vip",
  "is_inactive"
] as const;

/** Days since last purchase given to the models for customers who never bought (longer than anyone's tenure). */
const NEVER_BOUGHT_DAYS = 2500;

/** The days of history: the oldest customer joined about six years ago. */
const HISTORY_DAYS = 2190;

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const cents = (v: number) => Math.round(v * 100) / 100;

/**
 * The churn models' feature matrix, one row per customer in `LOYALTY_FEATURES` order: a customer who never bought
 * gets 2,500 (longer than anyone's tenure) for the days since the last purchase and 1 in `never_bought`; revenue enters as
 * log(1 + revenue); status as two 0/1 columns.
 */
export function loyaltyFeatures(customers: ColumnTable): number[][] {
  const tenure = columnValues(customers, "tenure_days") as ArrayLike<number>;
  const days = columnValues(customers, "days_since_last_purchase") as ArrayLike<number | null>;
  const orders = columnValues(customers, "orders_90d") as ArrayLike<number>;
  const aov = columnValues(customers, "avg_order_value") as ArrayLike<number>;
  const revenue = columnValues(customers, "total_revenue") as ArrayLike<number>;
  const products = columnValues(customers, "active_products_count") as ArrayLike<number>;
  const status = columnValues(customers, "customer_status") as ArrayLike<string>;
  const rows: number[][] = [];
  for (let i = 0; i < customers.numRows(); i++) {
    const never = days[i] === null;
    rows.push([
      tenure[i]!,
      never ? NEVER_BOUGHT_DAYS : days[i]!,
      never ? 1 : 0,
      orders[i]!,
      aov[i]!,
      Math.log1p(revenue[i]!),
      products[i]!,
      status[i] === "vip" ? 1 : 0,
      status[i] === "inactive" ? 1 : 0
    ]);
  }
  return rows;
}

/**
 * The shipped churn model, as the placeholder script made it: a logistic model fitted to 100 rows of random
 * features with random labels (so its weights say nothing about churn), applied to the customers' standardised
 * features. Returns P(churn) per customer, to 4 decimals.
 *
 * Over random labels the expected AUC of such a model is 0.5, but any one draw of weights on features that do
 * predict churn lands somewhere else: over the sub-seeds "42:placeholder0" to "42:placeholder60" the AUC ranged
 * from 0.23 to 0.72. The sub-seed "placeholder20" is the one the drill uses (AUC 0.47 with seed 42), picked among
 * those within 0.04 of 0.5.
 */
function placeholderScores(X: number[][], seed: number | string): Float64Array {
  const rng = makeRandom(`${seed}:placeholder20`);
  const n = X.length;
  const p = X[0]!.length;
  const dummyX = Array.from({length: 100}, () => Array.from({length: p}, () => rng.normal()));
  const dummyY = Array.from({length: 100}, () => rng.bernoulli(0.45));
  const model = new LogisticRegression({C: 1}).fit(dummyX, dummyY);
  const mean = new Float64Array(p);
  const sd = new Float64Array(p);
  for (const row of X) for (let j = 0; j < p; j++) mean[j] += row[j]! / n;
  for (const row of X) for (let j = 0; j < p; j++) sd[j] += (row[j]! - mean[j]!) ** 2 / n;
  // Standardised rows as views of one buffer: measured on a cold open of the segment-rules drill, the row-by-row
  // arrays this replaced (20,000 of them, then packed again by predictProba) cost ~60 ms, mostly garbage collection.
  const Z = new Float64Array(n * p);
  const rows = new Array<Float64Array>(n);
  for (let i = 0; i < n; i++) {
    const row = X[i]!;
    for (let j = 0; j < p; j++) Z[i * p + j] = sd[j]! > 0 ? (row[j]! - mean[j]!) / Math.sqrt(sd[j]!) : 0;
    rows[i] = Z.subarray(i * p, i * p + p);
  }
  return model.predictProba(rows).map((v) => Math.round(v * 1e4) / 1e4);
}

/**
 * Loyalty-programme customers (default n = 20,000, seed 42), one row each, in the order they joined:
 *
 * - `customer_id` 1..n in join order, so the lowest ids are the oldest customers; `tenure_days` falls with the id
 *   (the programme grew: more customers joined recently);
 * - a hidden engagement drives everything else. `never` bought: more likely for new customers (about 7 % overall);
 *   their `days_since_last_purchase` is null, their `orders_90d`, `total_revenue`, `avg_order_value` and
 *   `active_products_count` are 0. Buyers have `days_since_last_purchase` 0 (bought today, about 2 %) and up, never
 *   more than their tenure;
 * - `customer_status`: "vip" for a fifth of the top-revenue buyers, "inactive" after 180 days without a purchase or
 *   never having bought in 60 days, otherwise "active";
 * - `churned_90d`: whether the customer left in the 90 days after the snapshot (1) or not (0), drawn from a
 *   logistic model of engagement, recency, tenure and products (about 16 % overall; new and never-bought customers
 *   churn most, the oldest least);
 * - `churn_score`: what the shipped churn model serves, the placeholder fitted to random data (see
 *   `placeholderScores`): it has nothing to do with churn;
 * - `offer_1` … `offer_8`: the next-best-offer model's probability that the customer accepts each offer if sent it.
 *   Most offers are accepted by about one in ten customers alike; offer_5 (a premium bundle) by many of the
 *   multi-product customers and few others.
 */
export function loyaltyCustomers({n = 20000, seed = 42}: GeneratorOptions = {}): ColumnTable {
  checkN(n, "loyaltyCustomers");
  const rng = makeRandom(seed);
  const id = new Int32Array(n);
  const tenure = new Int32Array(n);
  const status = new Array<string>(n);
  const revenue = new Float64Array(n);
  const products = new Int32Array(n);
  const days = new Array<number | null>(n);
  const orders = new Int32Array(n);
  const aov = new Float64Array(n);
  const churned = new Int32Array(n);
  const offers = OFFERS.map(() => new Float64Array(n));
  const offerBase = [0.09, 0.1, 0.12, 0.08, 0.03, 0.07, 0.1, 0.06];
  for (let i = 0; i < n; i++) {
    // join order: the sign-up rate grew, so tenure falls fast for the last ids
    const joined = (i + 0.5) / n;
    const t = Math.max(1, Math.round(HISTORY_DAYS * (1 - joined ** 0.6)) + rng.integer(0, 2));
    const engagement = rng.normal() + 0.25 * Math.log1p(t / 365);
    const never = rng.random() < 0.03 + 0.35 * Math.exp(-t / 45);
    let d: number | null = null;
    let o = 0;
    let v = 0;
    let rev = 0;
    let prod = 0;
    if (!never) {
      o = rng.poisson(Math.exp(0.4 + 0.6 * engagement));
      if (o > 0) d = Math.min(89, Math.floor(rng.gamma(1, 40 / (1 + 0.25 * o))));
      else d = 90 + Math.floor(rng.gamma(1.5, 120));
      d = Math.min(d, t - 1 >= 0 ? t - 1 : 0);
      v = cents(rng.logNormal(4.0 + 0.15 * engagement, 0.45));
      const lifetimeOrders = Math.max(1, Math.round(rng.gamma(2, (Math.exp(0.3 + 0.6 * engagement) * t) / 180)));
      rev = cents(lifetimeOrders * v);
      prod = Math.min(6, Math.max(1, rng.poisson(Math.exp(0.5 + 0.35 * engagement))));
    }
    let s = "active";
    if (never ? t > 60 : d! > 180) s = "inactive";
    else if (rev > 3000 && rng.random() < 0.6) s = "vip";
    const recency = never ? 3 : Math.min(d!, 365) / 90;
    const logit =
      -1.75 - 0.55 * engagement + 0.75 * recency + (never ? 0.6 : 0) - 0.22 * prod - 0.35 * Math.log1p(t / 180) + (s === "vip" ? -0.4 : 0);
    id[i] = i + 1;
    tenure[i] = t;
    status[i] = s;
    revenue[i] = rev;
    products[i] = prod;
    days[i] = d;
    orders[i] = o;
    aov[i] = v;
    churned[i] = rng.bernoulli(sigmoid(logit));
    for (let k = 0; k < OFFERS.length; k++) {
      let p = offerBase[k]! * Math.exp(0.15 * rng.normal());
      if (k === 4 && prod >= 3) p = 0.35 + 0.25 * rng.random(); // the premium bundle: wanted by multi-product customers
      offers[k]![i] = Math.round(Math.min(p, 0.95) * 1e4) / 1e4;
    }
  }
  const columns: Record<string, ArrayLike<unknown>> = {
    customer_id: id,
    customer_status: status,
    tenure_days: tenure,
    total_revenue: revenue,
    active_products_count: products,
    days_since_last_purchase: days,
    orders_90d: orders,
    avg_order_value: aov,
    churned_90d: churned
  };
  const customers = table(columns);
  const scores = placeholderScores(loyaltyFeatures(customers), seed);
  const withScores: Record<string, ArrayLike<unknown>> = {...columns, churn_score: scores};
  OFFERS.forEach((name, k) => (withScores[name] = offers[k]!));
  return table(withScores);
}

/**
 * The marketing team's segments, as the visual rule builder stored them (JSONLogic). "Recently active" is stored
 * as marketing wrote it, `days_since_last_purchase < 30`, which also lets in customers who never bought: JSONLogic
 * compares null as 0.
 */
export const LOYALTY_SEGMENTS: ReadonlyArray<{readonly name: string; readonly rule: Record<string, unknown>}> = deepFreeze([
  {
    name: "High Value Customers",
    rule: {
      and: [
        {">": [{var: "active_products_count"}, 2]},
        {"==": [{var: "customer_status"}, "active"]},
        {">": [{var: "total_revenue"}, 200]}
      ]
    }
  },
  {name: "Recently active", rule: {"<": [{var: "days_since_last_purchase"}, 30]}},
  {name: "At risk", rule: {">": [{var: "days_since_last_purchase"}, 90]}},
  {name: "VIP", rule: {in: [{var: "customer_status"}, ["vip"]]}},
  {name: "New customers", rule: {"<": [{var: "tenure_days"}, 90]}},
  {name: "Single product", rule: {"==": [{var: "active_products_count"}, 1]}}
]);

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
