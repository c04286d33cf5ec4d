// The scikit-learn reference cases, committed in tests/fixtures/sklearn (see its README and make_reference.py).
import {readFileSync} from "node:fs";

const referenceDir = new URL("../../fixtures/sklearn/", import.meta.url);

function readText(file: string): string {
  return readFileSync(new URL(file, referenceDir), "utf8");
}

/** Columns of a reference CSV by header name. */
export function readReferenceCsv(file: string): Record<string, number[]> {
  const [header, ...lines] = readText(file).trim().split(/\r?\n/);
  const names = header!.split(",");
  const cols: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (const line of lines) line.split(",").forEach((v, j) => cols[names[j]!]!.push(Number(v)));
  return cols;
}

/** Rows [[a, b, ...], ...] of the given columns. */
export function rowsOf(cols: Record<string, number[]>, names: string[]): number[][] {
  return cols[names[0]!]!.map((_, i) => names.map((n) => cols[n]![i]!));
}

/** A case's features (every column but the last) and target (the last column), as the model tests take them. */
export function featuresAndTarget(file: string): {X: number[][]; y: number[]} {
  const cols = readReferenceCsv(file);
  const names = Object.keys(cols);
  return {X: rowsOf(cols, names.slice(0, -1)), y: cols[names[names.length - 1]!]!};
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const expected: any = JSON.parse(readText("expected.json")).cases;

/** |a - b| <= tol * max(|b|, tiny) */
export function relClose(a: number, b: number, tol: number): boolean {
  return Math.abs(a - b) <= tol * Math.max(Math.abs(b), 1e-300);
}
