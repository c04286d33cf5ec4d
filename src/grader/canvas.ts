// Canvas's gradebook import layout (`--csv canvas`): the columns a Canvas gradebook export starts with, Student,
// ID, SIS User ID, SIS Login ID, Section, then one column per notebook (a Canvas assignment) holding the points,
// and under the header the export's "Points Possible" row. Canvas matches a row to a student by ID, SIS User ID or
// SIS Login ID. Drillbook knows a student by the id in their submission (a login or an email), so:
// - with `--roster` set to a Canvas gradebook export, each student's row copies that export's Student, ID, SIS
//   User ID, SIS Login ID and Section, matched on any of ID, SIS User ID, SIS Login ID (case-insensitive);
// - without one, the id goes in Student and SIS Login ID, the rest stays empty.
import {fromCSV} from "arquero";
import {formatPoints, textCell} from "./csv.js";
import type {NotebookSummary, SubmissionResult} from "./results.js";

export const CANVAS_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"] as const;
type CanvasColumn = (typeof CANVAS_COLUMNS)[number];
export type CanvasStudent = Record<CanvasColumn, string>;
/** Canvas students by each of their ids, lower-cased. */
export type CanvasRoster = Map<string, CanvasStudent>;

/** The students of a Canvas gradebook export, or null when the text is not one (no SIS Login ID column). */
export function readCanvasRoster(text: string): CanvasRoster | null {
  const table = fromCSV(text.replace(/^\uFEFF/, ""), {autoType: false});
  if (!table.columnNames().includes("SIS Login ID")) return null;
  const roster: CanvasRoster = new Map();
  for (const row of table.objects() as Array<Record<string, string | null>>) {
    const student = Object.fromEntries(CANVAS_COLUMNS.map((c) => [c, (row[c] ?? "").trim()])) as CanvasStudent;
    // The export's "Points Possible" (and "Student, Test") rows name no one.
    if (!student.ID && !student["SIS User ID"] && !student["SIS Login ID"]) continue;
    for (const id of [student.ID, student["SIS User ID"], student["SIS Login ID"]]) if (id) roster.set(id.toLowerCase(), student);
  }
  return roster;
}

export function canvasCsv(notebooks: NotebookSummary[], submissions: SubmissionResult[], roster?: CanvasRoster | null): string {
  const rows = new Map<string, Map<string, number>>();
  for (const s of submissions) {
    if (s.status !== "graded" || s.student === null || s.notebook === null) continue;
    const row = rows.get(s.student) ?? new Map<string, number>();
    row.set(s.notebook, s.points?.earned ?? 0);
    rows.set(s.student, row);
  }
  const assignments = notebooks.map((nb) => nb.title ?? nb.id);
  const lines = [
    [...CANVAS_COLUMNS, ...assignments].map(textCell),
    ["    Points Possible", "", "", "", "", ...notebooks.map((nb) => formatPoints(nb.possible))].map(textCell)
  ];
  for (const student of [...rows.keys()].sort()) {
    const known = roster?.get(student.toLowerCase());
    const who: CanvasStudent = known ?? {Student: student, ID: "", "SIS User ID": "", "SIS Login ID": student, Section: ""};
    const points = notebooks.map((nb) => rows.get(student)!.get(nb.id));
    lines.push([...CANVAS_COLUMNS.map((c) => textCell(who[c])), ...points.map((p) => (p === undefined ? "" : formatPoints(p)))]);
  }
  return lines.map((l) => l.join(",")).join("\r\n") + "\r\n";
}
