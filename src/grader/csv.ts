// grades.csv: one row per graded student, a column per exercise and the total, for a gradebook import.
// With submissions for several notebooks, columns are `notebook/exercise` and a student has one row across them.
// RFC 4180 quoting; a text cell that a spreadsheet would read as a formula (=, +, -, @) is prefixed with '.
import type {NotebookSummary, SubmissionResult} from "./results.js";

export function gradesCsv(notebooks: NotebookSummary[], submissions: SubmissionResult[]): string {
  const several = notebooks.length > 1;
  const columns = notebooks.flatMap((nb) => nb.exercises.map((e) => ({notebook: nb.id, exercise: e.id, label: several ? `${nb.id}/${e.id}` : e.id})));
  const rows = new Map<string, Map<string, number>>();
  for (const s of submissions) {
    if (s.status !== "graded" || s.student === null || s.notebook === null) continue;
    const row = rows.get(s.student) ?? new Map<string, number>();
    for (const e of s.exercises) row.set(`${s.notebook}/${e.id}`, e.points.earned);
    rows.set(s.student, row);
  }
  const lines = [["student", ...columns.map((c) => c.label), "total"].map(textCell)];
  for (const student of [...rows.keys()].sort(compare)) {
    const row = rows.get(student)!;
    const values = columns.map((c) => row.get(`${c.notebook}/${c.exercise}`));
    const sum = values.reduce<number>((n, v) => n + (v ?? 0), 0);
    lines.push([textCell(student), ...values.map((v) => (v === undefined ? "" : formatPoints(v))), formatPoints(sum)]);
  }
  return lines.map((l) => l.join(",")).join("\r\n") + "\r\n";
}

export function formatPoints(x: number): string {
  return String(Math.round(x * 100) / 100);
}

export function textCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function compare(a: string, b: string): number {
  return a.localeCompare(b, "en", {numeric: true, sensitivity: "base"}) || (a < b ? -1 : a > b ? 1 : 0);
}
