// @vitest-environment happy-dom
// Errors in the student's terms (src/runtime/studentTerms.ts): a library call that refuses its input names the
// variable the caller passed, an error a check runs into is the student's to fix, and lines are the cell's.
import {describe, expect, it} from "vitest";
import {parseNotebook} from "../../../src/notebook/parse.js";
import {runNotebook} from "../../../src/runtime/headless.js";
import {runSplit} from "../../../src/runtime/split.js";
import {argumentText, checkErrorInTermsOf, libraryErrorInTermsOf, modelErrorInTermsOf} from "../../../src/runtime/studentTerms.js";
import {LibraryInputError, meanAbsoluteError, rootMeanSquaredError} from "../../../src/lib/index.js";

const raised = (f: () => unknown): unknown => {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error("did not throw");
};

describe("argumentText", () => {
  it.each([
    ["meanAbsoluteError(yTest, yPredFixed)", 1, "yPredFixed"],
    ["const m = meanAbsoluteError(yTest, Array.from(mine, (x) => x * 2));", 1, "Array.from(mine, (x) => x * 2)"],
    ['f(g(a, "b,c"), [1, 2], {x: 1})', 0, undefined],
    ['meanAbsoluteError(g(a, "b,c"), [1, 2])', 0, 'g(a, "b,c")'],
    ["x.meanAbsoluteError(a, b)", 0, undefined]
  ])("%s, argument %d", (source, position, expected) => {
    expect(argumentText(source, "meanAbsoluteError", position)).toBe(expected);
  });
});

describe("a library error in the caller's terms", () => {
  it("names the caller's variable, the row and what to look at", () => {
    const e = raised(() => meanAbsoluteError([1, 2, 3], [1, NaN, 3]));
    expect(libraryErrorInTermsOf(e, {source: "assert.below(meanAbsoluteError(yTest, yPredFixed), 100, \"mae\");", line: 1, studentNames: ["yPredFixed"]}))
      .toBe("`yPredFixed` has a NaN at row 1: every row needs a prediction");
  });

  it("says which function the student called, not the one it calls", () => {
    const e = raised(() => rootMeanSquaredError([1, 2, 3], [1, 2]));
    expect(libraryErrorInTermsOf(e, {source: "const rmse = rootMeanSquaredError(yConv, pred);", line: 1}, true))
      .toBe("`pred` has 2 values but `yConv` has 3: one prediction per row: they must match (in your call to rootMeanSquaredError)");
  });

  it("names the student's one value on the line when the call is inside a helper", () => {
    const e = raised(() => meanAbsoluteError([1, 2], [1, NaN]));
    expect(libraryErrorInTermsOf(e, {source: "const s = score(yTestConv, forestPred);", line: 1, studentNames: ["forestPred"]}))
      .toBe("`forestPred` has a NaN at row 1: every row needs a prediction");
  });

  it("turns any other error a check runs into into what to look at", () => {
    expect(checkErrorInTermsOf(new TypeError("Cannot read properties of undefined (reading 'segment')"), {source: "x", studentNames: ["metricsBySegment"]}))
      .toBe("`metricsBySegment` could not be read as the exercise asks (Cannot read properties of undefined (reading 'segment')): look at its type, length and fields");
  });
});

const fence = "```";
const notebook = parseNotebook(`---
id: terms
title: T
summary: S
version: 1
---

${fence}js id=data
import {meanAbsoluteError} from "drillbook";
const yTest = [1, 2, 3, 4];
${fence}

::: exercise id=predict title="Predict"

${fence}js starter
const yPredMine = todo("predictions");
${fence}

${fence}js solution
const yPredMine = yTest.map((y) => y + 0.5);
${fence}

${fence}js check name=small-error message="the MAE is small"
assert.below(meanAbsoluteError(yTest, yPredMine), 1, "the MAE of yPredMine");
${fence}

${fence}js check name=rows message="one prediction per row"
assert.array(yPredMine, "yPredMine", {length: yTest.length});
${fence}

${fence}js check name=first-row message="the tenth row is close"
assert.close(yPredMine.at(9).value, 1, "the tenth prediction");
${fence}

::: hint
Add.
:::

:::
`, "terms.md");

describe.each([
  ["the page's engine", (code: string) => runNotebook(notebook, {code: {predict: code}})],
  ["the split run", (code: string) => runSplit(notebook, {code: {predict: code}})]
])("in %s", (_where, run) => {
  it("reports a library error inside a check as the student's problem, naming their variable, and the other checks still report", async () => {
    const r = await run("const yPredMine = [1, NaN, 3, 4];");
    expect(r.checks.find((c) => c.id === "predict/small-error")).toMatchObject({status: "failed", message: "`yPredMine` has a NaN at row 1: every row needs a prediction"});
    expect(r.checks.find((c) => c.id === "predict/rows")).toMatchObject({status: "passed"});
    expect(r.checks.find((c) => c.id === "predict/first-row")).toMatchObject({
      status: "failed", message: expect.stringMatching(/^`yPredMine` could not be read as the exercise asks \(.*\): look at its type, length and fields$/)
    });
  });

  it("gives the line of the student's cell, and the function they called", async () => {
    const r = await run("const short = yTest.slice(1);\nconst yPredMine = yTest.map((y) => y + 0.5);\nconst mae = meanAbsoluteError(short, yPredMine);");
    expect(r.cells.find((c) => c.id === "predict")).toMatchObject({
      status: "error", line: 3, message: "`yPredMine` has 4 values but `short` has 3: one prediction per row: they must match (in your call to meanAbsoluteError)"
    });
  });
});

describe("a model's refusal, in the caller's terms", () => {
  const refusal = (message: string) => new LibraryInputError(message);
  it.each([
    ["const model = new LinearRegression().fit(features, target);", "y has 3 values but X has 2 rows: they must match", "`target` has 3 values but `features` has 2 rows: they must match (in your call to fit)"],
    ["const p = model.predict(XNew);", "X[2][0] is NaN: features must be finite numbers", "`XNew[2][0]` is NaN: features must be finite numbers (in your call to predict)"],
    ["const km = new KMeans({nClusters: 3}).fit(toMatrix(t, cols));", "X has no rows: expected at least one row of features", "`toMatrix(t, cols)` has no rows: expected at least one row of features (in your call to fit)"],
    ["const s = scaler.fitTransform(rows);", "X[0][1] is undefined: features must be finite numbers", "`rows[0][1]` is undefined: features must be finite numbers (in your call to fitTransform)"]
  ])("%s", (line, message, expected) => {
    expect(modelErrorInTermsOf(refusal(message), {source: `// a comment\n${line}`, line: 2})).toBe(expected);
  });

  it("says nothing it cannot pin down: no line, no model call on it, an error that already names its argument", () => {
    expect(modelErrorInTermsOf(refusal("X has no rows"), {source: "model.fit(A, b);"})).toBeUndefined();
    expect(modelErrorInTermsOf(refusal("X has no rows"), {source: "helper(A, b);", line: 1})).toBeUndefined();
    const described = new LibraryInputError("rmse: yPred has 2 values", {fn: "rmse", argument: "yPred", position: 1, problem: "has 2 values"});
    expect(modelErrorInTermsOf(described, {source: "model.fit(A, b);", line: 1})).toBeUndefined();
    expect(modelErrorInTermsOf(new Error("X is bad"), {source: "model.fit(A, b);", line: 1})).toBeUndefined();
  });
});
