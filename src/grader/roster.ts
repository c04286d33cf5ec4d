// The course's roster (--roster): one student id a line, a CSV whose first column holds them, or a Canvas
// gradebook export (its ID, SIS User ID and SIS Login ID columns; canvas.ts reads the rest of it).
import {readFileSync} from "node:fs";
import {readCanvasRoster, type CanvasRoster} from "./canvas.js";
import {UsageError} from "./usage.js";

/**
 * Student ids from a roster file: one a line, or a CSV whose first column holds them (a header row is fine), or
 * a Canvas gradebook export (its ID, SIS User ID and SIS Login ID columns).
 */
export function readRoster(file: string): Set<string> {
  const text = readRosterText(file);
  return rosterIds(text, readCanvasRoster(text), file);
}

export function readRosterText(file: string): string {
  try {
    return readFileSync(file, "utf8").replace(/^\uFEFF/, "");
  } catch (e) {
    throw new UsageError(`cannot read the roster ${file}: ${(e as Error).message}`);
  }
}

export function rosterIds(text: string, canvas: CanvasRoster | null, file: string): Set<string> {
  // A Canvas roster is keyed lower-case; submissions' ids keep their case, so both spellings are listed.
  const ids = canvas
    ? [...new Set([...canvas.values()].flatMap((s) => [s.ID, s["SIS User ID"], s["SIS Login ID"]]).filter(Boolean))]
    : text.split(/\r?\n/).map((line) => line.split(",")[0]!.trim().replace(/^"(.*)"$/, "$1")).filter(Boolean);
  if (!ids.length) throw new UsageError(`the roster ${file} lists no students`);
  return new Set(ids);
}
