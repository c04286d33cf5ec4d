import * as Plot from "@observablehq/plot";
import {LibraryInputError} from "../base.js";
import {calibrationTable} from "../metrics/classification.js";
import {
  Columns,
  DEFAULT_SCHEME,
  REFERENCE,
  frame,
  square,
  seriesEntries,
  type Column,
  type CommonPlotOptions,
  type PlotData,
  type PlotElement,
  type Series
} from "./data.js";

export interface CalibrationPlotOptions extends CommonPlotOptions {
  /** True 0/1 labels. Default column "yTrue". */
  yTrue?: Column;
  /** Predicted probabilities of class 1. Default column "probs"; name several to compare: `{Logistic: p1, Forest: p2}`. */
  probs?: Series;
  /** Number of bins; default 10. */
  nBins?: number;
  /** "uniform" (equal-width bins, default) or "quantile" (equal-count bins), as in sklearn's calibration_curve. */
  strategy?: "uniform" | "quantile";
  /**
   * Zoom both axes (equally, so the diagonal stays at 45°) onto the probabilities that occur, when every bin lies
   * below 0.5: with rare positives (7 % of sessions order) the whole curve would otherwise sit in one corner.
   * Default true; false always shows 0 to 1.
   */
  zoom?: boolean;
}

/**
 * Calibration (reliability) curve: the fraction of positives in each bin of predicted probability against the
 * bin's mean prediction, with the perfect-calibration diagonal. Dot area shows how many rows each bin holds.
 *
 * ```js
 * calibrationPlot({yTrue: yTest, probs: clf.predictProba(XTest)}, {nBins: 10})
 * ```
 */
export function calibrationPlot(data: PlotData | null | undefined, options: CalibrationPlotOptions = {}): PlotElement {
  const plot = "calibrationPlot";
  const cols = new Columns(plot, data);
  const yTrue = cols.values("yTrue", options.yTrue ?? "yTrue") as Array<number | boolean>;
  const series = seriesEntries(plot, "probs", options.probs ?? "probs");
  const named = series.length > 1 || series[0]![0] !== "";
  const {nBins = 10, strategy = "uniform", scheme = DEFAULT_SCHEME} = options;
  const rows: Array<{model: string; meanPredicted: number; fractionPositive: number; count: number}> = [];
  for (const [name, spec] of series) {
    const probs = cols.numbers(name ? `probs.${name}` : "probs", spec);
    let table: ReturnType<typeof calibrationTable>;
    try {
      table = calibrationTable(yTrue, probs, {nBins, strategy});
    } catch (e) {
      throw new LibraryInputError(`${plot}: ${(e as Error).message}`);
    }
    for (const r of table) rows.push({model: name || "model", ...r});
  }
  // Zoom to a round upper limit just above the largest value when all of them are small (see the zoom option).
  let top = 1;
  if (options.zoom !== false) {
    const max = Math.max(...rows.map((r) => Math.max(r.meanPredicted, r.fractionPositive)));
    if (max < 0.5) top = Math.max(10, Math.ceil((max * 1.1 * 100) / 5) * 5) / 100; // a multiple of 0.05
  }
  const color = named ? {stroke: "model", fill: "model"} : {stroke: "#4269d0", fill: "#4269d0"};
  const gap = Math.max(...rows.map((r) => Math.abs(r.fractionPositive - r.meanPredicted)));
  const opts = frame(plot, options, {
    label: "Calibration plot: fraction of positives against mean predicted probability",
    description: `${rows.length} bins${named ? ` over ${series.length} models` : ""}; the largest gap between predicted and observed is ${gap.toFixed(2)}.`
  });
  // The diagonal is explained in the caption rather than labelled on the plot: a well-calibrated curve runs along
  // it and would cover any label placed there.
  return Plot.plot({
    ...opts,
    subtitle:
      opts.subtitle ??
      `${nBins} ${strategy === "quantile" ? "equal-count" : "equal-width"} bins; dot area shows the rows in each bin` +
        (top < 1 ? `; axes zoomed to 0–${top}` : ""),
    caption: opts.caption ?? "Dashed diagonal: perfect calibration (rows predicted at p are positive a fraction p of the time).",
    ...square(opts.width!, {marginTop: 24, marginRight: 24, marginBottom: 40, marginLeft: 44}),
    ...(opts.height !== undefined ? {height: opts.height} : {}),
    x: {domain: [0, top], label: "Mean predicted probability", grid: true, ticks: 10},
    y: {domain: [0, top], label: "Fraction of positives", grid: true, ticks: 10},
    r: {range: [2.5, 9]},
    color: named ? {type: "categorical", scheme, domain: series.map(([name]) => name), legend: true, label: "Model"} : undefined,
    marks: [
      Plot.line(
        [
          [0, 0],
          [top, top]
        ],
        {stroke: REFERENCE, strokeDasharray: "6,4", strokeWidth: 1.5, className: "diagonal"}
      ),
      Plot.line(rows, {x: "meanPredicted", y: "fractionPositive", z: "model", stroke: color.stroke, strokeWidth: 2, className: "calibration-curve"}),
      Plot.dot(rows, {
        x: "meanPredicted",
        y: "fractionPositive",
        r: "count",
        fill: color.fill,
        stroke: "white",
        tip: true,
        channels: {rows: "count"},
        className: "bins"
      })
    ]
  });
}
