// A malformed notebook, as an instructor meets it in `npm start` (the dev server): the index marks it and its page
// shows the error with file, line and fix, never half a page. (The build refuses it outright: see
// tests/unit/build/notebookPlugin.test.ts.) This test runs its own Vite dev server on a temporary notebooks folder.
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import os from "node:os";
import path from "node:path";
import {expect, test} from "@playwright/test";
import type {ViteDevServer} from "vite";
import {startDevServer} from "./devServer.js";
import {waitIdle, nb} from "./helpers.js";

const BROKEN = `---
id: broken
title: Broken
summary: An exercise that is never closed.
version: 1
---

Some prose.
::: exercise id=ex points=1 title="Ex"

\`\`\`js starter
const x = todo();
\`\`\`
`;

let server: ViteDevServer;
let dir: string;
let base: string;

test.beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "drillbook-malformed-"));
  writeFileSync(path.join(dir, "welcome.md"), readFileSync(path.resolve("notebooks/welcome.md"), "utf8"));
  writeFileSync(path.join(dir, "broken.md"), BROKEN);
  // Its own dependency cache, so it never races a developer's `npm start` over node_modules/.vite.
  ({server, base} = await startDevServer(path.resolve("."), path.join(os.tmpdir(), "drillbook-e2e-vite-cache"), {dir}, {hmr: false}));
});

test.afterAll(async () => {
  await server?.close();
  rmSync(dir, {recursive: true, force: true});
});

test("a malformed notebook shows its error with file and line; the others still work", async ({page}) => {
  test.setTimeout(120_000); // the dev server transforms the page's modules on first load
  await page.goto(base);
  await waitIdle(page);
  const card = nb(page).locator('[data-notebook="broken"]');
  await expect(card).toHaveClass(/broken/);
  await expect(card).toContainText("This notebook has an error:");
  await expect(card).toContainText(/broken\.md:9: .*exercise.*/);
  await expect(nb(page).locator('[data-notebook="welcome"] .progress-text')).toHaveText("0 / 2 checks passed · 1 exercise");

  await page.goto(`${base}?notebook=broken`);
  await waitIdle(page);
  const error = nb(page).locator(".error-page[role=alert]");
  await expect(error.locator("h1")).toHaveText("This notebook could not be read.");
  await expect(error.locator("pre")).toHaveText(/broken\.md:9: .+\. .+/); // problem, then what to do
  await expect(nb(page).locator("[data-cell]")).toHaveCount(0); // nothing half-rendered

  await page.goto(`${base}?notebook=welcome`);
  await waitIdle(page);
  await expect(nb(page).locator('[data-cell="greeting"]')).toHaveAttribute("data-status", "ok");
});
