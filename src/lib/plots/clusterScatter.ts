import * as Plot from "@observablehq/plot";
import {LibraryInputError, describe} from "../base.js";
import {
  Columns,
  DEFAULT_SCHEME,
  HIGHLIGHT,
  categories,
  frame,
  joinCaption,
  pick,
  sampleNote,
  spread,
  type Column,
  type CommonPlotOptions,
  type PlotData,
  type PlotElement
} from "./data.js";

/** A point to pick out, such as "this customer". */
export interface HighlightPoint {
  x: number;
  y: number;
  /** Text beside the ring; default "selected". */
  label?: string;
}

export interface ClusterScatterOptions extends CommonPlotOptions {
  /** Horizontal coordinate. Default column "x". */
  x?: Column;
  /** Vertical coordinate. Default column "y". */
  y?: Column;
  /** Cluster label of each row (KMeans `labels`). Default column "cluster"; pass null to draw plain points. */
  cluster?: Column | null;
  /** Cluster centres as [x, y] rows, in cluster order (KMeans `clusterCenters` for these two features). */
  centers?: ReadonlyArray<ArrayLike<number>>;
  /** Text beside each centre; default "cluster 0", "cluster 1", ... */
  centerLabels?: readonly string[];
  /** A point to pick out with a large ring in a contrasting colour and a label. */
  highlight?: HighlightPoint | null;
  /** Draw at most this many rows, evenly spread (default 5,000). */
  maxPoints?: number;
  xLabel?: string;
  yLabel?: string;
}

/**
 * Points coloured by cluster, each centre a large star in its cluster's colour with a label, and an optional
 * highlighted point (a dark ring and a label) to answer "which cluster is this customer in?". Cheap enough to
 * redraw on every slider move: 200 points take a few milliseconds.
 *
 * ```js
 * clusterScatter(customers, {x: "annual_income", y: "spending_score", cluster: km.labels,
 *   centers: km.clusterCenters, highlight: {x: income, y: score, label: "new customer"}})
 * ```
 */
export function clusterScatter(data: PlotData | null | undefined, options: ClusterScatterOptions = {}): PlotElement {
  const plot = "clusterScatter";
  const cols = new Columns(plot, data);
  const xAll = cols.numbers("x", options.x ?? "x");
  const yAll = cols.numbers("y", options.y ?? "y");
  const clusterAll = options.cluster === null ? undefined : cols.values("cluster", options.cluster ?? "cluster");
  const {scheme = DEFAULT_SCHEME, maxPoints = 5000, highlight} = options;
  const n = xAll.length;
  const idx = spread(n, maxPoints);
  const x = pick(xAll, idx);
  const y = pick(yAll, idx);
  const cluster = clusterAll && pick(clusterAll, idx);

  const centers = (options.centers ?? []).map((c, j) => {
    if (!c || typeof c.length !== "number" || c.length !== 2 || !Number.isFinite(c[0]) || !Number.isFinite(c[1])) {
      throw new LibraryInputError(
        `${plot}: centers[${j}] is ${describe(c && c.length !== undefined ? Array.from(c) : c)}: expected [x, y], two finite numbers ` +
          `(if the model used more features, pass the centres' coordinates for these two)`
      );
    }
    return [c[0]!, c[1]!] as const;
  });
  const centerLabels = options.centerLabels ?? centers.map((_, j) => `cluster ${j}`);
  if (centerLabels.length !== centers.length) {
    throw new LibraryInputError(`${plot}: centerLabels has ${centerLabels.length} labels but there are ${centers.length} centres`);
  }
  if (highlight != null && (!Number.isFinite(highlight.x) || !Number.isFinite(highlight.y))) {
    throw new LibraryInputError(
      `${plot}: highlight is {x: ${describe(highlight.x)}, y: ${describe(highlight.y)}}: expected finite x and y`
    );
  }
  // Centre j belongs to cluster j (KMeans numbers clusters by centre), so they share a colour.
  const domain = cluster ? categories([...cluster, ...centers.map((_, j) => j)]) : undefined;

  const marks: Plot.Markish[] = [
    Plot.dot(x, {
      x,
      y,
      fill: cluster ?? "#4269d0",
      r: 3.5,
      fillOpacity: 0.75,
      stroke: "white",
      strokeWidth: 0.5,
      className: "points"
    })
  ];
  if (centers.length) {
    const cx = centers.map((c) => c[0]);
    const cy = centers.map((c) => c[1]);
    marks.push(
      Plot.dot(cx, {
        x: cx,
        y: cy,
        symbol: "star",
        r: 11,
        fill: cluster ? centers.map((_, j) => j) : "#4269d0",
        stroke: HIGHLIGHT,
        strokeWidth: 1.5,
        className: "centres"
      }),
      Plot.text(cx, {
        x: cx,
        y: cy,
        text: centerLabels,
        dy: -17,
        fontSize: 11,
        fontWeight: "bold",
        fill: HIGHLIGHT,
        stroke: "white",
        strokeWidth: 3,
        paintOrder: "stroke",
        className: "centre-labels"
      })
    );
  }
  if (highlight != null) {
    const hx = [highlight.x];
    const hy = [highlight.y];
    marks.push(
      Plot.dot(hx, {x: hx, y: hy, r: 12, stroke: "white", strokeWidth: 6, fill: "none", className: "highlight-halo"}),
      Plot.dot(hx, {x: hx, y: hy, r: 12, stroke: HIGHLIGHT, strokeWidth: 3, fill: "none", className: "highlight"}),
      Plot.dot(hx, {x: hx, y: hy, r: 3, fill: HIGHLIGHT, className: "highlight-centre"}),
      Plot.text(hx, {
        x: hx,
        y: hy,
        text: [highlight.label ?? "selected"],
        dx: 17,
        textAnchor: "start",
        fontSize: 12,
        fontWeight: "bold",
        fill: HIGHLIGHT,
        stroke: "white",
        strokeWidth: 4,
        paintOrder: "stroke",
        className: "highlight-label"
      })
    );
  }
  const opts = frame(plot, options, {
    label: "Scatter plot of points by cluster",
    description: `${n} points${domain ? ` in ${domain.length} clusters` : ""}${centers.length ? `, ${centers.length} centres marked` : ""}.`
  });
  return Plot.plot({
    ...opts,
    caption: joinCaption(opts.caption as string | undefined, sampleNote(n, idx)),
    marginRight: 24,
    inset: 12,
    x: {label: options.xLabel ?? (typeof options.x === "string" ? options.x : "x"), grid: true, nice: true},
    y: {label: options.yLabel ?? (typeof options.y === "string" ? options.y : "y"), grid: true, nice: true},
    color: domain ? {type: "categorical", scheme, domain, legend: !centers.length, label: "Cluster"} : undefined,
    marks
  });
}
