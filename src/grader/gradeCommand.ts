// The terminal side of `drillbook grade`: progress bar while grading, then per-file problems, warnings, the
// class summary and where the files went.
import path from "node:path";
import {grade, type GradeOptions} from "./grade.js";
import {progressBar} from "./progress.js";
import {summaryText} from "./summary.js";

export async function gradeCommand(options: Omit<GradeOptions, "log" | "onProgress" | "browser">): Promise<number> {
  const log = (line: string) => process.stderr.write(line + "\n");
  let bar: ReturnType<typeof progressBar> | null = null;
  const {results, exitCode, written} = await grade({
    ...options,
    log,
    onProgress: (done, total, file) => {
      bar ??= progressBar(total, "grading");
      bar.tick(path.basename(file));
    }
  });
  (bar as ReturnType<typeof progressBar> | null)?.stop();
  const out: string[] = [];
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
  process.stdout.write(out.join("\n") + "\n");
  return exitCode;
}
