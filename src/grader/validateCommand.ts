// The terminal side of `drillbook validate`: a table per notebook (each check on the solution, the starter and
// its wrong answers), the problems found, and a verdict. Exit code 1 if any notebook is not sound.
import {existsSync} from "node:fs";
import os from "node:os";
import path from "node:path";
import {notebookFiles} from "./notebooks.js";
import {progressBar} from "./progress.js";
import {textTable} from "./table.js";
import {validateFile, type NotebookVerdict} from "./validate.js";

export async function validateCommand(files: string[], options: {budgetSeconds: number; student?: string}): Promise<number> {
  const list = files.length ? files : existsSync("notebooks") ? notebookFiles("notebooks") : [];
  if (!list.length) {
    process.stderr.write("drillbook validate: no notebooks given, and no notebooks/*.md here\n");
    return 2;
  }
  const bar = progressBar(list.length, "validating");
  const verdicts: NotebookVerdict[] = [];
  for (const file of list) {
    verdicts.push(await validateFile(file, options));
    bar.tick(path.basename(file));
  }
  bar.stop();
  process.stdout.write(verdicts.map(verdictText).join("\n\n") + "\n\n");
  const bad = verdicts.filter((v) => !v.ok).length;
  process.stdout.write(bad ? `${bad} of ${verdicts.length} notebook${verdicts.length > 1 ? "s are" : " is"} not sound\n` : verdicts.length > 1 ? `all ${verdicts.length} notebooks are sound\n` : "the notebook is sound\n");
  return bad ? 1 : 0;
}

export function verdictText(v: NotebookVerdict): string {
  const head = `${v.file}${v.id ? ` (${v.id})` : ""}: ${v.ok ? "sound" : "NOT SOUND"}`;
  if (v.id === null) return `${head}\n  ${v.problems.join("\n  ")}`;
  const load = os.loadavg()[0]!;
  const busy = load > os.availableParallelism() ? `; machine busy: load ${load.toFixed(1)} on ${os.availableParallelism()} cores` : "";
  const timing = `settled in ${(v.settledMs / 1000).toFixed(1)} s (budget ${v.budgetMs / 1000} s${busy}), ${v.deterministic ? "same results on two runs" : "DIFFERENT results on two runs"}`;
  const mark = (ok: boolean, text: string) => (ok ? text : `${text} ✗`);
  const rows = v.checks.map((c) => {
    const wrongsOk = c.wrongs.filter((w) => w.ok).length;
    return [
      c.id + (c.hidden ? " (hidden)" : ""),
      mark(c.solution === "passed", c.solution),
      mark(["not-attempted", "failed"].includes(c.starter), c.starter),
      c.wrongs.length ? mark(wrongsOk === c.wrongs.length, `${wrongsOk}/${c.wrongs.length} fail it`) : "-"
    ];
  });
  const parts = [head, `  ${timing}`];
  if (v.student) parts.push(`  a variant drill: validated on its own seed and on student "${v.student.id}"'s data (seed ${v.student.seed}): ${v.student.ok ? "sound there too" : "NOT SOUND there (see the problems)"}`);
  if (rows.length) parts.push(textTable(["check", "solution", "starter", "wrong answers"], rows).replace(/^/gm, "  "));
  else parts.push("  (no exercises)");
  if (v.hardCoded.length) {
    const word = {caught: "caught", missed: "PASSES ✗", skipped: "not tried"} as const;
    parts.push(`  Hard-coded answers (the solution's values typed in):\n${v.hardCoded.map((h) => `  - ${h.exercise}: ${word[h.status]} (${h.detail})`).join("\n")}`);
  }
  if (v.problems.length) parts.push(`  Problems:\n${v.problems.map((p) => `  - ${p}`).join("\n")}`);
  return parts.join("\n");
}
