import {readFileSync} from "node:fs";
import {describe, expect, it} from "vitest";
import {parseNotebook} from "../../../src/notebook/parse.js";
import {NotebookError} from "../../../src/notebook/types.js";

const FRONT = `---
id: demo
title: Demo
summary: A demo.
version: 3
---
`;

const EXERCISE = `::: exercise id=ex-one points=2 title="First"
Do the thing.

\`\`\`js starter
const x = todo();
\`\`\`

\`\`\`js solution
const x = 42;
\`\`\`

\`\`\`js check name=x-is-42 message="x is 42"
assert.equal(x, 42, "x");
\`\`\`

\`\`\`js hidden-check name=x-positive message="x is positive"
assert.above(x, 0, "x");
\`\`\`

\`\`\`js wrong check=x-is-42 label="off by one"
const x = 41;
\`\`\`

::: hint
Forty-two.
:::
:::
`;

function parse(body: string, student = false) {
  return parseNotebook(FRONT + body, "notebooks/demo.md", {student});
}

function errorOf(body: string): NotebookError {
  try {
    parse(body);
  } catch (e) {
    if (e instanceof NotebookError) return e;
    throw e;
  }
  throw new Error("expected a NotebookError");
}

describe("parseNotebook", () => {
  it("reads front matter, prose, cells and an exercise", () => {
    const nb = parse(`# Title\n\nSome $x^2$ math.\n\n\`\`\`js id=setup hidden\nconst a = 1;\n\`\`\`\n\n\`\`\`js folded\na + 1\n\`\`\`\n\n${EXERCISE}`);
    expect(nb).toMatchObject({id: "demo", title: "Demo", summary: "A demo.", version: 3, file: "notebooks/demo.md"});
    expect(nb.cells.map((c) => [c.id, c.role, c.hidden, c.folded])).toEqual([
      ["setup", "code", true, false],
      ["cell-2", "code", false, true],
      ["ex-one", "exercise", false, false]
    ]);
    expect(nb.cells[0]!.line).toBe(12);
    const ex = nb.exercises[0]!;
    expect(ex).toMatchObject({id: "ex-one", title: "First", points: 2, kind: "code", starter: "const x = todo();", solution: "const x = 42;"});
    expect(ex.checks.map((c) => c.name)).toEqual(["x-is-42"]);
    expect(ex.hiddenChecks.map((c) => c.name)).toEqual(["x-positive"]);
    expect(ex.wrongAnswers).toEqual([{check: "x-is-42", label: "off by one", source: "const x = 41;", line: expect.any(Number)}]);
    expect(ex.hints).toHaveLength(1);
    expect(ex.hints[0]).toContain("Forty-two.");
    const prose = nb.blocks.find((b) => b.kind === "prose");
    expect(prose && prose.kind === "prose" && prose.html).toContain("katex");
    const exBlock = nb.blocks.find((b) => b.kind === "exercise");
    expect(exBlock && exBlock.kind === "exercise" && exBlock.promptHtml).toContain("Do the thing.");
  });

  it("strips solutions, hidden checks and wrong answers from the student build", () => {
    const nb = parse(EXERCISE, true);
    const ex = nb.exercises[0]!;
    expect(nb.studentBuild).toBe(true);
    expect(ex.solution).toBeUndefined();
    expect(ex.hiddenChecks).toEqual([]);
    expect(ex.wrongAnswers).toEqual([]);
    expect(JSON.stringify(nb)).not.toContain("const x = 42");
    expect(JSON.stringify(nb)).not.toContain("x is positive");
    expect(JSON.stringify(nb)).not.toContain("const x = 41");
  });

  it("keeps code samples in other languages as prose", () => {
    const nb = parse("```python\nprint(1)\n```\n\n```js\n1\n```\n");
    expect(nb.cells).toHaveLength(1);
    expect(nb.blocks[0]!.kind === "prose" && nb.blocks[0]!.html).toContain("print(1)");
  });

  it("parses the welcome notebook", () => {
    const text = readFileSync(new URL("../../../notebooks/welcome.md", import.meta.url), "utf8");
    const nb = parseNotebook(text, "notebooks/welcome.md");
    expect(nb.exercises.map((e) => e.id)).toEqual(["sum-of-squares"]);
    expect(nb.exercises[0]!.hints.length).toBeGreaterThanOrEqual(2);
  });

  // One malformed input a row: [what, body, line, words the message must contain].
  const malformed: Array<[string, string, number, string]> = [
    ["unclosed fence", "```js\nconst a = 1;\n", 7, "never closed"],
    ["unclosed exercise", EXERCISE.replace(/:::\n$/, ""), 7, "never closed"],
    ["unknown block", "::: note\nhi\n:::\n", 7, "unknown block"],
    ["stray closing", "text\n:::\n", 8, "no open block"],
    ["starter outside exercise", "```js starter\n1\n```\n", 7, "outside an exercise"],
    ["exercise without id", "::: exercise title=T\n:::\n", 7, "no id"],
    ["bad points", "::: exercise id=a points=zero title=T\n:::\n", 7, "points"],
    ["missing solution", EXERCISE.replace(/```js solution\nconst x = 42;\n```/, ""), 7, "no solution"],
    ["missing check", EXERCISE.replace(/```js check name=x-is-42 message="x is 42"\nassert.equal\(x, 42, "x"\);\n```/, ""), 7, "no check"],
    ["check without message", EXERCISE.replace(' message="x is 42"', ""), 18, "no message"],
    ["duplicate check name", EXERCISE.replace("name=x-positive", "name=x-is-42"), 22, "two checks"],
    ["wrong answer naming no check", EXERCISE.replace("check=x-is-42 label", "check=nope label"), 26, "does not have"],
    ["duplicate cell id", "```js id=a\n1\n```\n\n```js id=a\n2\n```\n", 11, "used twice"],
    ["unknown cell option", "```js frozen\n1\n```\n", 7, "unknown cell option"],
    ["code cell in a hint", EXERCISE.replace("Forty-two.", "```js\n1\n```"), 31, "inside a ::: hint"],
    ["no cells", "just prose\n", 7, "no ```js cells"]
  ];
  it.each(malformed)("reports %s with file, line and a fix", (_what, body, line, words) => {
    const e = errorOf(body);
    expect(e.file).toBe("notebooks/demo.md");
    expect(e.message).toContain(words);
    expect(e.line).toBe(line);
    expect(e.fix.length).toBeGreaterThan(10);
    expect(e.message.startsWith(`notebooks/demo.md:${line}: `)).toBe(true);
  });

  it("reports bad front matter on its line", () => {
    expect(() => parseNotebook("no front matter", "x.md")).toThrow(/x.md:1: the notebook does not start with front matter/);
    const e = (() => {
      try {
        parseNotebook("---\nid: demo\ntitle: T\nsummary: S\nversion: two\n---\n```js\n1\n```\n", "x.md");
      } catch (err) {
        return err as NotebookError;
      }
    })();
    expect(e?.line).toBe(5);
    expect(e?.message).toContain("version");
  });
});
