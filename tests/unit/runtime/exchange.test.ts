// @vitest-environment happy-dom
// What crosses from the student's realm to the checks' realm: data only, rebuilt with the checks' own constructors.
import * as aq from "arquero";
import {describe, expect, it} from "vitest";
import {KMeans, LinearRegression} from "../../../src/lib/index.js";
import {decode, encode, Unsupported, type Encoded} from "../../../src/runtime/exchange.js";

/** Encode, cross as postMessage would (structured clone), decode. */
const roundTrip = (value: unknown, call?: (id: number, args: Encoded[]) => Promise<Encoded>, register?: Parameters<typeof encode>[2]) =>
  decode(structuredClone(encode(value, "x", register)), call);

describe("exchange: plain data crosses as it is", () => {
  it.each([
    ["a number", 3.5], ["a string", "Premium"], ["a boolean", true], ["null", null], ["undefined", undefined], ["a bigint", 10n],
    ["an array", [1, "a", [2, 3]]], ["a plain object", {a: 1, b: {c: [1, 2]}}], ["a Map", new Map([["k", 1]])], ["a Set", new Set([1, 2])],
    ["a Date", new Date(0)], ["a RegExp", /a+/gi]
  ])("%s", (_, value) => {
    expect(roundTrip(value)).toEqual(value);
  });

  it("typed arrays keep their type and only their own elements (not the whole buffer behind a view)", () => {
    const buffer = new Float64Array([1, 2, 3, 4]);
    const out = roundTrip(buffer.subarray(1, 3)) as Float64Array;
    expect(out).toBeInstanceOf(Float64Array);
    expect(Array.from(out)).toEqual([2, 3]);
    expect(out.buffer.byteLength).toBe(16);
  });

  it("keeps shared references and cycles", () => {
    const shared = [1, 2];
    const o: Record<string, unknown> = {a: shared, b: shared};
    o.self = o;
    const out = roundTrip(o) as Record<string, unknown>;
    expect(out.a).toBe(out.b);
    expect(out.self).toBe(out);
  });
});

describe("exchange: nothing with behaviour crosses", () => {
  it("an array's own methods stay behind: the checks' side calls the real ones", () => {
    const arr = [1, 2, 3] as number[] & {reduce: unknown; every: unknown};
    arr.reduce = () => 999;
    Object.defineProperty(arr, "every", {value: () => true, enumerable: false});
    const out = roundTrip(arr) as number[];
    expect(out.reduce((a, b) => a + b, 0)).toBe(6);
    expect(out.every((v) => v > 2)).toBe(false);
    expect(Object.getPrototypeOf(out)).toBe(Array.prototype);
  });

  it("a getter runs once, on the student's side: the checks read a plain value that cannot change", () => {
    let reads = 0;
    const o = {get answer() {
      reads += 1;
      return reads === 1 ? "first" : new Error().stack?.includes("check") ? "for the check" : "later";
    }};
    const out = roundTrip(o) as {answer: string};
    expect(out.answer).toBe("first");
    expect(out.answer).toBe("first");
    expect(Object.getOwnPropertyDescriptor(out, "answer")).toMatchObject({value: "first", writable: true});
  });

  it("toString and valueOf of the student's object do not cross", () => {
    const o = {n: 1, toString: () => "385", valueOf: () => 385};
    const out = roundTrip(o) as Record<string, unknown>;
    const asText = () => `${out}`;
    const asNumber = () => Number(out);
    // The methods arrive as values that cannot run: converting throws (a check error), never yields 385.
    expect(asText).toThrow(TypeError);
    expect(asNumber).toThrow(TypeError);
    expect(out.n).toBe(1);
  });

  it("an object of another class crosses as its fields, with no prototype but Object's", () => {
    class Fake {
      coef = [1, 2];
      predict() {
        return [42];
      }
    }
    const out = roundTrip(new Fake()) as Record<string, unknown>;
    expect(out).toEqual({coef: [1, 2]});
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
  });

  it("Symbol.hasInstance tricks stay behind: a plain object never passes instanceof HTMLAnchorElement", () => {
    const fake = {href: "blob:x", download: "m.json"};
    const out = roundTrip(fake);
    expect(out instanceof HTMLAnchorElement).toBe(false);
  });

  it("a symbol or a pending promise arrives as a value that cannot pass a check", () => {
    expect(roundTrip(Symbol("s"))).toBeInstanceOf(Unsupported);
    expect(String(roundTrip(new Promise(() => {})))).toMatch(/a Promise \(await it in your cell\)/);
  });
});

describe("exchange: values with behaviour are rebuilt from their data by the checks' side", () => {
  it("a fitted model is rebuilt from its saved JSON: the checks' class, the student's numbers", () => {
    const X = [[1], [2], [3], [4]];
    const model = new LinearRegression().fit(X, [2, 4, 6, 8]);
    (model as unknown as {predict: unknown}).predict = () => [0];
    const out = roundTrip(model) as LinearRegression;
    expect(out).toBeInstanceOf(LinearRegression);
    expect(out.predict([[5]])[0]).toBeCloseTo(10, 9);
  });

  it("a k-means model keeps what its saved form leaves out (the training labels) as plain data", () => {
    const X = [[0, 0], [0, 1], [10, 10], [10, 11]];
    const km = new KMeans({nClusters: 2, randomState: 1}).fit(X);
    const out = roundTrip(km) as KMeans;
    expect(out).toBeInstanceOf(KMeans);
    expect(Array.from(out.labels!)).toEqual(Array.from(km.labels!));
  });

  it("an arquero table is rebuilt from its columns (filtered rows only)", () => {
    const t = aq.table({a: [3, 1, 2], b: ["x", "y", "z"]}).filter((d: {a: number}) => d.a > 1);
    const out = roundTrip(t) as aq.ColumnTable;
    expect(out.objects()).toEqual([{a: 3, b: "x"}, {a: 2, b: "z"}]);
  });

  it("an element is rebuilt from its tag, attributes and text, without event handlers", () => {
    const a = document.createElement("a");
    a.href = "blob:http://x/1";
    a.download = "model.json";
    a.setAttribute("onclick", "alert(1)");
    a.textContent = "Download";
    const out = roundTrip(a) as HTMLAnchorElement;
    expect(out).toBeInstanceOf(HTMLAnchorElement);
    expect(out.getAttribute("href")).toBe("blob:http://x/1");
    expect(out.download).toBe("model.json");
    expect(out.hasAttribute("onclick")).toBe(false);
  });

  it("a function becomes a stand-in that calls the student's function back and resolves to its result as data", async () => {
    const registered: Array<(...args: unknown[]) => unknown> = [];
    const register = (fn: (...args: unknown[]) => unknown) => registered.push(fn) - 1;
    const double = (xs: number[]) => xs.map((x) => 2 * x);
    const call = async (id: number, args: Encoded[]) => encode(await registered[id]!(...args.map((a) => decode(structuredClone(a)))), "result", register);
    const out = roundTrip(double, call, register) as (xs: number[]) => Promise<number[]>;
    expect(out.name).toBe("x");
    await expect(out([1, 2])).resolves.toEqual([2, 4]);
  });
});
