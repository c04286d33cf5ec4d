// The library at the cursor: autocomplete for exports, options and a model's methods, and docs on hover with a
// link to the library's reference, all generated from the library's types at build time (src/build/libraryDocs.ts).
import {expect, test} from "@playwright/test";
import {cell, nb, openNotebook} from "./helpers.js";

// CodeMirror ignores Enter for 75 ms after a completion list opens (its interactionDelay, so a fast typist's Enter
// is a new line, not a surprise completion): a person never notices it; a test that presses Enter at once must wait it.
const INTERACTION_DELAY_MS = 120;

test("autocomplete offers the library's exports, a call's options and a model's methods; hover shows the docs", async ({page}, testInfo) => {
  await openNotebook(page);
  await nb(page).locator('.scratch-slot[data-after="end"] .add-scratch').click();
  const editor = cell(page, "scratch-1").locator(".cm-content");
  await expect(editor).toBeFocused();
  await cell(page, "scratch-1").evaluate((el) => el.scrollIntoView({block: "center"}));
  await page.keyboard.insertText('import {KMeans, trainTestSplit} from "drillbook";\n');

  // An export, by prefix: the list shows it with its signature in the info panel.
  await page.keyboard.type("const km = new KMea");
  const list = nb(page).locator(".cm-tooltip-autocomplete");
  await expect(list.getByRole("option", {name: /^KMeans/})).toBeVisible();
  await page.waitForTimeout(INTERACTION_DELAY_MS);
  await page.keyboard.press("Enter");
  await expect(editor).toContainText("const km = new KMeans");

  // An option inside the call's object.
  await page.keyboard.type("({nCl");
  await expect(list.getByRole("option", {name: /^nClusters/})).toBeVisible();
  await expect(nb(page).locator(".cm-completionInfo")).toContainText("Number of clusters");
  await page.waitForTimeout(INTERACTION_DELAY_MS);
  await page.keyboard.press("Enter");
  await page.keyboard.type(": 4, rand");
  await expect(list.getByRole("option", {name: /^randomState/})).toBeVisible();
  await page.keyboard.press("Escape");
  await page.keyboard.press("End");
  await page.keyboard.insertText("\n");
  await expect(editor).toContainText("new KMeans({nClusters: 4, rand");

  // A method of the model the cell made.
  await page.keyboard.type("km.fi");
  await expect(list.getByRole("option", {name: /^fitPredict/})).toBeVisible();
  await page.screenshot({path: testInfo.outputPath("completion.png")});
  await page.keyboard.press("Escape");

  // Hover over a library name: signature, description, link to the reference.
  await editor.getByText("trainTestSplit").first().hover();
  const tip = nb(page).locator(".cm-tooltip-hover .library-doc");
  await expect(tip).toBeVisible();
  await expect(tip.locator(".library-doc-signature")).toContainText("trainTestSplit(");
  await expect(tip.getByRole("link", {name: "Library reference →"})).toHaveAttribute("href", "library.html#trainTestSplit");
  await page.screenshot({path: testInfo.outputPath("hover.png")});

  // Hover over an option name in the call: that option's type and doc.
  await editor.getByText("nClusters").hover();
  await expect(tip.locator(".library-doc-signature")).toHaveText("nClusters: number");
  await expect(tip).toContainText("of KMeans");

  // The reference it links to is in the site, with the export's anchor.
  const reference = await page.context().newPage();
  await reference.goto("./library.html#KMeans");
  await expect(reference.locator("a#KMeans")).toHaveCount(1);
  await expect(reference.locator("h1")).toHaveText("The Drillbook library");
});
