// Segment rules: JSONLogic conditions on a customer's fields, as the loyalty system's visual rule builder writes them
// ({"and": [{">": [{"var": "total_revenue"}, 200]}, ...]}). Evaluated by json-logic-engine (typed, ESM, no
// dependencies; a faster drop-in for json-logic-js, the reference implementation), compiled once per rule.
//
// What this file adds to the engine: an empty rule means everyone (as in the loyalty system); a malformed rule or an
// unknown operator is an error naming the operator and its path in the rule, before any row is read; a rule that
// reads a field the table does not have is an error too (the engine would read it as null and compare it as 0, so a
// typo would silently select no one or everyone).

import type {ColumnTable} from "arquero";
import {LogicEngine} from "json-logic-engine";
import {LibraryInputError, describe} from "../base.js";
import {takeRows} from "../selection/modelSelection.js";
import {columnValues} from "../columnValues.js";

/** A JSONLogic rule: an operation `{operator: arguments}`, or a plain value. `{}` is the empty rule: everyone. */
export type Rule = Record<string, unknown> | boolean;

const engine = new LogicEngine();

/** Path of a place in a rule, as a reader writes it: rule.and[1]["<"][0]. */
function at(path: string, key: string | number): string {
  return typeof key === "number" ? `${path}[${key}]` : /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === "object" && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/** The fields a rule reads with `var`, checking its shape on the way; throws naming the first problem's path. */
export function ruleFields(rule: unknown, fn = "ruleFields"): string[] {
  const fields = new Set<string>();
  const walk = (node: unknown, path: string, root: boolean): void => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => walk(item, at(path, i), false));
      return;
    }
    if (node === null || typeof node !== "object") {
      if (typeof node === "function" || typeof node === "symbol" || typeof node === "bigint" || (typeof node === "number" && !Number.isFinite(node))) {
        throw new LibraryInputError(`${fn}: ${path} is ${describe(node)}: a rule holds only JSON values (numbers, text, true/false, null, arrays, operations)`);
      }
      return;
    }
    if (!isPlainObject(node)) throw new LibraryInputError(`${fn}: ${path} is ${describe(node)}: a rule holds only JSON values and {operator: arguments} objects`);
    const keys = Object.keys(node);
    if (keys.length === 0) {
      if (root) return; // the empty rule: everyone
      throw new LibraryInputError(`${fn}: ${path} is an empty object {}: inside a rule every object is one operation, such as {"<": [{"var": "tenure_days"}, 90]}`);
    }
    if (keys.length > 1) {
      throw new LibraryInputError(
        `${fn}: ${path} has ${keys.length} keys (${keys.map((k) => JSON.stringify(k)).join(", ")}): an operation has exactly one operator; ` +
          `combine conditions with {"and": [...]} or {"or": [...]}`
      );
    }
    const op = keys[0]!;
    if (!(op in engine.methods)) {
      throw new LibraryInputError(
        `${fn}: unknown operator ${JSON.stringify(op)} at ${path}: use and, or, !, ==, ===, !=, !==, <, <=, >, >=, in, var (or another JSONLogic operator)`
      );
    }
    const args = node[op];
    const here = at(path, op);
    if (op === "var") {
      const name = Array.isArray(args) ? args[0] : args;
      if (typeof name !== "string" || name === "") {
        throw new LibraryInputError(`${fn}: ${here} is ${describe(name)}: {"var": "field_name"} names a field as text`);
      }
      fields.add(name);
      if (Array.isArray(args)) args.slice(1).forEach((a, i) => walk(a, at(here, i + 1), false));
      return;
    }
    walk(args, here, false);
  };
  walk(rule, "rule", true);
  return [...fields];
}

const compiled = new WeakMap<object, (row: Record<string, unknown>) => unknown>();

function isEmptyRule(rule: unknown): boolean {
  return isPlainObject(rule) && Object.keys(rule).length === 0;
}

/** The rule as a compiled function of a row (cached per rule object). */
function compile(rule: Rule, fn: string): (row: Record<string, unknown>) => boolean {
  if (rule === undefined || rule === null || (typeof rule !== "object" && typeof rule !== "boolean")) {
    throw new LibraryInputError(`${fn}: the rule is ${describe(rule)}: expected a JSONLogic object such as {"<": [{"var": "tenure_days"}, 90]}, or {} for everyone`);
  }
  ruleFields(rule, fn);
  if (isEmptyRule(rule)) return () => true;
  if (typeof rule === "boolean") return () => rule;
  let f = compiled.get(rule);
  if (!f) {
    f = engine.build(rule) as (row: Record<string, unknown>) => unknown;
    compiled.set(rule, f);
  }
  const run = f;
  return (row) => {
    try {
      return !!engine.truthy(run(row));
    } catch (e) {
      throw new LibraryInputError(`${fn}: the rule could not be evaluated on ${describe(row)}: ${ruleError(e)}`);
    }
  };
}

/** json-logic-engine throws plain objects ({type, key}) and NaN for values it cannot compare. */
function ruleError(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (typeof e === "number" && Number.isNaN(e)) return "a comparison met a value that is not a number (text compared with a number?)";
  if (e && typeof e === "object" && "type" in e) return `${String((e as {type: unknown}).type)}${"key" in e ? ` ${JSON.stringify((e as {key: unknown}).key)}` : ""}`;
  return String(e);
}

/**
 * Whether one customer (a plain object of fields) matches the rule. `{}` matches everyone. A field the rule reads
 * and the row lacks is an error (JSONLogic would read it as null, and compare null as 0).
 */
export function applyRule(rule: Rule, row: Record<string, unknown>): boolean {
  const fn = "applyRule";
  const f = compile(rule, fn);
  if (!row || typeof row !== "object") throw new LibraryInputError(`${fn}: row is ${describe(row)}: expected one customer as an object of fields`);
  for (const field of ruleFields(rule, fn)) {
    if (!(field in row)) {
      throw new LibraryInputError(`${fn}: the rule reads "${field}", which this row does not have (fields: ${Object.keys(row).join(", ")})`);
    }
  }
  return f(row);
}

function checkFields(t: ColumnTable, rule: Rule, fn: string): void {
  const names = t.columnNames();
  for (const field of ruleFields(rule, fn)) {
    if (!names.includes(field)) {
      throw new LibraryInputError(
        `${fn}: the rule reads "${field}", which the table has no column for (columns: ${names.join(", ")}). ` +
          `JSONLogic would read it as null and compare it as 0, so check the field's name`
      );
    }
  }
}

function checkTable(t: unknown, fn: string): asserts t is ColumnTable {
  if (!t || typeof (t as ColumnTable).columnNames !== "function" || typeof (t as ColumnTable).objects !== "function") {
    throw new LibraryInputError(`${fn}: customers must be an arquero table (such as loyaltyCustomers()), got ${describe(t)}`);
  }
}

// Masks already computed, per table and rule (as JSON text: a rule object may change after it was used). arquero
// tables are immutable, so a table's masks stay right; a page asks for the same segment's mask many times.
const maskCache = new WeakMap<ColumnTable, Map<string, Uint8Array>>();

/** 1 for each row of the table the rule selects, 0 for the others, in the table's row order. */
export function segmentMask(customers: ColumnTable, rule: Rule): Uint8Array {
  const fn = "segmentMask";
  checkTable(customers, fn);
  const f = compile(rule, fn);
  checkFields(customers, rule, fn);
  const key = JSON.stringify(rule);
  let cached = maskCache.get(customers);
  const hit = cached?.get(key);
  if (hit) return hit.slice();
  const fields = ruleFields(rule, fn);
  const cols = fields.map((name) => columnValues(customers, name));
  const n = customers.numRows();
  const mask = new Uint8Array(n);
  const row: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < fields.length; k++) row[fields[k]!] = cols[k]![i];
    mask[i] = f(row) ? 1 : 0;
  }
  if (!cached) maskCache.set(customers, (cached = new Map()));
  cached.set(key, mask);
  return mask.slice();
}

/** The rows of the table the rule selects (a filtered copy, in the table's order), as an arquero table. */
export function segmentMembers(customers: ColumnTable, rule: Rule): ColumnTable {
  const mask = segmentMask(customers, rule);
  const idx: number[] = [];
  for (let i = 0; i < mask.length; i++) if (mask[i]) idx.push(i);
  return takeRows(customers, idx);
}
