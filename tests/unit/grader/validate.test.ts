// `drillbook validate` on sound notebooks (welcome, the grading fixture, a fresh `drillbook new` one) and on
// notebooks broken in each way it must catch.
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import os from "node:os";
import path from "node:path";
import {afterAll, describe, expect, it} from "vitest";
import {createNotebook} from "../../../src/grader/newCommand.js";
import {PACKAGE_ROOT} from "../../../src/grader/paths.js";
import {validateFile} from "../../../src/grader/validate.js";
import {verdictText} from "../../../src/grader/validateCommand.js";

const work = mkdtempSync(path.join(os.tmpdir(), "drillbook-validate-"));
afterAll(() => rmSync(work, {recursive: true, force: true}));

const js = (code: string, attrs: string) => `\n\`\`\`js ${attrs}\n${code}\n\`\`\`\n`;
function notebook(name: string, body: string): string {
  const file = path.join(work, `${name}.md`);
  writeFileSync(file, `---\nid: ${name}\ntitle: T\nsummary: S\nversion: 1\n---\n${js("const base = 21;", "id=base")}${body}`);
  return file;
}
const FOLLOWS_BASE = js('const again = (await probe({base: 5})).doubled;\nassert.equal(again, 10, "doubled when base is 5");', 'hidden-check name=follows-base message="doubled follows base"');
function exercise(parts: {starter?: string; solution?: string; checks?: string; hidden?: string; wrongs?: string; attrs?: string}): string {
  return `
::: exercise id=double points=1 title="Double" ${parts.attrs ?? 'vary="base"'}
${js(parts.starter ?? 'const doubled = todo("double base");', "starter")}
${js(parts.solution ?? "const doubled = base * 2;", "solution")}
${parts.checks ?? js('assert.equal(doubled, 42, "doubled");', 'check name=is-42 message="doubled is 42"')}
${parts.hidden ?? FOLLOWS_BASE}
${parts.wrongs ?? js("const doubled = base + 2;", 'wrong check=is-42 label="adds two"')}
::: hint
Multiply.
:::
:::
`;
}

describe("drillbook validate", () => {
  it.each([
    ["notebooks/welcome.md"],
    ["tests/fixtures/grading.md"]
  ])("finds %s sound", async (file) => {
    const v = await validateFile(path.join(PACKAGE_ROOT, file));
    expect(v.problems).toEqual([]);
    expect(v.ok).toBe(true);
    expect(v.deterministic).toBe(true);
  });

  it("finds a notebook from `drillbook new` sound", async () => {
    const file = createNotebook("fresh-drill", {dir: path.join(work, "new")});
    expect(readFileSync(file, "utf8")).toMatch(/^---\nid: fresh-drill\ntitle: "Fresh drill"\n/);
    const v = await validateFile(file);
    expect(v.problems).toEqual([]);
    expect(v.checks.map((c) => [c.id, c.solution, c.starter, c.wrongs.length])).toEqual([
      ["mean-price/is-a-number", "passed", "not-attempted", 0],
      ["mean-price/correct", "passed", "not-attempted", 1],
      ["mean-price/follows-the-data", "passed", "not-attempted", 0]
    ]);
  });

  it("reports a notebook that does not parse, with file and line", async () => {
    const v = await validateFile(notebook("broken", "\n::: exercise id=x\n"));
    expect(v.ok).toBe(false);
    expect(v.problems[0]).toMatch(/^\S*broken\.md:\d+: exercise "x" has no title/);
  });

  it("reports a check that fails on the solution", async () => {
    const v = await validateFile(notebook("bad-solution", exercise({solution: "const doubled = base * 3;"})));
    expect(v.ok).toBe(false);
    expect(v.problems).toContain('check "double/is-42" does not pass on the solution: failed: `doubled` is 63, expected 42');
    expect(v.checks[0]!.ok).toBe(false);
  });

  it("reports a check that passes on the starter code, even untouched", async () => {
    const v = await validateFile(notebook("lenient", exercise({starter: "const doubled = 42;"})));
    expect(v.problems).toContain('check "double/is-42" is passed on the starter code (expected not-attempted or failed)');
  });

  it("reports a check that errors on the starter code", async () => {
    const v = await validateFile(notebook("fragile", exercise({
      starter: "const doubled = [];",
      checks: js('assert.equal(doubled.at(0).value, 42, "doubled");', 'check name=is-42 message="doubled is 42"'),
      solution: "const doubled = [{value: 42}];",
      wrongs: js("const doubled = [{value: 1}];", 'wrong check=is-42 label="one"')
    })));
    expect(v.problems.join("\n")).toMatch(/check "double\/is-42" ran into TypeError: .* on the starter code \(the student reads: `doubled` could not be read as the exercise asks \(.*\): look at its type, length and fields\)\. Assert the shape/);
  });

  it("reports a wrong answer that does not fail the check it targets", async () => {
    const v = await validateFile(notebook("weak-check", exercise({wrongs: js("const doubled = base + base;", 'wrong check=is-42 label="adds base twice"')})));
    expect(v.problems).toEqual([expect.stringMatching(/^wrong answer "adds base twice" \(line \d+\) should fail check "double\/is-42", which is passed$/)]);
    expect(v.checks[0]!.wrongs).toMatchObject([{label: "adds base twice", status: "passed", ok: false}]);
  });

  it("proves a hard-coded answer (the solution's values as literals) fails a check that probes", async () => {
    const v = await validateFile(notebook("probed", exercise({})));
    expect(v.problems).toEqual([]);
    expect(v.hardCoded).toEqual([{exercise: "double", status: "caught", detail: "fails double/follows-base"}]);
    expect(verdictText(v)).toContain("- double: caught (fails double/follows-base)");
  });

  it("reports an exercise whose checks a hard-coded answer passes", async () => {
    const v = await validateFile(notebook("typed-in", exercise({hidden: ""})));
    expect(v.ok).toBe(false);
    expect(v.hardCoded).toMatchObject([{exercise: "double", status: "missed"}]);
    expect(v.problems).toEqual([expect.stringMatching(/^a hard-coded answer to exercise "double" \(the solution's values pasted as literals\) passes every check: checks: double\/is-42 passed\. Add a check that probes/)]);
  });

  it("does not try a hard-coded answer where none can be typed, or where the answer is typed by design", async () => {
    const typed = await validateFile(notebook("typed-by-design", exercise({hidden: "", attrs: "answer=typed"})));
    expect(typed.problems).toEqual([]);
    expect(typed.hardCoded).toMatchObject([{status: "skipped", detail: expect.stringContaining("answer=typed")}]);
    const fn = await validateFile(notebook("a-function", exercise({
      starter: 'const doubled = todo("a function");', solution: "const doubled = (x) => 2 * x;", hidden: "",
      checks: js('assert.equal(await doubled(21), 42, "doubled(21)");', 'check name=is-42 message="doubled(21) is 42"'),
      wrongs: js("const doubled = (x) => x + 2;", 'wrong check=is-42 label="adds two"')
    })));
    expect(fn.problems).toEqual([]);
    expect(fn.hardCoded).toMatchObject([{status: "skipped", detail: expect.stringContaining("`doubled` is not plain data")}]);
  });

  it("refuses a probe of a name the exercise does not list in vary", async () => {
    const v = await validateFile(notebook("unlisted", exercise({attrs: ""})));
    expect(v.problems).toContain('check "double/follows-base" does not pass on the solution: error: this check is broken (tell your instructor): AuthoringError: probe varies `base`, which exercise "double" does not list: add it to vary="..." on its ::: exercise line');
  });

  it("reports a notebook whose two runs differ", async () => {
    const v = await validateFile(notebook("random", js("display(Math.random());", "id=noise") + exercise({})));
    expect(v.deterministic).toBe(false);
    expect(v.problems[0]).toMatch(/^two runs of the solutions differ: cell "noise" displays: 0\.\d+ vs 0\.\d+$/);
  });

  it("reports a notebook that does not settle within its budget", async () => {
    const slow = js("const later = await new Promise((resolve) => setTimeout(() => resolve(1), 1500));", "id=slow");
    const v = await validateFile(notebook("slow", slow + exercise({})), {budgetSeconds: 0.5});
    expect(v.problems).toContain("the solution run did not settle within the 0.5 s budget");
  });

  it("prints a table that marks what is wrong", async () => {
    const v = await validateFile(notebook("weak-check-2", exercise({wrongs: js("const doubled = base + base;", 'wrong check=is-42 label="adds base twice"')})));
    const text = verdictText(v);
    expect(text).toMatch(/weak-check-2\.md \(weak-check-2\): NOT SOUND/);
    expect(text).toMatch(/double\/is-42\s+passed\s+not-attempted\s+0\/1 fail it ✗/);
    expect(text).toContain("Problems:");
  });
});

describe("drillbook new", () => {
  it("refuses to overwrite a file, to reuse an id, and an invalid id", () => {
    const dir = path.join(work, "refuse");
    createNotebook("one", {dir});
    expect(() => createNotebook("one", {dir})).toThrow(/already exists/);
    writeFileSync(path.join(dir, "other-name.md"), readFileSync(path.join(dir, "one.md"), "utf8").replace("id: one", "id: two"));
    expect(() => createNotebook("two", {dir})).toThrow(/already has the id "two"/);
    expect(() => createNotebook("Bad_Id", {dir})).toThrow(/not a valid notebook id/);
  });

  it("uses the given title", () => {
    const file = createNotebook("titled", {dir: path.join(work, "titled"), title: 'K-means: "the" basics'});
    expect(readFileSync(file, "utf8")).toContain('title: "K-means: \\"the\\" basics"\n');
  });
});
