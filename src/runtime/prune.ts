// The cells a split run needs on each side (split.ts). Nobody looks at a graded page, so a side runs only the
// cells whose values it uses: the student's side what its exercise cells read, the checks' side what its checks
// read. Plots and tables that nothing reads are left out. Any cell that defines a name an exercise also defines
// stays, so a clash of names is reported as it is in the page.
import type {CellProgram, Notebook} from "../notebook/types.js";
import {transpileCached} from "./programCache.js";

export function pruneNotebook(notebook: Notebook, code: Record<string, string>, roots: {exercises: boolean; checks: boolean}): Notebook {
  const programOf = (source: string): CellProgram | null => {
    try {
      return transpileCached(source);
    } catch {
      return null; // a syntax error: the session reports it
    }
  };
  const cells = notebook.cells.map((spec) => ({spec, program: programOf(spec.role === "exercise" ? code[spec.id] ?? spec.source : spec.source)}));
  const definers = new Map<string, string[]>();
  for (const {spec, program} of cells) for (const name of program?.outputs ?? []) definers.set(name, [...(definers.get(name) ?? []), spec.id]);
  const byId = new Map(cells.map((c) => [c.spec.id, c]));

  const needed = new Set<string>();
  const wanted: string[] = [];
  const need = (id: string) => {
    if (!needed.has(id)) {
      needed.add(id);
      wanted.push(id);
    }
  };
  const needNames = (names: string[]) => {
    for (const name of names) for (const id of definers.get(name) ?? []) need(id);
  };
  for (const {spec, program} of cells) {
    if (spec.role !== "exercise") continue;
    need(spec.id);
    needNames(program?.outputs ?? []); // whoever else defines an exercise's names: the clash must show
  }
  if (roots.checks) {
    for (const e of notebook.exercises) for (const c of [...e.checks, ...e.hiddenChecks]) needNames(programOf(c.source)?.inputs ?? []);
  }
  while (wanted.length) {
    const cell = byId.get(wanted.pop()!)!;
    // The checks' side takes exercise values as they are: what an exercise reads is the student's side's concern.
    if (cell.spec.role === "exercise" && !roots.exercises) continue;
    needNames(cell.program?.inputs ?? []);
  }
  return {...notebook, cells: notebook.cells.filter((c) => needed.has(c.id))};
}
