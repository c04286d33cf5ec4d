// A cheap fingerprint of a value's contents, to notice that student code changed a value a notebook cell
// computed (`FEATURES.push(...)`, `model.coef = ...`, a table's column overwritten), however it did it: own
// properties, array elements, typed-array bytes, Map and Set entries, property kinds and prototypes all count.
// Typed arrays are hashed through their bytes, so a 472,000-row table's columns cost a few milliseconds each.

/** Values beyond this many elements are not fingerprinted (undefined): watching them would cost too much. */
const BUDGET = 50_000_000;

export function fingerprint(value: unknown, budget = BUDGET): number | undefined {
  let h = 0x811c9dc5;
  let spent = 0;
  const mix = (x: number) => {
    h = Math.imul(h ^ x, 16777619) >>> 0;
  };
  const scratch = new Float64Array(1);
  const words = new Uint32Array(scratch.buffer);
  const mixNumber = (n: number) => {
    scratch[0] = n;
    mix(words[0]!);
    mix(words[1]!);
  };
  const mixString = (s: string) => {
    mix(s.length);
    for (let i = 0; i < s.length; i++) mix(s.charCodeAt(i));
  };
  const prototypes: object[] = [];
  const seen = new Map<object, number>();
  const walk = (v: unknown): boolean => {
    if (++spent > budget) return false;
    switch (typeof v) {
      case "number":
        mix(1);
        mixNumber(v);
        return true;
      case "string":
        mix(2);
        mixString(v);
        return true;
      case "boolean":
        mix(v ? 3 : 4);
        return true;
      case "undefined":
        mix(5);
        return true;
      case "bigint":
        mix(6);
        mixString(v.toString());
        return true;
      case "symbol":
        mix(7);
        mixString(String(v.description));
        return true;
      case "function":
        // A function's identity is what can change (a method replaced): count which one it is, not its code.
        mix(8);
        return identity(v);
    }
    if (v === null) {
      mix(9);
      return true;
    }
    const o = v as object;
    if (seen.has(o)) {
      mix(10);
      mix(seen.get(o)!);
      return true;
    }
    seen.set(o, seen.size);
    if (ArrayBuffer.isView(o)) {
      const bytes = new Uint8Array(o.buffer, o.byteOffset, o.byteLength);
      spent += bytes.length >> 3;
      if (spent > budget) return false;
      mix(11);
      mix(bytes.length);
      const whole = bytes.length >> 2;
      const view = o.byteOffset % 4 === 0 ? new Uint32Array(o.buffer, o.byteOffset, whole) : null;
      if (view) for (let i = 0; i < whole; i++) mix(view[i]!);
      for (let i = view ? whole * 4 : 0; i < bytes.length; i++) mix(bytes[i]!);
      return true;
    }
    identity(Object.getPrototypeOf(o));
    if (o instanceof Map) {
      mix(12);
      for (const [k, val] of o) if (!walk(k) || !walk(val)) return false;
    } else if (o instanceof Set) {
      mix(13);
      for (const item of o) if (!walk(item)) return false;
    } else if (o instanceof Date) {
      mixNumber(o.getTime());
    }
    for (const key of Reflect.ownKeys(o)) {
      const d = Object.getOwnPropertyDescriptor(o, key)!;
      mixString(String(key));
      mix((d.enumerable ? 1 : 0) | (d.writable ? 2 : 0) | (d.configurable ? 4 : 0));
      if ("value" in d) {
        if (!walk(d.value)) return false;
      } else {
        // An accessor: its functions count, never its result (reading it could run student code).
        identity(d.get);
        identity(d.set);
      }
    }
    return true;
  };
  const identity = (x: unknown): boolean => {
    if (x === null || x === undefined) {
      mix(14);
      return true;
    }
    let i = prototypes.indexOf(x as object);
    if (i < 0) i = prototypes.push(x as object) - 1;
    mix(15 + i);
    // Different functions or prototypes at the same position differ in name at least most of the time.
    if (typeof x === "function") mixString((x as {name?: string}).name ?? "");
    else mixString(String((x as {constructor?: {name?: string}}).constructor?.name ?? ""));
    return true;
  };
  return walk(value) ? h : undefined;
}
