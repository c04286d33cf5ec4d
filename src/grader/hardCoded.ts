// The "hard-coded answer" `validate` tries on every exercise whose values are plain data: the solution's values
// pasted into the exercise cell as literals, as a student who copied the numbers off a classmate's screen (or off
// the page) would. A check that only compares the values with what it expects passes this; a check that probes
// (runs the student's code again on other inputs, probe.ts) or reads how the answer behaves catches it.

/** Above this many characters a pasted answer is not something a student would type; such exercises are skipped. */
const MAX_CHARS = 2_000_000;

/**
 * The local name a pasted model is loaded with: an alias no notebook uses, so the pasted cell cannot clash with a
 * notebook cell that imports loadModel itself (a clash would fail for the wrong reason and count as caught).
 */
export const PASTED_LOADER = "loadPastedModel$";

/** The exercise cell that defines each value as a literal, or why the values cannot be written as literals. */
export function hardCodedSource(values: Record<string, unknown>): string | {reason: string} {
  const names = Object.keys(values);
  if (!names.length) return {reason: "the exercise defines no values"};
  const lines: string[] = [];
  let size = 0;
  let models = false;
  for (const name of names) {
    const text = literal(values[name], new Set());
    models ||= text?.includes(`${PASTED_LOADER}(`) ?? false;
    if (text === undefined) return {reason: `\`${name}\` is not plain data (a function, a model, a table or a page element cannot be typed in)`};
    size += text.length;
    if (size > MAX_CHARS) return {reason: `the values are too large to type in (more than ${MAX_CHARS.toLocaleString("en")} characters)`};
    lines.push(`const ${name} = ${text};`);
  }
  if (models) lines.unshift(`import {loadModel as ${PASTED_LOADER}} from "drillbook";`);
  return lines.join("\n");
}

/** JavaScript source that evaluates to `value`, or undefined when it has behaviour or a class of its own. */
export function literal(value: unknown, seen: Set<object>): string | undefined {
  switch (typeof value) {
    case "number":
      return Object.is(value, -0) ? "-0" : String(value);
    case "string":
    case "boolean":
      return JSON.stringify(value);
    case "bigint":
      return `${value}n`;
    case "undefined":
      return "undefined";
    case "object":
      break;
    default:
      return undefined;
  }
  if (value === null) return "null";
  if (seen.has(value)) return undefined; // a circular structure cannot be typed in
  seen.add(value);
  try {
    if (ArrayBuffer.isView(value)) {
      if (value instanceof DataView) return undefined;
      const items = Array.from(value as unknown as ArrayLike<number | bigint>, (x) => literal(x, seen));
      return `${value.constructor.name}.from([${items.join(", ")}])`;
    }
    if (Array.isArray(value)) {
      const items = value.map((x) => literal(x, seen));
      return items.includes(undefined) ? undefined : `[${items.join(", ")}]`;
    }
    if (value instanceof Date) return `new Date(${value.getTime()})`;
    if (value instanceof Map || value instanceof Set) {
      const items = [...(value as Map<unknown, unknown>)].map((x) => literal(x, seen));
      return items.includes(undefined) ? undefined : `new ${value instanceof Map ? "Map" : "Set"}([${items.join(", ")}])`;
    }
    const model = savedModel(value);
    if (model !== undefined) return `${PASTED_LOADER}(${JSON.stringify(model)})`;
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return undefined;
    const fields: string[] = [];
    for (const [k, v] of Object.entries(value)) {
      const text = literal(v, seen);
      if (text === undefined) return undefined;
      fields.push(`${JSON.stringify(k)}: ${text}`);
    }
    return `{${fields.join(", ")}}`;
  } finally {
    seen.delete(value);
  }
}

/**
 * A fitted library model's saved JSON (what saveModel writes and a classmate could send), or undefined for
 * anything else: pasted with loadModel, it is the same model without the work.
 */
function savedModel(value: object): unknown {
  const toJSON = (value as {toJSON?: unknown}).toJSON;
  if (typeof toJSON !== "function") return undefined;
  try {
    const json = toJSON.call(value) as {type?: unknown; state?: Record<string, unknown>};
    return typeof json?.type === "string" && json.state && Object.keys(json.state).length ? json : undefined;
  } catch {
    return undefined;
  }
}
