// The grading page (grade.html): the realm where the checks run. No student code ever runs here. The grader keeps
// one page per tab for many submissions (loading it again for each cost more than grading a light drill), and
// nothing of one submission stays in it for the next: each run's notebook session is new and disposed when it
// ends, and the student's side answers with data only, rebuilt here into fresh objects by this realm's own,
// untouched code (src/runtime/exchange.ts). The notebook comes from the grader, never from the submission.
//
// Each submission's code runs in a document of its own (student.ts) in the student frame: a cross-site iframe
// served from another loopback address than this page, so Chromium gives it another renderer process and a hang
// there cannot stop the checks. `drillbookNext(origin, runId)` navigates the frame to a new document for the next
// submission: a new realm (new globals, built-ins, modules) in the same process, where the engine's code is
// already compiled. The last submission's document is gone once the new one commits, with its timers and workers.
// The grader alternates two origins, so the new document is never same-origin with the one it replaces (nothing
// of the last can reach it while it goes, and what it says is not heard as the new one's); what the frame itself
// keeps from one document to the next (window.name) is wiped by the new document before any student code runs.
// (Opening a new iframe for each submission and removing the last cost 10 % more CPU a submission, measured:
// Chromium and Playwright set up each new cross-process frame.) `drillbookGrade(notebook, code, options)` then
// grades one submission in the document opened for it, runs the instructor's notebook and the checks here
// (src/runtime/split.ts), and answers every check's state as JSON text.
import type {Notebook} from "../notebook/types.js";
import type {Encoded} from "../runtime/exchange.js";
import {seedPrograms, transpileCached} from "../runtime/programCache.js";
import {runChecksSide, type EncodedExercise, type StudentReport, type StudentSide} from "../runtime/split.js";
import {isFromFrame, type CallRequest, type FrameTimings, type FromFrame, type ProbeRequest, type ToFrame} from "./frameProtocol.js";
import type {SeededProgram} from "./programs.js";
import type {DrillbookGrade, DrillbookNext, PageResult} from "./protocol.js";

/** The student frames' origins this page may open (the grader's two, see browser.ts). */
const studentOrigins = new URLSearchParams(location.search).getAll("student").filter((o) => o !== location.origin);

interface Answer {
  report: StudentReport;
  tampered: string[];
  timings?: FrameTimings;
}

interface StudentFrame {
  ready: Promise<void>;
  report: Promise<Answer>;
  post(message: ToFrame): void;
  /** Sends a request that the frame answers with a "result" of the same call number. */
  ask(request: CallRequest | ProbeRequest): Promise<Encoded>;
  /** Resolves when the frame's process answers a message sent now. */
  ping(): Promise<void>;
  /** Stops listening to the document and hands the frame on, for the next submission's document. */
  detach(): HTMLIFrameElement;
}

/** Opened for the next submission: nothing has run in it yet. */
let next: StudentFrame | null = null;
/** The last submission's document, until the next one replaces it. */
let used: StudentFrame | null = null;

const drillbookNext: DrillbookNext = async (origin, runId) => {
  if (!studentOrigins.includes(origin)) throw new Error(`a student frame opens only on ${studentOrigins.join(" or ")}`);
  if (next) throw new Error("a student frame is already waiting for a submission");
  const t0 = performance.now();
  const reuse = used?.detach() ?? null;
  used = null;
  const frame = openStudentFrame(origin, runId, reuse);
  await frame.ready;
  const readyMs = performance.now() - t0;
  // The process answers once the last document is gone: nothing the last submission left behind holds it up.
  await frame.ping();
  next = frame;
  return {readyMs, pingMs: performance.now() - t0 - readyMs};
};

const drillbookGrade: DrillbookGrade = async (notebookJson, code, options) => {
  const frame = next;
  if (!frame) throw new Error("no student frame is open for this submission: call drillbookNext first");
  next = null;
  used = frame;
  const t0 = performance.now();
  const notebook = JSON.parse(notebookJson) as Notebook;
  if (options.programsJson) seedPrograms(JSON.parse(options.programsJson) as SeededProgram[]);
  let answer: Answer | undefined;
  let reportedAt = 0;
  const side: StudentSide = {
    report: async () => {
      frame.post({kind: "run", notebook, code, loopLimitMs: options.loopLimitMs, budgetMs: options.budgetMs, programs: studentPrograms(notebook, code)});
      answer = await frame.report;
      reportedAt = performance.now();
      return answer.report;
    },
    call: (id, args) => frame.ask({kind: "call", call: 0, id, args}),
    // Whatever the frame answers is untrusted data: split.ts reads it as such.
    probe: (exercise, overrides) => frame.ask({kind: "probe", call: 0, exercise, overrides}) as Promise<EncodedExercise>
  };
  // Submitted code counts as newer than the instructor's cells (the engine's rule for restored code), so a name
  // both define stays with the instructor's cell and the exercise gets the "already defined" error.
  const run = await runChecksSide(notebook, side, {
    code, includeHiddenChecks: true, loopLimitMs: options.loopLimitMs, budgetMs: options.budgetMs, prune: true, computeOnTasks: true
  });
  const end = performance.now();
  const result: PageResult = {
    checks: run.checks.map((c) => ({id: c.id, status: c.status, message: c.message})),
    cells: run.cells.map((c) => ({id: c.id, status: c.status, ...(c.message === undefined ? {} : {message: c.message})})),
    elapsedMs: run.elapsedMs,
    timedOut: run.timedOut,
    tampered: answer?.tampered ?? [],
    changed: answer?.report.changed ?? [],
    timings: {
      studentMs: (reportedAt || end) - t0,
      afterReportMs: reportedAt ? end - reportedAt : 0,
      ...(answer?.timings ? {frame: numbersOf(answer.timings)} : {})
    }
  };
  return JSON.stringify(result);
};

/** The student's side in the frame (a new one, or the last one navigated); only its document's messages are heard. */
function openStudentFrame(origin: string, runId: string, reuse: HTMLIFrameElement | null): StudentFrame {
  const iframe = reuse ?? document.createElement("iframe");
  // No popups, no navigating this page or another frame, no dialogs: the browser refuses them to student code.
  iframe.sandbox.add("allow-scripts", "allow-same-origin");
  iframe.title = "the student's side";
  let ready!: () => void;
  let reported!: (answer: Answer) => void;
  const pongs: Array<() => void> = [];
  const calls = new Map<number, {resolve(v: Encoded): void; reject(e: Error): void}>();
  let nextCall = 0;
  let gotReport = false;
  const onMessage = (event: MessageEvent<unknown>) => {
    if (event.source !== iframe.contentWindow || event.origin !== origin || !isFromFrame(event.data)) return;
    const message: FromFrame = event.data;
    if (message.kind === "ready" && message.run === runId) ready();
    else if (message.kind === "pong") pongs.shift()?.();
    else if (message.kind === "report" && !gotReport) {
      gotReport = true; // the first report counts: a submission posting its own earlier changes nothing it could not type
      reported({report: message.report, tampered: message.tampered, timings: message.timings});
    } else if (message.kind === "result") {
      const pending = calls.get(message.call);
      calls.delete(message.call);
      if (message.ok) pending?.resolve(message.value);
      else pending?.reject(new Error(message.message));
    }
  };
  const frame: StudentFrame = {
    ready: new Promise((r) => (ready = r)),
    report: new Promise((r) => (reported = r)),
    post: (message) => iframe.contentWindow?.postMessage(message, origin),
    ask: (request) =>
      new Promise<Encoded>((resolve, reject) => {
        const call = nextCall++;
        calls.set(call, {resolve, reject});
        frame.post({...request, call});
      }),
    ping: () =>
      new Promise<void>((resolve) => {
        pongs.push(resolve);
        frame.post({kind: "ping"});
      }),
    detach: () => {
      removeEventListener("message", onMessage);
      for (const pending of calls.values()) pending.reject(new Error("the student's frame was closed"));
      calls.clear();
      return iframe;
    }
  };
  addEventListener("message", onMessage);
  iframe.src = `${origin}/student.html?parent=${encodeURIComponent(location.origin)}&run=${encodeURIComponent(runId)}`;
  if (!reuse) document.body.append(iframe);
  return frame;
}

/** The programs of the cells and code the student's side runs, from this realm's cache (its realm is new). */
function studentPrograms(notebook: Notebook, code: Record<string, string>): SeededProgram[] {
  const programs: SeededProgram[] = [];
  for (const source of new Set([...notebook.cells.map((c) => c.source), ...Object.values(code)])) {
    try {
      programs.push({source, program: transpileCached(source)});
    } catch {
      // a syntax error: the student's side reports it with its own transpiler
    }
  }
  return programs;
}

/** The frame's timings, as numbers or not at all (it may send anything). */
function numbersOf(timings: FrameTimings): Partial<FrameTimings> {
  const out: Partial<FrameTimings> = {};
  for (const key of ["loadMs", "intrinsicsMs", "runMs", "auditMs", "audits"] as const) {
    const v = (timings as unknown as Record<string, unknown>)?.[key];
    if (typeof v === "number" && Number.isFinite(v)) out[key] = v;
  }
  return out;
}

for (const [name, value] of [["drillbookNext", drillbookNext], ["drillbookGrade", drillbookGrade]] as const) {
  Object.defineProperty(window, name, {value, writable: false, configurable: false});
}
document.body.dataset.state = "ready";
