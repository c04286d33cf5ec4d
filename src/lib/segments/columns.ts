// The segment functions' table check: a table with the named columns, or an error that lists the ones it has.
import type {ColumnTable} from "arquero";
import {LibraryInputError, describe} from "../base.js";

export function checkColumns(t: ColumnTable, names: readonly string[], fn: string): void {
  if (!t || typeof t.columnNames !== "function") throw new LibraryInputError(`${fn}: expected an arquero table of members, got ${describe(t)}`);
  const have = t.columnNames();
  for (const name of names) {
    if (!have.includes(name)) throw new LibraryInputError(`${fn}: the table has no column "${name}" (columns: ${have.join(", ")})`);
  }
}
