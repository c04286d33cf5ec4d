// Reads one submission file and decides whether it can be graded, and against which notebook. Every problem is
// reported for that file only: the batch goes on. Only exercise cells are taken from a submission; everything
// else it holds is ignored, and said so in a warning.
import {readFileSync, statSync} from "node:fs";
import path from "node:path";
import {readSubmission, submissionSchema, type Submission} from "../app/submission.js";
import {stripBom} from "../notebook/decode.js";
import type {Notebook} from "../notebook/types.js";
import {seedForStudent} from "../runtime/variants.js";

/** Submission files larger than this are refused unread: the page saves a few kB of code. */
export const MAX_SUBMISSION_BYTES = 1024 * 1024;

export interface IntakeOptions {
  /** Refuse submissions made against an older notebook version instead of grading them with a warning. */
  refuseOld?: boolean;
  maxBytes?: number;
  /** The course's student ids (--roster): a submission naming someone else is graded with a warning. */
  roster?: ReadonlySet<string>;
}

export interface Accepted {
  ok: true;
  file: string;
  submission: Submission;
  notebook: Notebook;
  student: string;
  /** Its `student` field names someone its file name does not (see identityWarning): it never displaces their work. */
  disputed: boolean;
  /** Exercise code, by exercise id: the only part of the submission that is graded. */
  code: Record<string, string>;
  /** A variant notebook's data seed for this student, derived from who is graded (variants.ts), never read from the file. */
  seed?: number;
  warnings: string[];
}

export interface Rejected {
  ok: false;
  file: string;
  error: string;
  student: string | null;
  notebook: string | null;
  version: number | null;
  savedAt: string | null;
}

export function readSubmissionFile(file: string, notebooks: ReadonlyMap<string, Notebook>, options: IntakeOptions = {}): Accepted | Rejected {
  const reject = (error: string, s?: Partial<Submission>, student: string | null = null): Rejected => ({
    ok: false, file, error, student, notebook: s?.notebook ?? null, version: s?.version ?? null, savedAt: s?.savedAt ?? null
  });
  const limit = options.maxBytes ?? MAX_SUBMISSION_BYTES;
  let text: string;
  try {
    const size = statSync(file).size;
    if (size > limit) return reject(`the file is too large (${size.toLocaleString("en")} bytes; the limit is ${formatBytes(limit)}): a submission holds a few kB of code`);
    // A byte-order mark (Windows editors save one) is not part of the JSON: JSON.parse would stop at it.
    text = stripBom(readFileSync(file, "utf8"));
  } catch (e) {
    return reject(`cannot read the file: ${(e as Error).message}`);
  }
  let submission: Submission;
  try {
    submission = readSubmission(text);
  } catch (e) {
    return reject((e as Error).message);
  }
  const student = studentOf(file, submission);
  const notebook = notebooks.get(submission.notebook);
  if (!notebook) {
    const known = [...notebooks.keys()].sort().join(", ") || "none";
    return reject(`the submission is for notebook "${submission.notebook}", which is not among the instructor's notebooks (${known})`, submission, student);
  }
  const warnings: string[] = [];
  const disputed = identityWarning(file, submission);
  if (disputed) warnings.push(disputed);
  if (options.roster && !options.roster.has(student)) warnings.push(`student "${student}" is not on the roster: check who made this file`);
  if (submission.version < notebook.version) {
    const what = `the submission was made against version ${submission.version} of "${notebook.id}", which is now at version ${notebook.version}`;
    if (options.refuseOld) return reject(`${what} (refused: --refuse-old)`, submission, student);
    warnings.push(`${what}: graded against version ${notebook.version}`);
  } else if (submission.version > notebook.version) {
    warnings.push(`the submission was made against version ${submission.version} of "${notebook.id}", newer than the instructor's notebook (version ${notebook.version}): are the notebooks up to date?`);
  }
  const extra = extraFields(text);
  if (extra.length) warnings.push(`ignored field${extra.length > 1 ? "s" : ""} ${quoteList(extra)}: only exercise code is taken from a submission`);
  const {code, ignored} = exerciseCells(notebook, submission.cells);
  warnings.push(...ignored);
  const seed = notebook.variants ? seedForStudent(student) : undefined;
  if (seed !== undefined && submission.seed !== undefined && submission.seed !== seed) {
    warnings.push(`the submission was made on data seed ${submission.seed}, but student "${student}" has seed ${seed}: graded on ${seed} (a file made on another student's page?)`);
  }
  return {ok: true, file, submission, notebook, student, disputed: !!disputed, code, ...(seed === undefined ? {} : {seed}), warnings};
}

/** Splits a submission's cells into exercise code (kept) and warnings about everything else (ignored). */
export function exerciseCells(notebook: Notebook, cells: Record<string, string>): {code: Record<string, string>; ignored: string[]} {
  const exercises = new Set(notebook.exercises.map((e) => e.id));
  const checks = new Set(notebook.exercises.flatMap((e) => [...e.checks, ...e.hiddenChecks].map((c) => `${e.id}/${c.name}`)));
  const instructorCells = new Set(notebook.cells.filter((c) => c.role === "code").map((c) => c.id));
  const code: Record<string, string> = {};
  const forChecks: string[] = [];
  const edits: string[] = [];
  const unknown: string[] = [];
  for (const [id, source] of Object.entries(cells)) {
    if (exercises.has(id)) code[id] = source;
    else if (checks.has(id)) forChecks.push(id);
    else if (instructorCells.has(id)) edits.push(id);
    else unknown.push(id);
  }
  const ignored: string[] = [];
  if (forChecks.length) ignored.push(`ignored code for check${forChecks.length > 1 ? "s" : ""} ${quoteList(forChecks)}: checks come from the instructor's notebook`);
  if (edits.length) ignored.push(`ignored edits to the notebook's cell${edits.length > 1 ? "s" : ""} ${quoteList(edits)}: only exercise cells are graded`);
  if (unknown.length) ignored.push(`ignored cell${unknown.length > 1 ? "s" : ""} ${quoteList(unknown)}: the notebook has no such exercise`);
  return {code, ignored};
}

/**
 * Who a submission belongs to: its `student` field when it has one; else its file name without `.json` and
 * without the page's download name (`<notebook>-submission`, with a browser's ` (1)`), so `alice_welcome-submission.json`
 * is "alice"; when nothing is left (`alice/welcome-submission.json`), the name of the folder holding it.
 */
export function studentOf(file: string, submission: Pick<Submission, "notebook" | "student">): string {
  return submission.student?.trim() || fileStudent(file, submission.notebook);
}

/** Who the file's name (or, for a bare download name, its folder's) says made it. */
export function fileStudent(file: string, notebook: string): string {
  const stem = path.basename(file).replace(/\.json$/i, "");
  const suffix = new RegExp(`[-_. ]*${escapeRegExp(notebook)}-submission(?: ?\\(\\d+\\))?$`);
  const rest = stem.replace(suffix, "");
  if (rest) return rest;
  return path.basename(path.dirname(path.resolve(file))) || stem;
}

/**
 * A warning when the submission's `student` field names someone its file name does not: the page writes the
 * field and the download name from the same student, so a disagreement means a renamed or borrowed file. Files
 * with generic names (no student in the name or folder) say nothing either way.
 */
export function identityWarning(file: string, submission: Pick<Submission, "notebook" | "student">): string | null {
  const field = submission.student?.trim();
  if (!field) return null;
  const named = fileStudent(file, submission.notebook);
  const where = `${path.basename(path.dirname(path.resolve(file)))}/${path.basename(file)}`.toLowerCase();
  const mentions = new RegExp(`(^|[^a-z0-9])${escapeRegExp(field.toLowerCase())}([^a-z0-9]|$)`);
  if (named.toLowerCase() === field.toLowerCase() || mentions.test(where)) return null;
  if (/^(submission|submissions|download|downloads|\.|)$/i.test(named) || named === `${submission.notebook}-submission`) return null;
  return `the file is named for "${named}" but its student field says "${field}": graded as "${field}", and it cannot displace ${JSON.stringify(field)}'s own file`;
}

/**
 * One graded submission per student and notebook: the latest by `savedAt`, or on a tie the later file in
 * command-line order. The others are rejected, naming the one graded. A file whose name disagrees with its
 * student field never displaces one that agrees: a submission cannot claim another student's slot.
 */
export function removeDuplicates(accepted: Accepted[]): {kept: Accepted[]; duplicates: Rejected[]} {
  const groups = new Map<string, Accepted[]>();
  for (const a of accepted) {
    const key = `${a.notebook.id}\u0000${a.student}`;
    groups.set(key, [...(groups.get(key) ?? []), a]);
  }
  const winners = new Set<Accepted>();
  const duplicates: Rejected[] = [];
  for (const group of groups.values()) {
    const time = (a: Accepted) => {
      const t = Date.parse(a.submission.savedAt);
      return Number.isFinite(t) ? t : -Infinity;
    };
    const own = group.filter((a) => !a.disputed);
    const best = (own.length ? own : group).reduce((w, a) => (time(a) >= time(w) ? a : w));
    winners.add(best);
    for (const a of group) {
      if (a === best) continue;
      const why = a.disputed && !best.disputed
        ? "whose file name agrees with its student field: that one is graded, this one names someone else"
        : time(a) === time(best) ? "saved at the same time: the later file in the list is graded" : "saved later: that one is graded";
      duplicates.push({
        ok: false, file: a.file, student: a.student, notebook: a.notebook.id, version: a.submission.version, savedAt: a.submission.savedAt,
        error: `duplicate: student "${a.student}" has another submission for "${a.notebook.id}" (${best.file}), ${why}`
      });
    }
  }
  return {kept: accepted.filter((a) => winners.has(a)), duplicates};
}

function extraFields(text: string): string[] {
  const data = JSON.parse(text) as Record<string, unknown>;
  const known = new Set(Object.keys(submissionSchema.shape));
  return Object.keys(data).filter((k) => !known.has(k));
}

function quoteList(items: string[]): string {
  const shown = items.slice(0, 5).map((s) => JSON.stringify(s.length > 60 ? s.slice(0, 60) + "…" : s));
  return shown.join(", ") + (items.length > 5 ? ` and ${items.length - 5} more` : "");
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${+(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} kB`;
  return `${n} bytes`;
}
