// The visual rule builder: an input that edits a JSONLogic segment rule, for `view()` like Observable Inputs (a
// form whose `value` is the rule, firing "input" on every change, so the cells that read it re-run live).
//
// Plain form controls (select, text box, button), each with its own label, so it works by keyboard and screen
// reader without custom key handling: Tab moves between controls, arrows choose in a menu, Enter or Space presses.

import type {ColumnTable} from "arquero";
import {LibraryInputError, describe} from "../base.js";
import {columnValues} from "../columnValues.js";
import {COMPARISONS, formatValue, parseValue, ruleToTree, treeToRule, type Comparison, type ConditionNode, type GroupNode} from "./ruleTree.js";

export interface RuleField {
  name: string;
  /** How typed values are read: numbers for "number" (default for numeric columns), text otherwise. */
  type?: "number" | "string" | "boolean";
  /** Values to suggest in the value box (a table's text columns suggest their distinct values). */
  values?: readonly unknown[];
}

export interface RuleBuilderOptions {
  /** The fields a condition may compare: an arquero table (its columns), or names, or {name, type, values}. */
  fields: ColumnTable | ReadonlyArray<string | RuleField>;
  /** The rule to start from (JSONLogic); default {}, everyone. */
  value?: Record<string, unknown>;
  /** A label above the builder. */
  label?: string;
  /** The document to build in (default: the page's). */
  document?: Document;
}

const OP_LABELS: Record<Comparison, string> = {
  "==": "== equals",
  "!=": "!= not equal",
  "===": "=== equals, strictly",
  "!==": "!== not, strictly",
  "<": "< less than",
  "<=": "<= at most",
  ">": "> greater than",
  ">=": ">= at least",
  in: "in one of (a, b, ...)"
};

// Colours from the page's theme variables where there are some (Drillbook's page: light and dark), else these.
const STYLE = `
.drillbook-rb{font:13px system-ui,sans-serif;max-width:760px}
.drillbook-rb fieldset{border:1px solid var(--line,#c9ced6);border-radius:6px;margin:.25rem 0;padding:.35rem .6rem .5rem}
.drillbook-rb fieldset fieldset{background:var(--wash,#f6f8fa)}
.drillbook-rb legend{padding:0 .25rem}
.drillbook-rb ul{list-style:none;margin:.25rem 0;padding:0}
.drillbook-rb li{margin:.2rem 0;display:flex;gap:.35rem;flex-wrap:wrap;align-items:center}
.drillbook-rb li>fieldset{flex:1}
.drillbook-rb select,.drillbook-rb input,.drillbook-rb button{font:inherit;padding:.15rem .3rem}
.drillbook-rb input.rb-value{width:11rem}
.drillbook-rb .rb-actions{display:flex;gap:.35rem;margin-top:.25rem}
.drillbook-rb pre{background:var(--wash,#f6f8fa);color:var(--ink,inherit);border-radius:4px;padding:.4rem .6rem;margin:.4rem 0 0;white-space:pre-wrap;font-size:12px}
.drillbook-rb .rb-note{color:var(--warn,#8a4b00);margin:.25rem 0}
.drillbook-rb :focus-visible{outline:2px solid var(--accent,#4269d0);outline-offset:1px}
`;

function fieldList(spec: RuleBuilderOptions["fields"]): RuleField[] {
  const fn = "ruleBuilder";
  if (spec && typeof (spec as ColumnTable).columnNames === "function") {
    const t = spec as ColumnTable;
    return t.columnNames().map((name) => {
      const values = columnValues(t, name);
      let first: unknown = null;
      for (let i = 0; i < values.length && first == null; i++) first = values[i];
      const type = typeof first === "number" ? "number" : typeof first === "boolean" ? "boolean" : "string";
      if (type !== "string") return {name, type};
      // a text column's values are suggested when there are few of them (a status, a country; not names or ids)
      const distinct = new Set<unknown>();
      for (let i = 0; i < values.length && distinct.size <= 30; i++) if (values[i] != null) distinct.add(values[i]);
      return distinct.size > 0 && distinct.size <= 30 ? {name, type, values: [...distinct]} : {name, type};
    });
  }
  if (!Array.isArray(spec) || spec.length === 0) {
    throw new LibraryInputError(`${fn}: fields must be a table or a non-empty list of field names, got ${describe(spec)}`);
  }
  return spec.map((f, i) => {
    const field = typeof f === "string" ? {name: f} : f;
    if (!field || typeof field.name !== "string" || field.name === "") {
      throw new LibraryInputError(`${fn}: fields[${i}] is ${describe(f)}: expected a field name or {name, type}`);
    }
    return {type: "string", ...field};
  });
}

/**
 * An input that edits a JSONLogic rule with and/or groups and comparisons (==, !=, ===, !==, <, <=, >, >=, in) on
 * the given fields, and shows the rule's JSON. Use it with `view`:
 * `const rule = view(ruleBuilder({fields: customers, value: LOYALTY_SEGMENTS[0].rule}))`.
 * In the value box, `null` is null, `true`/`false` are booleans, and `in` takes a comma-separated list.
 */
export function ruleBuilder(options: RuleBuilderOptions): HTMLFormElement & {value: Record<string, unknown>} {
  const fn = "ruleBuilder";
  if (!options || typeof options !== "object") throw new LibraryInputError(`${fn} takes {fields, value}, for example ruleBuilder({fields: customers}); got ${describe(options)}`);
  const doc = options.document ?? globalThis.document;
  if (!doc) throw new LibraryInputError(`${fn}: there is no document to build the form in: pass {document}`);
  const fields = fieldList(options.fields);
  const byName = new Map(fields.map((f) => [f.name, f]));
  const start = options.value ?? {};
  let tree = ruleToTree(start);
  if (!tree) throw new LibraryInputError(`${fn}: the builder cannot edit ${JSON.stringify(start)}: it edits and/or groups of comparisons of a field with a value`);
  for (const name of fieldsOf(tree)) {
    if (!byName.has(name)) throw new LibraryInputError(`${fn}: the rule reads "${name}", which is not among the fields (${fields.map((f) => f.name).join(", ")})`);
  }

  const el = (tag: string, props: Record<string, string> = {}, text?: string): HTMLElement => {
    const node = doc.createElement(tag);
    for (const [k, v] of Object.entries(props)) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  };

  const form = doc.createElement("form") as HTMLFormElement & {value: Record<string, unknown>};
  form.className = "drillbook-rb";
  form.setAttribute("aria-label", options.label ?? "Segment rule");
  form.addEventListener("submit", (e) => e.preventDefault());
  const style = el("style");
  style.textContent = STYLE;
  form.append(style);
  if (options.label) form.append(el("div", {class: "rb-label"}, options.label));
  const body = el("div", {class: "rb-tree"});
  const json = el("pre", {class: "rb-json", "aria-label": "The rule as JSONLogic", "aria-live": "polite"});
  const datalists = el("div", {hidden: ""});
  const uid = nextId++;
  form.append(body, json, datalists);
  fields.forEach((f, i) => {
    if (!f.values) return;
    const list = el("datalist", {id: `drillbook-rb-values-${uid}-${i}`});
    for (const v of f.values) list.append(el("option", {value: formatValue(v)}));
    datalists.append(list);
  });
  const listId = (name: string) => {
    const i = fields.findIndex((f) => f.name === name);
    return fields[i]?.values ? `drillbook-rb-values-${uid}-${i}` : null;
  };

  const changed = () => {
    json.textContent = JSON.stringify(treeToRule(tree!), null, 1).replace(/\n\s*/g, " ");
    form.dispatchEvent(new Event("input", {bubbles: true}));
  };

  /** Re-renders the whole tree, then focuses the control at `focus` (a data-key), as after adding or removing. */
  const render = (focus?: string) => {
    body.replaceChildren(renderGroup(tree!, [], null));
    json.textContent = JSON.stringify(treeToRule(tree!), null, 1).replace(/\n\s*/g, " ");
    if (focus) (body.querySelector(`[data-key="${focus}"]`) as HTMLElement | null)?.focus();
  };

  const name = (path: number[]) => path.map((i) => i + 1).join(".");

  const renderCondition = (node: ConditionNode, path: number[], parent: GroupNode): HTMLElement => {
    const li = el("li", {class: "rb-condition"});
    const label = `condition ${name(path)}`;
    const field = el("select", {class: "rb-field", "aria-label": `Field of ${label}`, "data-key": `${name(path)}:field`}) as HTMLSelectElement;
    for (const f of fields) field.append(el("option", {value: f.name}, f.name));
    field.value = node.field;
    const op = el("select", {class: "rb-op", "aria-label": `Comparison of ${label}`, "data-key": `${name(path)}:op`}) as HTMLSelectElement;
    for (const c of COMPARISONS) op.append(el("option", {value: c}, OP_LABELS[c]));
    op.value = node.op;
    const value = el("input", {class: "rb-value", type: "text", "aria-label": `Value of ${label}`, "data-key": `${name(path)}:value`, autocomplete: "off"}) as HTMLInputElement;
    const setList = () => {
      const id = listId(node.field);
      if (id) value.setAttribute("list", id);
      else value.removeAttribute("list");
      value.placeholder = node.op === "in" ? "a, b, c" : byName.get(node.field)?.type === "number" ? "a number, or null" : "a value, or null";
      value.inputMode = byName.get(node.field)?.type === "number" && node.op !== "in" ? "decimal" : "text";
    };
    value.value = formatValue(node.value);
    setList();
    const read = () => (node.value = parseValue(value.value, byName.get(node.field)?.type ?? "string", node.op));
    field.addEventListener("change", () => {
      node.field = field.value;
      read();
      setList();
      changed();
    });
    op.addEventListener("change", () => {
      node.op = op.value as Comparison;
      read();
      setList();
      changed();
    });
    value.addEventListener("input", (e) => {
      e.stopPropagation(); // the form's own input event carries the new rule
      read();
      changed();
    });
    const remove = el("button", {type: "button", class: "rb-remove", "aria-label": `Remove ${label}`, "data-key": `${name(path)}:remove`}, "Remove");
    remove.addEventListener("click", () => {
      parent.children.splice(path[path.length - 1]!, 1);
      render(`${name(path.slice(0, -1)) || "root"}:add`);
      changed();
    });
    li.append(field, op, value, remove);
    return li;
  };

  const renderGroup = (group: GroupNode, path: number[], parent: GroupNode | null): HTMLElement => {
    const key = name(path) || "root";
    const label = path.length ? `group ${name(path)}` : "the rule";
    const box = el("fieldset", {class: "rb-group"});
    const legend = el("legend");
    const combine = el("select", {class: "rb-combine", "aria-label": `Combine the conditions of ${label} with`, "data-key": `${key}:combine`}) as HTMLSelectElement;
    combine.append(el("option", {value: "and"}, "all of (and)"), el("option", {value: "or"}, "any of (or)"));
    combine.value = group.combine;
    combine.addEventListener("change", () => {
      group.combine = combine.value as "and" | "or";
      changed();
    });
    legend.append(path.length ? `Group ${name(path)}: match ` : "Match ", combine);
    box.append(legend);
    const list = el("ul");
    group.children.forEach((child, i) => {
      const at = [...path, i];
      if (child.kind === "condition") list.append(renderCondition(child, at, group));
      else {
        const li = el("li");
        li.append(renderGroup(child, at, group));
        list.append(li);
      }
    });
    if (group.children.length === 0) list.append(el("li", {class: "rb-empty"}, path.length ? "No conditions yet." : "No conditions: every customer matches."));
    box.append(list);
    const actions = el("div", {class: "rb-actions"});
    // Each button's name begins with its visible text, so a voice user who says "click Add condition" reaches it.
    const addCondition = el("button", {type: "button", class: "rb-add", "aria-label": `Add condition to ${label}`, "data-key": `${key}:add`}, "Add condition");
    addCondition.addEventListener("click", () => {
      const f = fields[0]!;
      group.children.push({kind: "condition", field: f.name, op: f.type === "number" ? ">" : "==", value: f.type === "number" ? 0 : ""});
      render(`${name([...path, group.children.length - 1])}:field`);
      changed();
    });
    const addGroup = el("button", {type: "button", class: "rb-add-group", "aria-label": `Add group to ${label}`, "data-key": `${key}:add-group`}, "Add group");
    addGroup.addEventListener("click", () => {
      group.children.push({kind: "group", combine: group.combine === "and" ? "or" : "and", children: []});
      render(`${name([...path, group.children.length - 1])}:add`);
      changed();
    });
    actions.append(addCondition, addGroup);
    if (parent) {
      const remove = el("button", {type: "button", class: "rb-remove-group", "aria-label": `Remove ${label}`, "data-key": `${key}:remove`}, "Remove group");
      remove.addEventListener("click", () => {
        parent.children.splice(path[path.length - 1]!, 1);
        render(`${name(path.slice(0, -1)) || "root"}:add`);
        changed();
      });
      actions.append(remove);
    }
    box.append(actions);
    return box;
  };

  Object.defineProperty(form, "value", {
    get: () => treeToRule(tree!),
    set: (rule: unknown) => {
      const next = ruleToTree(rule);
      if (!next) throw new LibraryInputError(`${fn}: the builder cannot edit ${JSON.stringify(rule)}: it edits and/or groups of comparisons of a field with a value`);
      tree = next;
      render();
    }
  });
  render();
  return form;
}

let nextId = 0;

function fieldsOf(group: GroupNode): string[] {
  return group.children.flatMap((c) => (c.kind === "condition" ? [c.field] : fieldsOf(c)));
}
