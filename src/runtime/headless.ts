// Runs a notebook to completion without a page and reports every cell and check: the core of the notebook
// tests, `drillbook validate` and the grader's in-page run.
import type {Notebook} from "../notebook/types.js";
import {loadTranspiler} from "./programCache.js";
import {Session, type CellState, type CheckState, type SessionOptions} from "./session.js";

export interface RunResult {
  cells: CellState[];
  checks: CheckState[];
  /** Milliseconds from start to idle. */
  elapsedMs: number;
  /** True when the notebook did not settle within the time budget. */
  timedOut: boolean;
}

export interface RunOptions extends SessionOptions {
  /** Give up waiting for idle after this long (default 60 s). */
  budgetMs?: number;
  /** Called once the notebook settled, before the session is disposed: read values with session.value(name). */
  inspect?: (session: Session) => Promise<void> | void;
}

export async function runNotebook(notebook: Notebook, options: RunOptions = {}): Promise<RunResult> {
  await loadTranspiler(); // submissions and parsed files carry no programs
  const session = new Session(notebook, options);
  const t0 = performance.now();
  try {
    const timedOut = await settle(session, options.budgetMs ?? 60_000);
    if (!timedOut) await options.inspect?.(session);
    return {
      cells: session.cellIds().filter((id) => !id.includes("/")).map((id) => session.cell(id)),
      checks: session.checks(),
      elapsedMs: performance.now() - t0,
      timedOut
    };
  } finally {
    session.dispose();
  }
}

/** Starts a session and waits until it settles or `budgetMs` runs out; true when the budget ran out first. */
export async function settle(session: Session, budgetMs: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  session.start();
  const budget = new Promise<true>((resolve) => (timer = setTimeout(() => resolve(true), budgetMs)));
  const timedOut = await Promise.race([session.whenIdle().then(() => false), budget]);
  clearTimeout(timer);
  return timedOut;
}

/** Solutions for every exercise (the instructor's build only). */
export function solutionCode(notebook: Notebook): Record<string, string> {
  const code: Record<string, string> = {};
  for (const e of notebook.exercises) {
    if (e.solution === undefined) throw new Error(`exercise "${e.id}" has no solution in this build`);
    code[e.id] = e.solution;
  }
  return code;
}
