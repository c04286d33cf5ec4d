// Headless Chromium for grading, driven by Playwright. The browser keeps one tab per job (`--jobs`), each in
// its own browser context (storage, cache, renderer process). A submission runs in a freshly loaded grading page
// (a new document: new globals, nothing left from the one before), which may only load its own origin. Starting
// a tab costs ~0.5 s here and reloading one ~0.2 s, so a tab is reused while it behaves: a tab whose submission
// hung, crashed it or navigated away is closed with its context, which ends its renderer process, and replaced.
import {existsSync} from "node:fs";
import {chromium, type Browser, type BrowserContext, type Page} from "playwright-core";
import type {Notebook} from "../notebook/types.js";
import type {RunOutcome} from "./points.js";
import {CONSOLE_CHANGED, CONSOLE_TAMPERED} from "./frameProtocol.js";
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
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE 127.0.0.2",
  // Every site in a process of its own (Chromium's default on desktops, stated): the student's side, served from
  // another loopback address, is another site, so a hang there cannot stop the checks' page.
  "--site-per-process"
];

/** The student's side is served from here: another site than the checks' page (127.0.0.1), see page.ts. */
const STUDENT_HOST = "127.0.0.2";

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
  /**
   * Set while a submission runs: ends its run as that submission's error. A navigation (of the page or of the
   * student's frame) or a popup is refused and ends the run, deterministically: letting a navigation through raced
   * with the run, and a refused one leaves an error page where the student's side was.
   */
  stop: ((message: string) => void) | null;
  /** What the student's side wrote to the console channel while grading (frameProtocol.ts). */
  heard: {tampered: Set<string>; changed: Set<string>};
}

export class GradingBrowser {
  private readonly idle: Tab[] = [];
  private readonly waiting: Array<(tab: Tab | null) => void> = [];
  private closed = false;

  private constructor(
    private readonly browser: Browser,
    private readonly server: StaticServer,
    private readonly studentServer: StaticServer,
    private readonly size: number
  ) {}

  /**
   * Serves `pageDir` (the built grading page) on 127.0.0.1 (the checks' side) and on 127.0.0.2 (the student's
   * side), and starts Chromium with `tabs` tabs.
   */
  static async launch(pageDir: string, tabs: number): Promise<GradingBrowser> {
    const server = await serveStatic(pageDir);
    let studentServer: StaticServer;
    try {
      studentServer = await serveStatic(pageDir, STUDENT_HOST);
    } catch (e) {
      await server.close();
      throw new Error(`cannot serve the student's side on ${STUDENT_HOST} (${firstLine(e)}): the grader needs the loopback range 127.0.0.0/8`);
    }
    let browser: Browser;
    try {
      const executablePath = chromiumPath();
      browser = await chromium.launch({headless: true, ...(executablePath ? {executablePath} : {}), args: CHROMIUM_ARGS});
    } catch (e) {
      await Promise.all([server.close(), studentServer.close()]);
      throw new Error(`cannot start Chromium (${firstLine(e)}): install Debian's chromium or set CHROMIUM_PATH`);
    }
    const grading = new GradingBrowser(browser, server, studentServer, Math.max(1, tabs));
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
    // A run whose notebook did not settle may have left a renderer spinning (the student's side): start afresh.
    this.release(tab, outcome.kind === "done" && !outcome.result.timedOut && !tab.crashed);
    return outcome;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const w of this.waiting.splice(0)) w(null);
    await this.browser.close().catch(() => undefined);
    await Promise.all([this.server.close(), this.studentServer.close()]);
  }

  private async evaluate(tab: Tab, notebookJson: string, code: Record<string, string>, limits: RunLimits): Promise<RunOutcome> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<RunOutcome>((resolve) => {
      timer = setTimeout(() => resolve({kind: "timeout", seconds: +(limits.timeoutMs / 1000).toFixed(1)}), limits.timeoutMs);
    });
    const options: PageGradeOptions = {loopLimitMs: limits.loopLimitMs, budgetMs: Math.max(1000, limits.timeoutMs - 2000)};
    const stopped = new Promise<RunOutcome>((resolve) => (tab.stop = (message) => resolve({kind: "crash", message})));
    tab.grading = true;
    tab.heard = {tampered: new Set(), changed: new Set()};
    const work = (async (): Promise<RunOutcome> => {
      const text = await tab.page.evaluate(
        ([nb, c, o]) => (window as unknown as {drillbookGrade: DrillbookGrade}).drillbookGrade(nb, c, o),
        [notebookJson, code, options] as const
      );
      const parsed = pageResultSchema.safeParse(JSON.parse(text));
      if (!parsed.success) return {kind: "crash", message: `it answered something unexpected (${parsed.error.issues[0]?.message})`};
      if (!parsed.data.timedOut) await this.hearOut(tab);
      // The console channel is what counts: a submission can rewrite its report, not what the browser heard.
      const result = parsed.data;
      result.tampered = [...new Set([...tab.heard.tampered, ...result.tampered])];
      result.changed = [...new Set([...tab.heard.changed, ...result.changed])];
      return {kind: "done", result};
    })().catch((e: unknown): RunOutcome => {
      if (tab.crashed) return {kind: "crash", message: "the browser tab crashed (out of memory?)"};
      return {kind: "crash", message: `it navigated away or was closed (${firstLine(e)})`};
    });
    try {
      return await Promise.race([work, deadline, stopped]);
    } finally {
      clearTimeout(timer);
      tab.grading = false;
      tab.stop = null;
    }
  }

  /**
   * Waits until every console message the student's frame wrote before now has been heard. Messages of one frame
   * arrive in order on its own debugging session, so an answer from that frame comes after them all. (A submission
   * that posts a forged report early gets its checks run sooner, not its tampering missed.) A hung frame answers
   * nothing: what it wrote before hanging has had the whole run to arrive.
   */
  private async hearOut(tab: Tab): Promise<void> {
    const frame = tab.page.frames().find((f) => f.url().startsWith(`${this.studentServer.origin}/`));
    if (!frame) return;
    await Promise.race([frame.evaluate("0").catch(() => undefined), new Promise((r) => setTimeout(r, 1000))]);
  }

  private async openTab(): Promise<Tab> {
    const context = await this.browser.newContext({serviceWorkers: "block", acceptDownloads: false});
    const origin = this.server.origin;
    const studentPage = `${this.studentServer.origin}/student.html?`;
    const ours = (url: string) => url.startsWith(origin + "/") || url.startsWith(this.studentServer.origin + "/");
    // Every request other than the grading page's own files is refused, WebSockets included.
    let tab: Tab | undefined;
    await context.route(() => true, (route) => {
      const request = route.request();
      if (tab?.grading && request.isNavigationRequest()) {
        // Any navigation while a submission runs is the submission's doing. (A popup's
        // request may have no frame yet: Playwright throws there, which must not end the batch.)
        let frame: ReturnType<typeof request.frame> | null = null;
        try {
          frame = request.frame();
        } catch {
          frame = null;
        }
        // (The student frame loaded with the page, before grading began: nothing navigates while a submission runs.)
        const isMain = frame === tab.page.mainFrame();
        tab.stop?.(`it tried to ${isMain ? "leave the grading page" : frame?.page() === tab.page ? "navigate its frame" : "open a window"} (refused)`);
        return route.abort("blockedbyclient");
      }
      return ours(request.url()) ? route.continue() : route.abort("blockedbyclient");
    });
    await context.routeWebSocket(() => true, (ws) => ws.close({code: 1008, reason: "the grader allows no network"}));
    // A window the submission opens is closed at once; its run ends as that submission's error.
    context.on("page", (opened) => {
      if (!tab || opened === tab.page) return; // (the tab's own page, while newPage is still answering)
      tab?.stop?.("it tried to open a window (refused)");
      opened.close().catch(() => undefined);
    });
    const page = await context.newPage();
    tab = {context, page, crashed: false, ready: Promise.resolve(), grading: false, stop: null, heard: {tampered: new Set(), changed: new Set()}};
    page.on("crash", () => (tab.crashed = true));
    // A navigation that makes no request (about:blank, a fragment, history) passes the route: the frame says it.
    page.on("framenavigated", (frame) => {
      if (!tab.grading || frame.parentFrame() !== page.mainFrame()) return;
      if (!frame.url().startsWith(studentPage)) tab.stop?.("it tried to navigate its frame (refused)");
    });
    page.on("console", (message) => {
      if (!tab.grading || message.type() !== "warning") return;
      const text = message.text();
      if (text.startsWith(CONSOLE_TAMPERED)) tab.heard.tampered.add(text.slice(CONSOLE_TAMPERED.length));
      else if (text.startsWith(CONSOLE_CHANGED)) tab.heard.changed.add(text.slice(CONSOLE_CHANGED.length));
    });
    tab.ready = this.load(tab);
    // Awaited by the run that takes this tab; a tab closed while loading (the batch ended) must not raise.
    tab.ready.catch(() => undefined);
    return tab;
  }

  private async load(tab: Tab): Promise<void> {
    const student = encodeURIComponent(this.studentServer.origin);
    await tab.page.goto(`${this.server.origin}/grade.html?student=${student}`, {waitUntil: "load", timeout: LOAD_TIMEOUT_MS});
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
