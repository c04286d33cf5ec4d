// A cell's code as highlighted text, shown until its CodeMirror editor is created. Creating an editor costs
// milliseconds per cell (measured: ~710 ms for the k-means drill's cells on an unminified build, most of its
// open time), so the page shows this first and builds editors when idle or when the reader reaches one.
import {classHighlighter, highlightCode} from "@lezer/highlight";
import {parser} from "@lezer/javascript";
import {h} from "./dom.js";

export function staticCode(code: string, label: string): HTMLElement {
  const pre = h("pre", {class: "cell-code-static", tabindex: "0", role: "textbox", "aria-readonly": "false", "aria-label": label});
  let line = h("span", {class: "static-line"});
  const lines = [line];
  highlightCode(
    code,
    parser.parse(code),
    classHighlighter,
    (text, classes) => line.append(classes ? h("span", {class: classes}, text) : text),
    () => lines.push((line = h("span", {class: "static-line"})))
  );
  pre.append(...lines.flatMap((l, i) => (i ? ["\n", l] : [l])));
  return pre;
}
