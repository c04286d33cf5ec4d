// A cell's code as plain text with line numbers, shown until its CodeMirror editor is built. Building editors
// (and loading CodeMirror at all) is the largest cost of opening a notebook: measured on the welcome notebook,
// cold, compiling the entry chunk took ~280 ms with CodeMirror in it, and highlighting this text with lezer
// ~90 ms more. So the page shows this first, loads CodeMirror after the notebook settles, and builds editors
// when idle or as soon as the reader reaches one.
import {h} from "./dom.js";

export function staticCode(code: string, label: string): HTMLElement {
  const pre = h("pre", {class: "cell-code-static", tabindex: "0", role: "textbox", "aria-readonly": "false", "aria-label": label});
  setStaticCode(pre, code);
  return pre;
}

export function setStaticCode(pre: HTMLElement, code: string): void {
  const lines = code.split("\n").map((text) => h("span", {class: "static-line"}, text));
  pre.replaceChildren(...lines.flatMap((l, i) => (i ? ["\n", l] : [l])));
}
