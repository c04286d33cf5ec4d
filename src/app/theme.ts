// Light or dark. The page follows the system (prefers-color-scheme, in styles.css) until the student presses the
// toolbar's toggle; the choice is then kept per browser, in the localStorage of the page the student opened. In
// the runtime frame (another origin, see isolation/) the page passes it in: in the frame's address when it opens
// it (read before anything paints, frameLink.ts) and by message after each hello, and the toggle's choice goes
// back to the page to keep.
import {h} from "./dom.js";

export type Theme = "light" | "dark";
const KEY = "drillbook:theme";
const toggles = new Set<HTMLButtonElement>();

export const isTheme = (t: unknown): t is Theme => t === "light" || t === "dark";

/** What this page's own storage holds (nothing: follow the system). */
export function storedTheme(): Theme | undefined {
  try {
    const t = localStorage.getItem(KEY);
    return isTheme(t) ? t : undefined;
  } catch {
    return undefined; // storage refused: follow the system
  }
}

/** Keeps the choice in this page's storage. */
export function storeTheme(t: Theme): void {
  try {
    localStorage.setItem(KEY, t);
  } catch {
    // storage refused: the choice lasts this visit
  }
}

let keep = storeTheme;

/** In the runtime frame: the toggle's choice goes to the page around it, which keeps it. */
export function keepThemeWith(send: (t: Theme) => void): void {
  keep = send;
}

export function applyTheme(t: Theme | undefined): void {
  if (t) document.documentElement.dataset.theme = t;
  else delete document.documentElement.dataset.theme;
  for (const button of toggles) showState(button);
}

const current = (): Theme => (document.documentElement.dataset.theme as Theme | undefined) ?? (matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light");

function showState(button: HTMLButtonElement): void {
  button.setAttribute("aria-pressed", String(current() === "dark"));
}

/** The toolbar's toggle: a button "Dark theme", pressed when the page is dark. */
export function themeToggle(): HTMLButtonElement {
  const button = h("button", {type: "button", class: "theme-toggle", title: "Switch between the light and the dark theme (kept in this browser)"}, "Dark theme");
  button.addEventListener("click", () => {
    const next: Theme = current() === "dark" ? "light" : "dark";
    applyTheme(next);
    keep(next);
  });
  toggles.add(button);
  showState(button);
  matchMedia("(prefers-color-scheme: dark)").addEventListener("change", () => showState(button));
  return button;
}
