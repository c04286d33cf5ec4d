// The one --disable-features switch (chromiumFeatures.ts) must keep Playwright's own list, which it replaces, and
// must keep the address bar's popups out of each new browser context.
import {createRequire} from "node:module";
import {readFileSync} from "node:fs";
import path from "node:path";
import {chromium} from "playwright-core";
import {describe, expect, it} from "vitest";
import {chromiumPath} from "../../../src/grader/browser.js";
import {BROWSER_UI_FEATURES, HEADLESS_CHROMIUM_ARGS, PLAYWRIGHT_DISABLED_FEATURES} from "../../../src/grader/chromiumFeatures.js";

/** The features Playwright disables, read from the playwright-core installed (its chromiumSwitches list). */
function playwrightsList(): string[] {
  const require = createRequire(import.meta.url);
  const dir = path.dirname(require.resolve("playwright-core/package.json"));
  const bundle = readFileSync(path.join(dir, "lib", "coreBundle.js"), "utf8");
  const list = /disabledFeatures = \[([\s\S]*?)\]\.filter\(Boolean\)/.exec(bundle);
  if (!list) throw new Error("playwright-core's list of disabled features was not found: read chromiumSwitches in its bundle and update chromiumFeatures.ts");
  return [...list[1].replace(/\/\/.*$/gm, "").matchAll(/"([A-Za-z0-9]+)"/g)].map((m) => m[1]);
}

describe("the headless Chromium switches", () => {
  it("repeat every feature Playwright disables, since Chromium keeps only the last --disable-features", () => {
    const theirs = playwrightsList();
    expect(theirs.length).toBeGreaterThan(5);
    expect([...PLAYWRIGHT_DISABLED_FEATURES].sort()).toEqual([...theirs].sort());
    expect(HEADLESS_CHROMIUM_ARGS.filter((a) => a.startsWith("--disable-features="))).toHaveLength(1);
  });

  it("leave a new browser context with its page and no address-bar popup", async () => {
    const executablePath = chromiumPath();
    if (!executablePath) throw new Error("no Chromium: install Debian's chromium (.ci/run does)");
    const uiTargets = async (args: string[]) => {
      const browser = await chromium.launch({executablePath, args});
      try {
        const cdp = await browser.newBrowserCDPSession();
        const context = await browser.newContext();
        await context.newPage();
        await new Promise((r) => setTimeout(r, 300));
        const {targetInfos} = (await cdp.send("Target.getTargets")) as {targetInfos: Array<{type: string; url: string}>};
        return targetInfos.filter((t) => t.url.startsWith("chrome://")).map((t) => t.url);
      } finally {
        await browser.close();
      }
    };
    expect(await uiTargets([...HEADLESS_CHROMIUM_ARGS])).toEqual([]);
    // Without the two features the popup is there (so the first assertion is not vacuous on this Chromium).
    const without = HEADLESS_CHROMIUM_ARGS.map((a) => (a.startsWith("--disable-features=") ? a.replace(BROWSER_UI_FEATURES.map((f) => `,${f}`).join(""), "") : a));
    expect((await uiTargets(without)).some((u) => u.includes("omnibox-popup"))).toBe(true);
  }, 60_000);
});
