// The notebook as pure data: what the parser produces from a Markdown file and what the engine,
// the page and the grader consume. Nothing here knows of the DOM or of the runtime.

/** Front matter every notebook carries. */
export interface NotebookMeta {
  id: string;
  title: string;
  summary: string;
  /** Bumped by the instructor when cells change; submissions record the version they were made against. */
  version: number;
  /** Position on the index (lower first; notebooks without one follow, by title). */
  order?: number;
  /**
   * A dataset per student: the page asks for the student's id once and derives the data seed from it (variants.ts),
   * cells read it as `dataSeed`, and the grader runs each student's checks on their own seed.
   */
  variants?: boolean;
  /** The data seed cells get as `dataSeed` when no student's is given (default 42): the instructor's own data. */
  seed?: number;
}

/**
 * What a cell is for. `code` cells are the instructor's; `exercise` cells hold student code; `check` cells test it;
 * `scratch` cells are ones the student added in the page to try things (saved with their work, never graded).
 */
export type CellRole = "code" | "exercise" | "check" | "scratch";

export interface CellSpec {
  /** Stable id: `id=` on the fence, the exercise id for exercise cells, `exercise/check` for checks, else `cell-N`. */
  id: string;
  role: CellRole;
  source: string;
  /** 1-based line in the notebook file of the cell's first source line (for error messages). */
  line: number;
  /** Setup code: runs, but the page shows neither source nor editor. */
  hidden: boolean;
  /** Output shown; source folded away until the reader opens it. */
  folded: boolean;
  /** For exercise and check cells: the exercise they belong to. */
  exerciseId?: string;
  /** The transpiled source, added by the build (notebookPlugin) so the page can open a notebook without acorn. */
  program?: CellProgram;
  /** An inline expression of the prose (`${…}`): its value is shown in the sentence, in the span that names it. */
  inline?: boolean;
}

export interface CheckSpec {
  /** Kebab-case name, unique within the exercise; `data-check` is `${exerciseId}/${name}`. */
  name: string;
  /** What the check wants, in a sentence; shown on the badge and prefixed to failure messages. */
  message: string;
  source: string;
  line: number;
  /** Hidden checks run only in the grader; they are stripped from the student build. */
  hidden: boolean;
  /** The transpiled source, added by the build (see CellSpec.program). */
  program?: CellProgram;
}

export interface WrongAnswer {
  /** The check this wrong answer must make fail. */
  check: string;
  /** Why it is wrong, for the validate report. */
  label: string;
  source: string;
  line: number;
}

export interface Exercise {
  id: string;
  title: string;
  points: number;
  line: number;
  /** `code` (default) or `text`: a free-text answer kept in the submission for a person to read. */
  kind: "code" | "text";
  /**
   * Upstream names a check's probe may vary (`vary="n"`): `await probe({n: 7})` runs the student's code again with
   * `n` = 7, where the student's code runs, and gives back the exercise's values. Empty: the exercise has no probe.
   */
  vary: string[];
  /**
   * `computed` (default): the answer is computed from the notebook's values, so `validate` adds a wrong answer that
   * pastes the solution's values as literals and proves the checks catch it. `typed`: the answer is a fact the
   * student reads off the page and types in (a segment's name), which a literal is.
   */
  answer: "computed" | "typed";
  starter: string;
  /** Absent in the student build. */
  solution?: string;
  /** 1-based line in the file of the solution's first line (absent in the student build). */
  solutionLine?: number;
  checks: CheckSpec[];
  /** Absent (empty) in the student build. */
  hiddenChecks: CheckSpec[];
  /** Rendered HTML, revealed one at a time. */
  hints: string[];
  /** Absent (empty) in the student build. */
  wrongAnswers: WrongAnswer[];
}

export type Block =
  | {kind: "prose"; html: string; line: number}
  | {kind: "cell"; cellId: string}
  | {kind: "exercise"; exerciseId: string; promptHtml: string};

export interface Notebook extends NotebookMeta {
  /** Path of the source file, relative to the repository (for messages). */
  file: string;
  blocks: Block[];
  /** Every runnable cell in page order: code cells, exercise cells (holding the starter) and check cells. */
  cells: CellSpec[];
  exercises: Exercise[];
  /** True when solutions, hidden checks and wrong answers were stripped. */
  studentBuild: boolean;
}

/** A problem found in a notebook file, located precisely enough to fix. */
export class NotebookError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly problem: string,
    readonly fix: string,
    /** 1-based column, when the problem is one character (an invalid byte, a syntax error). */
    readonly column?: number
  ) {
    super(`${file}:${line}${column ? `:${column}` : ""}: ${problem}${fix ? `. ${fix}` : ""}`);
    this.name = "NotebookError";
  }
}

/** The transpiler's output for one cell (same shape as notebook-kit's `transpileJavaScript`). */
export interface CellProgram {
  /** Source of a JavaScript function `(input1, input2, ...) => { ... }`, possibly `async`. */
  body: string;
  /** Free names the cell reads, in the order of the body's parameters. */
  inputs: string[];
  /** Top-level names the cell declares; the body returns `{name1, name2, ...}` when non-empty. */
  outputs: string[];
  /** True when the cell is a single expression whose value is displayed. */
  autodisplay: boolean;
  /** Modules the cell imports (bare specifiers), for the unknown-import check. */
  imports: string[];
  /** Top-level names the cell assigns without declaring (`x = 1`, `x += 1`): assignments to another cell's variable. */
  assigns: string[];
}

/** A syntax error located inside a cell (1-based line and column within the cell source). */
export class CellSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number
  ) {
    super(message);
    this.name = "CellSyntaxError";
  }
}

/**
 * Every problem the static checks found in one or more notebook files (parser, transpiler, analysis), in file
 * and line order. Its message is exactly the `file:line: message` list, one a line: what every command prints.
 */
export class NotebookErrors extends Error {
  constructor(readonly errors: readonly NotebookError[]) {
    super(errors.map((e) => e.message).join("\n"));
    this.name = "NotebookErrors";
  }
}
