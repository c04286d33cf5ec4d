// Grading throughput: for each notebook in notebooks/, batches of submissions (the notebook's solutions, one file
// per student) graded by `grade()` in headless Chromium at the default --jobs (the number of cores). Reports
// submissions per minute (median over batches) and time per submission. The page build and the browser are
// shared across batches, as within one `drillbook grade` run; their one-off cost is printed, not counted.
// Batches hold about 30 s of work (between 2 x jobs and 24 submissions, sized from a first untimed batch), so a
// light notebook is measured on many submissions and a heavy one does not take an hour.
// It also prints where a submission's time goes, from the grader's own timings (tab.ts, RunTimings): opening the
// student's document before the run (its load, the built-ins' snapshot), then the run: the student's side (its
// notebook, the comparisons of the built-ins) and the checks after its report. Medians over the timed batches.
// Target (issue 15): hidden-segments at 150 submissions a minute or more at --jobs 2 on this 2-core machine. The
// machine is shared: read a figure with the load it prints, and compare commits interleaved.
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from "node:fs";
import os from "node:os";
import path from "node:path";
import {fileURLToPath} from "node:url";
import {GradingBrowser, type RunTimings} from "../src/grader/browser.js";
import {grade, type GradeRun} from "../src/grader/grade.js";
import {loadNotebooks} from "../src/grader/notebooks.js";
import {buildGradePage} from "../src/grader/pageBuild.js";
import type {Notebook} from "../src/notebook/types.js";
import {solutionCode} from "../src/runtime/headless.js";
import {bench} from "./harness.js";

const SUITE = "grade";
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export async function suite(): Promise<void> {
  const jobs = os.availableParallelism();
  const notebooksDir = path.join(root, "notebooks");
  const {byId, errors} = loadNotebooks(notebooksDir);
  for (const e of errors) console.log(`skipped, does not parse: ${e}`);

  let t0 = performance.now();
  const page = await buildGradePage();
  console.log(`grading page: ${page.built ? "built" : "cached"} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  t0 = performance.now();
  const browser = await GradingBrowser.launch(page.dir, jobs + 1);
  console.log(`Chromium with ${jobs + 1} tabs started in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  const work = mkdtempSync(path.join(os.tmpdir(), "drillbook-bench-"));
  try {
    // DRILLBOOK_BENCH_NOTEBOOKS=welcome,kmeans-customers measures only those.
    const only = process.env.DRILLBOOK_BENCH_NOTEBOOKS?.split(",").map((s) => s.trim()).filter(Boolean);
    for (const nb of [...byId.values()].filter((n) => !only?.length || only.includes(n.id)).sort((a, b) => (a.id < b.id ? -1 : 1))) {
      const gradeBatch = async (n: number) => {
        const dir = writeBatch(work, nb, n);
        const t = performance.now();
        const run = await grade({submissions: [dir], notebooksDir, outDir: null, jobs, browser});
        return {run, ms: performance.now() - t};
      };
      const first = await gradeBatch(2 * jobs);
      const perSubmissionMs = first.ms / (2 * jobs);
      const size = Math.max(2 * jobs, Math.min(24, Math.round(30_000 / perSubmissionMs)));
      const runs = size * perSubmissionMs > 90_000 ? 1 : 3;
      const dir = writeBatch(work, nb, size);
      let last: GradeRun | undefined;
      const timed = browser.stats.timings.length;
      const result = await bench(SUITE, `${nb.id}: ${size} submissions, --jobs ${jobs}`, async () => {
        last = await grade({submissions: [dir], notebooksDir, outDir: null, jobs, browser});
      }, {
        runs,
        warmup: 0,
        extra: () => {
          const graded = last?.results.submissions ?? [];
          const pageMs = graded.map((s) => s.elapsedMs ?? 0).sort((a, b) => a - b);
          return {
            submissions: size, jobs,
            fullMarks: graded.filter((s) => s.points && s.points.earned === s.points.possible).length,
            medianPageMs: pageMs[pageMs.length >> 1] ?? null,
            load: os.loadavg()[0]
          };
        }
      });
      const perMinute = (size / result.medianMs) * 60_000;
      const full = result.extra.fullMarks as number;
      console.log(`  ${nb.id}: ${perMinute.toFixed(0)} submissions/min at --jobs ${jobs}; ${(result.medianMs / size / 1000).toFixed(2)} s of wall time per ` +
        `submission (${((result.medianMs * jobs) / size / 1000).toFixed(2)} s in each tab, of which the notebook itself ` +
        `${((result.extra.medianPageMs as number) / 1000).toFixed(2)} s); ${full}/${size} got full marks` +
        `${full === size ? "" : " (the solutions do not all pass in the grader: see its warnings)"}; load ${os.loadavg()[0]!.toFixed(1)}`);
      console.log(`    where a submission's time goes (medians, ms): ${whereTheTimeGoes(browser.stats.timings.slice(timed))}`);
    }
  } finally {
    await browser.close();
    rmSync(work, {recursive: true, force: true});
  }
}

/** Medians of the runs' timings (tab.ts, RunTimings): the student frame's opening, then the run on both sides. */
function whereTheTimeGoes(timings: RunTimings[]): string {
  const median = (xs: Array<number | undefined>) => {
    const s = xs.filter((x): x is number => typeof x === "number").sort((a, b) => a - b);
    return s.length ? Math.round(s[s.length >> 1]!) : "?";
  };
  return [
    `opening the student frame (before the run) ${median(timings.map((t) => t.frameReadyMs))}, of which the built-ins' snapshot ${median(timings.map((t) => t.page?.frame?.intrinsicsMs))}`,
    `the run ${median(timings.map((t) => t.gradeMs))}: the student's side ${median(timings.map((t) => t.page?.studentMs))} ` +
      `(its notebook ${median(timings.map((t) => t.page?.frame?.runMs))}, of which comparing the built-ins ${median(timings.map((t) => t.page?.frame?.auditMs))}), ` +
      `then the checks ${median(timings.map((t) => t.page?.afterReportMs))}`
  ].join("; ");
}

/** n copies of the notebook's solutions, one file per student, in a fresh folder. */
function writeBatch(work: string, nb: Notebook, n: number): string {
  const dir = mkdtempSync(path.join(work, `${nb.id}-`));
  mkdirSync(dir, {recursive: true});
  const cells = solutionCode(nb);
  for (let i = 0; i < n; i++) {
    const submission = {notebook: nb.id, version: nb.version, savedAt: new Date().toISOString(), student: `student-${i}`, cells};
    writeFileSync(path.join(dir, `student-${i}.json`), JSON.stringify(submission));
  }
  return dir;
}
