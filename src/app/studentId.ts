// A variant notebook (front matter `variants: true`) gives each student their own data, made from their id
// (runtime/variants.ts). The page asks for the id once, before the notebook runs (its data depends on it), keeps it
// with the work and for the next variant notebook, and shows the seed in the toolbar with a way to correct a typo.
import {normaliseStudentId, seedForStudent} from "../runtime/variants.js";
import {h} from "./dom.js";

const REMEMBERED = "drillbook:student";
const MAX_LENGTH = 64;

/** The id this browser last gave, for the next variant notebook (not asked again). */
export function rememberedStudentId(): string | undefined {
  try {
    return localStorage.getItem(REMEMBERED) ?? undefined;
  } catch {
    return undefined; // storage refused (a private window): ask
  }
}

export function forgetStudentId(): void {
  try {
    localStorage.removeItem(REMEMBERED);
  } catch {
    // nothing kept, nothing to forget
  }
}

/** Asks for the student's id in `root`; resolves once they give a usable one. */
export function askStudentId(root: HTMLElement, title: string): Promise<string> {
  return new Promise((resolve) => {
    const input = h("input", {type: "text", id: "student-id", name: "student-id", autocomplete: "username", maxlength: String(MAX_LENGTH), "aria-required": "true"}) as HTMLInputElement;
    const problem = h("p", {class: "student-id-problem", role: "alert"});
    const form = h("form", {class: "student-id"},
      h("h1", {}, title),
      h("p", {}, "This drill gives each student their own data, made from their student id: your figures differ from your classmates', and the grader makes the same data from your id to check your work."),
      h("label", {for: "student-id"}, "Your student id, as your course knows it"),
      input,
      problem,
      h("button", {type: "submit"}, "Start"));
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const id = input.value.trim();
      if (!id) return void (problem.textContent = "Type your student id first.");
      if (!/^[\p{L}\p{N}._@+-]+$/u.test(id)) return void (problem.textContent = "An id is letters, digits and . _ @ + - only, without spaces.");
      try {
        localStorage.setItem(REMEMBERED, id);
      } catch {
        // kept with this notebook's work anyway
      }
      resolve(id);
    });
    root.replaceChildren(h("main", {class: "notebook", id: "main"}, form));
    input.focus();
  });
}

/** The toolbar's note of whose data this is: the seed, the id, and a button to correct the id. */
export function studentBadge(student: string, onChange: () => void): HTMLElement {
  const change = h("button", {type: "button", class: "change-student", "aria-label": `Change id (now ${student}): your data is made from it`}, "Change id");
  change.addEventListener("click", onChange);
  return h("span", {class: "student-data", title: "Your data is made from your student id; the grader makes the same from it"},
    `Data seed ${seedForStudent(student)} · ${normaliseStudentId(student)}`, change);
}
