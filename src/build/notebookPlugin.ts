// The Vite plugin that turns notebooks/*.md into page data at build time (and on the fly in dev):
//  - `virtual:drillbook/notebooks` lists every notebook (id, title, summary, counts) with a loader for each;
//  - `notebooks/x.md?notebook` is the parsed Notebook as JSON (prose already rendered to HTML).
// Every notebook is read as every command reads it (readNotebook.ts: UTF-8, the parser, the static checks). A notebook
// with any error fails the build before anything is bundled: the error's message is exactly the `file:line: message`
// list, printed first and without a stack. In dev the page shows that list in place of the notebook, and Vite's error
// overlay shows it over any page (sent again to each page that connects, until the file is fixed).
// Student builds (DRILLBOOK_STUDENT=1) parse with solutions, hidden checks and wrong answers stripped.
import {readdirSync, statSync} from "node:fs";
import path from "node:path";
import type {Plugin, ViteDevServer} from "vite";
import {transpileCell} from "../notebook/transpile.js";
import {readNotebook} from "./readNotebook.js";
import {notebookModules} from "../runtime/prefetch.js";
import {useTranspiler} from "../runtime/programCache.js";
import {NotebookErrors, type CellProgram, type Notebook} from "../notebook/types.js";

useTranspiler(transpileCell); // notebookModules transpiles the cells here, in Node

const INDEX_ID = "virtual:drillbook/notebooks";
const RESOLVED_INDEX_ID = "\0" + INDEX_ID;
const QUERY = "?notebook";

export interface NotebookPluginOptions {
  /** Folder of notebook files (default: notebooks/ under the Vite root). */
  dir?: string;
  student?: boolean;
}

export interface NotebookSummary {
  id: string;
  title: string;
  summary: string;
  version: number;
  order?: number;
  /** Bundled modules the cells that run on open use (notebookModules "eager"), so the page can start downloading them
   * with the notebook itself. */
  modules: string[];
  exercises: number;
  checks: number;
  file: string;
  error?: string;
}

export function notebookPlugin(options: NotebookPluginOptions = {}): Plugin {
  let dir = "";
  let root = "";
  let command: "build" | "serve" = "serve";
  const student = options.student ?? process.env.DRILLBOOK_STUDENT === "1";

  const files = () => readdirSync(dir).filter((f) => f.endsWith(".md")).sort();
  // The last reading of each file, until it changes (the dev server asks again for every page that connects).
  const cache = new Map<string, {mtimeMs: number; size: number; result: Notebook | NotebookErrors}>();
  const read = (file: string): Notebook | NotebookErrors => {
    const full = path.join(dir, file);
    const {mtimeMs, size} = statSync(full);
    const hit = cache.get(full);
    if (hit && hit.mtimeMs === mtimeMs && hit.size === size) return hit.result;
    let result: Notebook | NotebookErrors;
    try {
      result = readNotebook(full, path.relative(root, full), {student});
    } catch (e) {
      if (!(e instanceof NotebookErrors)) throw e;
      result = e;
    }
    cache.set(full, {mtimeMs, size, result});
    return result;
  };
  const parseFile = (file: string): Notebook => {
    const result = read(file);
    if (result instanceof NotebookErrors) throw result;
    return result;
  };
  /** Every problem of every notebook, in file order. */
  const allErrors = (): NotebookErrors | null => {
    const errors = files().flatMap((f) => {
      const r = read(f);
      return r instanceof NotebookErrors ? r.errors : [];
    });
    return errors.length ? new NotebookErrors(errors) : null;
  };

  return {
    name: "drillbook-notebooks",
    configResolved(config) {
      root = config.root;
      dir = options.dir ? path.resolve(root, options.dir) : path.join(root, "notebooks");
      command = config.command;
    },
    buildStart() {
      if (command !== "build") return;
      const errors = allErrors();
      if (!errors) return;
      // The list first, clean: the bundler adds its own frame (plugin name, a stack) around a thrown error.
      process.stderr.write(`${errors.message}\n`);
      errors.stack = errors.message;
      throw errors;
    },
    resolveId(id) {
      return id === INDEX_ID ? RESOLVED_INDEX_ID : undefined;
    },
    load(id) {
      if (id === RESOLVED_INDEX_ID) {
        const summaries: NotebookSummary[] = [];
        const loaders: string[] = [];
        for (const file of files()) {
          const full = path.join(dir, file);
          this.addWatchFile(full);
          let summary: NotebookSummary;
          try {
            const nb = parseFile(file);
            summary = {
              id: nb.id, title: nb.title, summary: nb.summary, version: nb.version, order: nb.order, file: nb.file,
              modules: notebookModules(nb, "eager"),
              exercises: nb.exercises.length, checks: nb.exercises.reduce((n, e) => n + e.checks.length, 0)
            };
          } catch (e) {
            if (command === "build" || !(e instanceof NotebookErrors)) throw e;
            summary = {id: file.replace(/\.md$/, ""), title: file, summary: "", version: 0, file, modules: [], exercises: 0, checks: 0, error: e.message};
          }
          summaries.push(summary);
          loaders.push(`${JSON.stringify(summary.id)}: () => import(${JSON.stringify(full + QUERY)})`);
        }
        summaries.sort((a, b) => (a.order ?? Infinity) - (b.order ?? Infinity) || a.title.localeCompare(b.title));
        const ids = new Set<string>();
        for (const s of summaries) {
          if (ids.has(s.id)) this.error(`two notebooks have the id "${s.id}": ids must be unique (see their front matter)`);
          ids.add(s.id);
        }
        return `export const notebooks = ${JSON.stringify(summaries)};\nexport const loaders = {${loaders.join(",\n")}};\n`;
      }
      if (id.endsWith(".md" + QUERY)) {
        const full = id.slice(0, -QUERY.length);
        this.addWatchFile(full);
        try {
          return `export default ${JSON.stringify(withPrograms(parseFile(path.basename(full))))};`;
        } catch (e) {
          if (command === "build" || !(e instanceof NotebookErrors)) throw e;
          return `export default ${JSON.stringify({error: e.message})};`;
        }
      }
      return undefined;
    },
    configureServer(server: ViteDevServer) {
      // A notebook added, removed or edited: refresh the index and reload the page (edits are saved, so nothing is lost).
      const refresh = (file: string) => {
        if (!file.startsWith(dir) || !file.endsWith(".md")) return;
        const index = server.moduleGraph.getModuleById(RESOLVED_INDEX_ID);
        if (index) server.moduleGraph.invalidateModule(index);
        for (const mod of server.moduleGraph.getModulesByFile(file) ?? []) server.moduleGraph.invalidateModule(mod);
        server.ws.send({type: "full-reload"});
      };
      server.watcher.add(dir);
      server.watcher.on("add", refresh);
      server.watcher.on("unlink", refresh);
      server.watcher.on("change", refresh);
      // Vite's error overlay, on every page that connects while a notebook has errors (a reload after a save too).
      server.ws.on("vite:client:connect", (_data: unknown, client: {send(payload: unknown): void}) => {
        const payload = overlayPayload(allErrors());
        if (payload) client.send(payload);
      });
    }
  };
}

/** Vite's error overlay for these errors: the message is the `file:line: message` list; the first one is linked. */
export function overlayPayload(errors: NotebookErrors | null) {
  if (!errors) return null;
  const first = errors.errors[0]!;
  return {
    type: "error" as const,
    err: {
      message: errors.message,
      stack: "",
      id: first.file,
      plugin: "drillbook-notebooks",
      loc: {file: first.file, line: first.line, column: first.column ?? 1}
    }
  };
}

/**
 * The notebook with each cell's and check's program (see CellSpec.program): the page then opens it without loading
 * the transpiler. A cell that does not parse gets none; the page loads the transpiler to report its error.
 */
export function withPrograms(notebook: Notebook): Notebook {
  const compiled = <T extends {source: string}>(spec: T): T & {program?: CellProgram} => {
    try {
      return {...spec, program: transpileCell(spec.source)};
    } catch {
      return spec;
    }
  };
  return {
    ...notebook,
    cells: notebook.cells.map(compiled),
    exercises: notebook.exercises.map((e) => ({...e, checks: e.checks.map(compiled), hiddenChecks: e.hiddenChecks.map(compiled)}))
  };
}
