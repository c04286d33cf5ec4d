// A fresh clone must test itself with nothing beside it: no file the project runs or tests may read from outside the
// checkout (the shared folder that sits beside it on the developers' machines is not part of a clone). `.ci/run`
// proves the rest by running the whole suite from a copy of the repository in an empty folder.
import {execFileSync} from "node:child_process";
import {existsSync, readFileSync} from "node:fs";
import path from "node:path";
import {describe, expect, it} from "vitest";
import {PACKAGE_ROOT} from "../../src/grader/paths.js";

/** What the project runs or tests: the folders the fresh-clone issue names, plus the root's configuration. */
const SCOPE = /^(src|tests|bench|notebooks|\.ci|bin|public)\/|^[^/]+\.(ts|js|json|html)$/;
const TEXT = /\.(ts|js|mjs|cjs|json|html|md|py|sh|css|yml|yaml)$|^\.ci\//;

/** Files git tracks or would track (new files count before their first commit), less deleted ones. */
function trackedFiles(): string[] {
  return allFiles().filter((f) => SCOPE.test(f) && TEXT.test(f) && f !== "package-lock.json");
}

function allFiles(): string[] {
  const out = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {cwd: PACKAGE_ROOT, encoding: "utf8"});
  return [...new Set(out.split("\0"))].filter((f) => f && existsSync(path.join(PACKAGE_ROOT, f)));
}

const THIS_FILE = "tests/unit/selfContained.test.ts";

// Built from parts so this file does not match itself.
const SHARED = ["..", "shared"].join("/");
const OUTSIDE_NAMES = [SHARED, "/" + "work/", ["shared", "reference"].join("/"), ["shared", "seeds"].join("/"), ["shared", "research"].join("/")];

/** Relative path literals ("../x", "./y") that, read from the file's own folder, land outside the checkout. */
function escapingLiterals(file: string, text: string): string[] {
  const dir = path.dirname(path.join(PACKAGE_ROOT, file));
  const found: string[] = [];
  for (const m of text.matchAll(/["'`]((?:\.\.?\/)+[^"'`\s]*)["'`]/g)) {
    const target = path.resolve(dir, m[1]!);
    if (path.relative(PACKAGE_ROOT, target).startsWith("..")) found.push(m[1]!);
  }
  return found;
}

/** Every way a file names a place outside the checkout, as "file: what". */
export function outsideReferences(file: string, text: string): string[] {
  const named = OUTSIDE_NAMES.filter((name) => text.includes(name));
  return [...named, ...escapingLiterals(file, text)].map((what) => `${file}: ${what}`);
}

describe("the repository is self-contained", () => {
  const files = trackedFiles();

  it("covers the folders the project runs and tests from", () => {
    for (const folder of ["src/", "tests/", "bench/", "notebooks/", ".ci/"]) {
      expect(files.some((f) => f.startsWith(folder)), folder).toBe(true);
    }
  });

  it("no tracked file the project runs or tests names a path outside the checkout", () => {
    // This file is left out: its examples below are outside paths on purpose.
    const offenders = files.filter((f) => f !== THIS_FILE).flatMap((f) => outsideReferences(f, readFileSync(path.join(PACKAGE_ROOT, f), "utf8")));
    expect(offenders).toEqual([]);
  });

  it("the detector catches what the fresh-clone bug did, and leaves the repository's own relative paths alone", () => {
    const bug = `const refDir = path.resolve(repoRoot, "${SHARED}/reference");`;
    expect(outsideReferences("tests/unit/lib/glm.test.ts", bug)).toHaveLength(2);
    const url = `new URL("../../../../${"shared"}/x/", import.meta.url)`;
    expect(outsideReferences("tests/unit/lib/classification.test.ts", url)).toContain(
      `tests/unit/lib/classification.test.ts: ../../../../${"shared"}/x/`
    );
    expect(outsideReferences("bench/x.ts", `readFileSync("../../other-checkout/data.csv")`)).toEqual(["bench/x.ts: ../../other-checkout/data.csv"]);
    expect(outsideReferences("tests/unit/lib/x.test.ts", `import {a} from "../../../src/lib/index.js";`)).toEqual([]);
    expect(outsideReferences("tests/unit/lib/x.test.ts", `new URL("../../fixtures/sklearn/", import.meta.url)`)).toEqual([]);
  });

  it("the scikit-learn reference cases the library tests read are in the repository", () => {
    const fixtures = allFiles().filter((f) => f.startsWith("tests/fixtures/sklearn/"));
    expect(fixtures).toEqual(
      expect.arrayContaining(["expected.json", "gamma.csv", "kmeans_blobs.csv", "linreg.csv", "logistic.csv", "metrics_regression.csv", "make_reference.py"].map((f) => `tests/fixtures/sklearn/${f}`))
    );
  });
});
