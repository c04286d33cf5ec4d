// The toolbar's "Export HTML": asks for the name to put on the copy (kept with the work for next time), then saves the
// notebook as one self-contained HTML file (exportNotebook.ts). The work that takes time (its code, the cells still
// waiting to be scrolled to, KaTeX's fonts) starts when the form opens, so Save hands the file over at once, in the
// click's own task, as a frame from another site must.
import {h} from "./dom.js";
import {saveFile} from "./saveFile.js";

export interface ExportSource {
  title: string;
  id: string;
  version: number;
  main(): HTMLElement;
  code(cellId: string): string;
  checks(): {passed: number; total: number};
  /** Runs what has not run yet (display cells held until scrolled to), resolving once the notebook is idle. */
  runAll(): Promise<void>;
  student: {get(): string; set(name: string): void};
  /** Shows a message with controls in the page's banner. */
  ask(text: string, controls: HTMLElement[]): void;
  say(text: string, isError?: boolean): void;
}

export function exportButton(source: ExportSource): HTMLButtonElement {
  const button = h("button", {type: "button", class: "export-html", title: "Save this notebook, with your code, outputs and checks, as one HTML file to keep or print"}, "Export HTML");
  button.addEventListener("click", () => openForm(source));
  return button;
}

function openForm(source: ExportSource): void {
  const ready = prepare(source);
  ready.catch(() => {}); // reported when Save awaits it
  const name = h("input", {type: "text", id: "export-student", class: "export-student-name", autocomplete: "name", value: source.student.get()}) as HTMLInputElement;
  const label = h("label", {for: "export-student"}, "Your name on the copy:");
  const save = h("button", {type: "button", class: "save-export"}, "Save HTML");
  const go = () => void ready.then((make) => {
    source.student.set(name.value.trim());
    const file = make(name.value.trim());
    source.say(`Saved ${file}: your notebook as one HTML file, to keep, share or print. It opens in any browser, with no network.`);
  }, (e: Error) => source.say(`Could not export the notebook: ${e.message}`, true));
  save.addEventListener("click", go);
  name.addEventListener("keydown", (e) => e.key === "Enter" && go());
  source.ask("Export this notebook as one HTML file (your code, its outputs and plots, the checks).", [label, name, save]);
  name.focus();
}

/** Loads what the export needs and runs the whole notebook; resolves to the function that saves the file. */
async function prepare(source: ExportSource): Promise<(student: string) => string> {
  const [{exportHtml}, {mathFaces, pageCss}] = await Promise.all([import("./exportNotebook.js"), import("./exportStyles.js"), source.runAll()]);
  const css = await pageCss(mathFaces(source.main()));
  return (student) => {
    const html = exportHtml({title: source.title, id: source.id, version: source.version, main: source.main(), code: source.code, checks: source.checks(), student, date: new Date(), css});
    const file = `${source.id}${student ? `-${slug(student)}` : ""}.html`;
    saveFile(file, new Blob([html], {type: "text/html"}));
    return file;
  };
}

const slug = (text: string) => text.normalize("NFKD").replace(/[^\w\s-]/g, "").trim().replace(/\s+/g, "-").toLowerCase().slice(0, 40);
