// The table printed after grading: for each check, how the class did (pass rate over graded submissions),
// then totals. Hidden checks are marked, since students never saw them.
import {formatPoints} from "./csv.js";
import type {GradedCheckStatus, NotebookSummary, SubmissionResult} from "./results.js";
import {textTable} from "./table.js";

export interface CheckTally {
  notebook: string;
  check: string;
  hidden: boolean;
  counts: Record<GradedCheckStatus, number>;
  graded: number;
}

export function tallyChecks(notebooks: NotebookSummary[], submissions: SubmissionResult[]): CheckTally[] {
  const tallies = new Map<string, CheckTally>();
  for (const nb of notebooks) {
    for (const e of nb.exercises) {
      for (const c of e.checks) {
        tallies.set(`${nb.id}\u0000${c.id}`, {
          notebook: nb.id, check: c.id, hidden: c.hidden, graded: 0,
          counts: {passed: 0, failed: 0, error: 0, timeout: 0, "not-attempted": 0}
        });
      }
    }
  }
  for (const s of submissions) {
    if (s.status !== "graded") continue;
    for (const e of s.exercises) {
      for (const c of e.checks) {
        const t = tallies.get(`${s.notebook}\u0000${c.id}`);
        if (!t) continue;
        t.counts[c.status]++;
        t.graded++;
      }
    }
  }
  return [...tallies.values()];
}

export function summaryText(notebooks: NotebookSummary[], submissions: SubmissionResult[]): string {
  const tallies = tallyChecks(notebooks, submissions);
  const several = notebooks.length > 1;
  const rows = tallies.map((t) => [
    (several ? `${t.notebook}: ` : "") + t.check + (t.hidden ? " (hidden)" : ""),
    String(t.counts.passed), String(t.counts.failed), String(t.counts.error), String(t.counts.timeout), String(t.counts["not-attempted"]),
    t.graded ? `${Math.round((100 * t.counts.passed) / t.graded)}%` : "-"
  ]);
  const out: string[] = [];
  if (rows.length) {
    out.push(textTable(["check", "passed", "failed", "error", "timeout", "not attempted", "pass rate"], rows, ["left", "right", "right", "right", "right", "right", "right"]));
  }
  const graded = submissions.filter((s) => s.status === "graded");
  const rejected = submissions.length - graded.length;
  for (const nb of notebooks) {
    const scores = graded.filter((s) => s.notebook === nb.id).map((s) => s.points?.earned ?? 0);
    if (!scores.length) continue;
    const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
    const full = scores.filter((x) => x >= nb.possible).length;
    out.push(`${nb.id}: ${scores.length} graded, mean ${formatPoints(mean)} of ${formatPoints(nb.possible)} points, ${full} with full marks`);
  }
  out.push(`${graded.length} of ${submissions.length} submission${submissions.length === 1 ? "" : "s"} graded${rejected ? `, ${rejected} not graded (see above)` : ""}`);
  return out.join("\n");
}
