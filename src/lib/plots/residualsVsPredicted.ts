import * as Plot from "@observablehq/plot";
import {
  Columns,
  compact,
  DEFAULT_SCHEME,
  REFERENCE,
  categories,
  frame,
  joinCaption,
  pick,
  sampleNote,
  spread,
  withUnit,
  type Column,
  type CommonPlotOptions,
  type PlotData,
  type PlotElement, predictionColumns} from "./data.js";

export interface ResidualsVsPredictedOptions extends CommonPlotOptions {
  /** Actual values. Default column "actual". */
  actual?: Column;
  /** Predicted values (x axis). Default column "predicted". */
  predicted?: Column;
  /** Optional segment of each row: dots are coloured by it, with a legend. Default: column "segment" if present; null for none. */
  segment?: Column | null;
  /** Unit of the target: "$" gives "Predicted ($)" and "Residual ($)". */
  unit?: string;
  /** Draw at most this many rows, evenly spread (default 5,000); the caption says so when rows are left out. */
  maxPoints?: number;
  xLabel?: string;
  yLabel?: string;
}

/**
 * Residuals (actual − predicted) against predictions, with a rule at zero. A good model leaves a shapeless band
 * around zero; a curve means a missed non-linearity, a funnel means errors that grow with the prediction.
 *
 * ```js
 * residualsVsPredicted({actual: yTest, predicted: yPred}, {unit: "$"})
 * ```
 */
export function residualsVsPredicted(data: PlotData | null | undefined, options: ResidualsVsPredictedOptions = {}): PlotElement {
  const plot = "residualsVsPredicted";
  const cols = new Columns(plot, data);
  const {actual: actualAll, predicted: predictedAll, segment: segmentAll} = predictionColumns(cols, options);
  const {unit, scheme = DEFAULT_SCHEME, maxPoints = 5000} = options;
  const n = actualAll.length;
  const idx = spread(n, maxPoints);
  const predicted = pick(predictedAll, idx);
  const residual = pick(actualAll, idx).map((a, i) => a - predicted[i]!);
  const segment = segmentAll && pick(segmentAll, idx);
  const order = segment && categories(segment);
  const opts = frame(plot, options, {
    label: "Residuals against predicted values",
    description: `${n} points; residuals from ${compact(Math.min(...residual))} to ${compact(Math.max(...residual))}${order ? `, by segment: ${order.join(", ")}` : ""}.`
  });
  return Plot.plot({
    ...opts,
    caption: joinCaption(opts.caption as string | undefined, sampleNote(n, idx)),
    marginLeft: 56,
    marginRight: 24,
    x: {label: options.xLabel ?? withUnit("Predicted", unit), grid: true, tickFormat: compact, nice: true},
    y: {label: options.yLabel ?? withUnit("Residual: actual − predicted", unit), grid: true, tickFormat: compact, nice: true},
    color: order ? {type: "categorical", scheme, domain: order, legend: true, label: "Segment"} : undefined,
    marks: [
      Plot.dot(predicted, {
        x: predicted,
        y: residual,
        fill: segment ?? "#4269d0",
        r: 2.5,
        fillOpacity: 0.65,
        tip: true,
        className: "rows"
      }),
      Plot.ruleY([0], {stroke: REFERENCE, strokeWidth: 1.5, strokeDasharray: "6,4", className: "zero"})
    ]
  });
}
