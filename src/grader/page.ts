// The grading page (grade.html): one submission per page load. `window.drillbookGrade(notebook, code, options)`
// runs the instructor's notebook with the submission's exercise code, hidden checks included, and answers
// every check's state as JSON text. The notebook comes from the grader (never from the submission).
import type {Notebook} from "../notebook/types.js";
import {Session} from "../runtime/session.js";
import {attempts, harden} from "./harden.js";
import type {DrillbookGrade, PageResult} from "./protocol.js";

// The engine is loaded (imports above run first); student code has not run yet.
harden();

let used = false;

const drillbookGrade: DrillbookGrade = async (notebookJson, code, options) => {
  if (used) throw new Error("a grading page grades one submission: load a fresh page for the next");
  used = true;
  const notebook = JSON.parse(notebookJson) as Notebook;
  const session = new Session(notebook, {includeHiddenChecks: true, loopLimitMs: options.loopLimitMs});
  // Exercise code goes in as edits, as in the student's page after typing: an edit is newer than the
  // instructor's cells, so a name the submission also defines stays with the instructor's cell and the
  // exercise gets the "already defined" error. (Passed as `code`, the exercise would keep page order and could
  // take over a name that a later setup cell defines and a check reads.)
  for (const exercise of notebook.exercises) {
    const submitted = code[exercise.id];
    if (submitted !== undefined) session.setSource(exercise.id, submitted);
  }
  const t0 = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    session.start();
    const budget = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), options.budgetMs)));
    const outcome = await Promise.race([session.whenIdle().then(() => "idle" as const), budget]);
    const result: PageResult = {
      checks: session.checks().map((c) => ({id: c.id, status: c.status, message: c.message})),
      cells: session.cellIds().filter((id) => !id.includes("/")).map((id) => {
        const c = session.cell(id);
        return {id, status: c.status, ...(c.message === undefined ? {} : {message: c.message})};
      }),
      elapsedMs: performance.now() - t0,
      timedOut: outcome === "timeout",
      tampered: [...new Set(attempts)]
    };
    return JSON.stringify(result);
  } finally {
    clearTimeout(timer);
    session.dispose();
  }
};

Object.defineProperty(window, "drillbookGrade", {value: drillbookGrade, writable: false, configurable: false});
document.body.dataset.state = "ready";
