// Internal: copy a Matrix (rows of numbers) into one flat Float64Array, validating as we go.
// Models work on the flat copy: one allocation, no per-row objects, and typed-array loops V8 optimises well.
import {LibraryInputError, describe, type Matrix} from "./base.js";

export interface Dense {
  /** Row-major values: row i, column j is data[i * p + j] (column-major: data[j * n + i]). */
  data: Float64Array;
  n: number;
  p: number;
}

/**
 * Validate X (non-empty, rectangular, finite) and copy it row-major (or column-major, for column-wise sums);
 * errors name the row and column.
 */
export function packMatrix(X: Matrix, what = "X", columnMajor = false): Dense {
  if (!X || typeof (X as ArrayLike<unknown>).length !== "number" || typeof X === "string") {
    throw new LibraryInputError(`${what} must be an array of rows (number[][]), got ${describe(X)}`);
  }
  const n = X.length;
  if (n === 0) throw new LibraryInputError(`${what} has no rows: expected at least one row of features`);
  const first = X[0];
  if (!first || typeof first.length !== "number" || typeof first === "string") {
    throw new LibraryInputError(
      `${what} must be an array of rows (number[][]); row 0 is ${describe(first)}` +
        (typeof first === "number" ? " (for one feature, wrap each value: [[x0], [x1], ...])" : "")
    );
  }
  const p = first.length;
  if (p === 0) throw new LibraryInputError(`${what} has rows with no values: expected at least one feature`);
  const data = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    const row = X[i];
    if (!row || row.length !== p) {
      throw new LibraryInputError(
        `${what} has rows of different lengths: row 0 has ${p} values, row ${i} has ${row && typeof row.length === "number" ? row.length : describe(row)}`
      );
    }
    const o = columnMajor ? i : i * p;
    const stride = columnMajor ? n : 1;
    for (let j = 0; j < p; j++) {
      const v = row[j];
      // typed rows hold numbers already; the NaN/Infinity test is v - v !== 0
      if (typeof v !== "number" || v - v !== 0) {
        throw new LibraryInputError(
          `${what}[${i}][${j}] is ${describe(v)}: features must be finite numbers (fill or drop missing values first)`
        );
      }
      data[o + j * stride] = v;
    }
  }
  return {data, n, p};
}

/** Split a flat row-major buffer into row views (no copy). */
export function rowsOf(data: Float64Array, n: number, p: number): Float64Array[] {
  const rows = new Array<Float64Array>(n);
  for (let i = 0; i < n; i++) rows[i] = data.subarray(i * p, i * p + p);
  return rows;
}

/** Check that a fitted model receives the number of features it was trained on. */
export function checkFeatureCount(model: string, expected: number, got: number): void {
  if (expected !== got) {
    throw new LibraryInputError(`${model} was fitted on ${expected} features but X has ${got} columns: pass the same columns, in the same order`);
  }
}
