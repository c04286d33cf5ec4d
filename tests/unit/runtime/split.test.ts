// @vitest-environment happy-dom
// The split run (src/runtime/split.ts) in one realm, as validate runs it: the checks read only notebook values
// they computed themselves and the student's exercise values as data. Each attack adds one line to the same honest
// wrong answer; none may change a check's verdict. The same attacks against the one-realm run show they are real.
// (The grader runs the student's side in a cross-site iframe: tests/unit/grader/*.integration.test.ts.)
import {readFileSync} from "node:fs";
import path from "node:path";
import {describe, expect, it} from "vitest";
import {parseNotebook} from "../../../src/notebook/parse.js";
import {runNotebook, solutionCode} from "../../../src/runtime/headless.js";
import {runSplit, runStudentSide} from "../../../src/runtime/split.js";

const notebook = parseNotebook(readFileSync(path.resolve("notebooks/hidden-segments.md"), "utf8"), "notebooks/hidden-segments.md");
const WRONG = 'const rootCauses = {largerScale: "Enterprise", curved: "Premium", oneModelForAll: false};';
const CHECK = "root-causes/one-model";

/** One attack a row: what a student who wants the point without the work would add to the wrong answer. */
const attacks: Array<{attack: string; code: string}> = [
  {attack: "overwrites the fitted model's coefficients", code: "model.coef = Array(99).fill(0);"},
  {attack: "redefines the coefficients with defineProperty", code: 'Object.defineProperty(model, "coef", {value: new Float64Array(99)});'},
  {attack: "pushes onto the notebook's feature list", code: 'FEATURES.push("a", "b", "c", "d");'},
  {attack: "empties the feature list's length", code: "FEATURES.length = 99;"},
  {attack: "assigns onto the model with Object.assign", code: "Object.assign(model, {coef: Array(99).fill(1)});"},
  {attack: "swaps the model's prototype for one with a long coef", code: "Object.setPrototypeOf(model, {get coef() { return Array(99); }});\ndelete model.coef;"},
  {attack: "mutates after the cell returns (setTimeout)", code: "setTimeout(() => FEATURES.push(...Array(96).fill(\"x\")), 0);"},
  {attack: "mutates after the cell returns (queueMicrotask)", code: "queueMicrotask(() => { model.coef = Array(99).fill(0); });"},
  {attack: "mutates after the cell returns (a promise)", code: "Promise.resolve().then(() => { model.coef = Array(99).fill(0); });"}
];
// Patching built-ins is not here: in one realm both sides share them. The grader's two realms are tested in
// tests/unit/grader/*.integration.test.ts.

const statusOf = (result: Awaited<ReturnType<typeof runSplit>>) => result.checks.find((c) => c.id === CHECK)!;

describe("split run: an attack on the notebook's values changes no verdict", () => {
  const code = (extra: string) => ({...solutionCode(notebook), "root-causes": `${WRONG}\n${extra}`});

  it("the honest wrong answer fails the check it targets", async () => {
    const honest = await runSplit(notebook, {code: code(""), includeHiddenChecks: true});
    expect(statusOf(honest).status).toBe("failed");
  });

  it.each(attacks)("$attack: still failed", async ({code: attack}) => {
    const result = await runSplit(notebook, {code: code(attack), includeHiddenChecks: true});
    expect(statusOf(result).status, statusOf(result).message).toBe("failed");
    expect(statusOf(result).message).toMatch(/`rootCauses.oneModelForAll` is false, expected true/);
  });

  // (Mutations scheduled for later race with the checks in one realm: the synchronous ones show it deterministically.)
  it.each(attacks.filter((a) => !a.attack.includes("after the cell returns")))("(in one shared realm, $attack buys the point: the attack is real)", async ({code: attack}) => {
    const result = await runNotebook(notebook, {code: code(attack), includeHiddenChecks: true});
    expect(result.checks.find((c) => c.id === CHECK)!.status).toBe("passed");
  });

  it("the student's side reports which notebook values its code changed (the grader's warning)", async () => {
    const side = await runStudentSide(notebook, {code: code('model.coef = Array(99).fill(0);\nFEATURES.push("a");\nsetTimeout(() => segTest.reverse(), 0);\nconst x = segTest.length;')});
    try {
      expect((await side.report()).changed.sort()).toEqual(["FEATURES", "model", "segTest"]);
    } finally {
      side.dispose();
    }
    const honest = await runStudentSide(notebook, {code: code("const copy = [...FEATURES, \"a\"];")});
    try {
      expect((await honest.report()).changed).toEqual([]);
    } finally {
      honest.dispose();
    }
  });

  it("a check calling a student function gets its result as data: the solution's segmentFeatures passes", async () => {
    const result = await runSplit(notebook, {code: solutionCode(notebook), includeHiddenChecks: true});
    expect(result.checks.find((c) => c.id === "segment-as-feature/uses-the-segment")!.status).toBe("passed");
  });
});

describe("split run: an exercise waiting on another that is not attempted yet", () => {
  const js = (code: string, attrs = "") => `\n\`\`\`js ${attrs}\n${code}\n\`\`\`\n`;
  const exercise = (id: string, starter: string, solution: string, check: string) =>
    `\n::: exercise id=${id} points=1 title="${id}"\n${js(starter, "starter")}\n${js(solution, "solution")}\n${js(check, `check name=ok message="${id} holds"`)}\n::: hint\nHint.\n:::\n:::\n`;
  const nb = parseNotebook(
    `---\nid: t\ntitle: T\nsummary: S\nversion: 1\n---\n` +
      exercise("first", 'const a = todo("a");', "const a = 1;", 'assert.equal(a, 1, "a");') +
      exercise("second", "const b = a + 1;", "const b = a + 1;", 'assert.equal(b, 2, "b");'),
    "t.md"
  );

  it("scores the dependent exercise's checks not attempted, as one realm does (validate touches every starter)", async () => {
    const touched = {first: 'const a = todo("a");\n// touched', second: "const b = a + 1;\n// touched"};
    const split = await runSplit(nb, {code: touched, includeHiddenChecks: true});
    const one = await runNotebook(nb, {code: touched, includeHiddenChecks: true});
    expect(split.checks.map((c) => c.status)).toEqual(["not-attempted", "not-attempted"]);
    expect(split.checks.map((c) => c.status)).toEqual(one.checks.map((c) => c.status));
  });
});
