// `drillbook grade`: reads the submissions, grades each in headless Chromium against the instructor's
// notebook, and writes results.json, grades.csv, junit.xml and report.html (outputs.ts). Bad input is reported per file and never stops
// the batch; the result says whether every submission was graded.
import os from "node:os";
import {NotebookErrors, type Notebook} from "../notebook/types.js";
import {GradingBrowser, pageNotebook} from "./browser.js";
import {readCanvasRoster} from "./canvas.js";
import {collectSubmissionFiles} from "./files.js";
import {readSubmissionFile, removeDuplicates, type Accepted, type Rejected} from "./intake.js";
import {loadNotebooks} from "./notebooks.js";
import {buildGradePage} from "./pageBuild.js";
import {scoreExercises, summariseNotebook, total, type RunOutcome} from "./points.js";
import {mapPool} from "./pool.js";
import {loadTranspiler, programsFor} from "./programs.js";
import {writeOutputs, type CsvLayout} from "./outputs.js";
import {RESULTS_FORMAT, type Results, type SubmissionResult} from "./results.js";
import {readRosterText, rosterIds} from "./roster.js";
import {shardOf, type ShardSpec} from "./shard.js";
import {UsageError} from "./usage.js";

export interface GradeOptions {
  /** Submission files, or folders searched for *.json. */
  submissions: string[];
  notebooksDir: string;
  /** Where results.json, grades.csv, junit.xml and report.html go; nothing is written when null. */
  outDir: string | null;
  jobs?: number;
  /** Per submission, from handing it to the page until its answer. */
  timeoutSeconds?: number;
  /** The engine's loop guard (the page uses 4 s: a check should mean the same in both). */
  loopLimitSeconds?: number;
  refuseOld?: boolean;
  /** A file of the course's student ids, one a line (the first column of a CSV): others get a warning. */
  rosterFile?: string;
  /**
   * Grade only this shard's files (shard.ts). Every file is still read, so duplicates are resolved over the whole
   * class exactly as one run would; results.json records the shard and the full file list for `drillbook merge`.
   */
  shard?: ShardSpec;
  /** grades.csv's layout: drillbook's own (default) or Canvas's gradebook import (canvas.ts). */
  csv?: CsvLayout;
  /** A running browser to reuse (tests share one); else one is started and closed. */
  browser?: GradingBrowser;
  log?: (line: string) => void;
  /** Called when a submission is done (graded or not). */
  onProgress?: (done: number, total: number, file: string) => void;
}

export interface GradeRun {
  results: Results;
  /** 0 when every submission was graded, 1 otherwise. */
  exitCode: number;
  written: string[];
}

export const DEFAULTS = {timeoutSeconds: 60, loopLimitSeconds: 4};

export {UsageError};

export async function grade(options: GradeOptions): Promise<GradeRun> {
  const log = options.log ?? (() => {});
  const jobs = Math.max(1, options.jobs ?? os.availableParallelism());
  const timeoutSeconds = options.timeoutSeconds ?? DEFAULTS.timeoutSeconds;
  const loopLimitSeconds = options.loopLimitSeconds ?? DEFAULTS.loopLimitSeconds;
  const refuseOld = options.refuseOld ?? false;

  let notebooks;
  try {
    notebooks = loadNotebooks(options.notebooksDir);
  } catch (e) {
    throw new UsageError(`cannot read the notebooks folder ${options.notebooksDir}: ${(e as Error).message}`);
  }
  // A notebook any command refuses (src/build/readNotebook.ts) is not graded against: every submission would get
  // the same broken cells. Nothing is graded; the caller prints the file:line list.
  if (notebooks.errors.length) throw new NotebookErrors(notebooks.errors);
  const rosterText = options.rosterFile ? readRosterText(options.rosterFile) : undefined;
  const canvasRoster = rosterText === undefined ? null : readCanvasRoster(rosterText);
  const roster = rosterText === undefined ? undefined : rosterIds(rosterText, canvasRoster, options.rosterFile!);
  const {files, problems} = collectSubmissionFiles(options.submissions);

  // Read every file first: order of results = order of files.
  const outcomes = new Map<string, Accepted | Rejected>();
  for (const p of problems) outcomes.set(p.file, {ok: false, file: p.file, error: p.error, student: null, notebook: null, version: null, savedAt: null});
  const accepted: Accepted[] = [];
  for (const file of files) {
    const read = readSubmissionFile(file, notebooks.byId, {refuseOld, roster});
    if (read.ok) accepted.push(read);
    outcomes.set(file, read);
  }
  const everyFile = [...problems.map((p) => p.file), ...files];
  const shard = options.shard;
  const mine = (file: string) => !shard || shardOf(file, shard.count) === shard.index;
  const resolved = removeDuplicates(accepted);
  for (const d of resolved.duplicates) outcomes.set(d.file, d);
  const kept = resolved.kept.filter((a) => mine(a.file));
  const order = everyFile.filter(mine);
  const total = order.length;
  let done = 0;
  for (const file of order) {
    const r = outcomes.get(file)!;
    if (!r.ok) options.onProgress?.(++done, total, r.file);
  }

  const graded = new Map<string, SubmissionResult>();
  if (kept.length) {
    let browser = options.browser;
    const own = !browser;
    if (!browser) {
      const page = await buildGradePage({log});
      // One tab more than jobs: a tab opens the next submission's student frame after each submission, and the
      // spare one lets a job start at once instead of waiting for that.
      browser = await GradingBrowser.launch(page.dir, Math.min(jobs, kept.length) + 1);
    }
    try {
      const json = new Map<Notebook, string>();
      const pageJson = (nb: Notebook) => json.get(nb) ?? json.set(nb, pageNotebook(nb)).get(nb)!;
      const limits = {timeoutMs: timeoutSeconds * 1000, loopLimitMs: loopLimitSeconds * 1000};
      await loadTranspiler();
      await mapPool(kept, jobs, async (a) => {
        // A variant notebook runs on the student's own data: its seed goes with the notebook, to both sides.
        const notebookJson = a.seed === undefined ? pageJson(a.notebook) : pageNotebook({...a.notebook, seed: a.seed});
        const outcome = await browser!.run(notebookJson, a.code, limits, programsFor(a.notebook, a.code));
        graded.set(a.file, gradedResult(a, outcome));
        options.onProgress?.(++done, total, a.file);
      });
    } finally {
      if (own) await browser.close();
    }
  }

  const submissions = order.map((file) => graded.get(file) ?? rejectedResult(outcomes.get(file) as Rejected));
  const used = [...new Set(kept.map((a) => a.notebook))].sort((a, b) => (a.id < b.id ? -1 : 1));
  const results: Results = {
    format: RESULTS_FORMAT,
    gradedAt: new Date().toISOString(),
    options: {jobs, timeoutSeconds, loopLimitSeconds, refuseOld},
    notebooks: used.map(summariseNotebook),
    summary: {
      submissions: submissions.length,
      graded: submissions.filter((s) => s.status === "graded").length,
      rejected: submissions.filter((s) => s.status === "rejected").length
    },
    submissions,
    ...(shard ? {shard: {...shard, files: everyFile}} : {})
  };
  const written = options.outDir ? writeOutputs(options.outDir, results, {csv: options.csv, canvasRoster}) : [];
  return {results, exitCode: results.summary.rejected ? 1 : 0, written};
}

function gradedResult(a: Accepted, outcome: RunOutcome): SubmissionResult {
  const exercises = scoreExercises(a.notebook, a.code, outcome, a.submission.solutionsViewed);
  const warnings = [...a.warnings];
  if (outcome.kind === "done") {
    const r = outcome.result;
    for (const what of r.tampered) warnings.push(`the submission tampered with ${what} in its own realm: the checks run apart and never saw it`);
    for (const name of r.changed) {
      warnings.push(`the submission changed \`${name}\`, a value the notebook computed, on its own side: the checks used their own copy`);
    }
    if (r.timedOut) warnings.push("the notebook did not settle within the time limit: what was still running scored timeout");
    const roles = new Map(a.notebook.cells.map((c) => [c.id, c.role]));
    for (const cell of r.cells) {
      if (roles.get(cell.id) === "code" && (cell.status === "error" || cell.status === "timeout")) {
        warnings.push(`the notebook's own cell "${cell.id}" ended in ${cell.status} while grading: ${cell.message ?? ""}`);
      }
    }
  } else if (outcome.kind === "timeout") {
    warnings.push(`stopped after ${outcome.seconds} s (--timeout): every check scored timeout`);
  } else {
    warnings.push(`the grading page stopped: ${outcome.message}; every check scored error`);
  }
  return {
    file: a.file,
    status: "graded",
    student: a.student,
    notebook: a.notebook.id,
    version: a.submission.version,
    notebookVersion: a.notebook.version,
    savedAt: a.submission.savedAt,
    ...(a.seed === undefined ? {} : {seed: a.seed}),
    warnings,
    points: total(exercises),
    elapsedMs: outcome.kind === "done" ? Math.round(outcome.result.elapsedMs) : null,
    exercises
  };
}

function rejectedResult(r: Rejected): SubmissionResult {
  return {
    file: r.file,
    status: "rejected",
    student: r.student,
    notebook: r.notebook,
    version: r.version,
    notebookVersion: null,
    savedAt: r.savedAt,
    error: r.error,
    warnings: [],
    points: null,
    elapsedMs: null,
    exercises: []
  };
}
