// Shared by every model's toJSON/fromJSON: build the plain-JSON envelope and read numbers back with checks.
// Kept apart from persist.ts so models can use it without importing the registry (no import cycle).
import {z} from "zod";
import {LibraryInputError, type ModelJSON, type ModelMeta} from "./base.js";

/** Turn typed arrays (and nested arrays of them) into plain arrays so JSON.stringify keeps them as lists. */
export function plain(value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>);
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = plain(v);
    return out;
  }
  if (typeof value === "number" && !Number.isFinite(value)) return null; // JSON has no NaN/Infinity
  return value;
}

/** Feature names saved with a model: given ones, or x0, x1, ... */
export function defaultFeatureNames(p: number, names?: readonly string[]): string[] {
  if (names && names.length === p) return [...names];
  return Array.from({length: p}, (_, j) => `x${j}`);
}

/** What every saved model looks like (loadModel checks a file against it; composite models check their inner ones). */
export const modelEnvelope = z.object({
  format: z.literal("drillbook-model"),
  formatVersion: z.literal(1),
  type: z.string(),
  params: z.record(z.string(), z.unknown()),
  state: z.record(z.string(), z.unknown()),
  meta: z.object({
    featureNames: z.array(z.string()),
    summary: z.record(z.string(), z.unknown()),
    savedAt: z.string().optional()
  })
});

/** Build a model's JSON envelope. */
export function modelJSON(
  type: string,
  params: Record<string, unknown>,
  state: Record<string, unknown>,
  meta: Partial<ModelMeta> = {}
): ModelJSON {
  return {
    format: "drillbook-model",
    formatVersion: 1,
    type,
    params: plain(params) as Record<string, unknown>,
    state: plain(state) as Record<string, unknown>,
    meta: {featureNames: meta.featureNames ?? [], summary: (plain(meta.summary ?? {}) as Record<string, unknown>), ...(meta.savedAt ? {savedAt: meta.savedAt} : {})}
  };
}

/** Parse a model's `state` (or `params`) with a zod schema; errors name the model and the bad field. */
export function parseState<T extends z.ZodTypeAny>(type: string, part: "state" | "params", schema: T, value: unknown): z.infer<T> {
  const r = schema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0];
    const where = issue.path.length ? `${part}.${issue.path.join(".")}` : part;
    throw new LibraryInputError(`cannot load ${type}: ${where} is invalid (${issue.message})`);
  }
  return r.data;
}

/** zod schema for a list of finite numbers. */
export const numbers = z.array(z.number());
/** zod schema for a matrix of finite numbers. */
export const numberRows = z.array(z.array(z.number()));
