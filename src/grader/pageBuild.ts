// Builds the grading page (src/grader/grade.html + page.ts, the checks' side, and student.html + student.ts, the
// student's side: the engine and the bundled libraries, no notebooks)
// with Vite, once per content: the output folder is named by a hash of every source file and the lockfile, so
// an unchanged checkout reuses it and any change rebuilds it. Notebooks are not part of it: the grader passes
// each notebook to the page at run time.
import {createHash} from "node:crypto";
import {existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync} from "node:fs";
import path from "node:path";
import {PACKAGE_ROOT, cacheDir} from "./paths.js";

/** Bumped when the build settings below change. */
const RECIPE = "grade-page-2";

export interface PageBuild {
  dir: string;
  /** True when this call ran Vite (false: reused a cached build). */
  built: boolean;
  ms: number;
}

/** What the page is built from: src/ without the app, the site build and the grader's Node side. */
export function pageSources(root = PACKAGE_ROOT): string[] {
  const src = path.join(root, "src");
  const skip = [path.join(src, "app") + path.sep, path.join(src, "build") + path.sep, path.join(src, "grader") + path.sep];
  const own = PAGE_FILES.map((f) => path.join(src, "grader", f));
  return [
    ...listFiles(src).filter((f) => !skip.some((s) => f.startsWith(s))),
    ...own,
    ...["package-lock.json", "package.json"].map((f) => path.join(root, f)).filter(existsSync)
  ];
}

/** The grader's files that go into the page (the rest of src/grader runs in Node). */
const PAGE_FILES = ["grade.html", "page.ts", "student.html", "student.ts", "frameProtocol.ts", "intrinsics.ts", "protocol.ts", "programs.ts"];

export function pageBuildHash(root = PACKAGE_ROOT): string {
  const hash = createHash("sha256").update(RECIPE);
  const files = pageSources(root);
  for (const file of files.sort()) {
    hash.update(path.relative(root, file)).update("\0").update(readFileSync(file)).update("\0");
  }
  return hash.digest("hex").slice(0, 16);
}

export async function buildGradePage(options: {root?: string; log?: (line: string) => void} = {}): Promise<PageBuild> {
  const root = options.root ?? PACKAGE_ROOT;
  const t0 = performance.now();
  const dir = path.join(cacheDir(), `grade-page-${pageBuildHash(root)}`);
  if (existsSync(path.join(dir, "grade.html"))) return {dir, built: false, ms: performance.now() - t0};
  options.log?.("building the grading page (once per source change)…");
  const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
  const {build} = await import("vite");
  await build({
    configFile: false,
    root: path.join(root, "src", "grader"),
    base: "./",
    publicDir: false,
    logLevel: "error",
    worker: {format: "es"},
    build: {
      outDir: tmp,
      emptyOutDir: true,
      target: "es2022",
      reportCompressedSize: false,
      chunkSizeWarningLimit: 5000,
      rollupOptions: {input: ["grade.html", "student.html"].map((f) => path.join(root, "src", "grader", f))}
    }
  });
  try {
    renameSync(tmp, dir);
  } catch (e) {
    // Another process built the same hash meanwhile: use its output.
    rmSync(tmp, {recursive: true, force: true});
    if (!existsSync(path.join(dir, "grade.html"))) throw e;
  }
  pruneOldBuilds(path.dirname(dir), KEEP_BUILDS);
  return {dir, built: true, ms: performance.now() - t0};
}

/** Builds kept in the cache (older ones are removed): a few, so switching branches back and forth stays fast. */
const KEEP_BUILDS = 4;

function pruneOldBuilds(cache: string, keep: number): void {
  const builds = readdirSync(cache, {withFileTypes: true})
    .filter((e) => e.isDirectory() && /^grade-page-[0-9a-f]+$/.test(e.name))
    .map((e) => ({dir: path.join(cache, e.name), time: statSync(path.join(cache, e.name)).mtimeMs}))
    .sort((a, b) => b.time - a.time);
  for (const old of builds.slice(keep)) rmSync(old.dir, {recursive: true, force: true});
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, {withFileTypes: true})) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}
