// An exercise cell's run that failed part-way: its error, and the values of the names it had declared before the
// line that failed (transpile-defined.ts). The cell's variable settles with this instead of rejecting, so the
// names it did compute reach the checks that read only them; every other reader gets the error, as before.
import type {CellRunError} from "./errors.js";

export class PartialRun {
  constructor(
    readonly error: CellRunError,
    readonly values: Readonly<Record<string, unknown>>
  ) {}

  /** A name's value if the run got that far; otherwise the run's error, as the reader of a failed cell gets it. */
  valueOf(name: string): unknown {
    if (Object.hasOwn(this.values, name)) return this.values[name];
    throw this.error;
  }
}
