// A variant drill (hidden-segments, front matter `variants: true`), as students meet it: the page asks for the
// student id once, before anything runs; the toolbar shows the seed made from it; the prose quotes that student's
// own figures; two students see different numbers; the downloaded submission carries the id and the seed; a typo in
// the id can be corrected.
import {readFileSync} from "node:fs";
import {expect, test, type Page} from "@playwright/test";
import {seedForStudent} from "../../src/runtime/variants.js";
import {nb, waitIdle} from "./helpers.js";

const URL = "./?notebook=hidden-segments";

async function startAs(page: Page, id: string): Promise<void> {
  await page.goto(URL);
  const form = nb(page).locator("form.student-id");
  await expect(form).toBeVisible();
  await expect(form.getByLabel("Your student id, as your course knows it")).toBeFocused();
  await page.keyboard.type(id);
  await page.keyboard.press("Enter");
  await waitIdle(page);
}

/** The figure an inline expression shows, by its place in the text: `${dataSeed}` and the colleague's MAE. */
const inline = (page: Page, n: number) => nb(page).locator(`span.inline-expr[data-inline="inline-${n}"]`);

test("the page asks for the id once, shows the seed it makes, and the text quotes this student's own figures", async ({page, browser}, testInfo) => {
  await page.goto(URL);
  const form = nb(page).locator("form.student-id");
  await expect(form).toBeVisible();
  // Nothing of the notebook runs before the id is known: its data depends on it.
  await expect(nb(page).locator("[data-cell]")).toHaveCount(0);
  // (Its accessibility is checked with the others in a11y.spec.ts.)
  // An empty id is refused with a reason.
  await form.getByRole("button", {name: "Start"}).click();
  await expect(form.locator(".student-id-problem")).toHaveText("Type your student id first.");
  await form.getByLabel("Your student id, as your course knows it").fill("Alice ");
  await form.getByRole("button", {name: "Start"}).click();
  await waitIdle(page);

  const seed = seedForStudent("alice");
  await expect(nb(page).locator(".toolbar .student-data")).toContainText(`Data seed ${seed} · alice`);
  await expect(inline(page, 3)).toHaveText(String(seed));
  const maeAlice = await inline(page, 2).textContent();
  expect(maeAlice).toMatch(/^\$\d{3}$/);
  await page.screenshot({path: testInfo.outputPath("variant-alice.png")});

  // Asked once: a reload opens alice's data at once.
  await page.reload();
  await waitIdle(page);
  await expect(nb(page).locator("form.student-id")).toHaveCount(0);
  await expect(inline(page, 3)).toHaveText(String(seed));

  // Her submission says whose data it was made on.
  const [download] = await Promise.all([page.waitForEvent("download"), nb(page).locator(".download").click()]);
  const submission = JSON.parse(readFileSync(await download.path(), "utf8")) as {student?: string; seed?: number};
  expect(submission).toMatchObject({student: "Alice", seed});

  // Another student, in another browser profile, gets other data and other figures in the same sentences.
  const other = await browser.newContext();
  try {
    const bobPage = await other.newPage();
    await startAs(bobPage, "bob");
    await expect(inline(bobPage, 3)).toHaveText(String(seedForStudent("bob")));
    const maeBob = await inline(bobPage, 2).textContent();
    expect(maeBob).toMatch(/^\$\d{3}$/);
    expect(maeBob).not.toBe(maeAlice);
  } finally {
    await other.close();
  }
});

test("a typo in the id can be corrected: the page opens again on the right student's data, keeping the code", async ({page}) => {
  await startAs(page, "alcie");
  await expect(inline(page, 3)).toHaveText(String(seedForStudent("alcie")));
  await nb(page).locator(".change-student").click();
  await nb(page).locator(".confirm-change-student").click();
  const form = nb(page).locator("form.student-id");
  await expect(form).toBeVisible();
  await form.getByLabel("Your student id, as your course knows it").fill("alice");
  await form.getByRole("button", {name: "Start"}).click();
  await waitIdle(page);
  await expect(inline(page, 3)).toHaveText(String(seedForStudent("alice")));
});

test("a course link can name the student: no question asked", async ({page}) => {
  await page.goto(`${URL}&student=carol`);
  await waitIdle(page);
  await expect(nb(page).locator("form.student-id")).toHaveCount(0);
  await expect(inline(page, 3)).toHaveText(String(seedForStudent("carol")));
});
