// @vitest-environment jsdom
// A dataset per student, end to end on the hidden-segments drill (front matter `variants: true`): two students'
// numbers differ, each one's solution scores full marks on their own data, and a classmate who hands in the
// first student's file with its answers typed in as literals (and even its seed) is graded on their own data,
// where those answers are wrong, with a warning that says so.
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import os from "node:os";
import path from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {GradingBrowser} from "../../../src/grader/browser.js";
import {grade, type GradeRun} from "../../../src/grader/grade.js";
import {hardCodedSource} from "../../../src/grader/hardCoded.js";
import {buildGradePage} from "../../../src/grader/pageBuild.js";
import type {SubmissionResult} from "../../../src/grader/results.js";
import {parseNotebook} from "../../../src/notebook/parse.js";
import {runNotebook, solutionCode} from "../../../src/runtime/headless.js";
import {seedForStudent} from "../../../src/runtime/variants.js";

const root = path.resolve(import.meta.dirname, "../../..");
const source = readFileSync(path.join(root, "notebooks/hidden-segments.md"), "utf8");
const notebook = parseNotebook(source, "notebooks/hidden-segments.md");
const work = mkdtempSync(path.join(os.tmpdir(), "drillbook-variants-"));
const notebooksDir = path.join(work, "notebooks");
const subsDir = path.join(work, "submissions");

const submission = (student: string, cells: Record<string, string>, seed = seedForStudent(student)) => ({
  notebook: notebook.id, version: notebook.version, savedAt: "2026-12-01T10:00:00.000Z", student, seed, cells
});

/** What the drill computed on a student's data: the overall MAE, and every exercise's values typed in as literals. */
async function onSeed(seed: number): Promise<{mae: number; typedIn: Record<string, string>}> {
  const values: Record<string, Record<string, unknown>> = {};
  let mae = NaN;
  await runNotebook(notebook, {
    seed, code: solutionCode(notebook), budgetMs: 120_000,
    inspect: async (session) => {
      mae = ((await session.value("overall")) as {mae: number}).mae;
      for (const e of notebook.exercises) {
        values[e.id] = {};
        for (const name of session.outputsOf(e.id)) values[e.id]![name] = await session.value(name);
      }
    }
  });
  const typedIn: Record<string, string> = {};
  for (const e of notebook.exercises) {
    const pasted = hardCodedSource(values[e.id] ?? {});
    // What cannot be typed in (a model, a function) a copier copies as code: it computes on the copier's data.
    typedIn[e.id] = typeof pasted === "string" ? pasted : e.solution!;
  }
  return {mae, typedIn};
}

let browser: GradingBrowser | undefined;
let run: GradeRun;
let alice: {mae: number; typedIn: Record<string, string>};
let bob: {mae: number; typedIn: Record<string, string>};
const result = (student: string) => run.results.submissions.find((s) => s.student === student)! as SubmissionResult;

beforeAll(async () => {
  mkdirSync(notebooksDir, {recursive: true});
  mkdirSync(subsDir, {recursive: true});
  writeFileSync(path.join(notebooksDir, "hidden-segments.md"), source);
  alice = await onSeed(seedForStudent("alice"));
  bob = await onSeed(seedForStudent("bob"));
  const files = {
    "alice.json": submission("alice", solutionCode(notebook)),
    "bob.json": submission("bob", solutionCode(notebook)),
    // carol hands in alice's numbers, typed in, with alice's seed left in the file
    "carol.json": submission("carol", alice.typedIn, seedForStudent("alice"))
  };
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(subsDir, name), JSON.stringify(content));
  const page = await buildGradePage();
  browser = await GradingBrowser.launch(page.dir, 2);
  run = await grade({submissions: [subsDir], notebooksDir, outDir: path.join(work, "out"), jobs: 2, timeoutSeconds: 180, loopLimitSeconds: 10, browser});
}, 600_000);

afterAll(async () => {
  await browser?.close();
  rmSync(work, {recursive: true, force: true});
});

describe("a dataset per student (hidden-segments, variants: true)", () => {
  it("gives two students different data: their seeds and their numbers differ", () => {
    expect(seedForStudent("alice")).not.toBe(seedForStudent("bob"));
    expect(alice.mae).not.toBeCloseTo(bob.mae, 0);
  });

  it("grades each student's solution on their own seed, with full marks", () => {
    for (const student of ["alice", "bob"]) {
      const r = result(student);
      expect(r.seed).toBe(seedForStudent(student));
      expect(r.warnings).toEqual([]);
      expect(r.points).toEqual({earned: r.points!.possible, possible: r.points!.possible});
    }
  });

  it("fails a classmate's copied answers on the copier's own data, and says the file's seed is not theirs", () => {
    const r = result("carol");
    expect(r.seed).toBe(seedForStudent("carol"));
    expect(r.warnings.join("\n")).toContain(`made on data seed ${seedForStudent("alice")}, but student "carol" has seed ${seedForStudent("carol")}`);
    // Every exercise whose answer could be typed in loses its points; code copied as code still computes.
    // The answers that depend on the data (alice's typed-in values are not bob's); a conceptual answer (which root
    // causes) is the same for everyone, and a text answer is for a person to read (it may quote alice's figures).
    const typed = notebook.exercises
      .filter((e) => e.kind === "code" && alice.typedIn[e.id] !== e.solution && alice.typedIn[e.id] !== bob.typedIn[e.id])
      .map((e) => e.id);
    expect(typed).toEqual(["segment-metrics", "per-segment-models"]);
    for (const id of typed) expect(r.exercises.find((e) => e.id === id)!.passed, id).toBe(false);
    expect(r.points!.earned).toBeLessThan(result("alice").points!.earned);
  });
});
