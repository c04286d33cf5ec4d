// The leak search must find a secret however a bundler encodes it, or the student-build test could pass on a
// leaking site.
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import os from "node:os";
import path from "node:path";
import {describe, expect, it} from "vitest";
import {decode, findLeaks, findLeaksInText, secretsOf, unsearchable, type Secret} from "../../../src/grader/leaks.js";
import {loadNotebook} from "../../../src/grader/notebooks.js";
import {parseNotebook} from "../../../src/notebook/parse.js";

const fixtureFile = path.resolve(import.meta.dirname, "../../fixtures/grading.md");
const full = loadNotebook(fixtureFile);
const student = parseNotebook(readFileSync(fixtureFile, "utf8"), "grading.md", {student: true});
const secrets = secretsOf(full);
const solution: Secret = {notebook: "n", what: "solution", source: "function double(x) {\n  return 2 * x; // twice \"x\" <here>\n}"};

describe("leak search", () => {
  it("lists every solution, hidden check and wrong answer of a notebook", () => {
    expect(secrets.map((s) => s.what)).toEqual([
      'solution of "total"', 'hidden check "total/same-as-library"', 'wrong answer "skips the first value" of "total"',
      'solution of "double"', 'hidden check "double/twice-others"', 'wrong answer "one too many" of "double"',
      'solution of "why"'
    ]);
    expect(unsearchable(secrets)).toEqual([]);
  });

  it.each([
    ["raw", (s: string) => `before ${s} after`],
    ["a JSON string", (s: string) => `export default {"solution":${JSON.stringify(s)}}`],
    ["a JSON string in a JS string", (s: string) => `JSON.parse(${JSON.stringify(JSON.stringify({solution: s}))})`],
    ["a template literal", (s: string) => "const a = `" + s.replace(/`/g, "\\`").replace(/\$\{/g, "\\${") + "`;"],
    ["a single-quoted string", (s: string) => `x='${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\n/g, "\\n")}'`],
    ["unicode escapes", (s: string) => JSON.stringify(s).replace(/[<>"]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)],
    ["HTML", (s: string) => `<pre><code>${s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")}</code></pre>`],
    ["reindented", (s: string) => s.replace(/\n\s*/g, "\n        ")]
  ])("finds a solution written as %s", (_how, encode) => {
    expect(findLeaksInText(encode(solution.source), [solution])).toEqual([solution]);
  });

  it("finds the full notebook's secrets in its data, and none in the student build's", () => {
    expect(findLeaksInText(`export default ${JSON.stringify(full)};`, secrets)).toEqual(secrets);
    expect(findLeaksInText(`export default ${JSON.stringify(student)};`, secrets)).toEqual([]);
  });

  it("does not match a part of a secret", () => {
    expect(findLeaksInText("function double(x) {\n  return 2 * x;", [solution])).toEqual([]);
  });

  it("searches every file in a folder", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "drillbook-leaks-"));
    try {
      mkdirSync(path.join(dir, "assets"));
      writeFileSync(path.join(dir, "index.html"), "<p>clean</p>");
      writeFileSync(path.join(dir, "assets", "nb.js"), `export default ${JSON.stringify({s: solution.source})}`);
      expect(findLeaks(dir, [solution])).toEqual([{file: path.join("assets", "nb.js"), secret: solution}]);
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  });

  it("decodes JS escapes and HTML references one level at a time", () => {
    expect(decode(String.raw`a\nb\t\"c\" \\n \u0041\u{1F600}\x42`)).toBe('a\nb\t"c" \\n A\u{1F600}B');
    expect(decode("&lt;p&gt; &amp;amp; &#65;&#x42; &unknown;")).toBe("<p> &amp; AB &unknown;");
  });
});
