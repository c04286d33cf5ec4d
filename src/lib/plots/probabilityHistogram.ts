import * as Plot from "@observablehq/plot";
import {LibraryInputError} from "../base.js";
import {Columns, DEFAULT_SCHEME, frame, seriesEntries, type CommonPlotOptions, type PlotData, type PlotElement, type Series} from "./data.js";

export interface ProbabilityHistogramOptions extends CommonPlotOptions {
  /** Probabilities: a column, or several named `{raw: "raw", calibrated: "calibrated"}`, one panel each. Default column "probability". */
  probability?: Series;
  /** Where the buckets meet, inside (0, 1), increasing; default the dashboard's [0.3, 0.7]. */
  edges?: number[];
  /** A name per bucket (one more than the edges); default "low", "medium", "high" for two edges, else "bucket 1", .... */
  labels?: string[];
  /** Bars across [0, 1]; default 20. */
  bins?: number;
}

/** The share of `probs` in each bucket between `edges` (a value on an edge goes to the bucket above, as `p >= 0.7` is high). */
export function bucketShares(probs: ArrayLike<number>, edges: readonly number[] = [0.3, 0.7]): number[] {
  checkEdges("bucketShares", edges);
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (let i = 0; i < probs.length; i++) {
    const p = probs[i]!;
    if (!(p >= 0 && p <= 1)) throw new LibraryInputError(`bucketShares: probabilities must lie in [0, 1], got ${p} at ${i}`);
    let k = 0;
    while (k < edges.length && p >= edges[k]!) k++;
    counts[k]!++;
  }
  return counts.map((c) => (probs.length ? c / probs.length : 0));
}

function checkEdges(fn: string, edges: readonly number[]): void {
  if (!Array.isArray(edges) || edges.some((e, i) => !(e > 0 && e < 1) || (i > 0 && e <= edges[i - 1]!))) {
    throw new LibraryInputError(`${fn}: edges must be increasing numbers strictly between 0 and 1, like [0.3, 0.7], got ${JSON.stringify(edges)}`);
  }
}

const percent = (v: number) => `${(100 * v).toFixed(1)} %`;

/**
 * How probabilities fall into a dashboard's buckets: a histogram over [0, 1] with the bucket edges drawn and each
 * bucket's share written above it. One panel per series, so raw and calibrated probabilities can be compared: an
 * overconfident model puts far more customers in "high" than ever churn.
 *
 * ```js
 * probabilityHistogram({raw: realProba, calibrated: churnProb}, {probability: {raw: "raw", calibrated: "calibrated"}})
 * ```
 */
export function probabilityHistogram(data: PlotData | null | undefined, options: ProbabilityHistogramOptions = {}): PlotElement {
  const plot = "probabilityHistogram";
  const cols = new Columns(plot, data);
  const edges = options.edges ?? [0.3, 0.7];
  checkEdges(plot, edges);
  const labels = options.labels ?? (edges.length === 2 ? ["low", "medium", "high"] : edges.concat(1).map((_, i) => `bucket ${i + 1}`));
  if (labels.length !== edges.length + 1) throw new LibraryInputError(`${plot}: labels must name ${edges.length + 1} buckets (one more than the edges), got ${labels.length}`);
  const bins = options.bins ?? 20;
  if (!Number.isInteger(bins) || bins < 2 || bins > 200) throw new LibraryInputError(`${plot}: bins must be a whole number from 2 to 200, got ${bins}`);
  const series = seriesEntries(plot, "probability", options.probability ?? "probability").map(([name, spec]) => {
    const values = cols.numbers(name ? `probability.${name}` : "probability", spec);
    for (let i = 0; i < values.length; i++) {
      if (!(values[i]! >= 0 && values[i]! <= 1)) throw new LibraryInputError(`${plot}: probabilities must lie in [0, 1], got ${values[i]} at row ${i} (pass fractions: 0.15, not 15)`);
    }
    return {name: name || "probabilities", values, shares: bucketShares(values, edges)};
  });
  const points = series.flatMap((s) => Array.from(s.values, (p) => ({series: s.name, p})));
  const bounds = [0, ...edges, 1];
  const notes = series.flatMap((s) => labels.map((label, k) => ({series: s.name, x: (bounds[k]! + bounds[k + 1]!) / 2, text: `${label}: ${percent(s.shares[k]!)}`})));
  const names = series.map((s) => s.name);
  const faceted = series.length > 1;
  const {scheme = DEFAULT_SCHEME} = options;
  const description = series.map((s) => `${s.name}: ${labels.map((l, k) => `${l} ${percent(s.shares[k]!)}`).join(", ")}`).join("; ");
  // (Plot's types leave the facet channel out of binX's inputs; it is one of the channels binX passes on.)
  const barOptions = {x: "p", fy: faceted ? "series" : undefined, fill: "series", thresholds: Array.from({length: bins + 1}, (_, i) => i / bins), insetLeft: 0.5, insetRight: 0.5, className: "bars"} as Parameters<typeof Plot.binX>[1];
  return Plot.plot({
    ...frame(plot, options, {label: `Histogram of probabilities with the buckets ${labels.join(", ")}`, description: `Share of rows per bucket (edges ${edges.join(", ")}). ${description}.`}),
    height: options.height ?? 40 + 170 * series.length,
    marginTop: 28,
    x: {domain: [0, 1], label: "probability", tickFormat: "%"},
    y: {label: "rows", grid: true},
    fy: faceted ? {domain: names, label: null, padding: 0.2} : undefined, // room for the next panel's bucket shares
    color: {type: "categorical", scheme, domain: names},
    marks: [
      Plot.rectY(points, Plot.binX({y: "count"}, barOptions)),
      Plot.ruleX(edges, {stroke: "currentColor", strokeDasharray: "4,3", className: "edges"}),
      Plot.text(notes, {x: "x", fy: faceted ? "series" : undefined, frameAnchor: "top", dy: -14, text: "text", fill: "currentColor", className: "bucket-shares"}),
      Plot.ruleY([0])
    ],
    caption: options.caption ?? `Dashed: the bucket edges (${edges.join(", ")}). Each bucket's share of the rows is written above it.`
  });
}
