// Behaviour tests: compile each cell's body, call it with its inputs and check what it returns. The loop
// guard is a counting stand-in for the engine's (which measures time instead of counting).
import {describe, expect, it} from "vitest";
import {BODY_LINE_OFFSET, transpileCell} from "../../../src/notebook/transpile.js";

type Env = Record<string, unknown>;

function run(source: string, env: Env = {}, defined: Record<string, () => unknown> = {}): unknown {
  const {body, inputs} = transpileCell(source);
  // As compile.ts does: the body finds its run's record of declared names in its scope.
  const fn = new Function("__defined", `return ${body}`)(defined) as (...args: unknown[]) => unknown;
  return fn(
    ...inputs.map((name) => {
      if (!(name in env)) throw new Error(`test forgot input ${name}`);
      return env[name];
    })
  );
}

/** A guard that throws, as the engine's does, once it has been called more than `limit` times. */
function countingGuard(limit = 1e6) {
  const guard = () => {
    if (++guard.calls > limit) throw new Error(`this loop ran for ${limit} turns: is it infinite?`);
  };
  guard.calls = 0;
  return guard;
}

describe("running transpiled cells", () => {
  it("returns the outputs of a program", () => {
    const out = run("const a = 1, b = a + x;\nfunction double(n) { return 2 * n; }", {x: 2}) as Env;
    expect(out).toMatchObject({a: 1, b: 3});
    expect((out.double as (n: number) => number)(4)).toBe(8);
  });

  it("returns the value of an expression cell", () => {
    expect(run("{a: 1}")).toEqual({a: 1});
    expect(run("x * 2 // doubled", {x: 21})).toBe(42);
  });

  it("returns destructured outputs", () => {
    const out = run("const {p, q: [r = 5], ...rest} = obj;\nconst [h, , ...t] = arr;", {obj: {p: 1, q: [], s: 2}, arr: [1, 2, 3, 4]});
    expect(out).toEqual({p: 1, r: 5, rest: {s: 2}, h: 1, t: [3, 4]});
  });

  it("ends an infinite loop with the guard's error, wherever the loop is", () => {
    const message = /this loop ran for 1000 turns: is it infinite\?/;
    expect(() => run("while (true) {}", {__guard: countingGuard(1000)})).toThrow(message);
    expect(() => run("for (;;);", {__guard: countingGuard(1000)})).toThrow(message);
    expect(() => run("let i = 0;\ndo i++; while (true)", {__guard: countingGuard(1000)})).toThrow(message);
    expect(() => run("function spin() { while (true) {} }\nspin();", {__guard: countingGuard(1000)})).toThrow(message);
    expect(() => run("function* nat() { let n = 0; for (;;) yield n++; }\nfor (const n of nat()) {}", {__guard: countingGuard(1000)})).toThrow(message);
    expect(() => run("outer: while (true) { for (;;) continue outer; }", {__guard: countingGuard(1000)})).toThrow(message);
  });

  it("counts one guard call per iteration", () => {
    const guard = countingGuard();
    expect(run("let s = 0;\nfor (let i = 1; i <= 100; i++) s += i;", {__guard: guard})).toEqual({s: 5050});
    expect(guard.calls).toBe(100);
  });

  it("keeps labelled continue and break working", () => {
    const source = [
      "const primes = [];",
      "outer: for (let n = 2; primes.length < 10; n++) {",
      "  for (const p of primes) if (n % p === 0) continue outer;",
      "  primes.push(n);",
      "}",
      "let found = null;",
      "search: { for (const row of [[1, 2], [3, 4]]) for (const v of row) if (v > 2) { found = v; break search; } found = -1; }"
    ].join("\n");
    expect(run(source, {__guard: countingGuard()})).toEqual({primes: [2, 3, 5, 7, 11, 13, 17, 19, 23, 29], found: 3});
  });

  it("keeps break and continue in unbraced bodies working", () => {
    const guard = {__guard: countingGuard()};
    expect(run("let i = 0;\nwhile (true) if (++i >= 5) break;", guard)).toEqual({i: 5});
    expect(run("let j = 0;\ndo j += 2; while (j < 7)", guard)).toEqual({j: 8});
    expect(run("let s = 0;\nfor (let i = 0; i < 10; i++) if (i % 2) continue; else s += i;", guard)).toEqual({s: 20});
    expect(run("const keys = [];\nfor (const k in {a: 1, b: 2}) keys.push(k);", guard)).toEqual({keys: ["a", "b"]});
  });

  it("keeps a fresh binding per iteration for closures in a for-let loop", () => {
    const out = run("const fs = [];\nfor (let i = 0; i < 3; i++) fs.push(() => i);\nconst values = fs.map((f) => f());", {
      __guard: countingGuard()
    });
    expect((out as Env).values).toEqual([0, 1, 2]);
  });

  it("awaits at top level", async () => {
    expect(await run("const v = await Promise.resolve(x + 1);", {x: 1})).toEqual({v: 2});
    const guard = countingGuard();
    async function* chunks() {
      yield 1;
      yield 2;
    }
    expect(await run("let t = 0;\nfor await (const c of src) t += c;", {src: chunks(), __guard: guard})).toEqual({t: 3});
    expect(guard.calls).toBe(2);
  });

  it("imports through __import, naming what it imports", async () => {
    const calls: [string, string[] | undefined][] = [];
    const modules: Record<string, Env> = {stats: {mean: (xs: number[]) => xs.reduce((a, b) => a + b) / xs.length, default: "D"}};
    const __import = async (specifier: string, names?: string[]) => {
      calls.push([specifier, names]);
      return modules[specifier];
    };
    const out = await run(
      'import {mean as avg} from "stats";\nimport * as ns from "stats";\nimport d from "stats";\nconst m = avg([1, 2, 3]);\nconst later = await import("stats");',
      {__import}
    );
    expect(out).toMatchObject({avg: modules.stats!.mean, ns: modules.stats, d: "D", m: 2, later: modules.stats});
    expect(calls).toEqual([
      ["stats", ["mean"]],
      ["stats", undefined],
      ["stats", ["default"]],
      ["stats", undefined]
    ]);
  });

  it("maps a runtime error's line in the body back to the cell with BODY_LINE_OFFSET", () => {
    const source = "const a = 1;\nfor (const x of [1]) { a + x; }\nnull.boom;";
    let stack = "";
    try {
      run(source, {__guard: countingGuard()});
    } catch (error) {
      stack = (error as Error).stack ?? "";
    }
    // V8 numbers lines of `new Function` code after its two-line `function anonymous(\n) {` header.
    const match = /<anonymous>:(\d+):\d+/.exec(stack);
    expect(match).not.toBeNull();
    expect(Number(match![1]) - 2 - BODY_LINE_OFFSET).toBe(3);
  });

  it("records each top-level name once declared, so a run that fails part-way still has them", () => {
    const defined: Record<string, () => unknown> = {};
    const source = "let a = 1;\nconst {b, c: [d]} = {b: 2, c: [3]};\nclass K {}\nfunction f() { return 4; }\na = 10;\nthrow new Error('line 6');\nconst late = 5;";
    expect(() => run(source, {}, defined)).toThrow("line 6");
    const values = Object.fromEntries(Object.entries(defined).map(([k, read]) => [k, read()]));
    // f hoisted; late never declared; a is a let (a running total half-way is no answer), so not recorded
    expect(values).toMatchObject({b: 2, d: 3, f: expect.any(Function)});
    expect(Object.keys(values).sort()).toEqual(["K", "b", "d", "f"]);
  });

  it("records imported names and names declared without a semicolon", () => {
    const defined: Record<string, () => unknown> = {};
    const importer = async () => ({mean: () => 1});
    const run2 = run('import {mean} from "m"\nconst x = 1\nconst y = x + 1\nnull.boom', {__import: importer}, defined) as Promise<unknown>;
    return run2.then(() => expect.unreachable(), () => expect(Object.keys(defined).sort()).toEqual(["mean", "x", "y"]));
  });
});
