// What report.html shows, computed from results.json alone (so a merge writes the same report as one run): per
// notebook the score distribution and each check's pass rate, per check its failure messages grouped and counted,
// and across the batch the slowest submissions and the ones that failed (not graded, or stopped).
import type {GradedCheckStatus, NotebookSummary, Results, SubmissionResult} from "./results.js";
import {tallyChecks, type CheckTally} from "./summary.js";

export interface FailureGroup {
  status: GradedCheckStatus;
  /** The message with its numbers replaced by N: students' values differ, the cause named does not. */
  pattern: string;
  /** One message of the group as a student got it. */
  example: string;
  count: number;
}

export interface CheckReport extends CheckTally {
  /** Did not pass (failed, error, timeout, not attempted), most common first. */
  failures: FailureGroup[];
}

export interface NotebookReport {
  notebook: NotebookSummary;
  /** Points earned by each graded submission. */
  scores: number[];
  mean: number;
  median: number;
  fullMarks: number;
  checks: CheckReport[];
}

export interface ReportData {
  gradedAt: string;
  summary: Results["summary"];
  notebooks: NotebookReport[];
  slowest: SubmissionResult[];
  /** Not graded, with the reason. */
  rejected: SubmissionResult[];
  /** Graded, but the page timed out or crashed: every check scored timeout or error. */
  stopped: SubmissionResult[];
}

export const SLOWEST_SHOWN = 10;

export function reportData(results: Results): ReportData {
  const graded = results.submissions.filter((s) => s.status === "graded");
  const tallies = tallyChecks(results.notebooks, results.submissions);
  const notebooks = results.notebooks.map((nb): NotebookReport => {
    const mine = graded.filter((s) => s.notebook === nb.id);
    const scores = mine.map((s) => s.points?.earned ?? 0);
    return {
      notebook: nb,
      scores,
      mean: scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : 0,
      median: median(scores),
      fullMarks: scores.filter((x) => x >= nb.possible).length,
      checks: tallies.filter((t) => t.notebook === nb.id).map((t) => ({...t, failures: failureGroups(mine, t.check)}))
    };
  });
  const slowest = graded
    .filter((s) => s.elapsedMs !== null)
    .sort((a, b) => b.elapsedMs! - a.elapsedMs! || (a.file < b.file ? -1 : 1))
    .slice(0, SLOWEST_SHOWN);
  return {
    gradedAt: results.gradedAt,
    summary: results.summary,
    notebooks,
    slowest,
    rejected: results.submissions.filter((s) => s.status === "rejected"),
    stopped: graded.filter((s) => s.elapsedMs === null)
  };
}

function failureGroups(submissions: SubmissionResult[], checkId: string): FailureGroup[] {
  const groups = new Map<string, FailureGroup>();
  for (const s of submissions) {
    for (const e of s.exercises) {
      for (const c of e.checks) {
        if (c.id !== checkId || c.status === "passed") continue;
        const pattern = messagePattern(c.message);
        const key = `${c.status}\u0000${pattern}`;
        const group = groups.get(key) ?? {status: c.status, pattern, example: c.message, count: 0};
        group.count++;
        groups.set(key, group);
      }
    }
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || (a.pattern < b.pattern ? -1 : a.pattern > b.pattern ? 1 : 0));
}

/** Numbers (a student's value, a line number, a time) become N, so one mistake's messages fall in one group. */
export function messagePattern(message: string): string {
  return message.replace(/-?\b\d+(?:\.\d+)?(?:e[-+]?\d+)?\b/gi, "N");
}

function median(xs: number[]): number {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
