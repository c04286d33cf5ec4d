// @vitest-environment happy-dom
// An exercise whose code fails part-way: the checks that read only names declared before the failing line run on
// them; those that read a later name (or probe the code) say the exercise has an error, as before. In the page's
// engine and across the split run's exchange, so the grader and the page agree.
import {afterEach, describe, expect, it} from "vitest";
import {parseNotebook} from "../../../src/notebook/parse.js";
import {runNotebook} from "../../../src/runtime/headless.js";
import {Session} from "../../../src/runtime/session.js";
import {runSplit} from "../../../src/runtime/split.js";

const fence = "```";
const js = (code: string, attrs = "") => `\n${fence}js ${attrs}\n${code}\n${fence}\n`;
const notebook = parseNotebook(`---
id: partial
title: T
summary: S
version: 1
---
${js('const xs = [3, 1, 4, 1, 5];\nconst FEATURES = ["a", "b"];', "id=data")}
::: exercise id=stats title="Stats" vary="xs"
${js('const total = todo("the sum");\nconst top = todo("the largest");', "starter")}
${js("const total = xs.reduce((a, b) => a + b, 0);\nconst top = Math.max(...xs);", "solution")}
${js('assert.equal(total, xs.reduce((a, b) => a + b, 0), "total");', 'check name=total message="total is the sum"')}
${js('assert.equal(top, Math.max(...xs), "top");', 'check name=top message="top is the largest"')}
${js('const again = await probe({xs: [2, 7]});\nassert.equal(again.top, 7, "top for [2, 7]");', 'check name=probe-top message="top follows xs"')}
::: hint
Add.
:::
:::
`, "partial.md");

const BROKEN_AFTER_TOTAL = "const total = xs.reduce((a, b) => a + b, 0);\nconst top = xs.maximum();";

describe.each([
  ["the page's engine", (code: string) => runNotebook(notebook, {code: {stats: code}})],
  ["the split run", (code: string) => runSplit(notebook, {code: {stats: code}})]
])("an exercise that fails part-way, in %s", (_where, run) => {
  it("runs the checks that read only what was declared before the failing line", async () => {
    const r = await run(BROKEN_AFTER_TOTAL);
    const status = Object.fromEntries(r.checks.map((c) => [c.id, c.status]));
    expect(status["stats/total"]).toBe("passed");
    expect(status["stats/top"]).toBe("error");
    expect(r.checks.find((c) => c.id === "stats/top")!.message).toBe('your code in exercise "Stats" has an error at line 2: xs.maximum is not a function');
    expect(status["stats/probe-top"]).toBe("error"); // a probe of a failed exercise fails as it did
    expect(r.cells.find((c) => c.id === "stats")).toMatchObject({status: "error", line: 2});
  });

  it("fails a wrong early value on its own check, still", async () => {
    const r = await run("const total = 0;\nconst top = xs.maximum();");
    // ...saying the error below is the first thing to fix: the value may be one the error cut short
    expect(r.checks.find((c) => c.id === "stats/total")).toMatchObject({
      status: "failed", message: expect.stringMatching(/^`total` is 0, expected 14 \(your code stopped with an error at line 2 before its end: fix that first; this check read what came before it\)$/)
    });
  });

  it("gives nothing when a todo() ends the run: a placeholder declared before it is not an answer", async () => {
    const r = await run('const total = 0;\nconst top = todo("the largest");');
    expect(r.checks.map((c) => c.status)).toEqual(["not-attempted", "not-attempted", "not-attempted"]);
  });

  it("gives nothing when the first line fails", async () => {
    const r = await run("const total = xs.summe();\nconst top = Math.max(...xs);");
    expect(r.checks.map((c) => c.status)).toEqual(["error", "error", "error"]);
  });
});

describe("a run that fails part-way in the page's session", () => {
  const sessions: Session[] = [];
  afterEach(() => sessions.splice(0).forEach((s) => s.dispose()));

  it("goes green check by check as the student mends the code, and a notebook value changed before the failure is still refused", async () => {
    const s = new Session(notebook, {code: {stats: BROKEN_AFTER_TOTAL}, refuseNotebookChanges: true});
    sessions.push(s);
    s.start();
    await s.whenIdle();
    const status = (id: string) => s.checks().find((c) => c.id === `stats/${id}`)!.status;
    expect([status("total"), status("top")]).toEqual(["passed", "error"]);
    s.setSource("stats", "const total = xs.reduce((a, b) => a + b, 0);\nconst top = Math.max(...xs);");
    await s.whenIdle();
    expect([status("total"), status("top"), status("probe-top")]).toEqual(["passed", "passed", "passed"]);
    // Throwing on purpose after changing a notebook value does not slip past the refusal.
    s.setSource("stats", 'FEATURES.push("c");\nconst total = xs.reduce((a, b) => a + b, 0);\nthrow new Error("skip the refusal");\nconst top = 5;');
    await s.whenIdle();
    expect(s.cell("stats").message).toMatch(/`FEATURES` belongs to the notebook/);
    expect(status("total")).toBe("error");
  });
});
