// Scratch cells, as a student uses them: add one anywhere, try something, move it, delete it (and undo), find it
// again after a reload and in the downloaded submission; it never counts toward a check.
import {readFileSync} from "node:fs";
import {expect, test} from "@playwright/test";
import {cell, check, nb, openNotebook, output, savedWork, SOLUTION, typeAndRun, typeCode, waitIdle} from "./helpers.js";

const slotAfter = (page: Parameters<typeof nb>[0], id: string) => nb(page).locator(`.scratch-slot[data-after="${id}"]`);

test("a scratch cell runs reactively, survives a reload, moves, is deleted with Undo and goes in the submission", async ({page}, testInfo) => {
  await openNotebook(page);
  await slotAfter(page, "greeting").locator(".add-scratch").click();
  const scratch = cell(page, "scratch-1");
  await expect(scratch).toBeVisible();
  await expect(scratch.locator(".cm-content")).toBeFocused(); // ready to type
  await expect(scratch).toContainText("not graded");

  await typeAndRun(page, "scratch-1", "greeting.length * 2");
  await expect(output(page, "scratch-1")).toHaveText("22");
  // reactive: a change upstream re-runs it
  await typeAndRun(page, "greeting", 'const name = "Grace"; const greeting = `Hello, ${name}!`; display(greeting);');
  await expect(output(page, "scratch-1")).toHaveText("26");
  await page.screenshot({path: testInfo.outputPath("scratch.png"), fullPage: false});

  // It cannot take a notebook name, and says so in words a student can act on.
  await slotAfter(page, "end").locator(".add-scratch").click();
  await typeAndRun(page, "scratch-2", "const n = 3;");
  await expect(cell(page, "scratch-2")).toHaveAttribute("data-status", "error");
  await expect(cell(page, "scratch-2").locator(".cell-message")).toContainText("`n` belongs to the notebook");
  await expect(cell(page, "scratch-2").locator(".cell-message")).toContainText("like `myN`");
  await expect(output(page, "triangle")).toContainText("= 55"); // the notebook's n is untouched

  // Move scratch-2 up: it is alone at the end, so it goes on to the place after the last notebook cell.
  const up = cell(page, "scratch-2").locator(".scratch-up");
  await up.click();
  await expect(up).toBeFocused();
  const anchors = await nb(page).locator(".scratch-slot").evaluateAll((slots) => slots.map((s) => (s as HTMLElement).dataset.after!));
  await expect(slotAfter(page, anchors.at(-2)!).locator('[data-cell="scratch-2"]')).toHaveCount(1);
  await cell(page, "scratch-2").locator(".scratch-down").click();
  await expect(slotAfter(page, "end").locator('[data-cell="scratch-2"]')).toHaveCount(1);

  // Saved with the work, in page order, each with its place.
  await expect.poll(async () => ((await savedWork(page)) as unknown as {scratch?: Array<{id: string; code: string}>})?.scratch?.map((c) => c.id).sort()).toEqual(["scratch-1", "scratch-2"]);
  await page.reload();
  await waitIdle(page);
  await expect(output(page, "scratch-1")).toHaveText("26");
  await expect(cell(page, "scratch-1").locator(".cell-editor")).toContainText("greeting.length * 2");

  // Delete, then Undo: the code comes back in the same place.
  await cell(page, "scratch-1").locator(".scratch-delete").click();
  await expect(cell(page, "scratch-1")).toHaveCount(0);
  await nb(page).locator(".banner .undo").click();
  await expect(output(page, "scratch-1")).toHaveText("26");
  await expect(slotAfter(page, "greeting").locator('[data-cell="scratch-1"]')).toHaveCount(1);

  // Never graded: the exercise's checks are what they were, and the submission carries the scratch code to read.
  await typeAndRun(page, "sum-of-squares", SOLUTION);
  await expect(check(page, "matches-formula")).toHaveAttribute("data-status", "passed");
  await expect(nb(page).locator(".toolbar .progress-text")).toHaveText("2 / 2 checks passed");
  const [download] = await Promise.all([page.waitForEvent("download"), nb(page).locator(".download").click()]);
  const file = testInfo.outputPath("submission.json");
  await download.saveAs(file);
  const submission = JSON.parse(readFileSync(file, "utf8")) as {cells: Record<string, string>; scratch: Array<{id: string; code: string; after: string}>};
  expect(Object.keys(submission.cells)).toEqual(["sum-of-squares"]);
  expect(submission.scratch).toContainEqual({id: "scratch-1", code: "greeting.length * 2", after: "greeting"});

  // Opened in a fresh profile (another computer), the submission brings the scratch cells back to their places;
  // Undo takes them away again with the exercise code.
  const fresh = await page.context().browser()!.newContext();
  try {
    const other = await fresh.newPage();
    await openNotebook(other);
    const [chooser] = await Promise.all([other.waitForEvent("filechooser"), nb(other).locator(".open").click()]);
    await chooser.setFiles(file);
    await expect(nb(other).locator(".banner")).toContainText("and 2 scratch cells to put in place of yours");
    await nb(other).locator(".banner .confirm-open").click();
    await expect(nb(other).locator(".banner")).toContainText("1 exercise and 2 scratch cells restored");
    await expect(slotAfter(other, "greeting").locator('[data-cell="scratch-1"]')).toHaveCount(1);
    await expect(slotAfter(other, "end").locator('[data-cell="scratch-2"]')).toHaveCount(1);
    await expect(cell(other, "scratch-1").locator(".cell-editor")).toContainText("greeting.length * 2"); // static code or editor, whichever is built
    await cell(other, "scratch-1").locator(".run").click();
    await expect(output(other, "scratch-1")).toHaveText("22"); // this profile's greeting is the notebook's own
    await expect.poll(async () => ((await savedWork(other)) as unknown as {scratch?: Array<{id: string}>})?.scratch?.map((c) => c.id).sort()).toEqual(["scratch-1", "scratch-2"]);
    await nb(other).locator(".banner .undo-open").click();
    await expect(cell(other, "scratch-1")).toHaveCount(0);
    await expect.poll(async () => ((await savedWork(other)) as unknown as {scratch?: unknown[]})?.scratch ?? []).toEqual([]);
  } finally {
    await fresh.close();
  }
});

test("a scratch cell cannot feed an exercise: the exercise says to define the name itself", async ({page}) => {
  await openNotebook(page);
  await slotAfter(page, "slider").locator(".add-scratch").click();
  await typeAndRun(page, "scratch-1", "const squares = (k) => k * (k + 1) * (2 * k + 1) / 6;");
  await expect(cell(page, "scratch-1")).toHaveAttribute("data-status", "ok");
  await typeAndRun(page, "sum-of-squares", "const sumOfSquares = squares(n);");
  await expect(cell(page, "sum-of-squares").locator(".cell-message")).toContainText("`squares` is defined in your scratch cell");
  await expect(check(page, "matches-formula")).not.toHaveAttribute("data-status", "passed");
});

test("two tabs see each other's scratch cells: added, typed, deleted; neither save loses the other's", async ({page, context}) => {
  await openNotebook(page);
  const second = await context.newPage();
  await openNotebook(second);
  await expect(nb(page).locator(".banner.other-tab")).toBeVisible();

  await slotAfter(page, "shout").locator(".add-scratch").click();
  await expect(cell(second, "scratch-1")).toHaveCount(1);
  await typeCode(page, "scratch-1", "greeting.length");
  await expect(cell(second, "scratch-1").locator(".cell-editor")).toContainText("greeting.length");
  // The second tab adds its own: numbered after the first, and the first tab shows it.
  await slotAfter(second, "end").locator(".add-scratch").click();
  await expect(cell(second, "scratch-2")).toHaveCount(1);
  await expect(cell(page, "scratch-2")).toHaveCount(1);
  await expect.poll(async () => ((await savedWork(page)) as unknown as {scratch?: Array<{id: string; code: string}>})?.scratch)
    .toEqual([{id: "scratch-1", code: "greeting.length", after: "shout"}, {id: "scratch-2", code: "", after: "end"}]);
  await cell(second, "scratch-2").locator(".scratch-delete").click();
  await expect(cell(page, "scratch-2")).toHaveCount(0);
  await second.close();
  await page.reload();
  await waitIdle(page);
  await expect(output(page, "scratch-1")).toHaveText("11");
  await expect(cell(page, "scratch-2")).toHaveCount(0);
});
