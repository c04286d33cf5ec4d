// Loads the scikit-learn reference cases from ../shared/reference (beside the repository).
import {readFileSync} from "node:fs";
import path from "node:path";
import {fileURLToPath} from "node:url";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const referenceDir = path.resolve(repoRoot, "../shared/reference");

/** Columns of a reference CSV by header name. */
export function readReferenceCsv(file: string): Record<string, number[]> {
  const [header, ...lines] = readFileSync(path.join(referenceDir, file), "utf8").trim().split(/\r?\n/);
  const names = header.split(",");
  const cols: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (const line of lines) line.split(",").forEach((v, j) => cols[names[j]].push(Number(v)));
  return cols;
}

/** Rows [[a, b, ...], ...] of the given columns. */
export function rowsOf(cols: Record<string, number[]>, names: string[]): number[][] {
  return cols[names[0]].map((_, i) => names.map((n) => cols[n][i]));
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const expected: any = JSON.parse(readFileSync(path.join(referenceDir, "expected.json"), "utf8")).cases;

/** |a - b| <= tol * max(|b|, tiny) */
export function relClose(a: number, b: number, tol: number): boolean {
  return Math.abs(a - b) <= tol * Math.max(Math.abs(b), 1e-300);
}
