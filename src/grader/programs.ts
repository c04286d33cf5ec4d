// Cells transpiled once, in Node, for both realms of a graded run: the instructor's cells and checks once per
// notebook (the cache keeps them), the submission's exercise code once. Each realm seeds its program cache with
// them (src/runtime/programCache.ts) and parses nothing; a student frame is a new realm for every submission, and
// acorn, cold there, cost it about 50 ms a submission of hidden-segments (measured with the CPU profiler).
// Code that does not parse is left out: the realm's own transpiler then reports the syntax error, as in the page.
import type {CellProgram, Notebook} from "../notebook/types.js";
import {loadTranspiler, transpileCached} from "../runtime/programCache.js";

export interface SeededProgram {
  source: string;
  program: CellProgram;
}

export {loadTranspiler};

export function programsFor(notebook: Notebook, code: Record<string, string>): SeededProgram[] {
  const sources = new Set<string>();
  for (const cell of notebook.cells) sources.add(cell.source);
  for (const e of notebook.exercises) for (const c of [...e.checks, ...e.hiddenChecks]) sources.add(c.source);
  for (const source of Object.values(code)) if (typeof source === "string") sources.add(source);
  const programs: SeededProgram[] = [];
  for (const source of sources) {
    try {
      programs.push({source, program: transpileCached(source)});
    } catch {
      // a syntax error: see above
    }
  }
  return programs;
}
