// Runs in the grading page before any student code: makes the built-ins the checks and the engine rely on
// read-only, so a submission cannot make a check pass by patching them (`Object.is = () => true` would make
// every assert.equal pass; `Function.prototype.apply` is how the runtime calls a check).
//
// - Constructors and namespaces (Object, Array, Math, JSON, Promise, ...) and their prototypes are frozen,
//   and their global bindings made read-only (`globalThis.Math = ...` is ignored).
// - Object.prototype and Function.prototype are frozen too, after turning their methods into accessors: every
//   object inherits them, and library code assigns `proto.toString = ...` on its own objects (d3-color does),
//   which a plain frozen data property would refuse ("the override mistake"). The accessor's setter defines the
//   property on the object assigned to, as a writable data property would have, and refuses only the built-in
//   itself. SES's lockdown() does the same with a curated list; we apply it to these two objects only.
// - Error and RegExp stay unfrozen: libraries and the engine set `error.name` and `Error.stackTraceLimit`.
// What this does not stop: a submission mutating values that instructor cells computed (docs/grading.md).

const CONSTRUCTORS = [
  "Object", "Function", "Array", "Number", "String", "Boolean", "Symbol", "BigInt", "Promise", "Map", "Set",
  "WeakMap", "WeakSet", "ArrayBuffer", "DataView", "Date", "Proxy", "Int8Array", "Uint8Array", "Uint8ClampedArray",
  "Int16Array", "Uint16Array", "Int32Array", "Uint32Array", "Float32Array", "Float64Array", "BigInt64Array",
  "BigUint64Array"
] as const;
const NAMESPACES = ["Math", "JSON", "Reflect", "Atomics"] as const;
/** Globals the engine itself calls while it runs student code (compiling bodies, the loop guard, settling). */
const ENGINE_GLOBALS = ["eval", "setTimeout", "clearTimeout", "queueMicrotask", "structuredClone"] as const;

/** What a submission tried to change (recorded by the accessors' setters), for the grader's report. */
export const attempts: string[] = [];

/**
 * `report` hears each attempt as it happens. The student's side passes a console.warn it bound before any student
 * code ran: the grader reads the console through the browser's debugging protocol, which no page script can
 * empty or patch, so a submission that also rewrites `attempts` or the iterators cannot hide what it tried.
 */
let report: (what: string) => void = () => {};

export function harden(onAttempt?: (what: string) => void): void {
  if (onAttempt) report = onAttempt;
  const g = globalThis as unknown as Record<string, unknown>;
  const define = Object.defineProperty;
  const freeze = Object.freeze;
  const tamed: Array<[object, string]> = [[Object.prototype, "Object.prototype"], [Function.prototype, "Function.prototype"]];
  for (const [proto, label] of tamed) tameOverrides(proto, label, define);

  const typedArray = Object.getPrototypeOf(Int8Array) as {prototype: object};
  const frozen = new Set<object>([typedArray, typedArray.prototype]);
  for (const name of CONSTRUCTORS) {
    const ctor = g[name] as {prototype?: object} | undefined;
    if (!ctor) continue;
    frozen.add(ctor);
    if (ctor.prototype) frozen.add(ctor.prototype);
  }
  for (const name of NAMESPACES) if (g[name]) frozen.add(g[name] as object);
  for (const o of frozen) freeze(o);

  for (const name of [...CONSTRUCTORS, ...NAMESPACES, ...ENGINE_GLOBALS, "globalThis"]) {
    const d = Object.getOwnPropertyDescriptor(globalThis, name);
    if (d && "value" in d && d.configurable) define(globalThis, name, {value: d.value, writable: false, enumerable: d.enumerable, configurable: false});
  }
}

function tameOverrides(proto: object, label: string, define: typeof Object.defineProperty): void {
  for (const key of Reflect.ownKeys(proto)) {
    const d = Object.getOwnPropertyDescriptor(proto, key)!;
    if (!("value" in d) || !d.writable || !d.configurable) continue;
    const value: unknown = d.value;
    const name = `${label}.${String(key)}`;
    define(proto, key, {
      enumerable: d.enumerable,
      configurable: false,
      get() {
        return value;
      },
      set(this: unknown, next: unknown) {
        if (this === proto || typeof this !== "object" && typeof this !== "function" || this === null) {
          attempts.push(name);
          report(name);
          throw new TypeError(`${name} cannot be changed while grading: the checks rely on it`);
        }
        define(this, key, {value: next, writable: true, enumerable: true, configurable: true});
      }
    });
  }
}
