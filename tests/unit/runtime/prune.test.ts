// @vitest-environment happy-dom
// The grader runs each side of a split run on the cells it needs (prune.ts). That must change which cells run,
// never a verdict: every check's status on the solutions, the starters and each listed wrong answer is the same
// pruned as in full.
import {readFileSync} from "node:fs";
import path from "node:path";
import {describe, expect, it} from "vitest";
import {parseNotebook} from "../../../src/notebook/parse.js";
import {solutionCode} from "../../../src/runtime/headless.js";
import {pruneNotebook} from "../../../src/runtime/prune.js";
import {runSplit} from "../../../src/runtime/split.js";

const load = (id: string) => parseNotebook(readFileSync(path.resolve(`notebooks/${id}.md`), "utf8"), `notebooks/${id}.md`);

describe("pruning a notebook for one side of a split run", () => {
  const notebook = load("hidden-segments");

  it("leaves out cells nothing on that side reads, and keeps what it does", () => {
    const all = notebook.cells.map((c) => c.id);
    const student = pruneNotebook(notebook, solutionCode(notebook), {exercises: true, checks: false}).cells.map((c) => c.id);
    const checks = pruneNotebook(notebook, solutionCode(notebook), {exercises: false, checks: true}).cells.map((c) => c.id);
    for (const e of notebook.exercises) {
      expect(student).toContain(e.id);
      expect(checks).toContain(e.id);
    }
    expect(student.length).toBeLessThan(all.length);
    expect(checks.length).toBeLessThan(all.length);
    // The data every exercise reads stays on the student's side.
    const data = notebook.cells.filter((c) => c.role === "code" && c.source.includes("const customers")).map((c) => c.id);
    expect(data.length).toBeGreaterThan(0);
    expect(student).toEqual(expect.arrayContaining(data));
  });

  it("keeps a cell that defines a name an exercise also defines, so the clash is still reported", () => {
    const code = {...solutionCode(notebook), "root-causes": "const FEATURES = [];\nconst rootCauses = {};"};
    const pruned = pruneNotebook(notebook, code, {exercises: false, checks: true});
    const owner = notebook.cells.find((c) => c.role === "code" && /const FEATURES\b/.test(c.source))!;
    expect(pruned.cells.map((c) => c.id)).toContain(owner.id);
  });
});

describe.each(["welcome", "hidden-segments", "kmeans-customers"])("notebooks/%s: the same verdicts pruned as in full", (id) => {
  const notebook = load(id);
  const statuses = async (code: Record<string, string> | undefined, prune: boolean) =>
    (await runSplit(notebook, {code, includeHiddenChecks: true, prune})).checks.map((c) => `${c.id}: ${c.status}`);
  const cases = [
    {label: "the solutions", code: solutionCode(notebook)},
    {label: "the starters", code: undefined},
    ...notebook.exercises.flatMap((e) => e.wrongAnswers.map((w) => ({label: `wrong answer "${w.label}"`, code: {...solutionCode(notebook), [e.id]: w.source}})))
  ];
  it.each(cases)("$label", async ({code}) => {
    expect(await statuses(code, true)).toEqual(await statuses(code, false));
  });
});
