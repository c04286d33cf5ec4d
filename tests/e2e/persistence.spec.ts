// Work is never lost: autosave and restore, submissions across browser profiles, safe mode after a crash,
// and the index's progress.
import {readFileSync, writeFileSync} from "node:fs";
import {expect, test} from "@playwright/test";
import {cell, check, editorOf, openNotebook, output, putSavedWork, savedWork, settleAfter, SOLUTION, STARTER, typeAndRun, typeCode, waitIdle, nb, runtime} from "./helpers.js";

test("an edit is saved within a second of typing and survives a reload", async ({page}) => {
  await openNotebook(page);
  await typeCode(page, "greeting", 'const name = "Grace"; const greeting = `Hello, ${name}!`; display(greeting);');
  const typedAt = Date.now();
  // Not run, only typed: the debounced save alone must keep it.
  await expect.poll(async () => (await savedWork(page))?.cells.greeting?.code, {timeout: 1_000, intervals: [25]}).toContain("Grace");
  expect(Date.now() - typedAt).toBeLessThan(1_000);

  await page.reload();
  await waitIdle(page);
  await expect(editorOf(page, "greeting")).toContainText('const name = "Grace"');
  await expect(cell(page, "greeting")).toHaveAttribute("data-status", "ok");
  await expect(output(page, "greeting")).toHaveText('"Hello, Grace!"');
  await expect(output(page, "shout")).toHaveText('"HELLO, GRACE!"');
  // Nothing was in flight at the reload, so this is not safe mode.
  await expect(nb(page).locator(".banner.safe-mode")).toBeHidden();
});

test("an edit made just before leaving the page is kept", async ({page}) => {
  await openNotebook(page);
  await typeCode(page, "greeting", 'const name = "Emmy"; const greeting = `Hello, ${name}!`; display(greeting);');
  // Leave at once, before the debounced save fires: the page must keep the edit anyway.
  await nb(page).locator(".toolbar .home").click();
  await waitIdle(page);
  await page.goBack();
  await waitIdle(page);
  await expect(editorOf(page, "greeting")).toContainText('const name = "Emmy"');
  await expect(output(page, "greeting")).toHaveText('"Hello, Emmy!"');
});

test("exercise work and its checks come back after a reload", async ({page}) => {
  await openNotebook(page);
  await typeAndRun(page, "sum-of-squares", SOLUTION);
  await expect(check(page, "matches-formula")).toHaveAttribute("data-status", "passed");
  await expect.poll(async () => (await savedWork(page))?.cells["sum-of-squares"]?.code).toBe(SOLUTION);

  await page.reload();
  await waitIdle(page);
  await expect(editorOf(page, "sum-of-squares")).toHaveText(SOLUTION);
  await expect(check(page, "matches-formula")).toHaveAttribute("data-status", "passed");
  await expect(check(page, "is-a-number")).toHaveAttribute("data-status", "passed");
  await expect(nb(page).locator(".toolbar .progress-text")).toHaveText("2 / 2 checks passed");
});

test("when the notebook changed since the student's edit, the student chooses: keep mine or take the new version", async ({page}) => {
  // Written from the index (same origin), before the notebook page exists: an open notebook page would save its
  // own work over it.
  await page.goto("./");
  await waitIdle(page);
  const old = (name: string) => `const name = "${name}"; const greeting = \`Hi, \${name}!\`; display(greeting);`;
  // Edits made against an older version of the notebook's cells.
  await putSavedWork(page, {
    notebook: "welcome", version: 1, savedAt: new Date().toISOString(), hintsShown: {}, progress: {passed: 0, total: 2},
    cells: {
      greeting: {code: old("Mine"), base: old("Instructor, before")},
      shout: {code: "greeting.toLowerCase()", base: "greeting.toUpperCase() // before"}
    }
  });
  await openNotebook(page);
  const panel = nb(page).locator(".conflict-panel");
  await expect(panel).toBeVisible();
  await expect(panel.locator("[data-conflict]")).toHaveCount(2);
  // Until the student chooses, their code is what runs.
  await expect(output(page, "greeting")).toHaveText('"Hi, Mine!"');
  await expect(output(page, "shout")).toHaveText('"hi, mine!"');

  await panel.locator('[data-conflict="greeting"] button', {hasText: "Keep mine"}).click();
  await expect(panel.locator('[data-conflict="greeting"]')).toHaveCount(0);
  await expect(panel.locator('[data-conflict="shout"] button').first()).toBeFocused(); // on to the next question
  await settleAfter(page, () => panel.locator('[data-conflict="shout"] button', {hasText: "Take the new version"}).click());
  await expect(panel).toHaveCount(0); // all decided: the panel goes
  await expect(editorOf(page, "shout")).toHaveText("greeting.toUpperCase()");
  await expect(output(page, "shout")).toHaveText('"HI, MINE!"');
  await expect(editorOf(page, "greeting")).toContainText('"Mine"');

  // Chosen once: the next visit asks nothing.
  await expect.poll(async () => (await savedWork(page))?.cells.shout).toBeUndefined();
  await page.reload();
  await waitIdle(page);
  await expect(nb(page).locator(".conflict-panel")).toHaveCount(0);
  await expect(output(page, "greeting")).toHaveText('"Hi, Mine!"');
});

test("a downloaded submission opened in a fresh profile restores the work", async ({page, browser}, testInfo) => {
  await openNotebook(page);
  await typeAndRun(page, "sum-of-squares", SOLUTION);
  await expect(check(page, "matches-formula")).toHaveAttribute("data-status", "passed");

  const [download] = await Promise.all([page.waitForEvent("download"), nb(page).locator(".download").click()]);
  expect(download.suggestedFilename()).toBe("welcome-submission.json");
  const file = testInfo.outputPath("welcome-submission.json");
  await download.saveAs(file);
  const submission = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  expect(submission).toMatchObject({notebook: "welcome", version: 1, cells: {"sum-of-squares": SOLUTION}});
  expect(Date.parse(String(submission.savedAt))).not.toBeNaN();

  // A new context is a new profile: no IndexedDB, no localStorage.
  const fresh = await browser.newContext();
  try {
    const other = await fresh.newPage();
    await openNotebook(other);
    await expect(editorOf(other, "sum-of-squares")).toHaveText(STARTER);
    await expect(check(other, "matches-formula")).toHaveAttribute("data-status", "not-attempted");

    const [chooser] = await Promise.all([other.waitForEvent("filechooser"), nb(other).locator(".open").click()]);
    await chooser.setFiles(file);
    // It asks before replacing the code there, and nothing changes until the student says yes.
    await expect(nb(other).locator(".banner")).toContainText('welcome-submission.json has code for 1 exercise that differs from yours (exercise "Sum of squares")');
    await expect(editorOf(other, "sum-of-squares")).toHaveText(STARTER);
    await nb(other).locator(".banner .confirm-open").click();
    await expect(nb(other).locator(".banner")).toContainText("Opened welcome-submission.json: 1 exercise restored");
    await expect(editorOf(other, "sum-of-squares")).toHaveText(SOLUTION);
    await expect(check(other, "matches-formula")).toHaveAttribute("data-status", "passed");
    await expect(check(other, "is-a-number")).toHaveAttribute("data-status", "passed");
    // ...and is saved in that profile too.
    await expect.poll(async () => (await savedWork(other))?.cells["sum-of-squares"]?.code).toBe(SOLUTION);
  } finally {
    await fresh.close();
  }
});

test("a file that is not a submission is refused with a reason", async ({page}) => {
  await openNotebook(page);
  const [chooser] = await Promise.all([page.waitForEvent("filechooser"), nb(page).locator(".open").click()]);
  await chooser.setFiles({name: "other.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify({notebook: "regression", version: 1, savedAt: "x", cells: {}}))});
  await expect(nb(page).locator(".banner.error")).toContainText('this submission is for notebook "regression", not "welcome"');
  await expect(editorOf(page, "sum-of-squares")).toHaveText(STARTER);
});

test("after a crash the page opens in safe mode: restored code shown, nothing run until asked", async ({page: first}) => {
  let page = first;
  await openNotebook(page);
  // Saved work with a visible side effect, so "did it run?" can be observed from outside.
  await typeAndRun(page, "greeting", 'const name = "Lin"; const greeting = `Hello, ${name}!`; window.ranGreeting = (window.ranGreeting ?? 0) + 1; display(greeting);');
  await typeAndRun(page, "sum-of-squares", SOLUTION);
  await expect.poll(async () => Object.keys((await savedWork(page))?.cells ?? {}).sort()).toEqual(["greeting", "sum-of-squares"]);
  // The score is saved by the next autosave after the checks pass, not with the keystrokes: wait for it too.
  await expect.poll(async () => (await savedWork(page))?.progress).toEqual({passed: 2, total: 2});

  // As if the tab had frozen while running: the flag the page sets before running is still there at the next
  // open. (A frozen tab never gets to pagehide, which clears it; a second tab opens while this one stays.)
  await page.evaluate(() => localStorage.setItem("drillbook:running:welcome", new Date().toISOString()));
  const frozen = page;
  page = await frozen.context().newPage();
  await openNotebook(page);

  const banner = nb(page).locator(".banner.safe-mode");
  await expect(banner).toBeVisible();
  await expect(banner).toContainText("Safe mode");
  // The checks have not run: the toolbar says so, with the score saved last time, rather than "0 / 2".
  await expect(nb(page).locator(".toolbar .progress-text")).toHaveText("not run yet: safe mode (2 / 2 checks passed when last saved)");
  await expect(editorOf(page, "greeting")).toContainText('const name = "Lin"');
  await expect(editorOf(page, "sum-of-squares")).toHaveText(SOLUTION);
  for (const id of ["greeting", "shout", "slider", "triangle", "squares-plot", "sum-of-squares"]) {
    await expect(cell(page, id)).toHaveAttribute("data-status", "not-run");
    await expect(output(page, id)).toBeEmpty();
    await expect(cell(page, id).locator(".cell-message")).toBeHidden();
  }
  await expect(cell(page, "greeting").locator(".cell-status-label")).toHaveText("not run");
  await expect(check(page, "matches-formula")).toHaveAttribute("data-status", "pending");
  expect(await (await runtime(page)).evaluate(() => (window as unknown as {ranGreeting?: number}).ranGreeting)).toBeUndefined();

  await banner.locator(".run-all").click();
  await expect(banner).toBeHidden();
  await waitIdle(page);
  await expect(cell(page, "greeting")).toHaveAttribute("data-status", "ok");
  await expect(output(page, "greeting")).toHaveText('"Hello, Lin!"');
  await expect(check(page, "matches-formula")).toHaveAttribute("data-status", "passed");
  expect(await (await runtime(page)).evaluate(() => (window as unknown as {ranGreeting?: number}).ranGreeting)).toBe(1);
  // Settled, so the flag is cleared: the next reload runs normally.
  expect(await page.evaluate(() => localStorage.getItem("drillbook:running:welcome"))).toBeNull();
});

test("the index lists the welcome notebook with its progress", async ({page}) => {
  await page.goto("./");
  await waitIdle(page);
  const card = nb(page).locator('[data-notebook="welcome"]');
  await expect(card.locator("h2 a")).toHaveText("Welcome to Drillbook");
  await expect(card.locator(".progress-text")).toHaveText("0 / 2 checks passed · 1 exercise");

  await card.locator("h2 a").click();
  await expect(page).toHaveURL(/\?notebook=welcome$/);
  await waitIdle(page);
  await typeAndRun(page, "sum-of-squares", SOLUTION);
  await expect(nb(page).locator(".toolbar .progress-text")).toHaveText("2 / 2 checks passed");

  // Straight back to the index, as a student would: the progress must not be lost to the save's debounce.
  await nb(page).locator(".toolbar .home").click();
  await waitIdle(page);
  await expect(nb(page).locator('[data-notebook="welcome"] .progress-text')).toHaveText("2 / 2 checks passed · 1 exercise");
  await expect(nb(page).locator('[data-notebook="welcome"] progress')).toHaveAttribute("value", "2");
});

test("the page says so when a notebook does not exist", async ({page}) => {
  await openNotebook(page, "./?notebook=nope");
  await expect(nb(page).locator(".error-page")).toContainText('There is no notebook "nope"');
});

test("opening a submission can be cancelled or undone, and a solution the student opened is in the download", async ({page}, testInfo) => {
  await openNotebook(page);
  const mine = "const sumOfSquares = n * 2; // my own try";
  await typeAndRun(page, "sum-of-squares", mine);
  const file = testInfo.outputPath("theirs.json");
  writeFileSync(file, JSON.stringify({notebook: "welcome", version: 1, savedAt: "2026-12-01T00:00:00Z", cells: {"sum-of-squares": SOLUTION}}));
  const open = async () => {
    const [chooser] = await Promise.all([page.waitForEvent("filechooser"), nb(page).locator(".open").click()]);
    await chooser.setFiles(file);
  };
  await open();
  await nb(page).locator(".banner .cancel-open").click();
  await expect(nb(page).locator(".banner")).toContainText("Kept your code; theirs.json was not opened.");
  await expect(editorOf(page, "sum-of-squares")).toHaveText(mine);

  await open();
  await nb(page).locator(".banner .confirm-open").click();
  await expect(editorOf(page, "sum-of-squares")).toHaveText(SOLUTION);
  await expect(check(page, "matches-formula")).toHaveAttribute("data-status", "passed");
  await nb(page).locator(".banner .undo-open").click();
  await expect(editorOf(page, "sum-of-squares")).toHaveText(mine);
  await expect(check(page, "matches-formula")).toHaveAttribute("data-status", "failed");
  await expect.poll(async () => (await savedWork(page))?.cells["sum-of-squares"]?.code).toBe(mine);

  // Show solution asks once; after that it opens at once, and the submission records that it was seen.
  const exercise = nb(page).locator(".exercise").filter({has: nb(page).locator('[data-cell="sum-of-squares"]')});
  await exercise.locator(".show-solution").click();
  await expect(exercise.locator(".confirm")).toContainText("Your submission will say you saw it");
  await exercise.locator(".confirm-yes").click();
  await expect(exercise.locator(".solution-code")).toBeVisible();
  await page.reload();
  await waitIdle(page);
  await nb(page).locator(".show-solution").click();
  await expect(nb(page).locator(".solution-code")).toBeVisible(); // no question the second time
  const [download] = await Promise.all([page.waitForEvent("download"), nb(page).locator(".download").click()]);
  const saved = JSON.parse(readFileSync(await download.path(), "utf8")) as {solutionsViewed?: Record<string, string>};
  expect(Date.parse(saved.solutionsViewed?.["sum-of-squares"] ?? "")).not.toBeNaN();
});

test("slider values survive a reload, and the grader's checks still use the notebook's own", async ({page}) => {
  await openNotebook(page);
  const slider = cell(page, "slider").locator("input[type=range]");
  await slider.focus();
  await settleAfter(page, () => page.keyboard.press("ArrowRight"));
  await settleAfter(page, () => page.keyboard.press("ArrowRight"));
  await expect(output(page, "triangle")).toHaveText('"1 + 2 + … + 12 = 78"');
  await expect.poll(async () => ((await savedWork(page)) as {inputs?: Record<string, unknown>} | null)?.inputs?.["slider#0"]).toBe(12);
  await page.reload();
  await waitIdle(page);
  await expect(output(page, "triangle")).toHaveText('"1 + 2 + … + 12 = 78"');
  await expect(cell(page, "slider").locator("input[type=range]")).toHaveValue("12");
});

test("two tabs of one notebook see each other's edits and say so; neither overwrites the other", async ({page, context}) => {
  await openNotebook(page);
  const second = await context.newPage();
  await openNotebook(second);
  await expect(nb(page).locator(".banner.other-tab")).toContainText("also open in another tab");
  await expect(nb(second).locator(".banner.other-tab")).toContainText("also open in another tab");

  await typeCode(page, "greeting", 'const name = "Tab one"; const greeting = `Hello, ${name}!`; display(greeting);');
  await expect(editorOf(second, "greeting")).toContainText('"Tab one"');
  await typeCode(second, "sum-of-squares", SOLUTION);
  await expect(editorOf(page, "sum-of-squares")).toHaveText(SOLUTION);
  // Each tab saved its whole work after its own edit: both edits are in what is kept.
  await expect.poll(async () => {
    const work = await savedWork(page);
    return [work?.cells.greeting?.code.includes("Tab one"), work?.cells["sum-of-squares"]?.code];
  }).toEqual([true, SOLUTION]);
  await second.close();
  await page.reload();
  await waitIdle(page);
  await expect(editorOf(page, "greeting")).toContainText('"Tab one"');
  await expect(editorOf(page, "sum-of-squares")).toHaveText(SOLUTION);
});
