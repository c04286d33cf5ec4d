// The Vite plugin that turns notebooks/*.md into page data at build time (and on the fly in dev):
//  - `virtual:drillbook/notebooks` lists every notebook (id, title, summary, counts) with a loader for each;
//  - `notebooks/x.md?notebook` is the parsed Notebook as JSON (prose already rendered to HTML).
// A malformed notebook fails the build with file, line and fix; in dev the page shows that error instead.
// Student builds (DRILLBOOK_STUDENT=1) parse with solutions, hidden checks and wrong answers stripped.
import {readdirSync, readFileSync} from "node:fs";
import path from "node:path";
import type {Plugin, ViteDevServer} from "vite";
import {parseNotebook} from "../notebook/parse.js";
import {transpileCell} from "../notebook/transpile.js";
import {notebookModules} from "../runtime/prefetch.js";
import {useTranspiler} from "../runtime/programCache.js";
import {NotebookError, type CellProgram, type Notebook} from "../notebook/types.js";

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
  const parseFile = (file: string): Notebook => {
    const full = path.join(dir, file);
    return parseNotebook(readFileSync(full, "utf8"), path.relative(root, full), {student});
  };

  return {
    name: "drillbook-notebooks",
    configResolved(config) {
      root = config.root;
      dir = options.dir ? path.resolve(root, options.dir) : path.join(root, "notebooks");
      command = config.command;
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
            if (command === "build" || !(e instanceof NotebookError)) throw e;
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
          if (command === "build" || !(e instanceof NotebookError)) throw e;
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
