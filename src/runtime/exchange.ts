// What crosses from the realm where student code ran to the realm where checks run: data only.
//
// The student's side encodes each exercise value into a tree of plain data that the structured clone algorithm
// (postMessage) carries: numbers, strings, arrays, typed arrays, plain objects, Maps, Sets, Dates. Nothing with
// behaviour crosses: no methods, getters, proxies or prototypes. Values that need behaviour are rebuilt on the
// checks' side from their data with the checks' own, untouched code: a fitted model from its saved JSON
// (loadModel), an arquero table from its columns, a DOM element from its tag, attributes and text. A function the
// student wrote cannot cross: the checks get a stand-in that calls it back in the student's realm and resolves to
// its (encoded, then decoded) result, so a check that calls a student function awaits it.
//
// Whatever arrives is untrusted: a student controls their realm entirely and could send any data. That is no
// worse than typing an answer in, which the checks must catch anyway; what they can no longer do is reach the
// values and the code the checks use.
import * as aq from "arquero";
import {loadModel} from "../lib/persist.js";

/** Every encoded object carries this tag, so no student data can pass for another kind of value. */
const TAG = "$drillbook";

export type Encoded = unknown;

/** Limits on one encoded value, so a runaway structure is an error rather than a stalled grader. */
const MAX_NODES = 5_000_000;
const MAX_DEPTH = 64;

export class ExchangeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ExchangeError";
  }
}

/** Registers a student function and returns the id the checks' side calls it by. */
export type FunctionRegistry = (fn: (...args: unknown[]) => unknown, name: string) => number;

/** Turns a value into data the structured clone algorithm carries and `decode` rebuilds. `name` is for messages. */
export function encode(value: unknown, name: string, functions?: FunctionRegistry): Encoded {
  let nodes = 0;
  const seen = new Map<object, number>();
  const walk = (v: unknown, path: string, depth: number): Encoded => {
    if (++nodes > MAX_NODES) throw new ExchangeError(`\`${name}\` is too large to grade (more than ${MAX_NODES.toLocaleString("en")} values)`);
    if (v === null || typeof v === "number" || typeof v === "string" || typeof v === "boolean" || typeof v === "bigint") return v;
    if (v === undefined) return {[TAG]: "undefined"};
    if (typeof v === "symbol") return {[TAG]: "unsupported", what: "a symbol", path};
    if (typeof v === "function") {
      if (!functions) return {[TAG]: "unsupported", what: "a function", path};
      return {[TAG]: "function", id: functions(v as (...args: unknown[]) => unknown, path), name: path, length: (v as {length?: unknown}).length};
    }
    if (depth > MAX_DEPTH) throw new ExchangeError(`\`${name}\` is nested more than ${MAX_DEPTH} levels deep at ${path}`);
    const o = v as object;
    if (seen.has(o)) return {[TAG]: "ref", id: seen.get(o)};
    if (ArrayBuffer.isView(o)) return o instanceof DataView ? {[TAG]: "unsupported", what: "a DataView", path} : copyTypedArray(o);
    if (o instanceof Date) return {[TAG]: "date", time: o.getTime()};
    if (o instanceof RegExp) return {[TAG]: "regexp", source: o.source, flags: o.flags};
    if (isPromiseLike(o)) return {[TAG]: "unsupported", what: "a Promise (await it in your cell)", path};
    const id = seen.size;
    seen.set(o, id);
    if (Array.isArray(o)) {
      const out = new Array<Encoded>(o.length);
      for (let i = 0; i < o.length; i++) out[i] = walk(o[i], `${path}[${i}]`, depth + 1);
      return {[TAG]: "array", id, items: out};
    }
    if (o instanceof Map) {
      const entries: Array<[Encoded, Encoded]> = [];
      for (const [k, val] of o) entries.push([walk(k, `${path} key`, depth + 1), walk(val, `${path}.get(${String(k)})`, depth + 1)]);
      return {[TAG]: "map", id, entries};
    }
    if (o instanceof Set) {
      const items: Encoded[] = [];
      for (const item of o) items.push(walk(item, `${path} item`, depth + 1));
      return {[TAG]: "set", id, items};
    }
    // Before isModel: its test calls toJSON(), which for an arquero table writes every row as JSON (0.4 s for
    // 20,000 rows of 18 columns, measured on the segment-rules drill).
    if (isTable(o)) {
      const columns: Record<string, Encoded> = {};
      for (const column of o.columnNames()) columns[column] = walk(o.array(column), `${path}.${column}`, depth + 1);
      return {[TAG]: "table", id, columns};
    }
    if (isModel(o)) {
      const json = JSON.parse(JSON.stringify(o.toJSON()));
      // What a saved model leaves out (training-time results such as k-means' labels) crosses as plain fields.
      let reloaded: Record<string, unknown>;
      try {
        reloaded = loadModel(json) as unknown as Record<string, unknown>;
      } catch {
        return {[TAG]: "unsupported", what: `a ${json?.type ?? "model"} that cannot be saved (is it fitted?)`, path};
      }
      const fields: Record<string, Encoded> = {};
      for (const key of Object.keys(o)) {
        if (reloaded[key] === undefined || reloaded[key] === null) fields[key] = walk((o as unknown as Record<string, unknown>)[key], `${path}.${key}`, depth + 1);
      }
      return {[TAG]: "model", id, json, fields};
    }
    if (isElement(o)) {
      const attributes: Record<string, string> = {};
      for (const a of Array.from(o.attributes)) attributes[a.name] = a.value;
      return {[TAG]: "element", id, tag: o.tagName.toLowerCase(), attributes, text: o.textContent ?? ""};
    }
    if (typeof Node !== "undefined" && o instanceof Node) return {[TAG]: "unsupported", what: "a page node", path};
    // Any other object: its own enumerable properties, read here (getters run in the student's realm) as data.
    const fields: Record<string, Encoded> = {};
    for (const key of Object.keys(o)) fields[key] = walk((o as Record<string, unknown>)[key], `${path}.${key}`, depth + 1);
    const kind = Object.getPrototypeOf(o);
    const className = kind && kind !== Object.prototype ? (kind.constructor?.name as string | undefined) : undefined;
    return {[TAG]: "object", id, fields, ...(className ? {className} : {})};
  };
  return walk(value, name, 0);
}

/** Calls a student function back in its own realm; resolves to the encoded result. */
export type FunctionCaller = (id: number, args: Encoded[]) => Promise<Encoded>;

/** Rebuilds an encoded value in this realm with this realm's own constructors (and the library's loadModel). */
export function decode(data: Encoded, call?: FunctionCaller): unknown {
  const refs = new Map<number, unknown>();
  const walk = (d: unknown): unknown => {
    if (d === null || typeof d !== "object") return d;
    if (ArrayBuffer.isView(d)) return d;
    const t = (d as Record<string, unknown>)[TAG];
    const e = d as Record<string, unknown>;
    const keep = <T>(value: T): T => {
      if (typeof e.id === "number") refs.set(e.id, value);
      return value;
    };
    switch (t) {
      case "undefined":
        return undefined;
      case "ref":
        return refs.get(e.id as number);
      case "date":
        return new Date(e.time as number);
      case "regexp":
        return new RegExp(String(e.source), String(e.flags));
      case "array": {
        const out = keep([] as unknown[]);
        for (const item of e.items as unknown[]) out.push(walk(item));
        return out;
      }
      case "map": {
        const out = keep(new Map());
        for (const [k, v] of e.entries as Array<[unknown, unknown]>) out.set(walk(k), walk(v));
        return out;
      }
      case "set": {
        const out = keep(new Set());
        for (const item of e.items as unknown[]) out.add(walk(item));
        return out;
      }
      case "object": {
        const out = keep({} as Record<string, unknown>);
        for (const [k, v] of Object.entries(e.fields as Record<string, unknown>)) out[k] = walk(v);
        return out;
      }
      case "model": {
        const model = keep(loadModel(e.json as Parameters<typeof loadModel>[0])) as unknown as Record<string, unknown>;
        for (const [k, v] of Object.entries((e.fields ?? {}) as Record<string, unknown>)) {
          if (model[k] === undefined || model[k] === null) model[k] = walk(v);
        }
        return model;
      }
      case "table": {
        const columns: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(e.columns as Record<string, unknown>)) columns[k] = walk(v);
        return keep(aq.table(columns as Record<string, unknown[]>));
      }
      case "element":
        return keep(rebuildElement(String(e.tag), e.attributes as Record<string, string>, String(e.text)));
      case "function":
        return keep(standIn(e, call));
      case "unsupported":
        return new Unsupported(String(e.what), String(e.path));
      default:
        throw new ExchangeError(`unreadable value from the student's side (tag ${JSON.stringify(t)})`);
    }
  };
  return walk(data);
}

/** A value that cannot be graded as data (a symbol, a pending promise, ...): checks see this and fail on it. */
export class Unsupported {
  constructor(readonly what: string, readonly path: string) {}
  toString(): string {
    return `${this.what} (${this.path}), which cannot be graded`;
  }
}

function standIn(e: Record<string, unknown>, call: FunctionCaller | undefined): (...args: unknown[]) => Promise<unknown> {
  const id = e.id as number;
  const name = String(e.name);
  const fn = async (...args: unknown[]) => {
    if (!call) throw new ExchangeError(`\`${name}\` is a function, and functions cannot be graded here`);
    return decode(await call(id, args.map((a, i) => encode(a, `argument ${i + 1} of ${name}`))), call);
  };
  Object.defineProperty(fn, "name", {value: name});
  Object.defineProperty(fn, "length", {value: typeof e.length === "number" ? e.length : 0});
  return fn;
}

function copyTypedArray(view: ArrayBufferView): ArrayBufferView {
  const Ctor = view.constructor as new (a: ArrayLike<number>) => ArrayBufferView;
  // A copy with its own buffer: structured clone would otherwise carry the whole underlying buffer.
  return new Ctor(view as unknown as ArrayLike<number>);
}

function isPromiseLike(o: object): boolean {
  return typeof (o as {then?: unknown}).then === "function";
}

interface ModelLike {
  toJSON(): {format?: unknown};
}

function isModel(o: object): o is ModelLike {
  if (typeof (o as ModelLike).toJSON !== "function") return false;
  try {
    return (o as ModelLike).toJSON()?.format === "drillbook-model";
  } catch {
    return false;
  }
}

interface TableLike {
  columnNames(): string[];
  array(name: string): unknown;
  numRows(): number;
}

function isTable(o: object): o is TableLike {
  const t = o as TableLike;
  return typeof t.columnNames === "function" && typeof t.array === "function" && typeof t.numRows === "function";
}

function isElement(o: object): o is Element {
  return typeof Element !== "undefined" && o instanceof Element;
}

function rebuildElement(tag: string, attributes: Record<string, string>, text: string): Element {
  if (typeof document === "undefined") throw new ExchangeError(`a <${tag}> element cannot be rebuilt without a page`);
  const element = document.createElement(/^[a-z][a-z0-9-]*$/.test(tag) ? tag : "span");
  // Event handlers stay behind: an element rebuilt for a check is read, never run.
  for (const [k, v] of Object.entries(attributes)) if (!/^on/i.test(k)) element.setAttribute(k, v);
  element.textContent = text;
  return element;
}
