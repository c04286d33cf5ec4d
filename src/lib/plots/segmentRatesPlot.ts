import * as Plot from "@observablehq/plot";
import {LibraryInputError} from "../base.js";
import {Columns, DEFAULT_SCHEME, HIGHLIGHT, frame, seriesEntries, type Column, type CommonPlotOptions, type PlotData, type PlotElement, type Series} from "./data.js";

export interface SegmentRatesPlotOptions extends CommonPlotOptions {
  /** The segment of each row. Default column "segment". */
  segment?: Column;
  /** Observed rate of each segment (0 to 1). Default column "observed". */
  observed?: Column;
  /** Lower and upper ends of the observed rate's interval (such as bootstrapCI's low and high). Default columns "low" and "high" when the data has them. */
  low?: Column;
  high?: Column;
  /** Predicted rates: a column, or several named `{calibrated: "calibrated", raw: "raw"}` to compare. Default column "predicted". */
  predicted?: Series;
  /** Upper end of the rate axis; default the largest value, rounded up. */
  max?: number;
}

/**
 * Each segment's observed rate with its interval (a black dot on a bar) next to what one or more models predict for
 * it (rings): a calibrated model's rings sit on the bars; an overconfident one's sit to their right.
 *
 * ```js
 * segmentRatesPlot(rows, {predicted: {calibrated: "calibrated", "real model": "raw"}})   // rows: {segment, observed, low, high, calibrated, raw}
 * ```
 */
export function segmentRatesPlot(data: PlotData | null | undefined, options: SegmentRatesPlotOptions = {}): PlotElement {
  const plot = "segmentRatesPlot";
  const cols = new Columns(plot, data);
  const segment = cols.values("segment", options.segment ?? "segment").map(String);
  const observed = cols.numbers("observed", options.observed ?? "observed");
  const hasInterval = options.low !== undefined || options.high !== undefined || (cols.has("low") && cols.has("high"));
  const low = hasInterval ? cols.numbers("low", options.low ?? "low") : null;
  const high = hasInterval ? cols.numbers("high", options.high ?? "high") : null;
  const series = seriesEntries(plot, "predicted", options.predicted ?? "predicted");
  const predicted = series.map(([name, spec]) => [name || "predicted", cols.numbers(name ? `predicted.${name}` : "predicted", spec)] as const);
  const all = [...observed, ...(high ?? []), ...predicted.flatMap(([, v]) => Array.from(v))];
  for (const v of all) {
    if (!(v >= 0 && v <= 1)) throw new LibraryInputError(`${plot}: rates must lie in [0, 1], got ${v} (pass fractions: 0.15, not 15)`);
  }
  const max = options.max ?? Math.min(1, Math.ceil(Math.max(...all) * 10 + 0.5) / 10);
  const rows = segment.map((s, i) => ({segment: s, observed: observed[i]!, low: low?.[i], high: high?.[i]}));
  const rings = predicted.flatMap(([name, v]) => segment.map((s, i) => ({segment: s, model: name, value: v[i]!})));
  const names = predicted.map(([name]) => name);
  const {scheme = DEFAULT_SCHEME} = options;
  return Plot.plot({
    ...frame(plot, options),
    height: options.height ?? 60 + 34 * segment.length,
    marginLeft: 150,
    x: {domain: [0, max], label: "rate", tickFormat: "%", grid: true},
    y: {domain: segment, label: null},
    color: {type: "categorical", scheme, domain: names, legend: true},
    marks: [
      ...(low && high ? [Plot.ruleY(rows, {y: "segment", x1: "low", x2: "high", stroke: HIGHLIGHT, strokeWidth: 2, className: "intervals"})] : []),
      Plot.dot(rows, {y: "segment", x: "observed", fill: HIGHLIGHT, r: 3.5, className: "observed", tip: true}),
      Plot.dot(rings, {y: "segment", x: "value", stroke: "model", r: 6, strokeWidth: 2, className: "predicted", tip: true})
    ],
    caption: options.caption ?? (low ? "Black: observed rate and its interval. Rings: predicted rates." : "Black: observed rate. Rings: predicted rates.")
  });
}
