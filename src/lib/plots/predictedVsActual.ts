import * as Plot from "@observablehq/plot";
import {LibraryInputError} from "../base.js";
import {
  Columns,
  compact,
  DEFAULT_SCHEME,
  REFERENCE,
  categories,
  frame,
  square,
  joinCaption,
  pick,
  sampleNote,
  sharedDomain,
  spread,
  withUnit,
  type Column,
  type CommonPlotOptions,
  type PlotData,
  type PlotElement, predictionColumns} from "./data.js";

export interface PredictedVsActualOptions extends CommonPlotOptions {
  /** Actual values (x axis). Default column "actual". */
  actual?: Column;
  /** Predicted values (y axis). Default column "predicted". */
  predicted?: Column;
  /** Optional segment of each row: dots are coloured by it, with a legend. Default: column "segment" if present; null for none. */
  segment?: Column | null;
  /** Unit of the target, shown on both axes: "$" gives "Actual ($)". */
  unit?: string;
  /** Logarithmic axes, for targets spanning several orders of magnitude (all values must be > 0). */
  log?: boolean;
  /** Draw at most this many rows, evenly spread (default 5,000); the caption says so when rows are left out. */
  maxPoints?: number;
  xLabel?: string;
  yLabel?: string;
}

/**
 * Predicted against actual values, one dot per row, with the y = x diagonal where a perfect model's dots would
 * lie. Both axes share one domain and one scale (a square plot), so distance from the diagonal reads the same
 * everywhere; dots above it are over-predictions.
 *
 * ```js
 * predictedVsActual({actual: yTest, predicted: model.predict(XTest), segment: test.array("segment")}, {unit: "$"})
 * ```
 */
export function predictedVsActual(data: PlotData | null | undefined, options: PredictedVsActualOptions = {}): PlotElement {
  const plot = "predictedVsActual";
  const cols = new Columns(plot, data);
  const {actual: actualAll, predicted: predictedAll, segment: segmentAll} = predictionColumns(cols, options);
  const {unit, log = false, scheme = DEFAULT_SCHEME, maxPoints = 5000} = options;
  if (log) {
    for (const [name, a] of [["actual", actualAll], ["predicted", predictedAll]] as const) {
      const i = a.findIndex((v) => v <= 0);
      if (i >= 0) throw new LibraryInputError(`${plot}: ${name}[${i}] is ${a[i]}: log axes need values above 0 (use log: false)`);
    }
  }
  const n = actualAll.length;
  const idx = spread(n, maxPoints);
  const actual = pick(actualAll, idx);
  const predicted = pick(predictedAll, idx);
  const segment = segmentAll && pick(segmentAll, idx);
  let domain = sharedDomain(actualAll, predictedAll);
  if (log) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const a of [actualAll, predictedAll]) for (const v of a) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
    domain = [lo / 1.15, hi * 1.15];
  }
  const scale = {domain, type: log ? ("log" as const) : ("linear" as const), grid: true, tickFormat: log ? undefined : compact};
  const order = segment && categories(segment);
  const opts = frame(plot, options, {label: "Predicted against actual values", description: `${n} points${order ? `, by segment: ${order.join(", ")}` : ""}; points on the diagonal are predicted exactly.`});
  return Plot.plot({
    ...opts,
    caption: joinCaption(opts.caption as string | undefined, sampleNote(n, idx)),
    ...square(opts.width!, {marginTop: 24, marginRight: 24, marginBottom: 40, marginLeft: 56}),
    ...(opts.height !== undefined ? {height: opts.height} : {}),
    x: {...scale, label: options.xLabel ?? withUnit("Actual", unit)},
    y: {...scale, label: options.yLabel ?? withUnit("Predicted", unit)},
    color: order ? {type: "categorical", scheme, domain: order, legend: true, label: "Segment"} : undefined,
    marks: [
      Plot.line(
        [
          [domain[0], domain[0]],
          [domain[1], domain[1]]
        ],
        {stroke: REFERENCE, strokeWidth: 1.5, strokeDasharray: "6,4", className: "diagonal"}
      ),
      Plot.dot(actual, {
        x: actual,
        y: predicted,
        fill: segment ?? "#4269d0",
        r: 2.5,
        fillOpacity: 0.65,
        tip: true,
        className: "rows"
      })
    ]
  });
}
