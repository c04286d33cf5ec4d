import * as Plot from "@observablehq/plot";
import {LibraryInputError} from "../base.js";
import {frame, type CommonPlotOptions, type PlotElement} from "./data.js";
import type {SegmentOverlapRow} from "../segments/overlap.js";

export type SegmentOverlapHeatmapOptions = CommonPlotOptions;

/**
 * Segment overlap as a heat map: a cell per pair of segments, its shade and its label the share of the row
 * segment's members who are in the column segment too (the diagonal is 100 %). Read a row across to see where a
 * segment's members also are.
 *
 * ```js
 * segmentOverlapHeatmap(segmentOverlap(customers, LOYALTY_SEGMENTS))
 * ```
 */
export function segmentOverlapHeatmap(rows: ReadonlyArray<SegmentOverlapRow>, options: SegmentOverlapHeatmapOptions = {}): PlotElement {
  const plot = "segmentOverlapHeatmap";
  if (!Array.isArray(rows) || rows.some((r) => !r || typeof r.row !== "string" || typeof r.column !== "string" || !(r.share >= 0 && r.share <= 1))) {
    throw new LibraryInputError(`${plot}: pass the rows segmentOverlap(customers, segments) returns ({row, column, shared, share}, share in [0, 1])`);
  }
  const names = [...new Set(rows.map((r) => r.row))];
  const label = (r: SegmentOverlapRow) => (r.share === 0 ? "" : r.share < 0.005 ? "<1 %" : `${Math.round(100 * r.share)} %`);
  // The most shared pair off the diagonal, for the text alternative.
  const off = rows.filter((r) => r.row !== r.column).sort((a, b) => b.share - a.share)[0];
  const description = off ? `${names.length} segments. Largest overlap: ${Math.round(100 * off.share)} % of ${off.row} is also in ${off.column}.` : `${names.length} segment.`;
  return Plot.plot({
    ...frame(plot, options, {label: "Segment overlap: the share of each row segment's members also in the column segment", description}),
    width: options.width ?? 640,
    height: options.height ?? 90 + 36 * names.length,
    marginLeft: 160,
    marginBottom: 110,
    x: {domain: names, label: "also in", tickRotate: -35},
    y: {domain: names, label: null},
    // No colour legend: every cell is labelled with its share (and the ramp legend needs a canvas, which Node lacks).
    color: {type: "linear", domain: [0, 1], scheme: "blues"},
    marks: [
      Plot.cell(rows, {x: "column", y: "row", fill: "share", inset: 0.5, className: "cells", tip: {format: {fill: (v: number) => `${(100 * v).toFixed(1)} %`}}}),
      Plot.text(rows, {x: "column", y: "row", text: label, fill: (r: SegmentOverlapRow) => (r.share > 0.55 ? "white" : "black"), className: "shares"})
    ],
    caption: options.caption ?? "Each row: where that segment's members also are. A segment's counts add up to more than the customers when segments overlap."
  });
}
