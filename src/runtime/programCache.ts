// Transpiles a cell once per distinct source: the page's module prefetch and the Session both need the program
// of every cell, and transpiling twice cost ~40 ms of a cold open of the welcome notebook (measured).
import {transpileCell} from "../notebook/transpile.js";
import type {CellProgram} from "../notebook/types.js";

const cache = new Map<string, CellProgram | Error>();
const LIMIT = 2000;

/** Like transpileCell (throws the same CellSyntaxError), remembering recent results. */
export function transpileCached(source: string): CellProgram {
  let hit = cache.get(source);
  if (hit === undefined) {
    try {
      hit = transpileCell(source);
    } catch (e) {
      if (!(e instanceof Error)) throw e;
      hit = e;
    }
    if (cache.size >= LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(source, hit);
  }
  if (hit instanceof Error) throw hit;
  return hit;
}
