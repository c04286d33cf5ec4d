// Scratch cells: the student's own cells, reactive like the others, never able to take a notebook name, change a
// notebook value or feed a check.
import {afterEach, describe, expect, it} from "vitest";
import {parseNotebook} from "../../../src/notebook/parse.js";
import {Session, type SessionOptions} from "../../../src/runtime/session.js";

const sessions: Session[] = [];
afterEach(() => sessions.splice(0).forEach((s) => s.dispose()));

const js = (code: string, attrs = "") => `\n\`\`\`js ${attrs}\n${code}\n\`\`\`\n`;
const BODY =
  js('const FEATURES = ["tenure", "spend"];\nconst base = 4;', "id=setup") +
  `\n::: exercise id=double points=1 title="Double"\n${js("const doubled = todo();", "starter")}\n${js("const doubled = base * 2;", "solution")}\n` +
  `${js('assert.equal(doubled, base * 2, "doubled");', 'check name=is-double message="doubled is base times two"')}\n::: hint\nMultiply.\n:::\n:::\n`;

async function open(options: SessionOptions = {}) {
  const s = new Session(parseNotebook(`---\nid: t\ntitle: T\nsummary: S\nversion: 1\n---\n${BODY}`, "t.md"), {refuseNotebookChanges: true, ...options});
  sessions.push(s);
  s.start();
  await s.whenIdle();
  return s;
}

const settle = async (s: Session) => {
  await s.whenIdle();
  await new Promise((r) => setTimeout(r, 0));
  await s.whenIdle();
};

describe("scratch cells", () => {
  it("run reactively: they read notebook values and re-run when those change", async () => {
    const s = await open();
    s.addScratch("scratch-1", "base * 10");
    await settle(s);
    expect(s.cell("scratch-1")).toMatchObject({status: "ok", displays: [40]});
    s.setSource("setup", 'const FEATURES = ["tenure", "spend"];\nconst base = 5;');
    await settle(s);
    expect(s.cell("scratch-1").displays).toEqual([50]);
  });

  it("read each other, and can be removed (what read them then fails)", async () => {
    const s = await open({scratch: [{id: "scratch-1", code: "const tries = base + 1;"}, {id: "scratch-2", code: "tries * 2"}]});
    expect(s.cell("scratch-2").displays).toEqual([10]);
    s.removeScratch("scratch-1");
    await settle(s);
    expect(s.cellIds()).not.toContain("scratch-1");
    expect(s.cell("scratch-2").status).toBe("error");
    expect(() => s.removeScratch("setup")).toThrow(/only scratch cells/);
  });

  it("cannot redefine a notebook name, even when edited after it, and the notebook's cell keeps it", async () => {
    const s = await open();
    s.addScratch("scratch-1", "const base = 100;");
    await settle(s);
    expect(s.cell("scratch-1")).toMatchObject({status: "error", static: true});
    expect(s.cell("scratch-1").message).toMatch(/^`base` belongs to the notebook \(cell "setup"( \(t\.md:\d+\))? defines it\), so a scratch cell cannot redefine it\. Use another name here, like `myBase`/);
    // the notebook's own cell, edited later, still owns the name
    s.setSource("setup", 'const FEATURES = ["tenure"];\nconst base = 6;');
    await settle(s);
    expect(s.cell("setup").status).toBe("ok");
    expect(await s.value("base")).toBe(6);
  });

  it("cannot take an exercise's name either, so a check never reads a scratch value", async () => {
    const s = await open({code: {double: "const twice = base * 2;"}});
    s.addScratch("scratch-1", "const doubled = base * 2;");
    await settle(s);
    // the exercise does not define `doubled`: the scratch cell would own it, so the check is refused instead
    expect(s.checks()[0]!.status).not.toBe("passed");
    expect(s.checks()[0]!.message).toMatch(/`doubled` is defined in your scratch cell "scratch-1", and scratch cells are not graded, so the notebook cannot use it: the exercise cell must define `doubled`/);
  });

  it("are not read by the notebook's cells or exercises", async () => {
    const s = await open({code: {double: "const doubled = helper(base);"}});
    s.addScratch("scratch-1", "const helper = (x) => x * 2;");
    await settle(s);
    expect(s.cell("double")).toMatchObject({status: "error"});
    expect(s.cell("double").message).toMatch(/`helper` is defined in your scratch cell "scratch-1".*define `helper` in this cell instead/);
    expect(s.checks()[0]!.status).not.toBe("passed");
  });

  it("are student code: changing a notebook value there is refused in the student's words", async () => {
    const s = await open();
    s.addScratch("scratch-1", 'FEATURES.push("orders");\nconst n = FEATURES.length;');
    await settle(s);
    expect(s.cell("scratch-1")).toMatchObject({status: "error", message: expect.stringMatching(/^`FEATURES` belongs to the notebook/)});
    expect(await s.value("FEATURES")).toEqual(["tenure", "spend"]);
  });

  it("wait for start() like every other cell (safe mode), and an id is used once", async () => {
    const s = new Session(parseNotebook(`---\nid: t\ntitle: T\nsummary: S\nversion: 1\n---\n${BODY}`, "t.md"), {scratch: [{id: "scratch-1", code: "base"}]});
    sessions.push(s);
    expect(s.cell("scratch-1").status).toBe("not-run");
    expect(() => s.addScratch("scratch-1", "1")).toThrow(/already exists/);
    s.start();
    await settle(s);
    expect(s.cell("scratch-1").displays).toEqual([4]);
  });
});
