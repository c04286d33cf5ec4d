// The mistakes a student makes in cells, each reported on the right cell with a message that says what to do,
// while the rest of the notebook keeps working.
import {expect, test} from "@playwright/test";
import {cell, check, openNotebook, output, settleAfter, typeAndRun} from "./helpers.js";

test("an error thrown in a cell blocks the cells that read it, naming the cell", async ({page}) => {
  await openNotebook(page);
  await typeAndRun(page, "greeting", 'const name = "Ada"; const greeting = name.nope.length; display(greeting);');
  await expect(cell(page, "greeting")).toHaveAttribute("data-status", "error");
  await expect(cell(page, "greeting").locator(".cell-message")).toContainText("undefined");
  await expect(cell(page, "shout")).toHaveAttribute("data-status", "blocked");
  await expect(cell(page, "shout").locator(".cell-message")).toContainText('waiting on cell "greeting"');
  await expect(output(page, "shout")).toBeEmpty(); // no stale "HELLO, ADA!" left behind
  await expect(cell(page, "triangle")).toHaveAttribute("data-status", "ok"); // unrelated cells are untouched
});

test("assigning another cell's variable is refused with a fix", async ({page}) => {
  await openNotebook(page);
  await typeAndRun(page, "shout", 'greeting = "changed"');
  await expect(cell(page, "shout")).toHaveAttribute("data-status", "error");
  await expect(cell(page, "shout").locator(".cell-message")).toContainText('this cell assigns `greeting`, which cell "greeting"');
  await expect(output(page, "greeting")).toHaveText('"Hello, Ada!"');
});

test("a cycle between cells is reported as a path", async ({page}) => {
  await openNotebook(page);
  // triangle reads n (slider); make the slider read triangle.
  await typeAndRun(page, "slider", "const n = triangle > 0 ? 3 : 4;");
  await expect(cell(page, "slider")).toHaveAttribute("data-status", "error");
  const message = cell(page, "slider").locator(".cell-message");
  await expect(message).toContainText("circular definition:");
  await expect(message).toContainText("reads `triangle`");
  await expect(message).toContainText("reads `n`");
  await expect(cell(page, "triangle")).toHaveAttribute("data-status", "error");
});

test("an import of anything but the bundled libraries is refused, never fetched", async ({page}) => {
  await openNotebook(page);
  const requests: string[] = [];
  page.on("request", (r) => requests.push(r.url()));
  await typeAndRun(page, "shout", 'import _ from "lodash";');
  await expect(cell(page, "shout")).toHaveAttribute("data-status", "error");
  await expect(cell(page, "shout").locator(".cell-message")).toContainText('cannot import "lodash"');
  expect(requests.filter((u) => u.includes("lodash"))).toEqual([]);
});

test("a cell cannot redefine what the checks rely on", async ({page}) => {
  await openNotebook(page);
  await typeAndRun(page, "shout", "const assert = {ok() {}, equal() {}};");
  await expect(cell(page, "shout")).toHaveAttribute("data-status", "error");
  await expect(cell(page, "shout").locator(".cell-message")).toContainText("`assert` is provided by Drillbook");
  // ...so a wrong answer still fails.
  await typeAndRun(page, "sum-of-squares", "const sumOfSquares = 1;");
  await expect(check(page, "matches-formula")).toHaveAttribute("data-status", "failed", {timeout: 5_000});
});

test("a runaway loop in the exercise makes its checks say timed out", async ({page}) => {
  await openNotebook(page);
  await typeAndRun(page, "sum-of-squares", "let sumOfSquares = 0; for (let i = 1; i > 0; i++) sumOfSquares += i;");
  await expect(cell(page, "sum-of-squares")).toHaveAttribute("data-status", "timeout");
  for (const name of ["is-a-number", "matches-formula"]) {
    await expect(check(page, name)).toHaveAttribute("data-status", "timeout");
    await expect(check(page, name).locator(".badge-detail")).toContainText("is it infinite?");
  }
});

test("rapid slider moves settle on the last value, with every reader consistent", async ({page}) => {
  await openNotebook(page);
  await typeAndRun(page, "sum-of-squares", "let sumOfSquares = 0; for (let i = 1; i <= n; i++) sumOfSquares += i * i;");
  const slider = cell(page, "slider").locator("input[type=range]");
  await slider.focus();
  await settleAfter(page, async () => {
    for (let i = 0; i < 8; i++) await page.keyboard.press("ArrowRight");
  });
  await expect(cell(page, "slider").locator("input[type=number]")).toHaveValue("18");
  await expect(output(page, "triangle")).toHaveText('"1 + 2 + … + 18 = 171"');
  await cell(page, "squares-plot").scrollIntoViewIfNeeded(); // (it may have run already: it was near the slider)
  await expect(output(page, "squares-plot").locator("svg rect")).toHaveCount(18);
  await expect(check(page, "matches-formula")).toHaveAttribute("data-status", "passed");
});
