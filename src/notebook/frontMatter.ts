// Reads and validates a notebook's YAML front matter (id, title, summary, version).
import {parse as parseYaml} from "yaml";
import {z} from "zod";
import {NotebookError, type NotebookMeta} from "./types.js";

const metaSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "lowercase letters, digits and dashes, like kmeans-customers"),
  title: z.string().min(1, "a non-empty title"),
  summary: z.string().min(1, "a one-sentence summary"),
  version: z.number().int("a whole number").positive("a positive whole number"),
  order: z.number().optional(),
  variants: z.boolean().optional(),
  seed: z.number().int("a whole number").nonnegative("a whole number, 0 or more").optional()
});

const EXAMPLES: Record<string, string> = {
  id: "id: kmeans-customers (lowercase letters, digits and dashes)",
  title: "title: K-means customer clustering",
  summary: "summary: one sentence saying what the student will do",
  version: "version: 1 (a positive whole number; bump it when cells change)",
  order: "order: 2 (a number: lower comes first on the index)",
  variants: "variants: true (each student gets data from their own seed)",
  seed: "seed: 42 (a whole number: the data seed when no student's is given)"
};

export interface FrontMatter {
  meta: NotebookMeta;
  /** Index (0-based) of the first line after the closing `---`. */
  bodyStart: number;
}

export function readFrontMatter(lines: string[], file: string): FrontMatter {
  if (lines[0]?.trim() !== "---") {
    throw new NotebookError(file, 1, "the notebook does not start with front matter",
      "Begin the file with ---, then id, title, summary and version lines, then ---");
  }
  const end = lines.findIndex((l, i) => i > 0 && l.trim() === "---");
  if (end < 0) throw new NotebookError(file, 1, "the front matter is never closed", "Add a line with --- after the version line");
  let data: unknown;
  try {
    data = parseYaml(lines.slice(1, end).join("\n"));
  } catch (e) {
    const yamlLine = (e as {linePos?: Array<{line: number}>}).linePos?.[0]?.line ?? 0;
    throw new NotebookError(file, 1 + yamlLine, `the front matter is not valid YAML (${firstLine(e)})`,
      "Write one key: value per line");
  }
  const result = metaSchema.safeParse(data ?? {});
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const key = String(issue.path[0] ?? "");
    const at = lines.slice(1, end).findIndex((l) => l.startsWith(`${key}:`));
    const line = at >= 0 ? at + 2 : 1;
    const problem = at >= 0 ? `front matter "${key}" is invalid` : `front matter has no "${key}"`;
    throw new NotebookError(file, line, problem, `Write it as ${EXAMPLES[key] ?? key + ": ..."}`);
  }
  return {meta: result.data, bodyStart: end + 1};
}

function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split("\n")[0]!;
}
