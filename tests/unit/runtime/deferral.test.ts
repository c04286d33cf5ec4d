// Which cells may wait for the student to scroll to them, and which held cells must run once something reads them.
import {describe, expect, it} from "vitest";
import {deferrableTogether, heldButNeeded, isDeferrable, isDisplayOnly, type DeferralNode} from "../../../src/runtime/deferral.js";

// data -> model -> card -> (nothing); data -> summary, read by a check; model -> importance (display only)
const cells: DeferralNode[] = [
  {id: "data", inputs: [], outputs: ["rows"]},
  {id: "model", inputs: ["rows"], outputs: ["fitted", "auc"]},
  {id: "card", inputs: ["auc"], outputs: []},
  {id: "importance", inputs: ["fitted"], outputs: ["table"]},
  {id: "importance-view", inputs: ["table"], outputs: []},
  {id: "summary", inputs: ["rows"], outputs: ["mean"]},
  {id: "check", inputs: ["mean"], outputs: []}
];

describe("deferral rules", () => {
  it("a visible code cell outside exercises may be held; display-only is the case with no names", () => {
    const program = (outputs: string[]) => ({outputs});
    expect(isDeferrable({role: "code", hidden: false}, program(["m"]))).toBe(true);
    expect(isDisplayOnly({role: "code", hidden: false}, program(["m"]))).toBe(false);
    expect(isDisplayOnly({role: "code", hidden: false}, program([]))).toBe(true);
    expect(isDeferrable({role: "code", hidden: true}, program([]))).toBe(false);
    expect(isDeferrable({role: "exercise", hidden: false}, program([]))).toBe(false);
    expect(isDeferrable({role: "check", hidden: false}, program([]))).toBe(false);
    expect(isDeferrable({role: "code", hidden: false}, null)).toBe(false);
  });

  it("holds a chain together only when every reader of every link waits too", () => {
    expect([...deferrableTogether(["model", "card", "importance", "importance-view"], cells)].sort()).toEqual(["card", "importance", "importance-view", "model"]);
    // without the importance view, the importance table has a reader that runs: it runs, and so the model runs
    expect([...deferrableTogether(["model", "card", "importance"], cells)].sort()).toEqual(["card"]);
    // a check reads the summary: it never waits
    expect([...deferrableTogether(["summary"], cells)]).toEqual([]);
    // cells already held count as waiting readers
    expect([...deferrableTogether(["model", "importance"], cells, new Set(["card", "importance-view"]))].sort()).toEqual(["importance", "model"]);
  });

  it("releases what a running cell reads, through held cells in between, and nothing else", () => {
    const held = new Set(["model", "card", "importance", "importance-view"]);
    expect(heldButNeeded(cells, held)).toEqual([]);
    // the importance view is released (scrolled to): it needs the table, which needs the model; the card stays held
    held.delete("importance-view");
    expect(heldButNeeded(cells, held).sort()).toEqual(["importance", "model"]);
    // a student's edit that reads the AUC
    const edited = [...cells, {id: "exercise", inputs: ["auc"], outputs: ["answer"]}];
    expect(heldButNeeded(edited, new Set(["model", "card", "importance", "importance-view"]))).toEqual(["model"]);
  });
});
