// The transpiler: one cell of plain JavaScript (as in Observable Framework) to a CellProgram the engine runs on
// @observablehq/runtime. Same contract as notebook-kit's `transpileJavaScript` (the differential test checks
// inputs, outputs and autodisplay against it), plus what a teaching notebook needs: loop guards, imports
// from a table of bundled modules instead of the network, and assignments to other cells' variables reported
// rather than thrown.
//
// The body keeps the cell's code byte-identical except for small splices (guards, rewritten imports), and
// every splice stays on its line: body line = cell line + BODY_LINE_OFFSET.
import type {Expression, Options, Program} from "acorn";
import {parse, parseExpressionAt, tokenizer, tokTypes} from "acorn";
import {CellSyntaxError, type CellProgram} from "./types.js";
import {GUARD_NAME, IMPORT_NAME} from "./transpile-globals.js";
import {analyzeScopes, cellError, hasTopLevelAwait} from "./transpile-scope.js";
import {applyEdits, guardLoops, rewriteImports, type Edit} from "./transpile-rewrite.js";
import {recordDeclarations} from "./transpile-defined.js";

export {BODY_LINE_OFFSET, GUARD_NAME, IMPORT_NAME} from "./transpile-globals.js";


/**
 * Cells parse as modules (strict mode, top-level `import`, top-level `await`), as notebook-kit parses them.
 * `import` stays top-level only: acorn's own error says so if a cell nests one.
 */
const PARSE_OPTIONS: Options = {
  ecmaVersion: "latest",
  sourceType: "module",
  allowAwaitOutsideFunction: true,
  allowHashBang: false
};

/**
 * Transpiles one cell. Throws CellSyntaxError (1-based line and column in the cell) for a syntax error,
 * `export`, top-level `return`, an assignment to a global, a redefined global, `import.meta`, or a use of
 * the reserved names `__guard` and `__import`.
 *
 * - inputs: free names the cell reads, in order of first reference; then `__import` if the cell imports,
 *   then `__guard` if it has a loop. The engine supplies both.
 * - outputs: top-level declared names, in source order; the body returns `{...outputs}`, and registers each
 *   one in `__defined` once declared (transpile-defined.ts), for a run that fails part-way.
 * - autodisplay: the cell is a single expression (no trailing `;`) that does not call `display` or `view`.
 *   The cell is first parsed as an expression, so `{a: 1}` is an object literal, displayed (as notebook-kit
 *   does), not a block with a label; a named `function f() {}` or `class A {}` is a declaration.
 * - assigns: free names the cell writes (`x = 1`, `x += 1`, `x++`, `[x] = a`, `for (x of a)`), at any depth.
 *   A name only written is not an input; one also read (`x += 1`) is both.
 * - imports: static imports become `await __import(specifier, names)` in place; a dynamic `import(x)` becomes
 *   `__import(x)` (still a promise of the module), so nothing is ever fetched from the network. Literal
 *   specifiers are listed in `imports` for the engine's unknown-import check; a computed one is checked by
 *   `__import` when it runs.
 */
export function transpileCell(source: string): CellProgram {
  const root = parseCell(source);
  const expression = root.type !== "Program";
  if (!expression) checkTopLevel(root, source);
  const scopes = analyzeScopes(root, source);
  const edits: Edit[] = [];
  const imports = rewriteImports(root, source, edits);
  const loops = guardLoops(root, edits, source);

  const inputs = unique(scopes.references.map((id) => id.name));
  if (imports.used) inputs.push(IMPORT_NAME);
  if (loops > 0) inputs.push(GUARD_NAME);
  const outputs = unique(scopes.declarations.map((id) => id.name));
  if (!expression && outputs.length) recordDeclarations(root, edits);
  const assigns = unique(scopes.assignments.map((id) => id.name));
  const hasImportDeclaration = !expression && root.body.some((node) => node.type === "ImportDeclaration");
  const async = hasImportDeclaration || hasTopLevelAwait(root);
  const autodisplay = expression && !inputs.includes("display") && !inputs.includes("view");

  const header = `${async ? "async " : ""}(${inputs.join(", ")}) => {${expression ? "return (" : ""}`;
  const footer = `${expression ? "\n)" : ""}${outputs.length > 0 ? `\nreturn {${outputs.join(", ")}};` : ""}\n}`;
  const body = `${header}\n${applyEdits(source, edits)}${footer}`;
  return {body, inputs, outputs, autodisplay, imports: imports.specifiers, assigns};
}

function unique(names: string[]): string[] {
  return [...new Set(names)];
}

/** An expression cell if the whole source is one expression, else a program (notebook-kit's rule). */
function parseCell(source: string): Program | Expression {
  const expression = parseWholeExpression(source);
  const named = (expression?.type === "FunctionExpression" || expression?.type === "ClassExpression") && expression.id;
  if (expression && !named) return expression;
  try {
    return parse(source, PARSE_OPTIONS);
  } catch (error) {
    throw toCellSyntaxError(error);
  }
}

function parseWholeExpression(source: string): Expression | undefined {
  try {
    // Without preserveParens, `({a})` would end at its `}` and look followed by more code.
    const outer = parseExpressionAt(source, 0, {...PARSE_OPTIONS, preserveParens: true});
    const next = tokenizer(source.slice(outer.end), PARSE_OPTIONS).getToken();
    return next.type === tokTypes.eof ? parseExpressionAt(source, 0, PARSE_OPTIONS) : undefined;
  } catch {
    return undefined;
  }
}

/** Acorn's messages end in "(line:column)"; ours carry them as fields. Some get a plainer wording. */
const FRIENDLIER: [RegExp, string][] = [
  [
    /^'return' outside of function/,
    "'return' is not allowed at the top level of a cell: end the cell with an expression to display a value, or declare a name (const x = …) for other cells to use"
  ]
];

function toCellSyntaxError(error: unknown): unknown {
  if (!(error instanceof SyntaxError)) return error;
  const loc = (error as SyntaxError & {loc?: {line: number; column: number}}).loc;
  if (!loc) return error;
  let message = error.message.replace(/\s*\(\d+:\d+\)$/, "");
  for (const [pattern, friendlier] of FRIENDLIER) if (pattern.test(message)) message = friendlier;
  return new CellSyntaxError(message, loc.line, loc.column + 1);
}

function checkTopLevel(program: Program, source: string): void {
  for (const node of program.body) {
    if (
      node.type === "ExportNamedDeclaration" ||
      node.type === "ExportDefaultDeclaration" ||
      node.type === "ExportAllDeclaration"
    ) {
      throw cellError(
        source,
        node.start,
        "'export' is not allowed in a cell: every top-level name (const x = …) is already visible to the other cells, so remove 'export'"
      );
    }
  }
}
