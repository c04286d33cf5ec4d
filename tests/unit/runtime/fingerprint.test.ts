// The fingerprint notices any change student code can make to a value, and nothing else.
import * as aq from "arquero";
import {describe, expect, it} from "vitest";
import {LinearRegression} from "../../../src/lib/index.js";
import {fingerprint} from "../../../src/runtime/fingerprint.js";

const fresh = () => {
  const model = new LinearRegression().fit([[1], [2], [3]], [2, 4, 6.5]);
  return {
    features: ["tenure", "spend"],
    column: new Float64Array([1.5, 2.5, 3.5]),
    table: aq.table({a: new Float64Array([1, 2]), b: ["x", "y"]}),
    model,
    nested: {a: {b: [1, 2, {c: "d"}]}},
    map: new Map([["k", 1]]),
    set: new Set([1, 2])
  };
};

describe("fingerprint", () => {
  it("is the same for the same contents, and for equal copies", () => {
    expect(fingerprint(fresh())).toBe(fingerprint(fresh()));
  });

  const mutations: Array<[string, (v: ReturnType<typeof fresh>) => void]> = [
    ["an element pushed", (v) => v.features.push("x")],
    ["the length changed", (v) => (v.features.length = 5)],
    ["an element replaced", (v) => (v.features[0] = "orders")],
    ["a reverse in place", (v) => v.features.reverse()],
    ["a typed array written", (v) => v.column.fill(0)],
    ["one typed-array element nudged", (v) => (v.column[2] = 3.5000000001)],
    ["a table's column written in place", (v) => (v.table.column("a") as unknown as Float64Array).fill(7)],
    ["a model's coefficients replaced", (v) => ((v.model as unknown as {coef: unknown}).coef = new Float64Array(99))],
    ["a property defined", (v) => Object.defineProperty(v.model, "coef", {value: new Float64Array(1), writable: false})],
    ["a method added", (v) => ((v.features as unknown as {forEach: unknown}).forEach = () => {})],
    ["a getter added", (v) => Object.defineProperty(v.nested, "a", {get: () => 1})],
    ["the prototype swapped", (v) => Object.setPrototypeOf(v.model, {})],
    ["Object.assign onto it", (v) => Object.assign(v.nested.a, {z: 1})],
    ["a nested value changed", (v) => ((v.nested.a.b[2] as {c: string}).c = "e")],
    ["a Map entry set", (v) => v.map.set("k", 2)],
    ["a Set entry added", (v) => v.set.add(3)],
    ["a property deleted", (v) => delete (v.nested as {a?: unknown}).a]
  ];

  it.each(mutations)("changes when %s", (_, mutate) => {
    const v = fresh();
    const before = fingerprint(v);
    mutate(v);
    expect(fingerprint(v)).not.toBe(before);
  });

  it("hashes a 472,000-value typed array through its bytes", () => {
    const big = new Float64Array(472_000).map((_, i) => i * 0.5);
    const before = fingerprint(big);
    big[471_999] += 1;
    expect(fingerprint(big)).not.toBe(before);
  });
});
