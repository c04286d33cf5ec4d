// Keep the drill: the notebook as the student left it, as one HTML file that opens anywhere on its own. It is a copy
// of the page's own DOM (prose, outputs, plots, check badges with their messages, hints shown), with each cell's code
// as highlighted text instead of an editor, canvases as PNG, inputs frozen at their values, the page's styles
// inlined (exportStyles.ts), and nothing that runs or fetches: no scripts, no event handlers, no addresses but
// data: URLs and plain links, under a Content-Security-Policy that would refuse them anyway.
import {javascriptLanguage} from "@codemirror/lang-javascript";
import {classHighlighter, highlightCode} from "@lezer/highlight";
import {h} from "./dom.js";
import {withoutUrls} from "./exportStyles.js";

export interface ExportedNotebook {
  title: string;
  id: string;
  version: number;
  /** The page's main.notebook, as it is now. */
  main: HTMLElement;
  /** A cell's code as it last ran (the code its outputs and checks come from). */
  code(cellId: string): string;
  checks: {passed: number; total: number};
  student: string;
  date: Date;
  /** The page's styles, ready to inline (exportStyles.ts pageCss). */
  css: string;
}

const POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:";
/** Elements that run, embed or fetch something, and the page's controls: none of them in a copy. */
const DROPPED = "script, noscript, template, iframe, frame, object, embed, link, meta, base, audio, video, source, track, button, input[type=file], input[type=image], .cell-toolbar, .exercise-actions, .confirm, .cell-progress, .hidden-cell, [hidden]";
/** Attributes that name an address to fetch (a link's href is kept: it is only followed when clicked). */
const FETCHING = ["src", "srcset", "poster", "data", "action", "formaction", "background", "ping", "lowsrc", "longdesc", "xlink:href"];

export function exportHtml(n: ExportedNotebook): string {
  const main = n.main.cloneNode(true) as HTMLElement;
  freezeCanvases(n.main, main);
  freezeFields(n.main, main);
  for (const cell of main.querySelectorAll<HTMLElement>("[data-cell]")) {
    const editor = cell.querySelector(".cell-editor");
    if (editor) editor.replaceChildren(highlighted(n.code(cell.dataset.cell!)));
  }
  for (const el of main.querySelectorAll(DROPPED)) el.remove();
  inert(main);
  const stamp = n.date.toLocaleString("en-GB", {dateStyle: "long", timeStyle: "short"});
  const header = h("header", {class: "export-header"},
    h("p", {class: "export-title"}, n.title),
    h("dl", {},
      h("dt", {}, "Student"), h("dd", {class: "export-student"}, n.student || "(no name given)"),
      h("dt", {}, "Exported"), h("dd", {}, h("time", {datetime: n.date.toISOString()}, stamp)),
      h("dt", {}, "Checks"), h("dd", {class: "export-progress"},
        h("progress", {max: String(Math.max(1, n.checks.total)), value: String(n.checks.passed), "aria-label": "Checks passed"}),
        ` ${n.checks.passed} / ${n.checks.total} checks passed`)),
    h("p", {class: "export-source"}, `Drillbook notebook "${n.id}", version ${n.version}: a copy of the page, to keep or print. Nothing in it runs.`));
  const title = `${n.title}${n.student ? ` · ${n.student}` : ""}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
${n.css.replace(/<\/style/gi, "<\\/style")}
</style>
</head>
<body class="exported">
${header.outerHTML}
${main.outerHTML}
</body>
</html>
`;
}

/** The code as static text, one .static-line a line (numbered by the page's CSS), coloured by @lezer/highlight's tok-* classes. */
export function highlighted(code: string): HTMLElement {
  const pre = h("pre", {class: "cell-code-static exported-code"});
  let line = h("span", {class: "static-line"});
  const lines = [line];
  highlightCode(code, javascriptLanguage.parser.parse(code), classHighlighter,
    (text, classes) => line.append(classes ? h("span", {class: classes}, text) : text),
    () => lines.push((line = h("span", {class: "static-line"}))));
  pre.append(...lines.flatMap((l, i) => (i ? ["\n", l] : [l])));
  return pre;
}

/** A canvas's drawing as a PNG image (the copy has no script to draw it again). */
function freezeCanvases(live: HTMLElement, copy: HTMLElement): void {
  const originals = [...live.querySelectorAll("canvas")];
  [...copy.querySelectorAll("canvas")].forEach((canvas, i) => {
    const original = originals[i]!;
    let image: HTMLElement;
    try {
      image = h("img", {src: original.toDataURL("image/png"), width: String(original.width), height: String(original.height), alt: original.getAttribute("aria-label") ?? "a drawing"});
    } catch {
      image = h("span", {}, "(a drawing that could not be copied)"); // a canvas tainted by another origin's image
    }
    for (const name of ["class", "style"]) if (original.hasAttribute(name)) image.setAttribute(name, original.getAttribute(name)!);
    canvas.replaceWith(image);
  });
}

/** Inputs show the values the student gave them (a clone keeps only the attributes), disabled: nothing reacts. */
function freezeFields(live: HTMLElement, copy: HTMLElement): void {
  const originals = [...live.querySelectorAll("input, select, textarea")];
  [...copy.querySelectorAll("input, select, textarea")].forEach((field, i) => {
    const original = originals[i];
    if (original instanceof HTMLInputElement && field instanceof HTMLInputElement) {
      if (original.type === "checkbox" || original.type === "radio") field.toggleAttribute("checked", original.checked);
      else field.setAttribute("value", original.value);
    } else if (original instanceof HTMLSelectElement && field instanceof HTMLSelectElement) {
      [...field.options].forEach((option, k) => option.toggleAttribute("selected", original.options[k]?.selected ?? false));
    } else if (original instanceof HTMLTextAreaElement) {
      field.textContent = original.value;
    }
    field.setAttribute("disabled", "");
  });
}

/** No handlers, no fetching attributes, nothing focusable or live: a document to read. */
function inert(root: HTMLElement): void {
  for (const el of [root, ...root.querySelectorAll("*")]) {
    for (const {name} of [...el.attributes]) {
      const lower = name.toLowerCase();
      if (lower.startsWith("on") || FETCHING.includes(lower) || ["tabindex", "contenteditable", "aria-live"].includes(lower)) {
        // an image keeps a data: source (a canvas's drawing); any other address goes
        if (!(lower === "src" && el.getAttribute(name)!.startsWith("data:"))) el.removeAttribute(name);
      }
    }
    if (el.getAttribute("role") === "textbox") el.removeAttribute("role");
    if (el.hasAttribute("style")) el.setAttribute("style", withoutUrls(el.getAttribute("style")!));
    if (el instanceof HTMLStyleElement || el instanceof SVGStyleElement) el.textContent = withoutUrls(el.textContent ?? "").replace(/@import[^;]*;/g, "");
    if (el instanceof HTMLImageElement && !el.hasAttribute("src")) el.replaceWith(h("span", {}, el.alt));
    if (el instanceof HTMLAnchorElement && el.hasAttribute("href")) el.setAttribute("href", el.href); // a link from the file goes to the site
    // (an SVG's own references, href="#clip", stay: they point inside the file)
    if (el instanceof SVGElement && el.hasAttribute("href") && !el.getAttribute("href")!.startsWith("#")) el.removeAttribute("href");
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})[c]!);
}
