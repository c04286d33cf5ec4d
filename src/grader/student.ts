// The student's side of a graded run (student.html), loaded in a cross-site iframe of the grading page: its own
// origin and, in Chromium, its own renderer process. It runs the instructor's notebook with one submission's
// exercise code and no checks, then reports each exercise's values as data (src/runtime/split.ts). Nothing here is
// trusted by the page: a submission can change anything in this realm, and all it can send back is data.
//
// One frame, one submission: the page opens a new frame (a new realm: new globals, built-ins and modules) for
// each, and removes it after (page.ts). The frame's address carries its run id, so its console lines name it.
//
// Nothing is locked here either (checks run elsewhere), but nothing goes unseen: every change to a built-in or to
// the library's exports is found by comparing with a snapshot taken before any student code ran (intrinsics.ts),
// and written to the console through a console.warn bound before then. The grader reads the console over the
// browser's debugging protocol, which no page script can empty, forge away or delay.
import {BUNDLED_MODULES, ModuleTable} from "../runtime/modules.js";
import {seedPrograms} from "../runtime/programCache.js";
import {runStudentSide} from "../runtime/split.js";
import {CONSOLE_CHANGED, CONSOLE_TAMPERED, consoleLine, type FrameTimings, type FromFrame, type ToFrame} from "./frameProtocol.js";
import {watchIntrinsics} from "./intrinsics.js";

// The frame's name outlives its documents (the page navigates one frame from submission to submission): what the
// last one left there is wiped before any student code runs.
window.name = "";

// Captured first, before any student code can exist.
const warn = console.warn.bind(console);
const every = setInterval;
const now = performance.now.bind(performance);
const params = new URLSearchParams(location.search);
const parentOrigin = params.get("parent") ?? "";
const runId = params.get("run") ?? "";
const timings: FrameTimings = {loadMs: now(), intrinsicsMs: 0, runMs: 0, auditMs: 0, audits: 0};
let t0 = now();
const intrinsics = watchIntrinsics();
timings.intrinsicsMs = now() - t0;
const tampered: string[] = [];
const audit = (scope: "all" | "core") => {
  const start = now();
  let fresh: string[];
  try {
    fresh = intrinsics.changes(scope);
  } catch (e) {
    fresh = [`the built-ins (they could not be compared: ${e instanceof Error ? e.message : "?"})`];
  }
  for (let i = 0; i < fresh.length; i++) {
    tampered[tampered.length] = fresh[i]!;
    warn(consoleLine(CONSOLE_TAMPERED, runId, fresh[i]!));
  }
  timings.auditMs += now() - start;
  timings.audits++;
};
// The core (intrinsics.ts) after every exercise's run and on a timer while the notebook runs; everything when its
// run ends, and on the timer before and after, so a change made later (a timeout, a promise) is still seen whatever
// becomes of the run. (A full pass on the timer during the run too cost about 20 ms a hidden-segments submission.)
let running = false;
every(() => audit(running ? "core" : "all"), 500);
const auditCore = () => audit("core");

// The library unfrozen (nothing here needs protecting), each export watched from the moment it loads.
const modules = new ModuleTable({
  ...BUNDLED_MODULES,
  drillbook: () =>
    import("../lib/index.js").then((ns) => {
      for (const [name, value] of Object.entries(ns)) {
        intrinsics.add(value, name);
        if (typeof value === "function") intrinsics.add(value.prototype, `${name}.prototype`);
      }
      return ns;
    })
});

// Kept now: a submission may replace window.postMessage or parent later, which would only garble its own report.
const toPage = parent.postMessage.bind(parent);
const send = (message: FromFrame) => toPage(message, parentOrigin);
let side: Awaited<ReturnType<typeof runStudentSide>> | undefined;
let started = false;

addEventListener("message", (event: MessageEvent<ToFrame>) => {
  if (event.source !== parent || event.origin !== parentOrigin) return;
  const message = event.data;
  if (message.kind === "ping") send({kind: "pong"});
  if (message.kind === "run" && !started) {
    started = true;
    void run(message);
  }
  if (message.kind === "call" && side) {
    side.call(message.id, message.args).then(
      (value) => send({kind: "result", call: message.call, ok: true, value}),
      (e: unknown) => send({kind: "result", call: message.call, ok: false, message: e instanceof Error ? e.message : String(e)})
    );
  }
  if (message.kind === "probe" && side) {
    side.probe(message.exercise, message.overrides).then(
      (value) => {
        audit("core");
        send({kind: "result", call: message.call, ok: true, value});
      },
      (e: unknown) => send({kind: "result", call: message.call, ok: false, message: e instanceof Error ? e.message : String(e)})
    );
  }
});

async function run(request: Extract<ToFrame, {kind: "run"}>): Promise<void> {
  t0 = now();
  running = true;
  if (Array.isArray(request.programs)) seedPrograms(request.programs);
  side = await runStudentSide(request.notebook, {
    code: request.code, loopLimitMs: request.loopLimitMs, budgetMs: request.budgetMs, modules, afterExerciseRun: auditCore, prune: true,
    computeOnTasks: true
  });
  const report = await side.report();
  timings.runMs = now() - t0;
  running = false;
  audit("all");
  for (const name of report.changed) warn(consoleLine(CONSOLE_CHANGED, runId, name));
  send({kind: "report", report, tampered: [...tampered], timings: {...timings}});
}

send({kind: "ready", run: runId});
document.body.dataset.state = "ready";
