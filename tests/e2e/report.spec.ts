// report.html as an instructor opens it: from disk, in Chromium, with every network request refused and
// recorded. A class of welcome submissions (right, wrong in the ways the notebook lists, hard-coded, empty, broken,
// and one whose student id and error are markup) is graded by the CLI; the report must load with no request, no
// console error and no script run, show the charts and tables, and is screenshot to look at.
import {spawnSync} from "node:child_process";
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from "node:fs";
import os from "node:os";
import path from "node:path";
import {pathToFileURL} from "node:url";
import {expect, test} from "@playwright/test";

const root = path.resolve(import.meta.dirname, "../..");
const work = mkdtempSync(path.join(os.tmpdir(), "drillbook-report-"));
const EVIL = `<img src="http://127.0.0.9/x" onerror="alert(1)">`;
const SQUARES = "let sumOfSquares = 0;\nfor (let i = 1; i <= n; i++) sumOfSquares += i * i;";
const cells: Record<string, string> = {
  ana: SQUARES,
  ben: "let sumOfSquares = 0;\nfor (let i = 1; i <= n; i++) sumOfSquares += i;",
  bo: "let sumOfSquares = 0;\nfor (let i = 1; i <= n; i++) sumOfSquares += i;",
  cy: "let sumOfSquares = 0;\nfor (let i = 1; i < n; i++) sumOfSquares += i * i;",
  dee: "const sumOfSquares = 385;",
  fay: SQUARES,
  [EVIL]: `throw new Error(${JSON.stringify(`<script>alert(2)</script>${EVIL}`)});`
};

test.beforeAll(async () => {
  test.setTimeout(180_000);
  const subs = path.join(work, "submissions");
  mkdirSync(subs, {recursive: true});
  Object.entries(cells).forEach(([student, code], i) => {
    const submission = {notebook: "welcome", version: 1, savedAt: "2026-03-01T10:00:00.000Z", student, cells: {"sum-of-squares": code}};
    writeFileSync(path.join(subs, `student-${i}.json`), JSON.stringify(submission));
  });
  writeFileSync(path.join(subs, "eve.json"), JSON.stringify({notebook: "welcome", version: 1, savedAt: "2026-03-01T10:00:00.000Z", student: "eve", cells: {}}));
  writeFileSync(path.join(subs, "broken.json"), '{"notebook":');
  const r = spawnSync(process.execPath, [path.join(root, "bin/drillbook.js"), "grade", subs, "--notebooks", path.join(root, "notebooks"), "--out", path.join(work, "out"), "--jobs", "2"], {encoding: "utf8", timeout: 170_000});
  expect(r.status, r.stderr).toBe(1); // broken.json was not graded
});

test.afterAll(() => rmSync(work, {recursive: true, force: true}));

test("report.html opens offline with no request, no console error and no script, and shows the class", async ({page}) => {
  const requests: string[] = [];
  const problems: string[] = [];
  await page.context().route(/^(?!file:)/, (route) => {
    requests.push(route.request().url());
    return route.abort();
  });
  page.on("request", (request) => {
    if (!request.url().startsWith("file:")) requests.push(request.url());
  });
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(error.message));
  page.on("dialog", (dialog) => {
    problems.push(`a dialog opened: ${dialog.message()}`);
    void dialog.dismiss();
  });

  await page.goto(pathToFileURL(path.join(work, "out", "report.html")).href);
  await expect(page.getByRole("heading", {name: "Grading report"})).toBeVisible();
  await expect(page.getByRole("heading", {name: /Welcome to Drillbook/})).toBeVisible();
  await expect(page.locator("figure svg")).toHaveCount(2);
  await expect(page.locator("table.checks tbody tr")).toHaveCount(3);
  // ben and bo made the same mistake with the same numbers: one group of 2.
  await expect(page.locator("table.failures tr", {hasText: "you added i, not i * i"}).first().locator("td").first()).toHaveText("2");
  await expect(page.getByText(EVIL).first()).toBeVisible();
  await expect(page.locator("img, script")).toHaveCount(0);
  await expect(page.getByRole("heading", {name: /Failed submissions/})).toBeVisible();
  await expect(page.locator("section", {hasText: "Failed submissions"}).getByText("broken.json")).toBeVisible();
  await page.screenshot({path: "test-results/report.png", fullPage: true});
  expect(requests).toEqual([]);
  expect(problems).toEqual([]);
});
