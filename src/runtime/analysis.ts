// Finds the mistakes that would make the reactive graph wrong, before anything runs, each with a fix-it:
// a name defined in two cells, an assignment to another cell's variable, a reserved name, an unknown import,
// a cycle. Check cells read the graph but define nothing in it.
import type {CellProgram, CellSpec} from "../notebook/types.js";

/** Names the engine provides to every cell; cells cannot redefine them. */
export const RESERVED: ReadonlySet<string> = new Set(["assert", "todo", "dataSeed", "display", "view", "probe", "__guard", "__import", "invalidation", "visibility"]);

export type StaticErrorKind = "syntax" | "duplicate" | "assign" | "reserved" | "import" | "cycle" | "scratch";

export interface StaticError {
  kind: StaticErrorKind;
  message: string;
  /** 1-based line within the cell, when it points at one. */
  line?: number;
}

export interface AnalysedCell {
  spec: CellSpec;
  /** Null when the source does not parse. */
  program: CellProgram | null;
  syntaxError?: StaticError;
  /** Higher means edited more recently: on a duplicate, the more recent definer gets the error. */
  revision: number;
}

export interface Analysis {
  errors: Map<string, StaticError>;
  /** Which cell owns each name that cells define. */
  owners: Map<string, string>;
}

export function analyse(
  cells: AnalysedCell[],
  reserved: ReadonlySet<string>,
  knownModules: ReadonlySet<string>,
  isGlobal: (name: string) => boolean,
  /** The notebook's file, so messages name a cell's place in it (`notebooks/x.md:12`). */
  file?: string
): Analysis {
  const errors = new Map<string, StaticError>();
  const owners = new Map<string, string>();
  const order = new Map(cells.map((c, i) => [c.spec.id, i]));
  const label = (id: string) => describeCell(cells[order.get(id)!]!.spec, file);

  for (const c of cells) if (c.syntaxError) errors.set(c.spec.id, c.syntaxError);
  const defining = cells.filter((c) => c.program && c.spec.role !== "check");

  for (const c of cells) {
    if (!c.program || errors.has(c.spec.id)) continue;
    const bad = c.spec.role === "check" ? undefined : c.program.outputs.find((n) => reserved.has(n));
    if (bad) {
      errors.set(c.spec.id, {kind: "reserved", message: `\`${bad}\` is provided by Drillbook and the checks rely on it, so a cell cannot redefine it. Choose another name, like \`my${bad[0]!.toUpperCase()}${bad.slice(1)}\``});
      continue;
    }
    const unknown = c.program.imports.find((m) => !knownModules.has(m));
    if (unknown) {
      errors.set(c.spec.id, {kind: "import", message: `cannot import "${unknown}": cells can import only the bundled libraries (${[...knownModules].join(", ")}); nothing is fetched from the network`});
    }
  }

  // Duplicates: the earliest revision (then page order) keeps the name; a scratch cell never takes a name from
  // the notebook's own cells, however recently it was edited (the notebook's names are what the checks read).
  const scratch = (c: AnalysedCell) => (c.spec.role === "scratch" ? 1 : 0);
  const byAge = [...defining].sort((a, b) => scratch(a) - scratch(b) || a.revision - b.revision || order.get(a.spec.id)! - order.get(b.spec.id)!);
  for (const c of byAge) {
    if (errors.has(c.spec.id)) continue;
    const taken = c.program!.outputs.find((n) => owners.has(n) && owners.get(n) !== c.spec.id);
    if (taken) {
      const other = owners.get(taken)!;
      const message = c.spec.role === "scratch" && cells[order.get(other)!]!.spec.role !== "scratch"
        ? `\`${taken}\` belongs to the notebook (${label(other)} defines it), so a scratch cell cannot redefine it. Use another name here, like \`my${taken[0]!.toUpperCase()}${taken.slice(1)}\``
        : `\`${taken}\` is already defined in ${label(other)}. A name can be defined in one cell only: rename it here, or change it in ${label(other)}`;
      errors.set(c.spec.id, {kind: "duplicate", message});
      continue;
    }
    for (const n of c.program!.outputs) owners.set(n, c.spec.id);
  }

  // Scratch cells are the student's own and never graded: the notebook's cells, exercises and checks cannot read
  // them (an exercise that leaned on one would pass in the page and fail in the grader, which takes only exercises).
  const isScratch = (id: string | undefined) => id !== undefined && cells[order.get(id)!]!.spec.role === "scratch";
  for (const c of cells) {
    if (!c.program || errors.has(c.spec.id) || c.spec.role === "scratch") continue;
    const name = c.program.inputs.find((n) => isScratch(owners.get(n)));
    if (name === undefined) continue;
    const where = c.spec.role === "check" ? `the exercise cell must define \`${name}\`` : `define \`${name}\` in this cell instead`;
    errors.set(c.spec.id, {kind: "scratch", message: `\`${name}\` is defined in ${label(owners.get(name)!)}, and scratch cells are not graded, so the notebook cannot use it: ${where}`});
  }

  for (const c of cells) {
    if (!c.program || errors.has(c.spec.id)) continue;
    for (const n of c.program.assigns) {
      const owner = owners.get(n);
      if (owner && owner !== c.spec.id) {
        errors.set(c.spec.id, {kind: "assign", message: `this cell assigns \`${n}\`, which ${label(owner)} defines. Cells cannot change each other's variables (the cells reading it would not re-run): declare a new name here, like \`const ${n}2 = ...\`, or make the change in ${label(owner)}`});
        break;
      }
      if (!owner && !isGlobal(n)) {
        errors.set(c.spec.id, {kind: "assign", message: `this cell assigns \`${n}\`, which is never declared. Declare it: \`let ${n} = ...\``});
        break;
      }
    }
  }

  for (const cycle of findCycles(cells.filter((c) => c.program && !errors.has(c.spec.id) && c.spec.role !== "check"), owners)) {
    const path = cycle.map(({cell, name}) => `${label(cell)} reads \`${name}\``).join(" → ");
    for (const {cell} of cycle) {
      errors.set(cell, {kind: "cycle", message: `circular definition: ${path} → back to the start. Break the loop by computing one of these values without the other`});
    }
  }
  return {errors, owners};
}

/**
 * How messages name a cell: its kind and id as the page shows them and, for the instructor's tools (given the
 * notebook's file), where it starts in that file (`notebooks/x.md:12`). Messages a student reads get no file line:
 * it is a line of a file they never see.
 */
export function describeCell(spec: CellSpec, file?: string): string {
  const where = file ? ` (${file}:${spec.line})` : "";
  if (spec.role === "exercise") return `exercise "${spec.id}"${where}`;
  if (spec.role === "check") return `check "${spec.id}"${where}`;
  if (spec.role === "scratch") return `your scratch cell "${spec.id}"`;
  return `cell "${spec.id}"${where}`;
}

/** Each cycle as the list of (cell, name it reads from the next cell). */
function findCycles(cells: AnalysedCell[], owners: Map<string, string>): Array<Array<{cell: string; name: string}>> {
  const ids = new Set(cells.map((c) => c.spec.id));
  const edges = new Map<string, Array<{to: string; name: string}>>();
  for (const c of cells) {
    edges.set(c.spec.id, c.program!.inputs
      .filter((n) => owners.has(n) && ids.has(owners.get(n)!) && owners.get(n) !== c.spec.id)
      .map((n) => ({to: owners.get(n)!, name: n})));
  }
  const state = new Map<string, "open" | "done">();
  const stack: Array<{cell: string; name: string}> = [];
  const cycles: Array<Array<{cell: string; name: string}>> = [];
  const visit = (id: string) => {
    state.set(id, "open");
    for (const e of edges.get(id) ?? []) {
      stack.push({cell: id, name: e.name});
      if (state.get(e.to) === "open") {
        const start = stack.findIndex((s) => s.cell === e.to);
        cycles.push(stack.slice(start));
      } else if (!state.has(e.to)) {
        visit(e.to);
      }
      stack.pop();
    }
    state.set(id, "done");
  };
  for (const c of cells) if (!state.has(c.spec.id)) visit(c.spec.id);
  return cycles;
}
