// axe-core on the index and every notebook, as written and solved, in the light and the dark scheme: no serious
// or critical violation. The notebook lives in a frame from another origin; AxeBuilder runs axe in every frame
// through Playwright (which reaches cross-origin frames), and the first test proves the frame's content is really
// analysed, so a clean result cannot come from looking only at the shell around it.
import AxeBuilder from "@axe-core/playwright";
import {readFileSync, readdirSync} from "node:fs";
import {createRequire} from "node:module";
import {expect, test, type Page} from "@playwright/test";
import {nb, openNotebook, runtime, settleAfter, waitIdle} from "./helpers.js";

// The notebooks the build serves are the files in notebooks/ (src/build/notebookPlugin.ts reads the same folder);
// the index test checks the page lists exactly these, so a new drill gets its own test here without an edit.
const NOTEBOOKS = readdirSync(new URL("../../notebooks/", import.meta.url)).filter((f) => f.endsWith(".md")).map((f) => f.slice(0, -3)).sort();
const SCHEMES = ["light", "dark"] as const;

interface Finding {
  rule: string;
  impact: string;
  nodes: number;
  where: string[];
  help: string;
}

// AxeBuilder injects axe into each frame with a 1 s limit and, past it, leaves the frame out in silence (only an
// "incomplete: frame-tested" says so). On this machine evaluating axe in the busy notebook frame took longer, and the
// notebook passed without being looked at. So axe goes into every frame first, with no limit, and the builder's own
// injection finds it there; a frame still left out fails the test.
const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const AXE_ONCE = `if (!window.axe) { ${AXE}\n}`;

/** Serious and critical violations on the page as it is now, the frame's content included. */
async function violations(page: Page): Promise<Finding[]> {
  for (const frame of page.frames()) await frame.evaluate(AXE_ONCE);
  const result = await new AxeBuilder({page, axeSource: AXE_ONCE}).analyze();
  expect(result.incomplete.filter((r) => r.id === "frame-tested"), "a frame axe could not analyse").toEqual([]);
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({rule: v.id, impact: v.impact!, nodes: v.nodes.length, where: v.nodes.slice(0, 4).map((n) => `${n.target.join(" >> ")}: ${n.failureSummary?.split("\n")[1] ?? ""}`), help: v.help}));
}

/** Scrolls the notebook to its end, so cells deferred until seen run and every block is laid out (not skipped). */
async function scrollThrough(page: Page): Promise<void> {
  const frame = await runtime(page);
  for (let i = 0; i < 200; i++) {
    const atEnd = await frame.evaluate(() => {
      scrollBy(0, innerHeight * 0.8);
      return innerHeight + scrollY >= document.documentElement.scrollHeight - 2;
    });
    if (atEnd) break;
  }
  await frame.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50))));
  await waitIdle(page);
  await frame.evaluate(() => scrollTo(0, 0));
}

/** Every exercise solved (the session's own way in, as the bench does), and one solution shown through its button. */
async function solveAll(page: Page): Promise<void> {
  const frame = await runtime(page);
  await settleAfter(page, () => frame.evaluate(async () => {
    const {editable, session} = (window as unknown as {drillbook: {editable(): Promise<void>; session: {notebook: {exercises: Array<{id: string; solution?: string}>}; setSource(id: string, s: string): void}}}).drillbook;
    await editable();
    for (const e of session.notebook.exercises) if (e.solution !== undefined) session.setSource(e.id, e.solution);
  }), 60_000);
  const exercise = nb(page).locator(".exercise").first();
  await exercise.locator(".show-solution").click();
  await exercise.locator(".confirm-yes").click();
  await expect(exercise.locator(".solution-code")).toBeVisible();
  await exercise.locator(".hint").click();
}

async function expectClean(page: Page, what: string): Promise<void> {
  const found = await violations(page);
  expect.soft(found, `${what}:\n${JSON.stringify(found, null, 1)}`).toEqual([]);
}

test("axe sees into the runtime frame (a violation planted there is reported)", async ({page}) => {
  await openNotebook(page);
  const frame = await runtime(page);
  expect(new URL(frame.url()).origin).not.toBe(new URL(page.url()).origin);
  await frame.evaluate(() => {
    const input = document.createElement("input");
    input.id = "axe-probe";
    document.querySelector("main")!.prepend(input);
  });
  const found = await violations(page);
  expect(found.find((f) => f.rule === "label")?.where.join(" ")).toContain("#axe-probe");
});

test("axe: the index lists every notebook and has no serious violation, light and dark", async ({page}) => {
  await openNotebook(page, "./");
  const listed = await nb(page).locator("[data-notebook]").evaluateAll((cards) => cards.map((c) => (c as HTMLElement).dataset.notebook).sort());
  expect(listed).toEqual(NOTEBOOKS);
  for (const scheme of SCHEMES) {
    await page.emulateMedia({colorScheme: scheme});
    await expectClean(page, `index, ${scheme}`);
  }
});

for (const id of NOTEBOOKS) {
  test(`axe: ${id}, as written and solved, light and dark`, async ({page}) => {
    test.setTimeout(180_000);
    await openNotebook(page, `./?notebook=${id}`);
    await scrollThrough(page);
    for (const scheme of SCHEMES) {
      await page.emulateMedia({colorScheme: scheme});
      await expectClean(page, `${id} as written, ${scheme}`);
    }
    await solveAll(page);
    await scrollThrough(page);
    for (const scheme of SCHEMES) {
      await page.emulateMedia({colorScheme: scheme});
      await expectClean(page, `${id} solved, ${scheme}`);
    }
  });
}
