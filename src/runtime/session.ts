// A running notebook: its cells and checks as variables of @observablehq/runtime, re-run reactively when what
// they read changes. Knows nothing of the page: the browser app and the grader both drive it through events.
import {Runtime, RuntimeError} from "@observablehq/runtime";
import {transpileCached} from "./programCache.js";
import {CellSyntaxError, type CellProgram, type CellSpec, type Exercise, type Notebook} from "../notebook/types.js";
import {analyse, describeCell, RESERVED, type AnalysedCell, type StaticError} from "./analysis.js";
import {assert} from "./assert.js";
import {cellLineOf, compileBody, definedValues, type DefinedNames} from "./compile.js";
import {PartialRun} from "./partialRun.js";
import {deferrableTogether, heldButNeeded, isDeferrable, type DeferralNode} from "./deferral.js";
import {fingerprint} from "./fingerprint.js";
import {cellRunTimers, type CellRunTimers} from "./cellTimers.js";
import {CellRunError, CellStoppedError, LoopTimeoutError, NotAttemptedError, NotebookValueChangedError} from "./errors.js";
import {makeLoopGuard, type LoopGuard} from "./guard.js";
import {inputValues, isInputLike} from "./inputs.js";
import {TaskSlicer} from "./taskSlicer.js";
import {probeFor, type ProbeRunner} from "./probe.js";
import {BUILTIN_MODULES, ModuleTable} from "./modules.js";
import {cellOutcome, checkOutcome, type CellOutcome, type CheckOutcome, type Upstream} from "./outcome.js";

export type {CellStatus, CheckStatus} from "./outcome.js";

export {RESERVED};
/** Injected per cell rather than shared through the runtime. */
const PER_CELL = new Set(["display", "view", "probe", "__guard", "__import"]);

export interface CellState extends CellOutcome {
  id: string;
  /** Values shown by display(), view() and an expression cell, in order. */
  displays: unknown[];
  /** True for a static error found before running (syntax, duplicate, cycle, ...). */
  static?: boolean;
  /** Not run yet on purpose: a display-only cell held back until it is wanted (see Session.defer). */
  deferred?: boolean;
}

export interface CheckState extends CheckOutcome {
  /** `${exerciseId}/${name}`, the badge's data-check. */
  id: string;
  exerciseId: string;
  name: string;
  hidden: boolean;
  /** What the check wants, from the notebook. */
  description: string;
}

export interface SessionOptions {
  /** Run hidden checks too (the grader). */
  includeHiddenChecks?: boolean;
  /** Code for exercise cells (restored work or a submission), by exercise id; defaults to the starter. */
  code?: Record<string, string>;
  /** The student's edits to other (non-check) cells, by cell id: the page restores them; the grader never passes any. */
  edits?: Record<string, string>;
  /** How long synchronous loop work may run before it is stopped. */
  loopLimitMs?: number;
  modules?: ModuleTable;
  /** Define check cells (default true). The student's side of a split run has none: checks run elsewhere. */
  checks?: boolean;
  /**
   * Exercise cells do not run their code here: each takes what the student's side computed (see split.ts). Used
   * by the checks' side of a split run, where no student code ever runs.
   */
  provided?: (exerciseId: string) => Promise<ProvidedExercise>;
  /**
   * How a check's probe runs the student's code again on other inputs (probe.ts). The checks' side of a split run
   * asks the student's side; by default the exercise cell's code runs again here (Session.rerun).
   */
  probe?: ProbeRunner;
  /** Fingerprint the notebook values exercise cells read, so changedNotebookValues() can tell which were changed. */
  watchNotebookValues?: boolean;
  /** Called right after an exercise cell's code returns or throws (and again when its promise settles). */
  afterExerciseRun?: () => void;
  /**
   * The page: an exercise cell that changes a notebook value it read (sorts FEATURES in place, overwrites a
   * model's field) ends in an error that says so and how to work on a copy; it is held until run again, and the
   * notebook's value is computed afresh. A clear error teaches what a silent copy would hide.
   */
  refuseNotebookChanges?: boolean;
  /**
   * The grader: nobody looks at its pages, so the runtime computes on the next task instead of the next animation
   * frame (its default, to paint between updates). Each wait for a frame kept a graded run's cells idle: a
   * hidden-segments submission took about 90 ms less from start to answer (measured, interleaved).
   */
  computeOnTasks?: boolean;
  /**
   * The page's input values (sliders, text boxes shown with `view`), kept across reloads: each `view(input)` of a
   * cell (keyed `cellId#k`, its k-th view) starts at the saved value, and every change is reported. The grader
   * passes none: checks always see the notebook's own defaults.
   */
  inputs?: {saved: Readonly<Record<string, unknown>>; changed(key: string, value: unknown): void};
  /** The student's own scratch cells (the page restores them; see addScratch). The grader never passes any. */
  scratch?: ReadonlyArray<{id: string; code: string}>;
  /**
   * The data seed cells read as `dataSeed`: a variant notebook's student's (variants.ts); by default the
   * notebook's front matter `seed`, or 42.
   */
  seed?: number;
}

/** An exercise's outcome on the student's side, as data: its values, or how it failed. */
export type ProvidedExercise =
  | {status: "ok"; values: Record<string, unknown>}
  | {status: "error" | "timeout" | "blocked"; message: string; line?: number; todo?: boolean; values?: Record<string, unknown>};

export interface SessionListener {
  cell?(state: CellState): void;
  check?(state: CheckState): void;
  busy?(busy: boolean): void;
  /** A long fit a cell started (fitInWorker) reports how far it is, from 0 to 1. */
  progress?(cellId: string, fraction: number): void;
}

interface Slot extends AnalysedCell {
  source: string;
  state: CellState;
  /** Fingerprint of what the main variable was last defined with. */
  defined?: string;
  /** The mistake found before running, if any. */
  staticError?: StaticError;
  /** The cell's value is a generator whose yields are displayed one after another. */
  showsYields?: boolean;
  main?: Variable;
  /** The timers of the cell's latest run (cellTimers.ts): ended when it runs again, is redefined or stopped. */
  runTimers?: CellRunTimers;
  /** Stopped by the student: left as it is until its next Run (setSource). */
  stopped?: boolean;
  check?: {exercise: Exercise; name: string; hidden: boolean; description: string; state: CheckState};
}

// The runtime ships no types; this is the part we use.
interface Variable {
  define(name: string | null, inputs: string[], definition: (...args: unknown[]) => unknown): Variable;
  delete(): void;
}
interface Observer {
  pending(): void;
  fulfilled(value: unknown): void;
  rejected(error: unknown): void;
}
interface RuntimeModule {
  variable(observer?: Observer): Variable;
  value(name: string): Promise<unknown>;
}

const mainName = (id: string) => `cell ${id}`;

/** The data seed when neither the student nor the notebook gives one. */
export const DEFAULT_SEED = 42;

/**
 * The page checks after each exercise run that the notebook values it read are unchanged; values larger than this
 * (in elements) are left to the grader, which watches everything. Measured with `npm run bench -- page`: watching
 * zero-inflation's 377,000-row matrices made applying its solutions 24 % slower (7.2 s against 5.8 s).
 */
const PAGE_WATCH_BUDGET = 1_000_000;

export class Session {
  readonly notebook: Notebook;
  private readonly runtime: {module(): RuntimeModule; dispose(): void; _computing: Promise<unknown> | null};
  private readonly module: RuntimeModule;
  private readonly modules: ModuleTable;
  private readonly guard: LoopGuard;
  private readonly inputMemory?: SessionOptions["inputs"];
  /** The latest value of every output that has one (see currentValueObserver). */
  private readonly currentValues = new Map<string, unknown>();
  private readonly slots = new Map<string, Slot>();
  private readonly order: string[] = [];
  private readonly outputs = new Map<string, {variable: Variable; cellId: string}>();
  private readonly listeners = new Set<SessionListener>();
  private readonly running = new Set<string>();
  private owners = new Map<string, string>();
  private revision = 0;
  private busy = false;
  private settleTimer: ReturnType<typeof setTimeout> | null = null;
  private idleWaiters: Array<() => void> = [];
  private started = false;
  private disposed = false;
  /** Cells held back by defer() until release(). */
  private readonly held = new Set<string>();
  private readonly slicer = new TaskSlicer();
  private readonly provided?: SessionOptions["provided"];
  private readonly probeRunner: ProbeRunner;
  private probes = 0;
  /** Notebook values exercise cells were given, with their fingerprint then (watchNotebookValues). */
  private readonly watched = new Map<object, {name: string; print: number}>();
  private readonly watch: boolean;
  private readonly afterExerciseRun?: () => void;
  private readonly refuseChanges: boolean;
  /** Fingerprints of notebook values as exercise cells last received them (refuseNotebookChanges). */
  private readonly prints = new WeakMap<object, number>();

  constructor(notebook: Notebook, options: SessionOptions = {}) {
    this.notebook = notebook;
    this.provided = options.provided;
    // In one realm the student's code gets its own copy of a probe's inputs, as it would across the split's exchange.
    this.probeRunner = options.probe ?? ((id, overrides) => this.rerun(id, Object.fromEntries(Object.entries(overrides).map(([k, v]) => [k, copyOf(v)]))));
    this.watch = options.watchNotebookValues ?? false;
    this.afterExerciseRun = options.afterExerciseRun;
    this.refuseChanges = options.refuseNotebookChanges ?? false;
    this.inputMemory = options.inputs;
    this.modules = options.modules ?? new ModuleTable();
    this.guard = makeLoopGuard(options.loopLimitMs ?? 4000);
    const seed = options.seed ?? notebook.seed ?? DEFAULT_SEED;
    const builtins: Record<string, unknown> = {assert: () => assert, todo: () => todo, dataSeed: () => seed};
    for (const [name, module] of Object.entries(BUILTIN_MODULES)) builtins[name] = () => this.modules.load(module);
    this.runtime = new (Runtime as unknown as new (builtins: object) => Session["runtime"])(builtins);
    this.module = this.runtime.module();
    if (options.computeOnTasks) this.computeOnTasks();
    const exercises = new Map(notebook.exercises.map((e) => [e.id, e]));
    for (const spec of notebook.cells) {
      const code = (spec.role === "exercise" ? options.code?.[spec.id] : options.edits?.[spec.id]) ?? spec.source;
      const slot = this.addSlot(spec, code);
      // Restored or submitted code counts as newer than the file: in a clash of names the instructor's cell keeps it.
      if (code !== spec.source) slot.revision = ++this.revision;
      const exercise = spec.exerciseId ? exercises.get(spec.exerciseId) : undefined;
      if (exercise && options.checks !== false) {
        const checks = [...exercise.checks, ...(options.includeHiddenChecks ? exercise.hiddenChecks : [])];
        for (const c of checks) {
          const id = `${exercise.id}/${c.name}`;
          const checkSpec: CellSpec = {id, role: "check", source: c.source, line: c.line, hidden: true, folded: false, exerciseId: exercise.id};
          const slot = this.addSlot(checkSpec, c.source);
          slot.check = {
            exercise, name: c.name, hidden: c.hidden, description: c.message,
            state: {id, exerciseId: exercise.id, name: c.name, hidden: c.hidden, description: c.message, status: "pending", message: ""}
          };
        }
      }
    }
    for (const c of options.scratch ?? []) this.addScratch(c.id, c.code);
  }

  /**
   * A cell of the student's own, to try things: reactive like the others, treated as student code (it cannot
   * change a notebook value or take a notebook name: analysis.ts), and read by nothing of the notebook's, so it
   * can never count toward a check. Runs now if the session has started.
   */
  addScratch(id: string, code: string): void {
    if (this.slots.has(id)) throw new Error(`a cell "${id}" already exists`);
    const slot = this.addSlot({id, role: "scratch", source: code, line: 1, hidden: false, folded: false}, code);
    slot.revision = ++this.revision;
    if (this.started) this.sync();
  }

  /** Removes a scratch cell: what it started ends, and the names it defined are gone. */
  removeScratch(id: string): void {
    const slot = this.slotOf(id);
    if (slot.spec.role !== "scratch") throw new Error(`only scratch cells can be removed: ${id}`);
    slot.runTimers?.end();
    slot.main?.delete();
    slot.main = undefined;
    this.running.delete(id);
    this.held.delete(id);
    this.slots.delete(id);
    this.order.splice(this.order.indexOf(id), 1);
    if (this.started) this.sync();
    else this.poke();
  }

  /** Start running every cell. Safe mode creates the session without calling this until the student asks. */
  start(): void {
    if (this.started || this.disposed) return;
    this.started = true;
    this.sync();
  }

  get isStarted(): boolean {
    return this.started;
  }

  on(listener: SessionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  cellIds(): string[] {
    return [...this.order];
  }

  cell(id: string): CellState {
    return this.slotOf(id).state;
  }

  source(id: string): string {
    return this.slotOf(id).source;
  }

  checks(): CheckState[] {
    return this.order.map((id) => this.slots.get(id)!.check?.state).filter((s): s is CheckState => !!s);
  }

  /** Exercise code as it stands, by exercise id (what a submission saves). */
  exerciseCode(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.notebook.exercises) out[e.id] = this.slotOf(e.id).source;
    return out;
  }

  /** Names of notebook values (computed by the notebook's own cells) that changed after an exercise cell got them. */
  changedNotebookValues(): string[] {
    const changed = new Set<string>();
    for (const [value, seen] of this.watched) if (fingerprint(value) !== seen.print) changed.add(seen.name);
    return [...changed];
  }

  /** Remembers the notebook values an exercise cell was given, as they were the first time (changedNotebookValues). */
  private watchInputs(names: string[], values: unknown[]): void {
    for (const {name, value, print} of this.notebookInputs(names, values)) if (!this.watched.has(value)) this.watched.set(value, {name, print});
  }

  /** The notebook values (objects computed by the notebook's own cells) among a cell's inputs, fingerprinted. */
  private notebookInputs(names: string[], values: unknown[]): Array<{name: string; value: object; print: number}> {
    const out: Array<{name: string; value: object; print: number}> = [];
    names.forEach((name, i) => {
      const value = values[i];
      const owner = this.owners.get(name);
      const ownerSlot = owner === undefined ? undefined : this.slots.get(owner);
      if (!ownerSlot || isStudentCell(ownerSlot.spec)) return;
      if ((typeof value !== "object" && typeof value !== "function") || value === null) return;
      let print = this.prints.get(value);
      if (print === undefined) {
        print = fingerprint(value, this.watch ? undefined : PAGE_WATCH_BUDGET);
        if (print === undefined) return; // too large to watch
        this.prints.set(value, print);
      }
      out.push({name, value, print});
    });
    return out;
  }

  /**
   * Throws the student's error if their code changed a notebook value it was given. The cell is then held with
   * that error (as Stop holds a cell) until its code is run again, and the changed values' cells run afresh, so
   * every other cell sees the notebook's own values again without this code changing them a second time.
   */
  private refuseChanged(slot: Slot, given: Array<{name: string; value: object; print: number}>): void {
    const changed = given.filter((g) => fingerprint(g.value, PAGE_WATCH_BUDGET) !== g.print);
    if (!changed.length) return;
    const {name, value} = changed[0]!;
    const copy = Array.isArray(value) ? `[...${name}]` : ArrayBuffer.isView(value) ? `${name}.slice()` : `structuredClone(${name})`;
    const error = new NotebookValueChangedError(
      `\`${name}\` belongs to the notebook, and this cell changed it (an in-place sort, push or fill, or an assignment to one of its fields). ` +
        `Work on a copy instead, e.g. \`const mine = ${copy}\`. The notebook's \`${name}\` was computed afresh`
    );
    slot.stopped = true; // (a sync before the microtask leaves it alone)
    queueMicrotask(() => {
      if (this.disposed) return;
      this.holdWith(slot, error);
      for (const c of changed) {
        const owner = this.slots.get(this.owners.get(c.name)!);
        if (owner) owner.defined = undefined;
      }
      this.sync();
    });
    throw error;
  }

  /** Calls a function a cell defined, from outside any cell (a check calling back into the student's side). */
  async call(fn: (...args: unknown[]) => unknown, args: unknown[]): Promise<unknown> {
    this.guard.reset(); // its loops get their own time, as a cell run's do
    return await fn(...args);
  }

  /**
   * Runs an exercise cell's code again with some of its inputs replaced (a check's probe, probe.ts) and resolves to
   * the values it defines. Nothing is kept: the cell, its values and its dependents are as they were. The other
   * inputs are the notebook's current values; timers the run starts end with it.
   */
  async rerun(exerciseId: string, overrides: Record<string, unknown>): Promise<Record<string, unknown>> {
    const slot = this.slotOf(exerciseId);
    if (slot.spec.role !== "exercise") throw new Error(`"${exerciseId}" is not an exercise`);
    const error = slot.syntaxError ?? slot.staticError;
    if (error) throw new CellRunError(exerciseId, new Error(error.message), error.line);
    // Once the cell itself has run, and run well: a probe of a failing cell fails as the cell does.
    try {
      await this.valuesOf(this.outputsOf(exerciseId));
    } catch (e) {
      throw new CellRunError(exerciseId, e, e instanceof CellRunError ? e.line : undefined);
    }
    const program = slot.program!;
    const names = program.inputs.filter((n) => !PER_CELL.has(n) && !Object.hasOwn(overrides, n));
    const values = await this.valuesOf(names);
    const timers = cellRunTimers();
    const body = compileBody(exerciseId, program.body)(timers.timers);
    const importer = this.modules.importer();
    let k = 0;
    const args = program.inputs.map((name) =>
      name === "display" ? (v: unknown) => v
        : name === "view" ? (input: unknown) => (isInputLike(input) ? input.value : input)
        : name === "__guard" ? this.guard.forCell(exerciseId) // as the exercise's own run names its loops
        : name === "__import" ? importer
        : Object.hasOwn(overrides, name) ? overrides[name]
        : values[k++]
    );
    try {
      this.guard.reset();
      const result = (await body(...args)) as Record<string, unknown> | undefined;
      const out: Record<string, unknown> = {};
      for (const name of this.outputsOf(exerciseId)) out[name] = result?.[name];
      return out;
    } catch (e) {
      throw new CellRunError(exerciseId, e, cellLineOf(e, exerciseId));
    } finally {
      timers.end();
    }
  }

  /** The current values of some names, as a cell reading them would get them. */
  /**
   * Keeps each output's latest value, so a probe reads the values its exercise saw at once. Asking the runtime for
   * them instead defines a variable, and the runtime computes on the next animation frame: measured, that took a
   * green check after Shift-Enter in welcome from 11 to 28 ms (npm run bench -- page).
   */
  private currentValueObserver(name: string): Observer {
    return {
      pending: () => void this.currentValues.delete(name),
      fulfilled: (value) => void this.currentValues.set(name, value),
      rejected: () => void this.currentValues.delete(name)
    };
  }

  private async valuesOf(names: string[]): Promise<unknown[]> {
    if (!names.length) return [];
    if (names.every((n) => this.currentValues.has(n))) return names.map((n) => this.currentValues.get(n));
    const name = `probe inputs ${++this.probes}`;
    const variable = this.module.variable(true as unknown as Observer).define(name, names, (...xs: unknown[]) => xs);
    try {
      return (await this.module.value(name)) as unknown[];
    } finally {
      variable.delete();
    }
  }

  /** The names a cell defines that it owns (a name another cell owns, or a reserved one, is not its to give). */
  outputsOf(id: string): string[] {
    const slot = this.slotOf(id);
    return (slot.program?.outputs ?? []).filter((name) => this.outputs.get(name)?.cellId === id);
  }

  /** The current value of a name a cell defines (for tests that check a drill's story in its own numbers). */
  value(name: string): Promise<unknown> {
    if (!this.outputs.has(name)) return Promise.reject(new Error(`no cell defines "${name}"`));
    return this.module.value(name);
  }

  /**
   * Whether a cell may be held back at all: a visible code cell outside exercises that parses. Whether it is held
   * also depends on who reads its names (see defer).
   */
  canDefer(id: string): boolean {
    const slot = this.slotOf(id);
    return !slot.syntaxError && isDeferrable(slot.spec, slot.program);
  }

  /**
   * Hold back those of these cells (that canDefer and have not run) which can wait together: no check, exercise,
   * hidden cell or other cell that runs now reads a name they define (deferral.ts). They stay "not-run" (deferred)
   * until release(id), or until a cell that runs reads one of their names (a student's edit). The page holds the
   * ones below the first screen so a cold open runs what the student sees first. Returns the held ids.
   */
  defer(ids: Iterable<string>): string[] {
    const candidates = [...ids].filter((id) => !this.held.has(id) && !this.slotOf(id).defined && this.canDefer(id));
    const done: string[] = [];
    for (const id of deferrableTogether(candidates, this.deferralNodes(), this.held)) {
      const slot = this.slotOf(id);
      this.held.add(id);
      slot.state = {...slot.state, status: "not-run", deferred: true};
      this.emitCell(slot);
      done.push(id);
    }
    return done;
  }

  /** Each cell's names read and defined, as the deferral rules see them. */
  private deferralNodes(): DeferralNode[] {
    return this.order.map((id) => {
      const program = this.slots.get(id)!.program;
      return {id, inputs: program?.inputs ?? [], outputs: program?.outputs ?? []};
    });
  }

  /** Run a deferred cell now (and from then on, like any other). */
  release(id: string): void {
    if (this.unhold(this.slotOf(id)) && this.started) this.sync();
  }

  /** Stop holding a cell back (without running anything yet); false if it was not held. */
  private unhold(slot: Slot): boolean {
    if (!this.held.delete(slot.spec.id)) return false;
    slot.state = {...slot.state, deferred: false};
    this.emitCell(slot);
    return true;
  }

  /** Replace a cell's code and re-run what depends on it. */
  setSource(id: string, source: string): void {
    const slot = this.slotOf(id);
    if (slot.spec.role === "check") throw new Error(`check cells cannot be edited: ${id}`);
    this.unhold(slot); // the student is working on it: run it whatever it defines (a held cell is never defined)
    slot.stopped = false;
    if (slot.source === source && slot.defined) return;
    this.compile(slot, source);
    slot.revision = ++this.revision;
    if (this.started) this.sync();
  }

  /** Resolves when every cell and check has settled. */
  whenIdle(): Promise<void> {
    if (!this.busy && !this.runtime._computing) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  get isBusy(): boolean {
    return this.busy;
  }

  /**
   * Ends a running cell (its Stop button): its pending run is abandoned, so the runtime ignores whatever it
   * resolves to later, and the timers it started end (an endless async loop awaiting one stops there). The cell
   * shows "stopped"; running it again, with the same code or new, starts afresh.
   */
  stop(id: string): void {
    const slot = this.slotOf(id);
    if (!this.running.has(id) || !slot.main) return;
    this.holdWith(slot, new CellStoppedError());
  }

  /**
   * Keeps a cell from running until the student runs it (setSource), showing `message` as a stopped cell: the
   * page holds code that ran too long last time, so opening the notebook does not freeze on it again.
   */
  hold(id: string, message: string): void {
    this.holdWith(this.slotOf(id), new CellStoppedError(message));
  }

  /** Holds a cell with `error` until its next Run (setSource): its run, if any, is abandoned and its timers end. */
  private holdWith(slot: Slot, error: Error): void {
    slot.runTimers?.end();
    slot.defined = undefined; // so a Run of the same code defines it again
    slot.stopped = true;
    this.renewMain(slot);
    slot.main!.define(mainName(slot.spec.id), [], () => {
      throw error;
    });
  }

  /**
   * A new runtime variable for a cell, replacing its old one. The runtime chains a variable's next computation on
   * its previous one ("wait for the previous definition to compute"), so a run that never settles (an endless
   * await) would hold every later definition of that cell, fixes included. The old variable is deleted (its
   * readers move to the new one by name) and its observer no longer reports.
   */
  private renewMain(slot: Slot): void {
    const id = slot.spec.id;
    const old = slot.main;
    const variable: Variable = this.module.variable(this.observer(slot, () => slot.main === variable));
    slot.main = variable;
    old?.delete();
    if (!old || !this.running.delete(id)) return;
    // What waited on the abandoned run waits for ever too: the cell's named outputs and any other running cell.
    for (const [name, output] of this.outputs) {
      if (output.cellId !== id) continue;
      output.variable.delete();
      output.variable = this.module.variable();
      output.variable.define(name, [mainName(id)], (value) => (value as Record<string, unknown>)[name]);
    }
    let others = false;
    for (const other of this.running) {
      const o = this.slots.get(other);
      if (!o || o === slot) continue;
      o.defined = undefined;
      others = true;
    }
    if (others) queueMicrotask(() => this.started && !this.disposed && this.sync());
  }

  dispose(): void {
    for (const slot of this.slots.values()) slot.runTimers?.end();
    this.disposed = true;
    this.runtime.dispose();
    this.listeners.clear();
    for (const w of this.idleWaiters.splice(0)) w();
  }

  // --- building the graph ---

  private addSlot(spec: CellSpec, source: string): Slot {
    const slot: Slot = {spec, source, program: null, revision: 0, state: {id: spec.id, status: "not-run", displays: []}};
    this.compile(slot, source);
    this.slots.set(spec.id, slot);
    this.order.push(spec.id);
    return slot;
  }

  private compile(slot: Slot, source: string): void {
    slot.source = source;
    slot.syntaxError = undefined;
    try {
      slot.program = transpileCached(source);
    } catch (e) {
      if (!(e instanceof CellSyntaxError)) throw e;
      // Keep the last good program's outputs so cells reading them show "blocked", not "not defined".
      // Where it is in the notebook's file too (the cell's own line and column stay last: the page reads them there).
      const at = this.notebook.file ? ` at ${this.notebook.file}:${slot.spec.line + e.line - 1}` : "";
      slot.syntaxError = {kind: "syntax", message: `syntax error: ${e.message}${at} (line ${e.line}, column ${e.column})`, line: e.line};
    }
  }

  private slotOf(id: string): Slot {
    const slot = this.slots.get(id);
    if (!slot) throw new Error(`no cell "${id}" in notebook "${this.notebook.id}"`);
    return slot;
  }

  /** Re-analyse the whole notebook and (re)define the variables whose definition changed. */
  private sync(): void {
    // A held cell runs once a cell that runs reads its names (a student's edit, or a released cell reading it).
    if (this.held.size) for (const id of heldButNeeded(this.deferralNodes(), this.held)) this.unhold(this.slotOf(id));
    const all = this.order.map((id) => this.slots.get(id)!);
    const {errors, owners} = analyse(all, RESERVED, this.modules.names(), isGlobalName, this.notebook.file);
    this.owners = owners;
    for (const slot of all) this.defineMain(slot, errors.get(slot.spec.id));
    this.defineOutputs(all, errors);
    this.poke();
  }

  private defineMain(slot: Slot, error: StaticError | undefined): void {
    if (this.held.has(slot.spec.id) || slot.stopped) return; // (setSource releases a held or stopped cell first)
    const fingerprint = error ? `error:${error.message}` : `ok:${slot.program!.body}`;
    if (slot.defined === fingerprint) return;
    slot.runTimers?.end(); // what the old definition's run started ends with it
    slot.defined = fingerprint;
    slot.staticError = error;
    // A running cell gets a new variable: the runtime would start the new definition only once the old run settles.
    if (!slot.main || this.running.has(slot.spec.id)) this.renewMain(slot);
    if (error) {
      // Keep the variable (deleting it would let readers see `undefined`): it raises the error, so readers are blocked.
      slot.main!.define(mainName(slot.spec.id), [], () => {
        throw new CellRunError(slot.spec.id, new Error(error.message));
      });
      return;
    }
    const program = slot.program!;
    // An exercise whose values come from the student's side reads nothing here (what it read is that side's concern).
    const inputs = this.provided && slot.spec.role === "exercise" ? [] : program.inputs.filter((n) => !PER_CELL.has(n));
    // A check that only probes reads none of its exercise's names, yet depends on its code: it runs again when the
    // exercise does (its value is passed last and unused).
    if (slot.check && program.inputs.includes("probe")) inputs.push(mainName(slot.check.exercise.id));
    slot.main!.define(mainName(slot.spec.id), inputs, this.definition(slot, program));
  }

  /** Output variables read from their cell's main variable: the owner's, or a failed cell's for names nobody owns. */
  private defineOutputs(all: Slot[], errors: Map<string, StaticError>): void {
    const wanted = new Map<string, string>();
    for (const slot of all) {
      // a held cell's names wait with it: no cell that runs reads them (sync releases it when one does)
      if (slot.spec.role === "check" || this.held.has(slot.spec.id)) continue;
      const id = slot.spec.id;
      for (const name of slot.program?.outputs ?? []) {
        if (RESERVED.has(name)) continue; // a refused redefinition must not shadow the builtin the checks use
        if (this.owners.get(name) === id || (!this.owners.has(name) && errors.has(id) && !wanted.has(name))) wanted.set(name, id);
      }
    }
    for (const [name, current] of this.outputs) {
      if (!wanted.has(name)) {
        current.variable.delete();
        this.outputs.delete(name);
        this.currentValues.delete(name);
      }
    }
    for (const [name, id] of wanted) {
      const current = this.outputs.get(name);
      if (current?.cellId === id) continue;
      const variable = current?.variable ?? this.module.variable(this.currentValueObserver(name));
      variable.define(name, [mainName(id)], (value) => (value instanceof PartialRun ? value.valueOf(name) : (value as Record<string, unknown>)[name]));
      this.outputs.set(name, {variable, cellId: id});
    }
  }

  /** The function the runtime calls for a cell: the compiled body, given per-cell display, view, guard, import. */
  private definition(slot: Slot, program: CellProgram): (...values: unknown[]) => unknown {
    const id = slot.spec.id;
    if (this.provided && slot.spec.role === "exercise") return this.providedDefinition(slot);
    const scoped = compileBody(id, program.body);
    const probe = slot.check ? probeFor(slot.check.exercise, this.probeRunner) : () => Promise.reject(new Error("probe() is for checks"));
    const run = (values: unknown[]) => {
      slot.runTimers?.end();
      slot.runTimers = cellRunTimers();
      const partial: DefinedNames | undefined = slot.spec.role === "exercise" ? Object.create(null) : undefined;
      const body = scoped(slot.runTimers.timers, partial);
      const runTimers = slot.runTimers;
      const importer = this.modules.importer(runTimers.signal, (fraction) => {
        if (slot.runTimers !== runTimers) return; // a fit of an old run, ending
        for (const l of this.listeners) l.progress?.(id, fraction);
      });
      const displays: unknown[] = [];
      slot.state = {...slot.state, displays};
      const display = (value: unknown) => {
        displays.push(value);
        this.emitCell(slot);
        return value;
      };
      let views = 0;
      const view = (input: unknown) => {
        display(input);
        if (!isInputLike(input)) return input;
        if (this.inputMemory) this.remember(`${id}#${views++}`, input, this.inputMemory);
        return inputValues(input);
      };
      let k = 0;
      const guard = program.inputs.includes("__guard") ? this.guard.forCell(id) : undefined;
      const args = program.inputs.map((name) =>
        name === "display" ? display : name === "view" ? view : name === "probe" ? probe : name === "__guard" ? guard : name === "__import" ? importer : values[k++]
      );
      if (this.watch && slot.spec.role === "exercise") this.watchInputs(program.inputs, args);
      const given = this.refuseChanges && isStudentCell(slot.spec) ? this.notebookInputs(program.inputs, args) : [];
      const fail = (e: unknown): never => {
        // A loop that ran too long names its own line (the outermost loop still going), not where the guard threw.
        const loopLine = e instanceof LoopTimeoutError && e.cellId === id ? e.line : undefined;
        throw new CellRunError(id, e, loopLine ?? cellLineOf(e, id));
      };
      const done = (value: unknown) => {
        if (given.length) this.refuseChanged(slot, given);
        // An expression cell that yields (an animation) shows each value as the runtime pulls it: see fulfilled.
        slot.showsYields = program.autodisplay && isGenerator(value);
        if (program.autodisplay && value !== undefined && !slot.showsYields && !displays.includes(value)) displays.push(value);
        return value;
      };
      const after = slot.spec.role === "exercise" ? this.afterExerciseRun : undefined;
      const finish = (value: unknown) => {
        try {
          return done(value);
        } catch (e) {
          return fail(e);
        }
      };
      // An exercise that fails part-way still gives the names it declared before the failing line (PartialRun),
      // unless it also changed a notebook value: that refusal stands, whatever else the run did.
      const failRun = (e: unknown) => {
        // A loop stopped half-way leaves half-made values: no check should read them as answers. A todo() reached
        // means the exercise is not attempted yet (a starter that declares a placeholder before its todo()).
        const stopped = e instanceof LoopTimeoutError || e instanceof CellStoppedError || e instanceof NotAttemptedError;
        const values = partial && !stopped ? definedValues(partial) : {};
        if (!Object.keys(values).length) return fail(e);
        if (given.length) {
          try {
            this.refuseChanged(slot, given);
          } catch (refused) {
            return fail(refused);
          }
        }
        try {
          return fail(e);
        } catch (error) {
          return new PartialRun(error as CellRunError, values);
        }
      };
      let result: unknown;
      try {
        this.guard.reset();
        result = body(...args);
      } catch (e) {
        after?.();
        return failRun(e);
      }
      after?.();
      return result instanceof Promise ? result.finally(() => after?.()).then(finish, failRun) : finish(result);
    };
    // A check that depends on its exercise's run (it probes: see define) is blocked by the exercise's error, as a
    // reader of a failed cell is, even when the run failed part-way.
    const blockedBy = slot.check && program.inputs.includes("probe")
      ? (values: unknown[]) => {
          const ran = values.at(-1);
          // as the runtime tells a reader of a failed input: the error's message, naming the input
          if (ran instanceof PartialRun) throw new RuntimeError(ran.error.message, mainName(slot.check!.exercise.id));
        }
      : undefined;
    // between cells, give the page a turn when this task has run long (see taskSlicer.ts)
    return (...values: unknown[]) => {
      blockedBy?.(values);
      return this.slicer.due() ? this.slicer.yield().then(() => run(values)) : run(values);
    };
  }

  /** Starts an input at its saved value (if it takes it) and reports each change, for the page to keep. */
  private remember(key: string, input: {value: unknown; addEventListener(type: string, f: () => void): void}, memory: NonNullable<SessionOptions["inputs"]>): void {
    const saved = memory.saved[key];
    if (saved !== undefined) {
      try {
        input.value = saved;
      } catch {
        // an input that refuses the old value (the cell changed its kind of input): it keeps its own
      }
    }
    input.addEventListener("input", () => memory.changed(key, input.value));
  }

  /** An exercise cell on the checks' side: it reads nothing here; its values (or its failure) come from the student's side. */
  private providedDefinition(slot: Slot): () => Promise<unknown> {
    const id = slot.spec.id;
    const provide = this.provided!;
    return async () => {
      slot.state = {...slot.state, displays: []};
      const outcome = await provide(slot.spec.exerciseId ?? id);
      if (outcome.status === "ok") return outcome.values;
      const error = new CellRunError(id, providedError(outcome), outcome.line);
      // What the student's code declared before it failed reaches the checks that read only that (PartialRun).
      if (outcome.values && Object.keys(outcome.values).length) return new PartialRun(error, outcome.values);
      throw error;
    };
  }

  // --- observing results ---

  private observer(slot: Slot, current: () => boolean): Observer {
    const id = slot.spec.id;
    const observer: Observer = {
      pending: () => {
        this.running.add(id);
        this.setBusy(true);
        this.setCell(slot, {status: "running"});
        if (slot.check) this.setCheck(slot, {status: "pending", message: ""});
      },
      fulfilled: (value) => {
        if (value instanceof PartialRun) return observer.rejected(value.error); // the cell failed; its names live on
        this.running.delete(id);
        if (slot.showsYields) slot.state = {...slot.state, displays: [value]};
        this.setCell(slot, {status: "ok"});
        if (slot.check) this.setCheck(slot, this.notAttempted(slot) ?? {status: "passed", message: ""});
        this.poke();
      },
      rejected: (error) => {
        this.running.delete(id);
        const found = slot.staticError;
        if (found) {
          this.setCell(slot, {status: "error", message: found.message, line: found.line, static: true});
          if (slot.check) this.setCheck(slot, {status: "error", message: `the check cannot run: ${found.message}`});
        } else {
          // Every cell's library errors are told with what its code passed (a student may edit any cell).
          this.setCell(slot, cellOutcome(error, this.upstream, slot.spec.role !== "check" ? {source: slot.source} : undefined));
          if (slot.check) this.setCheck(slot, this.notAttempted(slot) ?? this.onPartialRun(slot, checkOutcome(error, this.upstream, this.checkSite(slot))));
        }
        this.poke();
      }
    };
    // A replaced variable (see renewMain) may still report its abandoned run: only the current one speaks.
    return {
      pending: () => current() && observer.pending(),
      fulfilled: (value) => current() && observer.fulfilled(value),
      rejected: (error) => current() && observer.rejected(error)
    };
  }

  /** Where a check made a call, and which of the names it read are its exercise's (the student's) values. */
  private checkSite(slot: Slot): {source: string; studentNames: string[]} {
    const own = new Set(this.outputsOf(slot.check!.exercise.id));
    return {source: slot.source, studentNames: (slot.program?.inputs ?? []).filter((n) => own.has(n))};
  }

  /**
   * A check that failed on the values of an exercise run that stopped part-way (PartialRun) says so: the value it
   * found may be one the error cut short, and the error is the first thing to fix.
   */
  private onPartialRun(slot: Slot, outcome: CheckOutcome): CheckOutcome {
    const ran = this.slots.get(slot.check!.exercise.id)?.state;
    if (outcome.status !== "failed" || ran?.status !== "error") return outcome;
    const at = ran.line ? ` at line ${ran.line}` : "";
    return {...outcome, message: `${outcome.message} (your code stopped with an error${at} before its end: fix that first; this check read what came before it)`};
  }

  /** A check of an exercise whose code is still the starter is not attempted, whatever it computes. */
  private notAttempted(slot: Slot): CheckOutcome | undefined {
    const exercise = slot.check!.exercise;
    const code = this.slots.get(exercise.id)?.source ?? "";
    return normalise(code) === normalise(exercise.starter) ? {status: "not-attempted", message: "not attempted yet"} : undefined;
  }

  private readonly upstream: Upstream = {
    failedCell: (error) => {
      const input = (error as {name?: string; input?: unknown})?.name === "RuntimeError" ? (error as {input?: unknown}).input : undefined;
      if (typeof input !== "string") return undefined;
      if (input.startsWith("cell ")) return input.slice(5);
      return this.outputs.get(input)?.cellId;
    },
    outcome: (id) => this.slots.get(id)?.state,
    describe: (id) => {
      const s = this.slots.get(id);
      // The student's own code by the exercise's title (its line in the notebook file is one they never see).
      const exercise = s?.spec.role === "exercise" ? this.notebook.exercises.find((e) => e.id === (s.spec.exerciseId ?? id)) : undefined;
      if (exercise) return `your code in exercise "${exercise.title}"`;
      return s ? describeCell(s.spec, this.notebook.file) : `cell "${id}"`;
    }
  };

  private setCell(slot: Slot, outcome: CellOutcome & {static?: boolean}): void {
    // A cell that did not run (static error, blocked) shows nothing stale; one that ran keeps what it displayed.
    const displays = outcome.static || outcome.status === "blocked" ? [] : slot.state.displays;
    slot.state = {id: slot.spec.id, displays, ...outcome};
    this.emitCell(slot);
  }

  private emitCell(slot: Slot): void {
    for (const l of this.listeners) l.cell?.(slot.state);
  }

  private setCheck(slot: Slot, outcome: CheckOutcome): void {
    const check = slot.check!;
    const {raised: _previous, ...state} = check.state; // an earlier run's error does not outlive it
    check.state = {...state, ...outcome};
    for (const l of this.listeners) l.check?.(check.state);
  }

  private setBusy(busy: boolean): void {
    if (this.busy === busy) return;
    this.busy = busy;
    for (const l of this.listeners) l.busy?.(busy);
    if (!busy) for (const w of this.idleWaiters.splice(0)) w();
  }

  /** The runtime's own scheduling (@observablehq/runtime's runtime_computeSoon), on a task rather than a frame. */
  private computeOnTasks(): void {
    const runtime = this.runtime as unknown as {_computeSoon: () => Promise<unknown>; _computeNow: () => Promise<unknown>; _disposed: boolean};
    runtime._computeSoon = () => new Promise((resolve) => setTimeout(resolve, 0)).then(() => (runtime._disposed ? undefined : runtime._computeNow()));
  }

  /** After a change or a settled variable: idle once nothing runs and the runtime has nothing queued. */
  private poke(): void {
    if (this.disposed) return;
    this.setBusy(true);
    if (this.settleTimer) return;
    const check = async () => {
      this.settleTimer = null;
      if (this.runtime._computing) await this.runtime._computing;
      if (this.running.size === 0 && !this.runtime._computing) {
        // One more turn lets generators and async definitions report before declaring idle.
        this.settleTimer = setTimeout(() => {
          this.settleTimer = null;
          if (this.running.size === 0 && !this.runtime._computing) this.setBusy(false);
        }, 0);
      }
    };
    this.settleTimer = setTimeout(() => void check(), 0);
  }
}

/** The error the student's side reported, rebuilt as the kind the outcome rules tell apart. */
export function providedError(outcome: Exclude<ProvidedExercise, {status: "ok"}>): Error {
  const error = outcome.todo ? new NotAttemptedError() : outcome.status === "timeout" ? new LoopTimeoutError(0) : new Error();
  error.message = outcome.message;
  return error;
}

/** `todo()` marks the part of a starter the student must write; reaching it means "not attempted". */
export function todo(what?: string): never {
  throw new NotAttemptedError(what);
}

/**
 * A structured clone where one can be made (data), the value itself otherwise (a table, a model). A class instance
 * is passed as itself: structuredClone copies its fields without its prototype, so a probe with another arquero
 * table handed the student's code a plain object ("customers must be an arquero table").
 */
function copyOf(value: unknown): unknown {
  if (value !== null && typeof value === "object" && !isCloneableData(value)) return value;
  try {
    return structuredClone(value);
  } catch {
    return value;
  }
}

/** Code the student wrote: an exercise cell or a scratch cell (their own values are theirs to change). */
function isStudentCell(spec: CellSpec): boolean {
  return spec.role === "exercise" || spec.role === "scratch";
}

function isCloneableData(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null || Array.isArray(value) || ArrayBuffer.isView(value) || value instanceof ArrayBuffer ||
    value instanceof Map || value instanceof Set || value instanceof Date || value instanceof RegExp;
}

function normalise(code: string): string {
  return code.replace(/\s+/g, " ").trim();
}

function isGenerator(value: unknown): boolean {
  return !!value && typeof (value as Generator).next === "function" && typeof (value as Generator).return === "function";
}

function isGlobalName(name: string): boolean {
  return name in globalThis;
}
