// One code cell on the page: its output, its error, and its source in an editor with a Run button.
// The element carries data-cell and data-status for tests and the grader. The editor is created on demand
// (ensureEditor): until then the code shows as highlighted text that turns into the editor when focused.
import type {CellSpec} from "../notebook/types.js";
import type {CellState} from "../runtime/session.js";
import type {CellEditor} from "./editor.js";
import {renderDisplays} from "./output.js";
import {h} from "./dom.js";
import {setStaticCode, staticCode} from "./staticCode.js";

// CodeMirror is its own chunk, loaded on first need (see staticCode.ts for why).
let editorModule: Promise<typeof import("./editor.js")> | undefined;
const loadEditorModule = () => (editorModule ??= import("./editor.js"));

/** Start loading CodeMirror now (the page calls this when the notebook first settles). */
export function preloadEditor(): void {
  void loadEditorModule();
}

export interface CellViewOptions {
  spec: CellSpec;
  code: string;
  onRun(code: string): void;
  onEdit(code: string): void;
  /** The Stop button: end this cell's run. */
  onStop(): void;
  label: string;
  /** More buttons for the cell's toolbar (a scratch cell's Move and Delete). */
  tools?: HTMLElement[];
}

const STATUS_TEXT: Record<string, string> = {
  "not-run": "not run", running: "running…", ok: "", error: "error", blocked: "blocked", timeout: "stopped"
};

export class CellView {
  readonly element: HTMLElement;
  private editor?: CellEditor;
  private editorHost?: HTMLElement;
  private preview?: HTMLElement;
  private building?: Promise<void>;
  private pendingCode: string;
  /** Code replaced (Reset, a solution, a submission) before the editor existed: the editor starts from it so Ctrl-Z works. */
  private replacedCode?: string;
  private errorLine = 0;
  private readonly output: HTMLElement;
  private readonly message: HTMLElement;
  private readonly statusLabel: HTMLElement;
  private progress?: HTMLProgressElement;

  constructor(private readonly options: CellViewOptions) {
    const {spec} = options;
    this.pendingCode = options.code;
    this.output = h("div", {class: "cell-output"});
    this.message = h("div", {class: "cell-message", role: "alert", hidden: true});
    this.statusLabel = h("span", {class: "cell-status-label"}, STATUS_TEXT["not-run"]!); // safe mode leaves cells unrun
    this.element = h("section", {class: `cell role-${spec.role}`, "data-cell": spec.id, "data-status": "not-run", id: `cell-${spec.id}`, tabindex: "-1"});
    this.element.append(this.output, this.message);
    if (spec.hidden) {
      this.element.classList.add("hidden-cell");
      return;
    }
    const editorHost = h("div", {class: "cell-editor"});
    const run = h("button", {class: "run", type: "button", title: "Run this cell (Shift-Enter)", "aria-label": `Run ${options.label}`}, "▶ Run");
    run.addEventListener("click", () => this.run());
    // Shown while the cell runs (after a moment, so quick runs do not flicker it: styles.css).
    const stop = h("button", {class: "stop", type: "button", "data-action": "stop", title: "Stop this cell", "aria-label": `Stop ${options.label}`}, "■ Stop");
    stop.addEventListener("click", () => options.onStop());
    const toolbar = h("div", {class: "cell-toolbar"}, run, stop, this.statusLabel, ...(options.tools ?? []));
    const source = h("div", {class: "cell-source"}, editorHost, toolbar);
    if (spec.folded) {
      const details = h("details", {class: "cell-fold"}, h("summary", {}, "Show code"), source);
      this.element.append(details);
    } else {
      this.element.append(source);
    }
    this.editorHost = editorHost;
    const preview = staticCode(options.code, `Code of ${options.label}`);
    // Reaching the code by keyboard or pointer turns it into the editor, focused where the reader went.
    preview.addEventListener("focus", () => void this.ensureEditor(true));
    preview.addEventListener("mousedown", (e) => {
      e.preventDefault();
      void this.ensureEditor(true).then(() => {
        const pos = this.editor?.view.posAtCoords({x: e.clientX, y: e.clientY});
        if (pos != null) this.editor!.view.dispatch({selection: {anchor: pos}});
      });
    });
    this.preview = preview;
    editorHost.append(preview);
  }

  /** Build the CodeMirror editor (once); the page calls this when idle, the reader by reaching the code. */
  ensureEditor(focus = false): Promise<void> {
    if (!this.editorHost) return Promise.resolve();
    this.building ??= loadEditorModule().then(({createEditor}) => {
      const host = this.editorHost!;
      host.replaceChildren();
      this.preview = undefined;
      this.editor = createEditor(host, {
        doc: this.replacedCode ?? this.pendingCode,
        label: `Code of ${this.options.label}`,
        onRun: () => this.run(),
        onChange: (code) => this.options.onEdit(code)
      });
      if (this.replacedCode !== undefined) this.editor.setCode(this.pendingCode);
      this.replacedCode = undefined;
      this.editor.markLine(this.errorLine);
    });
    return focus ? this.building.then(() => this.editor?.view.focus()) : this.building;
  }

  get hasEditor(): boolean {
    return Boolean(this.editor);
  }

  run(): void {
    if (this.editorHost) this.options.onRun(this.code());
  }

  code(): string {
    return this.editor?.getCode() ?? this.pendingCode;
  }

  setCode(code: string): void {
    // Through the editor when there is one, so Reset and "use solution" stay undoable with Ctrl-Z.
    if (this.editor) this.editor.setCode(code);
    else {
      this.replacedCode ??= this.pendingCode;
      if (this.preview) setStaticCode(this.preview, code);
    }
    this.pendingCode = code;
  }

  /** A long fit in this cell reports how far it is: a bar under the code while the cell runs. */
  setProgress(fraction: number): void {
    this.progress ??= h("progress", {class: "cell-progress", max: "1", "aria-label": `${this.options.label}: fitting`}) as HTMLProgressElement;
    this.progress.value = fraction;
    if (!this.progress.isConnected) this.message.before(this.progress);
  }

  update(state: CellState): void {
    if (state.status !== "running") this.progress?.remove();
    this.element.dataset.status = state.status;
    this.element.classList.toggle("todo", Boolean(state.todo));
    this.statusLabel.textContent = state.todo ? "not attempted yet" : state.deferred ? "runs when scrolled into view" : STATUS_TEXT[state.status] ?? state.status;
    this.element.toggleAttribute("data-deferred", Boolean(state.deferred));
    renderDisplays(this.output, state.displays);
    const showMessage = state.status === "error" || state.status === "blocked" || state.status === "timeout";
    // Say the line, unless the message already does (syntax errors name line and column themselves).
    const where = state.line && !state.message?.includes(`line ${state.line}`) ? ` (line ${state.line})` : "";
    this.message.textContent = showMessage && state.message ? `${state.message}${where}` : "";
    this.message.hidden = !this.message.textContent;
    this.errorLine = state.status === "error" && state.line ? state.line : 0;
    this.editor?.markLine(this.errorLine);
  }
}
