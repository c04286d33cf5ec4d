// @vitest-environment happy-dom
// The complete example in docs/authoring.md must stay a valid, sound notebook.
import {readFileSync} from "node:fs";
import path from "node:path";
import {expect, it} from "vitest";
import {parseNotebook} from "../../src/notebook/parse.js";
import {runNotebook, solutionCode} from "../../src/runtime/headless.js";

const doc = readFileSync(path.resolve("docs/authoring.md"), "utf8");
const example = /````markdown\n([\s\S]*?)\n````/.exec(doc)![1]!;

it("docs/authoring.md's example parses, fails on the starter and passes on the solution", async () => {
  const nb = parseNotebook(example, "docs/authoring.md");
  const starter = await runNotebook(nb, {includeHiddenChecks: true});
  expect(starter.checks.map((c) => c.status)).toEqual(["not-attempted", "not-attempted"]);
  const solved = await runNotebook(nb, {code: solutionCode(nb), includeHiddenChecks: true});
  expect(solved.checks.map((c) => c.status)).toEqual(["passed", "passed"]);
  const wrong = await runNotebook(nb, {code: {"sum-first": nb.exercises[0]!.wrongAnswers[0]!.source}});
  expect(wrong.checks[0]).toMatchObject({status: "failed", message: expect.stringContaining("the loop stops one short")});
});
