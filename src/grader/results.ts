// The shape of results.json, as a zod schema: the grader builds its report to these types, the tests validate
// written files against it, and `drillbook schema` prints it as the JSON Schema documented in docs/grading.md.
import {z} from "zod";

export const RESULTS_FORMAT = "drillbook-results/1";

const points = z.object({
  earned: z.number().describe("Points earned"),
  possible: z.number().describe("Points possible")
});

export const checkStatusSchema = z.enum(["passed", "failed", "error", "timeout", "not-attempted"]);
export type GradedCheckStatus = z.infer<typeof checkStatusSchema>;

export const checkResultSchema = z.object({
  id: z.string().describe("`exercise/check`, as on the page's badge"),
  name: z.string(),
  hidden: z.boolean().describe("A hidden check: run by the grader only, never shown to students"),
  description: z.string().describe("What the check wants, from the notebook"),
  status: checkStatusSchema,
  message: z.string().describe("Why it did not pass (empty when passed)")
});

export const exerciseResultSchema = z.object({
  id: z.string(),
  title: z.string(),
  kind: z.enum(["code", "text"]),
  passed: z.boolean().describe("Every check, hidden ones included, passed"),
  points: points.describe("All or nothing: the exercise's points when every check passed, else 0"),
  submitted: z.boolean().describe("The submission had code for this exercise (else the starter ran)"),
  answer: z.string().optional().describe("kind=text only: the submitted text, for a person to read"),
  solutionViewed: z.string().optional().describe("When the student opened this exercise's solution in the page (the submission's solutionsViewed); absent if never"),
  checks: z.array(checkResultSchema)
});

export const submissionResultSchema = z.object({
  file: z.string().describe("The submission file, as given on the command line"),
  status: z.enum(["graded", "rejected"]).describe("rejected: not graded, see `error`"),
  student: z.string().nullable().describe("The student: the file's `student` field, else from its file name (docs/grading.md)"),
  notebook: z.string().nullable(),
  version: z.number().nullable().describe("The notebook version the submission was made against"),
  notebookVersion: z.number().nullable().describe("The version of the instructor's notebook it was graded against"),
  savedAt: z.string().nullable(),
  seed: z.number().optional().describe("A variant notebook's data seed the checks ran on: the student's own, derived from their id"),
  error: z.string().optional().describe("Why the submission was rejected"),
  warnings: z.array(z.string()).describe("Graded, but worth a look: old version, ignored cells, tampering attempts"),
  points: points.nullable().describe("Sum over exercises; null when rejected"),
  elapsedMs: z.number().nullable().describe("Time the submission's page took"),
  exercises: z.array(exerciseResultSchema)
});

export const notebookSummarySchema = z.object({
  id: z.string(),
  title: z.string().optional().describe("The notebook's title (the assignment's name in a Canvas import)"),
  version: z.number(),
  file: z.string(),
  possible: z.number(),
  exercises: z.array(z.object({
    id: z.string(),
    title: z.string(),
    points: z.number(),
    checks: z.array(z.object({id: z.string(), hidden: z.boolean()}))
  }))
});

export const resultsSchema = z.object({
  format: z.literal(RESULTS_FORMAT),
  gradedAt: z.string().describe("ISO time the batch finished"),
  options: z.object({
    jobs: z.number().int().positive(),
    timeoutSeconds: z.number(),
    loopLimitSeconds: z.number(),
    refuseOld: z.boolean()
  }),
  notebooks: z.array(notebookSummarySchema).describe("The instructor's notebooks that submissions were graded against"),
  summary: z.object({submissions: z.number().int().nonnegative(), graded: z.number().int().nonnegative(), rejected: z.number().int().nonnegative()}),
  submissions: z.array(submissionResultSchema),
  shard: z.object({
    index: z.number().int().positive(),
    count: z.number().int().positive(),
    files: z.array(z.string()).describe("Every file of the class, in order, as each shard read them: `drillbook merge` checks that the shards cover exactly these")
  }).optional().describe("Present in a shard's results (--shard i/n): it holds only the submissions whose files hash to this shard")
});

export type CheckResult = z.infer<typeof checkResultSchema>;
export type ExerciseResult = z.infer<typeof exerciseResultSchema>;
export type SubmissionResult = z.infer<typeof submissionResultSchema>;
export type NotebookSummary = z.infer<typeof notebookSummarySchema>;
export type Results = z.infer<typeof resultsSchema>;

/** results.json's JSON Schema (printed by `drillbook schema`, embedded in docs/grading.md). */
export function resultsJsonSchema(): unknown {
  return {
    ...(z.toJSONSchema(resultsSchema) as Record<string, unknown>),
    title: "Drillbook grading results (results.json)"
  };
}
