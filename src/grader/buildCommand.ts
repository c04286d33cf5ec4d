// The terminal side of `drillbook build [--student]`.
import {NotebookErrors} from "../notebook/types.js";
import {buildSite} from "./studentBuild.js";

export async function buildCommand(options: {student: boolean; outDir: string; verbose?: boolean}): Promise<number> {
  let result;
  try {
    result = await buildSite({...options, log: (line) => process.stderr.write(line + "\n")});
  } catch (e) {
    if (!(e instanceof NotebookErrors)) throw e;
    process.stderr.write(`${e.message}\n${options.verbose ? `${e.stack}\n` : ""}`);
    process.stderr.write(`Nothing was built: ${e.errors.length} problem${e.errors.length > 1 ? "s" : ""} in the notebooks (see docs/authoring.md, "Errors in the file").\n`);
    return 1;
  }
  const seconds = (result.ms / 1000).toFixed(1);
  if (!result.student) {
    process.stdout.write(`Built the instructor's site (solutions included) in ${result.outDir} in ${seconds} s\n`);
    return 0;
  }
  if (result.leaks.length) {
    process.stderr.write(`The student build contains what it must not; nothing was kept:\n`);
    for (const leak of result.leaks) process.stderr.write(`  ${leak.file}: the ${leak.secret.what} (${leak.secret.notebook})\n`);
    return 1;
  }
  const lines = [
    `Built the student site in ${result.outDir} in ${seconds} s.`,
    `Searched every file for ${result.secrets.length - result.skipped.length} solutions, hidden checks and wrong answers: none found.`
  ];
  if (result.skipped.length) {
    lines.push(`Too short to search for (under 20 characters): ${result.skipped.map((s) => `${s.what} (${s.notebook})`).join(", ")}.`);
  }
  lines.push("Publish that folder on any static host; students open index.html.");
  process.stdout.write(lines.join("\n") + "\n");
  return 0;
}
