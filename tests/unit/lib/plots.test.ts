// The library's plots render in Node through a jsdom document (the `document` option every plot passes to Plot).
// Each test reads the SVG back: which marks exist, how many, where, in what colour.

import * as aq from "arquero";
import {JSDOM} from "jsdom";
import {describe, expect, it} from "vitest";
import {calibrationTable, rocAucScore, rocCurve} from "../../../src/lib/metrics/classification.js";
import {
  calibrationPlot,
  clusterScatter,
  elbowPlot,
  featureImportanceBars,
  predictedVsActual,
  residualsBySegment,
  residualsVsPredicted,
  rocCurvePlot,
  type PlotElement
} from "../../../src/lib/plots/index.js";

const {document} = new JSDOM("<!doctype html><body></body>").window;

// observable10, the default categorical scheme
const PALETTE = ["#4269d0", "#efb118", "#ff725c", "#6cc5b0", "#3ca951", "#ff8ab7", "#a463f2", "#97bbf5", "#9c6b4e", "#9498a0"];

function marks(el: Element, className: string): Element[] {
  return Array.from(el.querySelectorAll(`g.${className}`));
}
function shapes(el: Element, className: string, tag: string): Element[] {
  return marks(el, className).flatMap((g) => Array.from(g.querySelectorAll(tag)));
}
const num = (e: Element, attr: string) => Number(e.getAttribute(attr));
type Scale = {domain: unknown[]; range: number[]; apply(v: unknown): number};
const scale = (el: PlotElement, name: string) => (el as unknown as {scale(n: string): Scale}).scale(name);
/** Parse "M x,y L x,y ..." into points. */
function pathPoints(d: string): Array<[number, number]> {
  return Array.from(d.matchAll(/[ML]\s*(-?[\d.e+-]+)[ ,](-?[\d.e+-]+)/g), (m) => [Number(m[1]), Number(m[2])] as [number, number]);
}
/** The plot's own SVG (not a legend swatch). */
function mainSvg(el: PlotElement): SVGSVGElement {
  const svg = el.tagName.toLowerCase() === "svg" ? el : Array.from(el.querySelectorAll("svg")).find((s) => /^plot-\w+$/.test(s.getAttribute("class") ?? ""));
  if (!svg) throw new Error("no plot svg");
  return svg as SVGSVGElement;
}

// A small regression data set in three segments.
const segs = ["Standard", "Standard", "Standard", "Standard", "Premium", "Premium", "Premium", "Enterprise", "Enterprise"];
const actual = [100, 120, 140, 160, 300, 320, 500, 2000, 2600];
const predicted = [110, 115, 150, 150, 250, 260, 400, 1500, 1800];

describe("the shared data helper (through the plots)", () => {
  it("reads an arquero table, rows of objects and an object of columns the same way", () => {
    const rows = actual.map((a, i) => ({actual: a, predicted: predicted[i], segment: segs[i]}));
    const table = aq.from(rows);
    const cols = {actual, predicted, segment: segs};
    const svgs = [table, rows, cols].map((d) => mainSvg(predictedVsActual(d, {document})));
    for (const svg of svgs) expect(shapes(svg, "rows", "circle")).toHaveLength(actual.length);
    const positions = svgs.map((svg) => shapes(svg, "rows", "circle").map((c) => [num(c, "cx"), num(c, "cy"), c.getAttribute("fill")]));
    expect(positions[1]).toEqual(positions[0]);
    expect(positions[2]).toEqual(positions[0]);
  });

  it("takes arrays in the options instead of column names", () => {
    const el = predictedVsActual(null, {actual, predicted: Float64Array.from(predicted), segment: segs, document});
    expect(shapes(el, "rows", "circle")).toHaveLength(actual.length);
  });

  it("names a missing column, the columns there are, and how to fix it", () => {
    const table = aq.table({ltv: actual, pred: predicted});
    expect(() => predictedVsActual(table, {document})).toThrow(
      /predictedVsActual: no column "actual" for actual; the data has "ltv", "pred"\. Pass \{actual: "<column name>"\}/
    );
    expect(() => residualsBySegment([{residual: 1}], {document})).toThrow(/no column "segment" for segment; the data has "residual"/);
  });

  it("rejects columns of different lengths, non-numbers and bad data", () => {
    expect(() => predictedVsActual({actual, predicted: predicted.slice(1)}, {document})).toThrow(
      /"predicted" has 8 values but "actual" has 9 rows: give one value per row/
    );
    expect(() => residualsVsPredicted(aq.table({actual, predicted}), {segment: ["a"], document})).toThrow(
      /segment \(an array\) has 1 values but the table has 9 rows/
    );
    expect(() => predictedVsActual({actual: [1, NaN], predicted: [1, 2]}, {document})).toThrow(/column "actual"\[1\] is NaN: expected finite numbers/);
    expect(() => predictedVsActual([], {document})).toThrow(/the data has no rows/);
    expect(() => predictedVsActual(42 as never, {document})).toThrow(/expected an arquero table, an array of row objects or an object of columns/);
    expect(() => predictedVsActual({actual, predicted}, {width: 10, document})).toThrow(/width is 10: expected a number of pixels/);
  });
});

describe("residualsBySegment", () => {
  it("draws one box per segment, coloured apart, and a zero rule at y = 0", () => {
    const residual = actual.map((a, i) => a - predicted[i]!);
    const el = residualsBySegment({residual, segment: segs}, {unit: "$", title: "Residuals", document});
    const boxes = marks(el, "boxes").find((g) => g.getAttribute("aria-label") === "bar")!;
    const rects = Array.from(boxes.querySelectorAll("rect"));
    expect(rects).toHaveLength(3);
    expect(new Set(rects.map((r) => r.getAttribute("fill")))).toEqual(new Set(PALETTE.slice(0, 3)));
    const zero = shapes(el, "zero", "line");
    expect(zero).toHaveLength(1);
    expect(num(zero[0]!, "y1")).toBeCloseTo(scale(el, "y").apply(0), 6);
    expect(el.querySelector("h2")?.textContent).toBe("Residuals");
    expect(el.textContent).toContain("Residual: actual − predicted ($)");
  });

  it("computes residuals from actual and predicted, and puts each median where it belongs", () => {
    const el = residualsBySegment({actual, predicted, segment: segs}, {segmentOrder: ["Standard", "Premium", "Enterprise"], document});
    expect(scale(el, "x").domain).toEqual(["Standard", "Premium", "Enterprise"]);
    const medians = shapes(el, "boxes", "line").filter((l) => l.closest("g")?.getAttribute("aria-label") === "tick");
    // Standard residuals -10, 5, -10, 10 → median -2.5; Premium 50, 60, 100 → 60; Enterprise 500, 800 → 650
    const y = scale(el, "y");
    expect(medians.map((l) => num(l, "y1")).sort((a, b) => a - b)).toEqual([650, 60, -2.5].map((v) => y.apply(v)).sort((a, b) => a - b));
  });

  it("gives a segment the same colour in every plot, whatever the row order or axis order", () => {
    const boxFills = (el: Element) => {
      const g = marks(el, "boxes").find((m) => m.getAttribute("aria-label") === "bar")!;
      const x = scale(el as PlotElement, "x");
      // each box's colour, keyed by the segment whose band it sits in
      return Object.fromEntries(
        Array.from(g.querySelectorAll("rect")).map((r) => [
          (x.domain as string[]).find((s) => Math.abs(x.apply(s) - num(r, "x")) < 1)!,
          r.getAttribute("fill")
        ])
      );
    };
    const reversed = (a: readonly unknown[]) => [...a].reverse();
    const a = boxFills(residualsBySegment({actual, predicted, segment: segs}, {document}));
    const b = boxFills(
      residualsBySegment(
        {actual: reversed(actual), predicted: reversed(predicted), segment: reversed(segs)},
        {segmentOrder: ["Standard", "Premium", "Enterprise"], document}
      )
    );
    expect(b).toEqual(a);
    const dots = shapes(predictedVsActual({actual, predicted, segment: segs}, {document}), "rows", "circle");
    segs.forEach((s, i) => expect(dots[i]!.getAttribute("fill")).toBe(a[s]));
  });

  it("asks for both actual and predicted", () => {
    expect(() => residualsBySegment({actual, segment: segs}, {actual: "actual", document})).toThrow(/give both actual and predicted/);
  });
});

describe("predictedVsActual", () => {
  it("draws the y = x diagonal across equal x and y scales, in a square", () => {
    const el = predictedVsActual({actual, predicted, segment: segs}, {unit: "$", document});
    const x = scale(el, "x");
    const y = scale(el, "y");
    expect(x.domain).toEqual(y.domain);
    expect(Math.abs(x.range[1]! - x.range[0]!)).toBeCloseTo(Math.abs(y.range[1]! - y.range[0]!), 0);
    const diagonal = shapes(el, "diagonal", "path");
    expect(diagonal).toHaveLength(1);
    const pts = pathPoints(diagonal[0]!.getAttribute("d")!);
    expect(pts).toHaveLength(2);
    // both ends lie on y = x, at the two ends of the shared domain
    for (const [px, py] of pts) expect(invert(x, px)).toBeCloseTo(invert(y, py), 6);
    expect(pts.map(([px]) => invert(x, px)).sort((a, b) => a - b)).toEqual(x.domain.map((v) => expect.closeTo(v as number, 6)));
    const labels = el.textContent ?? "";
    expect(labels).toContain("Actual ($)");
    expect(labels).toContain("Predicted ($)");
  });

  it("colours dots by segment with a legend, picking up a segment column by itself", () => {
    const el = predictedVsActual(aq.table({actual, predicted, segment: segs}), {document});
    const dots = shapes(el, "rows", "circle");
    const fillOf = (s: string) => new Set(dots.filter((_, i) => segs[i] === s).map((d) => d.getAttribute("fill")));
    expect(fillOf("Standard").size).toBe(1);
    expect(fillOf("Standard")).not.toEqual(fillOf("Premium"));
    expect(el.querySelectorAll("[class$=swatch]").length).toBe(3);
    const plain = predictedVsActual({actual, predicted}, {document});
    expect(plain.querySelectorAll("[class$=swatch]").length).toBe(0);
  });

  it("draws at most maxPoints rows and says so in the caption", () => {
    const n = 12_000;
    const a = Array.from({length: n}, (_, i) => i);
    const el = predictedVsActual({actual: a, predicted: a}, {document});
    expect(shapes(el, "rows", "circle")).toHaveLength(5000);
    expect(el.querySelector("figcaption")?.textContent).toContain("Showing 5,000 of 12,000 rows");
  });

  it("needs values above 0 for log axes", () => {
    expect(scale(predictedVsActual({actual, predicted}, {log: true, document}), "x").domain[0]).toBeGreaterThan(0);
    expect(() => predictedVsActual({actual: [0, 1], predicted: [1, 2]}, {log: true, document})).toThrow(/actual\[0\] is 0: log axes need values above 0/);
  });
});

function invert(s: Scale, px: number): number {
  return (s as unknown as {invert(v: number): number}).invert(px);
}

describe("residualsVsPredicted", () => {
  it("puts each row at (predicted, actual − predicted) with a zero rule", () => {
    const el = residualsVsPredicted({actual, predicted}, {document});
    const x = scale(el, "x");
    const y = scale(el, "y");
    const dots = shapes(el, "rows", "circle");
    expect(dots).toHaveLength(actual.length);
    dots.forEach((d, i) => {
      expect(num(d, "cx")).toBeCloseTo(x.apply(predicted[i]), 6);
      expect(num(d, "cy")).toBeCloseTo(y.apply(actual[i]! - predicted[i]!), 6);
    });
    expect(num(shapes(el, "zero", "line")[0]!, "y1")).toBeCloseTo(y.apply(0), 6);
  });
});

describe("elbowPlot", () => {
  const k = [3, 1, 2, 4, 5];
  const inertia = [8552, 31703, 16262, 1228, 1101];

  it("draws the curve in order of k and rings the chosen k with a label", () => {
    const el = elbowPlot({k, inertia}, {chosenK: 4, document});
    const x = scale(el, "x");
    const y = scale(el, "y");
    const line = pathPoints(shapes(el, "inertia", "path")[0]!.getAttribute("d")!);
    expect(line.map(([px]) => Math.round(invert(x, px)))).toEqual([1, 2, 3, 4, 5]);
    const ring = shapes(el, "chosen-k", "circle");
    expect(ring).toHaveLength(1);
    expect(num(ring[0]!, "cx")).toBeCloseTo(x.apply(4), 6);
    expect(num(ring[0]!, "cy")).toBeCloseTo(y.apply(1228), 6);
    expect(shapes(el, "chosen-k-label", "text")[0]!.textContent).toBe("k = 4");
    expect(shapes(el, "chosen-k-rule", "line")).toHaveLength(1);
    expect(y.domain[0]).toBe(0);
  });

  it("draws no mark for a chosen k when none is given, and rejects one not on the curve", () => {
    expect(marks(elbowPlot({k, inertia}, {document}), "chosen-k")).toHaveLength(0);
    expect(() => elbowPlot({k, inertia}, {chosenK: 9, document})).toThrow(/chosenK is 9 but the curve has k = 1, 2, 3, 4, 5/);
    expect(() => elbowPlot({k: [1, 2.5], inertia: [3, 2]}, {document})).toThrow(/k\[1\] is 2.5: expected whole numbers/);
  });
});

describe("clusterScatter", () => {
  // 200 points around five centres, as in the mall-customers drill
  const x: number[] = [];
  const y: number[] = [];
  const cluster: number[] = [];
  const centers = [
    [25, 20],
    [25, 80],
    [55, 50],
    [88, 18],
    [88, 82]
  ];
  for (let i = 0; i < 200; i++) {
    const c = i % 5;
    x.push(centers[c]![0]! + ((i * 7) % 11) - 5);
    y.push(centers[c]![1]! + ((i * 13) % 9) - 4);
    cluster.push(c);
  }

  it("colours points by cluster and marks each centre with a star in its cluster's colour and a label", () => {
    const el = clusterScatter({x, y, cluster}, {centers, document});
    const points = shapes(el, "points", "circle");
    expect(points).toHaveLength(200);
    const centreShapes = shapes(el, "centres", "path");
    expect(centreShapes).toHaveLength(5);
    centreShapes.forEach((c, j) => {
      const pointFill = points[j]!.getAttribute("fill"); // point j is in cluster j % 5 = j
      expect(c.getAttribute("fill")).toBe(pointFill);
      expect(c.getAttribute("fill")).toBe(PALETTE[j]);
    });
    expect(shapes(el, "centre-labels", "text").map((t) => t.textContent)).toEqual(["cluster 0", "cluster 1", "cluster 2", "cluster 3", "cluster 4"]);
    // centres are labelled on the plot, so no legend is needed
    expect(el.querySelectorAll("[class$=swatch]").length).toBe(0);
  });

  it("rings the highlighted point in a contrasting colour, where it is, with its label", () => {
    const el = clusterScatter({x, y, cluster}, {centers, highlight: {x: 62, y: 44, label: "new customer"}, document});
    const sx = scale(el, "x");
    const sy = scale(el, "y");
    const ring = shapes(el, "highlight", "circle");
    expect(ring).toHaveLength(1);
    expect(num(ring[0]!, "cx")).toBeCloseTo(sx.apply(62), 6);
    expect(num(ring[0]!, "cy")).toBeCloseTo(sy.apply(44), 6);
    expect(num(ring[0]!, "r")).toBeGreaterThan(3.5 * 2);
    const stroke = marks(el, "highlight")[0]!.getAttribute("stroke")!;
    expect(PALETTE).not.toContain(stroke);
    expect(shapes(el, "highlight-label", "text")[0]!.textContent).toBe("new customer");
    // it moves with the slider
    const moved = clusterScatter({x, y, cluster}, {centers, highlight: {x: 30, y: 70}, document});
    expect(num(shapes(moved, "highlight", "circle")[0]!, "cx")).toBeCloseTo(scale(moved, "x").apply(30), 6);
    expect(shapes(moved, "highlight-label", "text")[0]!.textContent).toBe("selected");
    expect(marks(clusterScatter({x, y, cluster}, {document}), "highlight")).toHaveLength(0);
  });

  it("uses named columns and plain points", () => {
    const el = clusterScatter(aq.table({income: x, score: y}), {x: "income", y: "score", cluster: null, document});
    expect(shapes(el, "points", "circle")).toHaveLength(200);
    expect(el.textContent).toContain("income");
  });

  it("gives clear errors", () => {
    expect(() => clusterScatter({x, y, cluster}, {centers: [[1, 2, 3]], document})).toThrow(/centers\[0\] is an array of length 3: expected \[x, y\]/);
    expect(() => clusterScatter({x, y, cluster}, {highlight: {x: NaN, y: 1}, document})).toThrow(/highlight is \{x: NaN, y: 1\}/);
    expect(() => clusterScatter({x, y: y.slice(1), cluster}, {document})).toThrow(/"y" has 199 values but "x" has 200 rows/);
    expect(() => clusterScatter({x, y, cluster}, {centers, centerLabels: ["a"], document})).toThrow(/centerLabels has 1 labels but there are 5 centres/);
  });
});

describe("featureImportanceBars", () => {
  const feature = ["hour_of_day", "engagement_depth", "is_weekend", "utm_source_google"];
  const importance = [0.06, 0.41, -0.01, 0.03];

  it("draws one bar per feature, most important at the top", () => {
    const el = featureImportanceBars({feature, importance}, {document});
    const bars = shapes(el, "bars", "rect");
    expect(bars).toHaveLength(4);
    const y = scale(el, "y");
    expect(y.domain).toEqual(["engagement_depth", "hour_of_day", "utm_source_google", "is_weekend"]);
    const order = ["engagement_depth", "hour_of_day", "utm_source_google", "is_weekend"];
    // bar i is feature order[i]: placed in its band, widths falling (the negative one left of zero)
    bars.forEach((b, i) => expect(num(b, "y")).toBeCloseTo(y.apply(order[i]), 6));
    const x = scale(el, "x");
    expect(num(bars[0]!, "width")).toBeCloseTo(x.apply(0.41) - x.apply(0), 6);
    expect(num(bars[3]!, "x")).toBeCloseTo(x.apply(-0.01), 6);
    expect(num(bars[0]!, "y")).toBeLessThan(num(bars[1]!, "y"));
    expect(shapes(el, "zero", "line")).toHaveLength(1);
  });

  it("keeps the top features and draws ±1 sd whiskers from a std column", () => {
    const el = featureImportanceBars({feature, importance, std: [0.01, 0.05, 0.02, 0.01]}, {top: 2, document});
    expect(shapes(el, "bars", "rect")).toHaveLength(2);
    const whiskers = shapes(el, "whiskers", "line");
    expect(whiskers).toHaveLength(2);
    const x = scale(el, "x");
    // engagement_depth: 0.41 ± 0.05
    expect(num(whiskers[0]!, "x1")).toBeCloseTo(x.apply(0.36), 6);
    expect(num(whiskers[0]!, "x2")).toBeCloseTo(x.apply(0.46), 6);
  });

  it("makes room for long feature names", () => {
    const el = featureImportanceBars({feature: ["a_very_long_feature_name_indeed", "b"], importance: [1, 2]}, {document});
    expect(scale(el, "x").range[0]).toBeGreaterThan(6 * "a_very_long_feature_name_indeed".length);
  });

  it("gives clear errors", () => {
    expect(() => featureImportanceBars({feature: ["a", "a"], importance: [1, 2]}, {document})).toThrow(/feature "a" appears twice/);
    expect(() => featureImportanceBars({feature, importance}, {top: 0, document})).toThrow(/top is 0/);
    expect(() => featureImportanceBars({name: feature, importance}, {document})).toThrow(/no column "feature" for feature/);
  });
});

describe("rocCurvePlot", () => {
  const yTrue = [0, 0, 1, 1, 0, 1, 0, 1, 1, 0, 0, 1];
  const scores = [0.1, 0.4, 0.35, 0.8, 0.2, 0.9, 0.6, 0.7, 0.3, 0.05, 0.5, 0.65];

  it("draws the curve through sklearn's ROC points, the chance diagonal and the AUC in the subtitle", () => {
    const el = rocCurvePlot({yTrue, scores}, {title: "ROC", document});
    const diag = pathPoints(shapes(el, "diagonal", "path")[0]!.getAttribute("d")!);
    const x = scale(el, "x");
    const y = scale(el, "y");
    expect(diag.map(([px, py]) => [invert(x, px), invert(y, py)].map((v) => Math.round(v * 1e9) / 1e9))).toEqual([
      [0, 0],
      [1, 1]
    ]);
    const curve = pathPoints(shapes(el, "roc-curve", "path")[0]!.getAttribute("d")!);
    const {fpr, tpr} = rocCurve(yTrue, scores);
    expect(curve).toHaveLength(fpr.length);
    // Plot writes path coordinates to 3 decimals
    curve.forEach(([px, py], i) => {
      expect(px).toBeCloseTo(x.apply(fpr[i]), 2);
      expect(py).toBeCloseTo(y.apply(tpr[i]), 2);
    });
    expect(el.querySelector("h3")?.textContent).toBe(`AUC = ${rocAucScore(yTrue, scores).toFixed(3)}`);
  });

  it("marks the operating point of a threshold", () => {
    const el = rocCurvePlot({yTrue, scores}, {threshold: 0.5, document});
    // score >= 0.5: positives 0.8, 0.9, 0.7, 0.65 (4 of 6), negatives 0.6, 0.5 (2 of 6)
    const dot = shapes(el, "operating-point", "circle")[0]!;
    expect(num(dot, "cx")).toBeCloseTo(scale(el, "x").apply(2 / 6), 6);
    expect(num(dot, "cy")).toBeCloseTo(scale(el, "y").apply(4 / 6), 6);
    expect(shapes(el, "operating-point-label", "text")[0]!.textContent).toContain("threshold 0.5");
  });

  it("compares named models with one coloured curve each and their AUCs", () => {
    const other = scores.map((s, i) => (i % 2 ? s : 1 - s));
    const el = rocCurvePlot({yTrue, a: scores}, {scores: {Logistic: "a", Forest: other}, document});
    const paths = shapes(el, "roc-curve", "path");
    expect(paths).toHaveLength(2);
    expect(new Set(paths.map((p) => p.getAttribute("stroke"))).size).toBe(2);
    expect(el.querySelectorAll("[class$=swatch]").length).toBe(2);
    expect(el.querySelector("h3")?.textContent).toBe(
      `AUC = Logistic ${rocAucScore(yTrue, scores).toFixed(3)}, Forest ${rocAucScore(yTrue, other).toFixed(3)}`
    );
    expect(() => rocCurvePlot({yTrue}, {scores: {A: scores, B: other}, threshold: 0.5, document})).toThrow(/threshold marks one model/);
  });

  it("passes the metrics' errors on, naming the plot", () => {
    expect(() => rocCurvePlot({yTrue: yTrue.map(() => 1), scores}, {document})).toThrow(/rocCurvePlot: rocAucScore is undefined when yTrue has only one class/);
    expect(() => rocCurvePlot({yTrue: yTrue.map((v) => v * 2), scores}, {document})).toThrow(/rocCurvePlot: yTrue\[2\] is 2: expected binary labels/);
    expect(() => rocCurvePlot({yTrue, p: scores}, {document})).toThrow(/no column "scores" for scores/);
  });
});

describe("calibrationPlot", () => {
  const yTrue = [0, 0, 0, 0, 1, 1, 1, 1, 1];
  const probs = [0.1, 0.2, 0.3, 0.4, 0.65, 0.7, 0.8, 0.9, 1];

  it("draws one dot per non-empty bin at (mean predicted, fraction positive) and the diagonal", () => {
    const el = calibrationPlot({yTrue, probs}, {nBins: 3, document});
    const dots = shapes(el, "bins", "circle");
    const table = calibrationTable(yTrue, probs, {nBins: 3});
    expect(dots).toHaveLength(table.length);
    const x = scale(el, "x");
    const y = scale(el, "y");
    // Plot draws larger dots first, so match dots to bins by position
    const byX = [...dots].sort((a, b) => num(a, "cx") - num(b, "cx"));
    byX.forEach((d, i) => {
      expect(num(d, "cx")).toBeCloseTo(x.apply(table[i]!.meanPredicted), 6);
      expect(num(d, "cy")).toBeCloseTo(y.apply(table[i]!.fractionPositive), 6);
    });
    // bigger bins get bigger dots: counts are 3, 2, 4
    expect(num(byX[2]!, "r")).toBeGreaterThan(num(byX[0]!, "r"));
    expect(num(byX[0]!, "r")).toBeGreaterThan(num(byX[1]!, "r"));
    expect(shapes(el, "diagonal", "path")).toHaveLength(1);
    expect(x.domain).toEqual([0, 1]);
    expect(y.domain).toEqual([0, 1]);
    expect(el.querySelector("figcaption")?.textContent).toContain("perfect calibration");
  });

  it("zooms both axes alike onto small probabilities (rare positives), unless asked not to", () => {
    // 200 rows predicted at 0.02 .. 0.2, about that share positive
    const probs = Array.from({length: 200}, (_, i) => 0.02 + (0.18 * i) / 199);
    const yTrue = probs.map((p, i) => ((i * 37) % 100) / 100 < p ? 1 : 0);
    const el = calibrationPlot({yTrue, probs}, {document});
    const x = scale(el, "x");
    const y = scale(el, "y");
    expect(x.domain).toEqual(y.domain);
    expect(x.domain[1]).toBeLessThan(0.5);
    expect(x.domain[1]).toBeGreaterThanOrEqual(Math.max(...calibrationTable(yTrue, probs).map((r) => Math.max(r.meanPredicted, r.fractionPositive))));
    expect(el.querySelector("h3")?.textContent).toContain(`axes zoomed to 0–${x.domain[1]}`);
    const diag = pathPoints(shapes(el, "diagonal", "path")[0]!.getAttribute("d")!);
    expect(invert(x, diag[1]![0])).toBeCloseTo(x.domain[1] as number, 6);
    expect(scale(calibrationPlot({yTrue, probs}, {zoom: false, document}), "x").domain).toEqual([0, 1]);
  });

  it("compares named models and checks its input", () => {
    const el = calibrationPlot({yTrue}, {probs: {A: probs, B: probs.map((p) => p * 0.9)}, strategy: "quantile", nBins: 3, document});
    expect(shapes(el, "calibration-curve", "path")).toHaveLength(2);
    expect(el.querySelector("h3")?.textContent).toContain("equal-count");
    expect(() => calibrationPlot({yTrue, probs: probs.map((p) => p * 10)}, {document})).toThrow(/calibrationPlot: probs\[1\] is 2: expected probabilities/);
  });
});
