// Source rewriting for the transpiler: loop guards and imports. Every change is a splice at an AST position,
// so the student's code stays byte-identical around it and keeps its line numbers (nothing here adds a line).
import type {AnyNode, Expression, ImportDeclaration, Program, Statement} from "acorn";
import {simple} from "acorn-walk";
import {cellError} from "./transpile-scope.js";
import {GUARD_NAME, IMPORT_NAME} from "./transpile-globals.js";

/** Replace `source[start, end)` by `text`; an insertion has `start === end`. */
export interface Edit {
  start: number;
  end: number;
  text: string;
}

/** Applies non-overlapping edits. At one position, insertions go first, in the order they were made. */
export function applyEdits(source: string, edits: readonly Edit[]): string {
  const sorted = edits
    .map((edit, index) => ({edit, index}))
    .sort((a, b) => a.edit.start - b.edit.start || +(a.edit.end > a.edit.start) - +(b.edit.end > b.edit.start) || a.index - b.index)
    .map(({edit}) => edit);
  let out = "";
  let cursor = 0;
  for (const {start, end, text} of sorted) {
    out += source.slice(cursor, start) + text;
    cursor = Math.max(cursor, end);
  }
  return out + source.slice(cursor);
}

/**
 * Puts `__guard(line);` first in the body of every loop, at any depth (`line`: the loop's line in the cell, so the
 * guard can say which loop ran too long). A block body gets it right after its `{`; any other body is wrapped:
 * `while (c) x++;` becomes `while (c) {__guard(1); x++;}` (labels, `break` and `continue` are untouched, so they
 * keep working). Returns the number of loops guarded.
 */
export function guardLoops(root: Program | Expression, edits: Edit[], source: string): number {
  let count = 0;
  const lineOf = (offset: number) => {
    let line = 1;
    for (let i = source.indexOf("\n"); i >= 0 && i < offset; i = source.indexOf("\n", i + 1)) line++;
    return line;
  };
  const guard = (body: Statement, line: number) => {
    ++count;
    const call = `${GUARD_NAME}(${line});`;
    if (body.type === "BlockStatement") {
      edits.push({start: body.start + 1, end: body.start + 1, text: call});
    } else {
      edits.push({start: body.start, end: body.start, text: `{${call} `});
      edits.push({start: body.end, end: body.end, text: "}"});
    }
  };
  const loop = (node: {body: Statement; start: number}) => guard(node.body, lineOf(node.start));
  simple(root, {
    ForStatement: loop,
    ForInStatement: loop,
    ForOfStatement: loop,
    WhileStatement: loop,
    DoWhileStatement: loop
  });
  return count;
}

export interface ImportRewrite {
  /** Module specifiers, static and literal dynamic ones, in source order without repeats. */
  specifiers: string[];
  /** True when the cell now calls `__import`. */
  used: boolean;
}

/**
 * Rewrites imports to read from the engine's module table, in place:
 *
 *     import {a, b as c} from "mod"   ->  const {a, b: c} = await __import("mod", ["a", "b"]);
 *     import d from "mod"             ->  const {default: d} = await __import("mod", ["default"]);
 *     import * as ns from "mod"       ->  const ns = await __import("mod");
 *     import "mod"                    ->  await __import("mod");
 *     import("mod")                   ->  __import("mod")          (a promise of the module, as before)
 *
 * `__import(specifier, names?)` resolves only bundled modules and checks that each listed name is exported.
 * A static import stays on its own line (an error it throws maps to that line); unlike an ES module, the
 * binding is not hoisted, so a cell must import before it uses the import at top level.
 */
export function rewriteImports(root: Program | Expression, source: string, edits: Edit[]): ImportRewrite {
  const specifiers = new Set<string>();
  let used = false;
  if (root.type === "Program") {
    for (const node of root.body) {
      if (node.type !== "ImportDeclaration") continue;
      const specifier = String(node.source.value);
      specifiers.add(specifier);
      used = true;
      const newlines = source.slice(node.start, node.end).replace(/[^\n]/g, "");
      edits.push({start: node.start, end: node.end, text: renderImport(node, specifier) + newlines});
    }
  }
  simple(root, {
    ImportExpression(node) {
      if (node.options) {
        throw cellError(source, node.options.start, "import() takes only a module name in a cell (no options)");
      }
      const specifier = literalValue(node.source);
      if (specifier !== undefined) specifiers.add(specifier);
      used = true;
      edits.push({start: node.start, end: node.start + "import".length, text: IMPORT_NAME});
    },
    MetaProperty(node) {
      if (node.meta.name === "import") throw cellError(source, node.start, "import.meta is not available in a cell");
    }
  });
  return {specifiers: [...specifiers], used};
}

function literalValue(node: AnyNode): string | undefined {
  if (node.type === "Literal" && typeof node.value === "string") return node.value;
  if (node.type === "TemplateLiteral" && node.expressions.length === 0) return node.quasis[0]!.value.cooked ?? undefined;
  return undefined;
}

function importedName(s: ImportDeclaration["specifiers"][number]): string {
  if (s.type === "ImportDefaultSpecifier") return "default";
  if (s.type === "ImportNamespaceSpecifier") return "*";
  return s.imported.type === "Identifier" ? s.imported.name : String(s.imported.value);
}

function renderImport(node: ImportDeclaration, specifier: string): string {
  const namespace = node.specifiers.find((s) => s.type === "ImportNamespaceSpecifier");
  const named = node.specifiers.filter((s) => s.type !== "ImportNamespaceSpecifier");
  const names = named.map(importedName);
  const properties = named.map((s, i) => {
    const name = names[i]!;
    const key = /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);
    return key === s.local.name ? key : `${key}: ${s.local.name}`;
  });
  const list = names.length > 0 ? `, [${names.map((n) => JSON.stringify(n)).join(", ")}]` : "";
  const call = `await ${IMPORT_NAME}(${JSON.stringify(specifier)}${list})`;
  if (namespace) {
    const ns = namespace.local.name;
    return `const ${ns} = ${call}${named.length > 0 ? `, {${properties.join(", ")}} = ${ns}` : ""};`;
  }
  return named.length > 0 ? `const {${properties.join(", ")}} = ${call};` : `${call};`;
}
