// The app: the index, or a notebook when the URL says ?notebook=<id>. boot.ts decides where it runs (in the page,
// or in the runtime frame the page watches).
import "katex/dist/katex.min.css";
// Observable Inputs' own styles (label beside the slider, number box, widths), as in Observable notebooks.
import "@observablehq/inputs/dist/index.css";
import "./styles.css";
import "./print.css";
import "./exported.css";
import {loaders, notebooks} from "virtual:drillbook/notebooks";
import type {Notebook} from "../notebook/types.js";
import {h} from "./dom.js";
import {renderIndexPage} from "./indexPage.js";
import {renderNotebookPage} from "./notebookPage.js";
import {loadWork} from "./storage.js";
import {ModuleTable} from "../runtime/modules.js";
import {loadTranspiler} from "../runtime/programCache.js";
import type {Recovery, RuntimeLink} from "./isolation/frameLink.js";
import {keepForOffline, showUpdatedNote, takeUpdated, whenQuiet} from "./offline.js";

export async function startApp(isolation: {link?: RuntimeLink; recovery?: Recovery; updated?: boolean} = {}): Promise<void> {
  const root = document.getElementById("app")!;
  document.body.dataset.state = "busy";
  if (!isolation.link) whenQuiet(keepForOffline); // (in the runtime frame, the page around it keeps the copy)
  // Just reloaded onto a new build (offline.ts): the page passed it to the frame; in the page, its reload left a flag.
  const updated = takeUpdated() || Boolean(isolation.updated);
  await renderApp(root, isolation);
  if (updated) showUpdatedNote(root);
}

async function renderApp(root: HTMLElement, isolation: {link?: RuntimeLink; recovery?: Recovery}): Promise<void> {
  const id = new URLSearchParams(location.search).get("notebook");
  if (!id) return renderIndexPage(root, notebooks);
  const load = loaders[id];
  if (!load) return showError(root, `There is no notebook "${id}".`, "Go back to the index and pick one.");
  // Start what does not need the notebook's cells at once, in parallel with loading them: the student's saved
  // work (IndexedDB) and the libraries the build found its cells use.
  const saved = loadWork(id);
  const modules = new ModuleTable();
  modules.prefetch(notebooks.find((n) => n.id === id)?.modules ?? []);
  const data = (await load()).default as Notebook | {error: string};
  if ("error" in data) return showError(root, "This notebook could not be read.", data.error);
  const page = await renderNotebookPage(root, data, {saved, modules, ...isolation});
  // Tests and benchmarks drive the session through this handle; session.setSource with new code needs the
  // transpiler, which the page loads once it has settled: await editable() first.
  (window as unknown as {drillbook: unknown}).drillbook = {page, session: page.session, editable: loadTranspiler};
}

function showError(root: HTMLElement, title: string, detail: string): void {
  root.replaceChildren(h("main", {class: "error-page", role: "alert"}, h("h1", {}, title), h("pre", {}, detail), h("a", {href: "./"}, "← All notebooks")));
  document.body.dataset.state = "idle";
}

