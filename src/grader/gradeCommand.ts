// The terminal side of `drillbook grade`: progress bar while grading, then per-file problems, warnings, the
// class summary and where the files went.
import path from "node:path";
import {NotebookErrors} from "../notebook/types.js";
import {grade, type GradeOptions} from "./grade.js";
import {progressBar} from "./progress.js";
import type {Results} from "./results.js";
import {summaryText} from "./summary.js";

export async function gradeCommand(options: Omit<GradeOptions, "log" | "onProgress" | "browser"> & {verbose?: boolean}): Promise<number> {
  const log = (line: string) => process.stderr.write(line + "\n");
  let bar: ReturnType<typeof progressBar> | null = null;
  let run;
  try {
    run = await grade({
      ...options,
      log,
      onProgress: (done, total, file) => {
        bar ??= progressBar(total, "grading");
        bar.tick(path.basename(file));
      }
    });
  } catch (e) {
    if (!(e instanceof NotebookErrors)) throw e;
    process.stderr.write(`${e.message}\n${options.verbose ? `${e.stack}\n` : ""}`);
    process.stderr.write(`Nothing was graded: the instructor's notebooks have ${e.errors.length} problem${e.errors.length > 1 ? "s" : ""} (npx drillbook validate lists them too).\n`);
    return 1;
  }
  const {results, exitCode, written} = run;
  (bar as ReturnType<typeof progressBar> | null)?.stop();
  process.stdout.write(runReport(results, written));
  return exitCode;
}

/** What the terminal shows after grading (or merging): files not graded, warnings, the class summary, the files written. */
export function runReport(results: Results, written: string[]): string {
  const out: string[] = [];
  if (results.shard) out.push(`Shard ${results.shard.index}/${results.shard.count}: ${results.submissions.length} of ${results.shard.files.length} files`, "");
  const rejected = results.submissions.filter((s) => s.status === "rejected");
  if (rejected.length) {
    out.push("Not graded:");
    for (const s of rejected) out.push(`  ${s.file}: ${s.error}`);
    out.push("");
  }
  const warned = results.submissions.filter((s) => s.status === "graded" && s.warnings.length);
  if (warned.length) {
    out.push("Graded with warnings:");
    for (const s of warned) for (const w of s.warnings) out.push(`  ${s.file} (${s.student}): ${w}`);
    out.push("");
  }
  out.push(summaryText(results.notebooks, results.submissions));
  if (written.length) out.push(`Wrote ${written.join(", ")}`);
  return out.join("\n") + "\n";
}
