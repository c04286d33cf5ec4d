import * as Plot from "@observablehq/plot";
import {LibraryInputError, describe} from "../base.js";
import {Columns, REFERENCE, frame, type Column, type CommonPlotOptions, type PlotData, type PlotElement} from "./data.js";

export interface FeatureImportanceBarsOptions extends CommonPlotOptions {
  /** Feature names. Default column "feature". */
  feature?: Column;
  /** Importance of each feature. Default column "importance". */
  importance?: Column;
  /**
   * Optional spread of each importance (permutation importance's standard deviation), drawn as a whisker ±1 sd.
   * Default: column "std" when the data has one; null for none.
   */
  std?: Column | null;
  /** Keep only the `top` most important features. */
  top?: number;
  xLabel?: string;
}

/**
 * Horizontal bars of feature importances, most important at the top, with optional ±1 sd whiskers. Negative
 * permutation importances (shuffling the feature helped) show as bars left of zero.
 *
 * ```js
 * featureImportanceBars({feature: featureNames, importance: forest.featureImportances}, {title: "Impurity importance"})
 * ```
 */
export function featureImportanceBars(data: PlotData | null | undefined, options: FeatureImportanceBarsOptions = {}): PlotElement {
  const plot = "featureImportanceBars";
  const cols = new Columns(plot, data);
  const features = cols.values("feature", options.feature ?? "feature").map(String);
  const importance = cols.numbers("importance", options.importance ?? "importance");
  const stdSpec = options.std === undefined && cols.has("std") ? "std" : options.std;
  const std = stdSpec === undefined || stdSpec === null ? undefined : cols.numbers("std", stdSpec);
  const dup = features.find((f, i) => features.indexOf(f) !== i);
  if (dup !== undefined) throw new LibraryInputError(`${plot}: feature ${JSON.stringify(dup)} appears twice: one bar per feature`);
  const {top} = options;
  if (top !== undefined && (!Number.isInteger(top) || top < 1)) {
    throw new LibraryInputError(`${plot}: top is ${describe(top)}: expected a whole number of features, at least 1`);
  }
  const order = Array.from(importance.keys())
    .sort((a, b) => importance[b]! - importance[a]!)
    .slice(0, top ?? importance.length);
  const f = order.map((i) => features[i]!);
  const v = order.map((i) => importance[i]!);
  const longest = Math.max(...f.map((s) => s.length));
  const marks: Plot.Markish[] = [
    Plot.barX(v, {x: v, y: f, fill: "#4269d0", className: "bars", tip: true}),
    Plot.ruleX([0], {stroke: REFERENCE, className: "zero"})
  ];
  if (std) {
    const s = order.map((i) => std[i]!);
    marks.push(
      Plot.ruleY(v, {y: f, x1: v.map((m, j) => m - s[j]!), x2: v.map((m, j) => m + s[j]!), stroke: "#333", strokeWidth: 1.5, className: "whiskers"})
    );
  }
  return Plot.plot({
    ...frame(plot, options, {
      label: "Feature importance bars",
      description: `${v.length} features, most important first: ${f.slice(0, 3).map((name, j) => `${name} ${v[j]!.toPrecision(3)}`).join(", ")}${v.length > 3 ? ", …" : ""}.`
    }),
    // Plot's default left margin (40 px) cuts long feature names: size it from the longest name (~6.5 px a letter).
    marginLeft: Math.min(260, Math.max(60, Math.round(longest * 6.5) + 14)),
    marginRight: 24,
    height: options.height ?? 50 + 24 * f.length,
    x: {label: options.xLabel ?? "Importance", grid: true, nice: true},
    y: {domain: f, label: null, padding: 0.2},
    marks
  });
}
