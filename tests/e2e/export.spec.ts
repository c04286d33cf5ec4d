// Keep the drill: a finished notebook exported as one HTML file that opens on its own (nothing runs, nothing is
// fetched), and printed without the page's controls, in light colours, from the frame itself.
import {readFileSync} from "node:fs";
import {pathToFileURL} from "node:url";
import {expect, test} from "@playwright/test";
import {EXERCISE, SOLUTION, check, nb, openNotebook, runtime, typeAndRun} from "./helpers.js";

test("a solved drill exported as HTML opens on its own: the code, green checks, the plot; nothing runs or is fetched", async ({page, browser}, testInfo) => {
  await openNotebook(page);
  await typeAndRun(page, EXERCISE, SOLUTION);
  await expect(check(page, "matches-formula")).toHaveAttribute("data-status", "passed");

  await nb(page).locator(".toolbar .export-html").click();
  const name = nb(page).locator(".banner .export-student-name");
  await expect(name).toBeFocused();
  await name.fill("Ada Lovelace");
  const [download] = await Promise.all([page.waitForEvent("download"), nb(page).locator(".banner .save-export").click()]);
  expect(download.suggestedFilename()).toBe("welcome-ada-lovelace.html");
  await expect(nb(page).locator(".banner")).toContainText("Saved welcome-ada-lovelace.html");
  const file = testInfo.outputPath("welcome.html");
  await download.saveAs(file);
  const html = readFileSync(file, "utf8");
  expect(html).not.toMatch(/<script|\son[a-z]+=|javascript:/i);

  // A fresh profile where every address but the file is refused.
  const context = await browser.newContext();
  try {
    const requests: string[] = [];
    await context.route(/^(?!file:)/, (route) => {
      requests.push(route.request().url());
      return route.abort();
    });
    const copy = await context.newPage();
    const errors: string[] = [];
    copy.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    copy.on("pageerror", (e) => errors.push(e.message));
    copy.on("request", (r) => !/^(file|data):/.test(r.url()) && requests.push(r.url()));
    await copy.goto(pathToFileURL(file).href);
    await copy.evaluate(() => document.fonts.ready);

    expect(await copy.locator("script").count()).toBe(0);
    await expect(copy.locator(".export-student")).toHaveText("Ada Lovelace");
    await expect(copy.locator(".export-progress")).toHaveText("2 / 2 checks passed");
    // The student's code as highlighted text, not an editor.
    const code = copy.locator(`[data-cell="${EXERCISE}"] .exported-code`);
    await expect(code).toHaveText(SOLUTION);
    await expect(code.locator(".tok-keyword").first()).toHaveText("let");
    await expect(copy.locator(".cm-editor, [contenteditable]")).toHaveCount(0);
    // The checks, green, with their messages.
    const badge = copy.locator(`[data-check="${EXERCISE}/matches-formula"]`);
    await expect(badge).toHaveAttribute("data-status", "passed");
    await expect(badge).toContainText("sumOfSquares equals n(n+1)(2n+1)/6");
    await expect(badge).toHaveCSS("color", "rgb(26, 127, 55)");
    // The plot as SVG, its bars included; the slider frozen at its value.
    await expect(copy.locator('[data-cell="squares-plot"] .cell-output svg rect').first()).toBeVisible();
    await expect(copy.locator('[data-cell="slider"] input[type="range"]')).toHaveValue("10");
    await expect(copy.locator('[data-cell="slider"] input[type="range"]')).toBeDisabled();
    // The math is set in KaTeX's own fonts, from the file.
    await expect(copy.locator(".katex").first()).toBeVisible();
    expect(await copy.evaluate(() => [...document.fonts].filter((f) => f.family.includes("KaTeX") && f.status === "loaded").length)).toBeGreaterThan(0);

    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
    await copy.screenshot({path: testInfo.outputPath("exported.png"), fullPage: true});
  } finally {
    await context.close();
  }
});

test("a cell still waiting to be scrolled to runs before the export, and a canvas is copied as an image", async ({page}, testInfo) => {
  await openNotebook(page);
  const plot = nb(page).locator('[data-cell="squares-plot"]');
  await expect(plot).toHaveAttribute("data-deferred", "");
  await typeAndRun(page, "greeting", 'const greeting = "Hi"; const c = document.createElement("canvas"); c.width = 40; c.height = 20; c.getContext("2d").fillRect(0, 0, 40, 20); display(c);');
  await expect(plot).toHaveAttribute("data-deferred", "");
  await nb(page).locator(".toolbar .export-html").click();
  const [download] = await Promise.all([page.waitForEvent("download"), nb(page).locator(".banner .save-export").click()]);
  expect(download.suggestedFilename()).toBe("welcome.html");
  const file = testInfo.outputPath("welcome.html");
  await download.saveAs(file);
  const copy = await page.context().newPage();
  await copy.goto(pathToFileURL(file).href);
  await expect(copy.locator('[data-cell="squares-plot"] .cell-output svg rect').first()).toBeVisible();
  await expect(copy.locator(".export-student")).toHaveText("(no name given)");
  await expect(copy.locator(".export-progress")).toHaveText("0 / 2 checks passed");
  const image = copy.locator('[data-cell="greeting"] .cell-output img');
  await expect(image).toHaveAttribute("src", /^data:image\/png;base64,/);
  expect(await image.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight])).toEqual([40, 20]);
});

test("printed, a notebook shows no controls, every line of its code and light colours in the dark theme", async ({page}, testInfo) => {
  // The runtime frame's own page at the top of the tab: what the frame prints (print.ts).
  await page.emulateMedia({colorScheme: "dark"});
  await page.goto("./frame.html?notebook=welcome");
  await page.waitForFunction(() => document.body.dataset.state === "idle");
  const ink = () => page.evaluate(() => getComputedStyle(document.body).color);
  await expect(page.locator(".toolbar")).toBeVisible();
  expect(await ink()).toBe("rgb(228, 231, 238)"); // the dark theme's ink, on screen

  // Print: the cells held until scrolled to run first, so the plot is on paper; then the browser's print.
  await page.evaluate(() => (window.print = () => void ((window as unknown as {printed: boolean}).printed = true)));
  await page.locator(".toolbar .print").click();
  await page.waitForFunction(() => (window as unknown as {printed?: boolean}).printed === true);
  await page.emulateMedia({media: "print", colorScheme: "dark"});
  await expect(page.locator('[data-cell="squares-plot"] .cell-output svg')).toBeVisible();
  await expect(page.locator(".toolbar")).toBeHidden();
  await expect(page.locator("button:visible")).toHaveCount(0);
  expect(await ink()).toBe("rgb(29, 35, 48)"); // the light theme's ink, on paper
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe("rgb(255, 255, 255)");
  // No cell is cut across pages, and none scrolls: its code is all there.
  expect(await page.locator(".cell").first().evaluate((el) => getComputedStyle(el).breakInside)).toBe("avoid");
  expect(await page.locator(".cell-source").first().evaluate((el) => getComputedStyle(el).overflow)).toBe("visible");
  await page.screenshot({path: testInfo.outputPath("print-dark.png"), fullPage: true});
});

test("in the runtime frame, Ctrl+P and the Print button print the notebook; the page around it, printed, says how", async ({page}) => {
  await openNotebook(page);
  const frame = await runtime(page);
  await frame.evaluate(() => {
    const w = window as unknown as {printed: number};
    w.printed = 0;
    window.print = () => void w.printed++;
  });
  const printed = () => frame.evaluate(() => (window as unknown as {printed: number}).printed);
  await nb(page).locator(".toolbar .print").click();
  await expect.poll(printed).toBe(1);
  await page.keyboard.press("ControlOrMeta+P");
  await expect.poll(printed).toBe(2);
  // The plot held until scrolled to ran first, to be on paper.
  await expect(nb(page).locator('[data-cell="squares-plot"] .cell-output svg')).toHaveCount(1);

  await page.emulateMedia({media: "print"});
  await expect(page.locator('iframe[name="drillbook-runtime"]')).toBeHidden();
  expect(await page.evaluate(() => getComputedStyle(document.body, "::before").content)).toContain("use the Print button in its toolbar");
});
