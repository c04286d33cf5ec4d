// What the grading page (src/grader/page.ts, in Chromium) and the grader (Node) say to each other. The page's
// answer comes from a browser that ran student code, so Node parses it with this schema instead of trusting it.
import {z} from "zod";

export interface PageGradeOptions {
  /** How long synchronous loop work may run before the engine's loop guard stops it (ms). */
  loopLimitMs: number;
  /** How long to wait for the notebook to settle before reporting what is still pending (ms). */
  budgetMs: number;
  /**
   * Cells, checks and submitted code the grader transpiled (programs.ts) and this page was not given before, as
   * JSON text of SeededProgram[] (text crosses to the page far faster than objects): neither realm parses them.
   */
  programsJson?: string;
}

const status = z.enum(["pending", "not-attempted", "passed", "failed", "error", "timeout"]);

export const pageResultSchema = z.object({
  checks: z.array(z.object({id: z.string(), status, message: z.string()})),
  cells: z.array(z.object({id: z.string(), status: z.string(), message: z.string().optional()})),
  elapsedMs: z.number(),
  /** The notebook did not settle within the budget: what is still pending never finished. */
  timedOut: z.boolean(),
  /** Built-ins the submission changed in its own realm (student.ts; the checks never saw them). */
  tampered: z.array(z.string()),
  /** Notebook values the submission changed on its side (the checks never saw the change: see split.ts). */
  changed: z.array(z.string()),
  /** Where the run's time went, ms (for the bench): the student's side as the page waited for it, then the checks. */
  timings: z.object({
    studentMs: z.number(),
    afterReportMs: z.number(),
    /** As the student's frame reports them: untrusted, never used for a grade. */
    frame: z.object({loadMs: z.number(), intrinsicsMs: z.number(), runMs: z.number(), auditMs: z.number(), audits: z.number()}).partial().optional()
  }).optional()
});

export type PageResult = z.infer<typeof pageResultSchema>;

/** The function the grading page puts on `window`: takes the notebook and code, answers JSON text. */
export type DrillbookGrade = (notebookJson: string, code: Record<string, string>, options: PageGradeOptions) => Promise<string>;

/** Opens the student's document for the next submission on `origin`, replacing the last one (page.ts); ms it took. */
export type DrillbookNext = (origin: string, runId: string) => Promise<{readyMs: number; pingMs: number}>;
