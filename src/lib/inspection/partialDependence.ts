// Partial dependence (sklearn.inspection.partial_dependence, method "brute"): the model's average prediction when
// one feature is set to each value of a grid for every row, the other features left as they are. It shows how the
// model's output moves with that feature, averaged over the data (not a causal effect).
import {LibraryInputError, checkMatrix, describe, type Matrix} from "../base.js";

export interface PartialDependenceOptions {
  /** The values to try; default: as scikit-learn, the feature's distinct values if fewer than gridResolution, else
   * gridResolution evenly spaced values between its `percentiles`. */
  grid?: ArrayLike<number>;
  gridResolution?: number;
  percentiles?: [number, number];
}

interface Predictor {
  predict(X: Matrix): ArrayLike<number>;
  predictProba?(X: Matrix): ArrayLike<number>;
}

/** scipy's mquantiles with its defaults (alphap = betap = 0.4), which scikit-learn uses for the grid's ends. */
function mquantile(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  const m = 0.4 + p * (1 - 0.8);
  const aleph = n * p + m;
  const k = Math.floor(Math.min(Math.max(aleph, 1), n - 1));
  const gamma = Math.min(Math.max(aleph - k, 0), 1);
  return (1 - gamma) * sorted[k - 1]! + gamma * sorted[k]!;
}

/** The grid scikit-learn's partial_dependence would use for column `feature` of X. */
function defaultGrid(X: Matrix, feature: number, resolution: number, percentiles: [number, number]): Float64Array {
  const column = Float64Array.from(X, (row) => row[feature]!).sort();
  const distinct = column.filter((v, i) => i === 0 || v !== column[i - 1]);
  if (distinct.length < resolution) return distinct;
  const lo = mquantile(column, percentiles[0]);
  const hi = mquantile(column, percentiles[1]);
  if (Math.abs(hi - lo) <= 1e-8 + 1e-5 * Math.abs(hi)) {
    throw new LibraryInputError(`partialDependence: the ${percentiles.join(" and ")} percentiles of feature ${feature} are too close to make a grid: give {grid} or wider percentiles`);
  }
  return Float64Array.from({length: resolution}, (_, k) => lo + ((hi - lo) * k) / (resolution - 1));
}

/** `{grid, average}`: the mean prediction (P(class 1) for a classifier) with column `feature` set to each grid value. */
export function partialDependence(model: Predictor, X: Matrix, feature: number, options: PartialDependenceOptions = {}): {grid: Float64Array; average: Float64Array} {
  const fn = "partialDependence";
  if (!model || typeof model.predict !== "function") throw new LibraryInputError(`${fn}(model, X, feature) needs a fitted model, got ${describe(model)}`);
  const [n, p] = checkMatrix(X, "X");
  if (!Number.isInteger(feature) || feature < 0 || feature >= p) throw new LibraryInputError(`${fn}: feature must be a column index from 0 to ${p - 1}, got ${describe(feature)}`);
  const {gridResolution = 100, percentiles = [0.05, 0.95]} = options ?? {};
  if (!Number.isInteger(gridResolution) || gridResolution < 2) throw new LibraryInputError(`${fn}: gridResolution must be a whole number > 1, got ${describe(gridResolution)}`);
  if (!(percentiles?.length === 2 && percentiles[0] >= 0 && percentiles[1] <= 1 && percentiles[0] < percentiles[1])) {
    throw new LibraryInputError(`${fn}: percentiles must be two shares [low, high] with 0 <= low < high <= 1, got ${describe(percentiles)}`);
  }
  const grid = options.grid ? Float64Array.from(options.grid) : defaultGrid(X, feature, gridResolution, percentiles);
  if (grid.some((v) => !Number.isFinite(v))) throw new LibraryInputError(`${fn}: the grid must hold finite numbers`);
  const copy = X.map((row) => Float64Array.from(row));
  const predict = typeof model.predictProba === "function" ? (m: Matrix) => model.predictProba!(m) : (m: Matrix) => model.predict(m);
  const average = new Float64Array(grid.length);
  grid.forEach((value, g) => {
    for (const row of copy) row[feature] = value;
    const pred = predict(copy);
    let s = 0;
    for (let i = 0; i < n; i++) s += pred[i]!;
    average[g] = s / n;
  });
  return {grid, average};
}
