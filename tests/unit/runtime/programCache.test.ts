// The page opens a notebook with the programs the build made and loads the transpiler (acorn) only for new code.
// Each test imports a fresh copy of the module: the unit tests' setup registers the transpiler on the shared one.
import {beforeEach, describe, expect, it, vi} from "vitest";
import {transpileCell} from "../../../src/notebook/transpile.js";

type Cache = typeof import("../../../src/runtime/programCache.js");
let cache: Cache;
beforeEach(async () => {
  vi.resetModules();
  cache = (await import("../../../src/runtime/programCache.js")) as Cache;
});

describe("programCache", () => {
  it("answers seeded programs without a transpiler, and says clearly when one is needed", () => {
    const program = transpileCell("const a = 1;");
    cache.seedPrograms([{source: "const a = 1;", program}, {source: "const = 1;"}]);
    expect(cache.canTranspile("const a = 1;")).toBe(true);
    expect(cache.transpileCached("const a = 1;")).toBe(program);
    expect(cache.canTranspile("const b = 2;")).toBe(false);
    expect(cache.canTranspile("const = 1;")).toBe(false); // no program: the build could not transpile it
    expect(() => cache.transpileCached("const b = 2;")).toThrow(/not loaded yet \(await loadTranspiler\(\) first\)/);
  });

  it("loads the transpiler on demand, then transpiles anything (syntax errors as CellSyntaxError)", async () => {
    await cache.loadTranspiler();
    expect(cache.canTranspile("const b = 2;")).toBe(true);
    expect(cache.transpileCached("const b = a + 1;").inputs).toEqual(["a"]);
    // (a fresh module graph has its own CellSyntaxError class: compare by name)
    expect(() => cache.transpileCached("const = 1;")).toThrow(expect.objectContaining({name: "CellSyntaxError", line: 1}));
  });
});
