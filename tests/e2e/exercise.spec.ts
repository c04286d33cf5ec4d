// The exercise's actions: hints one at a time, the solution behind a confirmation, Reset with undo.
import {expect, test} from "@playwright/test";
import {check, editorOf, openNotebook, savedWork, settleAfter, SOLUTION, STARTER, typeAndRun, waitIdle, nb} from "./helpers.js";

test("hints are revealed one at a time and stay revealed after a reload", async ({page}) => {
  await openNotebook(page);
  const exercise = nb(page).locator('[data-exercise="sum-of-squares"]');
  const hint = exercise.locator(".hint");
  const hints = exercise.locator(".hints li");
  await expect(hints).toHaveCount(0);
  await expect(hint).toHaveText("Hint (2 left)");

  await hint.click();
  await expect(hints).toHaveCount(1);
  await expect(hints.nth(0)).toContainText("Start from");
  await expect(hint).toHaveText("Hint (1 left)");

  await hint.click();
  await expect(hints).toHaveCount(2);
  await expect(hints.nth(1)).toContainText("note the");
  await expect(hint).toHaveText("No more hints");
  await expect(hint).toBeDisabled();

  await expect.poll(async () => ((await savedWork(page)) as {hintsShown?: Record<string, number>} | null)?.hintsShown?.["sum-of-squares"]).toBe(2);
  await page.reload();
  await waitIdle(page);
  await expect(hints).toHaveCount(2);
  await expect(hint).toBeDisabled();
});

test("Show solution asks first; the solution can be put in the cell", async ({page}) => {
  await openNotebook(page);
  const exercise = nb(page).locator('[data-exercise="sum-of-squares"]');
  const solution = exercise.locator(".solution");

  await exercise.locator(".show-solution").click();
  await expect(exercise.locator(".confirm")).toBeVisible();
  await expect(exercise.locator(".confirm")).toContainText("See the solution?");
  await expect(solution).toBeHidden();
  // Cancel (focused first, so a stray Enter does not reveal it) keeps it hidden.
  await expect(exercise.locator(".confirm-no")).toBeFocused();
  await exercise.locator(".confirm-no").click();
  await expect(exercise.locator(".confirm")).toBeHidden();
  await expect(solution).toBeHidden();
  await expect(exercise.locator(".show-solution")).toBeFocused(); // keyboard users keep their place

  await exercise.locator(".show-solution").click();
  await exercise.locator(".confirm-yes").click();
  await expect(solution).toBeVisible();
  await expect(solution.locator(".solution-code")).toContainText("sumOfSquares += i * i");
  await expect(exercise.locator(".use-solution")).toBeFocused();
  await expect(editorOf(page, "sum-of-squares")).toHaveText(STARTER); // shown, not applied

  await settleAfter(page, () => exercise.locator(".use-solution").click());
  await expect(editorOf(page, "sum-of-squares")).toContainText("sumOfSquares += i * i");
  await expect(check(page, "matches-formula")).toHaveAttribute("data-status", "passed");
  await expect(check(page, "is-a-number")).toHaveAttribute("data-status", "passed");
});

test("Reset brings the starter back after a confirmation, and Ctrl-Z undoes it", async ({page}) => {
  await openNotebook(page);
  const exercise = nb(page).locator('[data-exercise="sum-of-squares"]');
  await typeAndRun(page, "sum-of-squares", SOLUTION);
  await expect(check(page, "matches-formula")).toHaveAttribute("data-status", "passed");

  await exercise.locator(".reset").click();
  await expect(exercise.locator(".confirm")).toContainText("Put the starter code back?");
  await exercise.locator(".confirm-no").click();
  await expect(editorOf(page, "sum-of-squares")).toHaveText(SOLUTION);

  await exercise.locator(".reset").click();
  await settleAfter(page, () => exercise.locator(".confirm-yes").click());
  await expect(editorOf(page, "sum-of-squares")).toHaveText(STARTER);
  await expect(check(page, "matches-formula")).toHaveAttribute("data-status", "not-attempted");
  await expect(nb(page).locator(".toolbar .progress-text")).toHaveText("0 / 2 checks passed");

  await editorOf(page, "sum-of-squares").click();
  await page.keyboard.press("ControlOrMeta+Z");
  await expect(editorOf(page, "sum-of-squares")).toHaveText(SOLUTION);
  await settleAfter(page, () => page.keyboard.press("Shift+Enter"));
  await expect(check(page, "matches-formula")).toHaveAttribute("data-status", "passed");
});

test("Ctrl-Z after Reset brings back the student's code even when Reset follows an edit at once", async ({page}) => {
  await openNotebook(page);
  const exercise = nb(page).locator('[data-exercise="sum-of-squares"]');
  await typeAndRun(page, "sum-of-squares", "const sumOfSquares = 1;");
  // Use the solution, then reset straight away: two replacements within CodeMirror's grouping delay.
  await exercise.locator(".show-solution").click();
  await exercise.locator(".confirm-yes").click();
  await exercise.locator(".use-solution").click();
  await exercise.locator(".reset").click();
  await exercise.locator(".confirm-yes").click();
  await expect(editorOf(page, "sum-of-squares")).toHaveText(STARTER);

  await editorOf(page, "sum-of-squares").click();
  await page.keyboard.press("ControlOrMeta+Z");
  await expect(editorOf(page, "sum-of-squares")).toContainText("sumOfSquares += i * i"); // one step back: the solution
  await page.keyboard.press("ControlOrMeta+Z");
  await expect(editorOf(page, "sum-of-squares")).toHaveText("const sumOfSquares = 1;"); // two steps: the student's code
});
