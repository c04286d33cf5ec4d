// Errors in the student's terms. A library call that refuses its input names its own parameter ("yPred[427] is
// NaN"); the student never wrote `yPred`. The library says which argument it was (LibraryInputError.input), and
// the code that made the call says what was passed there: the student's variable (`yPredFixed`), read from the
// line of the cell that raised it. The same for an error a check runs into while reading a student's value: it is
// the student's value that is not what the exercise asks for, so the message names it and says what to look at.

/** The library's description of a bad argument, as it arrives here (a type only: the engine loads no library code). */
import type {InputProblem} from "../lib/base.js";

export interface CallSite {
  /** The code of the cell that made the call. */
  source: string;
  /** 1-based line within that code where the error was raised, when known. */
  line?: number;
  /** Names the cell read that are the student's values (for a check: its exercise's values). */
  studentNames?: string[];
}

function inputProblem(error: unknown): InputProblem | undefined {
  const input = (error as {name?: unknown; input?: unknown})?.name === "LibraryInputError" ? (error as {input?: unknown}).input : undefined;
  if (!input || typeof input !== "object") return undefined;
  const p = input as InputProblem;
  return typeof p.fn === "string" && typeof p.argument === "string" && typeof p.position === "number" && typeof p.problem === "string" ? p : undefined;
}

/**
 * The text of argument `position` in the first call to `fn` on `line` (else anywhere in `source`), as written.
 * A small scanner, not a parser: it skips strings and nested brackets, which is all a call's arguments need, and
 * the page need not load a JavaScript parser to report an error.
 */
export function argumentText(source: string, fn: string, position: number, line?: number): string | undefined {
  const lines = source.split("\n");
  const places = line && lines[line - 1] !== undefined ? [lines[line - 1]!, source] : [source];
  const call = new RegExp(`(?<![\\w$.])${fn.replace(/[$]/g, "\\$")}\\s*\\(`, "g");
  for (const text of places) {
    for (const m of text.matchAll(call)) {
      const args = splitArguments(text, m.index! + m[0].length);
      if (args && args[position] !== undefined) return args[position]!.trim();
    }
  }
  return undefined;
}

function splitArguments(text: string, start: number): string[] | undefined {
  const args: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let from = start;
  for (let i = start; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'" || c === "`") quote = c;
    else if ("([{".includes(c)) depth++;
    else if (")]}".includes(c)) {
      if (depth === 0) {
        args.push(text.slice(from, i));
        return args;
      }
      depth--;
    } else if (c === "," && depth === 0) {
      args.push(text.slice(from, i));
      from = i + 1;
    }
  }
  return undefined;
}

/** What to call an argument: the student's variable in it, else the expression itself when short. */
function nameOf(text: string | undefined, studentNames: string[], fallback: string): string {
  if (text === undefined) return fallback;
  const own = studentNames.find((n) => new RegExp(`(?<![\\w$.])${n.replace(/[$]/g, "\\$")}(?![\\w$])`).test(text));
  if (own) return `\`${own}\``;
  return text.length <= 40 ? `\`${text}\`` : fallback;
}

/**
 * A library input error, told in the caller's terms: "`yPredFixed` has a NaN at row 427: every row needs a
 * prediction". `calledBy` adds the function ("in rootMeanSquaredError"), for errors raised by the student's own call.
 */
export function libraryErrorInTermsOf(error: unknown, site: CallSite, calledBy = false): string | undefined {
  const p = inputProblem(error);
  if (!p) return undefined;
  const names = site.studentNames ?? [];
  const which = (position: number) => `the ${["first", "second", "third", "fourth"][position] ?? `#${position + 1}`} argument of ${p.fn}`;
  // The call may be inside a helper (the notebook's `score(yTrue, yPred)`): then the student's one value on the line.
  const onLine = site.line ? names.filter((n) => new RegExp(`(?<![\\w$.])${n.replace(/[$]/g, "\\$")}(?![\\w$])`).test(site.source.split("\n")[site.line! - 1] ?? "")) : [];
  const fallback = (position: number) => (onLine.length === 1 && position === p.position ? `\`${onLine[0]}\`` : which(position));
  const name = nameOf(argumentText(site.source, p.fn, p.position, site.line), names, fallback(p.position));
  let text = `${name} ${p.problem}`;
  if (p.other) {
    const other = nameOf(argumentText(site.source, p.fn, p.other.position, site.line), names, fallback(p.other.position));
    text += ` but ${other} ${p.other.problem}`;
  }
  if (p.hint) text += `: ${p.hint}`;
  if (calledBy) text += ` (in your call to ${p.fn})`;
  return text;
}

/** The model methods whose arguments follow the library's convention: the features `X` first, the target `y` second. */
const MODEL_CALL = /\.(fit|predict|predictProba|transform|fitTransform|fitPredict|score)\s*\(/g;

/**
 * A model's refusal of its input ("X[2][0] is NaN: ...", "y has 3 values but X has 2 rows"), which names the
 * library's parameters, told with what the caller passed: "`features[2][0]` is NaN: ... (in your call to fit)". The
 * models follow one convention (fit(X, y), predict(X)), so the argument is found by position on the line that
 * raised it.
 */
export function modelErrorInTermsOf(error: unknown, site: CallSite): string | undefined {
  if ((error as {name?: unknown})?.name !== "LibraryInputError" || (error as {input?: unknown}).input) return undefined;
  const message = (error as Error).message;
  if (!/^(X|y)\b/.test(message) || !site.line) return undefined;
  const text = site.source.split("\n")[site.line - 1] ?? "";
  for (const call of text.matchAll(MODEL_CALL)) {
    const args = splitArguments(text, call.index! + call[0].length);
    if (!args) continue;
    const names = site.studentNames ?? [];
    const argument = (position: number) => {
      const given = args[position]?.trim();
      if (!given) return undefined;
      const own = names.find((n) => new RegExp(`(?<![\\w$.])${n.replace(/[$]/g, "\\$")}(?![\\w$])`).test(given));
      return own ?? (given.length <= 40 ? given : undefined);
    };
    const x = argument(0);
    const y = argument(1);
    if (message.startsWith("y") && !y) continue;
    if (message.startsWith("X") && !x) continue;
    // The parameter tokens, with any index after them: X, X[2], X[2][0], y, y[5]; "X has 3 rows" inside too.
    const told = message.replace(/(?<![\w$.])(X|y)((?:\[\d+\])*)(?![\w$])/g, (whole, param: string, index: string) => {
      const name = param === "X" ? x : y;
      return name ? `\`${name}${index}\`` : whole;
    });
    return `${told} (in your call to ${call[1]})`;
  }
  return undefined;
}

/** An error a check ran into while reading the student's values: what to look at, in their terms. */
export function checkErrorInTermsOf(error: unknown, site: CallSite): string {
  const library = libraryErrorInTermsOf(error, site);
  if (library) return library;
  const names = (site.studentNames ?? []).map((n) => `\`${n}\``);
  const what = names.length ? names.join(" and ") : "your answer";
  const detail = error instanceof Error ? error.message : String(error);
  return `${what} could not be read as the exercise asks (${detail}): look at ${names.length > 1 ? "their" : "its"} type, length and fields`;
}
