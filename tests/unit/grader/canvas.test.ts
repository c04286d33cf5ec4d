// --csv canvas: Canvas's gradebook import layout, with students' Canvas ids from a Canvas export as --roster.
import {describe, expect, it} from "vitest";
import {canvasCsv, readCanvasRoster} from "../../../src/grader/canvas.js";
import type {NotebookSummary, SubmissionResult} from "../../../src/grader/results.js";

const nb = (id: string, title: string, possible: number): NotebookSummary => ({id, title, version: 1, file: `notebooks/${id}.md`, possible, exercises: []});
const graded = (student: string, notebook: string, earned: number): SubmissionResult => ({
  file: `${student}.json`, status: "graded", student, notebook, version: 1, notebookVersion: 1, savedAt: "2026-03-01T10:00:00.000Z",
  warnings: [], points: {earned, possible: 4}, elapsedMs: 1, exercises: []
});
const EXPORT = [
  "Student,ID,SIS User ID,SIS Login ID,Section,Welcome (1234),Current Score",
  "    Points Possible,,,,,2,(read only)",
  '"Lovelace, Ada",101,S-1,ada@example.edu,Section A,,',
  '"Babbage, Charles",102,S-2,cbabbage,Section B,,',
  "\"Student, Test\",999,,,Section A,,"
].join("\n");

describe("grades.csv in Canvas's layout", () => {
  it("reads a Canvas gradebook export as a roster, by any of its ids, skipping its non-student rows", () => {
    const roster = readCanvasRoster(EXPORT)!;
    expect(roster.get("ada@example.edu")).toEqual({Student: "Lovelace, Ada", ID: "101", "SIS User ID": "S-1", "SIS Login ID": "ada@example.edu", Section: "Section A"});
    expect(roster.get("s-2")?.Student).toBe("Babbage, Charles");
    expect(roster.get("102")?.["SIS Login ID"]).toBe("cbabbage");
    expect(roster.has("points possible")).toBe(false);
    expect(readCanvasRoster("student\nada\n")).toBeNull();
  });

  it("writes Student, ID, SIS User ID, SIS Login ID, Section, the points possible, then a column per notebook", () => {
    const csv = canvasCsv([nb("welcome", "Welcome to Drillbook", 2), nb("hidden-segments", "Hidden segments", 10)],
      [graded("ADA@example.edu", "welcome", 2), graded("ADA@example.edu", "hidden-segments", 7.5), graded("cbabbage", "welcome", 0), graded("zoe", "welcome", 1)],
      readCanvasRoster(EXPORT));
    expect(csv.split("\r\n")).toEqual([
      "Student,ID,SIS User ID,SIS Login ID,Section,Welcome to Drillbook,Hidden segments",
      "    Points Possible,,,,,2,10",
      '"Lovelace, Ada",101,S-1,ada@example.edu,Section A,2,7.5',
      '"Babbage, Charles",102,S-2,cbabbage,Section B,0,',
      // Not in the export: the id goes where Canvas can match a login.
      "zoe,,,zoe,,1,",
      ""
    ]);
  });
});
