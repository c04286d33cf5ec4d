// The notebook page: renders a notebook, runs it in a Session, keeps the student's work saved, and wires the
// toolbar (progress, submissions, safe mode). body[data-state] is "busy" while anything runs, "idle" after.
import type {CellSpec, Notebook} from "../notebook/types.js";
import {ModuleTable} from "../runtime/modules.js";
import {prefetchModules} from "../runtime/prefetch.js";
import {canTranspile, loadTranspiler, seedPrograms} from "../runtime/programCache.js";
import {Session, type CheckState} from "../runtime/session.js";
import {CellView, preloadEditor} from "./cellView.js";
import {h} from "./dom.js";
import {ExerciseView} from "./exerciseView.js";
import type {Recovery, RuntimeLink} from "./isolation/frameLink.js";
import {crashFlag, debounced, emptyWork, loadWork, saveWork, stashWork, type SavedScratchCell, type SavedWork} from "./storage.js";
import {makeSubmission} from "./submissionFormat.js";
import {saveFile} from "./saveFile.js";
import {exportButton} from "./exportControl.js";
import {beforePrinting, printButton} from "./print.js";
import {OtherTabs, type RemoteEdit} from "./otherTabs.js";
import {END, ScratchCells, scratchLabel} from "./scratchCells.js";
import {themeToggle} from "./theme.js";
import {showInline} from "./inlineValues.js";
import {askStudentId, forgetStudentId, rememberedStudentId, studentBadge} from "./studentId.js";
import {normaliseStudentId, seedForStudent} from "../runtime/variants.js";

interface Conflict {
  spec: CellSpec;
  mine: string;
}

export interface PageStart {
  /** The saved work, already being read. */
  saved?: Promise<SavedWork | undefined>;
  /** A module table already prefetching what the build listed for this notebook. */
  modules?: ModuleTable;
  /** In the runtime frame: the link to the page around it (see isolation/shell.ts). */
  link?: RuntimeLink;
  /** The page ended the last frame because it stopped answering: what to hold. */
  recovery?: Recovery;
}

export async function renderNotebookPage(root: HTMLElement, notebook: Notebook, start: PageStart = {}): Promise<NotebookPage> {
  const modules = start.modules ?? new ModuleTable();
  const specs = [...notebook.cells, ...notebook.exercises.flatMap((e) => [...e.checks, ...e.hiddenChecks])];
  seedPrograms(specs); // the build transpiled every cell: no transpiler needed to open the notebook as written
  prefetchModules(notebook, modules);
  const saved = await (start.saved ?? loadWork(notebook.id));
  // Restored work, or a cell the build could not transpile (its syntax error is reported by the session), needs it.
  const sources = [...specs.map((c) => c.source), ...Object.values(saved?.cells ?? {}).map((c) => c.code), ...(saved?.scratch ?? []).map((c) => c.code)];
  if (!sources.every(canTranspile)) await loadTranspiler();
  // A variant notebook's data depends on who the student is: ask before anything runs (once per browser).
  let student = saved?.notebook === notebook.id ? saved.student : undefined;
  // A course's link may name the student (`&student=alice`, as an LMS can fill in); else the id given before; else ask.
  const linked = new URLSearchParams(location.search).get("student")?.trim() || undefined;
  if (notebook.variants && !student) student = linked ?? rememberedStudentId() ?? (await askStudentId(root, notebook.title));
  const page = new NotebookPage(root, notebook, saved, modules, start, notebook.variants ? student : undefined);
  page.mount();
  return page;
}

export class NotebookPage {
  readonly session: Session;
  private readonly work: SavedWork;
  private readonly cellViews = new Map<string, CellView>();
  private readonly exerciseViews = new Map<string, ExerciseView>();
  private readonly conflicts: Conflict[] = [];
  private readonly specs: Map<string, CellSpec>;
  private readonly scratch: ScratchCells;
  private readonly save = debounced(() => void saveWork(this.work), 400);
  private readonly announcer = h("div", {class: "visually-hidden", "aria-live": "polite", role: "status"});
  /** Waiting to be read out, by key: an exercise's newer summary replaces its older one. */
  private readonly announcements = new Map<string, string>();
  private readonly progressBar = h("progress", {max: "1", value: "0", "aria-label": "Checks passed"});
  private readonly progressText = h("span", {class: "progress-text"});
  private readonly banner = h("div", {class: "banner", hidden: true, role: "alert"});
  private readonly safeMode: boolean;
  private editorsScheduled = false;
  private otherTabs?: OtherTabs;
  /** The notebook has settled once: until then the toolbar says it is loading (showLoading). */
  private settledOnce = false;
  private toldOfOtherTab = false;
  /** Some cells were deferred: fetch every module the notebook uses once the page first settles. */
  private laterModules = false;

  constructor(
    private readonly root: HTMLElement,
    private readonly notebook: Notebook,
    saved: SavedWork | undefined,
    private readonly modules: ModuleTable,
    private readonly isolation: Pick<PageStart, "link" | "recovery"> = {},
    student?: string
  ) {
    this.specs = new Map(notebook.cells.map((c) => [c.id, c]));
    this.work = saved && saved.notebook === notebook.id ? saved : emptyWork(notebook.id, notebook.version);
    if (student) this.work.student = student;
    const code: Record<string, string> = {};
    const edits: Record<string, string> = {};
    for (const [id, cell] of Object.entries(this.work.cells)) {
      const spec = this.specs.get(id);
      if (!spec) continue; // the instructor removed this cell
      if (cell.base !== spec.source && cell.code !== spec.source) this.conflicts.push({spec, mine: cell.code});
      (spec.role === "exercise" ? code : edits)[id] = cell.code;
    }
    this.work.version = notebook.version;
    const scratch = this.work.scratch ?? [];
    const known = (id: string) => this.specs.has(id) || scratch.some((c) => c.id === id);
    const held = (isolation.recovery?.hold ?? []).filter(known);
    // Cells the page ended are held (below) and the rest runs; a hang it could not pin on a cell means safe mode.
    if (held.length) crashFlag.clear(notebook.id);
    this.safeMode = (crashFlag.isSet(notebook.id) || (isolation.recovery !== undefined && !held.length)) && Object.keys(this.work.cells).length > 0;
    const seed = this.work.student ? seedForStudent(this.work.student) : undefined;
    this.session = new Session(notebook, {seed, code, edits, modules, refuseNotebookChanges: true, inputs: {saved: (this.work.inputs ??= {}), changed: (key, value) => this.recordInput(key, value)}, scratch});
    const savedCell = (id: string) => this.work.cells[id] ?? scratch.find((c) => c.id === id);
    for (const id of held) {
      const saved = savedCell(id);
      if (saved) saved.ranTooLong = true; // and at every open until it runs to the end
      this.session.hold(id, heldMessage(isolation.recovery!.reason));
    }
    // Code that ran too long last time is held, not run: each open would otherwise freeze on it again.
    for (const [id, cell] of [...Object.entries(this.work.cells), ...scratch.map((c) => [c.id, c] as const)]) {
      if (cell.ranTooLong && known(id) && !held.includes(id)) {
        this.session.hold(id, "not run: last time this code ran too long and was stopped (an endless loop?). Fix it, then press Run");
      }
    }
    this.scratch = new ScratchCells({
      work: this.work,
      session: this.session,
      view: (spec, label, tools) => this.cellView(spec, label, tools),
      changed: () => {
        stashWork(this.work);
        this.save.schedule();
        this.otherTabs?.scratchChanged(this.work.scratch ?? []);
      },
      dropped: (id) => this.cellViews.delete(id),
      offerUndo: (text, undo) => {
        const button = h("button", {type: "button", class: "undo"}, "Undo");
        button.addEventListener("click", () => {
          this.banner.hidden = true;
          undo();
        });
        this.ask(text, [button]);
      },
      announce: (text) => this.announce(text)
    });
  }

  mount(): void {
    const nb = this.notebook;
    document.title = `${nb.title} · Drillbook`;
    const main = h("main", {class: "notebook", id: "main"});
    for (const block of nb.blocks) {
      if (block.kind === "prose") {
        const div = h("div", {class: "prose"});
        div.innerHTML = block.html;
        main.append(div);
      } else if (block.kind === "cell") {
        const spec = this.specs.get(block.cellId)!;
        main.append(this.cellView(spec).element);
        if (!spec.hidden) main.append(this.scratch.slot(spec.id, this.labelOf(spec.id)));
      } else {
        const exercise = nb.exercises.find((e) => e.id === block.exerciseId)!;
        const cell = this.cellView(this.specs.get(exercise.id)!);
        const view = new ExerciseView({
          exercise, promptHtml: block.promptHtml, cell,
          hintsShown: this.work.hintsShown[exercise.id] ?? 0,
          onHint: (n) => {
            this.work.hintsShown[exercise.id] = n;
            void saveWork(this.work);
          },
          onReset: () => this.replaceCode(exercise.id, exercise.starter),
          onUseSolution: (code) => this.replaceCode(exercise.id, code),
          solutionShown: Boolean(this.work.solutionsViewed?.[exercise.id]),
          onSolutionShown: () => {
            const viewed = (this.work.solutionsViewed ??= {});
            if (viewed[exercise.id]) return;
            viewed[exercise.id] = new Date().toISOString();
            stashWork(this.work);
            void saveWork(this.work);
          },
          announce: (text, key) => this.announce(text, key)
        });
        this.exerciseViews.set(exercise.id, view);
        main.append(view.element, this.scratch.slot(exercise.id, this.labelOf(exercise.id)));
      }
    }
    main.append(this.scratch.slot(END, "the end of the notebook"));
    this.scratch.restore();
    this.root.replaceChildren(this.toolbar(), this.banner, main, this.announcer);
    beforePrinting(() => this.runHeldCells());
    this.updateProgress(false);
    this.listen();
    if (this.conflicts.length) this.showConflicts();
    this.otherTabs = new OtherTabs(nb.id, {
      edit: (edit) => this.applyRemoteEdit(edit),
      present: () => this.sayOtherTab(),
      scratch: (cells) => {
        this.scratch.follow(cells);
        stashWork(this.work);
        this.save.schedule();
      }
    });
    const recovery = this.isolation.recovery;
    if (recovery && !this.safeMode) this.say(recoveredBanner(recovery, recovery.hold.filter((id) => this.specs.has(id)).map((id) => this.labelOf(id))));
    if (this.safeMode) {
      this.showSafeMode();
      this.editorsScheduled = true; // nothing runs: the student came to fix code, so build editors now
      this.buildEditorsWhenIdle();
    } else {
      this.deferOffscreen();
      this.start();
    }
    addEventListener("pagehide", () => {
      if (this.save.pending) stashWork(this.work); // synchronous: survives the unload, unlike the IndexedDB write
      this.save.flush();
      // The page is leaving normally, so nothing froze it: a slow promise still running is no reason for safe mode.
      crashFlag.clear(this.notebook.id);
    });
    document.addEventListener("visibilitychange", () => document.visibilityState === "hidden" && this.save.flush());
  }

  /** Editors cost a few ms each (see staticCode.ts): build them one by one while the page is idle, in page order. */
  private buildEditorsWhenIdle(): void {
    preloadEditor();
    const queue = [...this.cellViews.values()].filter((v) => !v.hasEditor);
    const step = async (deadline?: IdleDeadline) => {
      do await queue.shift()?.ensureEditor();
      while (queue.length && deadline && deadline.timeRemaining() > 8);
      if (queue.length) schedule();
    };
    const schedule = () => (typeof requestIdleCallback === "function" ? requestIdleCallback((d) => void step(d), {timeout: 1000}) : setTimeout(() => void step(), 16));
    schedule();
  }

  /**
   * Visible cells outside exercises that start more than half a screen below the first one, and whose names only
   * such cells read (see runtime/deferral.ts), run when they come within half a screen of the viewport, like images
   * with loading="lazy": on open, the main thread goes to what the student sees. Their modules are fetched once the
   * page first settles, so scrolling to them is quick.
   */
  private deferOffscreen(): void {
    if (typeof IntersectionObserver !== "function") return;
    const candidates = [...this.cellViews].filter(([id]) => this.session.canDefer(id));
    if (candidates.length === 0) return;
    const limit = innerHeight * 1.5; // one layout, forced here rather than after the first run: the same work, earlier
    const below = candidates.filter(([, view]) => view.element.getBoundingClientRect().top > limit).map(([id]) => id);
    const held = new Set(this.session.defer(below));
    if (held.size === 0) return;
    const observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          if (!entry.isIntersecting) continue;
          const id = (entry.target as HTMLElement).dataset.cell!;
          observer.unobserve(entry.target);
          this.session.release(id);
        }
      },
      // root: document, not the implicit root: in a frame from another site (the runtime frame) the implicit
      // root ignores rootMargin, and a cell half a screen below would wait to be fully scrolled into view.
      {root: document, rootMargin: "50% 0px"}
    );
    for (const id of held) observer.observe(this.cellViews.get(id)!.element);
    this.laterModules = true;
  }

  private start(): void {
    // Set before running (synchronously): if this run freezes or crashes the tab, the next load opens in safe mode.
    crashFlag.set(this.notebook.id);
    this.session.start();
  }

  private cellView(spec: CellSpec, label = this.labelOf(spec.id), tools?: HTMLElement[]): CellView {
    const view = new CellView({
      spec, label, tools,
      code: this.session.source(spec.id),
      onRun: (code) => {
        this.recordEdit(spec, code);
        // Saved before it runs, synchronously: if this code freezes or crashes the tab, it is not lost with it.
        stashWork(this.work);
        this.save.flush();
        const run = () => {
          // Set before running: if the run never returns, the next open is in safe mode (pagehide clears it).
          crashFlag.set(this.notebook.id);
          if (!this.session.isStarted) this.start();
          this.session.setSource(spec.id, code);
        };
        // new code needs the transpiler, loaded once the page first settles (or now, if the student is quicker)
        if (canTranspile(code)) run();
        else loadTranspiler().then(run, (e: Error) => this.say(`Could not load the code runner: ${e.message}. Reload the page to try again.`, true));
      },
      onEdit: (code) => this.recordEdit(spec, code),
      onStop: () => this.session.stop(spec.id)
    });
    this.cellViews.set(spec.id, view);
    return view;
  }

  /** Remembers (with the saved code) whether the student's code in a cell was last stopped by the loop guard. */
  private noteRanTooLong(id: string, ranTooLong: boolean): void {
    const saved = this.work.cells[id] ?? this.scratch.entry(id);
    if (!saved || Boolean(saved.ranTooLong) === ranTooLong) return;
    if (ranTooLong) saved.ranTooLong = true;
    else if (this.session.cell(id).status === "ok") delete saved.ranTooLong;
    else return;
    stashWork(this.work);
    this.save.schedule();
  }

  /** A slider or box moved: kept with the work (plain values only: numbers, text, true/false, lists of them). */
  private recordInput(key: string, value: unknown): void {
    const plain = (v: unknown): boolean => v === null || ["number", "string", "boolean"].includes(typeof v);
    if (!(plain(value) || (Array.isArray(value) && value.every(plain)))) return;
    this.work.inputs![key] = value; // the object the session restores from: a re-run cell starts at the latest value
    stashWork(this.work); // at once, as keystrokes are: a reload right after a move must not lose it
    this.save.schedule();
  }

  private recordEdit(spec: CellSpec, code: string): void {
    if (spec.role === "scratch") {
      this.scratch.record(spec.id, code);
      this.otherTabs?.edited({cell: spec.id, code, base: ""});
      stashWork(this.work);
      return this.save.schedule();
    }
    if (code === spec.source) delete this.work.cells[spec.id];
    else this.work.cells[spec.id] = {code, base: this.work.cells[spec.id]?.base ?? spec.source};
    this.otherTabs?.edited({cell: spec.id, code, base: this.work.cells[spec.id]?.base ?? spec.source});
    // Every keystroke is stashed at once (a small synchronous write, or one message to the page around the frame):
    // a tab closed or crashed inside the IndexedDB save's 400 ms wait still keeps it.
    stashWork(this.work);
    this.save.schedule();
  }

  /** Another tab's keystroke: its code goes in our editor and our saved work (not run: the student runs it). */
  private applyRemoteEdit(edit: RemoteEdit): void {
    if (this.scratch.has(edit.cell)) {
      this.scratch.record(edit.cell, edit.code);
      return this.cellViews.get(edit.cell)?.setCode(edit.code);
    }
    const spec = this.specs.get(edit.cell);
    const view = this.cellViews.get(edit.cell);
    if (!spec || !view) return;
    if (edit.code === spec.source) delete this.work.cells[edit.cell];
    else this.work.cells[edit.cell] = {code: edit.code, base: edit.base};
    view.setCode(edit.code);
  }

  /** A notice of its own, under the banner: it must not push out safe mode or an opened submission's Undo. */
  private sayOtherTab(): void {
    if (this.toldOfOtherTab) return;
    this.toldOfOtherTab = true;
    const notice = h("div", {class: "banner other-tab", role: "status"},
      h("span", {}, "This notebook is also open in another tab. What you type in one appears in the other, so neither loses the other's edits; a cell runs in the tab where you run it."));
    this.banner.after(notice);
  }

  private replaceCode(id: string, code: string): void {
    const view = this.cellViews.get(id)!;
    view.setCode(code);
    view.run();
  }

  private listen(): void {
    document.body.dataset.state = "idle";
    this.session.on({
      cell: (state) => {
        this.cellViews.get(state.id)?.update(state);
        if (this.specs.get(state.id)?.inline) showInline(this.root, state);
        if (this.isolation.link && this.isStudentCode(state.id)) this.reportRunning(this.isolation.link);
        this.noteRanTooLong(state.id, state.status === "timeout" && /^this loop ran for/.test(state.message ?? ""));
      },
      progress: (id, fraction) => this.cellViews.get(id)?.setProgress(fraction),
      check: (state) => {
        this.exerciseViews.get(state.exerciseId)?.update(state);
        this.updateProgress();
      },
      busy: (busy) => {
        document.body.dataset.state = busy ? "busy" : "idle";
        // Editors wait for the first settle: before it, every millisecond goes to running the notebook.
        if (!busy && !this.editorsScheduled) {
          this.editorsScheduled = true;
          this.buildEditorsWhenIdle();
          void loadTranspiler().catch(() => {}); // ready for the first edit (a failure is reported then)
          if (this.laterModules) {
            const fetchAll = () => prefetchModules(this.notebook, this.modules, "all");
            if (typeof requestIdleCallback === "function") requestIdleCallback(fetchAll, {timeout: 2000});
            else setTimeout(fetchAll, 50);
          }
        }
        if (!busy) {
          this.settledOnce = true;
          crashFlag.clear(this.notebook.id);
          this.updateProgress();
          this.flushAnnouncements();
        }
      }
    });
  }

  /** A cell that runs the student's code: an exercise, or a notebook cell they edited. */
  private isStudentCode(id: string): boolean {
    return this.specs.get(id)?.role === "exercise" || id in this.work.cells || this.scratch.has(id);
  }

  private reportRunning(link: RuntimeLink): void {
    const running = [...this.cellViews.keys()].filter((id) => this.isStudentCode(id) && this.session.cell(id).status === "running");
    link.running(running.map((id) => ({id, label: this.labelOf(id)})));
  }

  private labelOf(id: string): string {
    if (this.scratch?.has(id)) return scratchLabel(id);
    const exercise = this.notebook.exercises.find((e) => e.id === id);
    return exercise ? `exercise "${exercise.title}"` : `cell ${id}`;
  }

  /**
   * Check changes are announced together once the run settles: one live region holds one message, so writing
   * each change in turn would leave only the last one read (a failure hidden behind a pass of the other check).
   */
  private announce(text: string, key = `note-${this.announcements.size}`): void {
    this.announcements.delete(key); // (re-added at the end: read in the order things last changed)
    this.announcements.set(key, text);
    if (!this.session.isBusy) this.flushAnnouncements();
  }

  private flushAnnouncements(): void {
    if (!this.announcements.size) return;
    this.announcer.textContent = [...this.announcements.values()].join(". ");
    this.announcements.clear();
  }

  /** Shows the checks passed; `record` also saves it for the index (not before anything has run: safe mode). */
  private updateProgress(record = true): void {
    if (!this.settledOnce) return this.showLoading();
    const checks = this.session.checks().filter((c: CheckState) => !c.hidden);
    const passed = checks.filter((c) => c.status === "passed").length;
    this.progressBar.max = Math.max(1, checks.length);
    this.progressBar.value = passed;
    this.progressText.textContent = `${passed} / ${checks.length} checks passed`;
    if (record && (this.work.progress.passed !== passed || this.work.progress.total !== checks.length)) {
      this.work.progress = {passed, total: checks.length};
      this.save.schedule();
    }
  }

  /**
   * Until the notebook first settles, its checks are still pending: "0 / 18" would tell a student who had 7 that
   * their work is gone (and, saved, would tell the index so too). Say it is loading, with the score saved last time.
   */
  private showLoading(): void {
    const last = this.work.progress;
    const before = last.total ? ` (${last.passed} / ${last.total} checks passed when last saved)` : "";
    this.progressBar.removeAttribute("value"); // indeterminate
    this.progressText.textContent = `${this.safeMode ? "not run yet: safe mode" : "loading…"}${before}`;
  }

  private toolbar(): HTMLElement {
    const download = h("button", {type: "button", class: "download"}, "Download submission");
    download.addEventListener("click", () => this.download());
    // Out of the tab order: "Open submission" is the control; the input itself is invisible.
    const fileInput = h("input", {type: "file", accept: ".json,application/json", class: "visually-hidden", id: "open-submission-file", tabindex: "-1", "aria-hidden": "true"}) as HTMLInputElement;
    fileInput.addEventListener("change", () => void this.openSubmission(fileInput));
    const open = h("button", {type: "button", class: "open"}, "Open submission");
    open.addEventListener("click", () => fileInput.click());
    return h("header", {class: "toolbar"},
      h("a", {href: "./", class: "home"}, "← Drillbook"),
      h("span", {class: "toolbar-title"}, this.notebook.title),
      h("span", {class: "progress"}, this.progressBar, this.progressText),
      ...(this.work.student ? [studentBadge(this.work.student, () => this.changeStudent())] : []),
      download, open, fileInput, this.exportButton(), printButton(), themeToggle());
  }

  /** Runs the cells held until scrolled to (deferOffscreen), for a copy or a print of the whole notebook. */
  private async runHeldCells(): Promise<void> {
    for (const id of this.session.cellIds()) if (this.session.cell(id).deferred) this.session.release(id);
    await this.session.whenIdle();
  }

  /** Export HTML (exportControl.ts): the notebook as the student has it, the name they put on it kept with the work. */
  private exportButton(): HTMLButtonElement {
    const nb = this.notebook;
    return exportButton({
      title: nb.title, id: nb.id, version: nb.version,
      main: () => this.root.querySelector<HTMLElement>("main.notebook")!,
      code: (id) => this.session.source(id),
      checks: () => {
        const visible = this.session.checks().filter((c) => !c.hidden);
        return {passed: visible.filter((c) => c.status === "passed").length, total: visible.length};
      },
      runAll: () => this.runHeldCells(),
      student: {
        // (Not the variant drill's student id, which makes the data: a name on a copy changes nothing else.)
        get: () => this.work.exportName ?? this.work.student ?? "",
        set: (name) => {
          this.work.exportName = name || undefined;
          stashWork(this.work);
          this.save.schedule();
        }
      },
      ask: (text, controls) => this.ask(text, controls),
      say: (text, isError) => this.say(text, isError)
    });
  }

  private download(): void {
    const student = this.work.student;
    const variant = student ? {student, seed: seedForStudent(student)} : undefined;
    const submission = makeSubmission(this.notebook.id, this.notebook.version, this.session.exerciseCode(), this.work.solutionsViewed, this.work.scratch, variant);
    saveFile(`${this.notebook.id}-submission.json`, new Blob([JSON.stringify(submission, null, 2)], {type: "application/json"}));
  }

  /** A typo in the id: the data must be remade from the right one. The code stays; the page opens afresh. */
  private changeStudent(): void {
    const yes = h("button", {type: "button", class: "confirm-change-student"}, "Change my id");
    yes.addEventListener("click", () => {
      forgetStudentId();
      delete this.work.student;
      stashWork(this.work);
      void saveWork(this.work).then(() => location.reload());
    });
    const no = h("button", {type: "button", class: "cancel-change-student"}, "Cancel");
    no.addEventListener("click", () => (this.banner.hidden = true));
    this.ask(`Your data is made from the id "${this.work.student}". Change it? Your code stays; the page opens again with the new id's data, and your checks run on it.`, [yes, no]);
    no.focus();
  }

  private async openSubmission(input: HTMLInputElement): Promise<void> {
    const file = input.files?.[0];
    input.value = "";
    if (!file) return;
    let cells: Record<string, string>;
    let scratch: SavedScratchCell[];
    let otherStudent: string | undefined;
    try {
      const {readSubmission} = await import("./submission.js"); // zod comes only with this button
      const submission = readSubmission(await file.text(), this.notebook.id);
      cells = submission.cells;
      scratch = (submission.scratch ?? []).map((c) => ({...c}));
      otherStudent = this.work.student && submission.student && normaliseStudentId(submission.student) !== normaliseStudentId(this.work.student) ? submission.student : undefined;
    } catch (e) {
      return this.say(`Could not open ${file.name}: ${(e as Error).message}`, true);
    }
    const unknown = Object.keys(cells).filter((id) => !this.notebook.exercises.some((e) => e.id === id));
    const incoming = this.notebook.exercises.filter((e) => cells[e.id] !== undefined).map((e) => e.id);
    const changing = incoming.filter((id) => cells[id] !== this.session.source(id));
    // A file with scratch cells brings them back (in a fresh profile, the student's own tries); one without leaves
    // the page's alone, since it has nothing to restore.
    const scratchBefore = this.scratch.snapshot();
    const sameScratch = (a: SavedScratchCell[], b: SavedScratchCell[]) => JSON.stringify(a.map(({id, code, after}) => [id, code, after])) === JSON.stringify(b.map(({id, code, after}) => [id, code, after]));
    const scratchChanging = scratch.length > 0 && !sameScratch(scratch, scratchBefore);
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
    const opened = `${plural(incoming.length, "exercise")}${scratch.length ? ` and ${plural(scratch.length, "scratch cell")}` : ""} restored${unknown.length ? ` (ignored unknown ${unknown.join(", ")})` : ""}`;
    if (!changing.length && !scratchChanging) return this.say(`Opened ${file.name}: ${opened}; your code already matched it.`);
    // The student's own code is about to be replaced: ask, and keep it for Undo.
    const replace = async () => {
      const before = new Map(changing.map((id) => [id, this.session.source(id)]));
      for (const id of changing) this.replaceCode(id, cells[id]!);
      if (scratchChanging) await this.scratch.replaceAll(scratch);
      const undo = h("button", {type: "button", class: "undo-open"}, "Undo");
      undo.addEventListener("click", async () => {
        for (const [id, code] of before) this.replaceCode(id, code);
        if (scratchChanging) await this.scratch.replaceAll(scratchBefore);
        this.say(`Your code from before opening ${file.name} is back.`);
      });
      this.ask(`Opened ${file.name}: ${opened}.`, [undo]);
    };
    const what = [
      changing.length ? `code for ${plural(changing.length, "exercise")} that differ${changing.length === 1 ? "s" : ""} from yours (${changing.map((id) => this.labelOf(id)).join(", ")})` : "",
      scratchChanging ? `${plural(scratch.length, "scratch cell")} to put in place of yours${scratchBefore.length ? ` (${scratchBefore.length} now)` : ""}` : ""
    ].filter(Boolean).join(" and ");
    const yes = h("button", {type: "button", class: "confirm-open"}, "Replace my code");
    yes.addEventListener("click", () => void replace());
    const no = h("button", {type: "button", class: "cancel-open"}, "Cancel");
    no.addEventListener("click", () => this.say(`Kept your code; ${file.name} was not opened.`));
    const whose = otherStudent ? ` It was made by "${otherStudent}" on their own data: figures typed in from their page will not hold on yours.` : "";
    this.ask(`${file.name} has ${what}.${whose} Replace your code with it? You can undo.`, [yes, no]);
    no.focus();
  }

  /** The banner with a question or an offer and its buttons (and ×). */
  private ask(text: string, buttons: HTMLElement[]): void {
    this.banner.replaceChildren(h("span", {}, text), ...buttons, this.closeButton());
    this.banner.classList.remove("error");
    this.banner.hidden = false;
  }

  private say(text: string, isError = false): void {
    this.ask(text, []);
    this.banner.classList.toggle("error", isError);
  }

  private closeButton(): HTMLElement {
    const close = h("button", {type: "button", class: "close", "aria-label": "Dismiss"}, "×");
    close.addEventListener("click", () => (this.banner.hidden = true));
    return close;
  }

  private showSafeMode(): void {
    const run = h("button", {type: "button", class: "run-all"}, "Run my code");
    run.addEventListener("click", () => {
      this.banner.hidden = true;
      this.start();
    });
    this.banner.replaceChildren(
      h("strong", {}, "Safe mode. "),
      h("span", {}, this.isolation.recovery
        ? "The notebook stopped answering while its code ran, so Drillbook reopened it without running your code. It is shown below. Fix what looks wrong, then "
        : "Last time, your restored code did not finish running (a frozen or crashed tab?). It is shown below but not run. Fix what looks wrong, then "),
      run);
    this.banner.classList.add("safe-mode");
    this.banner.hidden = false;
  }

  private showConflicts(): void {
    const list = h("ul", {class: "conflicts"});
    for (const c of this.conflicts) {
      const keep = h("button", {type: "button"}, "Keep mine");
      const take = h("button", {type: "button"}, "Take the new version");
      const item = h("li", {"data-conflict": c.spec.id}, h("span", {}, `${c.spec.role === "exercise" ? "Exercise" : "Cell"} "${c.spec.id}" changed in the notebook since you edited it. `), keep, take);
      // Once every cell is decided the panel goes; until then focus moves on to the next question.
      const resolved = () => {
        const next = item.nextElementSibling ?? item.previousElementSibling;
        item.remove();
        if (next) next.querySelector("button")?.focus();
        else panel.remove();
      };
      keep.addEventListener("click", () => {
        this.work.cells[c.spec.id] = {code: c.mine, base: c.spec.source};
        this.save.schedule();
        resolved();
      });
      take.addEventListener("click", () => {
        this.replaceCode(c.spec.id, c.spec.source);
        resolved();
      });
      list.append(item);
    }
    const panel = h("section", {class: "conflict-panel", "aria-label": "Cells changed since your edits"},
      h("h2", {}, `The notebook was updated (version ${this.notebook.version})`), list);
    this.root.querySelector("main")!.before(panel);
  }
}

const LIKELY_CAUSES =
  "Likely causes: an endless loop inside eval or new Function (the loop guard cannot see into those), a regular expression that backtracks, " +
  "runaway recursion, or a long computation on the page (fit big models with fitInWorker, which runs in the background).";

function heldMessage(reason: Recovery["reason"]): string {
  const what = reason === "stopped" ? "you stopped this code when it kept the page from answering" : "this code kept the page from answering for 10 s, so Drillbook stopped it";
  return `not run: ${what}; the notebook was reopened without running it. ${LIKELY_CAUSES} Fix it, then press Run`;
}

function recoveredBanner(recovery: Recovery, labels: string[]): string {
  const what = labels.length ? labels.join(", ") : "the notebook's code";
  const how = recovery.reason === "stopped" ? "You stopped" : "Drillbook stopped";
  const held = labels.length > 1 ? "those cells wait until you run them" : "that cell waits until you run it";
  return `${how} ${what} when it kept the page from answering, and the notebook was reopened. Your code is kept; ${held} again.`;
}
