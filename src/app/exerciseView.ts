// An exercise: its prompt, the student's cell, the check badges (data-check, data-status; announced to screen
// readers), and the Hint / Show solution / Reset actions.
import type {Exercise} from "../notebook/types.js";
import type {CheckState} from "../runtime/session.js";
import type {CellView} from "./cellView.js";
import {h} from "./dom.js";

export interface ExerciseViewOptions {
  exercise: Exercise;
  promptHtml: string;
  cell: CellView;
  hintsShown: number;
  onHint(count: number): void;
  onReset(): void;
  onUseSolution(code: string): void;
  /** The solution was shown: the page records it (it goes in the submission, for the instructor). */
  onSolutionShown(): void;
  /** Shown before (this visit or an earlier one): it opens without asking again. */
  solutionShown: boolean;
  /** Say this to screen readers once the run settles; a later text with the same key replaces an earlier one. */
  announce(text: string, key?: string): void;
}

const BADGE: Record<string, {icon: string; label: string}> = {
  pending: {icon: "…", label: "checking"},
  "not-attempted": {icon: "○", label: "not attempted"},
  passed: {icon: "✓", label: "passed"},
  failed: {icon: "✗", label: "failed"},
  error: {icon: "!", label: "error"},
  timeout: {icon: "⏱", label: "timed out"}
};

export class ExerciseView {
  readonly element: HTMLElement;
  private readonly badges = new Map<string, HTMLElement>();
  private readonly hintList: HTMLElement;
  private readonly hintButton: HTMLButtonElement;
  private readonly score: HTMLElement;
  private shown: number;
  private readonly statuses = new Map<string, string>();
  /** Each check's last status other than "pending". */
  private readonly settled = new Map<string, string>();
  /** What each failing check said, for the spoken summary. */
  private readonly failures = new Map<string, string>();

  constructor(private readonly o: ExerciseViewOptions) {
    const ex = o.exercise;
    this.shown = Math.min(o.hintsShown, ex.hints.length);
    this.score = h("span", {class: "exercise-score"});
    const header = h("header", {class: "exercise-header"},
      h("h3", {id: `ex-${ex.id}-title`}, `Exercise: ${ex.title}`),
      h("span", {class: "points"}, `${ex.points} point${ex.points === 1 ? "" : "s"}`),
      this.score);
    const prompt = h("div", {class: "prose exercise-prompt"});
    prompt.innerHTML = o.promptHtml;

    const list = h("ul", {class: "checks", "aria-label": `Checks for ${ex.title}`});
    for (const c of ex.checks) {
      const badge = h("li", {class: "badge", "data-check": `${ex.id}/${c.name}`, "data-status": "pending", "aria-label": `${c.message}: not checked yet`},
        h("span", {class: "badge-icon", "aria-hidden": "true"}, BADGE.pending!.icon),
        h("span", {class: "badge-text"}, h("span", {class: "badge-name"}, c.message), h("span", {class: "badge-detail"})));
      this.badges.set(`${ex.id}/${c.name}`, badge);
      list.append(badge);
    }

    this.hintList = h("ol", {class: "hints", "aria-live": "polite"});
    this.hintButton = h("button", {type: "button", class: "hint"}) as HTMLButtonElement;
    this.hintButton.addEventListener("click", () => this.revealHint());
    const reset = h("button", {type: "button", class: "reset"}, "Reset");
    const actions = h("div", {class: "exercise-actions"}, this.hintButton);
    const confirmBox = h("div", {class: "confirm", hidden: true, role: "group"});
    const solutionBox = h("div", {class: "solution", hidden: true});
    if (ex.solution !== undefined) {
      const show = h("button", {type: "button", class: "show-solution"}, "Show solution");
      let seen = o.solutionShown;
      const reveal = () => {
        seen = true;
        o.onSolutionShown();
        this.showSolution(solutionBox);
      };
      show.addEventListener("click", () => seen
        ? reveal()
        : this.confirm(show, confirmBox, "See the solution? Your submission will say you saw it. Try the hints first: working it out is how it sticks.", "Show it", reveal));
      actions.append(show);
    }
    reset.addEventListener("click", () => this.confirm(reset, confirmBox, "Put the starter code back? Ctrl-Z in the editor brings your code back.", "Reset", () => o.onReset()));
    actions.append(reset);
    this.element = h("section", {class: "exercise", "data-exercise": ex.id, "aria-labelledby": `ex-${ex.id}-title`},
      header, prompt, o.cell.element, list, actions, confirmBox, this.hintList, solutionBox);
    for (let i = 0; i < this.shown; i++) this.appendHint(i);
    this.updateHintButton();
  }

  update(state: CheckState): void {
    const badge = this.badges.get(state.id);
    if (!badge) return;
    const look = BADGE[state.status] ?? BADGE.pending!;
    badge.dataset.status = state.status;
    badge.querySelector(".badge-icon")!.textContent = look.icon;
    const detail = state.status === "passed" || state.status === "pending" || state.status === "not-attempted" ? "" : state.message;
    badge.querySelector(".badge-detail")!.textContent = detail;
    badge.setAttribute("aria-label", `${state.description}: ${look.label}${detail ? `. ${detail}` : ""}`);
    this.statuses.set(state.id, state.status);
    // Announce a settled result that differs from the last settled one; not the first results at page load.
    if (state.status !== "pending") {
      const before = this.settled.get(state.id);
      this.settled.set(state.id, state.status);
      if (state.status === "failed" || state.status === "error" || state.status === "timeout") this.failures.set(state.id, `${state.description} (${look.label}${detail ? `: ${detail}` : ""})`);
      else this.failures.delete(state.id);
      if (before && before !== state.status) this.o.announce(this.summary(), this.o.exercise.id);
    }
    const passed = [...this.statuses.values()].filter((s) => s === "passed").length;
    this.score.textContent = `${passed}/${this.badges.size} checks`;
    this.element.classList.toggle("complete", passed === this.badges.size);
  }

  /** "Sum of squares: 1 of 2 checks passed; failing: …", read out when a run changes a check of this exercise. */
  private summary(): string {
    const passed = [...this.statuses.values()].filter((s) => s === "passed").length;
    const failing = [...this.failures.values()];
    return `${this.o.exercise.title}: ${passed} of ${this.badges.size} checks passed${failing.length ? `; failing: ${failing.join("; ")}` : ""}`;
  }

  private revealHint(): void {
    if (this.shown >= this.o.exercise.hints.length) return;
    this.appendHint(this.shown++);
    this.o.onHint(this.shown);
    this.updateHintButton();
  }

  private appendHint(i: number): void {
    const li = h("li", {class: "hint-text prose"});
    li.innerHTML = this.o.exercise.hints[i]!;
    this.hintList.append(li);
  }

  private updateHintButton(): void {
    const left = this.o.exercise.hints.length - this.shown;
    this.hintButton.textContent = left ? `Hint (${left} left)` : "No more hints";
    this.hintButton.disabled = left === 0;
  }

  private confirm(opener: HTMLElement, box: HTMLElement, question: string, yes: string, action: () => void): void {
    const ok = h("button", {type: "button", class: "confirm-yes"}, yes);
    const cancel = h("button", {type: "button", class: "confirm-no"}, "Cancel");
    box.replaceChildren(h("span", {}, question), ok, cancel);
    box.hidden = false;
    // The buttons are removed on close: give focus back to the button that asked, so keyboard users keep their place.
    const close = () => {
      box.hidden = true;
      box.replaceChildren();
      opener.focus();
    };
    ok.addEventListener("click", () => (close(), action()));
    cancel.addEventListener("click", close);
    cancel.focus();
  }

  private showSolution(box: HTMLElement): void {
    const code = this.o.exercise.solution ?? "";
    const use = h("button", {type: "button", class: "use-solution"}, "Put it in my cell");
    use.addEventListener("click", () => this.o.onUseSolution(code));
    box.replaceChildren(h("h4", {}, "Solution"), h("pre", {class: "solution-code", tabindex: "0", "aria-label": "Solution code"}, h("code", {}, code)), use);
    box.hidden = false;
    use.focus();
  }
}
