// Turns a transpiled cell body into a function, named by a sourceURL so a runtime error's stack tells which
// cell line raised it. The body is compiled inside a scope that gives it the cell's own timer functions (see
// cellTimers.ts): every timer the cell's code starts, in nested functions and after an await too, belongs to that
// run, and ends when the cell runs again or is stopped.

import {BODY_LINE_OFFSET, DEFINED_NAME} from "../notebook/transpile-globals.js";
import {TIMER_NAMES, type CellTimers} from "./cellTimers.js";

export type CellBody = (...args: unknown[]) => unknown;

/** What a run of a cell has declared so far: a reader per name (transpile-defined.ts). */
export type DefinedNames = Record<string, () => unknown>;

export function compileBody(cellId: string, body: string): (timers: CellTimers, defined?: DefinedNames) => CellBody {
  // Indirect eval runs in global scope: the body sees only its parameters, the timers, its run's record of names
  // declared so far, and globals, not the engine's locals. The scope's header shares the body's first line, so
  // line numbers stay the cell's.
  const names = TIMER_NAMES.join(", ");
  const scoped = (0, eval)(`(function ({${names}}, ${DEFINED_NAME}) { return (${body}\n); })\n//# sourceURL=${sourceName(cellId)}`) as (timers: CellTimers, defined: DefinedNames) => CellBody;
  return (timers, defined = Object.create(null) as DefinedNames) => scoped(timers, defined);
}

/** The values a failed run had declared before it failed (a reader that throws leaves its name out). */
export function definedValues(defined: DefinedNames): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [name, read] of Object.entries(defined)) {
    try {
      values[name] = read();
    } catch {
      // not reachable for a declared name, but a record is no place for a surprise
    }
  }
  return values;
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
