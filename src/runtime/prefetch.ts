// Starts downloading the modules a notebook's cells use (imports, and Plot/Inputs behind builtins) as soon as the
// notebook is known, so the downloads overlap with loading saved work and rendering. Measured on the welcome
// notebook, cold: Plot and Inputs were requested ~230 ms after the notebook arrived when the first run asked.
// Programs are cached (programCache.ts), so the Session does not transpile the cells again.
import {transpileCached} from "./programCache.js";
import type {CellProgram, Notebook} from "../notebook/types.js";
import {modulesUsed, type ModuleTable} from "./modules.js";

/** The bundled modules a notebook's cells use (the build lists them per notebook, so the page can start early). */
export function notebookModules(notebook: Pick<Notebook, "cells">): string[] {
  const programs: CellProgram[] = [];
  for (const cell of notebook.cells) {
    try {
      programs.push(transpileCached(cell.source));
    } catch {
      // A cell that does not parse imports nothing yet; the session reports its error.
    }
  }
  return modulesUsed(programs);
}

export function prefetchModules(notebook: Notebook, modules: ModuleTable): void {
  modules.prefetch(notebookModules(notebook));
}
