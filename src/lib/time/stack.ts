// Training rows from many cutoffs: one snapshot per month, each row a customer who could churn on that day.
import {table, type ColumnTable} from "arquero";
import {LibraryInputError, describe} from "../base.js";
import {dateOf} from "./days.js";
import {appendSnapshot, snapshotColumns, snapshotPlan, type SnapshotOptions} from "./snapshot.js";

export interface StackOptions extends SnapshotOptions {
  /** Eligible only with an order in the `activeDays` days before the cutoff (default: labelDays, 90): a customer
   * already that long without an order has churned by the definition, and there is nothing left to predict. */
  activeDays?: number;
  /** Eligible only with at least this many orders before the cutoff (default 2). */
  minOrders?: number;
}

/**
 * `snapshotFeatures` at each month's cutoff, stacked, with a `month` column first, keeping the eligible rows: an order
 * in the last `activeDays` days, at least `minOrders` orders so far, and a churn label that is known (its 90 days
 * are over by `today`). `months` are `monthStarts(...)` rows (`{month, day}`) or day numbers.
 */
export function stackSnapshots(orders: ColumnTable, months: ArrayLike<{month: string; day: number} | number>, options: StackOptions = {}): ColumnTable {
  const fn = "stackSnapshots";
  if (!months || typeof months.length !== "number" || months.length === 0) {
    throw new LibraryInputError(`${fn}: months must be a list of cutoffs, such as monthStarts("2024-07", "2025-09"), got ${describe(months)}`);
  }
  const {activeDays, minOrders = 2, ...snapshotOptions} = options ?? {};
  const active = activeDays ?? snapshotOptions.labelDays ?? 90;
  if (!Number.isInteger(active) || active < 1) throw new LibraryInputError(`${fn}: activeDays must be a whole number >= 1, got ${describe(activeDays)}`);
  if (!Number.isInteger(minOrders) || minOrders < 1) throw new LibraryInputError(`${fn}: minOrders must be a whole number >= 1, got ${describe(minOrders)}`);
  // One pass over the log per month into shared columns, filtered as they are built: measured on the churn drill's
  // 16 months of 98,602 orders, 500 ms when each month was an arquero table filtered, derived and concatenated
  // (arquero compiles each filter), against 30 ms this way.
  const cols = snapshotColumns();
  const month: string[] = [];
  const keep = (recency: number, total: number, churnKnown: boolean) => recency <= active && total >= minOrders && churnKnown;
  for (let k = 0; k < months.length; k++) {
    const m = months[k];
    const day = typeof m === "number" ? m : m?.day;
    const label = typeof m === "number" ? dateOf(m).slice(0, 7) : m?.month;
    if (typeof day !== "number" || typeof label !== "string") {
      throw new LibraryInputError(`${fn}: months[${k}] is ${describe(m)}: give {month: "2024-07", day: 182} rows (monthStarts) or day numbers`);
    }
    const added = appendSnapshot(orders, {...snapshotPlan(orders, day, snapshotOptions, fn), keep}, cols, fn);
    for (let r = 0; r < added; r++) month.push(label);
  }
  return table({month, ...cols});
}
