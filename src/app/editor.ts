// The code editor of a cell: CodeMirror 6 with JavaScript highlighting. Shift-Enter runs the cell, Escape
// leaves the editor (focus goes to the cell's Run button, so keyboard users can Tab on: Tab itself indents).
import {closeBrackets, closeBracketsKeymap} from "@codemirror/autocomplete";
import {defaultKeymap, history, historyKeymap, indentWithTab, isolateHistory} from "@codemirror/commands";
import {javascript} from "@codemirror/lang-javascript";
import {bracketMatching, indentOnInput, syntaxHighlighting} from "@codemirror/language";
import {classHighlighter} from "@lezer/highlight"; // (@codemirror/language's own dependency)
import {EditorState} from "@codemirror/state";
import {EditorView, drawSelection, highlightActiveLine, keymap, lineNumbers} from "@codemirror/view";
import {libraryHelp} from "./libraryHelp.js";

export interface EditorOptions {
  doc: string;
  label: string;
  readOnly?: boolean;
  onRun?: () => void;
  onChange?: (doc: string) => void;
  onEscape?: () => void;
}

export interface CellEditor {
  view: EditorView;
  getCode(): string;
  /** Replace the code as one undoable change (Reset and "use solution" can be undone with Ctrl-Z). */
  setCode(code: string): void;
  /** Mark a line (1-based) as the one an error points at; 0 clears. */
  markLine(line: number): void;
}

export function createEditor(parent: HTMLElement, options: EditorOptions): CellEditor {
  const runKeys = keymap.of([
    {key: "Shift-Enter", run: () => (options.onRun?.(), true)},
    {key: "Mod-Enter", run: () => (options.onRun?.(), true)},
    {key: "Escape", run: (v) => (v.contentDOM.blur(), options.onEscape?.(), true)}
  ]);
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: options.doc,
      extensions: [
        runKeys,
        lineNumbers(),
        history(),
        drawSelection(),
        indentOnInput(),
        bracketMatching(),
        closeBrackets(),
        highlightActiveLine(),
        // tok-* classes, coloured by styles.css in the light and the dark theme (defaultHighlightStyle's fixed
        // colours are for a white page: its purple keywords measured 2.2:1 on the dark one).
        syntaxHighlighting(classHighlighter),
        javascript(),
        libraryHelp(),
        keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, indentWithTab]),
        EditorState.readOnly.of(Boolean(options.readOnly)),
        EditorView.editable.of(!options.readOnly),
        // tabindex: the same one stop as before (it is contenteditable), declared, so tools see that the editor's
        // scroller (long lines scroll sideways) holds something a keyboard can reach.
        EditorView.contentAttributes.of({"aria-label": options.label, tabindex: "0"}),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) options.onChange?.(u.state.doc.toString());
        })
      ]
    })
  });
  let marked = 0;
  return {
    view,
    getCode: () => view.state.doc.toString(),
    setCode(code) {
      // Its own undo step: without isolateHistory, a replacement within 500 ms of typing joins the typing's step,
      // and Ctrl-Z after Reset skipped past the student's code.
      view.dispatch({changes: {from: 0, to: view.state.doc.length, insert: code}, annotations: isolateHistory.of("full")});
    },
    markLine(line) {
      if (marked) view.dom.querySelectorAll(".cm-error-line").forEach((el) => el.classList.remove("cm-error-line"));
      marked = line;
      if (!line || line > view.state.doc.lines) return;
      // Plain DOM marking is enough for one highlighted line and avoids a decoration extension per cell.
      requestAnimationFrame(() => {
        const pos = view.state.doc.line(line).from;
        const {node} = view.domAtPos(pos);
        const el = node instanceof HTMLElement ? node.closest(".cm-line") : node.parentElement?.closest(".cm-line");
        el?.classList.add("cm-error-line");
      });
    }
  };
}
