// A cell's run owns what it starts: its timers end when the cell runs again or is stopped, and Stop ends a cell
// that would otherwise run for ever (an endless async loop, a promise that never settles).
import {afterEach, describe, expect, it} from "vitest";
import {parseNotebook} from "../../../src/notebook/parse.js";
import {ModuleTable} from "../../../src/runtime/modules.js";
import {Session} from "../../../src/runtime/session.js";

const sessions: Session[] = [];
afterEach(() => sessions.splice(0).forEach((s) => s.dispose()));

const js = (code: string, attrs = "") => `\n\`\`\`js ${attrs}\n${code}\n\`\`\`\n`;
const tick = (ms = 30) => new Promise((r) => setTimeout(r, ms));
const counter = () => (globalThis as unknown as {ticks: number}).ticks;

function start(body: string) {
  const s = new Session(parseNotebook(`---\nid: t\ntitle: T\nsummary: S\nversion: 1\n---\n${body}`, "t.md"));
  sessions.push(s);
  s.start();
  return s;
}

describe("a cell's timers", () => {
  it("an interval from old code stops when the cell runs new code", async () => {
    (globalThis as unknown as {ticks: number}).ticks = 0;
    const s = start(js("setInterval(() => globalThis.ticks++, 1);", "id=a"));
    await tick();
    expect(counter()).toBeGreaterThan(0);
    s.setSource("a", "const quiet = 1;");
    await s.whenIdle();
    const after = counter();
    await tick();
    expect(counter()).toBe(after);
  });

  it("clearTimeout and nested functions use the cell's timers too", async () => {
    (globalThis as unknown as {ticks: number}).ticks = 0;
    const s = start(js("const later = () => setTimeout(() => globalThis.ticks++, 5);\nlater();\nconst t = setTimeout(() => globalThis.ticks += 100, 5);\nclearTimeout(t);", "id=a"));
    await s.whenIdle();
    await tick();
    expect(counter()).toBe(1);
  });
});

describe("Stop", () => {
  it("ends an endless async loop that awaits timers: the cell says stopped, the loop turns no more", async () => {
    (globalThis as unknown as {ticks: number}).ticks = 0;
    const s = start(js("while (true) {\n  globalThis.ticks++;\n  await new Promise((r) => setTimeout(r, 0));\n}", "id=loop") + js("const after = 1;", "id=other"));
    await tick();
    expect(s.cell("loop").status).toBe("running");
    expect(s.cell("other").status).toBe("ok");
    s.stop("loop");
    await s.whenIdle();
    expect(s.cell("loop")).toMatchObject({status: "timeout", message: expect.stringMatching(/^you pressed Stop/)});
    const after = counter();
    await tick();
    expect(counter()).toBeLessThanOrEqual(after + 1);
  });

  it("ends a promise that never settles, and the same code runs again on Run", async () => {
    const s = start(js("const x = await new Promise(() => {});", "id=wait") + js("const y = x + 1;", "id=uses"));
    await tick();
    expect(s.cell("wait").status).toBe("running");
    s.stop("wait");
    await s.whenIdle();
    expect(s.cell("wait").status).toBe("timeout");
    expect(s.cell("uses").status).toBe("blocked");
    s.setSource("wait", "const x = await new Promise(() => {});");
    await tick();
    expect(s.cell("wait").status).toBe("running");
    s.setSource("wait", "const x = 41;");
    await s.whenIdle();
    expect(s.cell("uses").status).toBe("ok");
  });

  it("does nothing to a cell that is not running", async () => {
    const s = start(js("const a = 1;", "id=a"));
    await s.whenIdle();
    s.stop("a");
    await s.whenIdle();
    expect(s.cell("a").status).toBe("ok");
  });
});

describe("a notebook value an exercise changes (the page: refuseNotebookChanges)", () => {
  const body =
    js('const FEATURES = ["tenure", "spend"];', "id=setup") +
    `\n::: exercise id=count points=1 title="Count"\n${js('const n = todo();', "starter")}\n${js('const n = [...FEATURES, "orders"].length;', "solution")}\n${js('assert.equal(n, 3, "n");', 'check name=three message="n is 3"')}\n::: hint\nCopy first.\n:::\n:::\n` +
    js("const count = FEATURES.length;", "id=reader");

  function open(code: string) {
    const s = new Session(parseNotebook(`---\nid: t\ntitle: T\nsummary: S\nversion: 1\n---\n${body}`, "t.md"), {code: {count: code}, refuseNotebookChanges: true});
    sessions.push(s);
    s.start();
    return s;
  }

  it("is an error in the student's words, the value is computed afresh for everyone else, and a copy then works", async () => {
    const s = open('FEATURES.push("orders");\nconst n = FEATURES.length;');
    await s.whenIdle();
    await tick();
    await s.whenIdle();
    expect(s.cell("count")).toMatchObject({status: "error", message: expect.stringMatching(/^`FEATURES` belongs to the notebook, and this cell changed it .*e\.g\. `const mine = \[\.\.\.FEATURES\]`/)});
    expect(await s.value("count")).toBe(2);
    expect(s.checks()[0]).toMatchObject({status: "error", message: expect.stringContaining("`FEATURES` belongs to the notebook")});
    s.setSource("count", 'const n = [...FEATURES, "orders"].length;');
    await s.whenIdle();
    expect(s.cell("count").status).toBe("ok");
    expect(s.checks()[0]!.status).toBe("passed");
    expect(await s.value("count")).toBe(2);
  });

  it("leaves an exercise that only reads notebook values alone", async () => {
    const s = open('const n = [...FEATURES, "orders"].length;');
    await s.whenIdle();
    expect(s.cell("count").status).toBe("ok");
    expect(s.checks()[0]!.status).toBe("passed");
  });
});

describe("work a cell's run started elsewhere (fitInWorker's workers)", () => {
  // A stand-in for fitInWorker: resolves never, records the signal it was given and whether it was aborted.
  const seen: AbortSignal[] = [];
  const fakeLibrary = () =>
    Promise.resolve({
      fitInWorker: (_spec: unknown, _X: unknown, _y: unknown, options: {signal?: AbortSignal} = {}) => {
        seen.push(options.signal!);
        return new Promise(() => {});
      }
    });

  function startWith(body: string) {
    const s = new Session(parseNotebook(`---\nid: t\ntitle: T\nsummary: S\nversion: 1\n---\n${body}`, "t.md"), {modules: new ModuleTable({drillbook: fakeLibrary})});
    sessions.push(s);
    s.start();
    return s;
  }

  it("gets the run's signal, which Stop and a re-run abort, so the page can terminate the workers", async () => {
    seen.length = 0;
    const s = startWith(js('import {fitInWorker} from "drillbook";\nconst fitted = await fitInWorker(1, 2, 3);', "id=a"));
    await tick();
    expect(seen).toHaveLength(1);
    expect(seen[0]!.aborted).toBe(false);
    s.stop("a");
    expect(seen[0]!.aborted).toBe(true);
    s.setSource("a", 'import {fitInWorker} from "drillbook";\nconst fitted = await fitInWorker(1, 2, 3, {});');
    await tick();
    expect(seen).toHaveLength(2);
    s.setSource("a", "const fitted = 0;");
    await s.whenIdle();
    expect(seen[1]!.aborted).toBe(true);
  });

  it("keeps a signal the student passed: either one aborts the fit", async () => {
    seen.length = 0;
    const s = startWith(js('import {fitInWorker} from "drillbook";\nconst mine = new AbortController();\nconst fitted = fitInWorker(1, 2, 3, {signal: mine.signal});\nmine.abort();', "id=a"));
    await s.whenIdle();
    expect(seen[0]!.aborted).toBe(true);
  });
});

describe("a long fit's progress", () => {
  it("reaches the page (session.on progress) and the cell's own onProgress alike", async () => {
    const library = () =>
      Promise.resolve({
        fitInWorker: async (_s: unknown, _X: unknown, _y: unknown, options: {onProgress?: (f: number) => void} = {}) => {
          options.onProgress?.(0.25);
          options.onProgress?.(1);
          return "fitted";
        }
      });
    const s = new Session(parseNotebook(`---\nid: t\ntitle: T\nsummary: S\nversion: 1\n---\n${js('import {fitInWorker} from "drillbook";\nconst seen = [];\nconst fitted = await fitInWorker(1, 2, 3, {onProgress: (f) => seen.push(f)});', "id=a")}`, "t.md"), {modules: new ModuleTable({drillbook: library})});
    sessions.push(s);
    const reported: Array<[string, number]> = [];
    s.on({progress: (id, f) => reported.push([id, f])});
    s.start();
    await s.whenIdle();
    expect(reported).toEqual([["a", 0.25], ["a", 1]]);
    expect(await s.value("seen")).toEqual([0.25, 1]);
  });
});
