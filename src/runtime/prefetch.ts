// Starts downloading the modules a notebook's cells use (imports, and Plot/Inputs behind builtins) as soon as the
// notebook is known, so the downloads overlap with loading saved work and rendering. Measured on the welcome
// notebook, cold: Plot and Inputs were requested ~230 ms after the notebook arrived when the first run asked.
// Programs are cached (programCache.ts), so the Session does not transpile the cells again.
import {transpileCached} from "./programCache.js";
import type {CellProgram, Notebook} from "../notebook/types.js";
import {isDisplayOnly} from "./deferral.js";
import {modulesUsed, type ModuleTable} from "./modules.js";

/**
 * The bundled modules a notebook's cells use (the build lists them per notebook, so the page can start early).
 * `eager`: only those that cells which always run on open need, leaving out what only display-only cells use (see
 * deferral.ts): such a cell below the first screen waits until it is scrolled to, and an early download of its
 * module would be evaluated on the main thread while the first screen runs.
 */
export function notebookModules(notebook: Pick<Notebook, "cells">, which: "all" | "eager" = "all"): string[] {
  const programs: CellProgram[] = [];
  for (const cell of notebook.cells) {
    try {
      const program = transpileCached(cell.source);
      if (which === "all" || !isDisplayOnly(cell, program)) programs.push(program);
    } catch {
      // A cell that does not parse imports nothing yet; the session reports its error.
    }
  }
  return modulesUsed(programs);
}

export function prefetchModules(notebook: Notebook, modules: ModuleTable, which: "all" | "eager" = "eager"): void {
  modules.prefetch(notebookModules(notebook, which));
}
