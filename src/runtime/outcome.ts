// Turns what the runtime reports for a cell or a check into one state with a message that helps.
// The runtime hands a dependent of a failed variable a RuntimeError naming that input, not the original
// error, so an upstream failure is traced through the owner of the input and that cell's own state.
import {checkErrorInTermsOf, libraryErrorInTermsOf, modelErrorInTermsOf, type CallSite} from "./studentTerms.js";
import {AuthoringError, CellRunError, CellStoppedError, CheckFailure, LoopTimeoutError, NotAttemptedError, ProbeError, messageOf, rootCause} from "./errors.js";

export type CellStatus = "not-run" | "running" | "ok" | "error" | "blocked" | "timeout";
export type CheckStatus = "pending" | "not-attempted" | "passed" | "failed" | "error" | "timeout";

export interface CellOutcome {
  status: CellStatus;
  message?: string;
  line?: number;
  /** For blocked cells: the cell whose failure stopped this one (the first failure up the chain). */
  blockedBy?: string;
  /** The cell only holds a todo() placeholder: not a mistake, just not done yet. */
  todo?: boolean;
}

export interface CheckOutcome {
  status: CheckStatus;
  message: string;
  /**
   * The check ran into an error (not a failed assertion) reading the student's values: reported to the student as
   * their problem, in their terms; `validate` still reports it on the starter code, where it means a fragile check.
   */
  raised?: string;
}

/** What the session knows of the graph, for tracing a failure to the cell it came from. */
export interface Upstream {
  /** The cell that failed upstream of `error`, if it came through an input. */
  failedCell(error: unknown): string | undefined;
  outcome(cellId: string): CellOutcome | undefined;
  describe(cellId: string): string;
}

/** The name in a RuntimeError "x is not defined" raised for an input no cell defines. */
function undefinedName(e: unknown): string | undefined {
  const m = /^(.+) is not defined$/.exec(messageOf(e));
  return m && (e as Error)?.name === "RuntimeError" ? m[1] : undefined;
}

export function cellOutcome(error: unknown, up: Upstream, site?: CallSite): CellOutcome {
  const upstream = up.failedCell(error);
  if (upstream) {
    const root = up.outcome(upstream);
    const blockedBy = root?.status === "blocked" && root.blockedBy ? root.blockedBy : upstream;
    const rootMessage = up.outcome(blockedBy)?.message ?? messageOf(error);
    return {status: "blocked", blockedBy, message: `waiting on ${up.describe(blockedBy)}: ${rootMessage}`};
  }
  const line = error instanceof CellRunError ? error.line : undefined;
  const cause = rootCause(error);
  if (cause instanceof LoopTimeoutError) return {status: "timeout", message: cause.message, line};
  if (cause instanceof CellStoppedError) return {status: "timeout", message: cause.message};
  if (cause instanceof NotAttemptedError) return {status: "error", message: cause.message, todo: true};
  const missing = undefinedName(cause);
  if (missing) {
    return {status: "error", message: `\`${missing}\` is not defined: no cell defines it. Check the spelling, or define it with const ${missing} = ...`};
  }
  // A library call in the student's own code that refused its input: say it with what they passed.
  const own = site ? libraryErrorInTermsOf(cause, {...site, line}, true) ?? modelErrorInTermsOf(cause, {...site, line}) : undefined;
  return {status: "error", message: own ?? messageOf(cause), line};
}

export function checkOutcome(error: unknown, up: Upstream, site?: CallSite): CheckOutcome {
  const upstream = up.failedCell(error);
  if (upstream) {
    const state = up.outcome(upstream);
    const origin = state?.status === "blocked" && state.blockedBy ? state.blockedBy : upstream;
    const rootState = up.outcome(origin);
    if (rootState?.todo) return {status: "not-attempted", message: "not attempted yet"};
    if (rootState?.status === "timeout") {
      const where = rootState.line ? ` at line ${rootState.line}` : "";
      return {status: "timeout", message: `${up.describe(origin)} stopped${where}: ${rootState.message}`};
    }
    const at = rootState?.line ? ` at line ${rootState.line}` : "";
    return {status: "error", message: `${up.describe(origin)} has an error${at}: ${rootState?.message ?? messageOf(error)}`};
  }
  const cause = rootCause(error);
  if (cause instanceof ProbeError) return probeOutcome(cause);
  if (cause instanceof NotAttemptedError) return {status: "not-attempted", message: "not attempted yet"};
  if (cause instanceof LoopTimeoutError || cause instanceof CellStoppedError) return {status: "timeout", message: cause.message};
  if (cause instanceof CheckFailure) return {status: "failed", message: cause.message};
  const missing = undefinedName(cause);
  if (missing) return {status: "failed", message: `\`${missing}\` is not defined: the exercise asks you to define it`};
  const raised = `${(cause as Error)?.name ?? "an error"}: ${messageOf(cause)}`;
  if (cause instanceof AuthoringError || !site) return {status: "error", message: `this check is broken (tell your instructor): ${raised}`, raised};
  // Anything else the check ran into came from the student's values: theirs to fix, so say what to look at.
  const line = error instanceof CellRunError ? error.line : undefined;
  return {status: "failed", message: checkErrorInTermsOf(cause, {...site, line}), raised};
}

/** The student's code failed when a probe ran it again on other inputs: their problem, in their terms. */
function probeOutcome(probe: ProbeError): CheckOutcome {
  const line = probe.cause instanceof CellRunError ? probe.cause.line : undefined;
  const cause = rootCause(probe.cause);
  if (cause instanceof NotAttemptedError) return {status: "not-attempted", message: "not attempted yet"};
  const where = line ? ` at line ${line}` : "";
  if (cause instanceof LoopTimeoutError || cause instanceof CellStoppedError) {
    return {status: "timeout", message: `run again with ${probe.inputs}, your code stopped${where}: ${messageOf(cause)}`};
  }
  return {status: "failed", message: `run again with ${probe.inputs}, your code raised an error${where}: ${messageOf(cause)}`};
}
