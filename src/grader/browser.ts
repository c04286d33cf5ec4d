// Headless Chromium for grading, driven by Playwright. The browser keeps one tab per job (`--jobs`), each in
// its own browser context (storage, cache, renderer process). A submission runs in a freshly loaded grading page
// (a new document: new globals, nothing left from the one before), which may only load its own origin. Starting
// a tab costs ~0.5 s here and reloading one ~0.2 s, so a tab is reused while it behaves: a tab whose submission
// hung, crashed it or navigated away is closed with its context, which ends its renderer process, and replaced.
import {existsSync} from "node:fs";
import {chromium, type Browser, type BrowserContext, type Page} from "playwright-core";
import type {Notebook} from "../notebook/types.js";
import type {RunOutcome} from "./points.js";
import {pageResultSchema, type DrillbookGrade, type PageGradeOptions} from "./protocol.js";
import {serveStatic, type StaticServer} from "./server.js";

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-extensions",
  "--disable-default-apps",
  // No host name resolves: a request the routes below would miss still goes nowhere.
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"
];

/** Loading the grading page (not student code) gets this long before the tab is replaced and tried again. */
const LOAD_TIMEOUT_MS = 10_000;

export function chromiumPath(): string | undefined {
  return [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p): p is string => !!p && existsSync(p));
}

export interface RunLimits {
  /** From handing the submission to the page until its answer, ms. */
  timeoutMs: number;
  /** The engine's loop guard, ms. */
  loopLimitMs: number;
}

interface Tab {
  context: BrowserContext;
  page: Page;
  crashed: boolean;
  /** Resolves when a fresh grading page is loaded (rejects if it could not be). */
  ready: Promise<void>;
  /** A submission is running in this tab: any navigation of its page now is the submission's doing. */
  grading: boolean;
  /** The running submission tried to navigate the page (reload, another address); the navigation was refused. */
  navigated: boolean;
}

export class GradingBrowser {
  private readonly idle: Tab[] = [];
  private readonly waiting: Array<(tab: Tab | null) => void> = [];
  private closed = false;

  private constructor(private readonly browser: Browser, private readonly server: StaticServer, private readonly size: number) {}

  /** Serves `pageDir` (the built grading page) on 127.0.0.1 and starts Chromium with `tabs` tabs. */
  static async launch(pageDir: string, tabs: number): Promise<GradingBrowser> {
    const server = await serveStatic(pageDir);
    let browser: Browser;
    try {
      const executablePath = chromiumPath();
      browser = await chromium.launch({headless: true, ...(executablePath ? {executablePath} : {}), args: CHROMIUM_ARGS});
    } catch (e) {
      await server.close();
      throw new Error(`cannot start Chromium (${firstLine(e)}): install Debian's chromium or set CHROMIUM_PATH`);
    }
    const grading = new GradingBrowser(browser, server, Math.max(1, tabs));
    for (let i = 0; i < grading.size; i++) grading.idle.push(await grading.openTab());
    return grading;
  }

  get origin(): string {
    return this.server.origin;
  }

  /** Runs one submission's exercise code in a notebook; `notebookJson` is pageNotebook(notebook). */
  async run(notebookJson: string, code: Record<string, string>, limits: RunLimits): Promise<RunOutcome> {
    let tab = await this.acquire();
    if (!tab) return {kind: "crash", message: "the grader was closed before it ran"};
    try {
      await tab.ready;
    } catch {
      // One more try on a new tab: the grading page failed to load, which is not the submission's doing.
      await this.discard(tab);
      tab = await this.openTab();
      try {
        await tab.ready;
      } catch (e) {
        this.release(tab, false);
        return {kind: "crash", message: `it did not load (${firstLine(e)})`};
      }
    }
    const outcome = await this.evaluate(tab, notebookJson, code, limits);
    this.release(tab, outcome.kind === "done" && !tab.crashed);
    return outcome;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const w of this.waiting.splice(0)) w(null);
    await this.browser.close().catch(() => undefined);
    await this.server.close();
  }

  private async evaluate(tab: Tab, notebookJson: string, code: Record<string, string>, limits: RunLimits): Promise<RunOutcome> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<RunOutcome>((resolve) => {
      timer = setTimeout(() => resolve({kind: "timeout", seconds: +(limits.timeoutMs / 1000).toFixed(1)}), limits.timeoutMs);
    });
    const options: PageGradeOptions = {loopLimitMs: limits.loopLimitMs, budgetMs: Math.max(1000, limits.timeoutMs - 1000)};
    tab.grading = true;
    const work = (async (): Promise<RunOutcome> => {
      const text = await tab.page.evaluate(
        ([nb, c, o]) => (window as unknown as {drillbookGrade: DrillbookGrade}).drillbookGrade(nb, c, o),
        [notebookJson, code, options] as const
      );
      if (tab.navigated) return {kind: "crash", message: "it navigated away or was closed (the submission tried to leave the grading page)"};
      const parsed = pageResultSchema.safeParse(JSON.parse(text));
      if (!parsed.success) return {kind: "crash", message: `it answered something unexpected (${parsed.error.issues[0]?.message})`};
      return {kind: "done", result: parsed.data};
    })().catch((e: unknown): RunOutcome => {
      if (tab.crashed) return {kind: "crash", message: "the browser tab crashed (out of memory?)"};
      return {kind: "crash", message: `it navigated away or was closed (${firstLine(e)})`};
    });
    try {
      return await Promise.race([work, deadline]);
    } finally {
      clearTimeout(timer);
      tab.grading = false;
    }
  }

  private async openTab(): Promise<Tab> {
    const context = await this.browser.newContext({serviceWorkers: "block", acceptDownloads: false});
    const origin = this.server.origin;
    // Every request other than the grading page's own files is refused, WebSockets included.
    let tab: Tab | undefined;
    await context.route(() => true, (route) => {
      const request = route.request();
      // A submission that reloads or leaves the page is refused and recorded, deterministically: letting the
      // navigation through raced with the run (a fast run finished first and was graded as if nothing happened).
      if (tab?.grading && request.isNavigationRequest() && request.frame() === tab.page.mainFrame()) {
        tab.navigated = true;
        return route.abort("blockedbyclient");
      }
      return request.url().startsWith(origin + "/") ? route.continue() : route.abort("blockedbyclient");
    });
    await context.routeWebSocket(() => true, (ws) => ws.close({code: 1008, reason: "the grader allows no network"}));
    const page = await context.newPage();
    tab = {context, page, crashed: false, ready: Promise.resolve(), grading: false, navigated: false};
    page.on("crash", () => (tab.crashed = true));
    tab.ready = this.load(tab);
    // Awaited by the run that takes this tab; a tab closed while loading (the batch ended) must not raise.
    tab.ready.catch(() => undefined);
    return tab;
  }

  private async load(tab: Tab): Promise<void> {
    await tab.page.goto(`${this.server.origin}/grade.html`, {waitUntil: "load", timeout: LOAD_TIMEOUT_MS});
    await tab.page.waitForFunction(() => "drillbookGrade" in window, undefined, {timeout: LOAD_TIMEOUT_MS});
  }

  private acquire(): Promise<Tab | null> {
    if (this.closed) return Promise.resolve(null);
    const tab = this.idle.pop();
    if (tab) return Promise.resolve(tab);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** A tab that behaved reloads the grading page for the next submission; another is replaced by a new one. */
  private release(tab: Tab, reuse: boolean): void {
    if (this.closed) return;
    let next: Tab | Promise<Tab>;
    if (reuse) {
      tab.ready = this.load(tab);
      tab.ready.catch(() => undefined);
      next = tab;
    } else {
      void this.discard(tab);
      next = this.openTab();
    }
    void Promise.resolve(next).then(
      (t) => {
        const waiter = this.waiting.shift();
        if (waiter) waiter(t);
        else this.idle.push(t);
      },
      () => {
        // Could not open a tab: hand a broken one on, whose load failure the next run reports.
        const broken = tab;
        broken.ready = Promise.reject(new Error("cannot open a browser tab"));
        broken.ready.catch(() => undefined);
        const waiter = this.waiting.shift();
        if (waiter) waiter(broken);
        else this.idle.push(broken);
      }
    );
  }

  private async discard(tab: Tab): Promise<void> {
    // Closing the context ends its renderer process, hung or not; do not wait forever for it either.
    await Promise.race([tab.context.close().catch(() => undefined), new Promise((r) => setTimeout(r, 5000))]);
  }
}

/** The notebook as the page needs it: no solutions or wrong answers (student code shares the page), no prose. */
export function pageNotebook(notebook: Notebook): string {
  return JSON.stringify({
    ...notebook,
    blocks: [],
    exercises: notebook.exercises.map(({solution: _solution, ...e}) => ({...e, wrongAnswers: []}))
  });
}

function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split("\n")[0]!;
}
