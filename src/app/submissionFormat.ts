// The submission file a student downloads and a grader collects: {notebook, version, savedAt, cells}.
// Writing one needs no validation library; reading one (submission.ts, with zod) is loaded only when needed.
export interface Submission {
  notebook: string;
  version: number;
  savedAt: string;
  student?: string;
  cells: Record<string, string>;
}

export function makeSubmission(notebook: string, version: number, cells: Record<string, string>): Submission {
  return {notebook, version, savedAt: new Date().toISOString(), cells};
}
