// axe-core on the index and every notebook, as written and solved, in the light and the dark scheme: no serious
// or critical violation. The notebook lives in a frame from another origin; AxeBuilder runs axe in every frame
// through Playwright (which reaches cross-origin frames), and the first test proves the frame's content is really
// analysed, so a clean result cannot come from looking only at the shell around it.
import AxeBuilder from "@axe-core/playwright";
import {readFileSync, readdirSync} from "node:fs";
import {createRequire} from "node:module";
import {expect, test, type Frame, type Page} from "@playwright/test";
import {nb, openNotebook, runtime} from "./helpers.js";

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
// "incomplete: frame-tested" says so). Parsing axe's 560 KB in the busy notebook frame took longer here, and the
// notebook passed without being looked at. So this builder injects with no limit (once a frame), and a frame still
// left out fails the test.
const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

function patientAxe(page: Page): AxeBuilder {
  const builder = new AxeBuilder({page});
  const inner = builder as unknown as {inject(frames: Frame[]): Promise<void>; axeConfigure(): Promise<string>};
  inner.inject = async (frames) => {
    for (const frame of frames) {
      if (!(await frame.evaluate(() => "axe" in window))) await frame.evaluate(AXE);
      await frame.evaluate(await inner.axeConfigure());
    }
  };
  return builder;
}

/** Serious and critical violations on the page as it is now, the frame's content included. */
async function violations(page: Page, rules?: string[]): Promise<Finding[]> {
  const builder = patientAxe(page);
  if (rules) builder.withRules(rules); // a short run: a long one is a hang the shell ends (see openApp)
  const result = await builder.analyze();
  expect(result.incomplete.filter((r) => r.id === "frame-tested"), "a frame axe could not analyse").toEqual([]);
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({rule: v.id, impact: v.impact!, nodes: v.nodes.length, where: v.nodes.slice(0, 4).map((n) => `${n.target.join(" >> ")}: ${n.failureSummary?.split("\n")[1] ?? ""}`), help: v.help}));
}

/**
 * A notebook opened as the runtime frame's own page, at the top of the tab: the same document the frame shows, with no
 * watchdog around it. Through the shell, axe's run (seconds of script without a break in the frame) is a hang the
 * page ends by reopening the frame, as it should (isolation/shell.ts); the first test shows axe does reach the frame.
 */
async function openApp(page: Page, id: string): Promise<void> {
  await page.goto(`./frame.html?notebook=${id}&student=a11y`); // a variant drill asks whose data, else
  await page.waitForFunction(() => document.body.dataset.state === "idle", null, {timeout: 60_000});
}

const settled = (page: Page) => page.evaluate(() => (window as unknown as {drillbook: {session: {whenIdle(): Promise<void>}}}).drillbook.session.whenIdle());

/** Scrolls the notebook to its end, so cells deferred until seen run and every block is laid out (not skipped). */
async function scrollThrough(page: Page): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const atEnd = await page.evaluate(() => {
      scrollBy(0, innerHeight * 0.8);
      return innerHeight + scrollY >= document.documentElement.scrollHeight - 2;
    });
    if (atEnd) break;
  }
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50))));
  await settled(page);
  await page.evaluate(() => scrollTo(0, 0));
}

/** Every exercise solved (the session's own way in, as the bench does), and one solution and hint shown by their buttons. */
async function solveAll(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const {editable, session} = (window as unknown as {drillbook: {editable(): Promise<void>; session: {notebook: {exercises: Array<{id: string; solution?: string}>}; setSource(id: string, s: string): void}}}).drillbook;
    await editable();
    for (const e of session.notebook.exercises) if (e.solution !== undefined) session.setSource(e.id, e.solution);
  });
  await settled(page);
  const exercise = page.locator(".exercise").first();
  await exercise.locator(".show-solution").click();
  await exercise.locator(".confirm-yes").click();
  await expect(exercise.locator(".solution-code")).toBeVisible();
  await exercise.locator(".hint").click();
  await expect(page.locator(".exercise .badge[data-status=passed]").first()).toBeVisible();
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
  const found = await violations(page, ["label"]);
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

test("axe: a variant drill's student id form, light and dark", async ({page}) => {
  await page.goto("./frame.html?notebook=hidden-segments");
  await expect(page.locator("form.student-id")).toBeVisible();
  for (const scheme of SCHEMES) {
    await page.emulateMedia({colorScheme: scheme});
    await expectClean(page, `student id form, ${scheme}`);
  }
});

for (const id of NOTEBOOKS) {
  test(`axe: ${id}, as written and solved, light and dark`, async ({page}) => {
    test.setTimeout(420_000); // axe takes 10 to 30 s a run on the long drills here
    await openApp(page, id);
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
