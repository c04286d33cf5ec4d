import * as Plot from "@observablehq/plot";
import {LibraryInputError, describe} from "../base.js";
import {Columns, compact, HIGHLIGHT, frame, type Column, type CommonPlotOptions, type PlotData, type PlotElement} from "./data.js";

export interface ElbowPlotOptions extends CommonPlotOptions {
  /** Number of clusters of each point. Default column "k". */
  k?: Column;
  /** Inertia (within-cluster sum of squares) at each k. Default column "inertia". */
  inertia?: Column;
  /** The k you chose: marked with a dashed rule, a ring and a label. */
  chosenK?: number;
  xLabel?: string;
  yLabel?: string;
}

/**
 * The elbow curve: k-means inertia against the number of clusters k. Inertia always falls as k grows; the elbow,
 * where it stops falling fast, suggests a k. Pass the k you chose to mark it.
 *
 * ```js
 * elbowPlot({k: [1, 2, 3, 4, 5, 6], inertia: [31703, 16262, 8552, 1228, 1101, 988]}, {chosenK: 4})
 * ```
 */
export function elbowPlot(data: PlotData | null | undefined, options: ElbowPlotOptions = {}): PlotElement {
  const plot = "elbowPlot";
  const cols = new Columns(plot, data);
  const k = cols.numbers("k", options.k ?? "k");
  const inertia = cols.numbers("inertia", options.inertia ?? "inertia");
  for (let i = 0; i < k.length; i++) {
    if (!Number.isInteger(k[i]!) || k[i]! < 1) {
      throw new LibraryInputError(`${plot}: k[${i}] is ${k[i]}: expected whole numbers of clusters, at least 1`);
    }
  }
  const order = Array.from(k.keys()).sort((a, b) => k[a]! - k[b]!);
  const ks = order.map((i) => k[i]!);
  const ys = order.map((i) => inertia[i]!);
  const {chosenK} = options;
  const marks: Plot.Markish[] = [
    Plot.line(ks, {x: ks, y: ys, stroke: "#4269d0", strokeWidth: 2, className: "inertia"}),
    Plot.dot(ks, {x: ks, y: ys, fill: "#4269d0", r: 4, tip: true, className: "points"})
  ];
  if (chosenK !== undefined) {
    const j = ks.indexOf(chosenK);
    if (j < 0) {
      throw new LibraryInputError(`${plot}: chosenK is ${describe(chosenK)} but the curve has k = ${ks.join(", ")}: choose one of those`);
    }
    const label = `k = ${chosenK}`;
    marks.unshift(Plot.ruleX([chosenK], {stroke: HIGHLIGHT, strokeDasharray: "4,4", strokeOpacity: 0.6, className: "chosen-k-rule"}));
    marks.push(
      Plot.dot([j], {x: [chosenK], y: [ys[j]!], r: 9, stroke: HIGHLIGHT, strokeWidth: 2.5, fill: "none", className: "chosen-k"}),
      Plot.text([j], {
        x: [chosenK],
        y: [ys[j]!],
        text: [label],
        dx: 12,
        dy: -14,
        textAnchor: "start",
        fontWeight: "bold",
        fontSize: 13,
        fill: HIGHLIGHT,
        stroke: "white",
        strokeWidth: 4,
        paintOrder: "stroke",
        className: "chosen-k-label"
      })
    );
  }
  return Plot.plot({
    ...frame(plot, options, {
      label: "Elbow plot: inertia by number of clusters k",
      description: `k from ${ks[0]} to ${ks[ks.length - 1]}; inertia falls from ${compact(ys[0]!)} to ${compact(ys[ys.length - 1]!)}${chosenK === undefined ? "" : `; k = ${chosenK} is marked`}.`
    }),
    marginLeft: 64,
    marginRight: 24,
    x: {label: options.xLabel ?? "Number of clusters k", ticks: ks, tickFormat: "d"},
    y: {label: options.yLabel ?? "Inertia (within-cluster sum of squares)", grid: true, zero: true, tickFormat: compact},
    marks
  });
}
