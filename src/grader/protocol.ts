// What the grading page (src/grader/page.ts, in Chromium) and the grader (Node) say to each other. The page's
// answer comes from a browser that ran student code, so Node parses it with this schema instead of trusting it.
import {z} from "zod";

export interface PageGradeOptions {
  /** How long synchronous loop work may run before the engine's loop guard stops it (ms). */
  loopLimitMs: number;
  /** How long to wait for the notebook to settle before reporting what is still pending (ms). */
  budgetMs: number;
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
  changed: z.array(z.string())
});

export type PageResult = z.infer<typeof pageResultSchema>;

/** The function the grading page puts on `window`: takes the notebook and code, answers JSON text. */
export type DrillbookGrade = (notebookJson: string, code: Record<string, string>, options: PageGradeOptions) => Promise<string>;
