// Scope analysis for one cell: which names it declares at top level, which free names it reads, and which
// free names it writes. Two passes over the tree, as in notebook-kit's references.js: the first records the
// names each scope declares (so hoisting is handled: a use before its `var` or `function` is still local),
// the second resolves every identifier against the scopes enclosing it.
//
// Scoping rules (strict-mode JavaScript, with notebook-kit's choices where they differ):
// - `var` belongs to the nearest function (or the cell, or a class static block); `let`, `const` and
//   `class` to the nearest block (block, switch, for/for-in/for-of head, function body).
// - A function declaration belongs to the nearest function, even inside a block (sloppy-mode Annex B, which
//   is how the engine evaluates bodies, and what notebook-kit does).
// - Parameters, a function expression's own name and `arguments` (not for arrows) belong to the function;
//   a class expression's own name to the class; a catch parameter to its catch clause; imports to the cell.
import type {AnyNode, Identifier, Pattern, Program, Expression, Node} from "acorn";
import {getLineInfo} from "acorn";
import {ancestor, recursive} from "acorn-walk";
import {CellSyntaxError} from "./types.js";
import {GLOBALS, RESERVED} from "./transpile-globals.js";

export interface ScopeAnalysis {
  /** Names declared by top-level statements, in source order (with repeats). */
  declarations: Identifier[];
  /** Free identifiers read (not declared in the cell nor in an enclosing scope, not globals), in source order. */
  references: Identifier[];
  /** Free identifiers written (`x = 1`, `x += 1`, `x++`, `[x] = a`, `for (x of a)`), in source order. */
  assignments: Identifier[];
}

/** A CellSyntaxError at a character offset of the cell source (1-based line and column). */
export function cellError(source: string, offset: number, message: string): CellSyntaxError {
  const {line, column} = getLineInfo(source, offset);
  return new CellSyntaxError(message, line, column + 1);
}

type FunctionNode = Extract<AnyNode, {type: "FunctionDeclaration" | "FunctionExpression" | "ArrowFunctionExpression"}>;

function isFunction(node: AnyNode): node is FunctionNode {
  return (
    node.type === "FunctionDeclaration" ||
    node.type === "FunctionExpression" ||
    node.type === "ArrowFunctionExpression"
  );
}

/** Where `var` and function declarations land. */
function isFunctionScope(node: AnyNode): boolean {
  return isFunction(node) || node.type === "Program" || node.type === "StaticBlock";
}

/** Where `let`, `const` and `class` land. */
function isBlockScope(node: AnyNode): boolean {
  return (
    isFunctionScope(node) ||
    node.type === "BlockStatement" ||
    node.type === "SwitchStatement" ||
    node.type === "ForStatement" ||
    node.type === "ForInStatement" ||
    node.type === "ForOfStatement"
  );
}

/** The identifiers a binding or assignment pattern introduces, in source order. */
export function patternNames(pattern: Pattern | Node, out: Identifier[] = []): Identifier[] {
  const node = pattern as AnyNode;
  switch (node.type) {
    case "Identifier":
      out.push(node);
      break;
    case "ObjectPattern":
      for (const p of node.properties) patternNames(p.type === "Property" ? p.value : p, out);
      break;
    case "ArrayPattern":
      for (const e of node.elements) if (e) patternNames(e, out);
      break;
    case "RestElement":
      patternNames(node.argument, out);
      break;
    case "AssignmentPattern":
      patternNames(node.left, out);
      break;
  }
  return out;
}

/** Pattern node types an identifier may sit in between itself and the statement that owns the pattern. */
const PATTERN_TYPES = new Set(["ObjectPattern", "ArrayPattern", "RestElement", "AssignmentPattern", "Property"]);

type Role = "read" | "write" | "readwrite" | "binding";

/** What an identifier met in pattern position does: binds a name, or writes (and maybe reads) one. */
function patternRole(node: Identifier, ancestors: AnyNode[]): Role {
  let child: AnyNode = node;
  let i = ancestors.length - 2;
  while (i >= 0 && PATTERN_TYPES.has(ancestors[i]!.type)) child = ancestors[i--]!;
  const owner = ancestors[i];
  if (owner?.type === "AssignmentExpression" && owner.left === child) {
    return child === node && owner.operator !== "=" ? "readwrite" : "write";
  }
  if ((owner?.type === "ForInStatement" || owner?.type === "ForOfStatement") && owner.left === child) return "write";
  return "binding";
}

/** What an identifier met in expression position does. */
function expressionRole(node: Identifier, ancestors: AnyNode[]): Role {
  const parent = ancestors[ancestors.length - 2];
  if (parent?.type === "UpdateExpression") return "readwrite";
  if ((parent?.type === "ForInStatement" || parent?.type === "ForOfStatement") && parent.left === node) return "write";
  return "read";
}

export function analyzeScopes(root: Program | Expression, source: string): ScopeAnalysis {
  const locals = new Map<AnyNode, Set<string>>();

  function declare(scope: AnyNode | undefined, id: Identifier | {name: string; start: number}): void {
    if (RESERVED.has(id.name)) throw cellError(source, id.start, `'${id.name}' is a name Drillbook reserves: rename it`);
    if (!scope) return;
    const names = locals.get(scope);
    if (names) names.add(id.name);
    else locals.set(scope, new Set([id.name]));
  }

  /** The nearest ancestor (excluding the node itself, the last of `ancestors`) that satisfies `test`. */
  function nearest(ancestors: AnyNode[], test: (node: AnyNode) => boolean): AnyNode | undefined {
    for (let i = ancestors.length - 2; i >= 0; --i) if (test(ancestors[i]!)) return ancestors[i];
    return undefined;
  }

  function declareFunction(node: FunctionNode): void {
    for (const param of node.params) for (const id of patternNames(param)) declare(node, id);
    if (node.type === "FunctionExpression" && node.id) declare(node, node.id);
    if (node.type !== "ArrowFunctionExpression") declare(node, {name: "arguments", start: node.start});
  }

  // Pass 1: the names each scope declares.
  ancestor(root, {
    VariableDeclaration(node, _state, ancestors) {
      const scope = nearest(ancestors, node.kind === "var" ? isFunctionScope : isBlockScope);
      for (const d of node.declarations) for (const id of patternNames(d.id)) declare(scope, id);
    },
    FunctionDeclaration(node, _state, ancestors) {
      if (node.id) declare(nearest(ancestors, isFunctionScope), node.id);
      declareFunction(node);
    },
    FunctionExpression: declareFunction,
    ArrowFunctionExpression: declareFunction,
    ClassDeclaration(node, _state, ancestors) {
      if (node.id) declare(nearest(ancestors, isBlockScope), node.id);
    },
    ClassExpression(node) {
      if (node.id) declare(node, node.id);
    },
    CatchClause(node) {
      if (node.param) for (const id of patternNames(node.param)) declare(node, id);
    },
    ImportDeclaration(node) {
      for (const s of node.specifiers) declare(root, s.local);
    }
  });

  // Pass 2: resolve each identifier against its enclosing scopes.
  const references: Identifier[] = [];
  const assignments: Identifier[] = [];
  function isLocal(name: string, ancestors: AnyNode[]): boolean {
    for (let i = ancestors.length - 2; i >= 0; --i) if (locals.get(ancestors[i]!)?.has(name)) return true;
    return false;
  }
  function resolve(node: Identifier, ancestors: AnyNode[], role: Role): void {
    if (role === "binding" || isLocal(node.name, ancestors)) return;
    if (RESERVED.has(node.name)) throw cellError(source, node.start, `'${node.name}' is a name Drillbook reserves: rename it`);
    if (GLOBALS.has(node.name)) {
      if (role === "read") return;
      throw cellError(source, node.start, `Assignment to the global '${node.name}': declare a variable of your own instead`);
    }
    if (role !== "write") references.push(node);
    if (role !== "read") assignments.push(node);
  }
  ancestor(root, {
    Pattern(node, _state, ancestors) {
      if (node.type === "Identifier") resolve(node, ancestors, patternRole(node, ancestors));
    },
    Identifier(node, _state, ancestors) {
      resolve(node, ancestors, expressionRole(node, ancestors));
    }
  });

  const declarations: Identifier[] = [];
  if (root.type === "Program") {
    for (const child of root.body) {
      switch (child.type) {
        case "VariableDeclaration":
          for (const d of child.declarations) patternNames(d.id, declarations);
          break;
        case "FunctionDeclaration":
        case "ClassDeclaration":
          declarations.push(child.id);
          break;
        case "ImportDeclaration":
          for (const s of child.specifiers) declarations.push(s.local);
          break;
      }
    }
  }
  for (const id of declarations) {
    if (GLOBALS.has(id.name) || id.name === "arguments") {
      throw cellError(source, id.start, `The global '${id.name}' cannot be redefined: choose another name`);
    }
  }

  const bySource = (a: Node, b: Node) => a.start - b.start;
  return {declarations, references: references.sort(bySource), assignments: assignments.sort(bySource)};
}

/** True when the cell awaits at its top level (an `await` or `for await` outside any function). */
export function hasTopLevelAwait(root: Program | Expression): boolean {
  let found = false;
  const skip = () => {};
  recursive(root, null, {
    FunctionDeclaration: skip,
    FunctionExpression: skip,
    ArrowFunctionExpression: skip,
    AwaitExpression() {
      found = true;
    },
    ForOfStatement(node, state, c) {
      if (node.await) found = true;
      c(node.left, state);
      c(node.right, state);
      c(node.body, state);
    }
  });
  return found;
}
