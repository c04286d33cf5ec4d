// Offline use: the site's files kept by a service worker (made at build time by Workbox: src/build/offlinePlugin.ts),
// so that after one visit the index and every drill open and run with no network.
//
// The page the student opened keeps the copy, on its own origin: it registers the worker at a quiet moment after
// the app has settled (whenQuiet; the runtime frame says when: isolation/shell.ts), since the first install
// downloads the whole site. The runtime frame keeps none: a browser may refuse a worker to a frame from another site (Chromium
// here does, "The user denied permission to use Service Worker", as it refuses it IndexedDB: storage.ts). So
// offline the page runs the app itself, from its copy (boot.ts), without the frame's isolation: loop guards, Stop
// and safe mode still hold, but a loop inside eval can freeze the tab, as on a host with no second origin.
//
// A new build: the browser finds a changed sw.js when the page is opened online; the new worker installs the files
// that changed, takes over at once and drops the old ones. A document still running the old build could then not
// load the rest of its code, so it reloads, and the next one says so. The student's work is kept apart from the
// files (storage.ts) and meets the new version of a drill as after any reload: cells the instructor changed since
// the student edited them ask "keep mine or take the new version" (notebookPage.ts).
import {h} from "./dom.js";

const WORKER = "sw.js";
/** Set just before a reload onto a new build; read once by the next document of the tab. */
const UPDATED_KEY = "drillbook:updated";

/** The dev server has no worker (Vite serves modules there, not files); tests in Node have no navigator. */
const available = (): boolean => import.meta.env.PROD && typeof navigator !== "undefined" && "serviceWorker" in navigator;

const whenIdle = (f: () => void) => (typeof requestIdleCallback === "function" ? requestIdleCallback(() => f(), {timeout: 2000}) : setTimeout(f, 50));

/** Registers the worker for this document's origin (again: which also asks the server for a newer one). */
export function keepForOffline(): void {
  if (!available() || navigator.onLine === false) return;
  // A browser may refuse a worker (private mode, a frame from another site with storage blocked): the site still
  // works online, as before.
  navigator.serviceWorker.register(WORKER).catch(() => {});
}

/**
 * The first install downloads the whole site: about 3 MB, 3 to 4 s of background work on the 2-core machine of the
 * README's figures, where reloads made meanwhile reached idle about 30 % later, and Shift-Enter to a green check took
 * a quarter longer (bench, interleaved). So it waits for a quiet moment: 5 s after the app first settled (past what
 * loads then: editors, the code runner, the notebook's other modules), with nothing running and no key, click or
 * scroll for 2 s. A student reading loses nothing by it; one typing and running code is not slowed.
 */
const FIRST_QUIET_AFTER_MS = 5000;
const QUIET_MS = 2000;

/** Calls `f` (once) at the first quiet moment of this document, as above. Call it early: it watches input from then on. */
export function whenQuiet(f: () => void): void {
  let lastInput = 0;
  const inputs = ["keydown", "pointerdown", "wheel", "input"] as const;
  const heard = () => (lastInput = performance.now());
  for (const type of inputs) window.addEventListener(type, heard, {capture: true, passive: true});
  const check = () => {
    const since = performance.now() - lastInput;
    if (document.body.dataset.state !== "idle" || since < QUIET_MS) return void setTimeout(check, Math.max(250, QUIET_MS - since));
    for (const type of inputs) window.removeEventListener(type, heard, {capture: true});
    whenIdle(f);
  };
  whenSettled(() => setTimeout(check, FIRST_QUIET_AFTER_MS));
}

/** Calls `f` once body[data-state] first reads "idle" (the app's page has rendered and run). */
function whenSettled(f: () => void): void {
  if (document.body.dataset.state === "idle") return f();
  const observer = new MutationObserver(() => {
    if (document.body.dataset.state !== "idle") return;
    observer.disconnect();
    f();
  });
  observer.observe(document.body, {attributes: true, attributeFilter: ["data-state"]});
}

/**
 * Calls `reload` when a new build's worker takes over this document. Call it first thing: the new worker may take
 * over before the page settles. A document no worker controlled at its start is a first visit: the first worker
 * taking over changes none of its files, so it goes on.
 */
export function onNewBuild(reload: () => void): void {
  if (!available() || !navigator.serviceWorker.controller) return;
  navigator.serviceWorker.addEventListener("controllerchange", () => reload(), {once: true});
}

let reloading = false;

/** Reloads the tab onto the new build; its next document says so (takeUpdated). */
export function reloadForNewBuild(): void {
  if (reloading) return;
  reloading = true;
  try {
    sessionStorage.setItem(UPDATED_KEY, "1");
  } catch {
    // storage refused: the reload still happens, without the note
  }
  location.reload();
}

/** Whether this tab was just reloaded onto a new build (read once). */
export function takeUpdated(): boolean {
  try {
    const updated = sessionStorage.getItem(UPDATED_KEY) === "1";
    sessionStorage.removeItem(UPDATED_KEY);
    return updated;
  } catch {
    return false;
  }
}

/** The note after such a reload, under the toolbar (or the index's header), until dismissed. */
export function showUpdatedNote(root: HTMLElement): void {
  const close = h("button", {type: "button", class: "close", "aria-label": "Dismiss"}, "×");
  const note = h("div", {class: "update-note", role: "status"},
    h("span", {}, "A new version of Drillbook was available, so this page reloaded with it. Your work is kept."), close);
  close.addEventListener("click", () => note.remove());
  const anchor = root.querySelector(".toolbar, .index-header");
  if (anchor) anchor.after(note);
  else root.prepend(note);
}
