// The drills themselves, driven as a student drives them: the k-means explorer's sliders, and an exercise of the
// hidden-segments drill solved from its "Show solution" button, checks green and kept across a reload.
import {expect, test, type Page} from "@playwright/test";
import {cell, check, openNotebook, output, settleAfter, waitIdle, nb, runtime} from "./helpers.js";

/** Types a value into an Observable Inputs range's number box, as a student does (the slider follows). */
async function setRange(page: Page, cellId: string, label: string, value: number): Promise<void> {
  const box = cell(page, cellId).locator("form", {hasText: label}).locator("input[type=number]");
  await box.scrollIntoViewIfNeeded();
  await settleAfter(page, async () => {
    await box.fill(String(value));
    await box.press("Enter");
  });
  await expect(box).toHaveValue(String(value));
}

/** The cluster the drill's own fitted model gives a customer (the session's values, not the page's text). */
async function modelCluster(page: Page, income: number, score: number): Promise<number> {
  return (await runtime(page)).evaluate(async ([x, y]) => {
    const {session} = (window as unknown as {drillbook: {session: {value(name: string): Promise<unknown>}}}).drillbook;
    type Model = {predict(X: number[][]): ArrayLike<number>};
    const kmeans = (await session.value("segKMeans")) as Model;
    const scaler = (await session.value("segScaler")) as {transform(X: number[][]): number[][]};
    return kmeans.predict(scaler.transform([[x, y]]))[0];
  }, [income, score]);
}

test("k-means drill: the sliders re-predict the customer's cluster and move the highlighted point, without refitting", async ({page}) => {
  await openNotebook(page, "./?notebook=kmeans-customers");
  const card = output(page, "prediction");
  const plot = output(page, "segment-plot");
  // the plot is display-only: it runs once scrolled near (see the welcome's plot test)
  await cell(page, "segment-plot").scrollIntoViewIfNeeded();
  await expect(cell(page, "segment-plot")).toHaveAttribute("data-status", "ok");
  await waitIdle(page);
  const fittedAt = (await card.textContent())!.match(/fitted once, at (.+)\./)![1];

  // Opposite corners of the income-score plane fall in different clusters; the card and the plot follow each move.
  const seen: number[] = [];
  for (const [income, score] of [[15, 100], [140, 1]]) {
    await setRange(page, "sliders", "Annual income", income);
    await setRange(page, "sliders", "Spending score", score);
    const cluster = await modelCluster(page, income, score);
    seen.push(cluster);
    await expect(card).toContainText(`Cluster ${cluster}`);
    await expect(card).toContainText(`earning ${income} k$ with a spending score of ${score}`);
    await expect(plot.locator("svg")).toContainText(`this customer: cluster ${cluster}`);
  }
  expect(seen[0]).not.toBe(seen[1]);
  // Only the cells that read income or score ran again: the model's cell did not.
  await expect(card).toContainText(`fitted once, at ${fittedAt}.`);
  await expect(cell(page, "segment-model")).toHaveAttribute("data-status", "ok");
});

test("k-means drill: the animation plays, pauses, steps back and on, and keeps the step after a reload", async ({page}, testInfo) => {
  await openNotebook(page, "./?notebook=kmeans-customers");
  const controls = cell(page, "play").locator(".drillbook-player");
  const heading = output(page, "animation").locator("div > div").first();
  // The player and its animation wait below the first screen (only they read each other): they run once scrolled to.
  await expect(cell(page, "play")).toHaveAttribute("data-deferred", "");
  await cell(page, "play").scrollIntoViewIfNeeded();
  await expect(controls).toBeVisible();
  await expect(heading).toHaveText("Start: five random customers as centres");

  // Play: the steps advance by themselves; Pause holds one.
  await controls.getByRole("button", {name: "Step of the animation: play"}).click();
  // Any step of the run (a loaded machine's polling can miss the first: CI once saw it go from Start to Step 1's update).
  await expect(heading).toHaveText(/^Step \d+, (assignment|update)/);
  await controls.getByRole("button", {name: "Step of the animation: pause"}).click();
  const held = await heading.textContent();
  await expect(controls.getByRole("button", {name: "Step of the animation: play"})).toBeVisible();
  await expect(heading).toHaveText(held!);

  // Step on and back with the keyboard, as well as the mouse.
  await settleAfter(page, () => controls.getByRole("button", {name: "Step of the animation: one step on"}).click());
  const on = await heading.textContent();
  expect(on).not.toBe(held);
  await controls.getByRole("button", {name: "Step of the animation: one step back"}).focus();
  await settleAfter(page, () => page.keyboard.press("Enter"));
  await expect(heading).toHaveText(held!);

  // The slider reaches any step: the last one says it converged, with the drill's WCSS.
  const slider = controls.getByRole("slider", {name: "Step of the animation"});
  await slider.focus();
  await settleAfter(page, () => page.keyboard.press("End"));
  await expect(heading).toHaveText("Converged after 12 rounds: no customer changes cluster. WCSS 42,993");
  await expect(controls.locator("output")).toContainText("converged");
  await cell(page, "animation").screenshot({path: testInfo.outputPath("animation.png")});

  // Speed is a choice too, and the step shown survives a reload (inputs are kept with the work).
  await controls.getByRole("combobox", {name: "Step of the animation: speed"}).selectOption("2");
  await page.reload();
  await waitIdle(page);
  await cell(page, "play").scrollIntoViewIfNeeded();
  await expect(output(page, "animation").locator("div > div").first()).toHaveText("Converged after 12 rounds: no customer changes cluster. WCSS 42,993");
});

test("hidden-segments drill: an exercise solved from Show solution turns its checks green, and stays so after a reload", async ({page}) => {
  await openNotebook(page, "./?notebook=hidden-segments&student=tester"); // a variant drill: whose data
  const exercise = nb(page).locator('[data-exercise="segment-metrics"]');
  const checks = ["one-row-per-segment", "metrics-match", "failing-segments"];
  for (const name of checks) await expect(check(page, name, "segment-metrics")).toHaveAttribute("data-status", "not-attempted");
  // The table below the exercise reads its answer and only cells below read the table: it waits to be scrolled to,
  // then waits for the answer.
  await expect(cell(page, "segment-table")).toHaveAttribute("data-deferred", "");
  await cell(page, "segment-table").scrollIntoViewIfNeeded();
  await expect(cell(page, "segment-table")).toHaveAttribute("data-status", "blocked");
  const progress = nb(page).locator(".progress-text");
  const before = await progress.textContent();

  await exercise.scrollIntoViewIfNeeded();
  await exercise.locator(".show-solution").click();
  await exercise.locator(".confirm-yes").click();
  await settleAfter(page, () => exercise.locator(".use-solution").click());
  for (const name of checks) await expect(check(page, name, "segment-metrics")).toHaveAttribute("data-status", "passed");
  await expect(progress).not.toHaveText(before!);
  await expect(progress).toContainText(/^3 \//);
  // The cell below the exercise that reads its answer now runs and names the failing segment.
  await expect(cell(page, "segment-table")).toHaveAttribute("data-status", "ok");
  await expect(output(page, "segment-table")).toContainText("Premium");

  await page.reload();
  await waitIdle(page);
  for (const name of checks) await expect(check(page, name, "segment-metrics")).toHaveAttribute("data-status", "passed");
  await expect(progress).toContainText(/^3 \//);
});

test("segment-rules drill: the null-rule exercise solved from Show solution turns green, and the cells that use the fixed rule run", async ({page}) => {
  await openNotebook(page, "./?notebook=segment-rules");
  const exercise = nb(page).locator('[data-exercise="null-rule"]');
  const checks = ["never-bought-count", "edge-cases", "fixed-members"];
  for (const name of checks) await expect(check(page, name, "null-rule")).toHaveAttribute("data-status", "not-attempted");
  await expect(cell(page, "segments")).toHaveAttribute("data-status", "blocked");

  await exercise.scrollIntoViewIfNeeded();
  await exercise.locator(".show-solution").click();
  await exercise.locator(".confirm-yes").click();
  await settleAfter(page, () => exercise.locator(".use-solution").click());
  for (const name of checks) await expect(check(page, name, "null-rule")).toHaveAttribute("data-status", "passed");
  await expect(cell(page, "segments")).toHaveAttribute("data-status", "ok");
});

test("churn-ltv drill: the colleague's model trains once scrolled to, and the leaky-columns answer turns its check green", async ({page}) => {
  test.setTimeout(120_000);
  await openNotebook(page, "./?notebook=churn-ltv");
  // Open and idle with the exercises checked, while the colleague's model waits: only its card and importance table
  // below it read it (no check does), so it trains when scrolled to (in a worker), then the card shows its AUC.
  for (const name of ["all-leaks"]) await expect(check(page, name, "leaky-columns")).toHaveAttribute("data-status", "not-attempted");
  await expect(check(page, "windows", "one-snapshot")).toHaveAttribute("data-status", "not-attempted");
  for (const id of ["colleague-model", "colleague-importance"]) {
    await expect(cell(page, id)).toHaveAttribute("data-status", "not-run");
    await expect(cell(page, id)).toHaveAttribute("data-deferred", "");
  }
  await settleAfter(page, () => cell(page, "colleague-importance").scrollIntoViewIfNeeded());
  for (const id of ["colleague-model", "colleague-importance"]) await expect(cell(page, id)).toHaveAttribute("data-status", "ok");
  await expect(output(page, "colleague-model")).toContainText("model AUC (random split)");
  await expect(output(page, "colleague-model")).toContainText(/0\.9\d\d/);
  await expect(output(page, "colleague-importance")).toContainText("days_since_last_purchase");

  const exercise = nb(page).locator('[data-exercise="leaky-columns"]');
  await exercise.scrollIntoViewIfNeeded();
  await exercise.locator(".show-solution").click();
  await exercise.locator(".confirm-yes").click();
  await settleAfter(page, () => exercise.locator(".use-solution").click());
  await expect(check(page, "all-leaks", "leaky-columns")).toHaveAttribute("data-status", "passed");
});
