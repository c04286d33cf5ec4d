import {afterEach, describe, expect, it} from "vitest";
import {parseNotebook} from "../../../src/notebook/parse.js";
import {Session} from "../../../src/runtime/session.js";
import {TaskSlicer} from "../../../src/runtime/taskSlicer.js";

describe("TaskSlicer", () => {
  it("says a turn is due once the current task has run past the budget, and starts a new slice after yielding", async () => {
    let t = 0;
    const slicer = new TaskSlicer(50, () => t);
    expect(slicer.due()).toBe(false); // the first cell of a task starts the slice
    t = 30;
    expect(slicer.due()).toBe(false);
    t = 51;
    expect(slicer.due()).toBe(true);
    await slicer.yield();
    expect(slicer.due()).toBe(false); // a new slice from the yield
    t = 200;
    await new Promise((r) => setTimeout(r, 5)); // the task ended by itself: the next cell starts a new slice
    expect(slicer.due()).toBe(false);
  });
});

describe("a long run of cells", () => {
  const sessions: Session[] = [];
  afterEach(() => sessions.splice(0).forEach((s) => s.dispose()));

  it("is cut into tasks between cells, so a timer set at the start fires before the run ends", async () => {
    // five cells in a chain, each busy for 30 ms: 150 ms in one piece without slicing
    const busy = "(() => { const t0 = performance.now(); while (performance.now() - t0 < 30) {} globalThis.__ends.push(performance.now()); })()";
    const cells = ["a", "b", "c", "d", "e"].map((id, k) => `\n\`\`\`js id=${id}\nconst ${id} = ${k ? ["a", "b", "c", "d"][k - 1] + " + " : ""}1; ${busy};\n\`\`\`\n`).join("");
    const g = globalThis as {__ends?: number[]};
    g.__ends = [];
    const s = new Session(parseNotebook(`---\nid: t\ntitle: T\nsummary: S\nversion: 1\n---\n${cells}`, "t.md"));
    sessions.push(s);
    let timerAt = Infinity;
    s.start();
    setTimeout(() => (timerAt = performance.now()), 0);
    await s.whenIdle();
    expect(g.__ends).toHaveLength(5);
    expect(await s.value("e")).toBe(5);
    expect(timerAt).toBeLessThan(g.__ends![4]!);
  });
});
