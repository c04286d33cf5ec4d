// `drillbook new <id>`: writes notebooks/<id>.md from the template, never over an existing file or id, and
// says where to go next.
import {existsSync, mkdirSync, writeFileSync} from "node:fs";
import path from "node:path";
import {loadNotebooks} from "./notebooks.js";
import {notebookTemplate, titleFromId} from "./template.js";

const ID = /^[a-z0-9][a-z0-9-]*$/;

export function createNotebook(id: string, options: {title?: string; dir: string}): string {
  if (!ID.test(id)) throw new Error(`"${id}" is not a valid notebook id: use lowercase letters, digits and dashes, like kmeans-customers`);
  const file = path.join(options.dir, `${id}.md`);
  if (existsSync(file)) throw new Error(`${file} already exists: pick another id, or edit that file`);
  if (existsSync(options.dir)) {
    const twin = loadNotebooks(options.dir).byId.get(id);
    if (twin) throw new Error(`${twin.file} already has the id "${id}": pick another id`);
  }
  mkdirSync(options.dir, {recursive: true});
  writeFileSync(file, notebookTemplate(id, options.title?.trim() || titleFromId(id)), {flag: "wx"});
  return file;
}

export function newCommand(id: string, options: {title?: string; dir: string}): number {
  let file: string;
  try {
    file = createNotebook(id, options);
  } catch (e) {
    process.stderr.write(`drillbook new: ${(e as Error).message}\n`);
    return 1;
  }
  process.stdout.write(`Wrote ${file}: a data cell and one exercise, already passing \`drillbook validate\`.

Next:
  1. npm run dev, and open http://localhost:5173/?notebook=${id}
     The page reloads each time you save the file.
  2. Replace the data cell and the exercise with your own (docs/authoring.md describes the format).
     Every exercise needs a starter, a solution, checks and at least one hint; list wrong answers too.
  3. npx drillbook validate ${file}
     Proves each check passes on the solution, fails on the starter and on each wrong answer.
  4. npx drillbook build --student
     The site students get, with solutions, hidden checks and wrong answers left out.
`);
  return 0;
}
