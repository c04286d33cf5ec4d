// Checks and reactivity in the welcome notebook, driven through the page as a student would.
import {expect, test} from "@playwright/test";
import {cell, check, collectPageErrors, openNotebook, output, settleAfter, SOLUTION, typeAndRun, nb, runtime} from "./helpers.js";

test("a wrong answer turns a check red with its message, a right one turns it green", async ({page}) => {
  const errors = collectPageErrors(page);
  await openNotebook(page);
  await expect(check(page, "matches-formula")).toHaveAttribute("data-status", "not-attempted");
  await expect(nb(page).locator(".progress-text")).toHaveText("0 / 2 checks passed");

  // The classic slip the notebook anticipates: the sum of i instead of i².
  await typeAndRun(page, "sum-of-squares", "const sumOfSquares = triangle;");
  const formula = check(page, "matches-formula");
  await expect(formula).toHaveAttribute("data-status", "failed");
  await expect(check(page, "is-a-number")).toHaveAttribute("data-status", "passed");
  const detail = formula.locator(".badge-detail");
  await expect(detail).toBeVisible();
  await expect(detail).toContainText("sumOfSquares"); // names the variable,
  await expect(detail).toContainText("55"); // what was found,
  await expect(detail).toContainText("385"); // what was expected,
  await expect(detail).toContainText("you added i, not i * i"); // and the likely cause
  await expect(formula).toHaveCSS("background-color", "rgb(253, 236, 236)"); // red wash
  await expect(nb(page).locator(".progress-text")).toHaveText("1 / 2 checks passed");

  await typeAndRun(page, "sum-of-squares", SOLUTION);
  await expect(formula).toHaveAttribute("data-status", "passed");
  await expect(check(page, "is-a-number")).toHaveAttribute("data-status", "passed");
  await expect(detail).toBeHidden();
  await expect(formula).toHaveCSS("background-color", "rgb(232, 245, 236)"); // green wash
  await expect(nb(page).locator(".progress-text")).toHaveText("2 / 2 checks passed");
  await expect(nb(page).locator(".exercise")).toHaveClass(/complete/);
  expect(errors).toEqual([]);
});

test("a check that errors says so, and a string answer fails the number check", async ({page}) => {
  await openNotebook(page);
  await typeAndRun(page, "sum-of-squares", 'const sumOfSquares = "385";');
  await expect(check(page, "is-a-number")).toHaveAttribute("data-status", "failed");
  await expect(check(page, "is-a-number").locator(".badge-detail")).toContainText("expected a whole number");

  await typeAndRun(page, "sum-of-squares", "const sumOfSquares = nope;");
  await expect(cell(page, "sum-of-squares")).toHaveAttribute("data-status", "error");
  await expect(cell(page, "sum-of-squares").locator(".cell-message")).toContainText("nope");
  for (const name of ["is-a-number", "matches-formula"]) {
    await expect(check(page, name)).not.toHaveAttribute("data-status", /passed|pending|not-attempted/);
    await expect(check(page, name).locator(".badge-detail")).not.toBeEmpty();
  }
});

test("a syntax error is reported on its cell with line and column, once", async ({page}) => {
  await openNotebook(page);
  await typeAndRun(page, "shout", "greeting.toUpperCase() +");
  await expect(cell(page, "shout")).toHaveAttribute("data-status", "error");
  await expect(cell(page, "shout").locator(".cell-message")).toHaveText(/^syntax error: .*\(line 1, column \d+\)$/);
  await expect(cell(page, "shout").locator(".cm-error-line")).toHaveCount(1);
  await expect(cell(page, "greeting")).toHaveAttribute("data-status", "ok");
});

test("moving the slider re-runs the cells that read n, and the checks follow", async ({page}) => {
  await openNotebook(page);
  const slider = cell(page, "slider").locator("input[type=range]");
  await expect(output(page, "triangle")).toHaveText('"1 + 2 + … + 10 = 55"');
  await cell(page, "squares-plot").scrollIntoViewIfNeeded(); // it runs when scrolled to (see the next test)
  await expect(output(page, "squares-plot").locator("svg rect")).toHaveCount(10);

  // A hard-coded answer is right for n = 10 only: the check runs the code again for another n, so it is red at once.
  await typeAndRun(page, "sum-of-squares", "const sumOfSquares = 385;");
  await expect(check(page, "matches-formula")).toHaveAttribute("data-status", "failed");
  await expect(check(page, "matches-formula").locator(".badge-detail")).toContainText("typing the number in");

  // An answer that follows n only up to 10 is right at n = 10 and for the probe, and turns red when n moves.
  await typeAndRun(page, "sum-of-squares", "let sumOfSquares = 0; for (let i = 1; i <= Math.min(n, 10); i++) sumOfSquares += i * i;");
  await expect(check(page, "matches-formula")).toHaveAttribute("data-status", "passed");
  await slider.focus();
  await settleAfter(page, () => page.keyboard.press("ArrowRight"));
  await expect(output(page, "triangle")).toHaveText('"1 + 2 + … + 11 = 66"');
  await expect(output(page, "squares-plot").locator("svg rect")).toHaveCount(11);
  await expect(check(page, "matches-formula")).toHaveAttribute("data-status", "failed");
  await expect(check(page, "matches-formula").locator(".badge-detail")).toContainText("506"); // 11·12·23/6

  // A real answer stays green for every n, here dragged to the far right with the mouse.
  await typeAndRun(page, "sum-of-squares", SOLUTION);
  await expect(check(page, "matches-formula")).toHaveAttribute("data-status", "passed");
  await slider.scrollIntoViewIfNeeded();
  const box = (await slider.boundingBox())!;
  await settleAfter(page, () => page.mouse.click(box.x + box.width - 1, box.y + box.height / 2));
  await expect(cell(page, "slider").locator("input[type=number]")).toHaveValue("50");
  await expect(output(page, "triangle")).toHaveText('"1 + 2 + … + 50 = 1275"');
  await expect(check(page, "matches-formula")).toHaveAttribute("data-status", "passed");
  await expect(check(page, "is-a-number")).toHaveAttribute("data-status", "passed");
});

test("a name defined twice is reported on the newer cell, naming the other", async ({page}) => {
  await openNotebook(page);
  // `shout` redefines `greeting`: the error goes on shout (just edited), greeting keeps working.
  await typeAndRun(page, "shout", 'const greeting = "hi";');
  await expect(cell(page, "shout")).toHaveAttribute("data-status", "error");
  await expect(cell(page, "shout").locator(".cell-message")).toContainText('`greeting` is already defined in cell "greeting"');
  await expect(cell(page, "greeting")).toHaveAttribute("data-status", "ok");
  await expect(output(page, "greeting")).toHaveText('"Hello, Ada!"');

  // Fixing the newer cell clears the error.
  await typeAndRun(page, "shout", "greeting.toUpperCase()");
  await expect(cell(page, "shout")).toHaveAttribute("data-status", "ok");
  await expect(output(page, "shout")).toHaveText('"HELLO, ADA!"');

  // Newer is by edit, not by page order: the first cell now takes `triangle`, which a later cell owns.
  await typeAndRun(page, "greeting", 'const name = "Ada"; const greeting = `Hello, ${name}!`; const triangle = 1; display(greeting);');
  await expect(cell(page, "greeting")).toHaveAttribute("data-status", "error");
  await expect(cell(page, "greeting").locator(".cell-message")).toContainText('`triangle` is already defined in cell "triangle"');
  await expect(cell(page, "shout")).toHaveAttribute("data-status", "blocked");
  await expect(cell(page, "shout").locator(".cell-message")).toContainText("greeting");
  await expect(cell(page, "triangle")).toHaveAttribute("data-status", "ok");
  await expect(output(page, "triangle")).toHaveText('"1 + 2 + … + 10 = 55"');
});

test("an infinite loop is stopped with a reason and the page stays usable", async ({page}) => {
  await openNotebook(page);
  const t0 = Date.now();
  await typeAndRun(page, "shout", "while (true) {}");
  const stopped = Date.now() - t0;
  await expect(cell(page, "shout")).toHaveAttribute("data-status", "timeout");
  await expect(cell(page, "shout").locator(".cell-message")).toHaveText(/this loop ran for \d+(\.\d+)? s: is it infinite\?/);
  expect(stopped, "the loop is stopped within a few seconds").toBeLessThan(10_000);

  // The page answers again: the slider still drives the triangle cell, and other cells still run.
  const slider = cell(page, "slider").locator("input[type=range]");
  // (locator.press focuses the slider in the frame and presses there: after a frozen spell the tab's keyboard focus
  // may not be back in the frame yet)
  await settleAfter(page, () => slider.press("ArrowLeft"));
  await expect(output(page, "triangle")).toHaveText('"1 + 2 + … + 9 = 45"');
  await typeAndRun(page, "sum-of-squares", SOLUTION);
  await expect(check(page, "matches-formula")).toHaveAttribute("data-status", "passed");

  // Fixing the looping cell brings it back.
  await typeAndRun(page, "shout", "greeting.toUpperCase()");
  await expect(cell(page, "shout")).toHaveAttribute("data-status", "ok");
  await expect(output(page, "shout")).toHaveText('"HELLO, ADA!"');
});

test("a plot below the first screen runs when scrolled into view, after the rest has settled", async ({page}) => {
  await openNotebook(page);
  const plot = cell(page, "squares-plot");
  // the page is idle and the exercise checked while the plot waits: nothing reads a display-only cell
  await expect(check(page, "is-a-number")).toHaveAttribute("data-status", "not-attempted");
  await expect(plot).toHaveAttribute("data-status", "not-run");
  await expect(plot).toHaveAttribute("data-deferred", "");
  await expect(plot.locator(".cell-status-label")).toHaveText("runs when scrolled into view");
  await expect(output(page, "squares-plot")).toBeEmpty();

  await settleAfter(page, () => plot.scrollIntoViewIfNeeded());
  await expect(plot).toHaveAttribute("data-status", "ok");
  await expect(plot).not.toHaveAttribute("data-deferred", "");
  await expect(output(page, "squares-plot").locator("svg rect")).toHaveCount(10);
  await expect(plot.locator(".cell-status-label")).toHaveText("");
});

test("the notebook opens without the transpiler (the build compiled its cells); the first edit still runs", async ({page}) => {
  // When the first run's last cell or check changed (status mutations are seen right after each update; the page
  // asks for the transpiler only once it has settled, a task later).
  await page.addInitScript(() => {
    const w = window as unknown as {__lastStatusAt?: number; __settled?: boolean};
    new MutationObserver((records) => {
      if (w.__settled) return;
      if (records.some((r) => r.attributeName === "data-status")) w.__lastStatusAt = performance.now();
      if (document.body?.dataset.state === "idle" && w.__lastStatusAt !== undefined) w.__settled = true;
    }).observe(document, {attributes: true, subtree: true, attributeFilter: ["data-state", "data-status"]});
  });
  await openNotebook(page);
  const early = await (await runtime(page)).evaluate(() => {
    const until = (window as unknown as {__lastStatusAt: number}).__lastStatusAt;
    return performance
      .getEntriesByType("resource")
      .filter((e) => e.startTime <= until)
      .map((e) => e.name.split("/").pop()!);
  });
  expect(early.some((f) => /^(index|frame)-/.test(f))).toBe(true); // (the list is real: the frame's entry)
  expect(early.filter((f) => /^(acorn|transpile)-/.test(f))).toEqual([]);
  await typeAndRun(page, "sum-of-squares", SOLUTION);
  await expect(check(page, "matches-formula")).toHaveAttribute("data-status", "passed");
  // ...and it is a chunk of its own, loaded by then (not inside the entry, where the check above would be empty)
  const all = await (await runtime(page)).evaluate(() => performance.getEntriesByType("resource").map((e) => e.name.split("/").pop()!));
  expect(all.filter((f) => /^transpile-/.test(f))).toHaveLength(1);
});
