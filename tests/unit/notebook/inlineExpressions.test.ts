// Inline expressions in prose (`${…}`): which text becomes a cell, which stays text, and the errors an instructor
// gets with file and line. Then a variant notebook's front matter and the `dataSeed` cells read.
import {describe, expect, it} from "vitest";
import {extractInline} from "../../../src/notebook/inlineExpressions.js";
import {parseNotebook} from "../../../src/notebook/parse.js";
import {runNotebook} from "../../../src/runtime/headless.js";

const ids = () => {
  let n = 0;
  return () => `inline-${++n}`;
};

describe("extractInline", () => {
  it("turns each ${…} into a span and an expression with its line", () => {
    const r = extractInline("The MAE is ${dollars(mae)}.\nAnd R² is ${r2.toFixed(2)}, of ${n} rows.", 10, ids());
    expect(r.markdown).toBe('The MAE is <span class="inline-expr" data-inline="inline-1"></span>.\nAnd R² is <span class="inline-expr" data-inline="inline-2"></span>, of <span class="inline-expr" data-inline="inline-3"></span> rows.');
    expect(r.expressions).toEqual([
      {id: "inline-1", source: "dollars(mae)", line: 10},
      {id: "inline-2", source: "r2.toFixed(2)", line: 11},
      {id: "inline-3", source: "n", line: 11}
    ]);
  });

  it("finds the closing brace past objects, strings and template literals", () => {
    const r = extractInline('A ${f({a: "}", b: `x ${y + "}"} z`})} b', 1, ids());
    expect(r.expressions.map((e) => e.source)).toEqual(['f({a: "}", b: `x ${y + "}"} z`})']);
    expect(r.markdown).toBe('A <span class="inline-expr" data-inline="inline-1"></span> b');
  });

  it("leaves ${ alone in code spans, fenced code samples and after a backslash; math stays math", () => {
    const text = "Use `${x}` in a template.\n```js\nconst s = `${a}`;\n```\nWrite \\${literal}. Math: $R^2$ and $\\bar y$.";
    const r = extractInline(text, 1, ids());
    expect(r.expressions).toEqual([]);
    expect(r.markdown).toBe(text);
  });

  it("keeps counting lines through a fenced sample, so later expressions name the right line", () => {
    const r = extractInline("one\n~~~text\n${not}\n~~~\nfive ${yes}", 1, ids());
    expect(r.expressions).toEqual([{id: "inline-1", source: "yes", line: 5}]);
  });
});

const fm = (extra = "") => `---\nid: t\ntitle: T\nsummary: S\nversion: 1\n${extra}---\n`;

describe("inline expressions in a notebook", () => {
  it("become hidden inline cells in page order, and the prose holds their spans", () => {
    const nb = parseNotebook(`${fm()}\nHello ${"${name}"}.\n\n\`\`\`js id=data\nconst name = "Ada";\n\`\`\`\n`, "t.md");
    expect(nb.cells.map((c) => [c.id, c.role, c.inline ?? false, c.line])).toEqual([["inline-1", "code", true, 8], ["data", "code", false, 11]]);
    expect(nb.blocks[0]).toMatchObject({kind: "prose", html: expect.stringContaining('<span class="inline-expr" data-inline="inline-1"></span>')});
  });

  it("are refused with file and line when never closed or empty", () => {
    expect(() => parseNotebook(`${fm()}\nline 8\nThe ${"${oops"} here\n\n\`\`\`js\n1\n\`\`\`\n`, "t.md")).toThrow(/^t\.md:9: an inline expression \$\{ is never closed/);
    expect(() => parseNotebook(`${fm()}\nEmpty ${"${ }"}.\n\`\`\`js\n1\n\`\`\`\n`, "t.md")).toThrow(/^t\.md:8: an inline expression \$\{\} is empty/);
  });

  it("run like any cell: the value of a figure follows the data", async () => {
    const nb = parseNotebook(`${fm("variants: true\nseed: 7\n")}\nSeed ${"${dataSeed}"}, total ${"${total}"}.\n\n\`\`\`js\nconst total = dataSeed * 2;\n\`\`\`\n`, "t.md");
    expect(nb).toMatchObject({variants: true, seed: 7});
    const own = await runNotebook(nb);
    expect(own.cells.filter((c) => c.id.startsWith("inline-")).map((c) => c.displays)).toEqual([[7], [14]]);
    const student = await runNotebook(nb, {seed: 1234});
    expect(student.cells.filter((c) => c.id.startsWith("inline-")).map((c) => c.displays)).toEqual([[1234], [2468]]);
  });

  it("refuse a front matter seed that is not a whole number, and a cell that defines dataSeed", async () => {
    expect(() => parseNotebook(`${fm("seed: 1.5\n")}\n\`\`\`js\n1\n\`\`\`\n`, "t.md")).toThrow(/front matter "seed" is invalid/);
    const r = await runNotebook(parseNotebook(`${fm()}\n\`\`\`js id=mine\nconst dataSeed = 3;\n\`\`\`\n`, "t.md"));
    expect(r.cells[0]).toMatchObject({status: "error", message: expect.stringContaining("dataSeed")});
  });
});
