// @vitest-environment happy-dom
// The visual rule builder: its model (rule <-> tree) and the form, driven as a student drives it.
import {describe, expect, it} from "vitest";
import {loyaltyCustomers, LOYALTY_SEGMENTS} from "../../../src/lib/data/loyalty.js";
import {ruleBuilder} from "../../../src/lib/segments/ruleBuilder.js";
import {parseValue, ruleToTree, treeToRule} from "../../../src/lib/segments/ruleTree.js";
import {segmentMask} from "../../../src/lib/segments/rules.js";

describe("the rule <-> tree model", () => {
  it("round-trips every stored segment rule (a lone condition comes back wrapped in an and group)", () => {
    for (const {rule} of LOYALTY_SEGMENTS) {
      const back = treeToRule(ruleToTree(rule)!);
      expect("and" in rule || "or" in rule ? back : (back.and as unknown[])[0]).toEqual(rule);
    }
  });

  it("nested groups, in-lists, the empty rule; null for what the builder does not edit", () => {
    const rule = {or: [{and: [{">": [{var: "a"}, 1]}, {in: [{var: "s"}, ["x", "y"]]}]}, {"!==": [{var: "d"}, null]}]};
    expect(treeToRule(ruleToTree(rule)!)).toEqual(rule);
    expect(ruleToTree({})).toEqual({kind: "group", combine: "and", children: []});
    expect(treeToRule(ruleToTree({})!)).toEqual({});
    expect(ruleToTree({"!": {"==": [{var: "a"}, 1]}})).toBeNull();
    expect(ruleToTree({">": [{var: "a"}, {var: "b"}]})).toBeNull();
    expect(ruleToTree({">": [{"+": [{var: "a"}, 1]}, 2]})).toBeNull();
  });

  it("parseValue reads what a student types", () => {
    expect(parseValue("30", "number", "<")).toBe(30);
    expect(parseValue(" null ", "number", "!==")).toBeNull();
    expect(parseValue("active", "string", "==")).toBe("active");
    expect(parseValue("12", "string", "==")).toBe("12");
    expect(parseValue("vip, active,", "string", "in")).toEqual(["vip", "active"]);
    expect(parseValue("1, 2", "number", "in")).toEqual([1, 2]);
    expect(parseValue("true", "boolean", "==")).toBe(true);
  });
});

describe("ruleBuilder", () => {
  const customers = loyaltyCustomers({n: 500});

  function events(form: HTMLElement): {count: number} {
    const seen = {count: 0};
    form.addEventListener("input", () => seen.count++);
    return seen;
  }
  const q = <T extends Element>(form: HTMLElement, sel: string) => form.querySelector(sel) as unknown as T;
  const qa = <T extends Element>(form: HTMLElement, sel: string) => Array.from(form.querySelectorAll(sel)) as unknown as T[];

  it("starts from its value, shows the JSON, and offers the table's columns as fields", () => {
    const form = ruleBuilder({fields: customers, value: LOYALTY_SEGMENTS[0]!.rule});
    expect(form.value).toEqual(LOYALTY_SEGMENTS[0]!.rule);
    expect(JSON.parse(q<HTMLElement>(form, "pre.rb-json").textContent!)).toEqual(LOYALTY_SEGMENTS[0]!.rule);
    expect(qa<HTMLSelectElement>(form, "select.rb-field")).toHaveLength(3);
    expect(Array.from(q<HTMLSelectElement>(form, "select.rb-field").options, (o) => o.value)).toEqual(customers.columnNames());
    // text columns suggest their values
    expect(Array.from(form.querySelectorAll("datalist option"), (o) => (o as HTMLOptionElement).value)).toEqual(expect.arrayContaining(["active", "vip", "inactive"]));
  });

  it("every control has a label that says which condition it edits", () => {
    const form = ruleBuilder({fields: customers, value: {or: [{"<": [{var: "tenure_days"}, 90]}, {and: [{">": [{var: "orders_90d"}, 2]}]}]}});
    const labels = qa<HTMLElement>(form, "select, input, button").map((c) => c.getAttribute("aria-label"));
    expect(labels.every((l) => l && l.length > 5)).toBe(true);
    expect(labels).toEqual(expect.arrayContaining(["Field of condition 1", "Comparison of condition 1", "Value of condition 1", "Remove condition 1", "Field of condition 2.1", "Remove group 2", "Add condition to the rule", "Combine the conditions of the rule with"]));
  });

  it("an edit changes the value and fires input; the empty rule is everyone", () => {
    const form = ruleBuilder({fields: customers});
    const seen = events(form);
    expect(form.value).toEqual({});
    q<HTMLButtonElement>(form, "button.rb-add").click();
    expect(seen.count).toBe(1);
    const field = q<HTMLSelectElement>(form, "select.rb-field");
    field.value = "days_since_last_purchase";
    field.dispatchEvent(new Event("change"));
    const op = q<HTMLSelectElement>(form, "select.rb-op");
    op.value = "<";
    op.dispatchEvent(new Event("change"));
    const box = q<HTMLInputElement>(form, "input.rb-value");
    box.value = "30";
    box.dispatchEvent(new Event("input", {bubbles: true}));
    expect(form.value).toEqual({and: [{"<": [{var: "days_since_last_purchase"}, 30]}]});
    expect(seen.count).toBe(4); // one per edit: the value box's own event does not reach the form's listeners
    expect(segmentMask(customers, form.value).some(Boolean)).toBe(true);
  });

  it("adds a nested group with the other combinator, focuses what it added, removes", () => {
    const form = ruleBuilder({fields: customers, value: {"<": [{var: "tenure_days"}, 90]}});
    document.body.append(form);
    q<HTMLButtonElement>(form, "button.rb-add-group").click();
    expect(document.activeElement?.getAttribute("aria-label")).toBe("Add condition to group 2");
    (document.activeElement as HTMLButtonElement).click();
    expect(document.activeElement?.getAttribute("aria-label")).toBe("Field of condition 2.1");
    expect(form.value).toEqual({and: [{"<": [{var: "tenure_days"}, 90]}, {or: [{">": [{var: "customer_id"}, 0]}]}]});
    q<HTMLButtonElement>(form, 'button[aria-label="Remove group 2"]').click();
    expect(form.value).toEqual({and: [{"<": [{var: "tenure_days"}, 90]}]});
    q<HTMLButtonElement>(form, 'button[aria-label="Remove condition 1"]').click();
    expect(form.value).toEqual({});
    expect(form.textContent).toContain("every customer matches");
    form.remove();
  });

  it("setting value re-draws the builder without firing input; the value handed out is a copy", () => {
    const form = ruleBuilder({fields: customers});
    const seen = events(form);
    form.value = LOYALTY_SEGMENTS[3]!.rule;
    expect(seen.count).toBe(0);
    expect(q<HTMLInputElement>(form, "input.rb-value").value).toBe("vip");
    const v = form.value as {and: Array<Record<string, unknown>>};
    v.and.pop();
    expect((form.value as {and: unknown[]}).and).toHaveLength(1);
  });

  it("says what it cannot do", () => {
    expect(() => ruleBuilder({fields: []})).toThrow(/fields must be a table or a non-empty list/);
    expect(() => ruleBuilder({fields: ["a"], value: {"!": {var: "a"}}})).toThrow(/cannot edit/);
    expect(() => ruleBuilder({fields: ["a"], value: {">": [{var: "b"}, 1]}})).toThrow(/reads "b", which is not among the fields \(a\)/);
  });
});
