// Transpiles a cell once per distinct source: the page's module prefetch and the Session both need the program
// of every cell, and transpiling twice cost ~40 ms of a cold open of the welcome notebook (measured).
//
// The transpiler (acorn, 116 KB of the page's 195 KB entry chunk) is not imported here: the build transpiles every
// cell of a notebook (notebookPlugin), the page seeds those programs, and it loads the transpiler only to run code
// that differs from the file (restored work, an edit). Measured on a cold open of the welcome notebook: acorn's
// parse, compile and first runs kept the main thread ~40 ms. Node entry points (the headless runner, the build
// plugin, the unit tests' setup) register it with useTranspiler or loadTranspiler.
import type {CellProgram} from "../notebook/types.js";

type Transpile = (source: string) => CellProgram;

const cache = new Map<string, CellProgram | Error>();
const LIMIT = 2000;
let transpiler: Transpile | null = null;
let loading: Promise<void> | null = null;

/** Transpile from now on with this function (transpileCell). */
export function useTranspiler(fn: Transpile): void {
  transpiler = fn;
}

/** Load the transpiler if it is not loaded yet (a separate chunk in the page). */
export function loadTranspiler(): Promise<void> {
  if (transpiler) return Promise.resolve();
  loading ??= import("../notebook/transpile.js").then(
    (m) => useTranspiler(m.transpileCell),
    (e: unknown) => {
      loading = null; // a failed download may succeed next time
      throw e;
    }
  );
  return loading;
}

/** True when transpileCached(source) can answer now: the program is known, or the transpiler is loaded. */
export function canTranspile(source: string): boolean {
  return transpiler !== null || cache.has(source);
}

/** Remember programs the build made (source -> program), so opening a notebook needs no transpiler. */
export function seedPrograms(entries: Iterable<{source: string; program?: CellProgram}>): void {
  for (const {source, program} of entries) if (program && !cache.has(source)) remember(source, program);
}

/** Like transpileCell (throws the same CellSyntaxError), remembering recent results. */
export function transpileCached(source: string): CellProgram {
  let hit = cache.get(source);
  if (hit === undefined) {
    if (!transpiler) throw new Error("internal: a cell needs the transpiler, which is not loaded yet (await loadTranspiler() first)");
    try {
      hit = transpiler(source);
    } catch (e) {
      if (!(e instanceof Error)) throw e;
      hit = e;
    }
    remember(source, hit);
  }
  if (hit instanceof Error) throw hit;
  return hit;
}

function remember(source: string, hit: CellProgram | Error): void {
  if (cache.size >= LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(source, hit);
}
