// The code editor of a cell: CodeMirror 6 with JavaScript highlighting. Shift-Enter runs the cell; Tab indents, so
// Escape then Tab (or Shift-Tab) leaves the editor, as in CodeMirror's own tab focus mode.
import {closeBrackets, closeBracketsKeymap, closeCompletion, completionStatus} from "@codemirror/autocomplete";
import {defaultKeymap, history, historyKeymap, indentWithTab, isolateHistory} from "@codemirror/commands";
import {javascript} from "@codemirror/lang-javascript";
import {bracketMatching, indentOnInput, syntaxHighlighting} from "@codemirror/language";
import {classHighlighter} from "@lezer/highlight";
import {EditorState, Prec, StateEffect, StateField} from "@codemirror/state";
import {Decoration, EditorView, drawSelection, highlightActiveLine, keymap, lineNumbers, type DecorationSet} from "@codemirror/view";
import {libraryHelp} from "./libraryHelp.js";

export interface EditorOptions {
  doc: string;
  label: string;
  readOnly?: boolean;
  onRun?: () => void;
  onChange?: (doc: string) => void;
}

export interface CellEditor {
  view: EditorView;
  getCode(): string;
  /** Replace the code as one undoable change (Reset and "use solution" can be undone with Ctrl-Z). */
  setCode(code: string): void;
  /** Mark a line (1-based) as the one an error points at; 0 clears. */
  markLine(line: number): void;
}

// The line an error points at, as a line decoration: CodeMirror redraws lines (a completion closing, a tooltip), and
// a class set on the line's element by hand was lost with it (the syntax-error test saw no marked line).
const setErrorLine = StateEffect.define<number>();
const errorLine = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(marks, tr) {
    for (const e of tr.effects) {
      if (!e.is(setErrorLine)) continue;
      const n = e.value;
      return n && n <= tr.state.doc.lines ? Decoration.set([Decoration.line({class: "cm-error-line"}).range(tr.state.doc.line(n).from)]) : Decoration.none;
    }
    return marks.map(tr.changes);
  },
  provide: (field) => EditorView.decorations.from(field)
});

function disarmTabLeaving(view: EditorView): void {
  if (!("tabLeaves" in view.dom.dataset)) return;
  view.setTabFocusMode(false);
  delete view.dom.dataset.tabLeaves;
}

export function createEditor(parent: HTMLElement, options: EditorOptions): CellEditor {
  const runKeys = keymap.of([
    {key: "Shift-Enter", run: () => (options.onRun?.(), true)},
    {key: "Mod-Enter", run: () => (options.onRun?.(), true)},
    {
      key: "Escape",
      run: (v) => {
        // An open completion list closes first (the library's own Escape); a query still waiting to run (the
        // 100 ms after a keystroke) must not swallow the key.
        if (completionStatus(v.state) === "active") return false;
        closeCompletion(v);
        // Then the next Tab or Shift-Tab leaves the editor, forwards or backwards (CodeMirror's tab focus mode,
        // armed until another key is pressed, not its default 2 s: a screen reader's user may take longer).
        // Moving focus to the Run button instead made a trap going backwards: Shift-Tab from Run came back here.
        v.setTabFocusMode(true);
        v.dom.dataset.tabLeaves = "";
        return true;
      }
    }
  ]);
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: options.doc,
      extensions: [
        Prec.highest(runKeys),
        errorLine,
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
        // Before the keymaps: a key they handle (End, arrows) must still end the tab-leaving mode Escape armed.
        Prec.highest(EditorView.domEventHandlers({
          keydown: (e, v) => {
            if (e.key !== "Tab" && e.key !== "Escape" && !["Shift", "Control", "Alt", "Meta"].includes(e.key)) disarmTabLeaving(v);
            return false;
          },
          focus: (_e, v) => disarmTabLeaving(v) // back in the editor: Tab indents again
        })),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) options.onChange?.(u.state.doc.toString());
        })
      ]
    })
  });
  return {
    view,
    getCode: () => view.state.doc.toString(),
    setCode(code) {
      // Its own undo step: without isolateHistory, a replacement within 500 ms of typing joins the typing's step,
      // and Ctrl-Z after Reset skipped past the student's code.
      view.dispatch({changes: {from: 0, to: view.state.doc.length, insert: code}, annotations: isolateHistory.of("full")});
    },
    markLine(line) {
      view.dispatch({effects: setErrorLine.of(line)});
    }
  };
}
