// The `drillbook` command as users run it (node bin/drillbook.js ...): help, exit codes, files written.
import {spawnSync} from "node:child_process";
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import os from "node:os";
import path from "node:path";
import {afterAll, describe, expect, it} from "vitest";
import {PACKAGE_ROOT} from "../../../src/grader/paths.js";
import {resultsJsonSchema} from "../../../src/grader/results.js";

const bin = path.join(PACKAGE_ROOT, "bin", "drillbook.js");
const work = mkdtempSync(path.join(os.tmpdir(), "drillbook-cli-"));
afterAll(() => rmSync(work, {recursive: true, force: true}));

function drillbook(args: string[], cwd = work) {
  const r = spawnSync(process.execPath, [bin, ...args], {cwd, encoding: "utf8", timeout: 120_000, env: {...process.env, NO_COLOR: "1"}});
  return {code: r.status, stdout: r.stdout, stderr: r.stderr};
}

describe("drillbook CLI", () => {
  it("has --help on every command", () => {
    for (const [command, option] of [["grade", "--refuse-old"], ["grade", "--shard <i/n>"], ["merge", "--out <dir>"], ["gradescope", "--out <file>"], ["grade", "--csv <layout>"], ["validate", "--budget"], ["build", "--student"], ["new", "--title"], ["schema", ""]] as const) {
      const r = drillbook([command, "--help"]);
      expect(r.code, command).toBe(0);
      expect(r.stdout).toContain(`Usage: drillbook ${command}`);
      expect(r.stdout).toContain(option);
    }
  });

  it("exits 2 on bad arguments", () => {
    expect(drillbook(["grade"]).code).toBe(2);
    const r = drillbook(["grade", "x.json", "--jobs", "0"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("expected a whole number of 1 or more");
  });

  it("prints the results.json schema", () => {
    const r = drillbook(["schema"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(resultsJsonSchema());
  });

  it("new writes a notebook, refuses to overwrite it, and validate (default: notebooks/*.md) finds it sound", () => {
    const r = drillbook(["new", "first-drill"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Wrote notebooks/first-drill.md");
    expect(r.stdout).toContain("npx drillbook validate notebooks/first-drill.md");
    expect(drillbook(["new", "first-drill"]).code).toBe(1);
    const v = drillbook(["validate"]);
    expect(v.stdout).toContain("notebooks/first-drill.md (first-drill): sound");
    expect(v.code).toBe(0);
  }, 60_000);

  it("validate exits 1 when a notebook is not sound", () => {
    const dir = path.join(work, "unsound");
    mkdirSync(dir);
    const text = readFileSync(path.join(work, "notebooks", "first-drill.md"), "utf8").replace("const meanPrice = prices.reduce((a, b) => a + b, 0) / prices.length;", "const meanPrice = 16;");
    writeFileSync(path.join(dir, "bad.md"), text.replace("id: first-drill", "id: bad"));
    const v = drillbook(["validate", path.join(dir, "bad.md")]);
    expect(v.code).toBe(1);
    expect(v.stdout).toContain("NOT SOUND");
    expect(v.stdout).toContain("1 of 1 notebook is not sound");
  }, 60_000);

  it("grade writes the four files, prints the summary, and exits 1 when a file could not be graded", () => {
    const subs = path.join(work, "subs");
    mkdirSync(subs);
    writeFileSync(path.join(subs, "ana.json"), JSON.stringify({
      notebook: "welcome", version: 1, savedAt: "2026-03-01T10:00:00Z",
      cells: {"sum-of-squares": "let sumOfSquares = 0;\nfor (let i = 1; i <= n; i++) sumOfSquares += i * i;"}
    }));
    writeFileSync(path.join(subs, "broken.json"), "{");
    const out = path.join(work, "grading");
    const r = drillbook(["grade", subs, "--notebooks", path.join(PACKAGE_ROOT, "notebooks"), "--out", out, "--jobs", "1"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`Not graded:\n  ${path.join(subs, "broken.json")}: this file is not a Drillbook submission: it is not valid JSON`);
    expect(r.stdout).toMatch(/sum-of-squares\/matches-formula\s+1\s+0\s+0\s+0\s+0\s+100%/);
    expect(r.stdout).toContain("1 of 2 submissions graded, 1 not graded (see above)");
    for (const f of ["results.json", "grades.csv", "junit.xml", "report.html"]) expect(existsSync(path.join(out, f)), f).toBe(true);
    expect(readFileSync(path.join(out, "grades.csv"), "utf8")).toBe("student,sum-of-squares,total\r\nana,2,2\r\n");
  }, 120_000);
});

describe("drillbook merge", () => {
  const shardResults = (index: number, count: number, files: string[], mine: string[]) => ({
    format: "drillbook-results/1", gradedAt: "2026-03-01T10:00:00.000Z", options: {jobs: 2, timeoutSeconds: 60, loopLimitSeconds: 4, refuseOld: false},
    notebooks: [{id: "welcome", title: "Welcome to Drillbook", version: 1, file: "notebooks/welcome.md", possible: 2, exercises: [{id: "sum-of-squares", title: "Sum of squares", points: 2, checks: []}]}],
    summary: {submissions: mine.length, graded: mine.length, rejected: 0},
    submissions: mine.map((file) => ({
      file, status: "graded", student: path.basename(file, ".json"), notebook: "welcome", version: 1, notebookVersion: 1, savedAt: "2026-03-01T10:00:00.000Z",
      warnings: [], points: {earned: 2, possible: 2}, elapsedMs: 400,
      exercises: [{id: "sum-of-squares", title: "Sum of squares", kind: "code", passed: true, points: {earned: 2, possible: 2}, submitted: true, checks: []}]
    })),
    shard: {index, count, files}
  });
  const writeShard = (name: string, results: unknown) => {
    mkdirSync(path.join(work, name), {recursive: true});
    writeFileSync(path.join(work, name, "results.json"), JSON.stringify(results));
    return path.join(work, name);
  };

  it("joins shards into the four files (here in Canvas's layout), and exits 2 naming what is missing", () => {
    const files = ["subs/ana.json", "subs/ben.json"];
    const a = writeShard("m-1", shardResults(1, 2, files, ["subs/ben.json"]));
    const b = writeShard("m-2", shardResults(2, 2, files, ["subs/ana.json"]));
    const out = path.join(work, "merged");
    const r = drillbook(["merge", a, b, "--out", out, "--csv", "canvas"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("Merged 2 shards");
    expect(r.stdout).toContain("2 of 2 submissions graded");
    for (const f of ["results.json", "grades.csv", "junit.xml", "report.html"]) expect(existsSync(path.join(out, f)), f).toBe(true);
    expect(JSON.parse(readFileSync(path.join(out, "results.json"), "utf8")).submissions.map((s: {file: string}) => s.file)).toEqual(files);
    expect(readFileSync(path.join(out, "grades.csv"), "utf8")).toBe(
      "Student,ID,SIS User ID,SIS Login ID,Section,Welcome to Drillbook\r\n    Points Possible,,,,,2\r\nana,,,ana,,2\r\nben,,,ben,,2\r\n"
    );
    const missing = drillbook(["merge", a, "--out", path.join(work, "not-written")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("shard 2/2 is missing");
    expect(missing.stderr).toContain("subs/ana.json is in no shard's results: it was never graded");
    expect(existsSync(path.join(work, "not-written"))).toBe(false);
  }, 60_000);
});
