// Helpers between arquero tables (what students filter, group and derive) and the feature matrices models take.
import * as aq from "arquero";
import type {ColumnTable} from "arquero";
import {LibraryInputError, describe} from "./base.js";
import {columnValues} from "./columnValues.js";

export {aq};
export type Table = ColumnTable;

function isTable(t: unknown): t is ColumnTable {
  return !!t && typeof (t as ColumnTable).columnNames === "function" && typeof (t as ColumnTable).array === "function";
}

function checkTable(t: unknown, what: string): asserts t is ColumnTable {
  if (!isTable(t)) throw new LibraryInputError(`${what} must be an arquero table (aq.table({...}) or a generator's output), got ${describe(t)}`);
}

function checkColumn(t: ColumnTable, name: string): void {
  if (typeof name !== "string") throw new LibraryInputError(`column names must be strings, got ${describe(name)}`);
  if (!t.column(name)) {
    const names = t.columnNames();
    throw new LibraryInputError(
      `the table has no column "${name}". Available columns: ${names.map((c) => `"${c}"`).join(", ") || "(none)"}`
    );
  }
}

/** The values of one column, in the table's current filter and order (numbers stay typed when stored typed). */
export function column(t: ColumnTable, name: string): ArrayLike<unknown> {
  checkTable(t, "column(table, name): table");
  checkColumn(t, name);
  return t.array(name) as ArrayLike<unknown>;
}

/** A numeric column as a Float64Array; text, missing or non-finite values give an error naming the row. */
export function numericColumn(t: ColumnTable, name: string): Float64Array {
  checkTable(t, "numericColumn(table, name): table");
  checkColumn(t, name);
  const values = columnValues(t, name);
  if (values instanceof Float64Array) return values.slice();
  // integer typed arrays hold finite numbers only
  if (values instanceof Int32Array || values instanceof Uint8Array || values instanceof Int8Array || values instanceof Uint16Array || values instanceof Int16Array || values instanceof Uint32Array) {
    return Float64Array.from(values);
  }
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const x = typeof v === "boolean" ? (v ? 1 : 0) : v;
    if (typeof x !== "number" || x - x !== 0) {
      throw new LibraryInputError(
        `column "${name}" row ${i} is ${describe(v)}: expected a finite number` +
          (typeof v === "string" ? " (encode text columns first, e.g. with OneHotEncoder)" : " (fill or drop missing values first)")
      );
    }
    out[i] = x;
  }
  return out;
}

/**
 * The feature matrix for the given columns: one Float64Array per row (views into one buffer), in column order.
 * Booleans become 1/0; text or missing values give a clear error.
 */
export function toMatrix(t: ColumnTable, columns: readonly string[]): Float64Array[] {
  checkTable(t, "toMatrix(table, columns): table");
  if (!Array.isArray(columns) || columns.length === 0) {
    throw new LibraryInputError(`toMatrix(table, columns) needs a non-empty array of column names, got ${describe(columns)}`);
  }
  for (const c of columns) checkColumn(t, c);
  const n = t.numRows();
  const p = columns.length;
  const buf = new Float64Array(n * p);
  columns.forEach((c, j) => {
    const col = numericColumn(t, c);
    for (let i = 0; i < n; i++) buf[i * p + j] = col[i];
  });
  const rows = new Array<Float64Array>(n);
  for (let i = 0; i < n; i++) rows[i] = buf.subarray(i * p, i * p + p);
  return rows;
}

export {isTable};
