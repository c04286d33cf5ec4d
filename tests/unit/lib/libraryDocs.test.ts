// @vitest-environment jsdom
// Every example in docs/library.md runs as a notebook cell would: each ```js block becomes the one cell of a small
// notebook, run by the real engine (import from "drillbook" included). A block must finish without an error, and
// the block's `display(...)` calls must show something.
import {readFileSync} from "node:fs";
import path from "node:path";
import {describe, expect, it} from "vitest";
import {parseNotebook} from "../../../src/notebook/parse.js";
import {runNotebook} from "../../../src/runtime/headless.js";
import * as lib from "../../../src/lib/index.js";

const doc = readFileSync(path.resolve("docs/library.md"), "utf8");

interface Example {
  heading: string;
  code: string;
  line: number;
}

function examples(text: string): Example[] {
  const out: Example[] = [];
  let heading = "(top)";
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const h = /^#{2,4} (.*)/.exec(lines[i]!);
    if (h) heading = h[1]!.replace(/`/g, "");
    if (lines[i] === "```js") {
      const start = i + 1;
      let end = start;
      while (end < lines.length && lines[end] !== "```") end++;
      out.push({heading, code: lines.slice(start, end).join("\n"), line: start + 1});
      i = end;
    }
  }
  return out;
}

const all = examples(doc);

describe("docs/library.md", () => {
  it("has an example for every export of the library, under a heading that names it", () => {
    const headings = new Set(
      doc
        .split("\n")
        .filter((l) => /^#{3,4} /.test(l))
        .flatMap((l) => Array.from(l.matchAll(/`([^`]+)`/g), (m) => m[1]!))
        .flatMap((code) => Array.from(code.matchAll(/[A-Za-z_$][\w$]*/g), (m) => m[0]))
    );
    const missing = Object.keys(lib).filter((name) => !headings.has(name));
    expect(missing, "exports with no entry in docs/library.md").toEqual([]);
    expect(all.length).toBeGreaterThan(40);
  });

  for (const ex of all) {
    it(`${ex.heading} (line ${ex.line}) runs as a cell`, async () => {
      const md = `---\nid: library-docs-example\ntitle: example\nsummary: One example from docs/library.md.\nversion: 1\n---\n\n\`\`\`js\n${ex.code}\n\`\`\`\n`;
      const nb = parseNotebook(md, `docs/library.md:${ex.line}`);
      const result = await runNotebook(nb, {budgetMs: 30_000});
      expect(result.timedOut).toBe(false);
      for (const cell of result.cells) {
        expect(cell.status, `${cell.message ?? ""}`).toBe("ok");
        if (/\bdisplay\(/.test(ex.code)) expect(cell.displays.length).toBeGreaterThan(0);
      }
    });
  }
});
