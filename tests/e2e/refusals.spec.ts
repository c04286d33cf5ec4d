// A notebook the build refuses is refused by the dev server too, as Vite's error overlay over the page, naming
// file:line (tests/unit/build/refusals.test.ts covers every kind of error and every other command). The page here is
// a bare one in a temporary project, so the test does not wait for the app's modules to be transformed.
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from "node:fs";
import os from "node:os";
import path from "node:path";
import {expect, test} from "@playwright/test";
import type {ViteDevServer} from "vite";
import {startDevServer} from "./devServer.js";

// Line 9 opens a cell whose second line (10) has a syntax error at column 11.
const BROKEN = "---\nid: broken\ntitle: Broken\nsummary: A syntax error.\nversion: 1\n---\n\n```js id=a\nconst a = 1;\nconst b = ;\n```\n";
const FIRST_LINE = 'notebooks/broken.md:10:11: syntax error in cell "a" (notebooks/broken.md:9): Unexpected token';

let server: ViteDevServer;
let root: string;
let base: string;

test.beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), "drillbook-refusals-"));
  mkdirSync(path.join(root, "notebooks"));
  writeFileSync(path.join(root, "notebooks", "broken.md"), BROKEN);
  writeFileSync(path.join(root, "index.html"), "<!doctype html><title>dev</title><p>page</p>\n");
  ({server, base} = await startDevServer(root, path.join(root, ".vite")));
});

test.afterAll(async () => {
  await server?.close();
  rmSync(root, {recursive: true, force: true});
});

test("the dev server shows a broken notebook in Vite's error overlay, naming file:line", async ({page}) => {
  await page.goto(base);
  const overlay = page.locator("vite-error-overlay");
  await expect(overlay.locator(".message-body")).toContainText(FIRST_LINE);
  await expect(overlay.locator(".file")).toContainText("notebooks/broken.md:10:11");
});
