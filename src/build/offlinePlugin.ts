// The service worker that keeps the site for offline use: Workbox's generateSW, through vite-plugin-pwa, writes
// `sw.js` next to index.html at build time with every file of the site in its precache (the pages, every chunk
// including each notebook's, the workers, styles and fonts, library.html). The app registers it once a page has
// settled (src/app/offline.ts): the page and the runtime frame each register it on their own origin.
// Nothing in the dev server: Vite serves modules there, not files a worker could list.
import type {Plugin} from "vite";
import {VitePWA} from "vite-plugin-pwa";

export function offlinePlugin(): Plugin[] {
  return VitePWA({
    strategies: "generateSW",
    // Registered by the app, when it has settled (src/app/offline.ts), not by a script injected in the HTML: the
    // worker's first install downloads the whole site, which must not compete with a cold open.
    injectRegister: false,
    registerType: "autoUpdate",
    manifest: false,
    devOptions: {enabled: false},
    workbox: {
      // KaTeX's stylesheet lists its fonts as woff2 first, which every browser that runs the site reads: the woff and
      // ttf copies are never fetched (1.1 of the site's 4 MB), so they are not kept.
      globPatterns: ["**/*.{html,js,css,svg,woff2,wasm,json}"],
      globIgnores: ["**/*.{woff,ttf}", "bench-floor.*"],
      // ?notebook=welcome and the runtime frame's ?drillbook-theme=dark are the same index.html and frame.html.
      ignoreURLParametersMatching: [/.*/],
      // Every page the site has is in the precache: an address outside it is not a page of ours to stand in for.
      navigateFallback: null,
      // A new build takes over as soon as it is installed; the app reloads onto it (offline.ts), and the student's
      // work, kept apart from the files, meets the new version as any reload does (keep mine / take the new one).
      skipWaiting: true,
      clientsClaim: true,
      cleanupOutdatedCaches: true,
      // Workbox leaves out a file over 2 MiB with only a warning. The largest chunk is 0.45 MB today (CodeMirror); a
      // limit well above it keeps a growing chunk from quietly dropping out of offline use (tests/e2e/offline.spec.ts).
      maximumFileSizeToCacheInBytes: 8 * 1024 * 1024
    }
  });
}
