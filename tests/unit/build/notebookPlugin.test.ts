// The Vite plugin's error path: a malformed notebook fails the build naming file, line and fix; in dev it becomes
// an error entry the page shows (index card and notebook page) instead of half a page.
import {mkdtempSync, mkdirSync, rmSync, writeFileSync} from "node:fs";
import os from "node:os";
import path from "node:path";
import {afterEach, beforeEach, describe, expect, it} from "vitest";
import {notebookPlugin, type NotebookSummary} from "../../../src/build/notebookPlugin.js";
import {transpileCell} from "../../../src/notebook/transpile.js";
import {NotebookErrors, type Notebook} from "../../../src/notebook/types.js";

const GOOD = `---
id: good
title: Good
summary: Fine.
version: 1
---

# Good

\`\`\`js id=a
const a = 1;
\`\`\`
`;

// Line 9 opens an exercise that is never closed.
const BROKEN = `---
id: broken
title: Broken
summary: Not closed.
version: 1
---

Some prose.
::: exercise id=ex points=1 title="Ex"

\`\`\`js starter
const x = todo();
\`\`\`
`;

type Hook = (this: unknown, ...args: unknown[]) => unknown;
interface Ctx {
  watched: string[];
  addWatchFile(file: string): void;
  error(message: string): never;
}

let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), "drillbook-plugin-"));
  mkdirSync(path.join(root, "notebooks"));
});
afterEach(() => rmSync(root, {recursive: true, force: true}));

function plugin(command: "build" | "serve") {
  const p = notebookPlugin({student: false});
  (p.configResolved as Hook).call({}, {root, command});
  const ctx: Ctx = {
    watched: [],
    addWatchFile(file) {
      this.watched.push(file);
    },
    error(message) {
      throw new Error(message);
    }
  };
  return {
    ctx,
    resolve: (id: string) => (p.resolveId as Hook).call(ctx, id) as string | undefined,
    load: (id: string) => (p.load as Hook).call(ctx, id) as string | undefined
  };
}

const write = (file: string, text: string) => writeFileSync(path.join(root, "notebooks", file), text);

/** Evaluates the generated module's `export const notebooks = [...]` (plain JSON). */
function summaries(code: string): NotebookSummary[] {
  const m = /export const notebooks = (.*);\n/.exec(code);
  if (!m) throw new Error(`no notebooks export in:\n${code}`);
  return JSON.parse(m[1]!) as NotebookSummary[];
}

describe("notebookPlugin", () => {
  it("lists every notebook with its counts and a loader", () => {
    write("good.md", GOOD);
    const {resolve, load, ctx} = plugin("build");
    const id = resolve("virtual:drillbook/notebooks")!;
    const code = load(id)!;
    expect(summaries(code)).toEqual([
      {id: "good", title: "Good", summary: "Fine.", version: 1, file: "notebooks/good.md", modules: [], exercises: 0, checks: 0}
    ]);
    expect(code).toContain(`"good": () => import(${JSON.stringify(path.join(root, "notebooks", "good.md") + "?notebook")})`);
    expect(ctx.watched).toContain(path.join(root, "notebooks", "good.md"));
  });

  it("lists the bundled modules a notebook's cells use, so the page can fetch them early", () => {
    write("plots.md", GOOD.replace("const a = 1;", 'import {mean} from "simple-statistics";\nconst a = Plot.dotX([mean([1, 2])]);'));
    const {resolve, load} = plugin("build");
    expect(summaries(load(resolve("virtual:drillbook/notebooks")!)!)[0]!.modules.sort()).toEqual(["@observablehq/plot", "simple-statistics"]);
  });

  it("leaves out modules that only display-only cells use: those cells may wait until scrolled to", () => {
    write("plots.md", GOOD.replace("const a = 1;", "const a = 1;\n```\n\n```js id=plot\nPlot.dotX([a])"));
    const {resolve, load} = plugin("build");
    expect(summaries(load(resolve("virtual:drillbook/notebooks")!)!)[0]!.modules).toEqual([]);
  });

  it("ships every cell's and check's program, so the page opens a notebook without the transpiler", () => {
    const exercise = `
::: exercise id=ex points=1 title="Ex"
\`\`\`js starter
const x = todo();
\`\`\`
\`\`\`js solution
const x = a + 1;
\`\`\`
\`\`\`js check name=two message="x is 2"
assert.equal(x, 2, "x");
\`\`\`
\`\`\`js hidden-check name=num message="x is a number"
assert.ok(typeof x === "number", "x");
\`\`\`
::: hint
Add one.
:::
:::
`;
    write("good.md", GOOD + exercise);
    const {load} = plugin("build");
    const code = load(path.join(root, "notebooks", "good.md") + "?notebook")!;
    const nb = JSON.parse(code.replace(/^export default /, "").replace(/;$/, "")) as Notebook;
    for (const cell of nb.cells) expect(cell.program, cell.id).toEqual(transpileCell(cell.source));
    const ex = nb.exercises[0]!;
    expect(ex.checks[0]!.program).toEqual(transpileCell(ex.checks[0]!.source));
    expect(ex.hiddenChecks[0]!.program).toEqual(transpileCell(ex.hiddenChecks[0]!.source));
  });

  it("orders the index by front matter order, then by title", () => {
    write("a.md", GOOD.replace("id: good", "id: zeta").replace("title: Good", "title: Zeta"));
    write("b.md", GOOD.replace("id: good", "id: alpha").replace("title: Good", "title: Alpha"));
    write("c.md", GOOD.replace("id: good", "id: last-file").replace("title: Good", "title: Omega").replace("version: 1", "version: 1\norder: 1"));
    const {resolve, load} = plugin("build");
    expect(summaries(load(resolve("virtual:drillbook/notebooks")!)!).map((s) => s.id)).toEqual(["last-file", "alpha", "zeta"]);
  });

  it("fails the build on a malformed notebook, naming file, line and what to do", () => {
    write("good.md", GOOD);
    write("broken.md", BROKEN);
    const {resolve, load} = plugin("build");
    let error: unknown;
    try {
      load(resolve("virtual:drillbook/notebooks")!);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NotebookErrors);
    const e = (error as NotebookErrors).errors[0]!;
    expect(e.file).toBe("notebooks/broken.md");
    expect(e.line).toBe(9);
    expect(e.message).toMatch(/^notebooks\/broken\.md:9: /);
    expect(e.fix.length).toBeGreaterThan(0);
    // The notebook module itself fails the same way.
    expect(() => load(path.join(root, "notebooks", "broken.md") + "?notebook")).toThrow(/notebooks\/broken\.md:9: /);
  });

  it("in dev, keeps the good notebooks and turns the malformed one into an error the page shows", () => {
    write("good.md", GOOD);
    write("broken.md", BROKEN);
    const {resolve, load} = plugin("serve");
    const list = summaries(load(resolve("virtual:drillbook/notebooks")!)!);
    expect(list.map((s) => s.id)).toEqual(["broken", "good"]);
    const broken = list.find((s) => s.id === "broken")!;
    expect(broken.error).toMatch(/^notebooks\/broken\.md:9: .+\. .+/);
    expect(list.find((s) => s.id === "good")!.error).toBeUndefined();

    const module = load(path.join(root, "notebooks", "broken.md") + "?notebook")!;
    const data = JSON.parse(module.replace(/^export default /, "").replace(/;$/, "")) as {error?: string};
    expect(data.error).toBe(broken.error);
  });

  it("reports a front matter error on its line", () => {
    write("bad-front.md", "---\nid: x\ntitle: [unclosed\nsummary: s\nversion: 1\n---\n");
    const {resolve, load} = plugin("serve");
    const [summary] = summaries(load(resolve("virtual:drillbook/notebooks")!)!);
    expect(summary!.error).toMatch(/^notebooks\/bad-front\.md:\d+: the front matter/);
  });

  it("refuses two notebooks with the same id", () => {
    write("a.md", GOOD);
    write("b.md", GOOD);
    const {resolve, load} = plugin("build");
    expect(() => load(resolve("virtual:drillbook/notebooks")!)).toThrow('two notebooks have the id "good"');
  });

  it("leaves other modules alone", () => {
    const {resolve, load} = plugin("build");
    expect(resolve("./main.ts")).toBeUndefined();
    expect(load("/x/y.ts")).toBeUndefined();
  });
});
