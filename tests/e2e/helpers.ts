// Shared steps for the browser tests. Everything waits on the page's automation hooks (body[data-state],
// [data-cell][data-status], [data-check][data-status]) or on events, never on fixed sleeps.
import {expect, type Frame, type FrameLocator, type Locator, type Page} from "@playwright/test";

export const WELCOME = "./?notebook=welcome";
export const EXERCISE = "sum-of-squares";
export const SOLUTION = "let sumOfSquares = 0; for (let i = 1; i <= n; i++) sumOfSquares += i * i;";
export const STARTER = 'const sumOfSquares = todo("add up i * i for i from 1 to n");';

// The app runs in a frame from another site (src/app/isolation): the tab's page is only the shell around it,
// which keeps the saved work (IndexedDB and localStorage stay the page's) and watches the frame.
export const RUNTIME_FRAME = 'iframe[name="drillbook-runtime"]';

/** The notebook (or the index) as locators reach it: inside the runtime frame, whichever frame is current. */
export const nb = (page: Page): FrameLocator => page.frameLocator(RUNTIME_FRAME);

/** The runtime frame itself, for evaluate and waitForFunction (a restarted notebook is a new frame: ask again). */
export async function runtime(page: Page): Promise<Frame> {
  await expect.poll(() => page.frame({name: "drillbook-runtime"})?.url() ?? "", {timeout: 20_000}).toMatch(/^http/);
  return page.frame({name: "drillbook-runtime"})!;
}

/**
 * Waits until body[data-state] is "idle" in the frame (it starts "busy" in index.html: rendered and settled).
 * A frame the page replaces meanwhile (reopened after a hang, or after landing in a frozen process) is followed.
 */
export async function waitIdle(page: Page): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return void (await (await runtime(page)).waitForFunction(() => document.body.dataset.state === "idle", null, {timeout: 30_000}));
    } catch (e) {
      if (attempt >= 3 || !/detached|destroyed/i.test((e as Error).message)) throw e;
    }
  }
}

export async function openNotebook(page: Page, url = WELCOME): Promise<void> {
  await page.goto(url);
  await waitIdle(page);
}

export const cell = (page: Page, id: string): Locator => nb(page).locator(`[data-cell="${id}"]`);
export const editorOf = (page: Page, id: string): Locator => cell(page, id).locator(".cm-content");
export const check = (page: Page, name: string, exercise = EXERCISE): Locator => nb(page).locator(`[data-check="${exercise}/${name}"]`);
export const output = (page: Page, id: string): Locator => cell(page, id).locator(".cell-output");

/**
 * Runs `action` and resolves once body[data-state] has gone "busy" and then back to "idle" because of it.
 * Use it only for actions that certainly start a run (a changed cell, a slider move).
 */
export async function settleAfter(page: Page, action: () => Promise<unknown>, timeoutMs = 20_000): Promise<void> {
  const frame = await runtime(page);
  await frame.evaluate(() => {
    const w = window as unknown as {__settled?: Promise<void>};
    w.__settled = new Promise<void>((resolve) => {
      let sawBusy = false;
      const observer = new MutationObserver((records) => {
        // Records keep the value each change replaced, so a busy→idle pair inside one batch is still seen.
        if (records.some((r) => r.oldValue === "busy") || document.body.dataset.state === "busy") sawBusy = true;
        if (sawBusy && document.body.dataset.state === "idle") {
          observer.disconnect();
          resolve();
        }
      });
      observer.observe(document.body, {attributes: true, attributeFilter: ["data-state"], attributeOldValue: true});
    });
  });
  await action();
  await frame.evaluate((ms) => {
    const w = window as unknown as {__settled: Promise<void>};
    return Promise.race([w.__settled, new Promise((_, reject) => setTimeout(() => reject(new Error(`page did not settle within ${ms} ms`)), ms))]);
  }, timeoutMs);
}

/**
 * Clicks into a cell's code (the editor, or the highlighted code shown until the editor is built) and replaces it,
 * as a student would: typed key by key when short, pasted when long or multi-line (typing Enter would auto-indent,
 * and typing a long line key by key costs seconds on a busy machine without testing anything more).
 */
export async function typeCode(page: Page, cellId: string, code: string): Promise<void> {
  await cell(page, cellId).locator(".cell-editor").click();
  await expect(editorOf(page, cellId)).toBeFocused();
  await page.keyboard.press("ControlOrMeta+A");
  if (code.includes("\n") || code.length > 40) await page.keyboard.insertText(code);
  else await page.keyboard.type(code);
  await expect(editorOf(page, cellId)).toHaveText(code.split("\n").join(""));
}

/** Types code into a cell and runs it with Shift-Enter, resolving once the page has settled. */
export async function typeAndRun(page: Page, cellId: string, code: string): Promise<void> {
  await typeCode(page, cellId, code);
  await settleAfter(page, () => page.keyboard.press("Shift+Enter"));
}

/** The student's saved work for a notebook, read from the page's IndexedDB as it stores it (idb-keyval's layout). */
export async function savedWork(page: Page, notebook = "welcome"): Promise<{cells: Record<string, {code: string}>; progress: {passed: number; total: number}} | null> {
  return page.evaluate((key) => new Promise((resolve, reject) => {
    const open = indexedDB.open("drillbook");
    open.onerror = () => reject(open.error);
    open.onupgradeneeded = () => open.result.createObjectStore("work");
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains("work")) return resolve(null);
      const req = db.transaction("work").objectStore("work").get(key);
      req.onsuccess = () => {
        resolve(req.result ?? null);
        db.close();
      };
      req.onerror = () => reject(req.error);
    };
  }), `notebook:${notebook}`);
}

/** Writes saved work for a notebook straight into IndexedDB (as an older visit of the page would have left it). */
export async function putSavedWork(page: Page, work: unknown, notebook = "welcome"): Promise<void> {
  await page.evaluate(([key, value]) => new Promise<void>((resolve, reject) => {
    const open = indexedDB.open("drillbook");
    open.onerror = () => reject(open.error);
    open.onupgradeneeded = () => open.result.createObjectStore("work");
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction("work", "readwrite");
      tx.objectStore("work").put(value, key as string);
      tx.oncomplete = () => {
        db.close();
        resolve();
      };
      tx.onerror = () => reject(tx.error);
    };
  }), [`notebook:${notebook}`, work] as const);
}

/** Collects uncaught page errors so a test can assert the page threw none. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  return errors;
}
