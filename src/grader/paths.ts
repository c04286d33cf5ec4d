// Where things are: the package's own folder (the CLI may run from anywhere) and its build cache.
import {accessSync, constants, mkdirSync} from "node:fs";
import os from "node:os";
import path from "node:path";
import {fileURLToPath} from "node:url";

/** The repository / package root (this file is src/grader/paths.ts). */
export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** node_modules/.cache/drillbook when writable (where build tools keep caches), else a temp folder. */
export function cacheDir(): string {
  const preferred = process.env.DRILLBOOK_CACHE_DIR ?? path.join(PACKAGE_ROOT, "node_modules", ".cache", "drillbook");
  try {
    mkdirSync(preferred, {recursive: true});
    accessSync(preferred, constants.W_OK);
    return preferred;
  } catch {
    const fallback = path.join(os.tmpdir(), "drillbook-cache");
    mkdirSync(fallback, {recursive: true});
    return fallback;
  }
}
