// Checks shared by the models: option values and binary labels, each failing with a message that says what was
// expected (the students read these).
import {LibraryInputError, describe, type Vector} from "./base.js";

/** Check an options argument is an object (or missing). */
export function optionsObject<T extends object>(model: string, options: T | undefined, example: string): T {
  if (options === undefined) return {} as T;
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new LibraryInputError(`${model}(options) takes an options object like ${example}, got ${describe(options)}`);
  }
  return options;
}

/** A whole number >= min (and <= max), or the default when undefined. */
export function intOption(model: string, name: string, value: unknown, dflt: number, min: number, max = Infinity): number {
  if (value === undefined) return dflt;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Infinity ? `>= ${min}` : `from ${min} to ${max}`;
    throw new LibraryInputError(`${model}: ${name} must be a whole number ${range}, got ${describe(value)}`);
  }
  return value;
}

/** Like intOption, but null (or undefined when the default is null) means "no limit" and is returned as Infinity. */
export function limitOption(model: string, name: string, value: unknown, dflt: number | null, min: number): number {
  if (value === null || (value === undefined && dflt === null)) return Infinity;
  if (value === Infinity) return Infinity;
  return intOption(model, name, value, dflt ?? Infinity, min);
}

/** A finite number in [min, max] (exclusive ends when `open`), or the default when undefined. */
export function numberOption(
  model: string,
  name: string,
  value: unknown,
  dflt: number,
  min = -Infinity,
  max = Infinity,
  open: {min?: boolean; max?: boolean} = {}
): number {
  if (value === undefined) return dflt;
  const ok =
    typeof value === "number" &&
    Number.isFinite(value) &&
    (open.min ? value > min : value >= min) &&
    (open.max ? value < max : value <= max);
  if (!ok) {
    const lo = min === -Infinity ? "" : `${open.min ? ">" : ">="} ${min}`;
    const hi = max === Infinity ? "" : `${open.max ? "<" : "<="} ${max}`;
    throw new LibraryInputError(`${model}: ${name} must be a number ${[lo, hi].filter(Boolean).join(" and ")}, got ${describe(value)}`);
  }
  return value as number;
}

/** One of a fixed set of strings. */
export function choiceOption<T extends string>(model: string, name: string, value: unknown, dflt: T, choices: readonly T[]): T {
  if (value === undefined) return dflt;
  if (typeof value !== "string" || !(choices as readonly string[]).includes(value)) {
    throw new LibraryInputError(`${model}: ${name} must be one of ${choices.map((c) => `'${c}'`).join(", ")}, got ${describe(value)}`);
  }
  return value as T;
}

/** A seed: a whole number, or undefined (then a fresh random seed is used, as scikit-learn does with None). */
export function seedOption(model: string, value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw new LibraryInputError(`${model}: randomState must be a whole number (a seed), got ${describe(value)}`);
  }
  return value;
}

/**
 * Read binary labels for a classifier's fit: 0/1 numbers or true/false, both classes present.
 * `y` is typed loosely on purpose: booleans are welcome, and anything else gets a clear error.
 */
export function checkBinaryTarget(model: string, y: Vector | ArrayLike<number | boolean>, n: number): Float64Array {
  if (!y || typeof y === "string" || typeof (y as ArrayLike<unknown>).length !== "number") {
    throw new LibraryInputError(`${model}.fit: y must be an array of 0/1 labels, got ${describe(y)}`);
  }
  if (y.length !== n) throw new LibraryInputError(`${model}.fit: y has ${y.length} labels but X has ${n} rows: they must match`);
  const out = new Float64Array(n);
  let pos = 0;
  for (let i = 0; i < n; i++) {
    const v = (y as ArrayLike<unknown>)[i];
    if (v === 1 || v === true) {
      out[i] = 1;
      pos++;
    } else if (v !== 0 && v !== false) {
      throw new LibraryInputError(
        `${model}.fit: y[${i}] is ${describe(v)}: ${model} is a binary classifier, labels must be 0 or 1 (or true/false)` +
          (typeof v === "string" ? "; encode the classes as 0/1 first" : "")
      );
    }
  }
  if (pos === 0 || pos === n) {
    throw new LibraryInputError(
      `${model}.fit: y has only one class (every label is ${pos === 0 ? 0 : 1}): a classifier needs examples of both 0 and 1`
    );
  }
  return out;
}

/** Options accepted by every fit: an optional progress callback, called with the fraction done (0..1). */
export interface FitOptions {
  onProgress?: (fraction: number) => void;
}

export function progressCallback(model: string, options: FitOptions | undefined): (fraction: number) => void {
  if (options === undefined) return () => {};
  if (options === null || typeof options !== "object") {
    throw new LibraryInputError(`${model}.fit(X, y, options): options must be an object like {onProgress}, got ${describe(options)}`);
  }
  const cb = options.onProgress;
  if (cb === undefined) return () => {};
  if (typeof cb !== "function") throw new LibraryInputError(`${model}.fit: onProgress must be a function (fraction) => void, got ${describe(cb)}`);
  return cb;
}
