// What a beginner's runaway code does to the page: code is saved before it runs (a frozen tab does not take it
// along), a hang leads to safe mode on the next open but a slow promise does not, every running cell can be
// stopped, and what a run started (timers, endless async loops) ends when the cell is stopped or fixed.
import {expect, test} from "@playwright/test";
import {cell, check, EXERCISE, openNotebook, SOLUTION, typeAndRun, typeCode, waitIdle, editorOf, nb, runtime} from "./helpers.js";

const HANG = '/(a+)+$/.test("a".repeat(40) + "b"); // no loop guard reaches this\nconst sumOfSquares = 1;';

test("code run just before the tab froze is kept, and the next open is in safe mode with it", async ({page, context}) => {
  await openNotebook(page);
  await typeCode(page, EXERCISE, HANG);
  // The key press never returns: the run freezes the tab (regex backtracking on the main thread).
  const pressed = page.keyboard.press("Shift+Enter").catch(() => undefined);
  await new Promise((r) => setTimeout(r, 1500));
  // Close it as a student would a frozen tab: no unload runs.
  await page.close({runBeforeUnload: false});
  await pressed;

  const next = await context.newPage();
  await openNotebook(next);
  await expect(nb(next).locator(".banner.safe-mode")).toBeVisible();
  await expect(editorOf(next, EXERCISE)).toHaveText(HANG.split("\n").join(""));
  await expect(cell(next, EXERCISE)).toHaveAttribute("data-status", "not-run");
});

test("a promise still pending at a reload does not send the next open into safe mode", async ({page}) => {
  await openNotebook(page);
  await typeCode(page, EXERCISE, "const sumOfSquares = await new Promise(() => {});");
  await page.keyboard.press("Shift+Enter");
  await expect(cell(page, EXERCISE)).toHaveAttribute("data-status", "running");
  await page.reload();
  // The restored cell is pending again, so the page stays busy: wait for the cells around it instead.
  await expect(cell(page, "slider")).toHaveAttribute("data-status", "ok");
  await expect(cell(page, EXERCISE)).toHaveAttribute("data-status", "running");
  await expect(nb(page).locator(".banner.safe-mode")).toBeHidden();
});

test("Stop ends an endless async loop; the fixed code then runs and its checks go green", async ({page}) => {
  await openNotebook(page);
  await typeCode(page, EXERCISE, "while (true) {\n  window.spins = (window.spins ?? 0) + 1;\n  await new Promise((r) => setTimeout(r, 0));\n}\nconst sumOfSquares = 1;");
  await page.keyboard.press("Shift+Enter");
  const stop = cell(page, EXERCISE).locator('[data-action="stop"]');
  await expect(stop).toBeVisible();
  // The page answers while the loop spins: the slider's cell is still there to use.
  await expect(cell(page, "slider")).toHaveAttribute("data-status", "ok");
  await stop.click();
  await expect(cell(page, EXERCISE)).toHaveAttribute("data-status", "timeout");
  await expect(cell(page, EXERCISE).locator(".cell-message")).toContainText("you pressed Stop");
  await expect(stop).toBeHidden();
  const spins = await (await runtime(page)).evaluate(() => (window as unknown as {spins: number}).spins);
  await page.waitForTimeout(200);
  expect(await (await runtime(page)).evaluate(() => (window as unknown as {spins: number}).spins)).toBeLessThanOrEqual(spins + 1);

  await typeAndRun(page, EXERCISE, SOLUTION);
  await expect(check(page, "matches-formula")).toHaveAttribute("data-status", "passed");
});

test("Stop ends a promise that never settles, and running the same code again starts it afresh", async ({page}) => {
  await openNotebook(page);
  await typeCode(page, EXERCISE, "const sumOfSquares = await new Promise(() => {});");
  await page.keyboard.press("Shift+Enter");
  const stop = cell(page, EXERCISE).locator('[data-action="stop"]');
  await stop.click();
  await expect(cell(page, EXERCISE)).toHaveAttribute("data-status", "timeout");
  await cell(page, EXERCISE).locator(".run").click();
  await expect(cell(page, EXERCISE)).toHaveAttribute("data-status", "running");
  await expect(stop).toBeVisible();
});

test("an interval an old version of a cell started stops when the cell is fixed", async ({page}) => {
  await openNotebook(page);
  await typeAndRun(page, EXERCISE, "setInterval(() => { window.ticks = (window.ticks ?? 0) + 1; }, 5);\nconst sumOfSquares = 0;");
  await expect.poll(async () => (await runtime(page)).evaluate(() => (window as unknown as {ticks?: number}).ticks ?? 0)).toBeGreaterThan(3);
  await typeAndRun(page, EXERCISE, SOLUTION);
  const ticks = await (await runtime(page)).evaluate(() => (window as unknown as {ticks: number}).ticks);
  await page.waitForTimeout(200);
  expect(await (await runtime(page)).evaluate(() => (window as unknown as {ticks: number}).ticks)).toBe(ticks);
  await expect(check(page, "matches-formula")).toHaveAttribute("data-status", "passed");
});

test("code the loop guard stopped is held at the next open, not run again, until the student runs it", async ({page}) => {
  await openNotebook(page);
  const LOOP = "let i = 0;\nwhile (true) i++;\nconst sumOfSquares = i;";
  await typeAndRun(page, EXERCISE, LOOP);
  await expect(cell(page, EXERCISE)).toHaveAttribute("data-status", "timeout");
  await expect(cell(page, EXERCISE).locator(".cell-message")).toContainText("this loop ran for");
  await page.reload();
  await waitIdle(page);
  // Held: shown as stopped with why, the code kept, and the page settled without running it for 4 s again.
  await expect(cell(page, EXERCISE)).toHaveAttribute("data-status", "timeout");
  await expect(cell(page, EXERCISE).locator(".cell-message")).toContainText("not run: last time this code ran too long");
  await expect(editorOf(page, EXERCISE)).toHaveText(LOOP.split("\n").join(""));
  await typeAndRun(page, EXERCISE, SOLUTION);
  await expect(check(page, "matches-formula")).toHaveAttribute("data-status", "passed");
});
