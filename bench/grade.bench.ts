// Grading throughput: for each notebook in notebooks/, a batch of submissions (the notebook's solutions, one file
// per student) graded by `grade()` in headless Chromium at the default --jobs (the number of cores). Reports
// submissions per minute (median over runs) and time per submission. The page build and the browser are shared
// across runs, as within one `drillbook grade` batch; their one-off cost (printed) is not in the figures.
// Target from the issue: at least 60 submissions a minute for the hidden-segments and k-means drills.
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from "node:fs";
import os from "node:os";
import path from "node:path";
import {fileURLToPath} from "node:url";
import {GradingBrowser} from "../src/grader/browser.js";
import {grade, type GradeRun} from "../src/grader/grade.js";
import {loadNotebooks} from "../src/grader/notebooks.js";
import {buildGradePage} from "../src/grader/pageBuild.js";
import {solutionCode} from "../src/runtime/headless.js";
import {bench} from "./harness.js";

const SUITE = "grade";
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export async function suite(): Promise<void> {
  const jobs = os.availableParallelism();
  const perBatch = Number(process.env.DRILLBOOK_BENCH_SUBMISSIONS ?? 12);
  const notebooksDir = path.join(root, "notebooks");
  const {byId, errors} = loadNotebooks(notebooksDir);
  for (const e of errors) console.log(`skipped, does not parse: ${e}`);

  let t0 = performance.now();
  const page = await buildGradePage();
  console.log(`grading page: ${page.built ? "built" : "cached"} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  t0 = performance.now();
  const browser = await GradingBrowser.launch(page.dir, jobs);
  console.log(`Chromium with ${jobs} tabs started in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  const work = mkdtempSync(path.join(os.tmpdir(), "drillbook-bench-"));
  try {
    for (const nb of [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : 1))) {
      const dir = path.join(work, nb.id);
      mkdirSync(dir);
      const cells = solutionCode(nb);
      for (let i = 0; i < perBatch; i++) {
        const submission = {notebook: nb.id, version: nb.version, savedAt: new Date().toISOString(), student: `student-${i}`, cells};
        writeFileSync(path.join(dir, `student-${i}.json`), JSON.stringify(submission));
      }
      let last: GradeRun | undefined;
      const result = await bench(SUITE, `${nb.id}: ${perBatch} submissions, --jobs ${jobs}`, async () => {
        last = await grade({submissions: [dir], notebooksDir, outDir: null, jobs, browser});
      }, {
        runs: 3,
        warmup: 1,
        extra: () => {
          const graded = last?.results.submissions ?? [];
          const pageMs = graded.map((s) => s.elapsedMs ?? 0).sort((a, b) => a - b);
          return {
            submissions: perBatch,
            jobs,
            fullMarks: graded.filter((s) => s.points && s.points.earned === s.points.possible).length,
            medianPageMs: pageMs[pageMs.length >> 1] ?? null
          };
        }
      });
      const perMinute = (perBatch / result.medianMs) * 60_000;
      const perSubmission = (result.medianMs * jobs) / perBatch / 1000;
      const full = result.extra.fullMarks as number;
      console.log(`  ${nb.id}: ${perMinute.toFixed(0)} submissions/min; ${(result.medianMs / perBatch / 1000).toFixed(2)} s of wall time per submission, ` +
        `${perSubmission.toFixed(2)} s per submission in each of ${jobs} tabs (notebook itself: median ${((result.extra.medianPageMs as number) / 1000).toFixed(2)} s); ` +
        `${full}/${perBatch} got full marks${full === perBatch ? "" : " (the notebook's solutions do not all pass in the grader)"}`);
    }
  } finally {
    await browser.close();
    rmSync(work, {recursive: true, force: true});
  }
}
