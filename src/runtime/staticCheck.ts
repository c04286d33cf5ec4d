// The static checks every command runs on an instructor's notebook before anything is built, served, validated or
// graded (see docs/authoring.md, "Errors in the file"): every cell, solution, check, hidden check and wrong answer
// must transpile; the graph the engine would build must have no duplicate, assignment to another cell's
// variable, reserved name, unknown import or cycle, with the starters and again with the solutions; and no code
// may read a name that no cell defines and the page does not provide. The parser's own errors come before these
// (parseNotebook throws them). Each problem is a NotebookError naming `file:line` in the notebook.
//
// This runs in Node (the Vite plugin, the CLI), so it calls the transpiler directly; the page never imports it.
import {transpileCell} from "../notebook/transpile.js";
import {GLOBALS} from "../notebook/transpile-globals.js";
import {CellSyntaxError, NotebookError, type CellProgram, type CellSpec, type Notebook} from "../notebook/types.js";
import {analyse, describeCell, RESERVED, type AnalysedCell} from "./analysis.js";
import {BUILTIN_MODULES, ModuleTable} from "./modules.js";

/** One piece of code in the notebook, where it sits, and how a message names it. */
interface Code {
  spec: CellSpec;
  /** "cell \"a\"", "the solution of exercise \"x\"", ... */
  what: string;
  program: CellProgram | null;
}

/** Every static problem of the notebook, in line order (empty: none). The notebook must be parsed with solutions. */
export function checkNotebook(notebook: Notebook): NotebookError[] {
  const file = notebook.file;
  const problems: NotebookError[] = [];
  const seen = new Set<string>();
  const report = (line: number, problem: string, fix = "", column?: number) => {
    if (seen.has(problem)) return; // a cycle is found on each of its cells, and most problems in both runs below
    seen.add(problem);
    problems.push(new NotebookError(file, line, problem, fix, column));
  };

  const compile = (spec: CellSpec, what: string): Code => {
    try {
      return {spec, what, program: transpileCell(spec.source)};
    } catch (e) {
      if (!(e instanceof CellSyntaxError)) throw e;
      report(spec.line + e.line - 1, `syntax error in ${what}: ${e.message}`, "", e.column);
      return {spec, what, program: null};
    }
  };

  const cells = notebook.cells.map((spec) => compile(spec, describeCell(spec, file)));
  const checks: Code[] = [];
  const solutions = new Map<string, Code>();
  const wrongs: Code[] = [];
  for (const exercise of notebook.exercises) {
    const cell = notebook.cells.find((c) => c.id === exercise.id)!;
    for (const c of [...exercise.checks, ...exercise.hiddenChecks]) {
      const id = `${exercise.id}/${c.name}`;
      const spec: CellSpec = {id, role: "check", source: c.source, line: c.line, hidden: true, folded: false, exerciseId: exercise.id};
      checks.push(compile(spec, describeCell(spec, file)));
    }
    if (exercise.solution !== undefined) {
      const line = solutionLine(notebook, exercise.id);
      solutions.set(exercise.id, compile({...cell, source: exercise.solution, line}, `the solution of exercise "${exercise.id}" (${file}:${line})`));
    }
    for (const w of exercise.wrongAnswers) {
      wrongs.push(compile({...cell, source: w.source, line: w.line}, `the wrong answer "${w.label}" of exercise "${exercise.id}" (${file}:${w.line})`));
    }
  }

  // The graph, as the page builds it (starters) and as validate and the grader run it (solutions).
  const knownModules = new ModuleTable().names();
  const runs = [cells, cells.map((c) => solutions.get(c.spec.id) ?? c)];
  for (const run of runs) {
    const all = [...run, ...checks];
    const analysed: AnalysedCell[] = all.map((c) => ({spec: c.spec, program: c.program, revision: 0}));
    const {errors} = analyse(analysed, RESERVED, knownModules, isKnownGlobal, file);
    for (const c of all) {
      const error = errors.get(c.spec.id);
      if (error) report(c.spec.line + (error.line ?? 1) - 1, `${c.what}: ${error.message}`);
    }
  }

  // Names read that nothing defines: a check reading `totl` would only fail when run.
  const defined = new Set<string>();
  for (const c of [...cells, ...solutions.values()]) for (const n of c.program?.outputs ?? []) defined.add(n);
  for (const c of [...cells, ...solutions.values(), ...checks, ...wrongs]) {
    for (const name of c.program?.inputs ?? []) {
      if (defined.has(name) || RESERVED.has(name) || name in BUILTIN_MODULES || isKnownGlobal(name)) continue;
      const at = firstUse(c.spec.source, name);
      const near = closest(name, defined);
      report(c.spec.line + at.line - 1, `${c.what} reads \`${name}\`, which no cell defines`,
        near ? `Did you mean \`${near}\`? Otherwise define it in a cell (const ${name} = ...), or write window.${name} for a browser global`
          : `Define it in a cell (const ${name} = ...), or write window.${name} for a browser global`, at.column);
    }
  }
  return problems.sort((a, b) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0));
}

/** The file line of an exercise's first line of solution code. */
function solutionLine(notebook: Notebook, exerciseId: string): number {
  const exercise = notebook.exercises.find((e) => e.id === exerciseId)!;
  return exercise.solutionLine ?? exercise.line;
}

/**
 * A name every page has: JavaScript's and the browser's globals (the transpiler's list, Node's, and the browser's
 * own that Node lacks). The runtime resolves any other free name to a window property, so a rarer browser global
 * should be read as `window.name`.
 */
export function isKnownGlobal(name: string): boolean {
  return GLOBALS.has(name) || name in globalThis || BROWSER_GLOBALS.has(name) || /^(HTML|SVG|CSS|DOM|IDB|RTC|XML|XPath|WebGL|WebGL2|Media|Audio|Canvas|Offscreen|Intersection|Resize|Mutation|Performance|Pointer|Keyboard|Mouse|Touch|Wheel|Focus|Input|Drag|Clipboard|Storage|Readable|Writable|Transform|Font|Image|Speech|Notification|Gamepad|Screen|Visual|Shadow|Text|Range|Selection|Node|Element|Document|Window|History|Location|Navigator)(?:[A-Z0-9]\w*)?$/.test(name);
}

const BROWSER_GLOBALS: ReadonlySet<string> = new Set([
  "alert", "confirm", "prompt", "localStorage", "sessionStorage", "indexedDB", "caches", "location", "history",
  "screen", "innerWidth", "innerHeight", "outerWidth", "outerHeight", "scrollX", "scrollY", "pageXOffset", "pageYOffset",
  "getComputedStyle", "matchMedia", "customElements", "self", "top", "parent", "frames", "opener", "origin",
  "requestIdleCallback", "cancelIdleCallback", "createImageBitmap", "getSelection", "open", "close", "print",
  "scrollTo", "scrollBy", "Node", "NodeList", "Element", "Document", "DocumentFragment", "Text", "Comment",
  "DOMParser", "XMLSerializer", "XMLHttpRequest", "FormData", "Request", "Response", "ReadableStream",
  "IntersectionObserver", "ResizeObserver", "MutationObserver", "KeyboardEvent", "MouseEvent", "PointerEvent",
  "InputEvent", "FocusEvent", "ErrorEvent", "MessageChannel", "MessagePort", "BroadcastChannel", "Notification",
  "OffscreenCanvas", "Option", "Audio", "speechSynthesis", "visualViewport", "isSecureContext", "crossOriginIsolated"
]);

/** 1-based line and column of the first place `name` is read in `source` (a whole word, not after a dot). */
function firstUse(source: string, name: string): {line: number; column: number} {
  const m = new RegExp(`(?<![\\w$.])${name.replace(/\$/g, "\\$")}(?![\\w$])`).exec(source);
  if (!m) return {line: 1, column: 1};
  const before = source.slice(0, m.index).split("\n");
  return {line: before.length, column: before[before.length - 1]!.length + 1};
}

/** The defined name nearest to `name` (edit distance at most a third of its length), for a "did you mean". */
function closest(name: string, names: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(name.length / 3)) + 1;
  for (const n of names) {
    const d = distance(name.toLowerCase(), n.toLowerCase());
    if (d < bestDistance) {
      best = n;
      bestDistance = d;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  let previous = Array.from({length: b.length + 1}, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = row;
  }
  return previous[b.length]!;
}
