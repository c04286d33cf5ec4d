// Reads a notebook file the one way every command does (the Vite plugin for `vite build`, `build --student` and
// the dev server; `drillbook validate` and `grade`): its bytes as UTF-8 (a byte-order mark accepted, anything else
// refused at the first bad byte), parsed with solutions, then the static checks (src/runtime/staticCheck.ts). So no
// command accepts a notebook another refuses. Throws NotebookErrors listing every problem as `file:line: message`.
import {readFileSync} from "node:fs";
import {decodeNotebook} from "../notebook/decode.js";
import {parseNotebook} from "../notebook/parse.js";
import {NotebookError, NotebookErrors, type Notebook} from "../notebook/types.js";
import {checkNotebook} from "../runtime/staticCheck.js";

export interface ReadOptions {
  /** Strip solutions, hidden checks and wrong answers (the student build); they are checked all the same. */
  student?: boolean;
}

/** `full` is read; `file` is how messages name it (a path relative to the project). */
export function readNotebook(full: string, file: string, options: ReadOptions = {}): Notebook {
  return checkedNotebook(readFileSync(full), file, options);
}

export function checkedNotebook(bytes: Uint8Array, file: string, options: ReadOptions = {}): Notebook {
  let notebook: Notebook;
  try {
    notebook = parseNotebook(decodeNotebook(bytes, file), file);
  } catch (e) {
    throw e instanceof NotebookError ? new NotebookErrors([e]) : e;
  }
  const problems = checkNotebook(notebook);
  if (problems.length) throw new NotebookErrors(problems);
  return options.student ? parseNotebook(decodeNotebook(bytes, file), file, {student: true}) : notebook;
}
