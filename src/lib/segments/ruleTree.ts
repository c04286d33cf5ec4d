// The rule builder's model: a JSONLogic rule as a tree of and/or groups and field comparisons, and back. Pure data,
// no DOM, so the conversions are tested on their own (tests/unit/lib/ruleBuilder.test.ts).

/** The comparisons the builder offers, in its menu's order. */
export const COMPARISONS = ["==", "!=", "===", "!==", "<", "<=", ">", ">=", "in"] as const;
export type Comparison = (typeof COMPARISONS)[number];

export interface ConditionNode {
  kind: "condition";
  field: string;
  op: Comparison;
  /** A number, text, true/false or null; for `in`, the list of allowed values. */
  value: unknown;
}

export interface GroupNode {
  kind: "group";
  combine: "and" | "or";
  children: Array<ConditionNode | GroupNode>;
}

export type RuleNode = ConditionNode | GroupNode;

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);
const isVar = (v: unknown): v is {var: string} => isObject(v) && Object.keys(v).length === 1 && typeof v.var === "string";
const isScalar = (v: unknown) => v === null || ["number", "string", "boolean"].includes(typeof v);

function toNode(rule: unknown): RuleNode | null {
  if (!isObject(rule)) return null;
  const keys = Object.keys(rule);
  if (keys.length !== 1) return null;
  const op = keys[0]!;
  const args = rule[op];
  if (op === "and" || op === "or") {
    if (!Array.isArray(args)) return null;
    const children = args.map(toNode);
    return children.every((c): c is RuleNode => c !== null) ? {kind: "group", combine: op, children} : null;
  }
  if (!(COMPARISONS as readonly string[]).includes(op) || !Array.isArray(args) || args.length !== 2 || !isVar(args[0])) return null;
  const value = args[1];
  if (op === "in" ? !Array.isArray(value) || !value.every(isScalar) : !isScalar(value)) return null;
  return {kind: "condition", field: args[0].var, op: op as Comparison, value: Array.isArray(value) ? [...value] : value};
}

/**
 * The tree of a rule, always with a group at the root (a lone condition becomes the one child of an "and" group;
 * `{}`, the empty rule, an empty "and" group); null when the rule uses something the builder does not edit
 * (`!`, arithmetic, a comparison of two fields).
 */
export function ruleToTree(rule: unknown): GroupNode | null {
  if (isObject(rule) && Object.keys(rule).length === 0) return {kind: "group", combine: "and", children: []};
  const node = toNode(rule);
  if (!node) return null;
  return node.kind === "group" ? node : {kind: "group", combine: "and", children: [node]};
}

function nodeToRule(node: RuleNode): Record<string, unknown> {
  if (node.kind === "group") return {[node.combine]: node.children.map(nodeToRule)};
  const value = Array.isArray(node.value) ? [...node.value] : node.value;
  return {[node.op]: [{var: node.field}, value]};
}

/** The JSONLogic rule of a tree; an empty root group is `{}`, everyone. */
export function treeToRule(tree: GroupNode): Record<string, unknown> {
  return tree.children.length === 0 ? {} : nodeToRule(tree);
}

/**
 * What a typed value means for a field: "null" is null, "true"/"false" are booleans, a number field takes a number,
 * anything else stays text. For `in`, a comma-separated list of such values.
 */
export function parseValue(text: string, type: "number" | "string" | "boolean", op: Comparison): unknown {
  if (op === "in") return text.split(",").map((t) => t.trim()).filter((t) => t !== "").map((t) => parseValue(t, type, "=="));
  const t = text.trim();
  if (t === "null") return null;
  if (t === "true" || t === "false") return t === "true";
  if (type === "number" && t !== "" && Number.isFinite(Number(t))) return Number(t);
  return t;
}

/** The text a value shows in the value box (the inverse of parseValue). */
export function formatValue(value: unknown): string {
  if (Array.isArray(value)) return value.map(formatValue).join(", ");
  if (value === null) return "null";
  return String(value);
}
