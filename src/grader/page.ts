// The grading page (grade.html): one submission per page load. `window.drillbookGrade(notebook, code, options)`
// runs the instructor's notebook with the submission's exercise code, hidden checks included, through the same
// headless runner as validate and the notebook tests, and answers every check's state as JSON text. The
// notebook comes from the grader, never from the submission.
import type {Notebook} from "../notebook/types.js";
import {runNotebook} from "../runtime/headless.js";
import {attempts, harden} from "./harden.js";
import type {DrillbookGrade, PageResult} from "./protocol.js";

// The engine is loaded (imports above run first); student code has not run yet.
harden();

let used = false;

const drillbookGrade: DrillbookGrade = async (notebookJson, code, options) => {
  if (used) throw new Error("a grading page grades one submission: load a fresh page for the next");
  used = true;
  const notebook = JSON.parse(notebookJson) as Notebook;
  // Submitted code counts as newer than the instructor's cells (the engine's rule for restored code), so a name
  // both define stays with the instructor's cell and the exercise gets the "already defined" error.
  const run = await runNotebook(notebook, {code, includeHiddenChecks: true, loopLimitMs: options.loopLimitMs, budgetMs: options.budgetMs});
  const result: PageResult = {
    checks: run.checks.map((c) => ({id: c.id, status: c.status, message: c.message})),
    cells: run.cells.map((c) => ({id: c.id, status: c.status, ...(c.message === undefined ? {} : {message: c.message})})),
    elapsedMs: run.elapsedMs,
    timedOut: run.timedOut,
    tampered: [...new Set(attempts)]
  };
  return JSON.stringify(result);
};

Object.defineProperty(window, "drillbookGrade", {value: drillbookGrade, writable: false, configurable: false});
document.body.dataset.state = "ready";
