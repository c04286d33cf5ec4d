// Table-driven tests of the transpiler's analysis (one cell a row, in transpile-cases.ts), then of its rewriting.
import {describe, expect, it} from "vitest";
import {transpileCell} from "../../../src/notebook/transpile.js";
import {CellSyntaxError} from "../../../src/notebook/types.js";
import {cases, errorCases} from "./transpile-cases.js";

describe("transpileCell: inputs, outputs, autodisplay, assigns", () => {
  it("has at least 40 rows", () => expect(cases.length).toBeGreaterThanOrEqual(40));
  it.each(cases)("$source", (c) => {
    const program = transpileCell(c.source);
    expect({
      inputs: program.inputs,
      outputs: program.outputs,
      autodisplay: program.autodisplay,
      assigns: program.assigns,
      imports: program.imports,
      async: program.body.startsWith("async ")
    }).toEqual({
      inputs: c.inputs,
      outputs: c.outputs ?? [],
      autodisplay: c.autodisplay ?? false,
      assigns: c.assigns ?? [],
      imports: c.imports ?? [],
      async: c.async ?? false
    });
  });
});

describe("transpileCell: errors", () => {
  it.each(errorCases)("$source", (c) => {
    let error: unknown;
    try {
      transpileCell(c.source);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CellSyntaxError);
    const {message, line, column} = error as CellSyntaxError;
    expect(message).toMatch(c.message);
    expect(message).not.toMatch(/\(\d+:\d+\)$/);
    expect({line, column}).toEqual({line: c.line, column: c.column});
  });
});

describe("transpileCell: body", () => {
  it("wraps a program in an arrow function returning its outputs", () => {
    expect(transpileCell("const a = b + 1;").body).toBe("(b) => {\nconst a = b + 1;;__defined.a = () => a;\nreturn {a};\n}");
  });

  it("returns an expression cell's value in parentheses, without adding a line before the code", () => {
    expect(transpileCell("{a: 1}").body).toBe("() => {return (\n{a: 1}\n)\n}");
    expect(transpileCell("x // trailing comment").body).toBe("(x) => {return (\nx // trailing comment\n)\n}");
  });

  it("is async for top-level await and for imports, not for await in a nested function", () => {
    expect(transpileCell("await x").body.startsWith("async (x) => {")).toBe(true);
    expect(transpileCell("const f = async () => await x;").body.startsWith("(x) => {")).toBe(true);
  });

  it("guards a block body after its brace and wraps any other body", () => {
    expect(transpileCell("while (true) {}").body).toBe("(__guard) => {\nwhile (true) {__guard(1);}\n}");
    expect(transpileCell("for (;;) x++;").body).toContain("for (;;) {__guard(1); x++;}");
    expect(transpileCell("do x++; while (x < 3)").body).toContain("do {__guard(1); x++;} while (x < 3)");
    expect(transpileCell("for (const a of b) for (const c of a) f(c);").body).toContain(
      "for (const a of b) {__guard(1); for (const c of a) {__guard(1); f(c);}}"
    );
    expect(transpileCell("if (a) while (b) c(); else d();").body).toContain("if (a) while (b) {__guard(1); c();} else d();");
  });

  it("guards loops inside functions, methods and expression cells", () => {
    const {body, inputs} = transpileCell("xs.map((x) => { let n = 0; while (x > 1) { x /= 2; n++; } return n; })");
    expect(body).toContain("while (x > 1) {__guard(1); x /= 2;");
    expect(inputs).toEqual(["xs", "__guard"]);
    expect(transpileCell("class A { m() { for (const k in this) ; } }").body).toContain("for (const k in this) {__guard(1); ;}");
  });

  it("rewrites imports in place, keeping the line count", () => {
    const source = 'import {\n  mean,\n  sum as total\n} from "simple-statistics";\nconst m = mean(xs);';
    const {body} = transpileCell(source);
    expect(body).toBe(
      'async (xs, __import) => {\nconst {mean, sum: total} = await __import("simple-statistics", ["mean", "sum"]);\n\n\n;__defined.mean = () => mean; __defined.total = () => total;\nconst m = mean(xs);;__defined.m = () => m;\nreturn {mean, total, m};\n}'
    );
    expect(body.split("\n").length).toBe(source.split("\n").length + 3);
  });

  it("rewrites each import form", () => {
    const body = (s: string) => transpileCell(s).body.split("\n")[1]!.replace(/;__defined\..*$/, "");
    expect(body('import d from "m";')).toBe('const {default: d} = await __import("m", ["default"]);');
    expect(body('import * as ns from "m";')).toBe('const ns = await __import("m");');
    expect(body('import d, {a as b} from "m";')).toBe('const {default: d, a: b} = await __import("m", ["default", "a"]);');
    expect(body('import {"a-b" as ab} from "m";')).toBe('const {"a-b": ab} = await __import("m", ["a-b"]);');
    expect(body('import "m";')).toBe('await __import("m");');
    expect(body('const m = await import("m");')).toBe('const m = await __import("m");');
  });

  it("keeps every line of the cell on the same line of the body", () => {
    const source = 'let s = 0;\nfor (let i = 0; i < 3; i++)\n  s += i;\nwhile (s > 0) s--;\nconst marker = "here";';
    const lines = transpileCell(source).body.split("\n");
    expect(lines[5]).toBe('const marker = "here";;__defined.marker = () => marker;');
    expect(lines[3]).toBe("  {__guard(2); s += i;}");
  });
});
