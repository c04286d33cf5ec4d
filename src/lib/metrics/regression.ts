// Regression metrics with scikit-learn's meanings, so numbers match what students see in Python.
import {LibraryInputError, describe, type Vector} from "../base.js";

// Each error says which argument it is about (InputProblem), so the engine can name the caller's variable.
const HINT = {yTrue: "every row needs its actual value", yPred: "every row needs a prediction"} as const;

function pair(yTrue: Vector, yPred: Vector, fn: string): number {
  for (const [v, name, position] of [[yTrue, "yTrue", 0], [yPred, "yPred", 1]] as const) {
    if (!v || typeof v.length !== "number" || typeof v === "string") {
      const problem = `is ${describe(v)}, expected an array of numbers`;
      throw new LibraryInputError(`${fn}: ${name} must be an array of numbers, got ${describe(v)}`, {fn, argument: name, position, problem});
    }
  }
  if (yTrue.length !== yPred.length) {
    throw new LibraryInputError(`${fn}: yTrue has ${yTrue.length} values but yPred has ${yPred.length}: they must match`, {
      fn, argument: "yPred", position: 1, problem: `has ${yPred.length} values`, hint: "one prediction per row: they must match",
      other: {argument: "yTrue", position: 0, problem: `has ${yTrue.length}`}
    });
  }
  if (yTrue.length === 0) {
    throw new LibraryInputError(`${fn}: yTrue and yPred are empty: expected at least one value`, {fn, argument: "yPred", position: 1, problem: "is empty", hint: "expected at least one row"});
  }
  for (let i = 0; i < yTrue.length; i++) {
    const a = yTrue[i];
    const b = yPred[i];
    for (const [v, name, position] of [[a, "yTrue", 0], [b, "yPred", 1]] as const) {
      if (typeof v !== "number" || v - v !== 0) {
        const found = Number.isNaN(v) ? "a NaN" : describe(v);
        throw new LibraryInputError(`${fn}: ${name}[${i}] is ${describe(v)}: expected a finite number`, {
          fn, argument: name, position, problem: `has ${found} at row ${i}`, hint: HINT[name]
        });
      }
    }
  }
  return yTrue.length;
}

/** Mean of |yTrue - yPred|. */
export function meanAbsoluteError(yTrue: Vector, yPred: Vector): number {
  const n = pair(yTrue, yPred, "meanAbsoluteError");
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.abs(yTrue[i] - yPred[i]);
  return s / n;
}

/** Mean of (yTrue - yPred)². */
export function meanSquaredError(yTrue: Vector, yPred: Vector): number {
  return squaredError(yTrue, yPred, "meanSquaredError");
}

/** The mean squared error, with input errors in the name of the function the caller called. */
function squaredError(yTrue: Vector, yPred: Vector, fn: string): number {
  const n = pair(yTrue, yPred, fn);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const d = yTrue[i] - yPred[i];
    s += d * d;
  }
  return s / n;
}

/** Square root of the mean squared error, in the target's units. */
export function rootMeanSquaredError(yTrue: Vector, yPred: Vector): number {
  return Math.sqrt(squaredError(yTrue, yPred, "rootMeanSquaredError"));
}

/**
 * Coefficient of determination: 1 - SS_res / SS_tot. 1 is perfect, 0 is no better than predicting the mean,
 * negative is worse than the mean. As in scikit-learn, a constant yTrue gives 1 if predicted exactly, else 0.
 */
export function r2Score(yTrue: Vector, yPred: Vector): number {
  const n = pair(yTrue, yPred, "r2Score");
  let mean = 0;
  for (let i = 0; i < n; i++) mean += yTrue[i];
  mean /= n;
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < n; i++) {
    const d = yTrue[i] - yPred[i];
    const t = yTrue[i] - mean;
    ssRes += d * d;
    ssTot += t * t;
  }
  if (ssTot === 0) return ssRes === 0 ? 1 : 0;
  return 1 - ssRes / ssTot;
}

/** scikit-learn's epsilon: the smallest double above 1, minus 1. */
const EPS = 2.220446049250313e-16;

/**
 * Mean of |yTrue - yPred| / max(|yTrue|, eps), as a FRACTION (0.18 means 18 %), exactly as scikit-learn.
 * Zeros in yTrue make it explode: filter them out or use MAE on zero-inflated targets.
 */
export function meanAbsolutePercentageError(yTrue: Vector, yPred: Vector): number {
  const n = pair(yTrue, yPred, "meanAbsolutePercentageError");
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.abs(yTrue[i] - yPred[i]) / Math.max(Math.abs(yTrue[i]), EPS);
  return s / n;
}

export interface SegmentRow {
  segment: string;
  count: number;
  mae: number;
  rmse: number;
  /** NaN when the segment has fewer than 2 rows (R² is undefined there). */
  r2: number;
  mape: number;
}

export interface SegmentReportOptions {
  /** Add a first row named "overall" over all rows (default false). */
  overall?: boolean;
  /** Order of the segment rows; default: order of first appearance. */
  order?: readonly string[];
}

/**
 * One row of metrics per segment value (count, MAE, RMSE, R², MAPE), the check that shows a model that looks
 * fine overall failing on one group.
 */
export function segmentReport(
  yTrue: Vector,
  yPred: Vector,
  segments: ArrayLike<unknown>,
  options: SegmentReportOptions = {}
): SegmentRow[] {
  const n = pair(yTrue, yPred, "segmentReport");
  if (!segments || segments.length !== n) {
    throw new LibraryInputError(
      `segmentReport: segments has ${segments ? segments.length : describe(segments)} values but yTrue has ${n}: give one segment label per row`
    );
  }
  const groups = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const key = String(segments[i]);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(i);
  }
  const row = (segment: string, idx: number[] | null): SegmentRow => {
    const t = idx ? Float64Array.from(idx, (i) => yTrue[i]) : Float64Array.from(yTrue);
    const p = idx ? Float64Array.from(idx, (i) => yPred[i]) : Float64Array.from(yPred);
    return {
      segment,
      count: t.length,
      mae: meanAbsoluteError(t, p),
      rmse: rootMeanSquaredError(t, p),
      r2: t.length < 2 ? NaN : r2Score(t, p),
      mape: meanAbsolutePercentageError(t, p)
    };
  };
  const keys = options.order ? [...options.order] : [...groups.keys()];
  for (const k of keys) {
    if (!groups.has(k)) throw new LibraryInputError(`segmentReport: order names "${k}", which is not among the segments (${[...groups.keys()].join(", ")})`);
  }
  const rows = keys.map((k) => row(k, groups.get(k)!));
  return options.overall ? [row("overall", null), ...rows] : rows;
}
