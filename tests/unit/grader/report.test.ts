// report.html from results: failure messages grouped by their cause, the numbers that make up each section, and
// nothing a student wrote reaching the page as markup.
import {JSDOM} from "jsdom";
import {describe, expect, it} from "vitest";
import {RESULTS_FORMAT, type CheckResult, type GradedCheckStatus, type Results, type SubmissionResult} from "../../../src/grader/results.js";
import {escapeHtml, reportHtml} from "../../../src/grader/report.js";
import {messagePattern, reportData} from "../../../src/grader/reportData.js";

const EVIL = `<img src="http://127.0.0.9/x" onerror="alert(1)"><script>alert(2)</script>`;
const check = (name: string, status: GradedCheckStatus, message = "", hidden = false): CheckResult => ({id: `sum/${name}`, name, hidden, description: name, status, message});
const submission = (student: string, checks: CheckResult[], elapsedMs: number | null = 500, file = `${student}.json`): SubmissionResult => {
  const passed = checks.every((c) => c.status === "passed");
  return {
    file, status: "graded", student, notebook: "welcome", version: 1, notebookVersion: 1, savedAt: "2026-03-01T10:00:00.000Z", warnings: elapsedMs === null ? ["stopped after 60 s (--timeout): every check scored timeout"] : [],
    points: {earned: passed ? 2 : 0, possible: 2}, elapsedMs,
    exercises: [{id: "sum", title: "Sum", kind: "code", passed, points: {earned: passed ? 2 : 0, possible: 2}, submitted: true, checks}]
  };
};
const ok = [check("formula", "passed"), check("varies", "passed", "", true)];
const results: Results = {
  format: RESULTS_FORMAT, gradedAt: "2026-03-02T10:00:00.000Z", options: {jobs: 2, timeoutSeconds: 60, loopLimitSeconds: 4, refuseOld: false},
  notebooks: [{id: "welcome", title: "Welcome", version: 1, file: "notebooks/welcome.md", possible: 2, exercises: [{id: "sum", title: "Sum", points: 2, checks: [{id: "sum/formula", hidden: false}, {id: "sum/varies", hidden: true}]}]}],
  summary: {submissions: 6, graded: 5, rejected: 1},
  submissions: [
    submission("ana", ok, 900),
    submission("ben", [check("formula", "failed", "`s` is 55, expected 385. Likely cause: you added i, not i * i"), check("varies", "failed", "with n = 2, `s` is 3, expected 5", true)], 1200),
    submission("cy", [check("formula", "failed", "`s` is 45, expected 285. Likely cause: you added i, not i * i"), check("varies", "passed", "", true)], 300),
    submission(EVIL, [check("formula", "error", `exercise "sum" has an error: ${EVIL}`), check("varies", "error", "boom", true)], 700, `${EVIL}.json`),
    submission("dee", [check("formula", "timeout", "stopped"), check("varies", "timeout", "stopped", true)], null),
    {file: "broken.json", status: "rejected", student: null, notebook: null, version: null, notebookVersion: null, savedAt: null, error: `not JSON: ${EVIL}`, warnings: [], points: null, elapsedMs: null, exercises: []}
  ]
};

describe("report data", () => {
  it("groups failure messages that differ only in a student's numbers, most common first", () => {
    expect(messagePattern("`s` is 55, expected 385 at line 3")).toBe("`s` is N, expected N at line N");
    const [nb] = reportData(results).notebooks;
    const formula = nb!.checks.find((c) => c.check === "sum/formula")!;
    expect(formula.failures[0]).toEqual({status: "failed", pattern: "`s` is N, expected N. Likely cause: you added i, not i * i", example: "`s` is 55, expected 385. Likely cause: you added i, not i * i", count: 2});
    expect(formula.failures.map((g) => g.count)).toEqual([2, 1, 1]);
    expect(nb!.scores).toEqual([2, 0, 0, 0, 0]);
    expect(nb!).toMatchObject({mean: 0.4, median: 0, fullMarks: 1});
  });

  it("lists the slowest runs, the files not graded and the runs that were stopped", () => {
    const data = reportData(results);
    expect(data.slowest.map((s) => s.student)).toEqual(["ben", "ana", EVIL, "cy"]);
    expect(data.rejected.map((s) => s.file)).toEqual(["broken.json"]);
    expect(data.stopped.map((s) => s.student)).toEqual(["dee"]);
  });
});

describe("report.html", () => {
  const html = reportHtml(results);
  const {document} = new JSDOM(html).window;

  it("is one file with no script, no external reference, and a policy refusing both", () => {
    expect(document.querySelectorAll("script, link, img, iframe, object, embed")).toHaveLength(0);
    expect(document.querySelectorAll("[src], [href], [style*='url(']")).toHaveLength(0);
    expect(html).not.toMatch(/url\(|@import/);
    expect(document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute("content")).toContain("default-src 'none'");
    expect(document.querySelectorAll("svg").length).toBe(2);
  });

  it("shows what a student wrote as text", () => {
    expect(html).not.toContain("<script>alert");
    expect(html).toContain(escapeHtml(EVIL));
    expect(document.body.textContent).toContain(EVIL);
    expect([...document.querySelectorAll("[onerror]")]).toHaveLength(0);
  });

  it("shows each check's counts and pass rate, and the grouped failures", () => {
    const rows = [...document.querySelectorAll("table.checks tbody tr")].map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent));
    expect(rows).toEqual([["sum/formula", "1", "2", "1", "1", "0", "20%"], ["sum/varies hidden", "2", "1", "1", "1", "0", "40%"]]);
    const first = document.querySelector("table.failures tbody tr")!;
    expect(first.textContent).toContain("`s` is N, expected N. Likely cause: you added i, not i * i");
    expect(first.querySelector("td")!.textContent).toBe("2");
    expect(document.body.textContent).toContain("5 graded · mean 0.4 · median 0 · 1 with full marks");
  });
});
