// An attack corpus against the grader, graded in real headless Chromium: the spec the grader's isolation must meet.
//
// For one exercise at a time we take an HONEST WRONG ANSWER (a plausible mistake that scores 0 on the exercise,
// mostly the notebook's own ```js wrong blocks) and add an attack to it. Whatever the attack does, it must earn no
// more points on that exercise than the honest wrong answer alone, and the batch must still grade every file.
// Some attacks patch built-ins: refused or not, the result must say so in a warning. A few submissions try to
// break the batch itself (popups, navigations): the run must finish and grade everyone else in full.
//
// Three batches share one built grading page: the points attacks (one grade() with one GradingBrowser), the
// zero-inflation attacks (slow: that notebook fits forests on 472,000 sessions), and the batch breakers, run
// through the real command line, because a breaker that escapes the grader ends the process, not a promise.
import {execFile} from "node:child_process";
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import os from "node:os";
import path from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {GradingBrowser} from "../../../src/grader/browser.js";
import {grade, type GradeRun} from "../../../src/grader/grade.js";
import {loadNotebook} from "../../../src/grader/notebooks.js";
import {buildGradePage} from "../../../src/grader/pageBuild.js";
import type {Results, SubmissionResult} from "../../../src/grader/results.js";
import type {Notebook} from "../../../src/notebook/types.js";

const root = path.resolve(import.meta.dirname, "../../..");
const notebooksDir = path.join(root, "notebooks");
const work = mkdtempSync(path.join(os.tmpdir(), "drillbook-attacks-"));

const books = new Map<string, Notebook>();
const book = (id: string): Notebook => {
  if (!books.has(id)) books.set(id, loadNotebook(path.join(notebooksDir, `${id}.md`)));
  return books.get(id)!;
};
const exerciseOf = (notebook: string, exercise: string) => {
  const e = book(notebook).exercises.find((x) => x.id === exercise);
  if (!e) throw new Error(`no exercise "${exercise}" in ${notebook}`);
  return e;
};
/** A notebook's own wrong answer, by its label (a renamed block fails here, loudly, rather than testing nothing). */
const wrong = (notebook: string, exercise: string, label: string): string => {
  const w = exerciseOf(notebook, exercise).wrongAnswers.find((x) => x.label === label);
  if (!w) throw new Error(`${notebook}/${exercise} has no wrong answer labelled "${label}"`);
  return w.source;
};
const solutions = (notebook: string) => Object.fromEntries(book(notebook).exercises.map((e) => [e.id, e.solution!]));
const submission = (notebook: string, student: string, cells: Record<string, string>, extra: Record<string, unknown> = {}) => ({
  notebook, version: book(notebook).version, savedAt: "2026-03-01T10:00:00.000Z", student, cells, ...extra
});

// --- The honest wrong answers: each scores 0 on its exercise (checked below), as a student's real mistake would.

/** save-load has no wrong block that fails its `download` check: this mistake builds the link as a plain object. */
const PLAIN_OBJECT_LINK = `const modelFile = JSON.stringify({
  scaler: saveModel(segScaler, {featureNames: features}),
  kmeans: saveModel(segKMeans, {
    featureNames: features,
    summary: {k: segKMeans.nClusters, nSamples: X.length, inertia: segKMeans.inertia, centers: segCenters, dataSeed: 42}
  })
}, null, 2);
const downloadLink = {href: URL.createObjectURL(new Blob([modelFile], {type: "application/json"})), download: "customer-segments.json"};
const parsed = JSON.parse(modelFile);
const reloaded = {scaler: loadModel(parsed.scaler), kmeans: loadModel(parsed.kmeans)};
const reloadedLabels = reloaded.kmeans.predict(reloaded.scaler.transform(X));`;

const HONEST: Record<string, () => string> = {
  "welcome/sum-of-squares": () => wrong("welcome", "sum-of-squares", "the sum of i, not of i squared"),
  "hidden-segments/root-causes": () => wrong("hidden-segments", "root-causes", "thinks the model knew the segments"),
  "hidden-segments/segment-metrics": () => wrong("hidden-segments", "segment-metrics", "MAPE multiplied by 100"),
  "hidden-segments/per-segment-models": () => wrong("hidden-segments", "per-segment-models", "every segment's model is fit on all training rows"),
  "hidden-segments/postmortem": () => wrong("hidden-segments", "postmortem", "one-word bullets"),
  "kmeans-customers/choose-k": () => wrong("kmeans-customers", "choose-k", "the same k fitted ten times"),
  "kmeans-customers/name-segments": () => wrong("kmeans-customers", "name-segments", "swaps thrifty and affluent regulars"),
  "kmeans-customers/save-load": () => PLAIN_OBJECT_LINK,
  "zero-inflation/find-the-leak": () => wrong("zero-inflation", "find-the-leak", "blames the strongest honest feature")
};

interface Attack {
  /** The submission file; its student is the file's name without .json. */
  file: string;
  notebook: string;
  exercise: string;
  /** What it attacks (the test's name). */
  attack: string;
  /** Added after the honest wrong answer of notebook/exercise (before it with at: "start"). */
  code: string;
  at?: "start";
  /** It patches a built-in or a library class: the result must carry a warning about the tampering. */
  builtins?: true;
}

const cellCode = (a: Attack): string => {
  const honest = HONEST[`${a.notebook}/${a.exercise}`]!();
  return a.at === "start" ? `${a.code}\n${honest}` : `${honest}\n${a.code}`;
};

// The reference values of kmeans choose-k, rewritten to the student's own (wrong) numbers.
const CK_REFERENCE = "{elbow: inertias.map((inertia, i) => ({k: ks[i], inertia})), silhouettes: [...silhouettes]}";
const REFUSED_PATCH = "try {\n  Function.prototype.call = function () {};\n} catch {}";

const ATTACKS: Attack[] = [
  // 1. Mutate a value an instructor cell computed, which a check reads. root-causes' check compares the answer with
  //    `model.coef.length === FEATURES.length`: make that false and the wrong `oneModelForAll: false` passes.
  {file: "rc-coef.json", notebook: "hidden-segments", exercise: "root-causes", attack: "overwrites the fitted model's coefficients (model.coef = ...)", code: "model.coef = Array(99).fill(0);"},
  {file: "rc-define-coef.json", notebook: "hidden-segments", exercise: "root-causes", attack: "redefines the model's coef with Object.defineProperty", code: 'Object.defineProperty(model, "coef", {value: new Float64Array(99)});'},
  {file: "rc-assign-coef.json", notebook: "hidden-segments", exercise: "root-causes", attack: "Object.assign onto the fitted model", code: "Object.assign(model, {coef: Array(99).fill(0)});"},
  {file: "rc-prototype.json", notebook: "hidden-segments", exercise: "root-causes", attack: "swaps the model's prototype for one with another coef (Object.setPrototypeOf)", code: "delete model.coef;\nObject.setPrototypeOf(model, {coef: Array(99).fill(0)});"},
  {file: "rc-push.json", notebook: "hidden-segments", exercise: "root-causes", attack: "pushes onto the notebook's FEATURES array", code: 'FEATURES.push("a", "b");'},
  {file: "rc-length.json", notebook: "hidden-segments", exercise: "root-causes", attack: "empties FEATURES (length = 0)", code: "FEATURES.length = 0;"},
  {file: "rc-index.json", notebook: "hidden-segments", exercise: "root-causes", attack: "assigns past the end of FEATURES (FEATURES[3] = ...)", code: 'FEATURES[3] = "x";'},
  // per-segment-models' checks compare the student's MAE with that of the notebook's yPred (a Float64Array).
  {file: "ps-fill.json", notebook: "hidden-segments", exercise: "per-segment-models", attack: "zeroes the notebook's predictions in place (typed array yPred.fill(0))", code: "yPred.fill(0);"},
  // name-segments' checks compare with the notebook's expectedNames array.
  {file: "ns-index.json", notebook: "kmeans-customers", exercise: "name-segments", attack: "writes the wrong names into expectedNames by index", code: 'expectedNames[0] = "affluent regulars";\nexpectedNames[1] = "thrifty";'},
  {file: "ns-sort.json", notebook: "kmeans-customers", exercise: "name-segments", attack: "sorts expectedNames in place into the student's order", code: "expectedNames.sort((a, b) => segmentNames.indexOf(a) - segmentNames.indexOf(b));"},
  // choose-k's checks read the plain object a notebook function caches its reference curves in.
  {file: "ck-assign.json", notebook: "kmeans-customers", exercise: "choose-k", attack: "Object.assign of its own curves onto the cached reference object", code: `Object.assign(customerReference(), ${CK_REFERENCE});`},

  // 2. The same mutations, scheduled to run after the cell has returned (and before, or while, the checks run).
  {file: "rc-microtask.json", notebook: "hidden-segments", exercise: "root-causes", attack: "pushes onto FEATURES in a queueMicrotask", code: 'queueMicrotask(() => FEATURES.push("a", "b"));'},
  {file: "rc-then.json", notebook: "hidden-segments", exercise: "root-causes", attack: "overwrites model.coef in a Promise.then", code: "Promise.resolve().then(() => {\n  model.coef = Array(99).fill(0);\n});"},
  {file: "rc-timeout.json", notebook: "hidden-segments", exercise: "root-causes", attack: "pushes onto FEATURES in a setTimeout", code: 'setTimeout(() => FEATURES.push("a", "b"), 0);'},
  {file: "ns-microtask.json", notebook: "kmeans-customers", exercise: "name-segments", attack: "splices expectedNames in a queueMicrotask", code: 'queueMicrotask(() => expectedNames.splice(0, 2, "affluent regulars", "thrifty"));'},
  {file: "ck-timeout.json", notebook: "kmeans-customers", exercise: "choose-k", attack: "rewrites the cached reference in a setTimeout (the checks await a timer first)", code: `setTimeout(() => Object.assign(customerReference(), ${CK_REFERENCE}), 0);`},

  // 3. Mutate from inside a getter on the student's own answer, which only a check reads.
  {file: "rc-getter.json", notebook: "hidden-segments", exercise: "root-causes", attack: "a getter on the answer that pushes onto FEATURES when the check reads it", code: 'Object.defineProperty(rootCauses, "oneModelForAll", {enumerable: true, get() {\n  FEATURES.push("a", "b");\n  return false;\n}});'},
  {
    file: "ck-index-getter.json", notebook: "kmeans-customers", exercise: "choose-k",
    attack: "index getters on its arrays that rewrite the check's reference curves in place, mid-check",
    code: [
      "const mine = {inertias: [...inertias], silhouettes: [...silhouettes]};",
      "const rewrite = () => {",
      "  const ref = customerReference();",
      "  ref.elbow.forEach((e, i) => (e.inertia = mine.inertias[i]));",
      "  ref.silhouettes.splice(0, ref.silhouettes.length, ...mine.silhouettes);",
      "};",
      "for (const [list, first] of [[inertias, mine.inertias[0]], [silhouettes, mine.silhouettes[0]]]) {",
      "  Object.defineProperty(list, 0, {enumerable: true, get() {",
      "    rewrite();",
      "    return first;",
      "  }});",
      "}"
    ].join("\n")
  },

  // 4. Own methods on the student's arrays (assignment is refused by the frozen Array.prototype, defineProperty is
  //    not), and patches of the iterators and prototypes the checks use.
  {file: "sm-own-foreach.json", notebook: "hidden-segments", exercise: "segment-metrics", attack: "an own forEach on metricsBySegment that skips the check's loop", code: 'Object.defineProperty(metricsBySegment, "forEach", {value: () => {}});'},
  {file: "ns-own-foreach.json", notebook: "kmeans-customers", exercise: "name-segments", attack: "an own forEach on segmentNames that skips the check's loop", code: 'Object.defineProperty(segmentNames, "forEach", {value: () => {}});'},
  {file: "pm-own-filter.json", notebook: "hidden-segments", exercise: "postmortem", attack: "an own filter on the answers that assert.answers calls", code: 'Object.defineProperty(postmortem, "filter", {value: () => ["the model failed its premium customers badly", "one straight line served three different segments", "report every metric per segment before deploying"]});'},
  {
    file: "sm-array-iterator.json", notebook: "hidden-segments", exercise: "segment-metrics", builtins: true,
    attack: "patches the array iterator's next to end every for-of inside the metrics check",
    // Only for loops written in the check itself (the frame that called next), so the engine and library still run.
    code: [
      "{",
      "  const arrayIterator = Object.getPrototypeOf([][Symbol.iterator]());",
      "  const next = arrayIterator.next;",
      "  arrayIterator.next = function () {",
      '    const from = new Error().stack.split("\\n")[2] || "";',
      '    return from.includes("segment-metrics_metrics-match") ? {done: true, value: undefined} : next.call(this);',
      "  };",
      "}"
    ].join("\n")
  },
  {file: "sm-array-prototype.json", notebook: "hidden-segments", exercise: "segment-metrics", builtins: true, attack: "replaces Array.prototype[Symbol.iterator] and Array.prototype.forEach", code: "Array.prototype[Symbol.iterator] = function* () {};\nArray.prototype.forEach = function () {};"},
  {file: "pm-regexp-split.json", notebook: "hidden-segments", exercise: "postmortem", builtins: true, attack: "patches RegExp.prototype[Symbol.split], which assert.answers counts words with", code: 'RegExp.prototype[Symbol.split] = function () {\n  return "one two three four five six seven".split(" ");\n};'},
  {file: "pm-string-split.json", notebook: "hidden-segments", exercise: "postmortem", builtins: true, attack: "patches String.prototype.split", code: 'String.prototype.split = function () {\n  return Array(9).fill("word");\n};'},

  // 5. instanceof: Symbol.hasInstance on a constructor a check uses, or a plain object given its prototype.
  {file: "sl-has-instance.json", notebook: "kmeans-customers", exercise: "save-load", builtins: true, attack: "Symbol.hasInstance on HTMLAnchorElement makes the plain object an <a>", code: "Object.defineProperty(HTMLAnchorElement, Symbol.hasInstance, {value: () => true});"},
  {file: "sl-set-prototype.json", notebook: "kmeans-customers", exercise: "save-load", attack: "gives the plain object HTMLAnchorElement.prototype (Object.setPrototypeOf)", code: "Object.setPrototypeOf(downloadLink, HTMLAnchorElement.prototype);"},
  {file: "sl-library-has-instance.json", notebook: "kmeans-customers", exercise: "save-load", builtins: true, attack: "Symbol.hasInstance on the library's KMeans class", code: "try {\n  Object.defineProperty(KMeans, Symbol.hasInstance, {value: () => true});\n} catch {}"},

  // 6. Read the call stack (checks are compiled as drillbook-cell-<exercise>_<check>.js) and answer per check.
  {file: "rc-stack.json", notebook: "hidden-segments", exercise: "root-causes", attack: "a getter that answers true only inside the one-model check (new Error().stack)", code: 'Object.defineProperty(rootCauses, "oneModelForAll", {enumerable: true, get: () => new Error().stack.includes("root-causes_one-model")});'},
  {file: "sm-stack.json", notebook: "hidden-segments", exercise: "segment-metrics", attack: "getters that divide MAPE by 100 only inside the metrics check", code: 'for (const m of metricsBySegment) {\n  const mape = m.mape;\n  Object.defineProperty(m, "mape", {enumerable: true, get: () => (new Error().stack.includes("segment-metrics_metrics-match") ? mape / 100 : mape)});\n}'},

  // 7. Hide the evidence: a patch must still be reported, whatever else the submission does. (The forged report
  //    matches the page's protocol and goes through window.parent: a bare `parent` is read as a notebook name.)
  {file: "w-refused-patch.json", notebook: "welcome", exercise: "sum-of-squares", builtins: true, attack: "a refused patch of Function.prototype.call, hiding nothing (the control)", code: REFUSED_PATCH},
  {file: "w-hide-set-iterator.json", notebook: "welcome", exercise: "sum-of-squares", builtins: true, attack: "a refused patch, then the Set iterator's next emptied so the tampering list comes out empty", code: `${REFUSED_PATCH}\nObject.getPrototypeOf(new Set().values()).next = () => ({done: true, value: undefined});`},
  {file: "w-forged-report.json", notebook: "welcome", exercise: "sum-of-squares", builtins: true, attack: "a refused patch, then its own report posted to the grading page first, with no tampering in it", code: `${REFUSED_PATCH}\nwindow.parent.postMessage({kind: "report", report: {exercises: {"sum-of-squares": {status: "ok", values: {sumOfSquares}}}, timedOut: false, changed: []}, tampered: []}, "*");`}
];

// Zero-inflation (slow): the honest answer blames engagement_depth; swapping that column with the leak
// (payment_amount) in the notebook's own table makes the leak check, the clean model and its score all agree.
const SLOW_ATTACKS: Attack[] = [
  {file: "z-table-data.json", notebook: "zero-inflation", exercise: "find-the-leak", at: "start", attack: "swaps two columns of the notebook's arquero table through its internal _data", code: "warehouseOrders._data = {...warehouseOrders._data, engagement_depth: warehouseOrders._data.payment_amount, payment_amount: warehouseOrders._data.engagement_depth};"},
  {file: "z-table-assign.json", notebook: "zero-inflation", exercise: "find-the-leak", at: "start", attack: "Object.assign of an array() method onto the table that swaps the two columns", code: 'const swapped = {engagement_depth: "payment_amount", payment_amount: "engagement_depth"};\nconst array = warehouseOrders.array;\nObject.assign(warehouseOrders, {array(name, ...rest) {\n  return array.call(this, swapped[name] ?? name, ...rest);\n}});'}
];

// 8. Batch breakers: each must end (at worst) its own run, never the batch. The honest answer comes first, so the
//    file is an ordinary wrong submission until the breaker runs.
const BREAKERS: Attack[] = [
  {file: "b-open-blank.json", notebook: "welcome", exercise: "sum-of-squares", attack: 'window.open("about:blank")', code: 'window.open("about:blank");'},
  {file: "b-open-page.json", notebook: "welcome", exercise: "sum-of-squares", attack: "window.open of a page (a navigation request with no frame yet)", code: 'window.open("/grade.html");'},
  {file: "b-open-navigate.json", notebook: "welcome", exercise: "sum-of-squares", attack: "window.open, then navigates the popup", code: 'const popup = window.open("about:blank");\npopup.location.href = "http://example.com/";'},
  {file: "b-push-state.json", notebook: "welcome", exercise: "sum-of-squares", attack: "history.pushState", code: 'history.pushState({}, "", "/elsewhere");'},
  {file: "b-location.json", notebook: "welcome", exercise: "sum-of-squares", attack: "location.href = ...", code: 'location.href = "about:blank";'},
  {file: "b-top-location.json", notebook: "welcome", exercise: "sum-of-squares", attack: "navigates the top window (window.top.location)", code: 'window.top.location.href = "about:blank";'},
  {file: "b-document-write.json", notebook: "hidden-segments", exercise: "root-causes", attack: 'document.write("") (wipes the document)', code: 'document.write("");'},
  {file: "b-iframe.json", notebook: "kmeans-customers", exercise: "save-load", attack: "appends an <iframe> and navigates it", code: 'const frame = document.createElement("iframe");\nframe.onload = () => {\n  frame.onload = null;\n  frame.contentWindow.location.href = "http://example.com/";\n};\nframe.src = "/grade.html";\ndocument.body.append(frame);'}
];

const stem = (file: string) => file.replace(/\.json$/, "");
const exercisesOf = (attacks: Attack[]) => [...new Set(attacks.map((a) => `${a.notebook}/${a.exercise}`))];
const honestFile = (key: string) => `honest-${key.replace("/", "-")}.json`;
const solutionFile = (notebook: string) => `solution-${notebook}.json`;

/** The files of a batch: each attack, the honest answer of each exercise attacked, and each notebook's solution. */
function batchFiles(attacks: Attack[], {honest = true} = {}): Record<string, unknown> {
  const files: Record<string, unknown> = {};
  for (const a of attacks) files[a.file] = submission(a.notebook, stem(a.file), {[a.exercise]: cellCode(a)});
  if (honest) {
    for (const key of exercisesOf(attacks)) {
      const [notebook, exercise] = key.split("/") as [string, string];
      files[honestFile(key)] = submission(notebook, stem(honestFile(key)), {[exercise]: HONEST[key]!()});
    }
  }
  for (const notebook of new Set(attacks.map((a) => a.notebook))) files[solutionFile(notebook)] = submission(notebook, stem(solutionFile(notebook)), solutions(notebook));
  return files;
}

function writeBatch(dir: string, files: Record<string, unknown>): void {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), {recursive: true});
    writeFileSync(file, JSON.stringify(content, null, 2));
  }
}

/** Results by file name (relative to the batch's folder). */
const byName = (results: Results, dir: string) => new Map(results.submissions.map((s) => [path.relative(dir, s.file), s] as const));
const pointsOn = (r: SubmissionResult | undefined, exercise: string): number => r?.exercises.find((e) => e.id === exercise)?.points.earned ?? 0;
const possibleOn = (notebook: string, exercise: string) => exerciseOf(notebook, exercise).points;
/** A warning that names tampering (today: "the submission tried to change X, which the checks rely on: refused"). */
const tamperWarning = (r: SubmissionResult | undefined) => (r?.warnings ?? []).some((w) => /tried to (change|patch)|tamper/i.test(w));

let browser: GradingBrowser | undefined;

beforeAll(async () => {
  const page = await buildGradePage();
  browser = await GradingBrowser.launch(page.dir, 3);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  rmSync(work, {recursive: true, force: true});
});

/** Grades a batch in this process with the shared browser. */
async function gradeBatch(name: string, files: Record<string, unknown>, timeoutSeconds: number) {
  const dir = path.join(work, name);
  writeBatch(dir, files);
  const run = await grade({submissions: [dir], notebooksDir, outDir: path.join(work, `${name}-out`), jobs: 2, timeoutSeconds, loopLimitSeconds: 4, browser});
  return {dir, run, result: byName(run.results, dir)};
}

/** The tests every points batch gets: it finishes, the baselines hold, and no attack beats its honest answer. */
function describePointsBatch(attacks: Attack[], batch: () => {dir: string; run: GradeRun; result: Map<string, SubmissionResult>}, files: () => Record<string, unknown>) {
  it("finishes the batch: every file has a result, and grade's exit code matches what was rejected", () => {
    const {run, dir} = batch();
    expect(run.results.submissions.map((s) => path.relative(dir, s.file)).sort()).toEqual(Object.keys(files()).sort());
    expect(run.exitCode).toBe(run.results.summary.rejected ? 1 : 0);
  });

  for (const key of exercisesOf(attacks)) {
    const [notebook, exercise] = key.split("/") as [string, string];
    it(`${key}: the honest wrong answer scores 0 and the solution full points`, () => {
      const {result} = batch();
      const honest = result.get(honestFile(key));
      expect(honest?.status).toBe("graded");
      expect(pointsOn(honest, exercise)).toBe(0);
      const solution = result.get(solutionFile(notebook));
      expect(solution?.points, "the solution file scores full points").toEqual({earned: solution?.points?.possible, possible: solution?.points?.possible});
      expect(pointsOn(solution, exercise)).toBe(possibleOn(notebook, exercise));
      // No false alarms: honest work is never reported as tampering or as changing the notebook's values.
      expect(solution?.warnings.filter((w) => /tamper|changed `/.test(w))).toEqual([]);
      expect(honest?.warnings.filter((w) => /tamper|changed `/.test(w))).toEqual([]);
    });
  }

  for (const a of attacks) {
    it(`${a.notebook}/${a.exercise}: ${a.attack} (${a.file}) earns no more than the honest wrong answer${a.builtins ? ", and is reported" : ""}`, () => {
      const {result} = batch();
      const r = result.get(a.file);
      expect(r, "the attack file has a result").toBeDefined();
      const honest = pointsOn(result.get(honestFile(`${a.notebook}/${a.exercise}`)), a.exercise);
      const earned = pointsOn(r, a.exercise);
      expect(earned, `${a.file} earned ${earned} of ${possibleOn(a.notebook, a.exercise)} points on ${a.exercise}; the honest wrong answer earned ${honest}`).toBeLessThanOrEqual(honest);
      if (a.builtins) expect(tamperWarning(r), `${a.file} patches a built-in, but its warnings say nothing of it: ${JSON.stringify(r?.warnings)}`).toBe(true);
    });
  }
}

// 9. Identity: ana's file says it is ben's, and was saved after ben's own. Ben's own work must stay graded.
const IDENTITY: Record<string, unknown> = {
  "ben.json": submission("welcome", "ben", solutions("welcome")),
  "ana.json": submission("welcome", "ben", {"sum-of-squares": HONEST["welcome/sum-of-squares"]!()}, {savedAt: "2026-03-02T10:00:00.000Z"})
};

describe("attacks on the grader: hidden-segments, kmeans-customers and welcome in one batch", () => {
  const files = () => ({...batchFiles(ATTACKS), ...IDENTITY});
  let batch: Awaited<ReturnType<typeof gradeBatch>>;
  beforeAll(async () => {
    batch = await gradeBatch("points", files(), 15);
  }, 300_000);

  describePointsBatch(ATTACKS, () => batch, files);

  it("keeps ben's own submission graded when ana's file claims to be ben's, and says the file and the student field disagree", () => {
    const ben = batch.result.get("ben.json");
    expect(ben?.status, `ben.json: ${ben?.error ?? ""}`).toBe("graded");
    expect(ben?.points).toEqual({earned: 2, possible: 2});
    const ana = batch.result.get("ana.json");
    const said = [...(ana?.warnings ?? []), ana?.error ?? ""].filter(Boolean);
    expect(said.some((w) => /\bben\b/.test(w) && /file/i.test(w)), `ana.json says: ${JSON.stringify(said)}`).toBe(true);
  });
});

// SLOW: zero-inflation runs the whole notebook per file (10 to 40 s a tab on this 2-core machine). At most 2 cases.
// Its checks' probes refit on slices of the split (session 6): the solution took 167 s at load 20 on 2 cores, so
// a file gets 240 s here (a timed-out solution scores 0 and would read as a scoring bug).
describe("attacks on the grader: zero-inflation (slow)", () => {
  const files = () => batchFiles(SLOW_ATTACKS);
  let batch: Awaited<ReturnType<typeof gradeBatch>>;
  beforeAll(async () => {
    batch = await gradeBatch("slow", files(), 240);
  }, 700_000);

  describePointsBatch(SLOW_ATTACKS, () => batch, files);
});

// The breakers' batch holds a solution of each notebook they use (zero-inflation's is graded in the slow batch: its
// minute of work would set this batch's --timeout, which a breaker that hangs its run costs in full).
describe("batch breakers, graded by the drillbook command beside a solution of each notebook", () => {
  const dir = path.join(work, "breakers");
  const out = path.join(work, "breakers-out");
  const files = () => batchFiles(BREAKERS, {honest: false});
  let exitCode: number | null = null;
  let output = "";
  let results: Results | undefined;
  let result = new Map<string, SubmissionResult>();

  beforeAll(async () => {
    writeBatch(dir, files());
    const args = [path.join(root, "bin/drillbook.js"), "grade", dir, "--notebooks", notebooksDir, "--out", out, "--jobs", "2", "--timeout", "20"];
    exitCode = await new Promise<number | null>((resolve) => {
      execFile(process.execPath, args, {cwd: root, maxBuffer: 64 * 1024 * 1024}, (error, stdout, stderr) => {
        output = `${stdout}\n${stderr}`.trim();
        resolve(error ? (typeof error.code === "number" ? error.code : null) : 0);
      });
    });
    const written = path.join(out, "results.json");
    if (existsSync(written)) {
      results = JSON.parse(readFileSync(written, "utf8")) as Results;
      result = byName(results, dir);
    }
  }, 400_000);

  // The last lines of the command's output, without stack frames.
  const tail = () => output.split("\n").filter((l) => !/^\s+at /.test(l)).slice(-8).join("\n");

  it("finishes the run: exit code 0 or 1, and results.json has every file", () => {
    expect([0, 1], `drillbook grade exited with ${exitCode}:\n${tail()}`).toContain(exitCode);
    expect(results, `no results.json was written:\n${tail()}`).toBeDefined();
    expect([...result.keys()].sort()).toEqual(Object.keys(files()).sort());
  });

  for (const notebook of new Set(BREAKERS.map((a) => a.notebook))) {
    it(`grades ${notebook}'s solution in the same batch with full points`, () => {
      const r = result.get(solutionFile(notebook));
      expect(r?.status, `${solutionFile(notebook)}: ${r?.error ?? "no result"}\n${tail()}`).toBe("graded");
      expect(r?.points?.earned).toBe(r?.points?.possible);
    });
  }

  for (const a of BREAKERS) {
    it(`${a.notebook}/${a.exercise}: ${a.attack} (${a.file}) gets a result, earns nothing, and leaves the batch whole`, () => {
      expect(result.get(a.file), `${a.file} has no result (exit code ${exitCode}):\n${tail()}`).toBeDefined();
      expect(pointsOn(result.get(a.file), a.exercise)).toBe(0);
    });
  }
});
