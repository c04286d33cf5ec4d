// Loads the instructor's notebooks (full build: solutions, hidden checks, wrong answers) from a folder, by id.
import {readdirSync, readFileSync} from "node:fs";
import path from "node:path";
import {parseNotebook} from "../notebook/parse.js";
import {NotebookError, type Notebook} from "../notebook/types.js";

export interface LoadedNotebooks {
  byId: Map<string, Notebook>;
  /** Files that did not parse, or whose id another file already has. */
  errors: string[];
}

export function notebookFiles(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith(".md")).sort().map((f) => path.join(dir, f));
}

export function loadNotebook(file: string, options: {student?: boolean} = {}): Notebook {
  return parseNotebook(readFileSync(file, "utf8"), path.relative(process.cwd(), file) || file, options);
}

export function loadNotebooks(dir: string): LoadedNotebooks {
  const byId = new Map<string, Notebook>();
  const errors: string[] = [];
  for (const file of notebookFiles(dir)) {
    try {
      const nb = loadNotebook(file);
      const twin = byId.get(nb.id);
      if (twin) errors.push(`${nb.file}: the id "${nb.id}" is also used by ${twin.file}; the first is kept`);
      else byId.set(nb.id, nb);
    } catch (e) {
      if (!(e instanceof NotebookError)) throw e;
      errors.push(e.message);
    }
  }
  return {byId, errors};
}
