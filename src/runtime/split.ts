// A notebook run split in two realms, so no student code can reach what the checks read.
//
// The student's side runs the notebook with the student's exercise code and no checks. Once it settles, each
// exercise's outcome crosses to the checks' side as data (exchange.ts): its values, or how it failed. The checks'
// side runs the instructor's notebook again, computing every notebook value itself, with each exercise cell
// replaced by what the student's side reported, and runs the checks there. A submission that mutates a notebook
// value (`FEATURES.push(...)`, `model.coef = ...`), patches a built-in or a prototype, adds methods to its arrays
// or reads the call stack changes only its own realm: the checks' realm never ran a line of it.
//
// The grader puts the student's side in a cross-site iframe (its own renderer process, see src/grader/page.ts);
// `validate` and the tests run both sides in one realm through the same data-only exchange, so a check means the
// same thing everywhere (a check that calls a student function awaits it in both).
import type {Notebook} from "../notebook/types.js";
import {decode, encode, type Encoded} from "./exchange.js";
import {settle, type RunResult} from "./headless.js";
import {loadTranspiler} from "./programCache.js";
import {pruneNotebook} from "./prune.js";
import {Session, providedError, type ProvidedExercise, type SessionOptions} from "./session.js";
import {cellOutcome} from "./outcome.js";
import {CellRunError} from "./errors.js";
import type {ModuleTable} from "./modules.js";

/** An exercise's outcome as it crosses: its values encoded, or how it failed. */
export type EncodedExercise =
  | {status: "ok"; values: Record<string, Encoded>}
  | {status: "error" | "timeout" | "blocked"; message: string; line?: number; todo?: boolean; values?: Record<string, Encoded>};

/** What the student's side reports once it settles. */
export interface StudentReport {
  exercises: Record<string, EncodedExercise>;
  /** The student's side did not settle within its budget. */
  timedOut: boolean;
  /** Notebook values the student's code changed after an exercise cell got them (they never reach the checks). */
  changed: string[];
}

/** The student's side as the checks' side sees it: wherever it runs, it answers with data. */
export interface StudentSide {
  report(): Promise<StudentReport>;
  /** Calls a function an exercise defined, with encoded arguments; resolves to its encoded result. */
  call(id: number, args: Encoded[]): Promise<Encoded>;
  /** Runs an exercise's code again with some inputs replaced (a check's probe, probe.ts): its values, or how it failed. */
  probe(exerciseId: string, overrides: Record<string, Encoded>): Promise<EncodedExercise>;
}

export interface StudentRunOptions {
  code?: Record<string, string>;
  loopLimitMs?: number;
  budgetMs?: number;
  modules?: ModuleTable;
  /** Called right after each exercise cell runs (the grader looks for patched built-ins then). */
  afterExerciseRun?: () => void;
  /** Run only the cells this side needs (prune.ts): the grader does; validate runs every cell. */
  prune?: boolean;
  /** See SessionOptions.computeOnTasks (the grader). */
  computeOnTasks?: boolean;
}

/** Runs the student's side in this realm: the notebook with the student's code, no checks. */
export async function runStudentSide(notebook: Notebook, options: StudentRunOptions = {}): Promise<StudentSide & {dispose(): void}> {
  await loadTranspiler();
  const cells = options.prune ? pruneNotebook(notebook, options.code ?? {}, {exercises: true, checks: false}) : notebook;
  const session = new Session(cells, {
    code: options.code, loopLimitMs: options.loopLimitMs, modules: options.modules, checks: false, watchNotebookValues: true,
    afterExerciseRun: options.afterExerciseRun, computeOnTasks: options.computeOnTasks
  });
  const functions: Array<(...args: unknown[]) => unknown> = [];
  const register = (fn: (...args: unknown[]) => unknown) => functions.push(fn) - 1;
  const settled = settle(session, options.budgetMs ?? 60_000);
  const report = settled.then(async (timedOut): Promise<StudentReport> => {
    const exercises: Record<string, EncodedExercise> = {};
    for (const e of notebook.exercises) exercises[e.id] = await exerciseOutcome(session, e.id, register);
    return {exercises, timedOut, changed: session.changedNotebookValues()};
  });
  return {
    report: () => report,
    async call(id, args) {
      const fn = functions[id];
      if (!fn) throw new Error(`no student function #${id}`);
      const result = await session.call(fn, args.map((a) => decode(a)));
      return encode(result, fn.name || "the result", register);
    },
    async probe(exerciseId, overrides) {
      const given: Record<string, unknown> = {};
      for (const [name, data] of Object.entries(overrides)) given[name] = decode(data);
      try {
        const values = await session.rerun(exerciseId, given);
        const out: Record<string, Encoded> = {};
        for (const [name, value] of Object.entries(values)) out[name] = encode(value, name, register);
        return {status: "ok", values: out};
      } catch (e) {
        const outcome = cellOutcome(e, {failedCell: () => undefined, outcome: () => undefined, describe: (id) => id});
        return {
          status: outcome.status === "timeout" ? "timeout" : "error", message: outcome.message ?? "",
          ...(outcome.line === undefined ? {} : {line: outcome.line}), ...(outcome.todo ? {todo: true} : {})
        };
      }
    },
    dispose: () => session.dispose()
  };
}

async function exerciseOutcome(session: Session, id: string, register: (fn: (...args: unknown[]) => unknown) => number): Promise<EncodedExercise> {
  const state = session.cell(id);
  if (state.status === "ok") {
    const values: Record<string, Encoded> = {};
    try {
      for (const name of session.outputsOf(id)) values[name] = encode(await session.value(name), name, register);
    } catch (e) {
      return {status: "error", message: (e as Error)?.message ?? String(e)};
    }
    return {status: "ok", values};
  }
  if (state.status === "running" || state.status === "not-run") {
    return {status: "timeout", message: "this cell was still running when the notebook's time ran out"};
  }
  // Waiting on an exercise that still holds a todo(): not attempted either, as the checks' side would trace it.
  const root = state.status === "blocked" && state.blockedBy ? session.cell(state.blockedBy) : undefined;
  if (root?.todo) return {status: "error", message: root.message ?? "not attempted yet", todo: true};
  const failed: EncodedExercise = {status: state.status, message: state.message ?? "", ...(state.line === undefined ? {} : {line: state.line}), ...(state.todo ? {todo: true} : {})};
  if (state.status !== "error") return failed;
  // Failed part-way: the names it declared before the failing line cross too (session.ts, PartialRun).
  const values: Record<string, Encoded> = {};
  for (const name of session.outputsOf(id)) {
    try {
      values[name] = encode(await session.value(name), name, register);
    } catch {
      // declared after the line that failed: the checks that read it get the error
    }
  }
  return Object.keys(values).length ? {...failed, values} : failed;
}

const HUNG =
  "your code stopped answering within the time limit, where the loop guard cannot stop it: look for a regular expression " +
  "that backtracks, a recursion without end, or a loop in code built with eval or new Function";

export interface SplitRunOptions extends Pick<SessionOptions, "code" | "includeHiddenChecks" | "loopLimitMs" | "modules" | "computeOnTasks"> {
  budgetMs?: number;
  /** Run only the cells the checks need (prune.ts). */
  prune?: boolean;
}

/**
 * Runs the checks' side: the instructor's notebook, every exercise cell taking the student's side's outcome,
 * and the checks. Resolves like runNotebook.
 */
export async function runChecksSide(notebook: Notebook, side: StudentSide, options: SplitRunOptions = {}): Promise<RunResult> {
  await loadTranspiler();
  const t0 = performance.now();
  const report = side.report();
  const provided = async (exerciseId: string): Promise<ProvidedExercise> => {
    const outcome = (await report).exercises[exerciseId];
    if (!outcome) return {status: "error", message: "the student's side reported nothing for this exercise"};
    const values: Record<string, unknown> = {};
    for (const [name, data] of Object.entries(outcome.values ?? {})) values[name] = decode(data, (id, args) => side.call(id, args));
    return outcome.status === "ok" ? {status: "ok", values} : {...outcome, values};
  };
  const cells = options.prune ? pruneNotebook(notebook, options.code ?? {}, {exercises: false, checks: true}) : notebook;
  // A probe's inputs cross as data to the student's side, which runs the student's code on them and answers with data.
  const probe = async (exerciseId: string, overrides: Record<string, unknown>): Promise<Record<string, unknown>> => {
    // Only once the exercise ran on the student's side, and ran well: a probe of a failed exercise fails as it did.
    const ran = (await report).exercises[exerciseId];
    if (ran?.status !== "ok") {
      const failed = ran ?? {status: "error" as const, message: "the student's side reported nothing for this exercise"};
      throw new CellRunError(exerciseId, providedError(failed), failed.line);
    }
    const encoded: Record<string, Encoded> = {};
    for (const [name, value] of Object.entries(overrides)) encoded[name] = encode(value, name);
    const outcome = (await side.probe(exerciseId, encoded)) as EncodedExercise | undefined;
    if (outcome?.status === "ok" && outcome.values && typeof outcome.values === "object") {
      const values: Record<string, unknown> = {};
      for (const [name, data] of Object.entries(outcome.values)) values[name] = decode(data, (id, args) => side.call(id, args));
      return values;
    }
    const failed = outcome && outcome.status !== "ok" ? outcome : {status: "error" as const, message: "the student's side gave no answer"};
    throw new CellRunError(exerciseId, providedError({...failed, message: String(failed.message), todo: failed.todo === true}), typeof failed.line === "number" ? failed.line : undefined);
  };
  const session = new Session(cells, {...options, provided, probe});
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    session.start();
    const budget = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), options.budgetMs ?? 60_000)));
    const outcome = await Promise.race([session.whenIdle().then(() => "idle" as const), budget]);
    const answered = await Promise.race([report.then((r) => (r.timedOut ? "late" : "settled")), budget.then(() => "silent" as const)]);
    const checks = session.checks();
    return {
      cells: session.cellIds().filter((id) => !id.includes("/")).map((id) => session.cell(id)),
      // Checks still waiting when the student's side never answered: its code hung where no guard reaches.
      checks: answered === "silent" ? checks.map((c) => (c.status === "pending" ? {...c, status: "timeout" as const, message: HUNG} : c)) : checks,
      elapsedMs: performance.now() - t0,
      timedOut: outcome === "timeout" || answered !== "settled"
    };
  } finally {
    clearTimeout(timer);
    session.dispose();
  }
}

/** Both sides in this realm, through the same data-only exchange (validate and the tests): same verdicts as grading. */
export async function runSplit(notebook: Notebook, options: SplitRunOptions = {}): Promise<RunResult> {
  const student = await runStudentSide(notebook, options);
  // structuredClone stands for postMessage: what crosses is exactly what would cross between two realms.
  const side: StudentSide = {
    report: () => student.report().then((r) => structuredClone(r)),
    call: async (id, args) => structuredClone(await student.call(id, structuredClone(args))),
    probe: async (id, overrides) => structuredClone(await student.probe(id, structuredClone(overrides)))
  };
  try {
    return await runChecksSide(notebook, side, options);
  } finally {
    student.dispose();
  }
}
