import * as Plot from "@observablehq/plot";
import {LibraryInputError, describe} from "../base.js";
import {precisionRecallAtThreshold, rocAucScore, rocCurve} from "../metrics/classification.js";
import {
  Columns,
  DEFAULT_SCHEME,
  HIGHLIGHT,
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

export interface RocCurvePlotOptions extends CommonPlotOptions {
  /** True 0/1 labels. Default column "yTrue". */
  yTrue?: Column;
  /**
   * Scores or probabilities of class 1. Default column "scores". To compare models, name several:
   * `{Logistic: pLogistic, Forest: pForest}` (each a column name or an array).
   */
  scores?: Series;
  /** Mark the operating point where rows with score >= threshold are predicted positive (one model only). */
  threshold?: number;
}

/**
 * ROC curve: true positive rate against false positive rate as the threshold falls, with the chance diagonal and
 * the AUC in the subtitle (one curve per model when several are named).
 *
 * ```js
 * rocCurvePlot({yTrue: yTest, scores: clf.predictProba(XTest)}, {threshold: 0.5})
 * ```
 */
export function rocCurvePlot(data: PlotData | null | undefined, options: RocCurvePlotOptions = {}): PlotElement {
  const plot = "rocCurvePlot";
  const cols = new Columns(plot, data);
  const yTrue = cols.values("yTrue", options.yTrue ?? "yTrue") as Array<number | boolean>;
  const series = seriesEntries(plot, "scores", options.scores ?? "scores");
  const named = series.length > 1 || series[0]![0] !== "";
  const {scheme = DEFAULT_SCHEME, threshold} = options;
  if (threshold !== undefined && named && series.length > 1) {
    throw new LibraryInputError(`${plot}: threshold marks one model's operating point: pass a single scores column with it`);
  }
  const fpr: number[] = [];
  const tpr: number[] = [];
  const model: string[] = [];
  const aucs: string[] = [];
  const names: string[] = [];
  let op: {fpr: number; tpr: number} | undefined;
  for (const [name, spec] of series) {
    const scores = cols.numbers(name ? `scores.${name}` : "scores", spec);
    let auc: number;
    let curve: ReturnType<typeof rocCurve>;
    try {
      auc = rocAucScore(yTrue, scores);
      curve = rocCurve(yTrue, scores);
    } catch (e) {
      throw new LibraryInputError(`${plot}: ${(e as Error).message}`);
    }
    const label = name ? `${name} (AUC ${auc.toFixed(3)})` : "model";
    names.push(label);
    aucs.push(name ? `${name} ${auc.toFixed(3)}` : auc.toFixed(3));
    for (let i = 0; i < curve.fpr.length; i++) {
      fpr.push(curve.fpr[i]!);
      tpr.push(curve.tpr[i]!);
      model.push(label);
    }
    if (threshold !== undefined) {
      if (typeof threshold !== "number" || Number.isNaN(threshold)) {
        throw new LibraryInputError(`${plot}: threshold is ${describe(threshold)}: expected a number, such as 0.5`);
      }
      const r = precisionRecallAtThreshold(yTrue, scores, threshold);
      op = {fpr: r.fp / (r.fp + r.tn), tpr: r.recall};
    }
  }
  const opts = frame(plot, options, {label: "ROC curve: true positive rate against false positive rate", description: `Area under the curve: ${aucs.join(", ")}.`});
  const marks: Plot.Markish[] = [
    Plot.line(
      [
        [0, 0],
        [1, 1]
      ],
      {stroke: REFERENCE, strokeDasharray: "6,4", strokeWidth: 1.5, className: "diagonal"}
    ),
    Plot.text([[0.62, 0.55]], {
      text: ["chance (AUC 0.5)"],
      fill: REFERENCE,
      rotate: -45,
      textAnchor: "middle",
      fontSize: 11,
      className: "chance-label"
    }),
    Plot.line(fpr, {x: fpr, y: tpr, z: model, stroke: named ? model : "#4269d0", strokeWidth: 2.5, className: "roc-curve"})
  ];
  if (op) {
    marks.push(
      Plot.dot([op], {x: "fpr", y: "tpr", r: 7, stroke: HIGHLIGHT, strokeWidth: 2.5, fill: "white", className: "operating-point"}),
      Plot.text([op], {
        x: "fpr",
        y: "tpr",
        text: () => `threshold ${threshold}\nTPR ${op!.tpr.toFixed(2)}, FPR ${op!.fpr.toFixed(2)}`,
        dx: 12,
        dy: 16,
        textAnchor: "start",
        lineAnchor: "top",
        fontSize: 11,
        fill: HIGHLIGHT,
        stroke: "white",
        strokeWidth: 4,
        paintOrder: "stroke",
        className: "operating-point-label"
      })
    );
  }
  return Plot.plot({
    ...opts,
    subtitle: opts.subtitle ?? `AUC = ${aucs.join(", ")}`,
    ...square(opts.width!, {marginTop: 24, marginRight: 24, marginBottom: 40, marginLeft: 44}),
    ...(opts.height !== undefined ? {height: opts.height} : {}),
    x: {domain: [0, 1], label: "False positive rate", grid: true, ticks: 10},
    y: {domain: [0, 1], label: "True positive rate (recall)", grid: true, ticks: 10},
    color: named ? {type: "categorical", scheme, domain: names, legend: true} : undefined,
    marks
  });
}
