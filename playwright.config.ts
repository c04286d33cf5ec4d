import {existsSync} from "node:fs";
import {defineConfig} from "@playwright/test";
import {HEADLESS_CHROMIUM_ARGS} from "./src/grader/chromiumFeatures.js";

// Playwright cannot download its own browser here: use Debian's Chromium (.ci/run installs it when missing).
const systemChromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));
const port = Number(process.env.DRILLBOOK_E2E_PORT ?? 4173);

export default defineConfig({
  testDir: "tests/e2e",
  timeout: 60_000,
  expect: {timeout: 15_000},
  fullyParallel: true,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}/`,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? systemChromium,
      args: [...HEADLESS_CHROMIUM_ARGS]
    },
    trace: "off"
  },
  webServer: {
    // Serves the built static site (npm run test:e2e builds it first), as any static host would.
    command: `npx vite preview --port ${port} --strictPort --host 127.0.0.1`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000
  }
});
