// The grading page (grade.html): one submission per page load, and the realm where the checks run. No student
// code ever runs here. `window.drillbookGrade(notebook, code, options)` opens the student's side in a cross-site
// iframe (student.html on another loopback address: another origin, and in Chromium another renderer process, so
// a hang there cannot stop this page), receives each exercise's values from it as data, runs the instructor's
// notebook and the checks here (src/runtime/split.ts), and answers every check's state as JSON text. The notebook
// comes from the grader, never from the submission.
import type {Notebook} from "../notebook/types.js";
import type {Encoded} from "../runtime/exchange.js";
import {runChecksSide, type EncodedExercise, type StudentReport, type StudentSide} from "../runtime/split.js";
import {isFromFrame, type CallRequest, type FromFrame, type ProbeRequest, type ToFrame} from "./frameProtocol.js";
import type {DrillbookGrade, PageResult} from "./protocol.js";

const studentOrigin = new URLSearchParams(location.search).get("student") ?? "";
let used = false;

const drillbookGrade: DrillbookGrade = async (notebookJson, code, options) => {
  if (used) throw new Error("a grading page grades one submission: load a fresh page for the next");
  used = true;
  const notebook = JSON.parse(notebookJson) as Notebook;
  let tampered: string[] = [];
  let changed: string[] = [];
  const side: StudentSide = {
    report: async () => {
      await frame.ready;
      frame.post({kind: "run", notebook, code, loopLimitMs: options.loopLimitMs, budgetMs: options.budgetMs});
      const answer = await frame.report;
      tampered = answer.tampered;
      changed = answer.report.changed;
      return answer.report;
    },
    call: (id, args) => frame.call(id, args),
    // Whatever the frame answers is untrusted data: split.ts reads it as such.
    probe: (exercise, overrides) => frame.ask({kind: "probe", call: 0, exercise, overrides}) as Promise<EncodedExercise>
  };
  // Submitted code counts as newer than the instructor's cells (the engine's rule for restored code), so a name
  // both define stays with the instructor's cell and the exercise gets the "already defined" error.
  const run = await runChecksSide(notebook, side, {code, includeHiddenChecks: true, loopLimitMs: options.loopLimitMs, budgetMs: options.budgetMs, prune: true});
  const result: PageResult = {
    checks: run.checks.map((c) => ({id: c.id, status: c.status, message: c.message})),
    cells: run.cells.map((c) => ({id: c.id, status: c.status, ...(c.message === undefined ? {} : {message: c.message})})),
    elapsedMs: run.elapsedMs,
    timedOut: run.timedOut,
    tampered,
    changed
  };
  return JSON.stringify(result);
};

interface StudentFrame {
  ready: Promise<void>;
  report: Promise<{report: StudentReport; tampered: string[]}>;
  post(message: ToFrame): void;
  call(id: number, args: Encoded[]): Promise<Encoded>;
  /** Sends a request that the frame answers with a "result" of the same call number. */
  ask(request: CallRequest | ProbeRequest): Promise<Encoded>;
}

/** The student's side in its iframe; only messages from that frame's window and origin are heard. */
function openStudentFrame(): StudentFrame {
  const iframe = document.createElement("iframe");
  iframe.src = `${studentOrigin}/student.html?parent=${encodeURIComponent(location.origin)}`;
  iframe.title = "the student's side";
  let ready!: () => void;
  let reported!: (r: {report: StudentReport; tampered: string[]}) => void;
  const calls = new Map<number, {resolve(v: Encoded): void; reject(e: Error): void}>();
  let nextCall = 0;
  const frame: StudentFrame = {
    ready: new Promise((r) => (ready = r)),
    report: new Promise((r) => (reported = r)),
    post: (message) => iframe.contentWindow?.postMessage(message, studentOrigin),
    call: (id, args) => frame.ask({kind: "call", call: 0, id, args}),
    ask: (request) =>
      new Promise<Encoded>((resolve, reject) => {
        const call = nextCall++;
        calls.set(call, {resolve, reject});
        frame.post({...request, call});
      })
  };
  let gotReport = false;
  addEventListener("message", (event: MessageEvent<unknown>) => {
    if (event.source !== iframe.contentWindow || event.origin !== studentOrigin || !isFromFrame(event.data)) return;
    const message: FromFrame = event.data;
    if (message.kind === "ready") ready();
    else if (message.kind === "report" && !gotReport) {
      gotReport = true; // the first report counts: a submission posting its own earlier changes nothing it could not type
      reported({report: message.report, tampered: message.tampered});
    } else if (message.kind === "result") {
      const pending = calls.get(message.call);
      calls.delete(message.call);
      if (message.ok) pending?.resolve(message.value);
      else pending?.reject(new Error(message.message));
    }
  });
  document.body.append(iframe);
  return frame;
}

// The student's side is opened with the page, before any submission: the grader loads the next page while it
// grades the last one, so starting the frame's process and loading its code stay off a submission's time.
const frame = openStudentFrame();
void frame.ready.then(() => {
  Object.defineProperty(window, "drillbookGrade", {value: drillbookGrade, writable: false, configurable: false});
  document.body.dataset.state = "ready";
});
