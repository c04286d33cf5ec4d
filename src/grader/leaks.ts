// Searches a built site for what the student build must not contain: every solution, hidden check source and
// listed wrong answer of the instructor's notebooks. Bundlers re-encode strings (JSON or JS escapes, template
// literals, HTML entities in rendered prose), so files are decoded (up to twice, for a string inside a string)
// and both sides compared with runs of whitespace collapsed.
import {readdirSync, readFileSync} from "node:fs";
import path from "node:path";
import type {Notebook} from "../notebook/types.js";

export interface Secret {
  notebook: string;
  /** What it is, for the report: `solution of "x"`, `hidden check "x/y"`, `wrong answer "label" of "x"`. */
  what: string;
  source: string;
}

export interface Leak {
  file: string;
  secret: Secret;
}

/** Shorter sources (after collapsing whitespace) are not searched: they occur in ordinary code by chance. */
export const MIN_SECRET_LENGTH = 20;

export function secretsOf(notebook: Notebook): Secret[] {
  const out: Secret[] = [];
  for (const e of notebook.exercises) {
    if (e.solution !== undefined) out.push({notebook: notebook.id, what: `solution of "${e.id}"`, source: e.solution});
    for (const c of e.hiddenChecks) out.push({notebook: notebook.id, what: `hidden check "${e.id}/${c.name}"`, source: c.source});
    for (const w of e.wrongAnswers) out.push({notebook: notebook.id, what: `wrong answer "${w.label}" of "${e.id}"`, source: w.source});
  }
  return out;
}

/** Secrets too short to search for reliably. */
export function unsearchable(secrets: Secret[]): Secret[] {
  return secrets.filter((s) => collapse(s.source).length < MIN_SECRET_LENGTH);
}

export function findLeaksInText(text: string, secrets: Secret[]): Secret[] {
  const once = decode(text);
  const haystacks = [collapse(text), collapse(once), collapse(decode(once))];
  return secrets.filter((s) => {
    const needle = collapse(s.source);
    return needle.length >= MIN_SECRET_LENGTH && haystacks.some((h) => h.includes(needle));
  });
}

export function findLeaks(dir: string, secrets: Secret[]): Leak[] {
  const leaks: Leak[] = [];
  for (const file of listFiles(dir)) {
    const text = readFileSync(file).toString("utf8");
    for (const secret of findLeaksInText(text, secrets)) leaks.push({file: path.relative(dir, file), secret});
  }
  return leaks;
}

export function collapse(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}

const ESCAPES: Record<string, string> = {n: "\n", r: "\r", t: "\t", b: "\b", f: "\f", v: "\v", "0": "\0"};
const ENTITIES: Record<string, string> = {lt: "<", gt: ">", amp: "&", quot: '"', apos: "'", nbsp: "\u00a0"};

/** Undoes one level of JS/JSON string escaping and HTML character references. */
export function decode(text: string): string {
  return text
    .replace(/\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[\s\S])/g, (_m, e: string) => {
      if (e.startsWith("u{")) return safeCodePoint(parseInt(e.slice(2, -1), 16));
      if (e.length === 5 && e[0] === "u") return String.fromCharCode(parseInt(e.slice(1), 16));
      if (e.length === 3 && e[0] === "x") return String.fromCharCode(parseInt(e.slice(1), 16));
      return ESCAPES[e] ?? e;
    })
    .replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (m, e: string) => {
      if (e.startsWith("#x")) return safeCodePoint(parseInt(e.slice(2), 16));
      if (e.startsWith("#")) return safeCodePoint(parseInt(e.slice(1), 10));
      return ENTITIES[e] ?? m;
    });
}

function safeCodePoint(n: number): string {
  return Number.isFinite(n) && n >= 0 && n <= 0x10ffff ? String.fromCodePoint(n) : "";
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, {withFileTypes: true})) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}
