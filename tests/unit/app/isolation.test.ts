// The pieces of the page/runtime-frame split that need no browser: which origin the frame comes from, when the
// watchdog calls a frame unresponsive or ends it, and the saved-work requests the frame sends to the page.
import "fake-indexeddb/auto";
import {describe, expect, it} from "vitest";
import {runtimeOrigin} from "../../../src/app/isolation/runtimeOrigin.js";
import {Watchdog} from "../../../src/app/isolation/watchdog.js";
import {RemoteWorkStore} from "../../../src/app/isolation/remoteStore.js";
import {answerStore} from "../../../src/app/isolation/storeHost.js";
import type {PageMessage, StoreRequest} from "../../../src/app/isolation/messages.js";
import {emptyWork, localWorkStore} from "../../../src/app/storage.js";

const here = (url: string) => {
  const u = new URL(url);
  return {protocol: u.protocol, hostname: u.hostname, port: u.port, origin: u.origin};
};

describe("runtimeOrigin", () => {
  it.each([
    ["http://localhost:5173/?notebook=welcome", "", "http://127.0.0.1:5173"],
    ["http://127.0.0.1:4173/", "", "http://localhost:4173"],
    ["https://drills.example.edu/", "https://drills-run.example.edu/any/path", "https://drills-run.example.edu"],
    ["http://localhost:5173/", "https://elsewhere.example.org", "https://elsewhere.example.org"]
  ])("%s (configured %j) runs notebooks on %s", (url, configured, expected) => {
    expect(runtimeOrigin(here(url), configured)).toBe(expected);
  });

  it("has no second site to offer on a plain host, or when the configured one is the page's own", () => {
    expect(runtimeOrigin(here("https://drills.example.edu/"))).toBeUndefined();
    expect(runtimeOrigin(here("https://drills.example.edu/"), "https://drills.example.edu")).toBeUndefined();
  });
});

describe("Watchdog", () => {
  const limits = {noticeMs: 2500, restartMs: 10_000};

  it("watches nothing until the frame says hello", () => {
    const dog = new Watchdog(limits);
    expect(dog.ping(0)).toBeUndefined();
    expect(dog.verdict(60_000).state).toBe("answering");
  });

  it("answers, then tells at 2.5 s without a pong and ends the frame at 10 s", () => {
    const dog = new Watchdog(limits);
    dog.resume();
    const first = dog.ping(0)!;
    dog.pong(first);
    expect(dog.verdict(100).state).toBe("answering");
    dog.ping(250);
    expect(dog.ping(500)).toBeUndefined(); // one outstanding at a time
    expect(dog.verdict(2700).state).toBe("answering");
    expect(dog.verdict(2750)).toEqual({state: "unresponsive", forMs: 2500});
    expect(dog.verdict(10_250).state).toBe("restart");
  });

  it("measures from the ping sent, so a page whose own timers are throttled does not blame the frame", () => {
    const dog = new Watchdog(limits);
    dog.resume();
    dog.pong(dog.ping(0)!);
    // the page's timer next fires a minute later (a background tab): the frame answered everything it was sent
    expect(dog.verdict(60_000).state).toBe("answering");
    expect(dog.ping(60_000)).toBeDefined();
  });

  it("ignores a stale pong, and pauses while the frame is between documents", () => {
    const dog = new Watchdog(limits);
    dog.resume();
    dog.ping(0);
    dog.pong(999);
    expect(dog.verdict(3000).state).toBe("unresponsive");
    dog.pause();
    expect(dog.verdict(20_000).state).toBe("answering");
  });
});

describe("saved work through the page (RemoteWorkStore ⇄ answerStore)", () => {
  /** A frame's store wired to the page's handler, as the MessagePort does; requests are recorded in order. */
  function wired() {
    const sent: StoreRequest[] = [];
    const store: RemoteWorkStore = new RemoteWorkStore((request) => {
      sent.push(request);
      void answerStore(structuredClone(request), (reply: PageMessage) => reply.drillbook === "stored" && store.answered(structuredClone(reply)));
    });
    return {store, sent};
  }

  it("saves, loads and clears the page's copy, and reports the crash flag with the load", async () => {
    const memory = new Map<string, string>();
    (globalThis as unknown as {localStorage: unknown}).localStorage = {
      getItem: (k: string) => memory.get(k) ?? null,
      setItem: (k: string, v: string) => void memory.set(k, v),
      removeItem: (k: string) => void memory.delete(k)
    };
    const {store, sent} = wired();
    const work = {...emptyWork("nb", 1), cells: {a: {code: "x = 1", base: "x"}}};
    await store.save(work);
    expect((await localWorkStore.load("nb"))?.cells.a?.code).toBe("x = 1");

    store.flag.set("nb");
    expect(localWorkStore.flag.isSet("nb")).toBe(true); // at once: no answer awaited
    store.stash({...work, cells: {a: {code: "x = 2", base: "x"}}});
    expect((await store.load("nb"))?.cells.a?.code).toBe("x = 2"); // the stash is newer than the saved copy
    expect(store.flag.isSet("nb")).toBe(true);
    store.flag.clear("nb");
    expect(localWorkStore.flag.isSet("nb")).toBe(false);

    await store.clear("nb");
    expect(await store.load("nb")).toBeUndefined();
    expect(sent.map((r) => r.op)).toEqual(["save", "flag-set", "stash", "load", "flag-clear", "clear", "load"]);
  });

  it("turns a failure on the page's side into an error the frame can show", async () => {
    const store: RemoteWorkStore = new RemoteWorkStore((request) => store.answered({drillbook: "stored", call: request.call, error: "quota exceeded"}));
    await expect(store.save(emptyWork("nb", 1))).rejects.toThrow("could not reach your saved work: quota exceeded");
  });
});
