// Debian's Chromium 156 runs headless as the full browser: each new browser context gets a window, and each window
// preloads its address bar's popup (chrome://omnibox-popup.top-chrome/ and its AI-mode page, seen with
// Target.getTargets) in a renderer of its own, which kept one core busy for about 1.5 s after every newContext()
// (ps: 85 % at 0.3 s, 60 % at 1.5 s, 38 % at 3 s). On a 2-core machine that competed with every cold open the
// page bench timed, every Playwright test and every grading tab opened; a person's browser pays it once, at start.
// Turning the two popups off leaves only the page's own renderers.
//
// Chromium keeps only the last --disable-features it is given, and Playwright passes its own list first: that list
// (playwright-core 1.65.1, chromiumSwitches.ts) is repeated here, and a test checks it still holds Playwright's.
export const PLAYWRIGHT_DISABLED_FEATURES = [
  "AvoidUnnecessaryBeforeUnloadCheckSync",
  "DestroyProfileOnBrowserClose",
  "HttpsUpgrades",
  "HttpsFirstBalancedModeAutoEnable",
  "LensOverlay",
  "MediaRouter",
  "PaintHolding",
  "ThirdPartyStoragePartitioning",
  "AvoidCorsURLLoaderRestartOnRedirect",
  "TcpPortRandomizationWin",
  "OptimizationHints",
  "NetworkTimeServiceQuerying",
  "AimEnabled",
  "PreconnectToSearch",
  "msForceBrowserSignIn",
  "msEdgeUpdateLaunchServicesPreferredVersion"
] as const;

/** The address bar's popups, which headless use never opens. */
export const BROWSER_UI_FEATURES = ["WebUIOmniboxPopup", "WebUIOmniboxAimPopup"] as const;

/** One --disable-features switch: Playwright's list and the popups. */
export const DISABLE_FEATURES_ARG = `--disable-features=${[...PLAYWRIGHT_DISABLED_FEATURES, ...BROWSER_UI_FEATURES].join(",")}`;

/** The switches every headless Chromium here is launched with (the grader adds its own network rules). */
export const HEADLESS_CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  DISABLE_FEATURES_ARG
] as const;
