// The first script of index.html. In a tab, it becomes the shell around a runtime frame from another site
// (isolation/shell.ts, which opens frame.html there), so student code that never yields cannot freeze the tab;
// inside a frame (a link followed there), or where no second origin is known, it starts the app itself.
import {inRuntimeFrame, linkToShell} from "./isolation/frameLink.js";
import {runtimeOrigin} from "./isolation/runtimeOrigin.js";
import {RuntimeShell} from "./isolation/shell.js";
import {onNewBuild, reloadForNewBuild} from "./offline.js";
import {applyTheme, storedTheme} from "./theme.js"; // 2 KB: in this chunk, so the frame starts one fetch sooner

declare const __DRILLBOOK_RUNTIME_ORIGIN__: string;

function boot(): void {
  if (inRuntimeFrame()) {
    const isolation = linkToShell(); // first: the page hears from this frame before the app loads
    void import("./main.js").then((app) => app.startApp(isolation));
    return;
  }
  // (defined by vite.config.ts; a Vite server made without that config has none)
  const configured = typeof __DRILLBOOK_RUNTIME_ORIGIN__ === "string" ? __DRILLBOOK_RUNTIME_ORIGIN__ : "";
  const origin = runtimeOrigin(location, configured);
  // Offline, the app runs in the page, from the page's offline copy: the frame's origin cannot be reached, and a
  // browser may not let a frame from another site keep a copy of its own (offline.ts).
  if (origin && navigator.onLine !== false) return new RuntimeShell(origin).start();
  onNewBuild(reloadForNewBuild);
  applyTheme(storedTheme());
  void import("./main.js").then((app) => app.startApp());
}

boot();
