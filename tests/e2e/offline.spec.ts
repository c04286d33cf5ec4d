// Offline: after one visit, the index and every drill open and run with the network gone (src/app/offline.ts), and
// a rebuilt drill is picked up when the network is back, with the student's choice for the cells they edited.
// Each test serves the site itself (siteServer.ts) so it can take the server down, and the context offline too.
import {execFile} from "node:child_process";
import {cpSync, readFileSync, readdirSync, writeFileSync} from "node:fs";
import {promisify} from "node:util";
import {expect, test, type Page} from "@playwright/test";
import {EXERCISE, RUNTIME_FRAME, SOLUTION, nb, openNotebook, output, savedWork, settleAfter, typeAndRun, waitIdle, WELCOME} from "./helpers.js";
import {E2E_DIST, serveSite} from "./siteServer.js";

const NOTEBOOKS = readdirSync(new URL("../../notebooks/", import.meta.url)).filter((f) => f.endsWith(".md")).map((f) => f.slice(0, -3)).sort();

/** The page's offline copy is ready: its service worker controls it (the runtime frame keeps none: offline.ts). */
async function untilControlled(page: Page): Promise<void> {
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), {timeout: 60_000, message: "a service worker controls the page"}).toBe(true);
}

/** Offline, the app runs in the page itself (boot.ts): idle there, with no runtime frame. */
async function idleInPage(page: Page): Promise<void> {
  await page.waitForFunction(() => document.body.dataset.state === "idle", null, {timeout: 60_000});
  await expect(page.locator(RUNTIME_FRAME)).toHaveCount(0);
}

/** Cells that failed (a starter's todo() is not a failure; a cell waiting on one is "blocked"). */
const FAILED = '[data-cell][data-status="error"]:not(.todo), [data-cell][data-status="timeout"]';

test("after one visit, the index and every drill open and run with the network off", async ({browser}) => {
  test.setTimeout(300_000);
  const site = await serveSite(E2E_DIST);
  const context = await browser.newContext({baseURL: site.base});
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    // One visit, online: the index, then one drill, in the runtime frame as always.
    await openNotebook(page, "./");
    await openNotebook(page, WELCOME);
    await untilControlled(page);

    await site.close();
    await context.setOffline(true);
    await page.reload();
    await idleInPage(page);
    await expect(page.locator("main.notebook")).toBeVisible();

    await page.goto("./");
    await idleInPage(page);
    await expect(page.locator("[data-notebook]")).toHaveCount(NOTEBOOKS.length);

    // The welcome drill, all of it: an edit run with Shift-Enter turns its checks green, and its plot draws.
    await page.locator('[data-notebook="welcome"] a').click();
    await idleInPage(page);
    const exercise = page.locator(`[data-cell="${EXERCISE}"]`);
    await exercise.locator(".cell-editor").click();
    await expect(exercise.locator(".cm-content")).toBeFocused();
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.insertText(SOLUTION);
    await page.keyboard.press("Shift+Enter");
    await expect(page.locator(`[data-check="${EXERCISE}/matches-formula"]`)).toHaveAttribute("data-status", "passed");
    await expect(page.locator(`[data-check="${EXERCISE}/is-a-number"]`)).toHaveAttribute("data-status", "passed");
    const plot = page.locator('[data-cell="squares-plot"]');
    await plot.scrollIntoViewIfNeeded();
    await expect(plot.locator(".cell-output svg").first()).toBeVisible();
    await expect(page.locator(FAILED)).toHaveCount(0);

    // Every other drill opens and settles with no failed cell, though none of them was opened online.
    for (const id of NOTEBOOKS.filter((n) => n !== "welcome")) {
      await page.goto(`./?notebook=${id}&student=offline`); // a variant drill asks whose data, else
      await idleInPage(page);
      await expect(page.locator("main.notebook"), id).toBeVisible();
      await expect(page.locator(FAILED), id).toHaveCount(0);
    }

    await page.goto("./library.html");
    await expect(page.locator("h1").first()).toBeVisible();
    expect(errors).toEqual([]);
  } finally {
    await context.close();
    await site.close();
  }
});

test("a rebuilt drill is picked up when back online; the student still chooses for the cells they edited", async ({browser}, testInfo) => {
  test.setTimeout(300_000);
  // The same site with welcome's second edition: one more paragraph, a changed cell, version 2.
  const notebooks = testInfo.outputPath("notebooks");
  const v2 = testInfo.outputPath("v2");
  cpSync(new URL("../../notebooks/", import.meta.url), notebooks, {recursive: true});
  const welcome = readFileSync(`${notebooks}/welcome.md`, "utf8");
  const edited = welcome
    .replace("version: 1", "version: 2")
    .replace("# Welcome to Drillbook\n", "# Welcome to Drillbook\n\nThis is the second edition of the welcome drill.\n")
    .replace('const name = "Ada";', 'const name = "Grace";');
  expect(edited).not.toBe(welcome);
  writeFileSync(`${notebooks}/welcome.md`, edited);
  await promisify(execFile)("npx", ["vite", "build", "--logLevel", "error"], {env: {...process.env, DRILLBOOK_NOTEBOOKS_DIR: notebooks, DRILLBOOK_OUT_DIR: v2}});
  const entryOf = (html: string) => /<script type="module"[^>]*src="([^"]+)"/.exec(html)?.[1];
  const v2Entry = entryOf(readFileSync(`${v2}/index.html`, "utf8"));

  let site = await serveSite(E2E_DIST);
  const context = await browser.newContext({baseURL: site.base});
  try {
    const page = await context.newPage();
    await openNotebook(page, WELCOME);
    await untilControlled(page);
    await typeAndRun(page, "greeting", 'const name = "Mine"; const greeting = `Hello, ${name}!`; display(greeting);');
    await expect.poll(async () => (await savedWork(page))?.cells.greeting?.code).toContain('"Mine"');

    // The instructor publishes the second edition at the same address.
    await site.close();
    site = await serveSite(v2, site.port);
    await page.reload();
    // The old build opens from the worker, which finds the new one; the tab reloads onto it and says so.
    await expect(nb(page).locator(".prose").first()).toContainText("This is the second edition", {timeout: 30_000});
    // (the page's own code comes from the worker: the new build's once it has taken over and the tab reloaded)
    const pageEntry = () => page.evaluate(() => document.querySelector('script[type="module"]')?.getAttribute("src")).catch(() => "navigating");
    await expect.poll(pageEntry, {timeout: 30_000}).toBe(v2Entry);
    await waitIdle(page);
    await expect(nb(page).locator(".update-note")).toContainText("A new version of Drillbook was available");

    // The cell the student edited changed in the new edition: their code runs until they choose.
    const panel = nb(page).locator(".conflict-panel");
    await expect(panel).toContainText("version 2");
    await expect(panel.locator('[data-conflict="greeting"]')).toBeVisible();
    await expect(output(page, "greeting")).toHaveText('"Hello, Mine!"');
    await settleAfter(page, () => panel.locator('[data-conflict="greeting"] button', {hasText: "Take the new version"}).click());
    await expect(output(page, "greeting")).toHaveText('"Hello, Grace!"');
    await expect(output(page, "shout")).toHaveText('"HELLO, GRACE!"');

    // What is kept for offline use is the new edition now.
    await site.close();
    await context.setOffline(true);
    await page.reload();
    await idleInPage(page);
    await expect(page.locator(".prose").first()).toContainText("This is the second edition");
    await expect(page.locator(".update-note")).toHaveCount(0);
    await expect(page.locator('[data-cell="greeting"] .cell-output')).toHaveText('"Hello, Grace!"');
  } finally {
    await context.close();
    await site.close();
  }
});
