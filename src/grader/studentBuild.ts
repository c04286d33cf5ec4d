// `drillbook build --student`: the static site students get, built by Vite from the repository's vite.config.ts
// with DRILLBOOK_STUDENT=1 (the notebook plugin then parses notebooks without solutions, hidden checks and wrong
// answers). The output is then searched for every one of them (leaks.ts); a leak fails the build and the
// output is deleted, so a leaking site is never left behind to publish.
import {rmSync} from "node:fs";
import path from "node:path";
import {findLeaks, secretsOf, unsearchable, type Leak, type Secret} from "./leaks.js";
import {NotebookErrors} from "../notebook/types.js";
import {loadNotebooks} from "./notebooks.js";
import {PACKAGE_ROOT} from "./paths.js";

export interface SiteBuild {
  outDir: string;
  student: boolean;
  /** Student builds only: what was searched for, what was found, what was too short to search. */
  secrets: Secret[];
  leaks: Leak[];
  skipped: Secret[];
  ms: number;
}

export async function buildSite(options: {student: boolean; outDir: string; root?: string; log?: (line: string) => void}): Promise<SiteBuild> {
  const root = options.root ?? PACKAGE_ROOT;
  const outDir = path.resolve(options.outDir);
  const t0 = performance.now();
  // The static checks first, as the plugin runs them: a broken notebook stops here with its file:line list, before
  // Vite starts (whose own report would wrap the list in a bundler's frame).
  const {byId, errors} = loadNotebooks(path.join(root, "notebooks"));
  if (errors.length) throw new NotebookErrors(errors);
  const previous = process.env.DRILLBOOK_STUDENT;
  process.env.DRILLBOOK_STUDENT = options.student ? "1" : "0";
  try {
    const {build} = await import("vite");
    await build({
      root,
      configFile: path.join(root, "vite.config.ts"),
      logLevel: "warn",
      build: {outDir, emptyOutDir: true, reportCompressedSize: false}
    });
  } finally {
    if (previous === undefined) delete process.env.DRILLBOOK_STUDENT;
    else process.env.DRILLBOOK_STUDENT = previous;
  }
  if (!options.student) return {outDir, student: false, secrets: [], leaks: [], skipped: [], ms: performance.now() - t0};

  const secrets = [...byId.values()].flatMap(secretsOf);
  const leaks = findLeaks(outDir, secrets);
  if (leaks.length) rmSync(outDir, {recursive: true, force: true});
  return {outDir, student: true, secrets, leaks, skipped: unsearchable(secrets), ms: performance.now() - t0};
}
