// The libraries a cell may import. Each is bundled and loaded on first use (so a notebook that never imports
// the ML packages never downloads them); anything else is refused before the cell runs, never fetched.
type Loader = () => Promise<unknown>;

export const BUNDLED_MODULES: Readonly<Record<string, Loader>> = Object.freeze({
  drillbook: () => import("../lib/index.js").then(freezeExports),
  "@observablehq/plot": () => import("@observablehq/plot"),
  "@observablehq/inputs": () => import("@observablehq/inputs"),
  "simple-statistics": () => import("simple-statistics"),
  "ml-kmeans": () => import("ml-kmeans"),
  "ml-regression": () => import("ml-regression"),
  "ml-matrix": () => import("ml-matrix"),
  arquero: () => import("arquero"),
  seedrandom: () => import("seedrandom")
});

/**
 * Checks call the teaching library, so student code must not patch it: freeze each exported function and class
 * with its prototype. (The module namespace itself is already read-only.)
 */
function freezeExports<T extends object>(ns: T): T {
  for (const value of Object.values(ns)) {
    if (typeof value === "function") {
      Object.freeze(value);
      if (value.prototype) Object.freeze(value.prototype);
    } else if (value && typeof value === "object" && !isModuleNamespace(value)) {
      Object.freeze(value);
    }
  }
  return ns;
}

/** A re-exported module namespace (like `aq`, arquero's) is read-only already, and Object.freeze throws on it. */
function isModuleNamespace(value: object): boolean {
  return Object.prototype.toString.call(value) === "[object Module]";
}

/** Builtins that stand for a bundled module (cells use them without importing). */
export const BUILTIN_MODULES: Readonly<Record<string, string>> = Object.freeze({
  Plot: "@observablehq/plot",
  Inputs: "@observablehq/inputs"
});

/** The bundled modules these cells will load: their imports, and the modules behind builtins they read. */
export function modulesUsed(programs: Iterable<{inputs: string[]; imports: string[]}>): string[] {
  const names = new Set<string>();
  for (const p of programs) {
    for (const m of p.imports) names.add(m);
    for (const i of p.inputs) if (BUILTIN_MODULES[i]) names.add(BUILTIN_MODULES[i]!);
  }
  return [...names];
}

export class ModuleTable {
  private readonly cache = new Map<string, Promise<unknown>>();
  constructor(private readonly loaders: Readonly<Record<string, Loader>> = BUNDLED_MODULES) {}

  names(): Set<string> {
    return new Set(Object.keys(this.loaders));
  }

  load(name: string): Promise<unknown> {
    let p = this.cache.get(name);
    if (!p) {
      const loader = this.loaders[name];
      if (!loader) {
        return Promise.reject(new Error(`cannot import "${name}": cells can import only ${[...this.names()].join(", ")}`));
      }
      p = loader();
      this.cache.set(name, p);
    }
    return p;
  }

  /**
   * Start loading these modules (see modulesUsed), so the downloads overlap with the rest of the page's start
   * instead of waiting for the first run to ask. Unknown names are left for the run to report.
   */
  prefetch(names: Iterable<string>): void {
    for (const name of names) if (this.loaders[name]) this.load(name).catch(() => {});
  }

  /**
   * The `__import(specifier, names)` the transpiler's import rewriting calls. Given the run's `signal`, the
   * library functions that start work outside the page (RUN_SCOPED) take it, so a Stop or a re-run ends that work.
   */
  importer(signal?: AbortSignal, progress?: (fraction: number) => void): (name: string, names?: string[]) => Promise<unknown> {
    return async (name, names = []) => {
      const ns = (await this.load(name)) as Record<string, unknown>;
      const missing = names.filter((n) => n !== "default" && !(n in ns));
      if (missing.length) throw new SyntaxError(`"${name}" has no export named ${missing.map((m) => `"${m}"`).join(", ")}`);
      // A cell that imports fitInWorker will fit: start a worker when the page is next idle, warm for a fit the
      // student scrolls to, and not loading beside the cells still running on open (a fit that comes first starts
      // its own). Measured on the churn drill's cold open: Chromium sets a worker up through the page's main thread,
      // so one started at the import loaded only when the open's cells let go of the thread anyway.
      if (name === "drillbook" && names.includes("fitInWorker")) whenPageIdle(() => (ns.fitInWorker as {prewarm?: () => void} | undefined)?.prewarm?.());
      return signal && RUN_SCOPED[name] ? scopeToRun(ns, RUN_SCOPED[name], signal, progress) : ns;
    };
  }
}

/**
 * Exports that start work a cell's run does not otherwise own (fitInWorker's workers), with the position of their
 * options argument: a cell's import of them passes its run's AbortSignal there, so the work ends with the run.
 */
const RUN_SCOPED: Readonly<Record<string, Readonly<Record<string, number>>>> = Object.freeze({drillbook: Object.freeze({fitInWorker: 3})});

function scopeToRun(ns: Record<string, unknown>, scoped: Readonly<Record<string, number>>, signal: AbortSignal, progress?: (fraction: number) => void): Record<string, unknown> {
  const copy: Record<string, unknown> = {...ns};
  for (const [name, at] of Object.entries(scoped)) {
    const fn = ns[name];
    if (typeof fn !== "function") continue;
    copy[name] = (...args: unknown[]) => {
      const options = (args[at] ?? {}) as {signal?: AbortSignal; onProgress?: unknown};
      const mine = options.signal instanceof AbortSignal ? AbortSignal.any([options.signal, signal]) : signal;
      const theirs = options.onProgress;
      const onProgress = progress && (theirs === undefined || typeof theirs === "function")
        ? (fraction: number) => {
            progress(fraction);
            (theirs as ((f: number) => void) | undefined)?.(fraction);
          }
        : theirs; // not a function: fitInWorker refuses it with its own message
      args[at] = {...options, signal: mine, ...(onProgress === undefined ? {} : {onProgress})};
      return (fn as (...a: unknown[]) => unknown)(...args);
    };
  }
  return Object.freeze(copy);
}

/** Run `fn` once the page's main thread is idle (requestIdleCallback, within 2 s), or soon where there is none. */
function whenPageIdle(fn: () => void): void {
  if (typeof requestIdleCallback === "function") requestIdleCallback(() => fn(), {timeout: 2000});
  else setTimeout(fn, 0);
}
