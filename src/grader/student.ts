// The student's side of a graded run (student.html), loaded in a cross-site iframe of the grading page: its own
// origin and, in Chromium, its own renderer process. It runs the instructor's notebook with the submission's
// exercise code and no checks, then reports each exercise's values as data (src/runtime/split.ts). Nothing here is
// trusted by the page: a submission can change anything in this realm, and all it can send back is data.
import {runStudentSide} from "../runtime/split.js";
import {attempts, harden} from "./harden.js";
import {CONSOLE_CHANGED, CONSOLE_TAMPERED, type FromFrame, type ToFrame} from "./frameProtocol.js";

// Bound now, before any student code: what it writes reaches the grader whatever the submission patches later.
const warn = console.warn.bind(console);
// Before any student code: built-ins stay as the engine needs them, and tampering is recorded for the report.
harden((what) => warn(CONSOLE_TAMPERED + what));

const parentOrigin = new URLSearchParams(location.search).get("parent") ?? "";
// Kept now: a submission may replace window.postMessage or parent later, which would only garble its own report.
const toPage = parent.postMessage.bind(parent);
const send = (message: FromFrame) => toPage(message, parentOrigin);
let side: Awaited<ReturnType<typeof runStudentSide>> | undefined;

addEventListener("message", (event: MessageEvent<ToFrame>) => {
  if (event.source !== parent || event.origin !== parentOrigin) return;
  const message = event.data;
  if (message.kind === "run" && !side) void run(message);
  if (message.kind === "call" && side) {
    side.call(message.id, message.args).then(
      (value) => send({kind: "result", call: message.call, ok: true, value}),
      (e: unknown) => send({kind: "result", call: message.call, ok: false, message: describeError(e)})
    );
  }
});

async function run(request: Extract<ToFrame, {kind: "run"}>): Promise<void> {
  side = await runStudentSide(request.notebook, {code: request.code, loopLimitMs: request.loopLimitMs, budgetMs: request.budgetMs});
  const report = await side.report();
  for (const name of report.changed) warn(CONSOLE_CHANGED + name);
  send({kind: "report", report, tampered: [...new Set(attempts)]});
}

function describeError(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

send({kind: "ready"});
document.body.dataset.state = "ready";
