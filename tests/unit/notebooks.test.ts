// @vitest-environment happy-dom
// Every notebook in notebooks/: each check can fail (starter: not attempted or failed; each listed wrong answer
// fails the check it targets) and passes on the solution. Inputs need a DOM: happy-dom (jsdom rejects the value accessor Inputs defines on its form elements).
import {readdirSync, readFileSync} from "node:fs";
import path from "node:path";
import {describe, expect, it} from "vitest";
import {parseNotebook} from "../../src/notebook/parse.js";
import {runNotebook, solutionCode} from "../../src/runtime/headless.js";
import {runSplit} from "../../src/runtime/split.js";

// Paths from the repository root (vitest runs there); jsdom replaces URL, so file URLs are avoided.
const dir = path.resolve("notebooks");
const files = readdirSync(dir).filter((f) => f.endsWith(".md"));

/** What a message must not say instead of the student's variable: the library's error class and parameter names, or blame on the check. */
const LIBRARY_INTERNALS = /LibraryInputError|the check raised|\byTrue\b|\byPred\[\d+\]|\byPred has \d+|\byPred must be|labels has \d+ values but X/;

// Notebooks whose every run trains many models get more time: churn-ltv fits 17 boosting models a run (about 8 s of
// CPU on this machine; a busy machine multiplies the wall time).
const SLOW: Record<string, number> = {"churn-ltv.md": 300_000};

describe.each(files)("notebooks/%s", (file) => {
  const notebook = parseNotebook(readFileSync(path.join(dir, file), "utf8"), `notebooks/${file}`);
  const timeout = SLOW[file] ?? 60_000;

  it("passes every check, hidden ones included, on the solutions", async () => {
    const result = await runSplit(notebook, {code: solutionCode(notebook), includeHiddenChecks: true, budgetMs: timeout});
    expect(result.timedOut).toBe(false);
    expect(result.cells.filter((c) => c.status !== "ok").map((c) => `${c.id}: ${c.message}`)).toEqual([]);
    expect(result.checks.filter((c) => c.status !== "passed").map((c) => `${c.id}: ${c.status} ${c.message}`)).toEqual([]);
  }, timeout);

  it("passes every check on the solutions in the page's own engine too, which refuses changes to notebook values", async () => {
    const result = await runNotebook(notebook, {code: solutionCode(notebook), includeHiddenChecks: true, refuseNotebookChanges: true, budgetMs: timeout});
    expect(result.cells.filter((c) => c.status !== "ok").map((c) => `${c.id}: ${c.message}`)).toEqual([]);
    expect(result.checks.filter((c) => c.status !== "passed").map((c) => `${c.id}: ${c.status} ${c.message}`)).toEqual([]);
  }, timeout);

  it("fails or marks not attempted every check on the starter code", async () => {
    const result = await runSplit(notebook, {includeHiddenChecks: true, budgetMs: timeout});
    for (const c of result.checks) expect(["not-attempted", "failed"], `${c.id}: ${c.status} ${c.message}`).toContain(c.status);
  }, timeout);

  const wrongs = notebook.exercises.flatMap((e) => e.wrongAnswers.map((w) => ({exercise: e.id, ...w})));
  it.skipIf(!wrongs.length).each(wrongs)("wrong answer to $exercise fails $check ($label)", async (wrong) => {
    const code = {...solutionCode(notebook), [wrong.exercise]: wrong.source};
    const result = await runSplit(notebook, {code, includeHiddenChecks: true, budgetMs: timeout});
    const target = result.checks.find((c) => c.id === `${wrong.exercise}/${wrong.check}`)!;
    expect(target.status, target.message).toBe("failed");
    // Every message the student reads names their variables, never a library internal (see studentTerms.ts).
    const internal = result.checks.filter((c) => LIBRARY_INTERNALS.test(c.message)).map((c) => `${c.id}: ${c.message}`);
    expect(internal).toEqual([]);
  }, timeout);
});
