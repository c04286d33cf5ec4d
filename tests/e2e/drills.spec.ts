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

test("hidden-segments drill: an exercise solved from Show solution turns its checks green, and stays so after a reload", async ({page}) => {
  await openNotebook(page, "./?notebook=hidden-segments");
  const exercise = nb(page).locator('[data-exercise="segment-metrics"]');
  const checks = ["one-row-per-segment", "metrics-match", "failing-segments"];
  for (const name of checks) await expect(check(page, name, "segment-metrics")).toHaveAttribute("data-status", "not-attempted");
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

test("churn-ltv drill: opens with the colleague's model scored, and the leaky-columns answer turns its check green", async ({page}) => {
  test.setTimeout(120_000);
  await openNotebook(page, "./?notebook=churn-ltv");
  // The colleague's model trains on open (in a worker) and its card shows the random-split AUC.
  await expect(cell(page, "colleague-model")).toHaveAttribute("data-status", "ok");
  await expect(output(page, "colleague-model")).toContainText("model AUC (random split)");
  await expect(output(page, "colleague-model")).toContainText(/0\.9\d\d/);
  for (const name of ["all-leaks"]) await expect(check(page, name, "leaky-columns")).toHaveAttribute("data-status", "not-attempted");
  await expect(check(page, "windows", "one-snapshot")).toHaveAttribute("data-status", "not-attempted");

  const exercise = nb(page).locator('[data-exercise="leaky-columns"]');
  await exercise.scrollIntoViewIfNeeded();
  await exercise.locator(".show-solution").click();
  await exercise.locator(".confirm-yes").click();
  await settleAfter(page, () => exercise.locator(".use-solution").click());
  await expect(check(page, "all-leaks", "leaky-columns")).toHaveAttribute("data-status", "passed");
});
