// Full-page screenshots of the notebook page in its main states and of the index, with layout checks that can
// fail: nothing wider than the window (at desktop and phone widths). Set DRILLBOOK_SHOTS=/some/dir to keep the
// images there for looking at; otherwise they go to the test's output folder.
import {expect, test, type Page, type TestInfo} from "@playwright/test";
import path from "node:path";
import {openNotebook, savedWork, SOLUTION, typeAndRun, waitIdle, nb, runtime} from "./helpers.js";

/** Scrolls through the page a screen at a time (CodeMirror measures an editor's lines once it has been in view), then to the top. */
async function scrollThrough(page: Page): Promise<void> {
  await (await runtime(page)).evaluate(async () => {
    // Two frames, or 200 ms when frames do not come: headless Chromium under load can go a long while without
    // producing a frame (once in CI this loop waited until the test's 60 s ran out). A hung page still fails the
    // test, since the timer needs the main thread too.
    const frame = () =>
      Promise.race([
        new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
        new Promise((resolve) => setTimeout(resolve, 200))
      ]);
    for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight / 2) {
      scrollTo(0, y);
      await frame();
    }
    scrollTo(0, 0);
    await frame();
  });
}

async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const width = page.viewportSize()!.width;
  await scrollThrough(page); // and back to the top, so the sticky toolbar is drawn where it belongs
  await waitIdle(page); // cells below the first screen run when scrolled to
  const dir = process.env.DRILLBOOK_SHOTS ?? testInfo.outputPath();
  await page.screenshot({path: path.join(dir, `${name}-${width}.png`), fullPage: true});
  // Nothing sticks out sideways (a page that scrolls horizontally on a phone is hard to read).
  const overflow = await (await runtime(page)).evaluate(() => {
    const limit = document.documentElement.clientWidth;
    // What a scroll box of its own holds (code before its editor is built, a wide table) is clipped by it, not
    // sticking out: only the box itself must fit.
    const inScrollBox = (el: HTMLElement) => {
      for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
        if (["auto", "scroll", "hidden"].includes(getComputedStyle(up).overflowX)) return true;
      }
      return false;
    };
    return [...document.querySelectorAll<HTMLElement>("main *, header *")]
      .filter((el) => el.getBoundingClientRect().right > limit + 1 && !el.closest(".katex-mathml") && !inScrollBox(el))
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}`.slice(0, 80));
  });
  expect(overflow, `${name} at ${width}px`).toEqual([]);
  expect(await (await runtime(page)).evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), `${name} at ${width}px scrolls sideways`).toBe(true);
}

for (const width of [1100, 390]) {
  test.describe(`at ${width}px`, () => {
    test.use({viewport: {width, height: 900}});

    test("the welcome notebook: unsolved, with an error, solved, in safe mode", async ({page}, testInfo) => {
      await openNotebook(page);
      await shot(page, testInfo, "welcome-unsolved");

      await typeAndRun(page, "sum-of-squares", "const sumOfSquares = triangle;");
      await typeAndRun(page, "shout", "greeting.toUpperCase() +");
      await expect(nb(page).locator('[data-cell="shout"]')).toHaveAttribute("data-status", "error");
      await nb(page).locator(".hint").click();
      await shot(page, testInfo, "welcome-error");

      await typeAndRun(page, "shout", "greeting.toUpperCase()");
      await typeAndRun(page, "sum-of-squares", SOLUTION);
      await expect(nb(page).locator('[data-check="sum-of-squares/matches-formula"]')).toHaveAttribute("data-status", "passed");
      await shot(page, testInfo, "welcome-solved");

      await expect.poll(async () => (await savedWork(page))?.cells["sum-of-squares"]?.code).toBe(SOLUTION);
      await page.evaluate(() => localStorage.setItem("drillbook:running:welcome", "x"));
      // As after a frozen tab, which never reaches pagehide (a reload would clear the flag): a second tab opens.
      const second = await page.context().newPage();
      await second.setViewportSize(page.viewportSize()!);
      await second.goto(page.url());
      await waitIdle(second);
      await expect(nb(second).locator(".banner.safe-mode")).toBeVisible();
      await shot(second, testInfo, "welcome-safe-mode");
    });

    test("the index", async ({page}, testInfo) => {
      await page.goto("./");
      await waitIdle(page);
      await expect(nb(page).locator('[data-notebook="welcome"]')).toBeVisible();
      await shot(page, testInfo, "index");
    });
  });
}
