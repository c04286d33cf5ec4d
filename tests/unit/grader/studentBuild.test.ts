// Builds the real site twice: the student build must hold no solution, hidden check or listed wrong answer of any
// notebook in any file; the instructor's build, searched the same way, must hold every one of them (so the
// search demonstrably finds what bundling left, and the first result means something).
import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync} from "node:fs";
import os from "node:os";
import path from "node:path";
import {afterAll, describe, expect, it} from "vitest";
import {findLeaks, secretsOf} from "../../../src/grader/leaks.js";
import {loadNotebooks} from "../../../src/grader/notebooks.js";
import {PACKAGE_ROOT} from "../../../src/grader/paths.js";
import {buildSite} from "../../../src/grader/studentBuild.js";

const work = mkdtempSync(path.join(os.tmpdir(), "drillbook-site-"));
afterAll(() => rmSync(work, {recursive: true, force: true}));

const {byId, errors} = loadNotebooks(path.join(PACKAGE_ROOT, "notebooks"));
const notebooks = [...byId.values()];
const secrets = notebooks.flatMap(secretsOf);

function allText(dir: string): string {
  const parts: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, {withFileTypes: true})) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else parts.push(readFileSync(full, "utf8"));
    }
  };
  walk(dir);
  return parts.join("\n");
}

describe("drillbook build --student", () => {
  it("every notebook parses, and they have secrets to keep", () => {
    expect(errors).toEqual([]);
    expect(secrets.length).toBeGreaterThan(notebooks.length);
  });

  it("leaves no solution, hidden check or wrong answer in any file of the student site", async () => {
    const outDir = path.join(work, "student");
    const result = await buildSite({student: true, outDir});
    expect(result.leaks).toEqual([]);
    expect(existsSync(path.join(outDir, "index.html"))).toBe(true);
    expect(findLeaks(outDir, secrets).map((l) => `${l.file}: ${l.secret.what} (${l.secret.notebook})`)).toEqual([]);
    // The notebooks are in it (their starters and visible checks), so the absence above is not an empty site's.
    const text = allText(outDir);
    for (const nb of notebooks) expect(text, nb.id).toContain(JSON.stringify(nb.exercises[0]?.checks[0]?.message ?? nb.title).slice(1, -1));
  }, 180_000);

  it("finds every one of them in the instructor's site, searched the same way", async () => {
    const outDir = path.join(work, "full");
    await buildSite({student: false, outDir});
    const found = new Set(findLeaks(outDir, secrets).map((l) => l.secret));
    expect(secrets.filter((s) => !found.has(s)).map((s) => `${s.what} (${s.notebook})`)).toEqual([]);
  }, 180_000);
});
