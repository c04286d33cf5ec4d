// A class of real submissions for grader tests: for each notebook, one student with the solution, one who left
// the starter, and one per listed wrong answer (the solution everywhere else, that exercise wrong), plus the
// awkward files a course produces: a student who saved twice, two saves at the same second, a file borrowed from
// another student, a file that is not JSON. Names follow the page's download names.
import {mkdirSync, writeFileSync} from "node:fs";
import path from "node:path";
import {loadNotebook} from "../../../src/grader/notebooks.js";
import {solutionCode} from "../../../src/runtime/headless.js";
import type {Notebook} from "../../../src/notebook/types.js";

export interface ClassFile {
  /** Relative to the class folder. */
  name: string;
  content: unknown;
}

const SAVED = "2026-03-02T10:00:00.000Z";

/** `wrongPerExercise` keeps the first few wrong answers of each exercise (a heavy drill costs ~1 s a file). */
export function classSubmissions(notebooks: Notebook[], wrongPerExercise = Infinity): ClassFile[] {
  const files: ClassFile[] = [];
  const submission = (nb: Notebook, student: string, cells: Record<string, string>, savedAt = SAVED) => ({notebook: nb.id, version: nb.version, savedAt, student, cells});
  for (const nb of notebooks) {
    const solution = solutionCode(nb);
    files.push({name: `${nb.id}/solved_${nb.id}-submission.json`, content: submission(nb, "solved", solution)});
    files.push({name: `${nb.id}/starter_${nb.id}-submission.json`, content: submission(nb, "starter", {})});
    nb.exercises.forEach((e, i) =>
      e.wrongAnswers.slice(0, wrongPerExercise).forEach((w, j) => {
        const student = `wrong-${i + 1}-${j + 1}`;
        files.push({name: `${nb.id}/${student}_${nb.id}-submission.json`, content: submission(nb, student, {...solution, [e.id]: w.source})});
      })
    );
  }
  return files;
}

export function writeClass(dir: string, files: ClassFile[]): string[] {
  return files.map(({name, content}) => {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), {recursive: true});
    writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content, null, 2));
    return file;
  });
}

export function notebookFrom(file: string): Notebook {
  return loadNotebook(file);
}
