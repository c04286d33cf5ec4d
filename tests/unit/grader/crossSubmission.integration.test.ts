// One submission must not see or change another's grade, however the grader reuses its browser between them.
//
// Each attack is a welcome submission (its honest wrong answer plus the attack) graded in one tab right before a
// victim: a solution that must keep every point, an honest wrong answer that must stay wrong, or a spy that scores
// only if it finds what the attacker left. Every victim is graded first on its own (the control); graded after its
// attacker, in the same tab, its result must be the same check for check. The attacks leave what outlives a cell:
// a patched prototype, a replaced global, a timer, a worker, a poisoned engine or library module, a hang as their
// frame closes, and things to find in storage, globals and channels. A naive reuse of the student's realm (one
// realm for two submissions, or two same-origin frames side by side) fails most of them.
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from "node:fs";
import os from "node:os";
import path from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {GradingBrowser} from "../../../src/grader/browser.js";
import {grade} from "../../../src/grader/grade.js";
import {loadNotebook} from "../../../src/grader/notebooks.js";
import {buildGradePage} from "../../../src/grader/pageBuild.js";
import type {SubmissionResult} from "../../../src/grader/results.js";
import type {Notebook} from "../../../src/notebook/types.js";

const root = path.resolve(import.meta.dirname, "../../..");
const notebooksDir = path.join(root, "notebooks");
const work = mkdtempSync(path.join(os.tmpdir(), "drillbook-cross-"));

const books = new Map<string, Notebook>();
const book = (id: string): Notebook => {
  if (!books.has(id)) books.set(id, loadNotebook(path.join(notebooksDir, `${id}.md`)));
  return books.get(id)!;
};
const solutions = (notebook: string) => Object.fromEntries(book(notebook).exercises.map((e) => [e.id, e.solution!]));
const wrong = (notebook: string, exercise: string, label: string): string => {
  const w = book(notebook).exercises.find((e) => e.id === exercise)?.wrongAnswers.find((x) => x.label === label);
  if (!w) throw new Error(`${notebook}/${exercise} has no wrong answer labelled "${label}"`);
  return w.source;
};
const submission = (notebook: string, student: string, cells: Record<string, string>) => ({
  notebook, version: book(notebook).version, savedAt: "2026-03-01T10:00:00.000Z", student, cells
});

const WELCOME_WRONG = () => wrong("welcome", "sum-of-squares", "the sum of i, not of i squared");
const WELCOME_RIGHT = () => solutions("welcome")["sum-of-squares"]!;

// --- What the attacks plant. `lie(w)` makes window w's built-ins lie, but only to the victims' exercise cells
// (their stack names them): the attacker's own run, and the engine, are left alone, so its report goes out clean.
const LIE = `
const lie = (w) => {
  if (w.drillbookLies) return;
  w.drillbookLies = true;
  const victim = () => /drillbook-cell-(segment-metrics|per-segment-models)\\.js/.test(String(new w.Error().stack));
  const flatMap = w.Array.prototype.flatMap;
  w.Array.prototype.flatMap = function (...args) {
    return victim() ? [] : flatMap.apply(this, args);
  };
  const math = w.Math;
  w.Math = Object.assign(Object.create(math), {abs: (x) => (victim() ? 0 : math.abs(x)), sqrt: (x) => (victim() ? 0 : math.sqrt(x))});
};
const everywhere = () => {
  const windows = [window];
  try {
    for (let i = 0; i < window.parent.length; i++) windows.push(window.parent[i]);
  } catch {}
  for (const w of windows) {
    try {
      lie(w);
    } catch {}
  }
};`;

/** Finds the engine's and the library's modules by their loaded chunks (a submission can import them by URL). */
const FIND_MODULES = `
const chunkUrls = [...new Set([
  ...[...document.querySelectorAll("script[src], link[href]")].map((e) => e.src || e.href),
  ...performance.getEntriesByType("resource").map((e) => e.name)
])].filter((u) => u.endsWith(".js"));
const importUrl = (0, eval)("(u) => import(u)");
const exported = [];
for (const url of chunkUrls) {
  try {
    exported.push(...Object.values(await importUrl(url)));
  } catch {}
}
const sourceOf = (f) => Function.prototype.toString.call(f);`;

const POISON = `${FIND_MODULES}
// The module table's loads: the slider the welcome's n comes from starts at 20, not 10.
for (const f of exported) {
  const proto = typeof f === "function" ? f.prototype : undefined;
  if (!proto) continue;
  if (typeof proto.load === "function" && typeof proto.prefetch === "function" && typeof proto.importer === "function") {
    const load = proto.load;
    proto.load = function (name) {
      return load.call(this, name).then((ns) => (name === "@observablehq/inputs" ? {...ns, range: (extent, options) => ns.range(extent, {...options, value: 20})} : ns));
    };
  }
  // Every model class of the library predicts zeros for the victim's per-segment models.
  if (typeof proto.predict === "function" && typeof proto.fit === "function") {
    const predict = proto.predict;
    proto.predict = function (...args) {
      const out = predict.apply(this, args);
      return /drillbook-cell-per-segment-models\\.js/.test(String(new Error().stack)) ? out.map(() => 0) : out;
    };
  }
}`;

const PLANT = `
window.drillbookSecret = "planted";
try {
  window.localStorage.setItem("drillbook-secret", "planted");
} catch {}
try {
  window.sessionStorage.setItem("drillbook-secret", "planted");
} catch {}
try {
  window.document.cookie = "drillbookSecret=planted; max-age=3600; path=/";
} catch {}
window.name = "drillbook-secret";
try {
  await new Promise((resolve) => {
    const open = window.indexedDB.open("drillbook-secret");
    open.onupgradeneeded = () => open.result.createObjectStore("secret");
    open.onsuccess = open.onerror = () => resolve();
  });
} catch {}
try {
  await (await window.caches.open("drillbook-secret")).put("/secret", new window.Response("planted"));
} catch {}
const channel = new window.BroadcastChannel("drillbook-secret");
channel.onmessage = () => channel.postMessage("planted");`;

const SPY = `const seen = [];
if (window.drillbookSecret || window.drillbookLies) seen.push("a global");
try {
  if (window.localStorage.getItem("drillbook-secret")) seen.push("localStorage");
} catch {}
try {
  if (window.sessionStorage.getItem("drillbook-secret")) seen.push("sessionStorage");
} catch {}
try {
  if (window.document.cookie.includes("drillbookSecret")) seen.push("a cookie");
} catch {}
if (window.name === "drillbook-secret") seen.push("window.name");
try {
  if ((await window.indexedDB.databases()).some((d) => d.name === "drillbook-secret")) seen.push("IndexedDB");
} catch {}
try {
  if (await window.caches.has("drillbook-secret")) seen.push("CacheStorage");
} catch {}
const heard = await new Promise((resolve) => {
  const channel = new window.BroadcastChannel("drillbook-secret");
  channel.onmessage = () => resolve(true);
  channel.postMessage("anyone?");
  window.setTimeout(() => resolve(false), 300);
});
if (heard) seen.push("a BroadcastChannel");
if (seen.length) throw new Error("found what an earlier submission left: " + seen.join(", "));
${WELCOME_WRONG()}`;

interface Attack {
  /** The test's name: what the attacker does. */
  attack: string;
  /** Added to the attacker's honest wrong answer of welcome's sum-of-squares. */
  code: string;
  /** The submissions graded right after it, in the same tab, by name (see VICTIMS). */
  victims: Array<keyof typeof VICTIMS>;
}

const VICTIMS = {
  "hidden-segments solution": () => submission("hidden-segments", "", solutions("hidden-segments")),
  "welcome solution": () => submission("welcome", "", {"sum-of-squares": WELCOME_RIGHT()}),
  "welcome wrong answer": () => submission("welcome", "", {"sum-of-squares": WELCOME_WRONG()}),
  "welcome spy": () => submission("welcome", "", {"sum-of-squares": SPY})
};

const ATTACKS: Attack[] = [
  {attack: "patches Array.prototype.flatMap and replaces the global Math, to lie to the next one's cells", code: `${LIE}\nlie(window);`, victims: ["hidden-segments solution"]},
  {attack: "leaves a timer that patches every window it can reach", code: `${LIE}\nwindow.setInterval(everywhere, 1);`, victims: ["hidden-segments solution"]},
  {
    attack: "leaves a worker whose messages patch every window it can reach",
    code: `${LIE}\nconst worker = new Worker(URL.createObjectURL(new Blob(["setInterval(() => postMessage(0), 2)"], {type: "text/javascript"})));\nworker.onmessage = everywhere;`,
    victims: ["hidden-segments solution"]
  },
  {
    attack: "poisons the modules the realm keeps loaded, imported by URL: the engine's module table and the library's model classes",
    code: POISON,
    victims: ["welcome solution", "hidden-segments solution"]
  },
  {attack: "hangs its process when its frame closes (pagehide)", code: 'addEventListener("pagehide", () => (0, eval)("for (;;) {}"));', victims: ["welcome solution"]},
  {attack: "plants a global, storage, a cookie, window.name, IndexedDB, CacheStorage and a BroadcastChannel for the next to find", code: PLANT, victims: ["welcome spy"]},
  {
    attack: "answers with data shaped to pollute prototypes where the checks run (__proto__, constructor.prototype)",
    code: 'const rootCauses = JSON.parse(\'{"__proto__": {"oneModelForAll": true, "polluted": true}, "constructor": {"prototype": {"oneModelForAll": true}}}\');',
    victims: ["hidden-segments solution"]
  }
];

const pad = (n: number) => String(n).padStart(2, "0");
/** The attack batch in grading order: each attacker, then its victims. */
// DRILLBOOK_CROSS_ONLY=4,6 grades only those attacks (numbered from 1), to watch one at a time.
const only = process.env.DRILLBOOK_CROSS_ONLY ? process.env.DRILLBOOK_CROSS_ONLY.split(",").map(Number) : null;
const sequence = ATTACKS.flatMap((a, i) => (only && !only.includes(i + 1) ? [] : [
  {file: `${pad(i + 1)}-0-attacker.json`, content: submission("welcome", `${pad(i + 1)}-0-attacker`, {"sum-of-squares": `${WELCOME_WRONG()}\n${a.code}`})},
  ...a.victims.map((v, j) => ({file: `${pad(i + 1)}-${j + 1}-victim.json`, victim: v, content: {...VICTIMS[v](), student: `${pad(i + 1)}-${j + 1}-victim`}}))
]));

function writeBatch(dir: string, files: Array<{file: string; content: unknown}>): void {
  mkdirSync(dir, {recursive: true});
  for (const {file, content} of files) writeFileSync(path.join(dir, file), JSON.stringify(content, null, 2));
}

/** What must not change: every check's verdict and message, the points and the warnings. */
const verdict = (r: SubmissionResult | undefined) => ({
  status: r?.status,
  points: r?.points,
  warnings: r?.warnings,
  checks: r?.exercises.flatMap((e) => e.checks.map((c) => `${c.id}: ${c.status}${c.message ? ` (${c.message})` : ""}`))
});

let browser: GradingBrowser | undefined;
const alone = new Map<string, SubmissionResult>();
const after = new Map<string, SubmissionResult>();
let warmAttackRuns = 0;

beforeAll(async () => {
  const page = await buildGradePage();
  // One tab: every submission runs in the tab the one before it used.
  browser = await GradingBrowser.launch(page.dir, 1);
  const victims = sequence.filter((s) => "victim" in s);
  const controls = path.join(work, "controls");
  writeBatch(controls, victims);
  const attacks = path.join(work, "attacks");
  writeBatch(attacks, sequence);
  const options = {notebooksDir, outDir: null, jobs: 1, timeoutSeconds: 20, loopLimitSeconds: 4, browser};
  // Each victim alone, in a fresh browser's tab, before any attacker ran there.
  for (const s of (await grade({...options, submissions: [controls]})).results.submissions) alone.set(path.basename(s.file), s);
  const warmBefore = browser.stats.warmRuns;
  for (const s of (await grade({...options, submissions: [attacks]})).results.submissions) after.set(path.basename(s.file), s);
  warmAttackRuns = browser.stats.warmRuns - warmBefore;
}, 400_000);

afterAll(async () => {
  await browser?.close();
  rmSync(work, {recursive: true, force: true});
});

describe("one submission cannot see or change the next one's grade in the same tab", () => {
  it("grades every attacker in full (none hung or stopped its own run), and each victim alone as expected (the controls)", () => {
    for (const s of sequence) expect(after.get(s.file)?.status, s.file).toBe("graded");
    for (const s of sequence.filter((x) => !("victim" in x))) {
      expect(after.get(s.file)?.warnings.filter((w) => /stopped after|did not settle|grading page stopped/.test(w)), s.file).toEqual([]);
    }
    const control = (v: keyof typeof VICTIMS) => sequence.filter((s) => "victim" in s && s.victim === v).map((s) => alone.get(s.file));
    for (const r of control("hidden-segments solution")) expect(r?.points?.earned).toBe(r?.points?.possible);
    for (const r of control("welcome solution")) expect(r?.points).toEqual({earned: 2, possible: 2});
    for (const r of [...control("welcome wrong answer"), ...control("welcome spy")]) expect(r?.points).toEqual({earned: 0, possible: 2});
  });

  it("ran them in one student process, one after another (a tab replaced only where a run went wrong)", () => {
    expect(warmAttackRuns).toBeGreaterThanOrEqual(sequence.length / 2);
  });

  ATTACKS.forEach((a, i) => {
    if (only && !only.includes(i + 1)) return;
    it(`the one before ${a.attack}: ${a.victims.join(", ")} graded right after it exactly as alone`, () => {
      for (const s of sequence.filter((x) => x.file.startsWith(`${pad(i + 1)}-`) && "victim" in x)) {
        expect(verdict(after.get(s.file)), `${s.file} (${"victim" in s ? s.victim : ""})`).toEqual(verdict(alone.get(s.file)));
      }
    });
  });
});
