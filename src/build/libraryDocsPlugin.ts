// The library's reference in the site, both from sources that already exist (nothing written twice):
//  - `virtual:drillbook/library-docs`: every export's signature, one-line description and options, read from the
//    library's types and doc comments (libraryDocs.ts); where an export has no doc comment, the first sentence of its
//    section in docs/library.md. The editor loads it for autocomplete and docs on hover.
//  - `library.html`: docs/library.md rendered, with an anchor per export (`library.html#KMeans`) for the hover's link.
import {createHash} from "node:crypto";
import {mkdirSync, readdirSync, readFileSync, writeFileSync} from "node:fs";
import path from "node:path";
import MarkdownIt from "markdown-it";
import type {Plugin} from "vite";
import {extractLibraryDocs, firstSentence, type LibraryEntry} from "./libraryDocs.js";

const ID = "virtual:drillbook/library-docs";
const RESOLVED = "\0" + ID;
export const LIBRARY_PAGE = "library.html";

export function libraryDocsPlugin(options: {root?: string} = {}): Plugin {
  let root = options.root ?? process.cwd();
  let entries: LibraryEntry[] | undefined;
  const docsFile = () => path.join(root, "docs", "library.md");
  const load = () => (entries ??= cached(root, () => withDocSummaries(extractLibraryDocs(path.join(root, "src", "lib", "index.ts")), readFileSync(docsFile(), "utf8"))));
  return {
    name: "drillbook-library-docs",
    configResolved(config) {
      root = options.root ?? config.root;
    },
    resolveId: (id) => (id === ID ? RESOLVED : undefined),
    load: (id) => (id === RESOLVED ? `export default ${JSON.stringify(load())};` : undefined),
    handleHotUpdate({file, server}) {
      if (!file.startsWith(path.join(root, "src", "lib")) && file !== docsFile()) return;
      entries = undefined;
      const module = server.moduleGraph.getModuleById(RESOLVED);
      if (module) server.moduleGraph.invalidateModule(module);
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (!req.url || !new RegExp(`/${LIBRARY_PAGE}(\\?|$)`).test(req.url)) return next();
        res.setHeader("Content-Type", "text/html; charset=utf-8");
        res.end(libraryPage(readFileSync(docsFile(), "utf8"), load()));
      });
    },
    generateBundle() {
      this.emitFile({type: "asset", fileName: LIBRARY_PAGE, source: libraryPage(readFileSync(docsFile(), "utf8"), load())});
    }
  };
}

/**
 * The extraction type-checks the whole library (about 4.5 s here, most of a site build's time), so its result is
 * kept under node_modules/.cache, keyed by the library's sources and docs/library.md: it reruns only when they change.
 */
function cached(root: string, extract: () => LibraryEntry[]): LibraryEntry[] {
  const hash = createHash("sha256");
  const lib = path.join(root, "src", "lib");
  for (const file of (readdirSync(lib, {recursive: true}) as string[]).filter((f) => f.endsWith(".ts")).sort()) {
    hash.update(file).update("\0").update(readFileSync(path.join(lib, file))).update("\0");
  }
  hash.update(readFileSync(path.join(root, "docs", "library.md"))).update(readFileSync(new URL(import.meta.url))).update(readFileSync(new URL("./libraryDocs.ts", import.meta.url)));
  const dir = path.join(root, "node_modules", ".cache", "drillbook");
  const file = path.join(dir, `library-docs-${hash.digest("hex").slice(0, 16)}.json`);
  try {
    return JSON.parse(readFileSync(file, "utf8")) as LibraryEntry[];
  } catch {
    const entries = extract();
    try {
      mkdirSync(dir, {recursive: true});
      writeFileSync(file, JSON.stringify(entries));
    } catch {
      // a read-only checkout: extract again next time
    }
    return entries;
  }
}

/** Each heading of docs/library.md (`### ...`) with the exports it names in backticks and the paragraph after it. */
export function docSections(markdown: string, names: ReadonlySet<string>): Array<{line: number; names: string[]; paragraph: string}> {
  const lines = markdown.split("\n");
  const sections: Array<{line: number; names: string[]; paragraph: string}> = [];
  lines.forEach((text, i) => {
    if (!/^#{2,4} /.test(text)) return;
    const named = [...text.matchAll(/`(?:new\s+)?([A-Za-z_$][\w$]*)/g)].map((m) => m[1]!).filter((n) => names.has(n));
    if (!named.length) return;
    let j = i + 1;
    while (j < lines.length && !lines[j]!.trim()) j++;
    const paragraph: string[] = [];
    while (j < lines.length && lines[j]!.trim() && !/^(#|```|\||- )/.test(lines[j]!)) paragraph.push(lines[j++]!);
    sections.push({line: i, names: [...new Set(named)], paragraph: paragraph.join(" ")});
  });
  return sections;
}

function withDocSummaries(entries: LibraryEntry[], markdown: string): LibraryEntry[] {
  const sections = docSections(markdown, new Set(entries.map((e) => e.name)));
  return entries.map((e) => {
    if (e.summary) return e;
    const section = sections.find((s) => s.names.includes(e.name));
    return section ? {...e, summary: firstSentence(plainText(section.paragraph))} : e;
  });
}

/** A paragraph of the reference as plain text: links as their words, no leading counterpart note, no markup. */
export function plainText(paragraph: string): string {
  return paragraph
    .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1")
    .replace(/^\*[^*]+\*\s*/, "") // "*scikit-learn: `KMeans`.*" says what it mirrors, not what it does
    .replace(/[`*]/g, "");
}

/** docs/library.md as one page of the site, with `id`s that the editor's hover links to. */
export function libraryPage(markdown: string, entries: LibraryEntry[]): string {
  const names = new Set(entries.map((e) => e.name));
  const anchors = new Map(docSections(markdown, names).map((s) => [s.line, s.names]));
  const lines = markdown.split("\n").map((text, i) => (anchors.has(i) ? `${anchors.get(i)!.map((n) => `<a id="${n}"></a>`).join("")}\n\n${text}` : text));
  const body = new MarkdownIt({html: true, linkify: false}).render(lines.join("\n"));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>The Drillbook library</title>
<style>
body { margin: 0 auto; max-width: 860px; padding: 24px; font: 16px/1.6 system-ui, sans-serif; color: #1d2330; }
code, pre { font: 14px/1.5 ui-monospace, Menlo, Consolas, monospace; }
pre { background: #f6f7f9; padding: 12px; border-radius: 8px; overflow-x: auto; }
table { border-collapse: collapse; } td, th { border: 1px solid #dfe3ea; padding: 4px 8px; text-align: left; }
a[id] { scroll-margin-top: 16px; }
</style></head>
<body><main>${body}</main></body></html>
`;
}
