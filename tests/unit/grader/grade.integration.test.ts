// Grades crafted submissions in real headless Chromium, against a small notebook of the tests' own
// (tests/fixtures/grading.md) and the welcome notebook: correct, partly correct, empty, an infinite loop, a throw,
// a hung page, every way of tampering with the checks, and malformed files. One page build and one browser serve
// every case; the batch must finish and each submission get the score and message it should.
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import os from "node:os";
import path from "node:path";
import {JSDOM} from "jsdom";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {GradingBrowser} from "../../../src/grader/browser.js";
import {grade, type GradeRun} from "../../../src/grader/grade.js";
import {buildGradePage} from "../../../src/grader/pageBuild.js";
import {resultsSchema, type SubmissionResult} from "../../../src/grader/results.js";

const root = path.resolve(import.meta.dirname, "../../..");
const work = mkdtempSync(path.join(os.tmpdir(), "drillbook-grade-"));
const notebooksDir = path.join(work, "notebooks");
const subsDir = path.join(work, "submissions");
const outDir = path.join(work, "out");

const TOTAL = "const total = values.reduce((a, b) => a + b, 0);";
const DOUBLE = "function double(x) {\n  return 2 * x;\n}";
const WHY = 'const why = "One large value, 9, pulls the mean up but not the median.";';
const fixture = (student: string, cells: Record<string, string>, extra: Record<string, unknown> = {}) => ({
  notebook: "grading-fixture", version: 2, savedAt: "2026-03-01T10:00:00.000Z", student, cells, ...extra
});

const files: Record<string, unknown> = {
  "ana_correct.json": fixture("ana", {total: TOTAL, double: DOUBLE, why: WHY}),
  "partly.json": fixture("ben", {total: TOTAL, double: "function double(x) {\n  return 4;\n}"}),
  "empty.json": fixture("cy", {}),
  "loop.json": fixture("dee", {total: "let t = 0;\nwhile (true) t++;\nconst total = t;", double: DOUBLE}),
  "throws.json": fixture("eve", {total: 'if (values.length > 0) throw new Error("boom");\nconst total = 0;', double: DOUBLE}),
  // Catastrophic backtracking: no loop guard can stop it, the page hangs until --timeout.
  "hang.json": fixture("fay", {total: TOTAL, double: '/(a+)+$/.test("a".repeat(34) + "b");\n' + DOUBLE}),
  "navigate.json": fixture("xan", {total: TOTAL, double: "location.reload();\n" + DOUBLE}),
  "network.json": fixture("yul", {total: 'const reached = await fetch("http://example.com/").then(() => true, () => false);\nconst total = reached ? 0 : values.reduce((a, b) => a + b, 0);'}),
  "edit-check.json": fixture("gus", {"total/is-sum": 'assert.ok(true, "fine")', "double/twice-others": "", total: "const total = 0;"}),
  "add-cells.json": fixture("hal", {"my-helper": "const referenceTotal = 0;", reference: "const referenceTotal = 0;", total: "const total = 0;"}),
  "redefine-assert.json": fixture("ivy", {total: "const assert = {equal() {}, ok() {}};\nconst total = 0;"}),
  "patch-assert.json": fixture("jon", {total: "assert.equal = () => {};\nassert.ok = () => {};\nconst total = 0;"}),
  "patch-builtins.json": fixture("kim", {
    total: "Object.is = () => true;\nglobalThis.Object = {is: () => true};\nconst total = 0;",
    double: "Function.prototype.call = function () {};\nfunction double(x) {\n  return 0;\n}"
  }),
  "shadow-library.json": fixture("lee", {total: "const sum = () => 0;\nconst total = 0;"}),
  "patch-library.json": fixture("mia", {total: 'import * as ss from "simple-statistics";\nObject.assign(ss, {sum: () => 0});\nconst total = 0;'}),
  // One realm would pass this (the check sums `values`, now empty); the checks' realm has its own `values`.
  "empty-values.json": fixture("uma", {total: "values.length = 0;\nconst total = 0;"}),
  "take-over.json": fixture("ned", {total: "const referenceTotal = 7;\nconst total = 7;"}),
  "points.json": fixture("ola", {total: TOTAL}, {points: {total: 100, double: 100}, exercises: []}),
  "pat-old.json": fixture("pat", {}, {savedAt: "2026-03-01T09:00:00.000Z"}),
  "pat-new.json": fixture("pat", {total: TOTAL, double: DOUBLE, why: WHY}, {savedAt: "2026-03-02T09:00:00.000Z"}),
  "old-version.json": fixture("quinn", {total: TOTAL}, {version: 1}),
  "bad.json": '{"notebook": "grading-fixture", "version": 2,',
  "no-notebook.json": {version: 2, savedAt: "2026-03-01T10:00:00.000Z", cells: {}},
  "unknown.json": {notebook: "nope", version: 1, savedAt: "2026-03-01T10:00:00.000Z", cells: {}},
  "big.json": fixture("vic", {total: `// ${"x".repeat(1_100_000)}\n${TOTAL}`}),
  "cells-not-code.json": fixture("wes", {total: 5} as unknown as Record<string, string>),
  "rae/welcome-submission.json": {
    notebook: "welcome", version: 1, savedAt: "2026-03-01T10:00:00.000Z",
    cells: {"sum-of-squares": "let sumOfSquares = 0;\nfor (let i = 1; i <= n; i++) sumOfSquares += i * i;"}
  },
  "sam_welcome-submission.json": {notebook: "welcome", version: 1, savedAt: "2026-03-01T10:00:00.000Z", cells: {"sum-of-squares": "const sumOfSquares = triangle;"}}
};

let browser: GradingBrowser | undefined;
let run: GradeRun;
const byFile = new Map<string, SubmissionResult>();
const result = (file: string) => byFile.get(path.join(subsDir, file))!;
const check = (file: string, id: string) => result(file).exercises.flatMap((e) => e.checks).find((c) => c.id === id)!;
const exercise = (file: string, id: string) => result(file).exercises.find((e) => e.id === id)!;

beforeAll(async () => {
  mkdirSync(notebooksDir, {recursive: true});
  writeFileSync(path.join(notebooksDir, "grading.md"), readFileSync(path.join(root, "tests/fixtures/grading.md")));
  writeFileSync(path.join(notebooksDir, "welcome.md"), readFileSync(path.join(root, "notebooks/welcome.md")));
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(subsDir, name);
    mkdirSync(path.dirname(file), {recursive: true});
    writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  }
  const page = await buildGradePage();
  browser = await GradingBrowser.launch(page.dir, 2);
  run = await grade({submissions: [subsDir], notebooksDir, outDir, jobs: 2, timeoutSeconds: 8, loopLimitSeconds: 1, browser});
  for (const s of run.results.submissions) byFile.set(s.file, s);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  rmSync(work, {recursive: true, force: true});
});

describe("drillbook grade on crafted submissions", () => {
  it("finishes the batch: every file has a result, and the exit code says some were not graded", () => {
    expect(run.results.submissions.map((s) => path.relative(subsDir, s.file)).sort()).toEqual(Object.keys(files).sort());
    expect(run.results.summary).toEqual({submissions: 28, graded: 22, rejected: 6});
    expect(run.exitCode).toBe(1);
  });

  it("gives full points to a correct submission, and keeps free-text answers for a person to read", () => {
    const r = result("ana_correct.json");
    expect(r).toMatchObject({status: "graded", student: "ana", notebook: "grading-fixture", version: 2, notebookVersion: 2, warnings: []});
    expect(r.points).toEqual({earned: 4, possible: 4});
    expect(r.exercises.flatMap((e) => e.checks).every((c) => c.status === "passed" && c.message === "")).toBe(true);
    expect(exercise("ana_correct.json", "why").answer).toBe(WHY);
    expect(exercise("ana_correct.json", "total").answer).toBeUndefined();
  });

  it("scores points all or nothing per exercise: a hidden check that fails costs the exercise", () => {
    expect(result("partly.json").points).toEqual({earned: 2, possible: 4});
    expect(check("partly.json", "double/twice-two").status).toBe("passed");
    expect(check("partly.json", "double/twice-others")).toMatchObject({status: "failed", hidden: true, message: "`double(21)` is 4, expected 42"});
    expect(exercise("partly.json", "double")).toMatchObject({passed: false, points: {earned: 0, possible: 1}, submitted: true});
    expect(exercise("partly.json", "why")).toMatchObject({submitted: false, answer: 'const why = "";'});
    expect(check("partly.json", "why/answered").status).toBe("not-attempted");
  });

  it("marks every check of an empty submission not attempted", () => {
    const checks = result("empty.json").exercises.flatMap((e) => e.checks);
    expect(checks.map((c) => c.status)).toEqual(Array(5).fill("not-attempted"));
    expect(result("empty.json").points).toEqual({earned: 0, possible: 4});
  });

  it("stops an infinite loop with the loop guard: its checks time out, the rest is graded", () => {
    expect(check("loop.json", "total/is-sum").status).toBe("timeout");
    expect(check("loop.json", "total/is-sum").message).toMatch(/^your code in exercise "[^"]+" stopped at line \d+: this loop ran for \d/);
    expect(exercise("loop.json", "double").passed).toBe(true);
    expect(result("loop.json").points?.earned).toBe(1);
  });

  it("reports a cell that throws as an error naming it", () => {
    expect(check("throws.json", "total/is-sum")).toMatchObject({status: "error", message: expect.stringMatching(/^your code in exercise "[^"]+" has an error at line \d+: boom$/)});
    expect(result("throws.json").points?.earned).toBe(1);
  });

  it("ends a hung student side at the budget: its checks score timeout with the likely causes, the batch goes on", () => {
    const r = result("hang.json");
    expect(r.status).toBe("graded");
    // The hang is in the student's side (its own renderer process): the checks' page still answers, at its budget,
    // and says what likely hung. The student's side reports once it settles, which it never does: every check waits.
    expect(r.exercises.flatMap((e) => e.checks).map((c) => c.status)).toEqual(Array(5).fill("timeout"));
    expect(exercise("hang.json", "double").checks[0]!.message).toMatch(/stopped answering within the time limit.*regular expression/);
    expect(r.warnings.join()).toMatch(/did not settle within the time limit/);
    expect(r.points?.earned).toBe(0);
  });

  it("scores every check error when a submission navigates its frame, and replaces the tab", () => {
    const r = result("navigate.json");
    expect(r.exercises.flatMap((e) => e.checks).map((c) => c.status)).toEqual(Array(5).fill("error"));
    expect(r.exercises[0]!.checks[0]!.message).toMatch(/^the grading page stopped: it tried to navigate its frame \(refused\)/);
  });

  it("keeps a notebook value the submission empties out of the checks' reach, and reports the change", () => {
    expect(check("empty-values.json", "total/is-sum")).toMatchObject({status: "failed", message: expect.stringMatching(/^`total` is 0, expected 31/)});
    expect(result("empty-values.json").warnings).toContain("the submission changed `values`, a value the notebook computed, on its own side: the checks used their own copy");
  });

  it("refuses the network: a fetch to another host fails", () => {
    expect(check("network.json", "total/is-sum").status).toBe("passed");
  });

  it("ignores code for check cells, hidden ones included", () => {
    const r = result("edit-check.json");
    expect(r.warnings).toContain('ignored code for checks "total/is-sum", "double/twice-others": checks come from the instructor\'s notebook');
    expect(check("edit-check.json", "total/is-sum")).toMatchObject({status: "failed", message: "`total` is 0, expected 31. Likely cause: add every value once"});
  });

  it("ignores added cells and edits to the notebook's own cells", () => {
    const r = result("add-cells.json");
    expect(r.warnings).toContain('ignored edits to the notebook\'s cell "reference": only exercise cells are graded');
    expect(r.warnings).toContain('ignored cell "my-helper": the notebook has no such exercise');
    expect(check("add-cells.json", "total/is-sum").message).toBe("`total` is 0, expected 31. Likely cause: add every value once");
  });

  it("refuses a redefined assert", () => {
    const c = check("redefine-assert.json", "total/is-sum");
    expect(c.status).toBe("error");
    expect(c.message).toContain("`assert` is provided by Drillbook and the checks rely on it");
  });

  it("keeps assert working when a submission patches it", () => {
    expect(check("patch-assert.json", "total/is-sum")).toMatchObject({status: "failed", message: "`total` is 0, expected 31. Likely cause: add every value once"});
  });

  it("reports every built-in a submission patches; its patches break only its own side, never the checks", () => {
    // Nothing is locked on the student's side, so its own engine may break (here: Object is replaced); the checks
    // run in their own realm and score what the student's side could report, which is an error, never a pass.
    expect(result("patch-builtins.json").warnings).toEqual(expect.arrayContaining([
      "the submission tampered with Function.prototype.call in its own realm: the checks run apart and never saw it",
      "the submission tampered with globalThis.Object in its own realm: the checks run apart and never saw it",
      "the submission tampered with Object.is in its own realm: the checks run apart and never saw it"
    ]));
    expect(result("patch-builtins.json").exercises.flatMap((e) => e.checks).every((c) => c.status !== "passed")).toBe(true);
    expect(result("patch-builtins.json").points?.earned).toBe(0);
  });

  it("keeps the library the checks import out of the submission's reach", () => {
    expect(check("shadow-library.json", "total/same-as-library")).toMatchObject({status: "failed", message: "`total` is 0, expected 31"});
    expect(check("patch-library.json", "total/same-as-library").status).toBe("error");
    expect(result("patch-library.json").points?.earned).toBe(0);
  });

  it("keeps a name that a later setup cell defines with that cell, not with the submission", () => {
    const c = check("take-over.json", "total/is-sum");
    expect(c.status).toBe("error");
    expect(c.message).toContain('`referenceTotal` is already defined in cell "reference"');
    expect(result("take-over.json").points?.earned).toBe(0);
  });

  it("takes points from the notebook, whatever the submission says", () => {
    const r = result("points.json");
    expect(r.warnings).toContain('ignored fields "points", "exercises": only exercise code is taken from a submission');
    expect(r.points).toEqual({earned: 2, possible: 4});
  });

  it("grades the latest submission of a student and reports the other as a duplicate", () => {
    expect(result("pat-new.json")).toMatchObject({status: "graded", points: {earned: 4, possible: 4}});
    expect(result("pat-old.json").status).toBe("rejected");
    expect(result("pat-old.json").error).toBe(`duplicate: student "pat" has another submission for "grading-fixture" (${path.join(subsDir, "pat-new.json")}), saved later: that one is graded`);
  });

  it("grades a submission made against an older version, with a warning", () => {
    const r = result("old-version.json");
    expect(r).toMatchObject({status: "graded", version: 1, notebookVersion: 2, points: {earned: 2, possible: 4}});
    expect(r.warnings).toContain('the submission was made against version 1 of "grading-fixture", which is now at version 2: graded against version 2');
  });

  it("rejects malformed files, each with its reason", () => {
    expect(result("bad.json").error).toMatch(/^this file is not a Drillbook submission: it is not valid JSON/);
    expect(result("no-notebook.json").error).toMatch(/^this file is not a Drillbook submission: "notebook"/);
    expect(result("unknown.json").error).toBe('the submission is for notebook "nope", which is not among the instructor\'s notebooks (grading-fixture, welcome)');
    expect(result("big.json").error).toMatch(/^the file is too large \(1,1\d\d,\d\d\d bytes; the limit is 1 MB\)/);
    expect(result("cells-not-code.json").error).toMatch(/^this file is not a Drillbook submission: "cells\.total"/);
    for (const f of ["bad.json", "no-notebook.json", "unknown.json", "big.json", "cells-not-code.json"]) {
      expect(result(f)).toMatchObject({status: "rejected", points: null, exercises: []});
    }
  });

  it("grades welcome submissions, naming students from their files when they have no student field", () => {
    expect(result("rae/welcome-submission.json")).toMatchObject({student: "rae", points: {earned: 2, possible: 2}});
    expect(result("sam_welcome-submission.json")).toMatchObject({student: "sam", points: {earned: 0, possible: 2}});
    expect(check("sam_welcome-submission.json", "sum-of-squares/matches-formula")).toMatchObject({status: "failed", message: "`sumOfSquares` is 55, expected 385. Likely cause: you added i, not i * i"});
  });

  it("writes results.json to its schema", () => {
    const written = JSON.parse(readFileSync(path.join(outDir, "results.json"), "utf8"));
    expect(resultsSchema.safeParse(written).success).toBe(true);
    expect(written.notebooks.map((n: {id: string}) => n.id)).toEqual(["grading-fixture", "welcome"]);
    expect(written.options).toEqual({jobs: 2, timeoutSeconds: 8, loopLimitSeconds: 1, refuseOld: false});
  });

  it("writes grades.csv with one row per graded student, a column per exercise and the total", () => {
    const lines = readFileSync(path.join(outDir, "grades.csv"), "utf8").trimEnd().split("\r\n");
    expect(lines[0]).toBe("student,grading-fixture/total,grading-fixture/double,grading-fixture/why,welcome/sum-of-squares,total");
    expect(lines).toContain("ana,2,1,1,,4");
    expect(lines).toContain("ben,2,0,0,,2");
    expect(lines).toContain("pat,2,1,1,,4");
    expect(lines).toContain("rae,,,,2,2");
    expect(lines.length).toBe(1 + 22);
  });

  it("writes junit.xml with a test case per check and one per rejected file", () => {
    const xml = readFileSync(path.join(outDir, "junit.xml"), "utf8");
    const doc = new JSDOM(xml, {contentType: "text/xml"}).window.document;
    const cases = [...doc.querySelectorAll("testcase")];
    const graded = run.results.submissions.filter((s) => s.status === "graded");
    expect(cases.length).toBe(graded.reduce((n, s) => n + s.exercises.flatMap((e) => e.checks).length, 0) + 6);
    const ana = [...doc.querySelectorAll("testsuite")].find((s) => s.getAttribute("name") === "ana · grading-fixture")!;
    expect(ana.getAttribute("failures")).toBe("0");
    const ben = [...doc.querySelectorAll("testsuite")].find((s) => s.getAttribute("name") === "ben · grading-fixture")!;
    expect(ben.querySelector('testcase[name="double/twice-others (hidden)"] failure')?.getAttribute("message")).toBe("`double(21)` is 4, expected 42");
  });

  it("exits 0 when every submission was graded, whatever the scores", async () => {
    const again = await grade({submissions: [path.join(subsDir, "ana_correct.json"), path.join(subsDir, "empty.json")], notebooksDir, outDir: null, browser, timeoutSeconds: 8});
    expect(again.results.summary).toEqual({submissions: 2, graded: 2, rejected: 0});
    expect(again.exitCode).toBe(0);
  });

  it("refuses old versions with refuseOld, without starting a browser for them", async () => {
    const again = await grade({submissions: [path.join(subsDir, "old-version.json")], notebooksDir, outDir: null, refuseOld: true});
    expect(again.results.submissions[0]).toMatchObject({status: "rejected"});
    expect(again.results.submissions[0]!.error).toContain("(refused: --refuse-old)");
    expect(again.exitCode).toBe(1);
  });
});
