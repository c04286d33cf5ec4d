// Point-in-time features: what was known about each customer on a cutoff day, from the order log alone, and what
// happened in the days after it (the labels). Features read only orders before the cutoff (day < cutoff); labels
// only orders from the cutoff on (cutoff <= day < cutoff + window).
import {table, type ColumnTable} from "arquero";
import {LibraryInputError, describe} from "../base.js";
import {isTable} from "../table.js";
import {columnValues} from "../columnValues.js";

export interface SnapshotOptions {
  /** Days of history the windowed features look back over (default 180). */
  observationDays?: number;
  /** Days after the cutoff the churn label looks at (default 90): churned = no order in them. */
  labelDays?: number;
  /** Days after the cutoff the value label sums (default 365): `spend_next_365`. */
  valueDays?: number;
  /** The first day not in the log (default: the day after its last order). A label whose window reaches past it is null. */
  today?: number;
}

/** The feature columns `snapshotFeatures` computes, in order. */
export const SNAPSHOT_FEATURES = [
  "recency_days",
  "orders_30",
  "orders_90",
  "orders_180",
  "spend_180",
  "avg_order_value",
  "discount_share",
  "total_orders",
  "tenure_days"
] as const;

interface OrderLog {
  customer: Int32Array;
  day: Float64Array;
  amount: Float64Array;
  discount: Float64Array;
  /** Row indices sorted by customer, then day. */
  byCustomer: Int32Array;
  /** Where each customer's run of byCustomer starts, and byCustomer.length last: customer g is [starts[g], starts[g + 1]). */
  starts: Int32Array;
  lastDay: number;
}

const logs = new WeakMap<object, OrderLog>();

function readLog(orders: ColumnTable, fn: string): OrderLog {
  if (!isTable(orders)) throw new LibraryInputError(`${fn}: orders must be the order log table (orderHistory().orders), got ${describe(orders)}`);
  const cached = logs.get(orders);
  if (cached) return cached;
  for (const c of ["customer_id", "day", "amount", "discount"]) {
    if (!orders.columnNames().includes(c)) {
      throw new LibraryInputError(`${fn}: the order log has no column "${c}" (it has ${orders.columnNames().join(", ")})`);
    }
  }
  const n = orders.numRows();
  const num = (name: string): Float64Array => {
    const values = columnValues(orders, name);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (typeof v !== "number" || !Number.isFinite(v)) {
        throw new LibraryInputError(`${fn}: the order log's "${name}" at row ${i} is ${describe(v)}: every order needs a number there`);
      }
      out[i] = v;
    }
    return out;
  };
  const customer = Int32Array.from(num("customer_id"));
  const day = num("day");
  const byCustomer = sortByCustomerThenDay(customer, day);
  let lastDay = -Infinity;
  for (let i = 0; i < n; i++) lastDay = Math.max(lastDay, day[i]);
  const log = {customer, day, amount: num("amount"), discount: num("discount"), byCustomer, starts: customerStarts(customer, byCustomer), lastDay};
  logs.set(orders, log);
  return log;
}

/**
 * Row indices sorted by customer, then day. An order log is usually in time order: then a stable counting sort by
 * customer is enough (measured on the churn drill's 98,602 orders: 3 ms, against 100 ms for a comparison sort, which
 * remains the way for a log out of order or with far-apart customer ids).
 */
function sortByCustomerThenDay(customer: Int32Array, day: Float64Array): Int32Array {
  const n = customer.length;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    if (customer[i]! < lo) lo = customer[i]!;
    if (customer[i]! > hi) hi = customer[i]!;
  }
  if (n > 0 && hi - lo <= 4 * n) {
    const start = new Int32Array(hi - lo + 2);
    for (let i = 0; i < n; i++) start[customer[i]! - lo + 1]!++;
    for (let k = 1; k < start.length; k++) start[k]! += start[k - 1]!;
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[start[customer[i]! - lo]!++] = i;
    let inOrder = true;
    for (let k = 1; k < n && inOrder; k++) inOrder = customer[out[k]!] !== customer[out[k - 1]!] || day[out[k]!]! >= day[out[k - 1]!]!;
    if (inOrder) return out;
  }
  return Int32Array.from({length: n}, (_, i) => i).sort((a, b) => customer[a]! - customer[b]! || day[a]! - day[b]!);
}

/** The start of each customer's run in byCustomer, found once per log rather than once per snapshot. */
function customerStarts(customer: Int32Array, byCustomer: Int32Array): Int32Array {
  const starts: number[] = [];
  for (let k = 0; k < byCustomer.length; k++) if (k === 0 || customer[byCustomer[k]!] !== customer[byCustomer[k - 1]!]) starts.push(k);
  starts.push(byCustomer.length);
  return Int32Array.from(starts);
}

function whole(fn: string, name: string, v: unknown, min: number): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min) throw new LibraryInputError(`${fn}: ${name} must be a whole number >= ${min}, got ${describe(v)}`);
  return v;
}

/** Snapshot columns under construction: customer_id, cutoff, the features and the two labels. */
export type SnapshotColumns = Record<string, (number | null)[]>;

/** Empty columns for `appendSnapshot`, in the table's column order. */
export function snapshotColumns(): SnapshotColumns {
  const cols: SnapshotColumns = {customer_id: [], cutoff: []};
  for (const f of SNAPSHOT_FEATURES) cols[f] = [];
  cols.churned = [];
  cols.spend_next_365 = [];
  return cols;
}

/** Where a snapshot is taken and what it keeps: the checked options of snapshotFeatures, and a row filter. */
export interface SnapshotPlan {
  cutoff: number;
  obs: number;
  labelDays: number;
  valueDays: number;
  today: number;
  /** Keep a customer's row only when this says so (stackSnapshots' eligibility); every row without one. */
  keep?: (recencyDays: number, totalOrders: number, churnKnown: boolean) => boolean;
}

/** Check snapshotFeatures' options against the log (errors name fn). */
export function snapshotPlan(orders: ColumnTable, cutoff: unknown, options: SnapshotOptions, fn: string): SnapshotPlan {
  const log = readLog(orders, fn);
  if (typeof cutoff !== "number" || !Number.isInteger(cutoff)) throw new LibraryInputError(`${fn}: cutoff must be a whole day number (dayOf("2025-01-01")), got ${describe(cutoff)}`);
  const today = options.today ?? log.lastDay + 1;
  if (typeof today !== "number" || !Number.isFinite(today)) throw new LibraryInputError(`${fn}: today must be a day number, got ${describe(today)}`);
  return {
    cutoff,
    obs: whole(fn, "observationDays", options.observationDays ?? 180, 1),
    labelDays: whole(fn, "labelDays", options.labelDays ?? 90, 1),
    valueDays: whole(fn, "valueDays", options.valueDays ?? 365, 1),
    today
  };
}

/**
 * Append one row per customer with an order before the plan's cutoff (and kept by its filter) to `cols`; returns
 * how many rows it added. One pass over the log, sorted by customer then day.
 */
export function appendSnapshot(orders: ColumnTable, plan: SnapshotPlan, cols: SnapshotColumns, fn: string): number {
  const {cutoff, obs, labelDays, valueDays, today, keep} = plan;
  const churnKnown = cutoff + labelDays <= today;
  const valueKnown = cutoff + valueDays <= today;
  const {customer, day, amount, discount, byCustomer, starts} = readLog(orders, fn);
  let added = 0;
  for (let g = 0; g + 1 < starts.length; g++) {
    const s = starts[g]!;
    const e = starts[g + 1]!;
    const c = customer[byCustomer[s]];
    const first = day[byCustomer[s]];
    if (first < cutoff) {
      let last = first, total = 0, o30 = 0, o90 = 0, o180 = 0, spend = 0, disc = 0, after = 0, future = 0;
      for (let k = s; k < e; k++) {
        const i = byCustomer[k];
        const d = day[i];
        if (d < cutoff) {
          total++;
          last = d;
          const age = cutoff - d;
          if (age <= obs) {
            o180++;
            spend += amount[i];
            disc += discount[i];
            if (age <= 90) o90++;
            if (age <= 30) o30++;
          }
        } else {
          if (d < cutoff + labelDays) after++;
          if (d < cutoff + valueDays) future += amount[i];
        }
      }
      if (!keep || keep(cutoff - last, total, churnKnown)) {
        cols.customer_id.push(c);
        cols.cutoff.push(cutoff);
        cols.recency_days.push(cutoff - last);
        cols.orders_30.push(o30);
        cols.orders_90.push(o90);
        cols.orders_180.push(o180);
        cols.spend_180.push(Math.round(spend * 100) / 100);
        cols.avg_order_value.push(o180 ? spend / o180 : 0);
        cols.discount_share.push(o180 ? disc / o180 : 0);
        cols.total_orders.push(total);
        cols.tenure_days.push(cutoff - first);
        cols.churned.push(churnKnown ? (after === 0 ? 1 : 0) : null);
        cols.spend_next_365.push(valueKnown ? Math.round(future * 100) / 100 : null);
        added++;
      }
    }
  }
  return added;
}

/**
 * One row per customer with an order before `cutoff` (a day number): the features known on that day and the labels
 * of the days after it.
 *
 * Features (orders with day < cutoff only): `recency_days` (cutoff - last order day), `orders_30`, `orders_90`,
 * `orders_180` (orders in the last 30/90/180 days), `spend_180`, `avg_order_value` (spend_180 / orders_180, 0
 * without orders), `discount_share` (share of those orders with a discount), `total_orders` (all orders so far),
 * `tenure_days` (cutoff - first order day). The 180 is `observationDays`.
 * Labels: `churned` (1 if no order in [cutoff, cutoff + labelDays), else 0) and `spend_next_365` (the spend in
 * [cutoff, cutoff + valueDays)); each null when its window reaches past `today`.
 */
export function snapshotFeatures(orders: ColumnTable, cutoff: number, options: SnapshotOptions = {}): ColumnTable {
  const fn = "snapshotFeatures";
  const plan = snapshotPlan(orders, cutoff, options ?? {}, fn);
  const cols = snapshotColumns();
  appendSnapshot(orders, plan, cols, fn);
  return table(cols);
}
