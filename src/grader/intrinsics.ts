// Finds every change a submission makes to the built-ins of its own realm (the student's side of grading).
//
// Nothing there is locked: checks run in another realm (src/runtime/split.ts), so a patched prototype can only
// garble the submission's own report. What matters is that no attempt goes unseen. Before any student code runs,
// this takes a snapshot of every global and what hangs off it (constructors, their prototypes, namespaces, the
// iterator prototypes, DOM interfaces), then compares the live objects with it: a replaced method, an added key
// (`Symbol.hasInstance` on a constructor), a changed prototype or a rebound global all show. The comparison uses
// only functions captured with the snapshot and plain indexed loops, so patching Reflect, iterators or
// Array.prototype afterwards cannot blind it.
//
// The comparison runs often, so it is linear: an object whose keys are the snapshot's, in the same order (what
// Reflect.ownKeys gives an object nobody added to or deleted from), is compared key by key in place, and only
// one whose keys differ is searched for the added ones. A full pass covers about 1,500 objects and 14,000 keys in
// Chromium 156, most of them the DOM's interfaces; the language's own built-ins, the global bindings and the
// library are a tenth of that, the "core". The student's side compares the core after every exercise cell's run
// and twice a second while the notebook runs (so a patch one exercise makes and a later one undoes still shows),
// and everything when the run ends and twice a second before and after it (so a patch of a DOM interface shows
// unless it is made and undone while the notebook runs). (Measured in that
// Chromium on this 2-core machine: a full pass took 10 to 160 ms when every key was searched for among the
// snapshot's, 2 to 10 ms in place; the full passes after every exercise were still 40 to 90 ms of a
// hidden-segments submission. The snapshot, once per student frame: 70 to 200 ms with a linear search for objects
// already watched, 12 to 20 ms with a WeakSet.)

interface Entry {
  target: object;
  label: string;
  /** Compared in core passes too (see above). */
  core: boolean;
  proto: object | null;
  keys: PropertyKey[];
  /** value, get, set and flags of each key, four slots per key. */
  slots: unknown[];
}

// Captured when this module loads, before any student code: later patches of these cannot blind the comparison.
const ownKeys = Reflect.ownKeys;
const getDescriptor = Object.getOwnPropertyDescriptor;
const getPrototypeOf = Object.getPrototypeOf;
const same = Object.is;
const apply = Reflect.apply;
const weakSetHas = WeakSet.prototype.has;
const weakSetAdd = WeakSet.prototype.add;
const symbolDescription = getDescriptor(Symbol.prototype, "description")!.get!;

export interface IntrinsicsWatch {
  /** Watch more objects from now on, in the core (a library's exports once it loads). */
  add(target: object, label: string): void;
  /**
   * What changed since the snapshot, each change once ("Array.prototype.forEach", "KMeans[Symbol.hasInstance]"),
   * among every object watched, or only the core ones.
   */
  changes(scope?: "all" | "core"): string[];
}

/** The language's global objects (ECMA-262 and ECMA-402): with the global bindings and the library, the core. */
const LANGUAGE_GLOBALS = new Set([
  "Object", "Function", "Array", "Number", "Boolean", "String", "Symbol", "BigInt", "Date", "Promise", "RegExp", "Error",
  "AggregateError", "EvalError", "RangeError", "ReferenceError", "SyntaxError", "TypeError", "URIError", "JSON", "Math",
  "Intl", "Reflect", "Proxy", "ArrayBuffer", "SharedArrayBuffer", "DataView", "Atomics", "Map", "Set", "WeakMap", "WeakSet",
  "WeakRef", "FinalizationRegistry", "Iterator", "Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array",
  "Int32Array", "Uint32Array", "Float16Array", "Float32Array", "Float64Array", "BigInt64Array", "BigUint64Array",
  "parseInt", "parseFloat", "isNaN", "isFinite", "encodeURI", "encodeURIComponent", "decodeURI", "decodeURIComponent", "eval"
]);

export function watchIntrinsics(): IntrinsicsWatch {
  const entries: Entry[] = [];
  const watched = new WeakSet<object>();
  const reported: string[] = [];
  const add = (target: unknown, label: string, core: boolean) => {
    if ((typeof target !== "object" && typeof target !== "function") || target === null) return;
    if (apply(weakSetHas, watched, [target])) return;
    apply(weakSetAdd, watched, [target]);
    try {
      entries[entries.length] = snapshot(target, label, core);
    } catch {
      // A cross-origin window (parent, top) refuses to be read: it is not this realm's to patch anyway.
    }
  };
  const names = ownKeys(globalThis);
  add(globalThis, "globalThis", true);
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    if (typeof name !== "string") continue;
    const d = getDescriptor(globalThis, name);
    if (!d || !("value" in d)) continue;
    const value = d.value as {prototype?: unknown} | null;
    const core = LANGUAGE_GLOBALS.has(name);
    add(value, name, core);
    if (typeof value === "function") add(value.prototype, `${name}.prototype`, core);
  }
  // Prototypes no global names.
  const iteratorOf = (x: {[Symbol.iterator](): unknown}) => getPrototypeOf(x[Symbol.iterator]());
  add(iteratorOf([]), "%ArrayIteratorPrototype%", true);
  add(getPrototypeOf(iteratorOf([])), "%IteratorPrototype%", true);
  add(iteratorOf(new Map()), "%MapIteratorPrototype%", true);
  add(iteratorOf(new Set()), "%SetIteratorPrototype%", true);
  add(iteratorOf(""), "%StringIteratorPrototype%", true);
  add(getPrototypeOf("".matchAll(/./g)), "%RegExpStringIteratorPrototype%", true);
  const generator = function* () {};
  add(getPrototypeOf(generator), "%GeneratorFunction.prototype%", true);
  add(getPrototypeOf(generator()), "%GeneratorPrototype%", true);
  add(getPrototypeOf(getPrototypeOf(generator())), "%GeneratorPrototype%'s prototype", true);
  add(getPrototypeOf(Int8Array), "%TypedArray%", true);
  add(getPrototypeOf(Int8Array.prototype), "%TypedArray%.prototype", true);
  add(getPrototypeOf(async () => {}), "%AsyncFunction.prototype%", true);

  return {
    add: (target, label) => add(target, label, true),
    changes(scope = "all") {
      const found: string[] = [];
      for (let i = 0; i < entries.length; i++) {
        if (scope === "core" && !entries[i]!.core) continue;
        try {
          compare(entries[i]!, found);
        } catch {
          found[found.length] = `${entries[i]!.label} (cannot be read any more)`;
        }
      }
      const fresh: string[] = [];
      for (let i = 0; i < found.length; i++) {
        let known = false;
        for (let j = 0; j < reported.length; j++) if (reported[j] === found[i]) known = true;
        if (!known) {
          reported[reported.length] = found[i]!;
          fresh[fresh.length] = found[i]!;
        }
      }
      return fresh;
    }
  };
}

function snapshot(target: object, label: string, core: boolean): Entry {
  const keys = ownKeys(target);
  const slots: unknown[] = [];
  for (let i = 0; i < keys.length; i++) record(slots, getDescriptor(target, keys[i]!));
  return {target, label, core, proto: getPrototypeOf(target), keys, slots};
}

function record(slots: unknown[], d: PropertyDescriptor | undefined): void {
  const n = slots.length;
  slots[n] = d?.value;
  slots[n + 1] = d?.get;
  slots[n + 2] = d?.set;
  slots[n + 3] = d ? (d.writable ? 1 : 0) | (d.enumerable ? 2 : 0) | (d.configurable ? 4 : 0) : -1;
}

function compare(entry: Entry, found: string[]): void {
  const {target, label} = entry;
  const push = (what: string) => (found[found.length] = what);
  if (getPrototypeOf(target) !== entry.proto) push(`${label} (its prototype)`);
  const global = label === "globalThis";
  const now = ownKeys(target);
  let sameKeys = now.length === entry.keys.length;
  for (let i = 0; sameKeys && i < now.length; i++) if (now[i] !== entry.keys[i]) sameKeys = false;
  // Keys added since the snapshot (a new global is no patch: libraries and pages add them).
  for (let i = 0; i < now.length && !global && !sameKeys; i++) {
    let known = false;
    for (let j = 0; j < entry.keys.length; j++) {
      if (entry.keys[j] === now[i]) {
        known = true;
        break;
      }
    }
    if (!known) push(nameOf(label, now[i]!));
  }
  // Keys changed or deleted.
  for (let j = 0; j < entry.keys.length; j++) {
    const key = entry.keys[j]!;
    const s = j * 4;
    // A global that held a plain value is page state (a counter, a flag), not a built-in.
    if (global && typeof entry.slots[s] !== "function" && (typeof entry.slots[s] !== "object" || entry.slots[s] === null)) continue;
    const d = getDescriptor(target, key);
    const flags = d ? (d.writable ? 1 : 0) | (d.enumerable ? 2 : 0) | (d.configurable ? 4 : 0) : -1;
    if (!same(d?.value, entry.slots[s]) || d?.get !== entry.slots[s + 1] || d?.set !== entry.slots[s + 2] || flags !== entry.slots[s + 3]) {
      push(nameOf(label, key));
    }
  }
}

function nameOf(label: string, key: PropertyKey): string {
  if (typeof key === "symbol") return `${label}[${apply(symbolDescription, key, []) as string}]`;
  return `${label}.${key}`;
}
