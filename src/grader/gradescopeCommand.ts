// `drillbook gradescope`: grades one student's upload (a submission file, or the folder Gradescope puts it in,
// /autograder/submission) and writes Gradescope's results.json. What only the instructor should read (warnings:
// a borrowed file, tampering) goes to stdout, which the results mark hidden from students.
import {mkdirSync, writeFileSync} from "node:fs";
import path from "node:path";
import {NotebookErrors} from "../notebook/types.js";
import {grade, type GradeOptions} from "./grade.js";
import {runReport} from "./gradeCommand.js";
import {gradescopeResults} from "./gradescope.js";

export async function gradescopeCommand(options: Omit<GradeOptions, "log" | "onProgress" | "browser" | "outDir" | "shard"> & {out: string; verbose?: boolean}): Promise<number> {
  const started = performance.now();
  let run;
  try {
    run = await grade({...options, outDir: null, log: (line) => process.stderr.write(line + "\n")});
  } catch (e) {
    if (!(e instanceof NotebookErrors)) throw e;
    // The student did nothing wrong: say so in the results, and fail the run for the instructor.
    writeResults(options.out, {score: 0, output: "The autograder's notebooks have errors: your instructor has been told. Your submission was not graded.", stdout_visibility: "hidden", tests: []});
    process.stderr.write(`${e.message}\n`);
    return 1;
  }
  const results = gradescopeResults(run.results, (performance.now() - started) / 1000);
  writeResults(options.out, results);
  process.stdout.write(runReport(run.results, [options.out]));
  return 0;
}

function writeResults(file: string, results: unknown): void {
  mkdirSync(path.dirname(path.resolve(file)), {recursive: true});
  writeFileSync(file, JSON.stringify(results, null, 2) + "\n");
}
