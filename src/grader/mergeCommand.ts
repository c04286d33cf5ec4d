// The terminal side of `drillbook merge`: the merged class summary, or why the shards do not fit together.
import {readCanvasRoster} from "./canvas.js";
import type {CsvLayout} from "./outputs.js";
import {readRosterText} from "./roster.js";
import {runReport} from "./gradeCommand.js";
import {merge, MergeProblems} from "./merge.js";

export function mergeCommand(dirs: string[], outDir: string, options: {csv: CsvLayout; rosterFile?: string}): number {
  const canvasRoster = options.rosterFile ? readCanvasRoster(readRosterText(options.rosterFile)) : null;
  try {
    const {results, exitCode, written} = merge(dirs, outDir, {csv: options.csv, canvasRoster});
    process.stdout.write(`Merged ${dirs.length} shard${dirs.length > 1 ? "s" : ""}\n\n` + runReport(results, written));
    return exitCode;
  } catch (e) {
    if (!(e instanceof MergeProblems)) throw e;
    process.stderr.write(`${e.message}\nNothing was written.\n`);
    // 2, not 1: a CI step may accept 1 (some files not graded, listed in the results) and must still fail here.
    return 2;
  }
}
