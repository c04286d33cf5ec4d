// Turns a transpiled cell body into a function, named by a sourceURL so a runtime error's stack tells which
// cell line raised it.

import {BODY_LINE_OFFSET} from "../notebook/transpile-globals.js";

export function compileBody(cellId: string, body: string): (...args: unknown[]) => unknown {
  // Indirect eval runs in global scope: the body sees only its parameters and globals, not the engine's locals.
  return (0, eval)(`(${body})\n//# sourceURL=${sourceName(cellId)}`) as (...args: unknown[]) => unknown;
}

function sourceName(cellId: string): string {
  return `drillbook-cell-${cellId.replace(/[^\w-]/g, "_")}.js`;
}

/** The 1-based line within the cell where `error` was raised, if its stack points into the cell. */
export function cellLineOf(error: unknown, cellId: string): number | undefined {
  const stack = (error as {stack?: unknown})?.stack;
  if (typeof stack !== "string") return undefined;
  const name = sourceName(cellId).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const m = new RegExp(`${name}:(\\d+):(\\d+)`).exec(stack);
  if (!m) return undefined;
  const line = Number(m[1]) - BODY_LINE_OFFSET;
  return line >= 1 ? line : undefined;
}
