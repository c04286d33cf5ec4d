// Names a cell has declared so far, for a run that fails part-way. An exercise cell whose line 12 throws has
// still computed what lines 1 to 11 declared; the checks that read only those should run on them rather than all
// say "the exercise has an error" (a student's one broken line hid every other check's result).
//
// After each top-level `const`, class or import, the body registers a reader of each name: `__defined.a = () => a;`.
// Function declarations are
// hoisted, so they are registered before the first line. The engine gives each run its own `__defined` record
// (compile.ts) and reads it only when the run fails (session.ts). Every splice stays on its statement's last line.
import type {Pattern, Program} from "acorn";
import {DEFINED_NAME} from "./transpile-globals.js";
import type {Edit} from "./transpile-rewrite.js";

export function recordDeclarations(program: Program, edits: Edit[]): void {
  const register = (names: string[]) => names.map((n) => `${DEFINED_NAME}.${n} = () => ${n};`).join(" ");
  const hoisted: string[] = [];
  for (const node of program.body) {
    let names: string[] = [];
    // const only: a `let` is often a running total, and its value half-way through a loop that threw would read
    // as a wrong answer rather than the error it is.
    if (node.type === "VariableDeclaration" && node.kind === "const") names = node.declarations.flatMap((d) => patternNames(d.id));
    else if (node.type === "ClassDeclaration" && node.id) names = [node.id.name];
    else if (node.type === "ImportDeclaration") names = node.specifiers.map((s) => s.local.name);
    else if (node.type === "FunctionDeclaration" && node.id) hoisted.push(node.id.name);
    // `;` first: a statement that ends without one (`const a = 1` then a newline) must not run into ours.
    if (names.length) edits.push({start: node.end, end: node.end, text: `;${register(names)}`});
  }
  if (hoisted.length) edits.push({start: 0, end: 0, text: `${register(hoisted)} `});
}

function patternNames(pattern: Pattern): string[] {
  switch (pattern.type) {
    case "Identifier":
      return [pattern.name];
    case "ObjectPattern":
      return pattern.properties.flatMap((p) => patternNames(p.type === "RestElement" ? p.argument : p.value));
    case "ArrayPattern":
      return pattern.elements.flatMap((e) => (e ? patternNames(e) : []));
    case "RestElement":
      return patternNames(pattern.argument);
    case "AssignmentPattern":
      return patternNames(pattern.left);
    default:
      return [];
  }
}
