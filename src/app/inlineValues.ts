// Shows the values of the prose's inline expressions (`${…}`, notebook/inlineExpressions.ts) in their sentences.
// Each is a cell of its own; its span follows it: the value when it runs, a marked warning when it fails.
import type {CellState} from "../runtime/session.js";

export function showInline(root: ParentNode, state: CellState): void {
  const span = root.querySelector<HTMLElement>(`span[data-inline="${CSS.escape(state.id)}"]`);
  if (!span) return;
  span.dataset.status = state.status;
  if (state.status === "error" || state.status === "timeout" || state.status === "blocked") {
    span.textContent = "⚠";
    span.title = state.message ?? "this figure could not be computed";
    span.setAttribute("aria-label", `figure not available: ${span.title}`);
    return;
  }
  if (state.status !== "ok") return; // running: the last value stays until the new one comes
  span.removeAttribute("title");
  span.removeAttribute("aria-label");
  const value = state.displays.at(-1);
  if (value instanceof Node) span.replaceChildren(value);
  else span.textContent = inlineText(value);
}

/** A number as a sentence wants it (grouped thousands, at most 3 decimals); anything else as its text. */
export function inlineText(value: unknown): string {
  if (typeof value === "number") return Number.isFinite(value) ? value.toLocaleString("en-US", {maximumFractionDigits: 3}) : String(value);
  if (value === undefined || value === null) return "—";
  return String(value);
}
