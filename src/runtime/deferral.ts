// Which cells may run later than the rest. A cell the student sees, outside exercises, whose names no cell that runs
// now reads (a plot, a table, a message, or a model whose card is the only reader) changes nothing by waiting but
// when its output appears. The page uses that on open: measured on the welcome notebook cold, its one plot below
// the first screen (Plot's 123 KB gzip chunk, then its first render) kept the main thread busy ~120 ms of the
// ~410 ms to idle; on the churn drill, the colleague's model (a boosting fit in a worker, then its card and
// importance table, 0.6 s of the open) is read only by cells further down and waits until scrolled to.
import type {CellProgram, CellSpec} from "../notebook/types.js";

/** A visible code cell outside exercises that defines no names: nothing can read it. */
export function isDisplayOnly(spec: Pick<CellSpec, "role" | "hidden">, program: Pick<CellProgram, "outputs"> | null): boolean {
  return isDeferrable(spec, program) && program!.outputs.length === 0;
}

/** A visible code cell outside exercises (hidden cells hold what checks read; exercises are the student's). */
export function isDeferrable(spec: Pick<CellSpec, "role" | "hidden">, program: Pick<CellProgram, "outputs"> | null): boolean {
  return spec.role === "code" && !spec.hidden && !!program;
}

/** What a cell reads and defines, for deciding which may wait. */
export interface DeferralNode {
  id: string;
  inputs: readonly string[];
  outputs: readonly string[];
}

/**
 * The largest part of `candidates` that may wait together: no cell outside it (and outside `held`, the cells already
 * waiting) reads a name one of its cells defines. A candidate read by a check, an exercise, a hidden cell or a
 * cell that runs now is dropped, and so, in turn, is a candidate that only dropped cells read.
 */
export function deferrableTogether(candidates: Iterable<string>, cells: readonly DeferralNode[], held: ReadonlySet<string> = new Set()): Set<string> {
  const waiting = new Set(candidates);
  const byId = new Map(cells.map((c) => [c.id, c]));
  for (let changed = true; changed; ) {
    changed = false;
    const readNow = namesRead(cells, (id) => !waiting.has(id) && !held.has(id));
    for (const id of waiting) {
      if (byId.get(id)?.outputs.some((n) => readNow.has(n))) {
        waiting.delete(id);
        changed = true;
      }
    }
  }
  return waiting;
}

/**
 * The cells of `held` that must run now: a cell that is not held reads a name one of them defines, or reads it
 * through held cells that must run (a student's edit that reads a model's name; a card released by scrolling that
 * reads the held model above it).
 */
export function heldButNeeded(cells: readonly DeferralNode[], held: ReadonlySet<string>): string[] {
  const stillHeld = new Set(held);
  const needed: string[] = [];
  for (let changed = true; changed; ) {
    changed = false;
    const readNow = namesRead(cells, (id) => !stillHeld.has(id));
    for (const c of cells) {
      if (stillHeld.has(c.id) && c.outputs.some((n) => readNow.has(n))) {
        stillHeld.delete(c.id);
        needed.push(c.id);
        changed = true;
      }
    }
  }
  return needed;
}

function namesRead(cells: readonly DeferralNode[], runs: (id: string) => boolean): Set<string> {
  const read = new Set<string>();
  for (const c of cells) if (runs(c.id)) for (const n of c.inputs) read.add(n);
  return read;
}
