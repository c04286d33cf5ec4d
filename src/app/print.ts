// Printing (print.css says how a notebook prints: no controls, every line of code, light colours, no cell split
// across pages). In the runtime frame, the browser's own Print prints the page around the frame, which holds one
// screen of it: so the frame prints itself, from its toolbar's Print and from Ctrl+P (or ⌘P) pressed in it, and
// the page around it, if printed anyway, says how (isolation/shell.css).
import {h} from "./dom.js";

let prepare: () => Promise<void> = () => Promise.resolve();

/**
 * What to finish before printing: the notebook page runs the cells held until scrolled to, so their plots are on
 * paper. The browser's own Print does not wait: it starts them, for the next print.
 */
export function beforePrinting(f: () => Promise<void>): void {
  prepare = f;
  window.addEventListener("beforeprint", () => void f().catch(() => {}));
}

export async function printNotebook(): Promise<void> {
  await prepare().catch(() => {});
  window.print();
}

export function printButton(): HTMLButtonElement {
  const button = h("button", {type: "button", class: "print", title: "Print this notebook, or save it as a PDF (Ctrl+P)"}, "Print");
  button.addEventListener("click", () => void printNotebook());
  return button;
}

/** Ctrl+P (⌘P) pressed in this document prints this document (in the runtime frame: the notebook, not the page). */
export function printThisDocumentOnCtrlP(): void {
  window.addEventListener("keydown", (e: KeyboardEvent) => {
    if (e.key.toLowerCase() !== "p" || !(e.ctrlKey || e.metaKey) || e.shiftKey || e.altKey) return;
    e.preventDefault();
    void printNotebook();
  }, {capture: true});
}
