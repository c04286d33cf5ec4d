// The segment-rules drill's visual rule builder, driven by keyboard as a student would: a condition added, its
// field, comparison and value chosen with keys, and the member count in the cell below follows every edit.
import {expect, test, type Page} from "@playwright/test";
import {cell, nb, openNotebook, output, runtime} from "./helpers.js";

const URL = "./?notebook=segment-rules";

/** Members the page's own customers give for a predicate, counted in the frame from the notebook's table. */
async function countWhere(page: Page, predicate: string): Promise<number> {
  return (await runtime(page)).evaluate(async (source) => {
    const {session} = (window as unknown as {drillbook: {session: {value(name: string): Promise<unknown>}}}).drillbook;
    const customers = (await session.value("customers")) as {objects(): Array<Record<string, unknown>>};
    const keep = new Function("d", `return ${source};`) as (d: Record<string, unknown>) => boolean;
    return customers.objects().filter(keep).length;
  }, predicate);
}

const members = (page: Page) => output(page, "builder-result").locator("[data-members]");

/** The builder, once shown: it sits below the first screen and only the cells below it read it, so it waits until
 * scrolled to (runtime/deferral.ts). */
async function scrollToBuilder(page: Page) {
  await cell(page, "builder").scrollIntoViewIfNeeded();
  const builder = output(page, "builder").locator("form.drillbook-rb");
  await expect(builder).toBeVisible();
  return builder;
}

test("rule builder: a condition built by keyboard changes the member count live; removing it restores the count", async ({page}) => {
  await openNotebook(page, URL);
  const builder = await scrollToBuilder(page);
  // As stored: days_since_last_purchase < 30, which JSONLogic also passes for null (never bought).
  const stored = await countWhere(page, "(d.days_since_last_purchase ?? 0) < 30");
  await expect(members(page)).toHaveAttribute("data-members", String(stored));
  await expect(builder.locator("pre.rb-json")).toHaveText('{ "and": [ { "<": [ { "var": "days_since_last_purchase" }, 30 ] } ] }');

  // Keyboard only: focus the add button, press Enter; the new condition's field menu takes the focus.
  await builder.getByRole("button", {name: "Add condition to the rule"}).focus();
  await page.keyboard.press("Enter");
  const field = builder.getByRole("combobox", {name: "Field of condition 2"});
  await expect(field).toBeFocused();
  await page.keyboard.type("tenure_days"); // type-ahead in a closed menu picks the option
  await expect(field).toHaveValue("tenure_days");
  await page.keyboard.press("Tab");
  const comparison = builder.getByRole("combobox", {name: "Comparison of condition 2"});
  await expect(comparison).toBeFocused();
  await page.keyboard.type("<");
  await expect(comparison).toHaveValue("<");
  await page.keyboard.press("Tab");
  const value = builder.getByRole("textbox", {name: "Value of condition 2"});
  await expect(value).toBeFocused();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.type("90");

  const both = await countWhere(page, "(d.days_since_last_purchase ?? 0) < 30 && d.tenure_days < 90");
  expect(both).toBeLessThan(stored);
  await expect(members(page)).toHaveAttribute("data-members", String(both));
  await expect(builder.locator("pre.rb-json")).toContainText('{ "<": [ { "var": "tenure_days" }, 90 ] }');

  // Switch the group to "any of (or)" with the arrow keys: the count grows past the stored one.
  await builder.getByRole("combobox", {name: "Combine the conditions of the rule with"}).focus();
  await page.keyboard.press("ArrowDown");
  const either = await countWhere(page, "(d.days_since_last_purchase ?? 0) < 30 || d.tenure_days < 90");
  await expect(members(page)).toHaveAttribute("data-members", String(either));
  expect(either).toBeGreaterThan(stored);

  // Remove the condition by keyboard: back to the stored rule's members, focus on the add button.
  await builder.getByRole("button", {name: "Remove condition 2"}).focus();
  await page.keyboard.press("Enter");
  await expect(builder.getByRole("button", {name: "Add condition to the rule"})).toBeFocused();
  await expect(members(page)).toHaveAttribute("data-members", String(stored));
  await expect(cell(page, "builder-result")).toHaveAttribute("data-status", "ok");
});

test("rule builder: the null fix typed into the builder drops exactly the never-bought customers", async ({page}) => {
  await openNotebook(page, URL);
  const builder = await scrollToBuilder(page);
  await builder.getByRole("button", {name: "Add condition to the rule"}).click();
  await builder.getByRole("combobox", {name: "Field of condition 2"}).selectOption("days_since_last_purchase");
  await builder.getByRole("combobox", {name: "Comparison of condition 2"}).selectOption("!==");
  await builder.getByRole("textbox", {name: "Value of condition 2"}).fill("null");
  const buyers = await countWhere(page, "d.days_since_last_purchase !== null && d.days_since_last_purchase < 30");
  await expect(members(page)).toHaveAttribute("data-members", String(buyers));
  await expect(output(page, "builder-result")).toContainText(/who never bought\s*0/);
  await expect(nb(page).locator("body")).not.toContainText("this cell has an error");
});
