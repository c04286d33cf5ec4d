// Point in time: asOfJoin against pandas.merge_asof and a brute-force reference, groupKFold against scikit-learn's
// GroupKFold (tests/fixtures/pandas/time.json, written by scripts/time_reference.py), groupTimeSeriesSplit,
// snapshotFeatures and stackSnapshots against brute force on the order log, and the day numbers.
import {readFileSync} from "node:fs";
import {describe, expect, it} from "vitest";
import {aq} from "../../../src/lib/table.js";
import {makeRandom} from "../../../src/lib/random.js";
import {asOfJoin, type AsOfJoinOptions} from "../../../src/lib/time/asOfJoin.js";
import {dateOf, dayOf, monthStarts} from "../../../src/lib/time/days.js";
import {groupKFold, groupTimeSeriesSplit} from "../../../src/lib/time/splits.js";
import {snapshotFeatures, SNAPSHOT_FEATURES} from "../../../src/lib/time/snapshot.js";
import {stackSnapshots} from "../../../src/lib/time/stack.js";
import {orderHistory} from "../../../src/lib/data/orderHistory.js";

const reference = JSON.parse(readFileSync(new URL("../../fixtures/pandas/time.json", import.meta.url), "utf8"));

describe("asOfJoin, as pandas.merge_asof", () => {
  it.each(reference.asOf.map((c: {name: string}) => [c.name, c]) as [string, any][])("%s", (_name, c) => {
    const out = asOfJoin(aq.table(c.left), aq.table(c.right), c.options);
    expect(out.columnNames()).toEqual(c.columns);
    for (const col of c.columns) {
      const got = Array.from(out.array(col) as ArrayLike<unknown>);
      expect(got.length).toBe(c.expected[col].length);
      got.forEach((v, i) => {
        const want = c.expected[col][i];
        if (want === null) expect(v, `${col}[${i}]`).toBeNull();
        else if (typeof want === "number") expect(v as number, `${col}[${i}]`).toBeCloseTo(want, 9);
        else expect(v, `${col}[${i}]`).toBe(want);
      });
    }
  });
});

/** What an as-of join must give, by scanning every right row (no sorting, no search). */
function bruteForce(left: Record<string, number[]>, right: Record<string, number[]>, o: Required<Pick<AsOfJoinOptions, "direction" | "allowExactMatches">> & {tolerance?: number}): (number | null)[] {
  return left.t!.map((x, i) => {
    const candidates = right.t!.map((r, j) => ({j, d: x - r})).filter(({j, d}) =>
      right.k![j] === left.k![i] &&
      (o.allowExactMatches || d !== 0) &&
      (o.tolerance === undefined || Math.abs(d) <= o.tolerance) &&
      (o.direction === "backward" ? d >= 0 : o.direction === "forward" ? d <= 0 : true));
    // backward: the latest time, and of equal times the right row listed last; forward: the earliest, listed first;
    // nearest: the closest, a tie between before and after going to before (each side picked as above)
    const before = candidates.filter((c) => c.d >= 0).sort((a, b) => a.d - b.d || b.j - a.j)[0];
    const after = candidates.filter((c) => c.d <= 0).sort((a, b) => b.d - a.d || a.j - b.j)[0];
    const pick = o.direction === "backward" ? before : o.direction === "forward" ? after : !after ? before : !before ? after : before.d <= -after.d ? before : after;
    return pick ? right.v![pick.j]! : null;
  });
}

describe("asOfJoin against brute force", () => {
  const cases: [string, AsOfJoinOptions["direction"], boolean, number | undefined][] = [
    ["backward", "backward", true, undefined],
    ["backward, strictly before", "backward", false, undefined],
    ["backward within 3", "backward", true, 3],
    ["forward", "forward", true, undefined],
    ["forward, strictly after", "forward", false, undefined],
    ["nearest", "nearest", true, undefined],
    ["nearest within 2, no exact", "nearest", false, 2]
  ];
  it.each(cases)("%s, on 30 random tables with ties", (_name, direction, allowExactMatches, tolerance) => {
    const rng = makeRandom(7);
    for (let trial = 0; trial < 30; trial++) {
      const nl = rng.integer(1, 40);
      const nr = rng.integer(0, 30);
      // a shuffled left table (left rows stay in their order); right times drawn from few values, so ties happen
      const left = {t: Array.from({length: nl}, () => rng.integer(0, 20)), k: Array.from({length: nl}, () => rng.integer(1, 4))};
      const right = {t: Array.from({length: nr}, () => rng.integer(0, 20)), k: Array.from({length: nr}, () => rng.integer(1, 4)), v: Array.from({length: nr}, (_, j) => j)};
      const out = asOfJoin(aq.table(left), aq.table(right), {on: "t", by: "k", direction, allowExactMatches, tolerance});
      const want = bruteForce(left, right, {direction: direction!, allowExactMatches, tolerance});
      expect(Array.from(out.array("v") as ArrayLike<number | null>), `trial ${trial}`).toEqual(want);
      expect(Array.from(out.array("t") as ArrayLike<number>)).toEqual(left.t);
    }
  });

  it("keeps dates as times and leaves a key with no right rows unmatched", () => {
    const d = (s: string) => new Date(`${s}T00:00:00Z`);
    const out = asOfJoin(
      aq.table({id: [1, 1, 2], at: [d("2025-01-01"), d("2025-03-01"), d("2025-03-01")]}),
      aq.table({id: [1, 1], since: [d("2024-12-15"), d("2025-02-01")], tier: ["gold", "lapsed"]}),
      {leftOn: "at", rightOn: "since", by: "id"}
    );
    expect(out.array("tier")).toEqual(["gold", "lapsed", null]);
  });

  it("matches keys by value and type: 1 is not \"1\", two dates of one day are one key", () => {
    const d = (s: string) => new Date(`${s}T00:00:00Z`);
    const typed = asOfJoin(
      aq.table({k: [1, "1", 2], t: [5, 5, 5]}),
      aq.table({k: ["1", 1], t: [0, 0], v: ["text", "number"]}),
      {on: "t", by: "k"}
    );
    expect(typed.array("v")).toEqual(["number", "text", null]);
    const dated = asOfJoin(aq.table({day: [d("2025-01-01")], t: [5]}), aq.table({day: [d("2025-01-01")], t: [1], v: ["same day"]}), {on: "t", by: "day"});
    expect(dated.array("v")).toEqual(["same day"]);
  });

  it("refuses what pandas refuses, in the student's terms", () => {
    const t = aq.table({t: [1, null], k: [1, 1]});
    expect(() => asOfJoin(t, aq.table({t: [1], k: [1]}), {on: "t", by: "k"})).toThrow(/time column "t" has null at row 1/);
    expect(() => asOfJoin(aq.table({t: [1]}), aq.table({u: [1]}), {on: "t"})).toThrow(/right table has no column "t" \(it has u\)/);
    expect(() => asOfJoin(aq.table({t: [1]}), aq.table({t: [1]}), {on: "t", direction: "around" as never})).toThrow(/direction must be/);
    expect(() => asOfJoin(aq.table({t: [1]}), aq.table({t: [1]}), {} as never)).toThrow(/name the time columns/);
  });
});

describe("groupKFold, as scikit-learn's GroupKFold", () => {
  it.each(reference.groupKFold.map((c: any, k: number) => [k, c]) as [number, any][])("case %i", (_k, c) => {
    const folds = groupKFold(c.groups, {nSplits: c.nSplits});
    expect(folds.map((f) => ({train: Array.from(f.train), test: Array.from(f.test)}))).toEqual(c.folds);
  });

  it("never puts a group on both sides, and refuses too few groups", () => {
    const groups = Array.from({length: 300}, (_, i) => (i * 7) % 23);
    for (const {train, test} of groupKFold(groups, {nSplits: 4})) {
      const inTest = new Set(Array.from(test, (i) => groups[i]));
      expect(Array.from(train).some((i) => inTest.has(groups[i]!))).toBe(false);
      expect(train.length + test.length).toBe(300);
    }
    expect(() => groupKFold([1, 1, 2], {nSplits: 3})).toThrow(/cannot make 3 folds from 2 groups/);
    expect(() => groupKFold([1, null, 2])).toThrow(/the group of row 1 is null/);
  });
});

describe("groupTimeSeriesSplit", () => {
  const months = ["2025-01", "2025-01", "2025-02", "2025-03", "2025-03", "2025-04", "2025-05", "2025-02"];
  it.each([
    // [gap, nSplits, expected folds as {group, train, test}]
    [0, undefined, [
      {group: "2025-02", train: [0, 1], test: [2, 7]},
      {group: "2025-03", train: [0, 1, 2, 7], test: [3, 4]},
      {group: "2025-04", train: [0, 1, 2, 3, 4, 7], test: [5]},
      {group: "2025-05", train: [0, 1, 2, 3, 4, 5, 7], test: [6]}
    ]],
    [2, undefined, [
      {group: "2025-04", train: [0, 1], test: [5]},
      {group: "2025-05", train: [0, 1, 2, 7], test: [6]}
    ]],
    [1, 1, [{group: "2025-05", train: [0, 1, 2, 3, 4, 7], test: [6]}]]
  ] as const)("gap %i, nSplits %s", (gap, nSplits, expected) => {
    const folds = groupTimeSeriesSplit(months, {gap, nSplits});
    expect(folds.map((f) => ({group: f.group, train: Array.from(f.train), test: Array.from(f.test)}))).toEqual(expected);
  });

  it("orders numbers by value, and refuses a gap that leaves no fold", () => {
    expect(groupTimeSeriesSplit([10, 9, 100], {}).map((f) => f.group)).toEqual([10, 100]);
    expect(() => groupTimeSeriesSplit(months, {gap: 4})).toThrow(/5 groups with a gap of 4 leave 0 test groups/);
    expect(() => groupTimeSeriesSplit(months, {gap: -1})).toThrow(/gap must be a whole number/);
  });
});

describe("snapshotFeatures and stackSnapshots", () => {
  const shop = orderHistory({customers: 300, seed: 5});
  const orders = shop.orders.objects() as {customer_id: number; day: number; amount: number; discount: number}[];

  it("computes each feature from orders before the cutoff, each label from the days after", () => {
    for (const cutoff of [dayOf("2024-07-01"), dayOf("2025-03-01"), dayOf("2025-11-01")]) {
      const rows = snapshotFeatures(shop.orders, cutoff, {today: shop.today}).objects() as Record<string, number | null>[];
      const customers = new Set(orders.filter((o) => o.day < cutoff).map((o) => o.customer_id));
      expect(rows.length).toBe(customers.size);
      for (const r of rows) {
        const mine = orders.filter((o) => o.customer_id === r.customer_id);
        const past = mine.filter((o) => o.day < cutoff);
        const win = past.filter((o) => o.day >= cutoff - 180);
        const spend = win.reduce((s, o) => s + o.amount, 0);
        expect(r.recency_days).toBe(cutoff - past.at(-1)!.day);
        expect(r.orders_30).toBe(past.filter((o) => o.day >= cutoff - 30).length);
        expect(r.orders_90).toBe(past.filter((o) => o.day >= cutoff - 90).length);
        expect(r.orders_180).toBe(win.length);
        expect(r.spend_180).toBeCloseTo(spend, 6);
        expect(r.avg_order_value).toBeCloseTo(win.length ? spend / win.length : 0, 6);
        expect(r.discount_share).toBeCloseTo(win.length ? win.filter((o) => o.discount).length / win.length : 0, 9);
        expect(r.total_orders).toBe(past.length);
        expect(r.tenure_days).toBe(cutoff - past[0]!.day);
        const churnKnown = cutoff + 90 <= shop.today;
        expect(r.churned).toBe(churnKnown ? (mine.some((o) => o.day >= cutoff && o.day < cutoff + 90) ? 0 : 1) : null);
        const valueKnown = cutoff + 365 <= shop.today;
        if (valueKnown) expect(r.spend_next_365).toBeCloseTo(mine.filter((o) => o.day >= cutoff && o.day < cutoff + 365).reduce((s, o) => s + o.amount, 0), 6);
        else expect(r.spend_next_365).toBeNull();
      }
    }
    expect(SNAPSHOT_FEATURES).toHaveLength(9);
  });

  it("stacks the eligible rows of each month: active in the last 90 days, two orders, label known", () => {
    const months = monthStarts("2025-06", "2025-11");
    const stacked = stackSnapshots(shop.orders, months, {today: shop.today});
    expect(stacked.columnNames()[0]).toBe("month");
    const rows = stacked.objects() as Record<string, number | string | null>[];
    // 2025-11's label runs past today: no rows
    expect(new Set(rows.map((r) => r.month))).toEqual(new Set(["2025-06", "2025-07", "2025-08", "2025-09", "2025-10"]));
    for (const {month, day} of months.slice(0, 5)) {
      const want = (snapshotFeatures(shop.orders, day, {today: shop.today}).objects() as Record<string, number>[]).filter((r) => r.recency_days! <= 90 && r.total_orders! >= 2);
      const got = rows.filter((r) => r.month === month).map(({month: _m, ...r}) => r);
      expect(got).toEqual(want);
    }
    const loose = stackSnapshots(shop.orders, [dayOf("2025-06-01")], {today: shop.today, activeDays: 180, minOrders: 1});
    expect(loose.numRows()).toBeGreaterThan(rows.filter((r) => r.month === "2025-06").length);
    expect(loose.array("month")[0]).toBe("2025-06");
    expect(() => stackSnapshots(shop.orders, [], {})).toThrow(/months must be a list of cutoffs/);
  });

  it("gives the same rows for a log out of time order or with far-apart customer ids (the sort's two paths)", () => {
    const cutoff = dayOf("2025-03-01");
    const want = snapshotFeatures(shop.orders, cutoff, {today: shop.today}).objects();
    const reversed = aq.from([...orders].reverse());
    expect(snapshotFeatures(reversed, cutoff, {today: shop.today}).objects()).toEqual(want);
    const spread = aq.from(orders.map((o) => ({...o, customer_id: o.customer_id * 100_000})));
    const got = snapshotFeatures(spread, cutoff, {today: shop.today}).objects() as Record<string, number>[];
    expect(got.map((r) => ({...r, customer_id: r.customer_id / 100_000}))).toEqual(want);
  });

  it("refuses a table that is not the order log", () => {
    expect(() => snapshotFeatures(aq.table({customer_id: [1]}), 10)).toThrow(/the order log has no column "day"/);
    expect(() => snapshotFeatures(shop.orders, 10.5)).toThrow(/cutoff must be a whole day number/);
  });
});

describe("day numbers", () => {
  it("counts from 2024-01-01, across the leap day", () => {
    expect(dayOf("2024-01-01")).toBe(0);
    expect(dayOf("2024-03-01")).toBe(60);
    expect(dayOf("2025-01-01")).toBe(366);
    expect(dateOf(731)).toBe("2026-01-01");
    expect(dateOf(-1)).toBe("2023-12-31");
    expect(monthStarts("2024-11", "2025-02")).toEqual([
      {month: "2024-11", day: 305}, {month: "2024-12", day: 335}, {month: "2025-01", day: 366}, {month: "2025-02", day: 397}
    ]);
    expect(() => dayOf("2025-02-30")).toThrow(/not a date of the calendar/);
    expect(() => monthStarts("2025-03", "2025-01")).toThrow(/comes after/);
  });
});
