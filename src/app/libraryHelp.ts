// The library at the cursor: autocomplete for the teaching library's exports, their options (inside `{...}` of a
// call) and a model's methods (`model.` where the cell made `model = new KMeans(...)`), and documentation on hover
// (signature, one-line description, a link to the library's reference). All of it comes from the build's
// `virtual:drillbook/library-docs` (src/build/libraryDocs.ts: the library's own types and doc comments), loaded
// with the first request, so opening a notebook costs nothing more.
import {autocompletion, type Completion, type CompletionContext, type CompletionResult} from "@codemirror/autocomplete";
import {syntaxTree} from "@codemirror/language";
import type {EditorState, Extension} from "@codemirror/state";
import {hoverTooltip, tooltips, type Tooltip} from "@codemirror/view";
import type {LibraryEntry, LibraryOption} from "../build/libraryDocs.js";
import {h} from "./dom.js";

const LIBRARY_PAGE = "library.html";

let loaded: Promise<Map<string, LibraryEntry>> | undefined;
/** The reference once loaded: completion then answers synchronously, so a fast typist never meets a stale list. */
let ready: Map<string, LibraryEntry> | undefined;
export function libraryDocs(): Promise<Map<string, LibraryEntry>> {
  loaded ??= import("virtual:drillbook/library-docs").then(
    (m) => (ready = new Map((m.default as LibraryEntry[]).map((e) => [e.name, e]))),
    () => (ready = new Map()) // no reference (a build without it): the editor works as before
  );
  return loaded;
}

export function libraryHelp(): Extension {
  return [
    // In the body: a cell's rounded box clips what overflows it, and a tooltip above the first line would be cut.
    tooltips({parent: document.body}),
    autocompletion({override: [complete], icons: false}),
    hoverTooltip(hover, {hoverTime: 350})
  ];
}

const WORD = /[A-Za-z_$][\w$]*/;

function complete(context: CompletionContext): CompletionResult | null | Promise<CompletionResult | null> {
  if (!ready) return libraryDocs().then(() => complete(context));
  const docs = ready;
  const word = context.matchBefore(/[A-Za-z_$][\w$]*/) ?? {from: context.pos, to: context.pos, text: ""};
  if (!word.text && !context.explicit) return null;
  const where = place(context.state, word.from);
  let options: Completion[] = [];
  if (where.kind === "option") options = where.entry.options.map((o) => optionCompletion(o, where.entry));
  else if (where.kind === "member") options = where.entry.members.map((m) => optionCompletion(m, where.entry, "method"));
  else if (where.kind === "name") options = [...docs.values()].map(entryCompletion);
  return options.length ? {from: word.from, options, validFor: /^[\w$]*$/} : null;

  function place(state: EditorState, from: number): {kind: "option" | "member"; entry: LibraryEntry} | {kind: "name" | "none"} {
    const before = state.sliceDoc(Math.max(0, from - 1), from);
    if (before === ".") {
      const entry = classOfObject(state, from - 1, docs);
      return entry ? {kind: "member", entry} : {kind: "none"};
    }
    const call = optionsCall(state, from, docs);
    if (call) return {kind: "option", entry: call};
    return {kind: "name"};
  }
}

function entryCompletion(e: LibraryEntry): Completion {
  return {label: e.name, type: e.kind === "class" ? "class" : e.kind === "function" ? "function" : "constant", detail: "drillbook", info: () => docNode(e)};
}

function optionCompletion(o: LibraryOption, owner: LibraryEntry, type = "property"): Completion {
  return {label: o.name, type: o.type.includes("(") && type === "method" ? "method" : "property", detail: o.type.length > 40 ? "" : o.type, info: () => optionNode(o, owner)};
}

async function hover(view: {state: EditorState}, pos: number, side: -1 | 1): Promise<Tooltip | null> {
  const {state} = view;
  const line = state.doc.lineAt(pos);
  let start = pos - line.from;
  let end = start;
  while (start > 0 && /[\w$]/.test(line.text[start - 1]!)) start--;
  while (end < line.text.length && /[\w$]/.test(line.text[end]!)) end++;
  if (start === end || (start === pos - line.from && side < 0) || (end === pos - line.from && side > 0)) return null;
  const name = line.text.slice(start, end);
  if (!WORD.test(name)) return null;
  const from = line.from + start;
  const docs = await libraryDocs();
  let dom: HTMLElement | undefined;
  if (state.sliceDoc(from - 1, from) === ".") {
    const owner = classOfObject(state, from - 1, docs);
    const member = owner?.members.find((m) => m.name === name);
    if (owner && member) dom = optionNode(member, owner);
  } else {
    const call = optionsCall(state, from, docs);
    const option = call?.options.find((o) => o.name === name);
    if (call && option) dom = optionNode(option, call);
    else if (docs.has(name)) dom = docNode(docs.get(name)!);
  }
  return dom ? {pos: from, end: line.from + end, above: true, create: () => ({dom: dom!})} : null;
}

/**
 * The library function or class whose options object holds `pos` at a property name: `new KMeans({nC|` or
 * `trainTestSplit(X, y, {test|`. Read off the syntax tree, so nesting and other arguments do not confuse it.
 */
function optionsCall(state: EditorState, pos: number, docs: Map<string, LibraryEntry>): LibraryEntry | undefined {
  const text = state.sliceDoc(Math.max(0, pos - 200), pos);
  if (!/[{,]\s*$/.test(text)) return undefined; // a property name follows `{` or `,`, not a value
  let node: ReturnType<ReturnType<typeof syntaxTree>["resolveInner"]> | null = syntaxTree(state).resolveInner(pos, -1);
  while (node && node.name !== "ObjectExpression") node = node.parent;
  const args = node?.parent;
  const call = args?.name === "ArgList" ? args.parent : null;
  if (!call || (call.name !== "CallExpression" && call.name !== "NewExpression")) return undefined;
  const callee = call.name === "NewExpression" ? call.getChild("VariableName") ?? call.firstChild?.nextSibling : call.firstChild;
  if (!callee) return undefined;
  const name = state.sliceDoc(callee.from, callee.to).split(".").pop()!;
  const entry = docs.get(name);
  return entry?.options.length ? entry : undefined;
}

/** The class of `x` in `x.` when the cell made it with `x = new Name(...)` (or `.fit(...)` on one). */
function classOfObject(state: EditorState, dot: number, docs: Map<string, LibraryEntry>): LibraryEntry | undefined {
  const before = state.sliceDoc(Math.max(0, dot - 80), dot);
  const object = /([A-Za-z_$][\w$]*)\s*$/.exec(before)?.[1];
  if (!object) return undefined;
  const made = new RegExp(`\\b${object.replace(/\$/g, "\\$")}\\s*=\\s*(?:await\\s+)?new\\s+([A-Za-z_$][\\w$]*)`).exec(state.doc.toString());
  const entry = made ? docs.get(made[1]!) : docs.get(object); // a class's static side is rare: the made object is what matters
  return entry?.kind === "class" ? entry : undefined;
}

function docNode(e: LibraryEntry): HTMLElement {
  const options = e.options.length ? h("p", {class: "library-doc-options"}, "Options: ", ...e.options.flatMap((o, i) => [i ? ", " : "", h("code", {}, o.name)])) : "";
  return h("div", {class: "library-doc"},
    h("code", {class: "library-doc-signature"}, e.signature),
    e.summary ? h("p", {}, e.summary) : "",
    options,
    referenceLink(e.name));
}

function optionNode(o: LibraryOption, owner: LibraryEntry): HTMLElement {
  return h("div", {class: "library-doc"},
    h("code", {class: "library-doc-signature"}, o.type.includes("(") ? o.type : `${o.name}: ${o.type}`),
    o.summary ? h("p", {}, o.summary) : "",
    h("p", {class: "library-doc-owner"}, "of ", h("code", {}, owner.name)),
    referenceLink(owner.name));
}

function referenceLink(name: string): HTMLElement {
  return h("a", {href: `${LIBRARY_PAGE}#${name}`, target: "_blank", rel: "noopener"}, "Library reference →");
}
