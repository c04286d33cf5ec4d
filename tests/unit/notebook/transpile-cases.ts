// The transpiler's table of cases, one cell a row: what it reads (inputs), declares (outputs), whether it is
// displayed (autodisplay), and which free names it writes (assigns). Shared by transpile.test.ts (our answers)
// and transpile-differential.test.ts (notebook-kit's answers on the same cells).

export interface Case {
  source: string;
  inputs: string[];
  outputs?: string[];
  autodisplay?: boolean;
  assigns?: string[];
  imports?: string[];
  /** The body is `async` (top-level await or a static import). */
  async?: boolean;
  /**
   * Set when notebook-kit deliberately answers differently; the row is left out of the differential test and
   * the reason is its documentation. (`__guard` and `__import` inputs are not differences: the differential
   * test removes them before comparing.)
   */
  differs?: string;
}

export interface ErrorCase {
  source: string;
  message: RegExp;
  line: number;
  column: number;
  /** Set when notebook-kit accepts the cell (so the differential test does not expect it to throw). */
  differs?: string;
}

const ASSIGNS = "notebook-kit throws 'Assignment to external variable'; we report the name in `assigns` (the engine gives the fix-it)";

export const cases: Case[] = [
  // Expressions and autodisplay
  {source: "1 + 2", inputs: [], autodisplay: true},
  {source: "x", inputs: ["x"], autodisplay: true},
  {source: "x;", inputs: ["x"]}, // a trailing semicolon makes it a program: not displayed
  {source: "a, b", inputs: ["a", "b"], autodisplay: true},
  {source: "{a: 1}", inputs: [], autodisplay: true}, // an object literal, as in notebook-kit, not a labelled block
  {source: "{a: b, c}", inputs: ["b", "c"], autodisplay: true},
  {source: "", inputs: []},
  {source: "// just a comment\n", inputs: []},
  {source: "const a = 1;\na + b", inputs: ["b"], outputs: ["a"]},
  {source: "display(x)", inputs: ["display", "x"]}, // an expression, but it displays by itself
  {source: "const v = view(slider);", inputs: ["view", "slider"], outputs: ["v"]},
  {source: "function () { return secret; }", inputs: ["secret"], autodisplay: true},
  {source: "(x)", inputs: ["x"], autodisplay: true},
  {source: "(function named() { return y; })", inputs: ["y"]}, // a named function is never displayed, even in parentheses
  // Declarations of every kind
  {source: "const a = 1;", inputs: [], outputs: ["a"]},
  {source: "let a = b, c = a;", inputs: ["b"], outputs: ["a", "c"]},
  {source: "var v = w;", inputs: ["w"], outputs: ["v"]},
  {source: "var a = 1; var a = 2; function b() {}", inputs: [], outputs: ["a", "b"]},
  {source: "function area(r) { return Math.PI * r ** 2 * scale; }", inputs: ["scale"], outputs: ["area"]},
  {source: "class Point {}", inputs: [], outputs: ["Point"]},
  {source: "class A extends B { m() { return C; } }", inputs: ["B", "C"], outputs: ["A"]},
  {source: "const r = helper(2);\nfunction helper(n) { return n * factor; }", inputs: ["factor"], outputs: ["r", "helper"]},
  {source: "const $el = _helper($root);", inputs: ["_helper", "$root"], outputs: ["$el"]},
  // Destructuring
  {source: "const {a, b: {c}, d = e, ...f} = g;", inputs: ["e", "g"], outputs: ["a", "c", "d", "f"]},
  {source: "const [h, , i = j, ...k] = l;", inputs: ["j", "l"], outputs: ["h", "i", "k"]},
  {source: "const {[key]: value} = obj;", inputs: ["key", "obj"], outputs: ["value"]},
  {source: "const f = ({a, b: [c]}, ...rest) => a + c + d + rest.length;", inputs: ["d"], outputs: ["f"]},
  {source: "function f(a, b = a + c) { return b; }", inputs: ["c"], outputs: ["f"]},
  // Shadowing: nested functions, blocks, catch, classes
  {source: "function f() { const a = 1; return a + b; }\nconst c = a;", inputs: ["b", "a"], outputs: ["f", "c"]},
  {source: "const data = 1;\nfunction f(data) { return data; }\nfunction g() { return other; }", inputs: ["other"], outputs: ["data", "f", "g"]},
  {source: "{ const x = 1; console.log(x); }\nx", inputs: ["x"]},
  {source: "if (c) { let t = 1; }\nconst u = t;", inputs: ["c", "t"], outputs: ["u"]},
  {source: "switch (k) { case 1: let s = 2; break; default: s; }", inputs: ["k"]},
  {source: "try { f(); } catch (e) { g(e); }", inputs: ["f", "g"]},
  {source: "try {} catch (err) {}\nerr", inputs: ["err"]},
  {source: "try { risky(); } catch { fallback(); }", inputs: ["risky", "fallback"]},
  {source: "const K = class Inner { m() { return Inner; } };\nInner", inputs: ["Inner"], outputs: ["K"]},
  {source: "function f() { x = 1; var x; return x; }", inputs: [], outputs: ["f"]},
  {source: "let s = 0;\nfunction f() { let t; t = 1; s = 2; }", inputs: [], outputs: ["s", "f"]},
  {source: "const fns = [];\nfor (let i = 0; i < 3; i++) fns.push(() => i);", inputs: ["__guard"], outputs: ["fns"]},
  {
    source: "{ class A {} }\nA",
    inputs: ["A"],
    differs: "a class declaration is block-scoped; notebook-kit scopes it to the enclosing function, so it finds no input"
  },
  // Classes: fields, accessors, static blocks
  {source: "class P { x = y; static z = w; [key] = 1; #p = q; }", inputs: ["y", "w", "key", "q"], outputs: ["P"]},
  {source: "const o = { get v() { return hidden; }, set v(n) { store(n); } };", inputs: ["hidden", "store"], outputs: ["o"]},
  {source: "class S { static { var t = 1; u = t; } }", inputs: [], outputs: ["S"], assigns: ["u"], differs: ASSIGNS},
  // Labels, members, keys, templates, optional chaining
  {source: "outer: for (const x of xs) {\n  for (const y of ys) { if (y) continue outer; break outer; }\n}", inputs: ["xs", "ys", "__guard"]},
  {source: "loop: while (true) { break loop; }", inputs: ["__guard"]},
  {source: "a.b.c(d)", inputs: ["a", "d"], autodisplay: true},
  {source: "a[b]", inputs: ["a", "b"], autodisplay: true},
  {source: "({k: v, s, [c]: 1, m() { return n; }})", inputs: ["v", "s", "c", "n"], autodisplay: true},
  {source: "const merged = {...base, ...extra};", inputs: ["base", "extra"], outputs: ["merged"]},
  {source: "`x=${x} y=${y.z}`", inputs: ["x", "y"], autodisplay: true},
  {source: "html`<b>${n}</b>`", inputs: ["html", "n"], autodisplay: true},
  {source: "a?.b?.[c]?.(d)", inputs: ["a", "c", "d"], autodisplay: true},
  // Await, generators, loops
  {source: "const r = await fetch(url);", inputs: ["url"], outputs: ["r"], async: true},
  {source: "await x", inputs: ["x"], autodisplay: true, async: true},
  {source: "async function load() { return await get(); }", inputs: ["get"], outputs: ["load"]},
  {source: "const f = async () => { for await (const c of s) log(c); };", inputs: ["s", "log", "__guard"], outputs: ["f"]},
  {source: "for await (const c of chunks) log(c);", inputs: ["chunks", "log", "__guard"], async: true},
  {source: "let total = 0;\nfor (const x of xs) total += x;", inputs: ["xs", "__guard"], outputs: ["total"]},
  {source: "function* gen(n) { for (let i = 0; i < n; i++) yield i * k; }", inputs: ["k", "__guard"], outputs: ["gen"]},
  {source: "const it = function* () { yield* other; };", inputs: ["other"], outputs: ["it"]},
  {source: "let i = 0;\ndo { i++; } while (i < n);", inputs: ["n", "__guard"], outputs: ["i"]},
  {source: "while (queue.length) process(queue.pop());", inputs: ["queue", "process", "__guard"]},
  {source: "for (const key in obj) keys.push(key);", inputs: ["obj", "keys", "__guard"]},
  {source: "for (var i = 0; i < 3; i++);\nconst last = i;", inputs: ["__guard"], outputs: ["last"]},
  // Imports (through the engine's `__import`)
  {source: 'import {mean, sum as total} from "simple-statistics";', inputs: ["__import"], outputs: ["mean", "total"], imports: ["simple-statistics"], async: true},
  {source: 'import * as Plot from "@observablehq/plot";', inputs: ["__import"], outputs: ["Plot"], imports: ["@observablehq/plot"], async: true},
  {source: 'import seedrandom from "seedrandom";\nconst rng = seedrandom(seed);', inputs: ["seed", "__import"], outputs: ["seedrandom", "rng"], imports: ["seedrandom"], async: true},
  {source: 'import d, * as ns from "m";\nimport "side";', inputs: ["__import"], outputs: ["d", "ns"], imports: ["m", "side"], async: true, differs: "notebook-kit throws 'unexpected namespace specifier' on a default import beside a namespace import; it is valid JavaScript and we rewrite it"},
  {source: 'const aq = await import("arquero");', inputs: ["__import"], outputs: ["aq"], imports: ["arquero"], async: true},
  {source: "const m = import(name);", inputs: ["name", "__import"], outputs: ["m"]},
  // Assignments to free names
  {source: "x = 1;", inputs: [], assigns: ["x"], differs: ASSIGNS},
  {source: "count += 1;", inputs: ["count"], assigns: ["count"], differs: ASSIGNS},
  {source: "n++", inputs: ["n"], autodisplay: true, assigns: ["n"], differs: ASSIGNS},
  {source: "x ||= 1", inputs: ["x"], autodisplay: true, assigns: ["x"], differs: ASSIGNS},
  {source: "[a, b] = [b, a];", inputs: ["b", "a"], assigns: ["a", "b"], differs: ASSIGNS},
  {source: "({p, q: r, ...s} = obj);", inputs: ["obj"], assigns: ["p", "r", "s"], differs: ASSIGNS},
  {source: "[a = d] = arr;", inputs: ["d", "arr"], assigns: ["a"], differs: ASSIGNS},
  {source: "function inc() { counter++; }", inputs: ["counter"], outputs: ["inc"], assigns: ["counter"], differs: ASSIGNS},
  {source: "for (x of xs) {}", inputs: ["xs", "__guard"], assigns: ["x"], differs: ASSIGNS},
  {source: "obj.prop = 1;\narr[i] = 2;", inputs: ["obj", "arr", "i"]},
  // Globals, typeof, arguments, this
  {source: 'typeof maybe === "undefined"', inputs: ["maybe"], autodisplay: true},
  {source: "Math.max(...data.map(Number)) + JSON.stringify(window.x)", inputs: ["data"], autodisplay: true},
  {source: "const z = undefined ?? NaN;", inputs: [], outputs: ["z"]},
  {source: "const self = this;", inputs: [], outputs: ["self"]},
  {source: "function f() { return arguments.length; }", inputs: [], outputs: ["f"]},
  {source: "const g = () => arguments;", inputs: ["arguments"], outputs: ["g"]},
  {
    source: "globalThis.structuredClone(x)",
    inputs: ["x"],
    autodisplay: true,
    differs: "globalThis and structuredClone are standard globals missing from notebook-kit's list (see EXTRA_GLOBALS)"
  }
];

export const errorCases: ErrorCase[] = [
  {source: "const x = (", message: /^Unexpected token$/, line: 1, column: 12},
  {source: "let a = 1;\nlet b = ;", message: /^Unexpected token$/, line: 2, column: 9},
  {source: "const a = 1;\nconst a = 2;", message: /^Identifier 'a' has already been declared$/, line: 2, column: 7},
  {source: "function f() {\n  await x;\n}", message: /^Cannot use keyword 'await' outside an async function$/, line: 2, column: 3},
  {source: 'if (c) {\n  import {a} from "m";\n}', message: /may only appear at the top level/, line: 2, column: 3},
  {source: "return 1;", message: /^'return' is not allowed at the top level of a cell/, line: 1, column: 1},
  {source: "export const x = 1;", message: /^'export' is not allowed in a cell/, line: 1, column: 1},
  {
    source: "\n  export default 1;",
    message: /^'export' is not allowed in a cell/,
    line: 2,
    column: 3,
    differs: "notebook-kit rejects only named exports; an `export default` passes into its body"
  },
  {source: "Math = 1;", message: /^Assignment to the global 'Math'/, line: 1, column: 1},
  {source: "const document = 1;", message: /^The global 'document' cannot be redefined/, line: 1, column: 7},
  {source: "let __guard = 0;", message: /^'__guard' is a name Drillbook reserves/, line: 1, column: 5, differs: "__guard is ours"},
  {source: 'x;\n__import("m")', message: /^'__import' is a name Drillbook reserves/, line: 2, column: 1, differs: "__import is ours"},
  {source: "#!/usr/bin/env node\nx", message: /^Unexpected character '!'$/, line: 1, column: 2, differs: "notebook-kit accepts a hashbang, then puts it inside its body"},
  {source: "import.meta.url", message: /^import\.meta is not available/, line: 1, column: 1, differs: "notebook-kit runs cells as modules"},
  {
    source: 'await import("data.json", {with: {type: "json"}})',
    message: /no options/,
    line: 1,
    column: 27,
    differs: "notebook-kit passes import attributes on to the browser"
  }
];

/** More cells, as a notebook would have them, for the differential test only (notebook-kit is the oracle). */
export const extraCorpus: string[] = [
  "const n = 200;\nconst xs = Array.from({length: n}, (_, i) => i / n);",
  "const ys = xs.map((x) => slope * x + intercept + noise());",
  "function fit(xs, ys) {\n  const mx = mean(xs), my = mean(ys);\n  let num = 0, den = 0;\n  for (let i = 0; i < xs.length; ++i) {\n    num += (xs[i] - mx) * (ys[i] - my);\n    den += (xs[i] - mx) ** 2;\n  }\n  return {slope: num / den, intercept: my - (num / den) * mx};\n}",
  "Plot.plot({marks: [Plot.dot(data, {x: \"x\", y: \"y\"}), Plot.lineY(fitted)]})",
  "const k = view(Inputs.range([1, 10], {step: 1, label: \"k\"}));",
  "display(html`<p>R² is ${r2.toFixed(3)}</p>`);",
  "const {slope, intercept} = fit(xs, ys);\nconst r2 = 1 - sse / sst;",
  "const groups = d3.group(rows, (d) => d.segment);\nconst sizes = new Map([...groups].map(([k, v]) => [k, v.length]));",
  "const table = aq.from(rows).groupby(\"segment\").rollup({n: aq.op.count()});"
];
