// Loads the instructor's notebooks (full build: solutions, hidden checks, wrong answers) from a folder, by id, read
// and checked as every command reads them (src/build/readNotebook.ts).
import {readdirSync, readFileSync} from "node:fs";
import path from "node:path";
import {readNotebook} from "../build/readNotebook.js";
import {NotebookError, NotebookErrors, type Notebook} from "../notebook/types.js";

export interface LoadedNotebooks {
  byId: Map<string, Notebook>;
  /** Every problem of the files that were refused (static checks), or whose id another file already has. */
  errors: NotebookError[];
}

export function notebookFiles(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith(".md")).sort().map((f) => path.join(dir, f));
}

/** Throws NotebookErrors (every problem, `file:line: message`) for a notebook any command would refuse. */
export function loadNotebook(file: string, options: {student?: boolean} = {}): Notebook {
  return readNotebook(file, path.relative(process.cwd(), file) || file, options);
}

export function loadNotebooks(dir: string): LoadedNotebooks {
  const byId = new Map<string, Notebook>();
  const errors: NotebookError[] = [];
  for (const file of notebookFiles(dir)) {
    try {
      const nb = loadNotebook(file);
      const twin = byId.get(nb.id);
      if (twin) {
        const line = readFileSync(file, "utf8").split(/\r?\n/).findIndex((l) => /^id:/.test(l)) + 1 || 1;
        errors.push(new NotebookError(nb.file, line, `the id "${nb.id}" is also used by ${twin.file}`, "Give each notebook its own id"));
      } else {
        byId.set(nb.id, nb);
      }
    } catch (e) {
      if (!(e instanceof NotebookErrors)) throw e;
      errors.push(...e.errors);
    }
  }
  return {byId, errors};
}
