// Shared shapes of the teaching library: feature matrices, the estimator contract and the plain-JSON model format.
// Names follow scikit-learn (camelCase) so what students learn here transfers to Python and back.

/** Rows of features. Plain arrays or typed rows both work. */
export type Matrix = ReadonlyArray<ArrayLike<number>>;
/** A column of numbers. */
export type Vector = ArrayLike<number>;

/**
 * Which argument a bad input came in, so the engine can say it in the caller's terms: the variable the caller
 * passed there (read from their code), not the library's parameter name.
 */
export interface InputProblem {
  /** The function the caller called. */
  fn: string;
  /** The parameter's name and 0-based position in the call. */
  argument: string;
  position: number;
  /** What is wrong, in words that hold whatever the argument is called: "has a NaN at row 427". */
  problem: string;
  /** What to look at, for the caller: "every row needs a prediction". */
  hint?: string;
  /** Another argument the problem involves (lengths that differ), and its position. */
  other?: {argument: string; position: number; problem: string};
}

/** Thrown for bad input; the message always says what was expected. */
export class LibraryInputError extends Error {
  constructor(
    message: string,
    readonly input?: InputProblem
  ) {
    super(message);
    this.name = "LibraryInputError";
  }
}

/** Metadata saved with every model so a loaded model says what it expects and how it was trained. */
export interface ModelMeta {
  featureNames: string[];
  /** Free-form training summary (rows, score, seconds, ...). */
  summary: Record<string, unknown>;
  savedAt?: string;
}

/** The plain-JSON form of a fitted model. Loading it reads numbers; it never runs code (unlike a pickle). */
export interface ModelJSON {
  format: "drillbook-model";
  formatVersion: 1;
  /** Class name, looked up in a fixed registry on load. */
  type: string;
  params: Record<string, unknown>;
  state: Record<string, unknown>;
  meta: ModelMeta;
}

export interface Estimator {
  fit(X: Matrix, y?: Vector): this;
  toJSON(): ModelJSON;
}

export interface Regressor extends Estimator {
  fit(X: Matrix, y: Vector): this;
  predict(X: Matrix): Float64Array;
}

export interface Classifier extends Regressor {
  /** Probability of the positive class (binary) for each row. */
  predictProba(X: Matrix): Float64Array;
}

/** Check X is a non-empty rectangular matrix of finite numbers; returns [rows, columns]. */
export function checkMatrix(X: Matrix, what = "X"): [number, number] {
  if (!X || typeof (X as ArrayLike<unknown>).length !== "number") {
    throw new LibraryInputError(`${what} must be an array of rows (number[][]), got ${describe(X)}`);
  }
  const n = X.length;
  if (n === 0) throw new LibraryInputError(`${what} has no rows: expected at least one row of features`);
  const first = X[0];
  if (!first || typeof first.length !== "number") {
    throw new LibraryInputError(`${what} must be an array of rows (number[][]); row 0 is ${describe(first)}`);
  }
  const p = first.length;
  for (let i = 0; i < n; i++) {
    const row = X[i];
    if (!row || row.length !== p) {
      throw new LibraryInputError(
        `${what} has rows of different lengths: row 0 has ${p} values, row ${i} has ${row ? row.length : describe(row)}`
      );
    }
    for (let j = 0; j < p; j++) {
      const v = row[j];
      if (typeof v !== "number" || !Number.isFinite(v)) {
        throw new LibraryInputError(
          `${what}[${i}][${j}] is ${describe(v)}: features must be finite numbers (fill or drop missing values first)`
        );
      }
    }
  }
  return [n, p];
}

/** Check y is a vector of finite numbers of length n. */
export function checkVector(y: Vector, n: number, what = "y"): Float64Array {
  if (!y || typeof y.length !== "number") throw new LibraryInputError(`${what} must be an array of numbers, got ${describe(y)}`);
  if (y.length !== n) throw new LibraryInputError(`${what} has ${y.length} values but X has ${n} rows: they must match`);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = y[i];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new LibraryInputError(`${what}[${i}] is ${describe(v)}: targets must be finite numbers`);
    }
    out[i] = v;
  }
  return out;
}

/** Throw the standard "not fitted" error when a model is used before fit. */
export function notFitted(model: string): never {
  throw new LibraryInputError(`${model} is not fitted yet: call fit(X, y) before predict`);
}

/** Short description of a bad value for error messages. */
export function describe(v: unknown): string {
  if (v === null) return "null";
  if (v === undefined) return "undefined";
  if (typeof v === "number") return Number.isNaN(v) ? "NaN" : String(v);
  if (typeof v === "string") return JSON.stringify(v.length > 30 ? v.slice(0, 30) + "…" : v);
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  return typeof v === "object" ? `an object (${(v as object).constructor?.name ?? "Object"})` : typeof v;
}
