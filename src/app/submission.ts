// Reading a submission file (validated with zod): the grader, and the page's "Open submission".
// The format itself, and writing one, is in submissionFormat.ts.
import {z} from "zod";
export {makeSubmission} from "./submissionFormat.js";

export const submissionSchema = z.object({
  notebook: z.string().min(1),
  version: z.number().int().positive(),
  savedAt: z.string(),
  student: z.string().optional(),
  // A variant notebook's data seed, derived from the student id (variants.ts): the grader derives it again.
  seed: z.number().int().nonnegative().optional(),
  cells: z.record(z.string(), z.string()),
  solutionsViewed: z.record(z.string(), z.string()).optional(),
  // The student's own cells, for the instructor to read: the grader never runs them.
  scratch: z.array(z.object({id: z.string(), code: z.string(), after: z.string()})).optional()
});

export type Submission = z.infer<typeof submissionSchema>;

/** Parses a submission file's text; throws an Error whose message says what is wrong with it. */
export function readSubmission(text: string, expectedNotebook?: string): Submission {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new Error(`this file is not a Drillbook submission: it is not valid JSON (${(e as Error).message})`);
  }
  const parsed = submissionSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`this file is not a Drillbook submission: "${issue.path.join(".") || "file"}" ${issue.message.toLowerCase()}`);
  }
  if (expectedNotebook && parsed.data.notebook !== expectedNotebook) {
    throw new Error(`this submission is for notebook "${parsed.data.notebook}", not "${expectedNotebook}": open it from that notebook's page`);
  }
  return parsed.data;
}
