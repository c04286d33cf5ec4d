// The submission file a student downloads and a grader collects: {notebook, version, savedAt, cells} and, when
// the student opened any, solutionsViewed; when they added any, their scratch cells (read by the instructor,
// never run by the grader).
// Writing one needs no validation library; reading one (submission.ts, with zod) is loaded only when needed.
export interface Submission {
  notebook: string;
  version: number;
  savedAt: string;
  student?: string;
  /** A variant notebook's data seed (variants.ts), for the record: the grader derives it again from `student`. */
  seed?: number;
  cells: Record<string, string>;
  /** Exercises whose solution the student opened in the page, with when: the grader reports it. */
  solutionsViewed?: Record<string, string>;
  /** The student's scratch cells, in page order, each with the notebook cell it follows. */
  scratch?: Array<{id: string; code: string; after: string}>;
}

export function makeSubmission(
  notebook: string, version: number, cells: Record<string, string>, solutionsViewed: Record<string, string> = {},
  scratch: ReadonlyArray<{id: string; code: string; after: string}> = [], variant?: {student: string; seed: number}
): Submission {
  const submission: Submission = {notebook, version, savedAt: new Date().toISOString(), ...(variant ? {student: variant.student, seed: variant.seed} : {}), cells};
  if (Object.keys(solutionsViewed).length) submission.solutionsViewed = {...solutionsViewed};
  const kept = scratch.filter((c) => c.code.trim()).map(({id, code, after}) => ({id, code, after}));
  if (kept.length) submission.scratch = kept;
  return submission;
}
