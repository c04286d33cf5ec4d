// Permutation importance (scikit-learn's sklearn.inspection.permutation_importance): how much a fitted model's score
// drops when one feature's column is shuffled, breaking its link with the target while keeping its distribution.
// Works for any model with predict (and predictProba for 'roc_auc'); measure it on held-out data.

import {checkVector, describe, LibraryInputError, type Matrix, type Vector} from "../base.js";
import {packMatrix, rowsOf} from "../dense.js";
import {accuracyScore, rocAucScore} from "../metrics/classification.js";
import {meanAbsoluteError, meanSquaredError, r2Score} from "../metrics/regression.js";
import {makeRandom} from "../random.js";
import {intOption, optionsObject, seedOption} from "../validate.js";

/** A score where higher is better, or a function (yTrue, yPred) => score, higher better. */
export type Scoring =
  | "r2"
  | "neg_mae"
  | "neg_mean_absolute_error"
  | "neg_mse"
  | "neg_mean_squared_error"
  | "neg_rmse"
  | "neg_root_mean_squared_error"
  | "accuracy"
  | "roc_auc"
  | ((yTrue: Float64Array, yPred: Float64Array) => number);

export interface PermutationImportanceOptions {
  /** Default 'r2'. 'roc_auc' scores the model's predictProba. */
  scoring?: Scoring;
  /** Shuffles per feature. Default 5. */
  nRepeats?: number;
  /** Seed for the shuffles. */
  randomState?: number;
}

export interface PermutationImportanceResult {
  /** Mean drop in score per feature (positive: the model relies on it). */
  importancesMean: Float64Array;
  /** Standard deviation of the drop over the repeats (population, as numpy.std). */
  importancesStd: Float64Array;
  /** importances[j][r]: the drop for feature j in repeat r. */
  importances: Float64Array[];
  /** Score on the unshuffled data. */
  baselineScore: number;
}

interface Predictor {
  predict(X: Matrix): ArrayLike<number>;
  predictProba?(X: Matrix): ArrayLike<number>;
}

const NAMED: Record<string, (t: Float64Array, p: Float64Array) => number> = {
  r2: (t, p) => r2Score(t, p),
  neg_mae: (t, p) => -meanAbsoluteError(t, p),
  neg_mean_absolute_error: (t, p) => -meanAbsoluteError(t, p),
  neg_mse: (t, p) => -meanSquaredError(t, p),
  neg_mean_squared_error: (t, p) => -meanSquaredError(t, p),
  neg_rmse: (t, p) => -Math.sqrt(meanSquaredError(t, p)),
  neg_root_mean_squared_error: (t, p) => -Math.sqrt(meanSquaredError(t, p)),
  accuracy: (t, p) => accuracyScore(Array.from(t), Array.from(p)),
  roc_auc: (t, p) => rocAucScore(t, p)
};

export function permutationImportance(
  model: Predictor,
  X: Matrix,
  y: Vector,
  options: PermutationImportanceOptions = {}
): PermutationImportanceResult {
  const fn = "permutationImportance";
  if (!model || typeof model !== "object" || typeof model.predict !== "function") {
    throw new LibraryInputError(`${fn}(model, X, y) needs a fitted model with a predict method, got ${describe(model)}`);
  }
  const o = optionsObject(fn, options, "{scoring: 'r2', nRepeats: 5, randomState: 0}");
  const scoring = o.scoring ?? "r2";
  let score: (t: Float64Array, p: Float64Array) => number;
  if (typeof scoring === "function") score = scoring;
  else if (typeof scoring === "string" && Object.prototype.hasOwnProperty.call(NAMED, scoring)) score = NAMED[scoring];
  else throw new LibraryInputError(`${fn}: scoring must be one of ${Object.keys(NAMED).map((k) => `'${k}'`).join(", ")} or a function (yTrue, yPred) => score, got ${describe(scoring)}`);
  const useProba = scoring === "roc_auc";
  if (useProba && typeof model.predictProba !== "function") {
    throw new LibraryInputError(`${fn}: scoring 'roc_auc' needs a classifier with predictProba`);
  }
  const nRepeats = intOption(fn, "nRepeats", o.nRepeats, 5, 1);
  const seed = seedOption(fn, o.randomState);
  const random = makeRandom(seed ?? Math.floor(Math.random() * 2 ** 31));

  const {data, n, p} = packMatrix(X);
  const target = checkVector(y, n);
  const rows = rowsOf(data, n, p); // views: shuffling a column of `data` shuffles it in `rows`
  const evaluate = (): number => {
    const pred = useProba ? model.predictProba!(rows) : model.predict(rows);
    const s = score(target, Float64Array.from(pred));
    if (typeof s !== "number" || !Number.isFinite(s)) throw new LibraryInputError(`${fn}: the scoring function returned ${describe(s)}, expected a finite number`);
    return s;
  };
  const baselineScore = evaluate();
  const importances: Float64Array[] = [];
  const importancesMean = new Float64Array(p);
  const importancesStd = new Float64Array(p);
  const saved = new Float64Array(n);
  for (let j = 0; j < p; j++) {
    for (let i = 0; i < n; i++) saved[i] = data[i * p + j];
    const drops = new Float64Array(nRepeats);
    for (let r = 0; r < nRepeats; r++) {
      const perm = random.permutation(n);
      for (let i = 0; i < n; i++) data[i * p + j] = saved[perm[i]];
      drops[r] = baselineScore - evaluate();
    }
    for (let i = 0; i < n; i++) data[i * p + j] = saved[i];
    let m = 0;
    for (let r = 0; r < nRepeats; r++) m += drops[r];
    m /= nRepeats;
    let v = 0;
    for (let r = 0; r < nRepeats; r++) v += (drops[r] - m) ** 2;
    importances.push(drops);
    importancesMean[j] = m;
    importancesStd[j] = Math.sqrt(v / nRepeats);
  }
  return {importancesMean, importancesStd, importances, baselineScore};
}
