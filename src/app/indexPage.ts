// The drill index: every notebook with the student's progress on it.
import type {NotebookSummary} from "../build/notebookPlugin.js";
import {h} from "./dom.js";
import {loadWork} from "./storage.js";
import {themeToggle} from "./theme.js";

export async function renderIndexPage(root: HTMLElement, notebooks: NotebookSummary[]): Promise<void> {
  document.title = "Drillbook";
  const list = h("ul", {class: "notebook-list"});
  for (const nb of notebooks) {
    const work = nb.error ? undefined : await loadWork(nb.id);
    const passed = work?.progress.passed ?? 0;
    const total = work?.progress.total || nb.checks;
    const item = h("li", {class: "notebook-card", "data-notebook": nb.id},
      h("h2", {}, h("a", {href: `?notebook=${encodeURIComponent(nb.id)}`}, nb.title)),
      h("p", {}, nb.error ? `This notebook has an error: ${nb.error}` : nb.summary));
    if (!nb.error) {
      item.append(h("div", {class: "card-progress"},
        h("progress", {max: String(Math.max(total, 1)), value: String(passed), "aria-label": `${nb.title}: checks passed`}),
        h("span", {class: "progress-text"}, `${passed} / ${total} checks passed · ${nb.exercises} exercise${nb.exercises === 1 ? "" : "s"}`)));
    } else {
      item.classList.add("broken");
    }
    list.append(item);
  }
  root.replaceChildren(
    h("header", {class: "index-header"},
      h("div", {class: "index-title"}, h("h1", {}, "Drillbook"), themeToggle()),
      h("p", {}, "Reactive notebooks for learning applied machine learning by doing. Everything runs in your browser; your work is saved here as you type.")),
    h("main", {id: "main"}, list));
  document.body.dataset.state = "idle";
}
