// Every command refuses the same broken notebooks, with the same first line (marimo style: one broken file a row,
// with the exact first line of its error). Run against `drillbook validate`, the Vite plugin as `vite build`,
// `build --student` and the dev server use it, `grade`'s loading of the instructor's notebooks and the CLI; plus one
// real `vite build` of a small project. The dev server's overlay in a page: tests/e2e/refusals.spec.ts.
import {spawnSync} from "node:child_process";
import {mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync} from "node:fs";
import os from "node:os";
import path from "node:path";
import {afterAll, describe, expect, it, vi} from "vitest";
import {notebookPlugin, overlayPayload, type NotebookSummary} from "../../../src/build/notebookPlugin.js";
import {readNotebook} from "../../../src/build/readNotebook.js";
import {grade} from "../../../src/grader/grade.js";
import {PACKAGE_ROOT} from "../../../src/grader/paths.js";
import {buildSite} from "../../../src/grader/studentBuild.js";
import {validateFile} from "../../../src/grader/validate.js";
import {NotebookErrors} from "../../../src/notebook/types.js";

const FRONT = "---\nid: case\ntitle: Case\nsummary: One broken file.\nversion: 1\n---\n"; // 6 lines: the body starts on line 7
const fence = "```";
const cell = (code: string, attrs = "") => `${fence}js${attrs ? ` ${attrs}` : ""}\n${code}\n${fence}\n`;
const exercise = (parts: {starter?: string; solution?: string; check?: string; hidden?: string}) =>
  `::: exercise id=double points=1 title="Double"\n` +
  cell(parts.starter ?? 'const doubled = todo("double base");', "starter") +
  cell(parts.solution ?? "const doubled = base * 2;", "solution") +
  cell(parts.check ?? 'assert.equal(doubled, 42, "doubled");', 'check name=is-42 message="doubled is 42"') +
  (parts.hidden ? cell(parts.hidden, 'hidden-check name=hidden message="hidden"') : "") +
  "::: hint\nMultiply.\n:::\n:::\n";
const BASE = cell("const base = 21;", "id=base"); // lines 7 to 9

/** Each row: what is broken, the file (text or bytes), the first line of the error (FILE is the file's name). */
const CASES: Array<[string, string | Uint8Array, string]> = [
  ["an unclosed code fence, with prose and a cell after it", `${FRONT}${BASE}\n${fence}js id=a\nconst a = base + 1;\n\nSome prose.\n\n${cell("const b = 2;", "id=b")}`,
    "FILE:11: the code block opened here is never closed (line 16 opens another one). Add a line with ``` after its last line"],
  ["an unclosed code fence at the end of the file", `${FRONT}${BASE}\n${fence}js id=a\nconst a = 1;\n`,
    "FILE:11: the code block opened here is never closed (the file ends inside it). Add a line with ``` after its last line"],
  ["an unclosed fence inside an exercise, before a ::: line", `${FRONT}${BASE}::: exercise id=double points=1 title="Double"\n${fence}js starter\nconst doubled = todo();\n::: hint\nx\n:::\n:::\n`,
    "FILE:11: the code block opened here is never closed (line 13 is a ::: line). Add a line with ``` after its last line"],
  ["a syntax error in a cell", `${FRONT}${BASE}${cell("const a = 1;\nconst b = ;", "id=a")}`,
    'FILE:12:11: syntax error in cell "a" (FILE:11): Unexpected token'],
  ["a syntax error in a check", `${FRONT}${BASE}${exercise({check: "assert.equal(doubled, 42, \"doubled\""})}`,
    'FILE:18:36: syntax error in check "double/is-42" (FILE:18): Unexpected token'],
  ["a syntax error in a solution (which the student build strips)", `${FRONT}${BASE}${exercise({solution: "const doubled = base *;"})}`,
    'FILE:15:23: syntax error in the solution of exercise "double" (FILE:15): Unexpected token'],
  ["a cycle between cells", `${FRONT}${BASE}${cell("const a = b + 1;", "id=a")}${cell("const b = a + 1;", "id=b")}`,
    'FILE:11: cell "a" (FILE:11): circular definition: cell "a" (FILE:11) reads `b` → cell "b" (FILE:14) reads `a` → back to the start. Break the loop by computing one of these values without the other'],
  ["a check reading an unknown name", `${FRONT}${BASE}${exercise({check: 'assert.equal(dubled, 42, "doubled");'})}`,
    'FILE:18:14: check "double/is-42" (FILE:18) reads `dubled`, which no cell defines. Did you mean `doubled`? Otherwise define it in a cell (const dubled = ...), or write window.dubled for a browser global'],
  ["a hidden check reading an unknown name", `${FRONT}${BASE}${exercise({hidden: "assert.ok(typeof totl === \"number\");"})}`,
    'FILE:21:18: check "double/hidden" (FILE:21) reads `totl`, which no cell defines. Define it in a cell (const totl = ...), or write window.totl for a browser global'],
  ["a name defined in two cells", `${FRONT}${BASE}${cell("const base = 2;", "id=again")}`,
    'FILE:11: cell "again" (FILE:11): `base` is already defined in cell "base" (FILE:8). A name can be defined in one cell only: rename it here, or change it in cell "base" (FILE:8)'],
  ["an unknown import", `${FRONT}${BASE}${cell('import {x} from "lodash";', "id=a")}`,
    'FILE:11: cell "a" (FILE:11): cannot import "lodash": cells can import only the bundled libraries (drillbook, @observablehq/plot, @observablehq/inputs, simple-statistics, ml-kmeans, ml-regression, ml-matrix, arquero, seedrandom); nothing is fetched from the network'],
  ["a notebook in Latin-1, not UTF-8", latin1(`${FRONT}${BASE}\nZoé and Zoë.\n`),
    "FILE:11:3: the file is not valid UTF-8 (byte 0xe9 at offset 104). Save the notebook as UTF-8 (in most editors: Save with encoding, UTF-8)"],
  ["an exercise that is never closed (the parser's own errors)", `${FRONT}${BASE}::: exercise id=double points=1 title="Double"\n${cell("const doubled = 1;", "starter")}`,
    'FILE:10: exercise "double" is never closed. Add a line with ::: after its last hint or check']
];

/** Text as Latin-1 bytes (every character below 256 as one byte). */
function latin1(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

const work = mkdtempSync(path.join(os.tmpdir(), "drillbook-refusals-"));
afterAll(() => rmSync(work, {recursive: true, force: true}));
let n = 0;

/** A project folder holding notebooks/case.md (and the good notebook, so the broken one is not alone). */
function project(content: string | Uint8Array): {root: string; full: string} {
  const root = path.join(work, `p${++n}`);
  mkdirSync(path.join(root, "notebooks"), {recursive: true});
  writeFileSync(path.join(root, "notebooks", "good.md"), `${FRONT.replace("id: case", "id: good")}${BASE}`);
  const full = path.join(root, "notebooks", "case.md");
  writeFileSync(full, content);
  return {root, full};
}

const firstLine = (text: string) => text.split("\n")[0];

type Hook = (this: unknown, ...args: unknown[]) => unknown;
function plugin(root: string, command: "build" | "serve", student = false) {
  const p = notebookPlugin({student});
  (p.configResolved as Hook).call({}, {root, command});
  const ctx = {addWatchFile() {}, error(message: string): never {
    throw new Error(message);
  }};
  return {
    buildStart: () => (p.buildStart as Hook).call(ctx),
    load: (id: string) => (p.load as Hook).call(ctx, id) as string
  };
}

describe.each(CASES)("%s", (_what, content, expected) => {
  it("validate refuses it", async () => {
    const {full} = project(content);
    const v = await validateFile(full);
    expect(v.ok).toBe(false);
    expect(v.problems[0]).toBe(expected.replaceAll("FILE", path.relative(process.cwd(), full)));
  });

  it.each([["vite build", false], ["build --student", true]] as const)("%s refuses it: the plugin's error is the file:line list", (_build, student) => {
    const {root} = project(content);
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const p = plugin(root, "build", student);
    let error: unknown;
    try {
      p.buildStart();
    } catch (e) {
      error = e;
    }
    const printed = stderr.mock.calls.map((c) => String(c[0]));
    stderr.mockRestore();
    expect(error).toBeInstanceOf(NotebookErrors);
    expect(firstLine((error as Error).message)).toBe(expected.replaceAll("FILE", "notebooks/case.md"));
    expect((error as Error).stack).toBe((error as Error).message); // no stack trace in what the bundler prints
    expect(firstLine(printed[0] ?? "")).toBe(expected.replaceAll("FILE", "notebooks/case.md"));
    expect(() => p.load("\0virtual:drillbook/notebooks")).toThrow(NotebookErrors);
  });

  it("the dev server shows it in place of the notebook and in Vite's overlay", () => {
    const {root, full} = project(content);
    const p = plugin(root, "serve");
    const code = p.load("\0virtual:drillbook/notebooks");
    const list = JSON.parse(/export const notebooks = (.*);\n/.exec(code)![1]!) as NotebookSummary[];
    const expectedHere = expected.replaceAll("FILE", "notebooks/case.md");
    expect(firstLine(list.find((s) => s.id === "case")!.error!)).toBe(expectedHere);
    expect(list.find((s) => s.id === "good")!.error).toBeUndefined();
    const data = JSON.parse(p.load(full + "?notebook").replace(/^export default /, "").replace(/;$/, "")) as {error: string};
    expect(firstLine(data.error)).toBe(expectedHere);
    let errors: NotebookErrors | null = null;
    try {
      readNotebook(full, "notebooks/case.md");
    } catch (e) {
      errors = e as NotebookErrors;
    }
    const overlay = overlayPayload(errors)!;
    expect(firstLine(overlay.err.message)).toBe(expectedHere);
    expect(overlay.err.stack).toBe("");
    expect(`${overlay.err.loc.file}:${overlay.err.loc.line}`).toBe(/^[^:]+:\d+/.exec(expectedHere)![0]);
  });

  it("grade refuses to grade against it", async () => {
    const {root} = project(content);
    const run = grade({submissions: [], notebooksDir: path.join(root, "notebooks"), outDir: null});
    await expect(run).rejects.toBeInstanceOf(NotebookErrors);
    const error = await run.catch((e: Error) => e);
    expect(firstLine((error as Error).message)).toBe(expected.replaceAll("FILE", path.relative(process.cwd(), path.join(root, "notebooks", "case.md"))));
  });
});

describe("what every command accepts", () => {
  it("a notebook with a byte-order mark (as Windows editors save it)", async () => {
    const {full} = project(`\uFEFF${FRONT}${BASE}\nZoé.\n`);
    expect(readNotebook(full, "case.md").id).toBe("case");
  });

  it("a fenced sample in another language inside a longer fence, and a ```text block with a ::: line", () => {
    const {full} = project(`${FRONT}${BASE}\n\`\`\`\`markdown\n${cell("const shown = 1;")}\`\`\`\`\n\n${fence}text\n::: hint\n${fence}\n`);
    expect(readNotebook(full, "case.md").cells.map((c) => c.id)).toEqual(["base"]);
  });

  it("every notebook of the project and the grading fixture", () => {
    const files = [...readdirSync(path.join(PACKAGE_ROOT, "notebooks")).map((f) => path.join(PACKAGE_ROOT, "notebooks", f)), path.join(PACKAGE_ROOT, "tests/fixtures/grading.md")];
    for (const f of files.filter((x) => x.endsWith(".md"))) expect(() => readNotebook(f, f), f).not.toThrow();
  });
});

describe("the commands as users run them", () => {
  const bin = path.join(PACKAGE_ROOT, "bin", "drillbook.js");
  const run = (args: string[], cwd: string) => spawnSync(process.execPath, [bin, ...args], {cwd, encoding: "utf8", timeout: 120_000, env: {...process.env, NO_COLOR: "1"}});
  const [, content, expected] = CASES.find(([what]) => what === "a cycle between cells")!;

  it("validate and grade print file:line: message, exit 1, and print no stack unless --verbose", () => {
    const {root} = project(content);
    const line = expected.replaceAll("FILE", "notebooks/case.md");
    const v = run(["validate", "notebooks/case.md"], root);
    expect(v.status).toBe(1);
    expect(v.stdout).toContain(`notebooks/case.md: NOT SOUND\n  ${line}\n`);
    writeFileSync(path.join(root, "sub.json"), JSON.stringify({notebook: "good", version: 1, savedAt: "2026-03-01T10:00:00Z", cells: {}}));
    const g = run(["grade", "sub.json", "--out", "grading"], root);
    expect(g.status).toBe(1);
    expect(firstLine(g.stderr)).toBe(line);
    expect(g.stderr).not.toMatch(/^\s+at /m);
    const verbose = run(["grade", "sub.json", "--out", "grading", "--verbose"], root);
    expect(verbose.status).toBe(1);
    expect(firstLine(verbose.stderr)).toBe(line);
    expect(verbose.stderr).toMatch(/^\s+at /m);
  }, 120_000);

  it("build --student stops before Vite starts, naming file:line", async () => {
    const {root} = project(content);
    const error = await buildSite({student: true, root, outDir: path.join(root, "dist-student")}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotebookErrors);
    expect(firstLine((error as Error).message)).toBe(expected.replaceAll("FILE", path.relative(process.cwd(), path.join(root, "notebooks", "case.md"))));
  });

  it("a real vite build of a project with one broken notebook fails with the list first", async () => {
    const {root} = project(content);
    writeFileSync(path.join(root, "index.html"), '<!doctype html><script type="module" src="./main.js"></script>\n');
    writeFileSync(path.join(root, "main.js"), 'import {notebooks} from "virtual:drillbook/notebooks";\nconsole.log(notebooks);\n');
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const {build} = await import("vite");
    let error: unknown;
    let printed: string[] = [];
    try {
      await build({root, configFile: false, logLevel: "silent", plugins: [notebookPlugin()], build: {outDir: path.join(root, "dist"), write: false}});
    } catch (e) {
      error = e;
    } finally {
      printed = stderr.mock.calls.map((c) => String(c[0]));
      stderr.mockRestore();
    }
    const line = expected.replaceAll("FILE", "notebooks/case.md");
    expect(firstLine(printed[0] ?? "")).toBe(line); // ours, first, clean
    expect(String((error as Error)?.message)).toContain(line);
  }, 120_000);
});
