// Errors the engine tells apart, so each cell and check gets the right state and a message that helps.

/** An error raised while a cell ran, tagged with the cell it came from (dependents show "blocked by" it). */
export class CellRunError extends Error {
  constructor(
    readonly cellId: string,
    override readonly cause: unknown,
    /** 1-based line within the cell, when known. */
    readonly line?: number
  ) {
    super(messageOf(cause));
    this.name = "CellRunError";
  }
}

/** Thrown by the loop guard when synchronous work runs too long. */
export class LoopTimeoutError extends Error {
  constructor(
    readonly seconds: number,
    /** The line, in its cell, of the loop that ran too long (the outermost one still iterating), when known. */
    readonly line?: number,
    readonly cellId?: string
  ) {
    super(`this loop ran for ${seconds.toFixed(1)} s: is it infinite? Check that its condition can become false.`);
    this.name = "LoopTimeoutError";
  }
}

/** A running cell the student stopped (its Stop button). */
export class CellStoppedError extends Error {
  constructor(message = "you pressed Stop: run the cell again once its code is fixed") {
    super(message);
    this.name = "CellStoppedError";
  }
}

/** An exercise cell changed a value the notebook computed (the page refuses it: Session's refuseNotebookChanges). */
export class NotebookValueChangedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NotebookValueChangedError";
  }
}

/** Thrown by `todo()`, the placeholder starter code uses: the exercise is not attempted yet. */
export class NotAttemptedError extends Error {
  constructor(what?: string) {
    super(what ? `not attempted yet: ${what}` : "not attempted yet: replace todo() with your code");
    this.name = "NotAttemptedError";
  }
}

/** A check's assertion that did not hold: names the variable, what was found and what was expected. */
export class CheckFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CheckFailure";
  }
}

/** A check used the engine wrongly (a probe of a name its exercise does not list): the instructor's to fix. */
export class AuthoringError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AuthoringError";
  }
}

/** The student's code failed when a check's probe ran it again on other inputs (see probe.ts). */
export class ProbeError extends Error {
  constructor(
    /** "`n` = 7", for messages. */
    readonly inputs: string,
    override readonly cause: unknown
  ) {
    super(messageOf(cause));
    this.name = "ProbeError";
  }
}

export function messageOf(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (typeof e === "string") return e;
  try {
    return `threw ${JSON.stringify(e)}`;
  } catch {
    return `threw ${String(e)}`;
  }
}

/** Walks CellRunError wrappers to the original error. */
export function rootCause(e: unknown): unknown {
  let cur = e;
  while (cur instanceof CellRunError) cur = cur.cause;
  return cur;
}
