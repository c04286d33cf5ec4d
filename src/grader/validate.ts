// `drillbook validate`: proves a notebook's checks are sound, running it headless in Node (happy-dom) with
// src/runtime/headless.ts, as tests/unit/notebooks.test.ts does:
//  - it is valid UTF-8, parses and passes the static checks every command runs (src/build/readNotebook.ts);
//  - with the solutions, every cell runs and every check passes, hidden ones included;
//  - with the starter code, every check is not-attempted or failed (a check that passes on the starter proves
//    nothing; one that errors has a bug). The starter runs as a submission that merely touched it would (a
//    comment added): the engine calls an untouched starter "not attempted" whatever its checks compute, which
//    would hide a check that a student passes by adding a blank line;
//  - each wrong answer listed for an exercise makes the check it targets fail;
//  - a hard-coded answer fails: for each exercise whose values are plain data (numbers, text, arrays, plain
//    objects), the solution's values pasted as literals (`const total = 385;`) make at least one of its checks fail
//    (hardCoded.ts), unless the exercise says its answer is typed (`answer=typed`: a fact read off the page);
//  - two runs of the solutions give the same results (cells, checks and the values they display);
//  - every run settles within the time budget.
import type {Notebook} from "../notebook/types.js";
import {NotebookErrors} from "../notebook/types.js";
import {runNotebook, solutionCode, type RunResult} from "../runtime/headless.js";
import {hardCodedSource} from "./hardCoded.js";
import {runSplit} from "../runtime/split.js";
import {seedForStudent} from "../runtime/variants.js";
import {installDom} from "./dom.js";
import {loadNotebook} from "./notebooks.js";

export interface WrongVerdict {
  exercise: string;
  label: string;
  line: number;
  status: string;
  message: string;
  ok: boolean;
}

/** What a hard-coded copy of the solution's values did to an exercise's checks. */
export interface HardCodedVerdict {
  exercise: string;
  /** caught: a check failed; missed: every check passed; skipped: not plain data, or answer=typed, or kind=text. */
  status: "caught" | "missed" | "skipped";
  /** The checks that failed (caught), or why it was skipped. */
  detail: string;
}

export interface CheckVerdict {
  id: string;
  hidden: boolean;
  solution: string;
  starter: string;
  wrongs: WrongVerdict[];
  ok: boolean;
}

export interface NotebookVerdict {
  file: string;
  id: string | null;
  checks: CheckVerdict[];
  hardCoded: HardCodedVerdict[];
  /** Slowest run, ms. */
  settledMs: number;
  budgetMs: number;
  deterministic: boolean;
  /** Everything that makes the notebook unsound, one sentence each (empty: sound). */
  problems: string[];
  ok: boolean;
  /** A variant notebook is validated again on a student's data: whose, and whether it held there too. */
  student?: {id: string; seed: number; ok: boolean};
}

export interface ValidateOptions {
  budgetSeconds?: number;
  /** A variant notebook: the student whose data the second validation uses (default "a-student"). */
  student?: string;
}

/** The student whose data a variant notebook is validated on, besides the notebook's own seed. */
export const SAMPLE_STUDENT = "a-student";

export const DEFAULT_BUDGET_SECONDS = 30;

export async function validateFile(file: string, options: ValidateOptions = {}): Promise<NotebookVerdict> {
  const budgetMs = (options.budgetSeconds ?? DEFAULT_BUDGET_SECONDS) * 1000;
  let notebook: Notebook;
  try {
    notebook = loadNotebook(file);
  } catch (e) {
    // Refused by the static checks every command runs: each problem is `file:line: message`, as the build prints it.
    if (!(e instanceof NotebookErrors)) throw e;
    return {file, id: null, checks: [], hardCoded: [], settledMs: 0, budgetMs, deterministic: false, problems: e.errors.map((x) => x.message), ok: false};
  }
  const own = await validateNotebook(notebook, {budgetSeconds: budgetMs / 1000});
  if (!notebook.variants) return own;
  // A variant drill must be sound on every student's data, not only the instructor's: prove it on one more.
  const id = options.student ?? SAMPLE_STUDENT;
  const seed = seedForStudent(id);
  const theirs = await validateNotebook({...notebook, seed}, {budgetSeconds: budgetMs / 1000});
  const problems = [...own.problems, ...theirs.problems.map((p) => `on student "${id}"'s data (seed ${seed}): ${p}`)];
  return {...own, problems, ok: own.ok && theirs.ok, settledMs: Math.max(own.settledMs, theirs.settledMs), deterministic: own.deterministic && theirs.deterministic, student: {id, seed, ok: theirs.ok}};
}

export async function validateNotebook(notebook: Notebook, options: ValidateOptions = {}): Promise<NotebookVerdict> {
  await installDom();
  const budgetMs = (options.budgetSeconds ?? DEFAULT_BUDGET_SECONDS) * 1000;
  const problems: string[] = [];
  const runs: RunResult[] = [];
  const run = async (code: Record<string, string> | undefined, what: string) => {
    const result = await runSplit(notebook, {code, includeHiddenChecks: true, budgetMs});
    runs.push(result);
    if (result.timedOut) problems.push(`${what} did not settle within the ${budgetMs / 1000} s budget`);
    return result;
  };

  const solutions = solutionCode(notebook);
  const first = await run(solutions, "the solution run");
  const second = await run(solutions, "the second solution run");
  const touched = Object.fromEntries(notebook.exercises.map((e) => [e.id, `${e.starter}\n// the starter, touched`]));
  const starter = await run(touched, "the starter run");

  for (const cell of first.cells) {
    if (cell.status !== "ok") problems.push(`with the solutions, cell "${cell.id}" ends ${cell.status}: ${cell.message ?? ""}`);
  }
  const differences = compareRuns(first, second);
  for (const d of differences) problems.push(`two runs of the solutions differ: ${d}`);

  const checks: CheckVerdict[] = first.checks.map((c) => {
    const onStarter = starter.checks.find((s) => s.id === c.id);
    const verdict: CheckVerdict = {
      id: c.id, hidden: c.hidden, solution: c.status, starter: onStarter?.status ?? "missing", wrongs: [], ok: true
    };
    if (c.status !== "passed") {
      verdict.ok = false;
      problems.push(`check "${c.id}" does not pass on the solution: ${c.status}${c.message ? `: ${c.message}` : ""}`);
    }
    if (onStarter?.raised) {
      verdict.ok = false;
      problems.push(`check "${c.id}" ran into ${onStarter.raised} on the starter code (the student reads: ${onStarter.message}). Assert the shape of the student's value before reading into it`);
    } else if (!onStarter || !["not-attempted", "failed"].includes(onStarter.status)) {
      verdict.ok = false;
      problems.push(`check "${c.id}" is ${onStarter?.status ?? "missing"} on the starter code (expected not-attempted or failed)${onStarter?.message ? `: ${onStarter.message}` : ""}`);
    }
    return verdict;
  });

  for (const exercise of notebook.exercises) {
    for (const wrong of exercise.wrongAnswers) {
      const result = await run({...solutions, [exercise.id]: wrong.source}, `the wrong answer "${wrong.label}"`);
      const id = `${exercise.id}/${wrong.check}`;
      const target = result.checks.find((c) => c.id === id);
      const ok = target?.status === "failed";
      const verdict = checks.find((c) => c.id === id);
      const w: WrongVerdict = {exercise: exercise.id, label: wrong.label, line: wrong.line, status: target?.status ?? "missing", message: target?.message ?? "", ok};
      verdict?.wrongs.push(w);
      if (!ok) {
        if (verdict) verdict.ok = false;
        problems.push(`wrong answer "${wrong.label}" (line ${wrong.line}) should fail check "${id}", which is ${w.status}${w.message ? `: ${w.message}` : ""}`);
      }
    }
  }

  const hardCoded = await hardCodedVerdicts(notebook, solutions, budgetMs, run);
  for (const h of hardCoded) {
    if (h.status === "missed") {
      problems.push(`a hard-coded answer to exercise "${h.exercise}" (the solution's values pasted as literals) passes every check: ${h.detail}. Add a check that probes (docs/authoring.md), or mark the exercise answer=typed if its answer is a fact read off the page`);
    }
  }

  const settledMs = Math.max(...runs.map((r) => r.elapsedMs));
  return {
    file: notebook.file, id: notebook.id, checks, hardCoded, settledMs, budgetMs,
    deterministic: differences.length === 0, problems, ok: problems.length === 0
  };
}

/** Runs each exercise with the solution's values pasted in as literals and sees whether a check fails. */
async function hardCodedVerdicts(
  notebook: Notebook, solutions: Record<string, string>, budgetMs: number,
  run: (code: Record<string, string>, what: string) => Promise<RunResult>
): Promise<HardCodedVerdict[]> {
  const values: Record<string, Record<string, unknown>> = {};
  await runNotebook(notebook, {
    code: solutions, budgetMs,
    inspect: async (session) => {
      for (const e of notebook.exercises) {
        values[e.id] = {};
        for (const name of session.outputsOf(e.id)) values[e.id]![name] = await session.value(name);
      }
    }
  });
  const out: HardCodedVerdict[] = [];
  for (const exercise of notebook.exercises) {
    if (exercise.kind === "text") {
      out.push({exercise: exercise.id, status: "skipped", detail: "a text answer (kind=text): the instructor reads it"});
      continue;
    }
    if (exercise.answer === "typed") {
      out.push({exercise: exercise.id, status: "skipped", detail: "answer=typed: the answer is a fact read off the page"});
      continue;
    }
    const pasted = hardCodedSource(values[exercise.id] ?? {});
    if (typeof pasted !== "string") {
      out.push({exercise: exercise.id, status: "skipped", detail: pasted.reason});
      continue;
    }
    const result = await run({...solutions, [exercise.id]: pasted}, `the hard-coded answer to "${exercise.id}"`);
    const failed = result.checks.filter((c) => c.exerciseId === exercise.id && c.status === "failed").map((c) => c.id);
    out.push(failed.length
      ? {exercise: exercise.id, status: "caught", detail: `fails ${failed.join(", ")}`}
      : {exercise: exercise.id, status: "missed", detail: `checks: ${result.checks.filter((c) => c.exerciseId === exercise.id).map((c) => `${c.id} ${c.status}`).join(", ")}`});
  }
  return out;
}

/** What differs between two runs: each cell's and check's state, and the plain values cells display. */
export function compareRuns(a: RunResult, b: RunResult): string[] {
  const out: string[] = [];
  const left = signature(a);
  const right = signature(b);
  for (const [key, value] of left) {
    if (right.get(key) !== value) out.push(`${key}: ${value} vs ${right.get(key) ?? "missing"}`);
  }
  for (const key of right.keys()) if (!left.has(key)) out.push(`${key}: missing vs ${right.get(key)}`);
  return out;
}

function signature(r: RunResult): Map<string, string> {
  const sig = new Map<string, string>();
  for (const c of r.cells) {
    sig.set(`cell "${c.id}"`, `${c.status}${c.message ? ` (${c.message})` : ""}`);
    const shown = c.displays.map(plain).filter((x) => x !== undefined);
    if (shown.length) sig.set(`cell "${c.id}" displays`, shown.join(" | "));
  }
  for (const c of r.checks) sig.set(`check "${c.id}"`, `${c.status}${c.message ? ` (${c.message})` : ""}`);
  return sig;
}

/** Numbers, strings, booleans and arrays or plain objects of them, as text; anything else (DOM, models) is skipped. */
function plain(value: unknown): string | undefined {
  if (value === null || ["number", "string", "boolean", "bigint"].includes(typeof value)) return String(value);
  if (typeof value !== "object") return undefined;
  if (Array.isArray(value) || ArrayBuffer.isView(value) || Object.getPrototypeOf(value) === Object.prototype) {
    try {
      const text = JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v));
      return text === undefined ? undefined : text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
    } catch {
      return undefined;
    }
  }
  return undefined;
}
