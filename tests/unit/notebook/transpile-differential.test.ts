// Differential test: our transpiler against @observablehq/notebook-kit's transpileJavaScript (a dev
// dependency only) on the same cells: the table's sources plus a few notebook-shaped cells. Inputs (as sets),
// outputs and autodisplay must be identical.
//
// Deliberate differences, each documented where it lives:
// - `__guard` (loop guard) and `__import` (bundled-module table) are inputs only we add: removed before comparing.
// - Rows with `differs` in transpile-cases.ts are left out, with the reason next to them. They are:
//   assignments to free names (notebook-kit throws, we report them in `assigns`); a class declaration in a
//   block (block-scoped for us, function-scoped for notebook-kit); standard globals notebook-kit's list lacks
//   (EXTRA_GLOBALS); `import d, * as ns` (notebook-kit throws on it); and errors only we raise (`__guard`/`__import` reserved, `import.meta`, import options).
import {transpileJavaScript} from "@observablehq/notebook-kit";
import {describe, expect, it} from "vitest";
import {GUARD_NAME, IMPORT_NAME, transpileCell} from "../../../src/notebook/transpile.js";
import {CellSyntaxError} from "../../../src/notebook/types.js";
import {cases, errorCases, extraCorpus} from "./transpile-cases.js";

const ours = (source: string) => {
  const {inputs, outputs, autodisplay} = transpileCell(source);
  return {inputs: new Set(inputs.filter((n) => n !== GUARD_NAME && n !== IMPORT_NAME)), outputs, autodisplay};
};

const theirs = (source: string) => {
  const {inputs, outputs, autodisplay} = transpileJavaScript(source);
  return {inputs: new Set(inputs), outputs, autodisplay};
};

const corpus = [...cases.filter((c) => !c.differs).map((c) => c.source), ...extraCorpus];

describe("transpileCell agrees with notebook-kit's transpileJavaScript", () => {
  it("has a corpus of at least 40 cells", () => expect(corpus.length).toBeGreaterThanOrEqual(40));

  it.each(corpus)("%s", (source) => {
    expect(ours(source)).toEqual(theirs(source));
  });

  it.each(errorCases.filter((c) => !c.differs).map((c) => c.source))("both reject %s", (source) => {
    expect(() => transpileJavaScript(source)).toThrow(SyntaxError);
    expect(() => transpileCell(source)).toThrow(CellSyntaxError);
  });
});
