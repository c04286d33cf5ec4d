import {describe, expect, it} from "vitest";
import {formatPoints, gradesCsv, textCell} from "../../../src/grader/csv.js";
import type {NotebookSummary, SubmissionResult} from "../../../src/grader/results.js";

const nb = (id: string, exercises: Array<[string, number]>): NotebookSummary => ({
  id, version: 1, file: `notebooks/${id}.md`, possible: exercises.reduce((n, [, p]) => n + p, 0),
  exercises: exercises.map(([e, points]) => ({id: e, title: e, points, checks: []}))
});

const graded = (student: string, notebook: string, points: Record<string, number>): SubmissionResult => ({
  file: `${student}.json`, status: "graded", student, notebook, version: 1, notebookVersion: 1, savedAt: null, warnings: [],
  points: {earned: Object.values(points).reduce((a, b) => a + b, 0), possible: 0}, elapsedMs: 1,
  exercises: Object.entries(points).map(([id, earned]) => ({id, title: id, kind: "code", passed: earned > 0, points: {earned, possible: earned}, submitted: true, checks: []}))
});

describe("grades.csv", () => {
  it("has one row per graded student, sorted, a column per exercise and the total", () => {
    const csv = gradesCsv([nb("a", [["one", 2], ["two", 1]])], [
      graded("zoe", "a", {one: 2, two: 0}),
      graded("adam", "a", {one: 0, two: 1}),
      {...graded("ghost", "a", {}), status: "rejected", points: null}
    ]);
    expect(csv).toBe("student,one,two,total\r\nadam,0,1,1\r\nzoe,2,0,2\r\n");
  });

  it("prefixes exercise columns with the notebook when several are graded, one row per student across them", () => {
    const csv = gradesCsv([nb("a", [["one", 1]]), nb("b", [["one", 1]])], [graded("kim", "a", {one: 1}), graded("kim", "b", {one: 0}), graded("lee", "b", {one: 1})]);
    expect(csv.split("\r\n")).toEqual(["student,a/one,b/one,total", "kim,1,0,1", "lee,,1,1", ""]);
  });

  it("quotes per RFC 4180 and defuses spreadsheet formulas in names", () => {
    expect(textCell('O"Brien, Pat')).toBe('"O""Brien, Pat"');
    expect(textCell("=HYPERLINK(\"x\")")).toBe("\"'=HYPERLINK(\"\"x\"\")\"");
    expect(textCell("+1")).toBe("'+1");
    expect(textCell("-2")).toBe("'-2");
    expect(textCell("@me")).toBe("'@me");
    expect(textCell("two\nlines")).toBe('"two\nlines"');
    expect(textCell("plain")).toBe("plain");
  });

  it("prints points without float noise", () => {
    expect(formatPoints(0.1 + 0.2)).toBe("0.3");
    expect(formatPoints(2)).toBe("2");
    expect(formatPoints(1 / 3)).toBe("0.33");
  });
});
