// The page by keyboard alone, and what a screen reader is told.
import {readFileSync} from "node:fs";
import {expect, test, type Page} from "@playwright/test";
import {cell, check, editorOf, openNotebook, output, settleAfter, SOLUTION, nb, runtime} from "./helpers.js";

/**
 * Presses Tab until `done` holds for the focused element; fails after `max` presses. Inside an editor Tab indents
 * (it is a code editor), so, as the page's intro says, a keyboard user presses Escape first: then Tab leaves.
 */
async function tabUntil(page: Page, done: () => Promise<boolean>, max = 20, key = "Tab"): Promise<number> {
  for (let i = 1; i <= max; i++) {
    if (await focusedIsEditor(page)) await page.keyboard.press("Escape");
    await page.keyboard.press(key);
    await focusSettled(page);
    if (await done()) return i;
  }
  throw new Error(`not reached in ${max} Tab presses`);
}

/**
 * Code shows as plain text until its editor is built (after the first settle, or when reached); focus on that text
 * moves into the editor as soon as CodeMirror has loaded. Wait for that hand-over before looking at the focus.
 */
const focusSettled = async (page: Page) => (await runtime(page)).waitForFunction(() => !document.activeElement?.classList.contains("cell-code-static"));

const focusedCell = async (page: Page) => (await runtime(page)).evaluate(() => (document.activeElement?.closest("[data-cell]") as HTMLElement | null)?.dataset.cell ?? null);
const focusedIsEditor = async (page: Page) => (await runtime(page)).evaluate(() => document.activeElement?.classList.contains("cm-content") ?? false);

test("keyboard only: Tab reaches an editor, Shift-Enter runs, Escape leaves and Tab goes on", async ({page}) => {
  await openNotebook(page);
  // Every stop on the way is something visible.
  const stops: string[] = [];
  await tabUntil(page, async () => {
    stops.push(await (await runtime(page)).evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const r = el.getBoundingClientRect();
      return `${el.tagName.toLowerCase()}.${el.className} ${r.width > 2 && r.height > 2 ? "visible" : "INVISIBLE"}`;
    }));
    return focusedIsEditor(page);
  });
  expect(stops.filter((s) => s.endsWith("INVISIBLE") && !s.includes("skip-link")), stops.join("\n")).toEqual([]);
  expect(await focusedCell(page)).toBe("greeting");

  await page.keyboard.press("End");
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("Home"); // line 1: const name = "Ada";
  await page.keyboard.press("Shift+End");
  await page.keyboard.type('const name = "Kay";');
  await settleAfter(page, () => page.keyboard.press("Shift+Enter"));
  await expect(output(page, "greeting")).toHaveText('"Hello, Kay!"');
  await expect(output(page, "shout")).toHaveText('"HELLO, KAY!"');
  expect(await focusedIsEditor(page)).toBe(true); // running keeps the caret where it was

  // Tab inside the editor indents (it is a code editor); after Escape, the next Tab leaves it, and the editor says so.
  await page.keyboard.press("Escape");
  expect(await focusedIsEditor(page)).toBe(true);
  await expect(cell(page, "greeting").locator(".cm-editor")).toHaveAttribute("data-tab-leaves", "");
  await page.keyboard.press("Tab");
  await expect(cell(page, "greeting").locator(".run")).toBeFocused();
  // ...and Tab then moves on (past the "+ Scratch cell" button under this cell) to the next cell, not back into this one.
  await page.keyboard.press("Tab");
  await expect(nb(page).locator('.scratch-slot[data-after="greeting"] .add-scratch')).toBeFocused();
  await page.keyboard.press("Tab");
  await focusSettled(page);
  expect(await focusedCell(page)).toBe("shout");
  expect(await focusedIsEditor(page)).toBe(true);
  // Back in an editor, Tab indents again.
  await page.keyboard.press("Tab");
  expect(await focusedIsEditor(page)).toBe(true);
  await page.keyboard.press("ControlOrMeta+Z");

  // Escape then Shift-Tab leaves backwards, with no trap: to the button before this editor, then the one before.
  await page.keyboard.press("Escape");
  await page.keyboard.press("Shift+Tab");
  await expect(nb(page).locator('.scratch-slot[data-after="greeting"] .add-scratch')).toBeFocused();
  await page.keyboard.press("Shift+Tab");
  await expect(cell(page, "greeting").locator(".run")).toBeFocused();
  // Any other key after Escape keeps editing: Tab indents again.
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await focusSettled(page);
  expect(await focusedCell(page)).toBe("shout");
  await page.keyboard.press("Escape");
  await page.keyboard.press("End");
  await page.keyboard.press("Tab");
  expect(await focusedIsEditor(page)).toBe(true);
  await expect(cell(page, "shout").locator(".cm-editor")).not.toHaveAttribute("data-tab-leaves", "");

  // The Run button works from the keyboard too.
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.type("greeting.length");
  await page.keyboard.press("Escape");
  await page.keyboard.press("Tab");
  await expect(cell(page, "shout").locator(".run")).toBeFocused();
  await settleAfter(page, () => page.keyboard.press("Enter"));
  await expect(output(page, "shout")).toHaveText("11");
});

test("keyboard only: the exercise can be solved and its hint read without a mouse", async ({page}) => {
  await openNotebook(page);
  await tabUntil(page, async () => (await focusedCell(page)) === "sum-of-squares" && (await focusedIsEditor(page)), 40);
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.type(SOLUTION);
  await settleAfter(page, () => page.keyboard.press("Shift+Enter"));
  await expect(check(page, "matches-formula")).toHaveAttribute("data-status", "passed");
  await page.keyboard.press("Escape");
  await tabUntil(page, async () => (await runtime(page)).evaluate(() => document.activeElement?.classList.contains("hint") ?? false), 5);
  await page.keyboard.press("Enter");
  await expect(nb(page).locator(".hints li")).toHaveCount(1);
});

test("badges have labels and a live region announces check changes", async ({page}) => {
  await openNotebook(page);
  const formula = check(page, "matches-formula");
  await expect(formula).toHaveAttribute("aria-label", "sumOfSquares equals n(n+1)(2n+1)/6, for the slider's n and any other: not attempted");
  await expect(check(page, "is-a-number")).toHaveAttribute("aria-label", "sumOfSquares is a whole number: not attempted");
  await expect(nb(page).locator('ul.checks')).toHaveAttribute("aria-label", "Checks for Sum of squares");
  const live = nb(page).locator('[role="status"][aria-live="polite"]');
  await expect(live).toHaveCount(1);
  await expect(live).toBeEmpty(); // nothing changed yet: the first results at load are not read out

  await editorOf(page, "sum-of-squares").click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.type("const sumOfSquares = triangle;");
  await settleAfter(page, () => page.keyboard.press("Shift+Enter"));
  await expect(formula).toHaveAttribute("aria-label", /^sumOfSquares equals n\(n\+1\)\(2n\+1\)\/6, for the slider's n and any other: failed\. .*385/);
  // Both checks changed in that run: one summary of the exercise is read, naming the failure with its message.
  await expect(live).toContainText("Sum of squares: 1 of 2 checks passed; failing: sumOfSquares equals n(n+1)(2n+1)/6, for the slider's n and any other (failed: ");
  await expect(live).toContainText("385");

  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.type(SOLUTION);
  await settleAfter(page, () => page.keyboard.press("Shift+Enter"));
  await expect(formula).toHaveAttribute("aria-label", "sumOfSquares equals n(n+1)(2n+1)/6, for the slider's n and any other: passed");
  await expect(live).toHaveText("Sum of squares: 2 of 2 checks passed");
  // The progress bar has a name too.
  await expect(nb(page).locator(".toolbar progress")).toHaveAttribute("aria-label", "Checks passed");
});

/** The focused element (for an editor: its frame, which carries the ring) has a visible outline of 2 px or more. */
async function ringOnFocus(page: Page): Promise<string> {
  return (await runtime(page)).evaluate(() => {
    const el = document.activeElement as HTMLElement;
    // The first Tab of the tab enters the notebook's frame: its document has the focus, no element yet.
    if (el === document.body) return "entering the frame";
    const target = (el.classList.contains("cm-content") ? el.closest(".cell-source") : el) as HTMLElement;
    const style = getComputedStyle(target);
    const ring = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2 && !/rgba\(.*, 0\)$|transparent/.test(style.outlineColor);
    return ring ? "ring" : `no ring on ${el.tagName.toLowerCase()}.${el.className} (${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor})`;
  });
}

const focusedIs = async (page: Page, selector: string) => (await runtime(page)).evaluate((s) => document.activeElement?.matches(s) ?? false, selector);

test("keyboard only: the welcome drill from the first Tab to the downloaded submission, a focus ring at every stop", async ({page}) => {
  test.setTimeout(120_000);
  await openNotebook(page);
  const rings: string[] = [];
  const ringed = async (done: () => Promise<boolean>) => {
    rings.push(await ringOnFocus(page));
    return done();
  };
  // Reach the exercise's editor, edit, run.
  await tabUntil(page, () => ringed(async () => (await focusedCell(page)) === "sum-of-squares" && (await focusedIsEditor(page))), 40);
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.type(SOLUTION);
  rings.push(await ringOnFocus(page));
  await settleAfter(page, () => page.keyboard.press("Shift+Enter"));
  await expect(check(page, "matches-formula")).toHaveAttribute("data-status", "passed");
  // A hint.
  await page.keyboard.press("Escape");
  await tabUntil(page, () => ringed(() => focusedIs(page, ".hint")), 5);
  await page.keyboard.press("Enter");
  await expect(nb(page).locator(".hints li")).toHaveCount(1);
  // Show solution: it asks first (focus on Cancel), Shift-Tab to "Show it".
  await tabUntil(page, () => ringed(() => focusedIs(page, ".show-solution")), 3);
  await page.keyboard.press("Enter");
  await expect(nb(page).locator(".confirm-no")).toBeFocused();
  rings.push(await ringOnFocus(page));
  await page.keyboard.press("Shift+Tab");
  await expect(nb(page).locator(".confirm-yes")).toBeFocused();
  rings.push(await ringOnFocus(page));
  await page.keyboard.press("Enter");
  await expect(nb(page).locator(".solution-code")).toContainText("sumOfSquares += i * i");
  await expect(nb(page).locator(".use-solution")).toBeFocused();
  rings.push(await ringOnFocus(page));
  // Back up to the toolbar and download the submission.
  await tabUntil(page, () => ringed(() => focusedIs(page, ".download")), 60, "Shift+Tab");
  const [download] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("Enter")]);
  const submission = JSON.parse(readFileSync(await download.path(), "utf8")) as {cells: Record<string, string>; solutionsViewed?: Record<string, string>};
  expect(submission.cells["sum-of-squares"]).toBe(SOLUTION);
  expect(Object.keys(submission.solutionsViewed ?? {})).toEqual(["sum-of-squares"]);
  expect(rings.filter((r) => r !== "ring" && r !== "entering the frame"), rings.join("\n")).toEqual([]);
  expect(rings.slice(1).filter((r) => r === "entering the frame"), "focus left every element after the first stop").toEqual([]);
  expect(rings.length).toBeGreaterThan(8);
});
