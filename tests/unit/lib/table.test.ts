import {describe, expect, it} from "vitest";
import {aq, column, numericColumn, toMatrix} from "../../../src/lib/table.js";

describe("table helpers", () => {
  const t = aq.table({a: [1, 2, 3], b: [4.5, 5.5, 6.5], flag: [true, false, true], name: ["x", "y", "z"]});

  it("toMatrix builds rows in the order of the columns asked for; booleans become 1/0", () => {
    const X = toMatrix(t, ["b", "a", "flag"]);
    expect(X.map((r) => [...r])).toEqual([[4.5, 1, 1], [5.5, 2, 0], [6.5, 3, 1]]);
    expect(X[0]).toBeInstanceOf(Float64Array);
    const filtered = t.filter((d: {a: number}) => d.a > 1).orderby(aq.desc("a"));
    expect(toMatrix(filtered, ["a"]).map((r) => r[0])).toEqual([3, 2]);
  });

  it("numericColumn reads typed and plain columns without going through rows, and returns a copy", () => {
    const typed = aq.table({i: Int32Array.of(3, -1, 7), f: Float64Array.of(0.5, 1.5, 2.5), u: Uint8Array.of(1, 0, 1), p: [2, 4, 6]});
    for (const [name, want] of [["i", [3, -1, 7]], ["f", [0.5, 1.5, 2.5]], ["u", [1, 0, 1]], ["p", [2, 4, 6]]] as const) {
      const got = numericColumn(typed, name);
      expect(got).toBeInstanceOf(Float64Array);
      expect([...got]).toEqual(want);
      got[0] = 99; // a copy: the table keeps its values
      expect(numericColumn(typed, name)[0]).toBe(want[0]);
    }
    expect([...numericColumn(typed.filter((d: {i: number}) => d.i > 0), "i")]).toEqual([3, 7]);
    expect([...numericColumn(typed.orderby("i"), "f")]).toEqual([1.5, 0.5, 2.5]);
  });

  it("a missing column names itself and lists the available ones", () => {
    expect(() => toMatrix(t, ["a", "tenure"])).toThrow(/the table has no column "tenure". Available columns: "a", "b", "flag", "name"/);
    expect(() => column(t, "nope")).toThrow(/no column "nope"/);
  });

  it("text or missing values give an error naming the column and row", () => {
    expect(() => toMatrix(t, ["name"])).toThrow(/column "name" row 0 is "x": expected a finite number \(encode text columns first/);
    const holes = aq.table({v: [1, null, 3]});
    expect(() => numericColumn(holes, "v")).toThrow(/column "v" row 1 is null/);
    expect(() => toMatrix({} as never, ["a"])).toThrow(/must be an arquero table/);
  });

  it("column returns the values in the table's current order", () => {
    expect([...(column(t, "name") as string[])]).toEqual(["x", "y", "z"]);
    expect(aq.op).toBeDefined();
  });
});
