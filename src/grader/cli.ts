// The `drillbook` command line (bin/drillbook.js runs it): the commands are in program.ts. An error that escapes
// a command is printed as one line (with its stack under --verbose or DRILLBOOK_DEBUG) and exits 2.
import {drillbookProgram} from "./program.js";

const program = drillbookProgram();
try {
  await program.parseAsync(process.argv);
} catch (e) {
  const {UsageError} = await import("./grade.js");
  process.stderr.write(`drillbook: ${(e as Error).message}\n`);
  if (!(e instanceof UsageError) && (process.env.DRILLBOOK_DEBUG || process.argv.includes("--verbose"))) process.stderr.write(`${(e as Error).stack}\n`);
  process.exitCode = 2;
}
