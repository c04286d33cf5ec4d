// Gradescope: examples/gradescope/run_autograder, run as Gradescope runs it (a tree like /autograder, the
// student's upload in submission/), writes a results.json that validates against the autograder spec's format,
// with the points the grader gives and hidden checks held until grades are published. Drillbook's checkout stands
// in for what setup.sh installs (setup.sh itself needs the network).
import {spawnSync} from "node:child_process";
import {copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync} from "node:fs";
import os from "node:os";
import path from "node:path";
import {afterAll, describe, expect, it} from "vitest";
import {gradescopeResultsSchema, type GradescopeResults} from "../../../src/grader/gradescope.js";
import {PACKAGE_ROOT} from "../../../src/grader/paths.js";

const work = mkdtempSync(path.join(os.tmpdir(), "drillbook-gradescope-"));
afterAll(() => rmSync(work, {recursive: true, force: true}));

const TOTAL = "const total = values.reduce((a, b) => a + b, 0);";
const submission = (cells: Record<string, string>) => JSON.stringify({notebook: "grading-fixture", version: 2, savedAt: "2026-03-01T10:00:00.000Z", student: "ana", cells});

/** A fresh /autograder tree holding `upload` in submission/; runs run_autograder and reads the results. */
function runAutograder(upload: Record<string, string>): {code: number | null; results: GradescopeResults; stdout: string} {
  const root = mkdtempSync(path.join(work, "autograder-"));
  mkdirSync(path.join(root, "source", "notebooks"), {recursive: true});
  copyFileSync(path.join(PACKAGE_ROOT, "tests/fixtures/grading.md"), path.join(root, "source", "notebooks", "grading.md"));
  mkdirSync(path.join(root, "submission"));
  mkdirSync(path.join(root, "results"));
  for (const [name, text] of Object.entries(upload)) writeFileSync(path.join(root, "submission", name), text);
  symlinkSync(PACKAGE_ROOT, path.join(root, "drillbook"));
  writeFileSync(path.join(root, "drillbook-env.sh"), `export CHROMIUM_PATH=${process.env.CHROMIUM_PATH ?? "/usr/bin/chromium"}\n`);
  const r = spawnSync("bash", [path.join(PACKAGE_ROOT, "examples/gradescope/run_autograder")], {
    cwd: root, encoding: "utf8", timeout: 180_000, env: {...process.env, AUTOGRADER: root}
  });
  const results = gradescopeResultsSchema.parse(JSON.parse(readFileSync(path.join(root, "results", "results.json"), "utf8")));
  return {code: r.status, results, stdout: r.stdout};
}

describe("drillbook gradescope through run_autograder", () => {
  it("scores a partly right upload: points per exercise, a test per check, hidden checks after publishing", () => {
    const {code, results} = runAutograder({"grading-fixture-submission.json": submission({total: TOTAL, double: "function double(x) {\n  return 4;\n}"})});
    expect(code).toBe(0);
    // total (2 points) passes; double (1 point) fails its hidden check; why (1 point) was not attempted.
    expect(results.score).toBe(2);
    const test = (name: string) => results.tests.find((t) => t.name.startsWith(name))!;
    expect(test("Add them up: total is the sum of values")).toMatchObject({status: "passed", score: 0, max_score: 0, visibility: "visible"});
    expect(test("Add them up: total agrees with simple-statistics (hidden check)")).toMatchObject({status: "passed", visibility: "after_published"});
    expect(test("Add them up: points")).toMatchObject({score: 2, max_score: 2, status: "passed", visibility: "after_published"});
    const hidden = results.tests.find((t) => t.name.startsWith("Twice:") && t.name.endsWith("(hidden check)"))!;
    expect(hidden).toMatchObject({status: "failed", visibility: "after_published", output: "failed: `double(21)` is 4, expected 42"});
    expect(test("Twice: points")).toMatchObject({score: 0, max_score: 1, status: "failed", visibility: "after_published"});
    expect(results.tests.filter((t) => t.max_score > 0).reduce((n, t) => n + t.max_score, 0)).toBe(4);
    expect(results.tests.filter((t) => t.visibility === "visible").every((t) => !t.name.includes("hidden"))).toBe(true);
    expect(results.output).toContain("2 of 4 points");
    expect(results.stdout_visibility).toBe("hidden");
  }, 200_000);

  it("scores 0 and says why when the upload is not a submission", () => {
    const {code, results} = runAutograder({"notes.json": '{"notebook": "grading-fixture",'});
    expect(code).toBe(0);
    expect(results).toMatchObject({score: 0, tests: []});
    expect(results.output).toMatch(/^notes\.json was not graded: /);
  }, 200_000);
});
