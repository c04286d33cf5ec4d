// Reading the calibration functions' inputs: one score or label per row, with errors that name the argument and the
// first bad row in the caller's terms.
import {LibraryInputError, describe} from "../base.js";

function arrayOf(v: unknown, fn: string, what: string): ArrayLike<unknown> {
  if (v == null || typeof v === "string" || typeof (v as ArrayLike<unknown>).length !== "number") {
    throw new LibraryInputError(`${fn}: ${what} must be an array with one value per row, got ${describe(v)}`);
  }
  return v as ArrayLike<unknown>;
}

/** Finite numbers, as a fresh Float64Array (the caller's array is never kept or changed). */
export function finiteNumbers(v: unknown, fn: string, what: string): Float64Array {
  const arr = arrayOf(v, fn, what);
  const out = new Float64Array(arr.length);
  for (let i = 0; i < arr.length; i++) {
    const x = arr[i];
    if (typeof x !== "number" || !Number.isFinite(x)) {
      throw new LibraryInputError(
        `${fn}: ${what}[${i}] is ${describe(x)}: expected finite numbers` +
          (x == null || Number.isNaN(x) ? " (fill or drop the missing values first)" : "")
      );
    }
    out[i] = x;
  }
  return out;
}

/** 0/1 labels (true/false read as 1/0). */
export function binaryLabels(v: unknown, fn: string, what: string): Float64Array {
  const arr = arrayOf(v, fn, what);
  const out = new Float64Array(arr.length);
  for (let i = 0; i < arr.length; i++) {
    const x = arr[i];
    if (x === 1 || x === true) out[i] = 1;
    else if (x === 0 || x === false) out[i] = 0;
    else {
      throw new LibraryInputError(
        `${fn}: ${what}[${i}] is ${describe(x)}: expected the true labels, 0 or 1 (or true/false)` +
          (typeof x === "number" && x > 0 && x < 1 ? "; it looks like a probability: pass the observed outcomes as y" : "")
      );
    }
  }
  return out;
}

/** Probabilities in [0, 1]. */
export function probabilities(v: unknown, fn: string, what: string): Float64Array {
  const out = finiteNumbers(v, fn, what);
  for (let i = 0; i < out.length; i++) {
    if (out[i]! < 0 || out[i]! > 1) {
      throw new LibraryInputError(`${fn}: ${what}[${i}] is ${out[i]}: expected probabilities in [0, 1] (use predictProba, not raw scores)`);
    }
  }
  return out;
}

/** Two arrays with one value per row, and at least one row. */
export function sameLength(a: ArrayLike<unknown>, b: ArrayLike<unknown>, fn: string, aName: string, bName: string): number {
  if (a.length !== b.length) {
    throw new LibraryInputError(`${fn}: ${aName} has ${a.length} values but ${bName} has ${b.length}: they must have one value per row`);
  }
  if (a.length === 0) throw new LibraryInputError(`${fn}: ${aName} and ${bName} are empty: expected at least one row`);
  return a.length;
}
