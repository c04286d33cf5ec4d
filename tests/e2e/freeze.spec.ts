// Every way a beginner's code can hang, run in the welcome notebook's exercise: the tab's page keeps answering
// (the notebook runs in a frame from another site, in its own process), the student is told within 3 s, the cell
// ends within 10 s or on Stop, the rest of the notebook works afterwards, and a reload still has every edit.
import {expect, test, type Page} from "@playwright/test";
import {cell, check, editorOf, EXERCISE, nb, openNotebook, output, runtime, SOLUTION, typeAndRun, typeCode, waitIdle} from "./helpers.js";

const flat = (code: string) => code.split("\n").join("");

/** Code that never gives the frame's thread back: no loop guard reaches inside eval, new Function or a regex. */
const NEVER_YIELDS: Array<[string, string]> = [
  ["an endless loop inside eval", 'eval("while (true) {}");\nconst sumOfSquares = 1;'],
  ["an endless loop built with new Function", 'new Function("for (;;) {}")();\nconst sumOfSquares = 1;'],
  ["a regular expression that backtracks", '/(a+)+$/.test("a".repeat(40) + "b");\nconst sumOfSquares = 1;']
];

/**
 * Presses Shift-Enter without waiting: the frame that should take the key is about to freeze, so the press may
 * never complete. Playwright would then still count Shift as held (a later click would extend a selection), so
 * the caller lets go of it with `releaseKeys` once the frame is back.
 */
function runWithoutWaiting(page: Page): void {
  void page.keyboard.press("Shift+Enter").catch(() => undefined);
}

const releaseKeys = (page: Page) => page.keyboard.up("Shift");

/** The tab's own page answers at once while the frame is frozen (Playwright evaluates there, not in the frame). */
async function pageAnswers(page: Page): Promise<void> {
  const asked = Date.now();
  expect(await page.evaluate(() => document.body.classList.contains("runtime-shell"))).toBe(true);
  expect(Date.now() - asked).toBeLessThan(1000);
}

/** After the frame was ended and reopened: the rest of the notebook runs (a name typed upstream reaches `shout`). */
async function restWorks(page: Page): Promise<void> {
  await releaseKeys(page);
  await typeAndRun(page, "greeting", 'const name = "Grace"; const greeting = `Hello, ${name}!`; display(greeting);');
  await expect(output(page, "shout")).toHaveText('"HELLO, GRACE!"');
}

for (const [form, code] of NEVER_YIELDS) {
  test(`${form}: the page says so within 3 s, Stop ends it, the rest works and the code survives a reload`, async ({page}) => {
    await openNotebook(page);
    await typeCode(page, EXERCISE, code);
    runWithoutWaiting(page);
    const notice = page.locator(".runtime-notice");
    // Shown at 2.5 s without an answer; the slack is for a loaded test machine.
    await expect(notice).toBeVisible({timeout: 4000});
    await expect(notice).toContainText('exercise "Sum of squares" has run for');
    await pageAnswers(page);
    await page.locator('[data-action="stop-runtime"]').click();

    await waitIdle(page);
    await expect(cell(page, EXERCISE)).toHaveAttribute("data-status", "timeout");
    await expect(cell(page, EXERCISE).locator(".cell-message")).toContainText("you stopped this code when it kept the page from answering");
    await expect(editorOf(page, EXERCISE)).toHaveText(flat(code));
    await expect(nb(page).locator(".banner")).toContainText('You stopped exercise "Sum of squares"');
    await restWorks(page);

    await page.reload();
    await waitIdle(page);
    await expect(editorOf(page, EXERCISE)).toHaveText(flat(code)); // still held: opening does not freeze again
    await expect(cell(page, EXERCISE)).toHaveAttribute("data-status", "timeout");
    await expect(output(page, "shout")).toHaveText('"HELLO, GRACE!"');
    await typeAndRun(page, EXERCISE, SOLUTION);
    await expect(check(page, "matches-formula")).toHaveAttribute("data-status", "passed");
  });
}

test("without Stop, a frozen notebook is ended after 10 s and reopened with the cell held", async ({page}) => {
  await openNotebook(page);
  const code = NEVER_YIELDS[1]![1];
  await typeCode(page, EXERCISE, code);
  runWithoutWaiting(page);
  await expect(page.locator(".runtime-notice")).toBeVisible({timeout: 4000});
  await expect(page.locator(".runtime-notice")).toContainText("It will be stopped in");
  await expect(page.locator(".runtime-notice")).toBeHidden({timeout: 12_000});
  await waitIdle(page);
  await expect(cell(page, EXERCISE)).toHaveAttribute("data-status", "timeout");
  await expect(cell(page, EXERCISE).locator(".cell-message")).toContainText("kept the page from answering for 10 s");
  await expect(editorOf(page, EXERCISE)).toHaveText(flat(code));
  await restWorks(page);
});

test("runaway recursion ends at once with an error in the cell; the page never stops answering", async ({page}) => {
  await openNotebook(page);
  await typeAndRun(page, EXERCISE, "function deeper(k) { return deeper(k + 1) + 1; }\nconst sumOfSquares = deeper(0);");
  await expect(cell(page, EXERCISE)).toHaveAttribute("data-status", "error");
  await expect(cell(page, EXERCISE).locator(".cell-message")).toContainText(/call stack/i);
  await expect(page.locator(".runtime-notice")).toBeHidden();
  await typeAndRun(page, EXERCISE, SOLUTION);
  await expect(check(page, "matches-formula")).toHaveAttribute("data-status", "passed");
});

test("an allocation bomb ends the frame's process, not the tab: the notebook comes back with the cell held", async ({page}) => {
  await openNotebook(page);
  const code = "const hoard = [];\nwhile (true) hoard.push(new Array(1e6).fill(7));\nconst sumOfSquares = hoard.length;";
  await typeCode(page, EXERCISE, code);
  runWithoutWaiting(page);
  // Either the loop guard stops it first (4 s), or the frame runs out of memory and the page reopens it.
  await expect(async () => {
    await pageAnswers(page);
    await expect(cell(page, EXERCISE)).toHaveAttribute("data-status", "timeout", {timeout: 1000});
  }).toPass({timeout: 25_000});
  await expect(editorOf(page, EXERCISE)).toHaveText(flat(code));
  await restWorks(page);
});

test("an interval flood slows the notebook but not the page, and ends when the cell is fixed", async ({page}) => {
  await openNotebook(page);
  // Forty intervals of 10 ms busy work each: the frame gives its thread back between them, barely.
  const code = "for (let i = 0; i < 40; i++) setInterval(() => {\n  window.flood = (window.flood ?? 0) + 1;\n  const t = performance.now();\n  while (performance.now() - t < 10) {}\n}, 0);\nconst sumOfSquares = 1;";
  await typeAndRun(page, EXERCISE, code);
  const frame = await runtime(page);
  await expect.poll(() => frame.evaluate(() => (window as unknown as {flood?: number}).flood ?? 0)).toBeGreaterThan(100);
  await pageAnswers(page);
  await typeAndRun(page, EXERCISE, SOLUTION);
  const flood = await frame.evaluate(() => (window as unknown as {flood: number}).flood);
  await page.waitForTimeout(300);
  expect(await frame.evaluate(() => (window as unknown as {flood: number}).flood)).toBe(flood);
  await expect(check(page, "matches-formula")).toHaveAttribute("data-status", "passed");
});
