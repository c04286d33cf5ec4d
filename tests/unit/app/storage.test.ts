// The page's autosave: IndexedDB (fake-indexeddb here) plus the synchronous localStorage stash written when the
// page goes away with a save still pending.
import "fake-indexeddb/auto";
import {beforeEach, describe, expect, it} from "vitest";
import {clearWork, emptyWork, loadWork, saveWork, stashWork, type SavedWork} from "../../../src/app/storage.js";

class MemoryStorage {
  private readonly items = new Map<string, string>();
  getItem(k: string): string | null {
    return this.items.get(k) ?? null;
  }
  setItem(k: string, v: string): void {
    this.items.set(k, String(v));
  }
  removeItem(k: string): void {
    this.items.delete(k);
  }
  keys(): string[] {
    return [...this.items.keys()];
  }
}

let storage: MemoryStorage;
beforeEach(async () => {
  storage = new MemoryStorage();
  (globalThis as unknown as {localStorage: MemoryStorage}).localStorage = storage;
  await clearWork("nb");
});

const work = (code: string, passed = 0): SavedWork => ({...emptyWork("nb", 1), cells: {a: {code, base: "x"}}, progress: {passed, total: 2}});

describe("storage", () => {
  it("saves and loads work through IndexedDB", async () => {
    expect(await loadWork("nb")).toBeUndefined();
    await saveWork(work("one"));
    expect((await loadWork("nb"))?.cells.a?.code).toBe("one");
  });

  it("prefers a stash newer than the IndexedDB copy (the page left before its save finished)", async () => {
    await saveWork(work("saved", 1));
    await new Promise((r) => setTimeout(r, 2)); // distinct savedAt timestamps
    stashWork(work("stashed", 2));
    const loaded = await loadWork("nb");
    expect(loaded?.cells.a?.code).toBe("stashed");
    expect(loaded?.progress.passed).toBe(2);
  });

  it("drops the stash once a later save reaches IndexedDB", async () => {
    stashWork(work("stashed"));
    await new Promise((r) => setTimeout(r, 2));
    await saveWork(work("newer"));
    expect(storage.keys()).not.toContain("drillbook:unsaved:nb");
    expect((await loadWork("nb"))?.cells.a?.code).toBe("newer");
  });

  it("ignores a stash that is not valid work", async () => {
    await saveWork(work("saved"));
    storage.setItem("drillbook:unsaved:nb", "{not json");
    expect((await loadWork("nb"))?.cells.a?.code).toBe("saved");
    storage.setItem("drillbook:unsaved:nb", JSON.stringify({notebook: "other", savedAt: "9999", cells: {}}));
    expect((await loadWork("nb"))?.cells.a?.code).toBe("saved");
  });

  it("clearWork removes both copies", async () => {
    await saveWork(work("saved"));
    stashWork(work("stashed"));
    await clearWork("nb");
    expect(await loadWork("nb")).toBeUndefined();
  });
});
