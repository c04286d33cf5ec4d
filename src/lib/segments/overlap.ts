// How much segments overlap. Segment rules are written one at a time, so a customer is often in several segments:
// a campaign per segment then reaches the same people more than once, and per-segment counts add up to more than
// the customers there are.
import type {ColumnTable} from "arquero";
import {LibraryInputError, describe} from "../base.js";
import {segmentMask, type Rule} from "./rules.js";

export interface SegmentOverlapRow {
  /** The segment whose members are counted. */
  row: string;
  /** The segment they are also in. */
  column: string;
  /** Members of `row` who are in `column` too. */
  shared: number;
  /** `shared` as a share of `row`'s members (0 when `row` has none); 1 on the diagonal. */
  share: number;
}

/**
 * For every ordered pair of segments, how many members of the first are in the second too, and what share of the
 * first that is. Rows come in the segments' order, row by row: feed them to `segmentOverlapHeatmap`.
 *
 * ```js
 * segmentOverlap(customers, LOYALTY_SEGMENTS)   // [{row: "VIP", column: "High Value Customers", shared: 812, share: 1}, ...]
 * ```
 */
export function segmentOverlap(customers: ColumnTable, segments: ReadonlyArray<{name: string; rule: Rule}>): SegmentOverlapRow[] {
  if (!Array.isArray(segments) || segments.some((s) => !s || typeof s.name !== "string")) {
    throw new LibraryInputError(`segmentOverlap: segments must be an array of {name, rule}, such as LOYALTY_SEGMENTS, got ${describe(segments)}`);
  }
  const names = segments.map((s) => s.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined) throw new LibraryInputError(`segmentOverlap: two segments are named "${twice}": give each its own name`);
  const masks = segments.map((s) => segmentMask(customers, s.rule));
  const sizes = masks.map((m) => m.reduce((a, b) => a + b, 0));
  const rows: SegmentOverlapRow[] = [];
  masks.forEach((a, i) => {
    masks.forEach((b, j) => {
      let shared = 0;
      for (let k = 0; k < a.length; k++) shared += a[k]! & b[k]!;
      rows.push({row: names[i]!, column: names[j]!, shared, share: sizes[i] ? shared / sizes[i]! : 0});
    });
  });
  return rows;
}
