// Turns what the grading page reported into per-check and per-exercise results with points.
// Points are all or nothing per exercise: an exercise earns its points when every one of its checks, hidden
// ones included, passed. Checks are not weighted in the format, and hidden checks exist to catch answers that
// only look right (hard-coded values): splitting points per check would pay most of an exercise for those.
import type {Exercise, Notebook} from "../notebook/types.js";
import type {PageResult} from "./protocol.js";
import type {CheckResult, ExerciseResult, GradedCheckStatus, NotebookSummary} from "./results.js";

/** How a run of one submission ended, as the runner saw it. */
export type RunOutcome =
  | {kind: "done"; result: PageResult}
  /** The page did not answer within --timeout and was closed. */
  | {kind: "timeout"; seconds: number}
  /** The page crashed (out of memory, most often), navigated away, or stopped answering for another reason. */
  | {kind: "crash"; message: string};

/** Longest message kept per check: a thrown error can carry megabytes. */
export const MESSAGE_LIMIT = 1000;

export function scoreExercises(notebook: Notebook, submitted: Record<string, string>, outcome: RunOutcome, solutionsViewed: Record<string, string> = {}): ExerciseResult[] {
  const states = new Map(outcome.kind === "done" ? outcome.result.checks.map((c) => [c.id, c]) : []);
  return notebook.exercises.map((exercise) => {
    const checks = [...exercise.checks, ...exercise.hiddenChecks].map((spec): CheckResult => {
      const id = `${exercise.id}/${spec.name}`;
      const {status, message} = checkStatus(outcome, states.get(id));
      return {id, name: spec.name, hidden: spec.hidden, description: spec.message, status, message: clip(message)};
    });
    const passed = checks.every((c) => c.status === "passed");
    const has = Object.prototype.hasOwnProperty.call(submitted, exercise.id);
    return {
      id: exercise.id,
      title: exercise.title,
      kind: exercise.kind,
      passed,
      points: {earned: passed ? exercise.points : 0, possible: exercise.points},
      submitted: has,
      ...(exercise.kind === "text" ? {answer: has ? submitted[exercise.id]! : exercise.starter} : {}),
      ...(Object.prototype.hasOwnProperty.call(solutionsViewed, exercise.id) ? {solutionViewed: solutionsViewed[exercise.id]!} : {}),
      checks
    };
  });
}

function checkStatus(outcome: RunOutcome, state: PageResult["checks"][number] | undefined): {status: GradedCheckStatus; message: string} {
  if (outcome.kind === "timeout") {
    return {status: "timeout", message: `the submission did not finish within ${outcome.seconds} s and its page was closed: look for a loop or recursion that never ends`};
  }
  if (outcome.kind === "crash") return {status: "error", message: `the grading page stopped: ${outcome.message}`};
  if (!state) return {status: "error", message: "the check did not report a result"};
  if (state.status === "pending") {
    return {status: "timeout", message: `the notebook did not settle within the time limit: this check was still waiting for what it reads (a promise that never resolves?)`};
  }
  return {status: state.status, message: state.status === "passed" ? "" : state.message};
}

export function total(exercises: ExerciseResult[]): {earned: number; possible: number} {
  return {
    earned: round(exercises.reduce((n, e) => n + e.points.earned, 0)),
    possible: round(exercises.reduce((n, e) => n + e.points.possible, 0))
  };
}

export function possiblePoints(exercises: Exercise[]): number {
  return round(exercises.reduce((n, e) => n + e.points, 0));
}

export function summariseNotebook(notebook: Notebook): NotebookSummary {
  return {
    id: notebook.id,
    title: notebook.title,
    version: notebook.version,
    file: notebook.file,
    possible: possiblePoints(notebook.exercises),
    exercises: notebook.exercises.map((e) => ({
      id: e.id, title: e.title, points: e.points,
      checks: [...e.checks, ...e.hiddenChecks].map((c) => ({id: `${e.id}/${c.name}`, hidden: c.hidden}))
    }))
  };
}

/** Points are whole or decimal numbers from the notebook: sums are rounded to 1e-6 to hide float noise. */
export function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

function clip(message: string): string {
  return message.length > MESSAGE_LIMIT ? `${message.slice(0, MESSAGE_LIMIT)}… (${message.length - MESSAGE_LIMIT} more characters)` : message;
}
