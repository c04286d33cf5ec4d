// The assertions check cells use. Every failure names the variable, says what was found and what was
// expected, and may add the likely cause, because "wrong" alone teaches nothing.
// The object is frozen and the name `assert` is reserved, so student code can neither redefine nor patch it.
import {CheckFailure} from "./errors.js";

export interface AssertOptions {
  /** The likely cause, added to the failure message. */
  because?: string;
}

/** A concept a free-text answer must name: any of `words` (whole words or phrases, any case) counts. */
export interface Concept {
  /** What the concept is, for the message: "the failing segment". */
  what: string;
  /** Words or phrases that name it: ["premium"], ["R²", "r2", "MAE", "MAPE"]. */
  words: string[];
}

export interface ProseOptions extends AssertOptions {
  /** At least this many different words, filler words left out (default 6). */
  minWords?: number;
  /** Concepts the answer must name, each by one of its words. */
  mentions?: Concept[];
  /** The answer must quote one of these numbers (as written: rounded, in %, with $ or thousands separators). */
  numbers?: {what: string; values: ArrayLike<number>};
}

export interface CloseOptions extends AssertOptions {
  /** Absolute tolerance (default 1e-6). */
  tol?: number;
  /** Relative tolerance, as a fraction of |expected| (default 0). */
  rel?: number;
}

export function show(value: unknown): string {
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : String(+value.toPrecision(6));
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? value.slice(0, 60) + "…" : value);
  if (value === undefined) return "undefined";
  if (value === null) return "null";
  if (typeof value === "function") return "a function";
  if (ArrayBuffer.isView(value) || Array.isArray(value)) {
    const arr = Array.from(value as ArrayLike<unknown>);
    const head = arr.slice(0, 5).map(show).join(", ");
    return `[${head}${arr.length > 5 ? `, … (${arr.length} values)` : ""}]`;
  }
  if (typeof value === "object") {
    const name = (value as object).constructor?.name;
    if (name && name !== "Object") return `a ${name}`;
    try {
      const text = JSON.stringify(value);
      return text.length > 80 ? text.slice(0, 80) + "…" : text;
    } catch {
      return "an object";
    }
  }
  return String(value);
}

function fail(message: string, options?: AssertOptions): never {
  throw new CheckFailure(options?.because ? `${message}. Likely cause: ${options.because}` : message);
}

function isNumber(x: unknown): x is number {
  return typeof x === "number" && Number.isFinite(x);
}

/** What a value is, in the words of a message about a number: "the text "385"", "an array of 3 values". */
export function showKind(value: unknown): string {
  if (typeof value === "string") return `the text ${show(value)}`;
  if (Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView))) {
    const n = (value as ArrayLike<unknown>).length;
    return `an array of ${n} value${n === 1 ? "" : "s"}`;
  }
  if (typeof value === "boolean") return `the boolean ${value}`;
  return show(value);
}

function requireNumber(actual: unknown, name: string, options?: AssertOptions, what = "a finite number"): number {
  if (!isNumber(actual)) fail(`\`${name}\` is ${showKind(actual)}, expected ${what}`, options);
  return actual as number;
}

/** A tolerance as people write it: one or two significant digits ("0.01", "2e-7"), never "2.01176e-7". */
export function showTolerance(tol: number): string {
  if (!Number.isFinite(tol) || tol === 0) return String(tol);
  const rounded = Number(tol.toPrecision(tol >= 1 ? 3 : 2));
  return Math.abs(rounded) < 1e-4 ? rounded.toExponential().replace(/\.?0+e/, "e").replace("e-", "e-") : String(rounded);
}

export const assert = Object.freeze({
  /** Passes when `condition` is truthy; `message` says what should hold. */
  ok(condition: unknown, message: string, options?: AssertOptions): void {
    if (!condition) fail(message, options);
  },

  /** `name` is defined (not undefined or null). */
  defined(actual: unknown, name: string, options?: AssertOptions): void {
    if (actual === undefined || actual === null) fail(`\`${name}\` is ${show(actual)}: give it a value`, options);
  },

  /** A whole number (an integer-valued, finite number). */
  integer(actual: unknown, name: string, options?: AssertOptions): void {
    const a = requireNumber(actual, name, options, "a whole number");
    if (!Number.isInteger(a)) fail(`\`${name}\` is ${show(a)}, expected a whole number`, options);
  },

  /** Strict equality for primitives, structural equality for arrays and plain objects. */
  equal(actual: unknown, expected: unknown, name: string, options?: AssertOptions): void {
    if (deepEqual(actual, expected)) return;
    // "385" against 385 reads as the same thing: say which one is text.
    const found = typeof actual === "string" && typeof expected !== "string" ? showKind(actual) : show(actual);
    const wanted = typeof expected === "number" && typeof actual === "string" ? `the number ${show(expected)}` : show(expected);
    fail(`\`${name}\` is ${found}, expected ${wanted}`, options);
  },

  /** |actual − expected| ≤ tol + rel·|expected|. */
  close(actual: unknown, expected: number, name: string, options: CloseOptions = {}): void {
    const a = requireNumber(actual, name, options);
    const tol = (options.tol ?? 1e-6) + (options.rel ?? 0) * Math.abs(expected);
    if (!(Math.abs(a - expected) <= tol)) {
      fail(`\`${name}\` is ${show(a)}, expected ${show(expected)} (within ${showTolerance(tol)})`, options);
    }
  },

  /** lo ≤ actual ≤ hi. */
  between(actual: unknown, lo: number, hi: number, name: string, options?: AssertOptions): void {
    const a = requireNumber(actual, name, options);
    if (!(a >= lo && a <= hi)) fail(`\`${name}\` is ${show(a)}, expected between ${show(lo)} and ${show(hi)}`, options);
  },

  /** actual < bound. */
  below(actual: unknown, bound: number, name: string, options?: AssertOptions): void {
    const a = requireNumber(actual, name, options);
    if (!(a < bound)) fail(`\`${name}\` is ${show(a)}, expected below ${show(bound)}`, options);
  },

  /** actual > bound. */
  above(actual: unknown, bound: number, name: string, options?: AssertOptions): void {
    const a = requireNumber(actual, name, options);
    if (!(a > bound)) fail(`\`${name}\` is ${show(a)}, expected above ${show(bound)}`, options);
  },

  /** An array (or typed array) with the given length when one is given. */
  array(actual: unknown, name: string, options: AssertOptions & {length?: number} = {}): void {
    if (!Array.isArray(actual) && !(ArrayBuffer.isView(actual) && !(actual instanceof DataView))) {
      fail(`\`${name}\` is ${show(actual)}, expected an array`, options);
    }
    const length = (actual as ArrayLike<unknown>).length;
    if (options.length !== undefined && length !== options.length) {
      fail(`\`${name}\` has ${length} values, expected ${options.length}`, options);
    }
  },

  /** A function (for exercises that ask the student to write one). */
  func(actual: unknown, name: string, options?: AssertOptions): void {
    if (typeof actual !== "function") fail(`\`${name}\` is ${show(actual)}, expected a function`, options);
  },

  /** Every element of an array of numbers is close to the expected one. */
  allClose(actual: unknown, expected: ArrayLike<number>, name: string, options: CloseOptions = {}): void {
    assert.array(actual, name, {...options, length: expected.length});
    const a = actual as ArrayLike<number>;
    for (let i = 0; i < expected.length; i++) {
      const tol = (options.tol ?? 1e-6) + (options.rel ?? 0) * Math.abs(expected[i]!);
      if (!isNumber(a[i]) || !(Math.abs(a[i]! - expected[i]!) <= tol)) {
        fail(`\`${name}[${i}]\` is ${show(a[i])}, expected ${show(expected[i])} (within ${showTolerance(tol)})`, options);
      }
    }
  },

  /**
   * A free-text answer, checked honestly: at least `minWords` different words, no word repeated to fill it, no
   * filler, each concept in `mentions` named, and a number from `numbers` quoted when given (checkProse).
   */
  prose(actual: unknown, name: string, options: ProseOptions = {}): void {
    checkProse(actual, name, options);
  },

  /** Free-text answers: `count` non-empty items of at least `minWords` words each. */
  answers(actual: unknown, name: string, options: AssertOptions & {count: number; minWords?: number}): void {
    const list = typeof actual === "string" ? actual.split(/\n+/).map((l) => l.replace(/^\s*[-*•\d.)]+\s*/, "")) : actual;
    if (!Array.isArray(list)) fail(`\`${name}\` is ${show(actual)}, expected ${options.count} answers as an array of strings`, options);
    const items = (list as unknown[]).filter((x) => typeof x === "string" && x.trim());
    if (items.length < options.count) {
      fail(`\`${name}\` has ${items.length} non-empty answer${items.length === 1 ? "" : "s"}, expected ${options.count}`, options);
    }
    const minWords = options.minWords ?? 3;
    const short = items.findIndex((x) => (x as string).trim().split(/\s+/).length < minWords);
    if (short >= 0) fail(`answer ${short + 1} in \`${name}\` is too short: write at least ${minWords} words`, options);
  }
});

export type Assert = typeof assert;

/** Words that carry nothing: a text made of them says nothing, however long. */
const FILLER = new Set(["blah", "bla", "lorem", "ipsum", "dolor", "asdf", "asdfgh", "qwerty", "foo", "baz", "xxx", "xx", "todo", "tbd", "yada"]);

function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}²]+(?:['’][\p{L}]+)?/gu) ?? [];
}

/** Numbers as written in a text: "0.90" → 0.9 with 2 decimals, "$1,234" → 1234, "120 %" → 1.2 (a percent). */
function numbersIn(text: string): Array<{value: number; decimals: number; percent: boolean}> {
  const out: Array<{value: number; decimals: number; percent: boolean}> = [];
  for (const m of text.matchAll(/(?<![\p{L}\d.])([-−]?)\$?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*(%|percent)?/gu)) {
    const digits = `${m[2]!.replace(/,/g, "")}${m[3] ? `.${m[3]}` : ""}`;
    out.push({value: (m[1] ? -1 : 1) * Number(digits), decimals: m[3]?.length ?? 0, percent: !!m[4]});
  }
  return out;
}

/** Whether a number as written is `value` rounded to the precision it was written with (a percent of a fraction counts). */
function quotes(n: {value: number; decimals: number; percent: boolean}, value: number): boolean {
  const half = 0.5 * 10 ** -n.decimals + 1e-9;
  const candidates = n.percent ? [value * 100, value] : [value, value * 100];
  return candidates.some((c) => Math.abs(Math.abs(n.value) - Math.abs(c)) <= half);
}

/**
 * Checks a free-text answer honestly, for the visible check of a text exercise: real sentences (no word repeated
 * to make up the count, no filler), naming the concepts the prompt asks for, and quoting a number from the
 * student's own results where the prompt asks for one. A person still reads it: the exercise says so.
 */
export function checkProse(actual: unknown, name: string, options: ProseOptions = {}): void {
  if (typeof actual !== "string") fail(`\`${name}\` is ${showKind(actual)}, expected text (a sentence in quotes)`, options);
  const text = actual as string;
  const words = wordsOf(text);
  const filler = words.filter((w) => FILLER.has(w));
  if (filler.length) fail(`\`${name}\` contains "${filler[0]}": write what you found, in your own words`, options);
  const counts = new Map<string, number>();
  for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
  const minWords = options.minWords ?? 6;
  if (counts.size < minWords) {
    fail(words.length >= minWords
      ? `\`${name}\` repeats words (${counts.size} different in ${words.length}): write at least ${minWords} different words`
      : `\`${name}\` has ${words.length} word${words.length === 1 ? "" : "s"}: write a sentence of at least ${minWords} words`, options);
  }
  const [top, times] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
  if (words.length >= 8 && times > Math.max(3, words.length / 4)) {
    fail(`\`${name}\` repeats "${top}" ${times} times in ${words.length} words: write sentences, not a word over and over`, options);
  }
  const lower = ` ${words.join(" ")} `;
  for (const concept of options.mentions ?? []) {
    const named = concept.words.some((w) => lower.includes(` ${wordsOf(w).join(" ")} `));
    if (!named) fail(`\`${name}\` does not name ${concept.what} (such as ${concept.words.slice(0, 3).map((w) => `"${w}"`).join(", ")})`, options);
  }
  if (options.numbers) {
    const written = numbersIn(text);
    const values = Array.from(options.numbers.values).filter(Number.isFinite);
    if (!written.some((n) => values.some((v) => quotes(n, v)))) {
      fail(written.length
        ? `none of the numbers in \`${name}\` (${written.map((n) => `${n.value}${n.percent ? " %" : ""}`).join(", ")}) is ${options.numbers.what}`
        : `\`${name}\` quotes no number: give ${options.numbers.what}`, options);
    }
  }
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return false;
  const aList = Array.isArray(a) || ArrayBuffer.isView(a);
  const bList = Array.isArray(b) || ArrayBuffer.isView(b);
  if (aList || bList) {
    if (!aList || !bList) return false;
    const x = a as ArrayLike<unknown>;
    const y = b as ArrayLike<unknown>;
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!deepEqual(x[i], y[i])) return false;
    return true;
  }
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
