import {afterEach, describe, expect, it} from "vitest";
import {parseNotebook} from "../../../src/notebook/parse.js";
import {Session, type SessionOptions} from "../../../src/runtime/session.js";

const sessions: Session[] = [];
afterEach(() => sessions.splice(0).forEach((s) => s.dispose()));

function notebook(body: string) {
  return parseNotebook(`---\nid: t\ntitle: T\nsummary: S\nversion: 1\n---\n${body}`, "t.md");
}

async function run(body: string, options: SessionOptions = {}) {
  const s = new Session(notebook(body), options);
  sessions.push(s);
  s.start();
  await s.whenIdle();
  return s;
}

const js = (code: string, attrs = "") => `\n\`\`\`js ${attrs}\n${code}\n\`\`\`\n`;

const EXERCISE = `
::: exercise id=double points=1 title="Double"
${js("const doubled = todo();", "starter")}
${js("const doubled = base * 2;", "solution")}
${js('assert.equal(doubled, base * 2, "doubled", {because: "multiply base by 2"});', 'check name=is-double message="doubled is base times two"')}
${js('assert.above(doubled, 0, "doubled");', 'hidden-check name=positive message="doubled is positive"')}
::: hint
Multiply.
:::
:::
`;

describe("Session", () => {
  it("runs cells reactively and re-runs dependents on edit", async () => {
    const s = await run(js("const a = 2;", "id=a") + js("const b = a * 10;", "id=b") + js("b + 1", "id=c"));
    expect(s.cell("b").status).toBe("ok");
    expect(s.cell("c").displays).toEqual([21]);
    s.setSource("a", "const a = 5;");
    await s.whenIdle();
    expect(s.cell("c").displays).toEqual([51]);
  });

  it("supports several declarations, display() and top-level await", async () => {
    const s = await run(js("const x = 1, y = 2;\ndisplay(x + y);", "id=one") + js("const z = await Promise.resolve(x + y);\ndisplay(z);", "id=two"));
    expect(s.cell("one").displays).toEqual([3]);
    expect(s.cell("two").displays).toEqual([3]);
  });

  it("imports bundled libraries and refuses others before running", async () => {
    const s = await run(js('import {mean} from "simple-statistics";\nconst m = mean([1, 2, 3]);', "id=ok") + js('import {x} from "left-pad";', "id=bad"));
    expect(s.cell("ok").status).toBe("ok");
    expect(s.cell("bad")).toMatchObject({status: "error", static: true});
    expect(s.cell("bad").message).toContain('cannot import "left-pad"');
  });

  it("reports a duplicate definition on the newer cell, naming the other", async () => {
    const s = await run(js("const a = 1;", "id=first") + js("const b = a + 1;", "id=reader"));
    s.setSource("reader", "const b = 1;\nconst a = 3;");
    await s.whenIdle();
    expect(s.cell("first").status).toBe("ok");
    expect(s.cell("reader").status).toBe("error");
    expect(s.cell("reader").message).toContain('`a` is already defined in cell "first"');
  });

  it("reports an assignment to another cell's variable with a fix", async () => {
    const s = await run(js("let total = 0;", "id=owner") + js("total += 5;", "id=writer"));
    expect(s.cell("writer").status).toBe("error");
    expect(s.cell("writer").message).toContain('assigns `total`, which cell "owner"');
  });

  it("reports a cycle as a path", async () => {
    const s = await run(js("const a = b + 1;", "id=p") + js("const b = a + 1;", "id=q"));
    expect(s.cell("p").status).toBe("error");
    expect(s.cell("p").message).toMatch(/circular definition: .*reads `b`.*reads `a`/);
  });

  it("reports a syntax error with its line and column, and blocks readers", async () => {
    const s = await run(js("const a = 1;", "id=a") + js("const b = a +;", "id=b") + js("b * 2", "id=c"));
    expect(s.cell("b").message).toMatch(/syntax error: .*line 1, column \d+/);
    expect(s.cell("b").line).toBe(1);
    s.setSource("b", "const b = a + 1;");
    await s.whenIdle();
    expect(s.cell("c").displays).toEqual([4]);
  });

  it("shows runtime errors with their line and blocks dependents, naming the failed cell", async () => {
    const s = await run(js("const a = 1;\nconst b = null;\nconst c = b.length;", "id=broken") + js("const d = c + 1;", "id=next") + js("d", "id=last"));
    expect(s.cell("broken")).toMatchObject({status: "error", line: 3});
    expect(s.cell("next")).toMatchObject({status: "blocked", blockedBy: "broken"});
    expect(s.cell("last")).toMatchObject({status: "blocked", blockedBy: "broken"});
  });

  it("reports a name no cell defines", async () => {
    const s = await run(js("const y = undefinedThing + 1;", "id=u"));
    expect(s.cell("u").message).toContain("`undefinedThing` is not defined");
  });

  it("stops a runaway loop and stays usable", async () => {
    const s = await run(js("let i = 0;\nwhile (true) { i++; }", "id=spin") + js("const ok = 1;", "id=fine"), {loopLimitMs: 300});
    expect(s.cell("spin").status).toBe("timeout");
    expect(s.cell("spin").message).toMatch(/this loop ran for \d+\.\d s: is it infinite\?/);
    expect(s.cell("fine").status).toBe("ok");
    s.setSource("spin", "let i = 0;\nwhile (i < 10) { i++; }");
    await s.whenIdle();
    expect(s.cell("spin").status).toBe("ok");
  });

  it.each([
    ["an endless outer loop around a finite inner one", "let n = 0;\nwhile (n >= 0) {\n  for (let j = 0; j < 50; j++) n += j;\n}", 2],
    ["an endless inner loop in a finite outer one", "let n = 0;\nfor (let i = 0; i < 3; i++) {\n  while (true) n++;\n}", 3],
    ["a one-line pair of loops, the outer endless", "let n = 0;\nfor (;;) for (let j = 0; j < 50; j++) n++;", 2],
    ["an endless loop calling a function with a finite loop", "function f() { let s = 0; for (let k = 0; k < 50; k++) s += k; return s; }\nlet t = 0;\n\nwhile (true) t += f();", 4]
  ])("points the loop guard at the loop that ran too long: %s", async (_what, code, line) => {
    const s = await run(js(code, "id=spin"), {loopLimitMs: 200});
    expect(s.cell("spin")).toMatchObject({status: "timeout", line});
    expect(s.cell("spin").message).toMatch(/^this loop ran for \d+\.\d s: is it infinite\?/);
  });

  it("protects the names checks depend on, and the checks keep working", async () => {
    const s = await run(js("const base = 21;", "id=base") + js("const assert = {equal() {}};", "id=evil") + EXERCISE, {code: {double: "const doubled = 1;"}});
    expect(s.cell("evil").message).toContain("`assert` is provided by Drillbook");
    expect(s.checks()[0]).toMatchObject({status: "failed", message: expect.stringContaining("`doubled` is 1, expected 42")});
  });

  describe("checks", () => {
    const body = js("const base = 21;", "id=base") + EXERCISE;

    it("are not attempted on the starter", async () => {
      const s = await run(body);
      expect(s.checks().map((c) => [c.id, c.status])).toEqual([["double/is-double", "not-attempted"]]);
    });

    it("fail with a message naming the variable, found, expected and the likely cause", async () => {
      const s = await run(body, {code: {double: "const doubled = base + 2;"}});
      const [check] = s.checks();
      expect(check!.status).toBe("failed");
      expect(check!.message).toBe("`doubled` is 23, expected 42. Likely cause: multiply base by 2");
    });

    it("pass on the solution and re-run when what they read changes", async () => {
      const s = await run(body, {code: {double: "const doubled = base * 2;"}});
      expect(s.checks()[0]!.status).toBe("passed");
      s.setSource("double", "const doubled = 42;");
      await s.whenIdle();
      expect(s.checks()[0]!.status).toBe("passed");
      s.setSource("base", "const base = 5;");
      await s.whenIdle();
      expect(s.checks()[0]!.status).toBe("failed");
    });

    it("say error when the exercise code throws, and timeout when it loops", async () => {
      const s = await run(body, {code: {double: "const doubled = base.nope.x;"}, loopLimitMs: 300});
      expect(s.checks()[0]).toMatchObject({status: "error"});
      expect(s.checks()[0]!.message).toMatch(/^your code in exercise "Double" has an error at line \d+: /);
      s.setSource("double", "let doubled = 0;\nfor (;;) doubled++;");
      await s.whenIdle();
      expect(s.checks()[0]!.status).toBe("timeout");
    });

    it("fail when the variable is missing", async () => {
      const s = await run(body, {code: {double: "const tripled = base * 3;"}});
      expect(s.checks()[0]).toMatchObject({status: "failed", message: "`doubled` is not defined: the exercise asks you to define it"});
    });

    it("include hidden checks only when asked", async () => {
      const s = await run(body, {code: {double: "const doubled = base * 2;"}, includeHiddenChecks: true});
      expect(s.checks().map((c) => [c.name, c.status, c.hidden])).toEqual([["is-double", "passed", false], ["positive", "passed", true]]);
    });

    it("cannot be fooled by patching assert", async () => {
      const s = await run(body, {code: {double: "assert.equal = () => {};\nconst doubled = 1;"}});
      expect(s.checks()[0]!.status).not.toBe("passed");
    });
  });
});

describe("Session.value", () => {
  it("reads a cell's variable, and refuses names no cell defines", async () => {
    const s = await run(js("const a = 6;", "id=a") + js("const b = a * 7;", "id=b"));
    expect(await s.value("b")).toBe(42);
    await expect(s.value("nope")).rejects.toThrow('no cell defines "nope"');
  });
});

describe("displays", () => {
  it("shows a display() call once, and each value an expression cell yields", async () => {
    const s = new Session(notebook(js("display(7)", "id=once") + js("(async function* () { for (let i = 1; i <= 3; i++) { await new Promise((r) => setTimeout(r, 5)); yield i; } })()", "id=anim")));
    sessions.push(s);
    const frames: unknown[] = [];
    const last = new Promise<void>((resolve) => s.on({cell: (c) => {
      if (c.id !== "anim" || c.status !== "ok" || frames.at(-1) === c.displays[0]) return;
      frames.push(c.displays[0]);
      if (c.displays[0] === 3) resolve();
    }}));
    s.start();
    await last;
    expect(frames).toEqual([1, 2, 3]);
    expect(s.cell("once").displays).toEqual([7]);
  });
});

describe("restored code", () => {
  it("loses a name clash against the instructor's cells, whatever the page order", async () => {
    const body = `
::: exercise id=ex points=1 title="E"
${js("const answer = todo();", "starter")}
${js("const answer = 1;", "solution")}
${js('assert.equal(answer, 1, "answer");', 'check name=one message="answer is 1"')}
::: hint
h
:::
:::
${js("const later = 5;", "id=later")}`;
    const s = await run(body, {code: {ex: "const answer = 1;\nconst later = 2;"}});
    expect(s.cell("later").status).toBe("ok");
    expect(s.cell("ex").message).toContain('`later` is already defined in cell "later"');
  });
});

describe("loop guard", () => {
  it("gives each cell run its own time, even when the runtime computes them in one task", async () => {
    const busy = (ms: number) => `const t0 = performance.now();\nlet spins = 0;\nwhile (performance.now() - t0 < ${ms}) spins++;`;
    const s = await run(js(busy(250), "id=first") + js(`const after = 1;\n${busy(250)}`.replace("const t0", "const t1").replace("t0 <", "t1 <").replace("let spins", "let spins2").replace("spins++", "spins2++"), "id=second"), {loopLimitMs: 400});
    expect(s.cell("first").status).toBe("ok");
    expect(s.cell("second").status).toBe("ok");
  });
});

describe("modules", () => {
  it("freeze the library's exports without tripping on re-exported module namespaces", async () => {
    const s = await run(js('import {aq, LinearRegression} from "drillbook";\nconst frozen = Object.isFrozen(LinearRegression.prototype);\nconst t = aq.table({x: [1, 2]});', "id=lib"));
    expect(s.cell("lib").status, s.cell("lib").message).toBe("ok");
    expect(await s.value("frozen")).toBe(true);
  });
});

describe("deferred display-only cells", () => {
  const body = js("const a = 2;", "id=a") + js("a * 10", "id=show") + js("const b = a + 1;", "id=b") + js("display(b)", "id=hidden-show hidden") + EXERCISE.replace("base", "a").replace("base", "a").replace("base", "a");

  it("may defer only visible cells outside exercises, and holds one only if no cell that runs reads its names", () => {
    const s = new Session(notebook(body));
    sessions.push(s);
    expect(["a", "show", "b", "hidden-show", "double"].filter((id) => s.canDefer(id))).toEqual(["a", "show", "b"]);
    // a: the exercise and its checks read it; b: the hidden cell reads it
    expect(s.defer(["a", "b", "show"])).toEqual(["show"]);
  });

  // A model cell read only by its card below it: the two wait together; anything else that reads the model keeps it.
  const chain = js("const base = 3;", "id=base") + js("const model = base * 2;", "id=model") + js("display(model + 1)", "id=card") + EXERCISE;

  it("holds a cell whose names only held cells read, and runs both when the reader is released", async () => {
    const s = new Session(notebook(chain));
    sessions.push(s);
    expect(s.defer(["model"])).toEqual([]); // the card, which would run now, reads it
    expect(s.defer(["model", "card"]).sort()).toEqual(["card", "model"]);
    s.start();
    await s.whenIdle();
    expect(s.cell("base").status).toBe("ok");
    expect(s.cell("model")).toMatchObject({status: "not-run", deferred: true});
    await expect(s.value("model")).rejects.toThrow(/no cell defines "model"/);
    s.release("card");
    await s.whenIdle();
    expect(s.cell("model").status).toBe("ok");
    expect(s.cell("model").deferred).toBeFalsy();
    expect(s.cell("card")).toMatchObject({status: "ok", displays: [7]});
  });

  it("does not hold a model that a check reads, even when its card is held", () => {
    const checked = chain.replace("assert.equal(doubled, base * 2", "assert.equal(doubled + model - model, base * 2");
    expect(checked).not.toBe(chain);
    const s = new Session(notebook(checked));
    sessions.push(s);
    expect(s.defer(["model", "card"])).toEqual(["card"]);
  });

  it("runs a held cell as soon as a student's edit reads one of its names", async () => {
    const s = new Session(notebook(chain));
    sessions.push(s);
    s.defer(["model", "card"]);
    s.start();
    await s.whenIdle();
    s.setSource("double", "const doubled = model;");
    await s.whenIdle();
    expect(s.cell("model").status).toBe("ok");
    expect(s.cell("model").deferred).toBeFalsy();
    expect(await s.value("doubled")).toBe(6);
    expect(s.cell("card")).toMatchObject({status: "not-run", deferred: true}); // nothing reads the card
  });

  it("holds a deferred cell as not-run while the rest runs, and runs it with current values on release", async () => {
    const s = new Session(notebook(body));
    sessions.push(s);
    expect(s.defer(["show", "b", "double"])).toEqual(["show"]);
    s.start();
    await s.whenIdle();
    expect(s.cell("b").status).toBe("ok");
    expect(s.cell("show")).toMatchObject({status: "not-run", deferred: true, displays: []});
    s.setSource("a", "const a = 7;"); // upstream changes while held: still not run
    await s.whenIdle();
    expect(s.cell("show").status).toBe("not-run");
    s.release("show");
    await s.whenIdle();
    expect(s.cell("show")).toMatchObject({status: "ok", displays: [70]});
    expect(s.cell("show").deferred).toBeFalsy();
  });

  it("runs a held cell as soon as the student edits it", async () => {
    const s = new Session(notebook(body));
    sessions.push(s);
    s.defer(["show"]);
    s.start();
    await s.whenIdle();
    s.setSource("show", "const shown = a * 100;");
    await s.whenIdle();
    expect(s.cell("show").status).toBe("ok");
    expect(await s.value("shown")).toBe(200);
  });

  it("runs a held cell once when the student runs it unchanged", async () => {
    const s = new Session(notebook(body.replace("a * 10", "(globalThis.showRuns = (globalThis.showRuns ?? 0) + 1, a * 10)")));
    sessions.push(s);
    s.defer(["show"]);
    s.start();
    await s.whenIdle();
    s.setSource("show", s.source("show"));
    await s.whenIdle();
    expect(s.cell("show")).toMatchObject({status: "ok", displays: [20]});
    expect((globalThis as {showRuns?: number}).showRuns).toBe(1);
  });

  it("does not defer a cell that has already run", async () => {
    const s = await run(body);
    expect(s.defer(["show"])).toEqual([]);
    expect(s.cell("show").status).toBe("ok");
  });
});

describe("inputs the page keeps (view)", () => {
  /** A stand-in for an Observable input: a value and "input" events. */
  class FakeInput extends EventTarget {
    value = 10;
    move(to: number) {
      this.value = to;
      this.dispatchEvent(new Event("input"));
    }
  }

  it("start at the saved value, report each change, and the grader's session (no inputs option) keeps defaults", async () => {
    (globalThis as unknown as {FakeInput: typeof FakeInput}).FakeInput = FakeInput;
    const source = "---\nid: t\ntitle: T\nsummary: S\nversion: 1\n---\n\n```js id=slider\nconst box = new globalThis.FakeInput();\nconst n = view(box);\n```\n\n```js id=twice\nconst twice = 2 * n;\n```\n";
    const changes: Array<[string, unknown]> = [];
    const kept = new Session(parseNotebook(source, "t.md"), {inputs: {saved: {"slider#0": 12}, changed: (k, v) => changes.push([k, v])}});
    kept.start();
    await kept.whenIdle();
    expect(await kept.value("twice")).toBe(24);
    ((await kept.value("box")) as FakeInput).move(15);
    await new Promise((r) => setTimeout(r, 20));
    await kept.whenIdle();
    expect(await kept.value("twice")).toBe(30);
    expect(changes).toEqual([["slider#0", 15]]);
    kept.dispose();

    const plain = new Session(parseNotebook(source, "t.md"));
    plain.start();
    await plain.whenIdle();
    expect(await plain.value("twice")).toBe(20);
    plain.dispose();
  });
});
