// Gradescope's autograder results (/autograder/results/results.json), from a drillbook grading run of one
// student's upload. Format: gradescope-autograders.readthedocs.io "Autograder Specifications" (score, tests[]
// with name, score, max_score, status, output, visibility). The schema below is that spec's subset we write,
// so tests validate the file against it.
//
// Mapping. Points are all or nothing per exercise (points.ts), and checks carry none, so each exercise gives:
// - one test per check, worth 0 points, passed or failed with the check's message as output: visible checks
//   "visible", hidden checks "after_published" (students see them once the instructor publishes grades);
// - one points test, worth the exercise's points, earned when every check passed. When the exercise has hidden
//   checks this test is "after_published" too: before publishing, a student could tell from it that a hidden
//   check failed.
// The top-level score is the sum. A file that could not be graded scores 0 with the reason in `output`.
import {z} from "zod";
import {formatPoints} from "./csv.js";
import type {ExerciseResult, Results, SubmissionResult} from "./results.js";

const visibility = z.enum(["hidden", "after_due_date", "after_published", "visible"]);

export const gradescopeTestSchema = z.object({
  name: z.string(),
  score: z.number(),
  max_score: z.number(),
  status: z.enum(["passed", "failed"]),
  output: z.string(),
  visibility
}).strict();

export const gradescopeResultsSchema = z.object({
  score: z.number(),
  execution_time: z.number().int().nonnegative().optional(),
  output: z.string(),
  visibility: visibility.optional(),
  stdout_visibility: visibility.optional(),
  tests: z.array(gradescopeTestSchema)
}).strict();

export type GradescopeResults = z.infer<typeof gradescopeResultsSchema>;
export type GradescopeTest = z.infer<typeof gradescopeTestSchema>;

export function gradescopeResults(results: Results, executionSeconds?: number): GradescopeResults {
  const graded = results.submissions.filter((s) => s.status === "graded");
  const rejected = results.submissions.filter((s) => s.status === "rejected");
  const several = graded.length > 1;
  const tests = graded.flatMap((s) => s.exercises.flatMap((e) => exerciseTests(e, several ? `${s.notebook}: ` : "")));
  const score = graded.reduce((n, s) => n + (s.points?.earned ?? 0), 0);
  const lines: string[] = [];
  for (const s of graded) lines.push(gradedLine(s));
  for (const s of rejected) lines.push(`${fileName(s.file)} was not graded: ${s.error}`);
  if (!results.submissions.length) lines.push("No submission file was found: upload the .json file that the notebook's Download submission button saves.");
  return {
    score: Math.round(score * 1e6) / 1e6,
    ...(executionSeconds === undefined ? {} : {execution_time: Math.round(executionSeconds)}),
    output: lines.join("\n"),
    // The autograder's stdout holds the instructor's view (warnings such as tampering): never shown to students.
    stdout_visibility: "hidden",
    tests
  };
}

function exerciseTests(e: ExerciseResult, prefix: string): GradescopeTest[] {
  const tests: GradescopeTest[] = e.checks.map((c) => ({
    name: `${prefix}${e.title}: ${c.description}${c.hidden ? " (hidden check)" : ""}`,
    score: 0,
    max_score: 0,
    status: c.status === "passed" ? "passed" : "failed",
    output: c.status === "passed" ? "passed" : `${c.status === "not-attempted" ? "not attempted" : c.status}: ${c.message}`,
    visibility: c.hidden ? "after_published" : "visible"
  }));
  const hasHidden = e.checks.some((c) => c.hidden);
  const failing = e.checks.filter((c) => c.status !== "passed");
  tests.push({
    name: `${prefix}${e.title}: points (all checks${hasHidden ? ", hidden ones included," : ""} must pass)`,
    score: e.points.earned,
    max_score: e.points.possible,
    status: e.passed ? "passed" : "failed",
    output: e.passed ? "every check passed" : `held back by ${failing.length} check${failing.length > 1 ? "s" : ""}: ${failing.map((c) => c.id + (c.hidden ? " (hidden)" : "")).join(", ")}`,
    visibility: hasHidden ? "after_published" : "visible"
  });
  return tests;
}

function gradedLine(s: SubmissionResult): string {
  return `${fileName(s.file)}: notebook "${s.notebook}" (version ${s.notebookVersion}), ${formatPoints(s.points!.earned)} of ${formatPoints(s.points!.possible)} points`;
}

function fileName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}
