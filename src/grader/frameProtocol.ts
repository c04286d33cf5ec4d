// What the grading page (the checks' realm, src/grader/page.ts) and a student frame (src/grader/student.ts, a
// cross-site iframe in its own renderer process) say to each other with postMessage. Everything a frame says
// comes from a realm where student code ran: the page reads it as untrusted data and checks its shape.
import type {Notebook} from "../notebook/types.js";
import type {Encoded} from "../runtime/exchange.js";
import type {StudentReport} from "../runtime/split.js";
import type {SeededProgram} from "./programs.js";

/**
 * What the student's side writes to the console, through a console.warn bound before any student code ran: the
 * grader reads these from the browser's debugging protocol (see student.ts), a channel no submission can empty.
 * Each line carries its frame's run id, which only the grader and that frame know (it is in the frame's address,
 * which no other origin can read): an earlier submission's frame, still closing, cannot write into a later one's.
 */
export const CONSOLE_TAMPERED = "drillbook-tampered";
export const CONSOLE_CHANGED = "drillbook-changed";

export function consoleLine(kind: typeof CONSOLE_TAMPERED | typeof CONSOLE_CHANGED, runId: string, what: string): string {
  return `${kind} ${runId}: ${what}`;
}

/** What a console line says for this run, or null when it is not one of this run's lines. */
export function readConsoleLine(text: string, runId: string): {kind: typeof CONSOLE_TAMPERED | typeof CONSOLE_CHANGED; what: string} | null {
  for (const kind of [CONSOLE_TAMPERED, CONSOLE_CHANGED] as const) {
    const prefix = `${kind} ${runId}: `;
    if (text.startsWith(prefix)) return {kind, what: text.slice(prefix.length)};
  }
  return null;
}

/** The page asks the frame to run a submission; the frame answers "report" once its notebook settles. */
export interface RunRequest {
  kind: "run";
  notebook: Notebook;
  code: Record<string, string>;
  loopLimitMs: number;
  budgetMs: number;
  /** Transpiled by the grader (programs.ts). */
  programs?: SeededProgram[];
}

/** The page calls a student function (a check awaits it); the frame answers "result" with the same call id. */
export interface CallRequest {
  kind: "call";
  call: number;
  id: number;
  args: Encoded[];
}

/** The page runs an exercise's code again on other inputs (a check's probe); the frame answers "result" likewise. */
export interface ProbeRequest {
  kind: "probe";
  call: number;
  exercise: string;
  overrides: Record<string, Encoded>;
}

/** The page asks whether the frame's process answers (see page.ts, drillbookNext). */
export interface PingRequest {
  kind: "ping";
}

export type ToFrame = RunRequest | CallRequest | ProbeRequest | PingRequest;

/** How long the frame spent where (ms), for the bench: as untrusted as the rest of what the frame says. */
export interface FrameTimings {
  /** From the frame's navigation to its script running: the page and the engine's code loaded. */
  loadMs: number;
  /** The snapshot of the built-ins, before the frame said ready. */
  intrinsicsMs: number;
  /** From the run request to the notebook settled on this side. */
  runMs: number;
  /** Comparing the built-ins with the snapshot, over the run, and how many times. */
  auditMs: number;
  audits: number;
}

export type FromFrame =
  | {kind: "ready"; run: string}
  | {kind: "pong"}
  | {kind: "report"; report: StudentReport; tampered: string[]; timings?: FrameTimings}
  | {kind: "result"; call: number; ok: true; value: Encoded}
  | {kind: "result"; call: number; ok: false; message: string};

/** Whether a message from the frame has the shape of one the frame sends (its content is still untrusted). */
export function isFromFrame(data: unknown): data is FromFrame {
  if (!data || typeof data !== "object") return false;
  const m = data as Record<string, unknown>;
  switch (m.kind) {
    case "ready":
      return typeof m.run === "string";
    case "pong":
      return true;
    case "report": {
      const r = m.report as Record<string, unknown> | undefined;
      return !!r && typeof r === "object" && !!r.exercises && typeof r.exercises === "object" && typeof r.timedOut === "boolean" &&
        Array.isArray(r.changed) && r.changed.every((t) => typeof t === "string") &&
        Array.isArray(m.tampered) && m.tampered.every((t) => typeof t === "string");
    }
    case "result":
      return typeof m.call === "number" && (m.ok === true || (m.ok === false && typeof m.message === "string"));
    default:
      return false;
  }
}
