// Scratch cells: cells the student adds anywhere in a notebook to try things, as in every notebook they know
// (marimo, Observable, Jupyter). They are saved with the work, run reactively like the others, can be moved and
// deleted (with Undo), go in the submission for the instructor to read, and are never graded: the engine keeps the
// notebook's names and values out of their reach and theirs out of the notebook's (runtime/analysis.ts).
import type {CellSpec} from "../notebook/types.js";
import {canTranspile, loadTranspiler} from "../runtime/programCache.js";
import type {Session} from "../runtime/session.js";
import type {CellView} from "./cellView.js";
import {h} from "./dom.js";
import type {SavedScratchCell, SavedWork} from "./storage.js";

export interface ScratchHost {
  readonly work: SavedWork;
  readonly session: Session;
  /** A cell view wired as the page's others are (Run, edits, Stop), with these extra toolbar buttons. */
  view(spec: CellSpec, label: string, tools: HTMLElement[]): CellView;
  /** The scratch list changed: keep it (at once, as keystrokes are). */
  changed(): void;
  /** A scratch cell was deleted: its view is gone. */
  dropped(id: string): void;
  /** Says what happened, with an Undo button. */
  offerUndo(text: string, undo: () => void): void;
  announce(text: string): void;
}

/** Where a scratch cell sits when its notebook cell is gone (or it was added at the very end). */
export const END = "end";

export function scratchLabel(id: string): string {
  return `scratch cell ${id.replace(/^scratch-/, "")}`;
}

export function scratchSpec(id: string, code: string): CellSpec {
  return {id, role: "scratch", source: code, line: 1, hidden: false, folded: false};
}

export class ScratchCells {
  /** The place after each notebook cell or exercise (and at the end), in page order. */
  private readonly slots = new Map<string, {slot: HTMLElement; list: HTMLElement}>();
  private readonly views = new Map<string, CellView>();
  /** Ids only go up: an Undo of a delete gets its old id back even after more cells were added. */
  private lastNumber: number;

  constructor(private readonly host: ScratchHost) {
    this.lastNumber = Math.max(0, ...this.entries().map((c) => Number(c.id.replace(/^scratch-/, "")) || 0));
  }

  has(id: string): boolean {
    return this.entries().some((c) => c.id === id);
  }

  entry(id: string): SavedScratchCell | undefined {
    return this.entries().find((c) => c.id === id);
  }

  /** The place after a notebook cell or exercise (or END): its scratch cells, then an Add button. */
  slot(after: string, afterLabel: string): HTMLElement {
    const list = h("div", {class: "scratch-list"});
    const add = h("button", {type: "button", class: "add-scratch", title: "Add a cell of your own here to try things (not graded)", "aria-label": `Add a scratch cell after ${afterLabel}`}, "+ Scratch cell");
    add.addEventListener("click", () => this.add(after));
    const slot = h("div", {class: "scratch-slot", "data-after": after}, list, add);
    this.slots.set(after, {slot, list});
    return slot;
  }

  /** Once the page's places exist: the saved scratch cells, each where the student left it. */
  restore(): void {
    for (const saved of this.entries()) {
      if (!this.slots.has(saved.after)) saved.after = END; // the instructor removed the cell it followed
      this.slots.get(saved.after)!.list.append(this.build(saved).element);
    }
    this.syncOrder();
  }

  /** Records the code typed in a scratch cell (the page saves it). */
  record(id: string, code: string): void {
    const saved = this.entry(id);
    if (saved) saved.code = code;
  }

  add(after: string, code = "", at?: {id: string; index: number}): void {
    // New code is compiled as the cell is added: load the transpiler first if the page has not yet.
    if (!canTranspile(code)) return void loadTranspiler().then(() => this.add(after, code, at), (e: Error) => this.host.announce(`Could not load the code runner: ${e.message}`));
    const id = at && !this.has(at.id) ? at.id : `scratch-${++this.lastNumber}`;
    const saved: SavedScratchCell = {id, code, after};
    this.host.session.addScratch(id, code); // first: the view reads its code from the session
    this.entries().push(saved);
    const list = this.slots.get(after)!.list;
    const view = this.build(saved);
    list.insertBefore(view.element, list.children[at?.index ?? list.children.length] ?? null);
    this.syncOrder();
    this.host.changed();
    void view.ensureEditor(true);
    this.host.announce(`${scratchLabel(id)} added: it is yours to try things in, and it is not graded`);
  }

  private remove(id: string): void {
    const view = this.views.get(id)!;
    const list = view.element.parentElement!;
    const index = [...list.children].indexOf(view.element);
    const saved = this.entry(id)!;
    const code = view.code();
    this.host.session.removeScratch(id);
    view.element.remove();
    this.views.delete(id);
    this.host.dropped(id);
    this.host.work.scratch = this.entries().filter((c) => c !== saved);
    this.host.changed();
    this.host.offerUndo(`Deleted ${scratchLabel(id)}.`, () => this.add(saved.after, code, {id, index}));
  }

  /**
   * Another tab added, moved or deleted a scratch cell: show its list (cells it lacks end here too; new ones are
   * added, not run: the student runs them). Our own keystrokes since then travel as edits, so nothing typed is lost.
   */
  follow(cells: ReadonlyArray<SavedScratchCell>): void {
    if (!cells.every((c) => canTranspile(c.code))) return void loadTranspiler().then(() => this.follow(cells), () => {});
    const wanted = new Set(cells.map((c) => c.id));
    for (const id of [...this.views.keys()]) {
      if (wanted.has(id)) continue;
      this.host.session.removeScratch(id);
      this.views.get(id)!.element.remove();
      this.views.delete(id);
      this.host.dropped(id);
    }
    for (const c of cells) {
      const place = this.slots.get(c.after) ?? this.slots.get(END)!;
      let view = this.views.get(c.id);
      if (!view) {
        this.host.session.addScratch(c.id, c.code);
        view = this.build({...c});
      }
      place.list.append(view.element); // in the list's order, one after another
      this.lastNumber = Math.max(this.lastNumber, Number(c.id.replace(/^scratch-/, "")) || 0);
    }
    this.host.work.scratch = cells.map((c) => ({...c}));
    this.syncOrder();
  }

  /**
   * A submission the student opened brings its own scratch cells: they take the place of the page's (whose list
   * the caller keeps for Undo). Not run: as with another tab's cells, the student runs them.
   */
  async replaceAll(cells: ReadonlyArray<SavedScratchCell>): Promise<void> {
    if (!cells.every((c) => canTranspile(c.code))) await loadTranspiler();
    this.follow([]);
    this.follow(cells.map((c) => ({...c, after: this.slots.has(c.after) ? c.after : END})));
    this.host.changed();
  }

  /** The list as saved, with each cell's latest code. */
  snapshot(): SavedScratchCell[] {
    return this.entries().map((c) => ({...c, code: this.views.get(c.id)?.code() ?? c.code}));
  }

  /** One place up or down the page: past the neighbouring scratch cell, or on to the next notebook cell's place. */
  private move(id: string, direction: -1 | 1, button: HTMLElement): void {
    const element = this.views.get(id)!.element;
    const sibling = direction < 0 ? element.previousElementSibling : element.nextElementSibling;
    if (sibling) {
      if (direction < 0) sibling.before(element);
      else sibling.after(element);
    } else {
      const places = [...this.slots.values()];
      const here = places.findIndex((p) => p.list === element.parentElement);
      const there = places[here + direction];
      if (!there) return this.host.announce(`${scratchLabel(id)} is already the ${direction < 0 ? "first" : "last"} one`);
      if (direction < 0) there.list.append(element);
      else there.list.prepend(element);
    }
    this.syncOrder();
    this.host.changed();
    button.focus(); // moving the element took the focus with it
    element.scrollIntoView({block: "nearest"});
  }

  private build(saved: SavedScratchCell): CellView {
    const label = scratchLabel(saved.id);
    const button = (cls: string, text: string, aria: string) => h("button", {type: "button", class: cls, "aria-label": `${aria} ${label}`}, text);
    const up = button("scratch-up", "↑", "Move up");
    const down = button("scratch-down", "↓", "Move down");
    const remove = button("scratch-delete", "Delete", "Delete");
    const view = this.host.view(scratchSpec(saved.id, saved.code), label, [up, down, remove]);
    up.addEventListener("click", () => this.move(saved.id, -1, up));
    down.addEventListener("click", () => this.move(saved.id, 1, down));
    remove.addEventListener("click", () => this.remove(saved.id));
    view.element.prepend(h("div", {class: "scratch-caption"}, h("strong", {}, label), " · yours to try things in; not graded, but sent with your submission"));
    this.views.set(saved.id, view);
    return view;
  }

  /** The saved list follows the page: each cell's place and order as the student sees them. */
  private syncOrder(): void {
    const byId = new Map(this.entries().map((c) => [c.id, c]));
    const ordered: SavedScratchCell[] = [];
    for (const [after, {list}] of this.slots) {
      for (const element of list.children) {
        const saved = byId.get((element as HTMLElement).dataset.cell!);
        if (saved) ordered.push({...saved, after});
      }
    }
    this.host.work.scratch = ordered;
  }

  private entries(): SavedScratchCell[] {
    return (this.host.work.scratch ??= []);
  }
}
