// @vitest-environment happy-dom
// A check's probe (src/runtime/probe.ts): the student's exercise code run again on other inputs, in the page's
// engine and across the split run's data-only exchange, so an answer typed in as a literal fails.
import {afterEach, describe, expect, it} from "vitest";
import {parseNotebook} from "../../../src/notebook/parse.js";
import {runNotebook, type RunResult} from "../../../src/runtime/headless.js";
import {Session} from "../../../src/runtime/session.js";
import {runSplit} from "../../../src/runtime/split.js";

const fence = "```";
const source = (vary: string) => `---
id: probe-test
title: T
summary: S
version: 1
---

${fence}js id=data
const xs = [3, 1, 4, 1, 5];
const k = 2;
${fence}

::: exercise id=top title="Top" ${vary}

${fence}js starter
const top = todo("the k largest of xs, largest first");
${fence}

${fence}js solution
const top = [...xs].sort((a, b) => b - a).slice(0, k);
${fence}

${fence}js check name=follows message="top follows xs and k"
const reference = (values, n) => [...values].sort((a, b) => b - a).slice(0, n);
assert.equal(top, reference(xs, k), "top");
const other = {xs: [10, 30, 20, 40], k: 3};
const again = (await probe(other)).top;
assert.equal(again, reference(other.xs, other.k), "top for xs [10, 30, 20, 40] and k = 3", {because: "compute top from xs and k"});
assert.equal(other.xs, [10, 30, 20, 40], "the probe's own copy of xs");
${fence}

::: hint
Sort.
:::

:::
`;
const notebook = parseNotebook(source('vary="xs k"'), "probe-test.md");
const check = (r: RunResult) => r.checks.find((c) => c.id === "top/follows")!;

describe.each([
  ["the page's engine", (code: string, nb = notebook) => runNotebook(nb, {code: {top: code}})],
  ["the split run", (code: string, nb = notebook) => runSplit(nb, {code: {top: code}})]
])("probe, in %s", (_where, run) => {
  it("passes an answer computed from the inputs", async () => {
    expect(check(await run("const top = [...xs].sort((a, b) => b - a).slice(0, k);"))).toMatchObject({status: "passed"});
  });

  it("fails the solution's value typed in", async () => {
    expect(check(await run("const top = [5, 4];"))).toMatchObject({
      status: "failed", message: "`top for xs [10, 30, 20, 40] and k = 3` is [5, 4], expected [40, 30, 20]. Likely cause: compute top from xs and k"
    });
  });

  it("gives the student's code its own copy of the inputs: sorting xs in place changes nothing for the check", async () => {
    expect(check(await run("const top = xs.sort((a, b) => b - a).slice(0, k);"))).toMatchObject({status: "passed"});
  });

  it("reports an error raised on the other inputs as the student's, with the line of their cell", async () => {
    const r = await run("if (k !== 2) throw new Error(\"only k = 2 works\");\nconst top = [5, 4];");
    expect(check(r)).toMatchObject({status: "failed", message: "run again with `xs` = [10, 30, 20, 40] and `k` = 3, your code raised an error at line 1: only k = 2 works"});
  });

  it("leaves a starter not attempted", async () => {
    expect(check(await run('const top = todo("x");\n// touched'))).toMatchObject({status: "not-attempted"});
  });

  it("refuses to vary a name the exercise does not list", async () => {
    const r = await run("const top = [5, 4];", parseNotebook(source('vary="xs"'), "probe-test.md"));
    expect(check(r).message).toContain('probe varies `k`, which exercise "top" does not list: add it to vary="..." on its ::: exercise line');
  });
});

describe("vary in the notebook format", () => {
  it("lists names, and refuses what is not a name", () => {
    expect(notebook.exercises[0]!.vary).toEqual(["xs", "k"]);
    expect(notebook.exercises[0]!.answer).toBe("computed");
    expect(() => parseNotebook(source('vary="xs 2k"'), "probe-test.md")).toThrow(/exercise "top" has vary naming "2k"/);
    expect(() => parseNotebook(source("answer=guessed"), "probe-test.md")).toThrow(/answer is computed .* or typed/);
  });
});

// A probe with a class instance (an arquero table) hands the student's code that instance, methods and all:
// structuredClone would copy its fields and drop its prototype.
const tableSource = `---
id: probe-table
title: T
summary: S
version: 1
---

${fence}js id=data
import {aq} from "drillbook";
const t = aq.table({x: [1, 2, 3]});
${fence}

::: exercise id=sum title="Sum" vary="t"

${fence}js starter
const total = todo("the sum of column x");
${fence}

${fence}js solution
const total = Array.from(t.array("x")).reduce((a, b) => a + b, 0);
${fence}

${fence}js check name=follows message="total follows t"
const again = (await probe({t: aq.table({x: [10, 20]})})).total;
assert.equal(again, 30, "total for another table");
${fence}

::: hint
Add.
:::

:::
`;

describe.each([
  ["the page's engine", (nb: ReturnType<typeof parseNotebook>) => runNotebook(nb, {code: {sum: 'const total = Array.from(t.array("x")).reduce((a, b) => a + b, 0);'}})],
  ["the split run", (nb: ReturnType<typeof parseNotebook>) => runSplit(nb, {code: {sum: 'const total = Array.from(t.array("x")).reduce((a, b) => a + b, 0);'}})]
])("probe with a table, in %s", (_where, run) => {
  it("the student's code gets a table it can call methods on", async () => {
    const r = await run(parseNotebook(tableSource, "probe-table.md"));
    expect(r.checks.find((c) => c.id === "sum/follows")).toMatchObject({status: "passed"});
  });
});

// A check that only probes reads none of its exercise's names: it must still run again when the student edits the
// exercise (the page shows each edit's result at once), or its badge would keep the last code's verdict.
describe("a probe-only check in the page's session", () => {
  const sessions: Session[] = [];
  afterEach(() => sessions.splice(0).forEach((s) => s.dispose()));

  it("runs again when the exercise changes, and follows the new code", async () => {
    const s = new Session(parseNotebook(tableSource, "probe-table.md"), {code: {sum: 'const total = Array.from(t.array("x")).reduce((a, b) => a + b, 0);'}});
    sessions.push(s);
    s.start();
    await s.whenIdle();
    const status = () => s.checks().find((c) => c.id === "sum/follows")!.status;
    expect(status()).toBe("passed");
    s.setSource("sum", "const total = 6;");
    await s.whenIdle();
    expect(status()).toBe("failed");
    s.setSource("sum", 'const total = Array.from(t.array("x")).reduce((a, b) => a + b, 0);');
    await s.whenIdle();
    expect(status()).toBe("passed");
  });
});
