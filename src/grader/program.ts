// The `drillbook` command line's commands and options (commander): grade, merge, validate, build --student, new,
// schema. cli.ts runs it; tests read it to check that the examples/ recipes call commands that exist.
// Exit codes: 0 success; 1 the work found problems (a submission not graded, a notebook not sound, a leak);
// 2 the command could not run (bad arguments, no Chromium, a broken build).
import os from "node:os";
import {Command, CommanderError, InvalidArgumentError, Option} from "commander";
import type {CsvLayout} from "./outputs.js";

/**
 * The program with its commands. `exit` decides what a parse error or --help does (the CLI exits: 0 for help, 2
 * for bad arguments); tests pass one that throws, and read the options the examples/ files use from here.
 */
export function drillbookProgram(exit: (err: CommanderError) => never = (err) => process.exit(err.exitCode === 0 ? 0 : 2)): Command {
  const program = new Command("drillbook")
    .description("Drillbook: grade submissions, validate notebooks, build the student site, start a new drill.")
    .showHelpAfterError()
    .exitOverride(exit);

  program
    .command("grade")
    .description("Grade submission files (or folders of them) in headless Chromium against the instructor's notebooks")
    .argument("<submissions...>", "submission .json files, or folders searched for them")
    .option("--notebooks <dir>", "the instructor's notebooks (full version, with hidden checks)", "notebooks")
    .option("--out <dir>", "where results.json, grades.csv and junit.xml go", "grading")
    .addOption(new Option("--jobs <n>", "pages graded in parallel").argParser(positiveInt).default(os.availableParallelism(), `the number of cores, ${os.availableParallelism()}`))
    .option("--timeout <s>", "seconds a submission may run before its page is closed", positiveNumber, 60)
    .option("--loop-limit <s>", "seconds a loop may run before the engine stops it (as in the page)", positiveNumber, 4)
    .option("--refuse-old", "refuse submissions made against an older notebook version (default: grade them with a warning)")
    .option("--roster <file>", "the course's student ids, one a line (or a CSV's first column): a submission naming anyone else gets a warning")
    .addOption(csvOption())
    .option("--shard <i/n>", "grade only shard i of n (a fixed share of the files, by a hash of each file's path); join the shards' --out folders with drillbook merge")
    .option("--verbose", "print stack traces with errors")
    .addHelpText("after", "\nExit code: 0 when every submission was graded, 1 when some were not (listed) or an instructor's notebook has errors\n(file:line: message; nothing is graded), 2 when grading could not run.\nSee docs/grading.md.")
    .action(async (submissions: string[], o: {notebooks: string; out: string; jobs: number; timeout: number; loopLimit: number; refuseOld?: boolean; roster?: string; csv: CsvLayout; shard?: string; verbose?: boolean}) => {
      const {gradeCommand} = await import("./gradeCommand.js");
      const {parseShard} = await import("./shard.js");
      process.exitCode = await gradeCommand({
        submissions, notebooksDir: o.notebooks, outDir: o.out, jobs: o.jobs, timeoutSeconds: o.timeout,
        loopLimitSeconds: o.loopLimit, refuseOld: o.refuseOld ?? false, rosterFile: o.roster, verbose: o.verbose,
        csv: o.csv, shard: o.shard === undefined ? undefined : parseShard(o.shard)
      });
    });

  program
    .command("merge")
    .description("Join the output folders of `drillbook grade --shard i/n` into the files one run over every submission writes")
    .argument("<shards...>", "the shards' --out folders (each holds a results.json)")
    .option("--out <dir>", "where the merged results.json, grades.csv, junit.xml and report.html go", "grading")
    .addOption(csvOption())
    .option("--roster <file>", "with --csv canvas: a Canvas gradebook export, to fill in each student's Canvas ids")
    .option("--verbose", "print stack traces with errors")
    .addHelpText("after", "\nExit code: 0 when every submission was graded, 1 when some were not (listed), 2 when the shards do not fit together\n(a shard missing or given twice, a file in no shard or in two, other options or notebooks: nothing is written)\nor a folder has no readable results.json. See docs/grading.md.")
    .action(async (dirs: string[], o: {out: string; csv: CsvLayout; roster?: string}) => {
      const {mergeCommand} = await import("./mergeCommand.js");
      process.exitCode = mergeCommand(dirs, o.out, {csv: o.csv, rosterFile: o.roster});
    });

  program
    .command("gradescope")
    .description("Grade one student's upload for Gradescope's autograder and write its results.json (score, a test per check; hidden checks shown once grades are published)")
    .argument("<submission>", "the submission file, or the folder holding it (Gradescope's /autograder/submission)")
    .option("--notebooks <dir>", "the instructor's notebooks (full version, with hidden checks)", "notebooks")
    .option("--out <file>", "where Gradescope's results go", "/autograder/results/results.json")
    .addOption(new Option("--jobs <n>", "pages graded in parallel").argParser(positiveInt).default(1))
    .option("--timeout <s>", "seconds a submission may run before its page is closed", positiveNumber, 60)
    .option("--loop-limit <s>", "seconds a loop may run before the engine stops it (as in the page)", positiveNumber, 4)
    .option("--refuse-old", "refuse submissions made against an older notebook version (default: grade them with a warning)")
    .option("--verbose", "print stack traces with errors")
    .addHelpText("after", "\nExit code: 0 when the results file was written (a file that could not be graded scores 0 and says why), 1 when an\ninstructor's notebook has errors (the results say so), 2 when grading could not run. See docs/grading.md, Gradescope.")
    .action(async (submission: string, o: {notebooks: string; out: string; jobs: number; timeout: number; loopLimit: number; refuseOld?: boolean; verbose?: boolean}) => {
      const {gradescopeCommand} = await import("./gradescopeCommand.js");
      process.exitCode = await gradescopeCommand({
        submissions: [submission], notebooksDir: o.notebooks, out: o.out, jobs: o.jobs, timeoutSeconds: o.timeout,
        loopLimitSeconds: o.loopLimit, refuseOld: o.refuseOld ?? false, verbose: o.verbose
      });
    });

  program
    .command("validate")
    .description("Prove notebooks' checks are sound: pass on the solutions, fail on the starters and on every listed wrong answer, deterministic, within the time budget")
    .argument("[notebooks...]", "notebook files (default: every notebooks/*.md)")
    .option("--budget <s>", "seconds a notebook may take to settle", positiveNumber, 30)
    .option("--student <id>", "a variant notebook is validated on its own seed and on this student's data", "a-student")
    .option("--verbose", "print stack traces with errors")
    .addHelpText("after", "\nExit code: 0 when every notebook is sound, 1 otherwise. See docs/authoring.md.")
    .action(async (files: string[], o: {budget: number; student: string}) => {
      const {validateCommand} = await import("./validateCommand.js");
      process.exitCode = await validateCommand(files, {budgetSeconds: o.budget, student: o.student});
    });

  program
    .command("build")
    .description("Build the static site; --student strips solutions, hidden checks and wrong answers, then proves none is left")
    .option("--student", "the students' site")
    .option("--out <dir>", "output folder (default: dist-student with --student, else dist)")
    .option("--verbose", "print stack traces with errors")
    .addHelpText("after", "\nExit code: 0 when built; 1 when a notebook has errors (file:line: message; nothing is built) or the student build leaks.\nSee docs/authoring.md.")
    .action(async (o: {student?: boolean; out?: string; verbose?: boolean}) => {
      const {buildCommand} = await import("./buildCommand.js");
      process.exitCode = await buildCommand({student: o.student ?? false, outDir: o.out ?? (o.student ? "dist-student" : "dist"), verbose: o.verbose});
    });

  program
    .command("new")
    .description("Write notebooks/<id>.md from a template that passes validate")
    .argument("<id>", "the notebook id: lowercase letters, digits and dashes")
    .option("--title <title>", "the notebook's title")
    .option("--notebooks <dir>", "where notebooks live", "notebooks")
    .action(async (id: string, o: {title?: string; notebooks: string}) => {
      const {newCommand} = await import("./newCommand.js");
      process.exitCode = newCommand(id, {title: o.title, dir: o.notebooks});
    });

  program
    .command("schema")
    .description("Print the JSON Schema of results.json")
    .action(async () => {
      const {resultsJsonSchema} = await import("./results.js");
      process.stdout.write(JSON.stringify(resultsJsonSchema(), null, 2) + "\n");
    });

  return program;
}

function csvOption(): Option {
  return new Option("--csv <layout>", "grades.csv's layout: drillbook (a column per exercise) or canvas (Canvas's gradebook import: Student, ID, SIS User ID, SIS Login ID, Section, then the points)")
    .choices(["drillbook", "canvas"])
    .default("drillbook");
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("expected a whole number of 1 or more");
  return n;
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError("expected a positive number");
  return n;
}

