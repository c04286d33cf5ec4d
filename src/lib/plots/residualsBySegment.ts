import * as Plot from "@observablehq/plot";
import {LibraryInputError} from "../base.js";
import {
  Columns,
  DEFAULT_SCHEME,
  REFERENCE,
  categories,
  ordered,
  compact,
  frame,
  withUnit,
  type Column,
  type CommonPlotOptions,
  type PlotData,
  type PlotElement
} from "./data.js";

export interface ResidualsBySegmentOptions extends CommonPlotOptions {
  /**
   * Residuals (actual − predicted). Default column "residual"; or give `actual` and `predicted` instead (used by
   * themselves when the data has columns "actual" and "predicted" but no "residual").
   */
  residual?: Column;
  /** Actual values, used with `predicted` when there is no residual column. */
  actual?: Column;
  /** Predicted values, used with `actual`. */
  predicted?: Column;
  /** The segment of each row. Default column "segment". */
  segment?: Column;
  /** Order of the segments along the axis (default sorted); colours stay those of the sorted segments. */
  segmentOrder?: readonly unknown[];
  /** Unit of the target, shown in the axis label: "$" gives "Residual ($)". */
  unit?: string;
  yLabel?: string;
  xLabel?: string;
}

/**
 * Box plot of residuals (actual − predicted) for each segment, with a rule at zero: a segment whose box sits away
 * from zero is one the model gets systematically wrong, even when the overall error looks fine.
 *
 * ```js
 * residualsBySegment({residual: residuals, segment: test.array("segment")}, {unit: "$", title: "Residuals by segment"})
 * residualsBySegment(test, {actual: "ltv", predicted: "ltv_pred"})   // segment column defaults to "segment"
 * ```
 */
export function residualsBySegment(data: PlotData | null | undefined, options: ResidualsBySegmentOptions = {}): PlotElement {
  const plot = "residualsBySegment";
  const cols = new Columns(plot, data);
  let residual: Float64Array;
  // Residuals come from a residual column, or from actual and predicted (named, or columns of those names).
  const fromPair =
    options.residual === undefined &&
    (options.actual !== undefined || options.predicted !== undefined || (!cols.has("residual") && cols.has("actual") && cols.has("predicted")));
  if (fromPair) {
    if ((options.actual === undefined) !== (options.predicted === undefined)) {
      throw new LibraryInputError(`${plot}: give both actual and predicted (or a residual column)`);
    }
    const actual = cols.numbers("actual", options.actual ?? "actual");
    const predicted = cols.numbers("predicted", options.predicted ?? "predicted");
    residual = actual.map((a, i) => a - predicted[i]!);
  } else {
    residual = cols.numbers("residual", options.residual ?? "residual");
  }
  const segment = cols.values("segment", options.segment ?? "segment").map(String);
  const order = ordered(segment, options.segmentOrder?.map(String));
  // colours follow the sorted segments (as in the other plots), whatever order the axis shows them in
  const colors = categories(segment);
  const {unit, scheme = DEFAULT_SCHEME} = options;
  return Plot.plot({
    ...frame(plot, options, {
      label: "Residuals by segment",
      description: `Mean residual per segment: ${order.map((s) => `${s} ${compact(meanOf(residual.filter((_, i) => segment[i] === s)))}`).join(", ")}.`
    }),
    marginLeft: 64,
    x: {domain: order, label: options.xLabel ?? null, padding: 0.35},
    // inset: a whisker ending at the lowest residual would otherwise touch the frame edge
    y: {grid: true, label: options.yLabel ?? withUnit("Residual: actual − predicted", unit), nice: true, inset: 8, tickFormat: compact},
    color: {type: "categorical", scheme, domain: colors},
    marks: [
      Plot.boxY(residual, {x: segment, fill: segment, fillOpacity: 0.85, r: 1.5, strokeOpacity: 0.6, className: "boxes"}),
      // drawn over the boxes so a box that straddles zero shows it
      Plot.ruleY([0], {stroke: REFERENCE, strokeWidth: 1.5, strokeDasharray: "6,4", className: "zero"})
    ]
  });
}

const meanOf = (xs: ArrayLike<number> & {reduce(f: (a: number, b: number) => number, init: number): number}): number => xs.reduce((a, b) => a + b, 0) / (xs.length || 1);
