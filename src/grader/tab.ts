// One tab of the grading browser, in a browser context of its own (storage, cache, renderer processes): the
// grading page, kept for many submissions, and a student frame with a new document for each submission (page.ts).
//
// What a submission may not do is refused by the browser or ends its run. Student frames are sandboxed (no
// popups, no navigating the page or another frame); Chromium's proxy settings refuse every address but the
// grader's own (browser.ts). Any navigation the grader did not start, or a window, while a submission runs ends
// that run as the submission's error; between runs it marks the tab, which is then closed with its context
// (ending its renderer processes) and replaced. So is a tab whose run hung, crashed it, or navigated away.
import {randomBytes} from "node:crypto";
import type {Browser, BrowserContext, CDPSession, Page} from "playwright-core";
import {CONSOLE_TAMPERED, readConsoleLine} from "./frameProtocol.js";
import type {RunOutcome} from "./points.js";
import type {SeededProgram} from "./programs.js";
import {pageResultSchema, type DrillbookGrade, type DrillbookNext, type PageGradeOptions} from "./protocol.js";

/** Loading the grading page or opening a student frame (not student code) gets this long before the tab is replaced. */
const LOAD_TIMEOUT_MS = 10_000;

export interface TabOrigins {
  /** The grading page's (the checks' realm). */
  checks: string;
  /** The student frames', alternated: two origins of one site (one renderer process), never the same twice running. */
  students: readonly [string, string];
}

export interface RunLimits {
  /** From handing the submission to the page until its answer, ms. */
  timeoutMs: number;
  /** The engine's loop guard, ms. */
  loopLimitMs: number;
}

/** Where one run's time went, ms, for the bench. */
export interface RunTimings {
  /** Opening the student frame the run used, before it (page.ts, drillbookNext): its realm, engine and snapshot. */
  frameReadyMs: number;
  /** From handing the submission to the page until its answer, as Node saw it. */
  gradeMs: number;
  /** The page's own account (protocol.ts, PageResult.timings). */
  page?: NonNullable<Extract<RunOutcome, {kind: "done"}>["result"]["timings"]>;
}

export class GradingTab {
  /** Resolves when a submission can run here: the page loaded and a fresh student frame waits. Rejects if not. */
  get ready(): Promise<void> {
    return this.readyPromise;
  }
  set ready(promise: Promise<void>) {
    this.readyPromise = promise;
    this.settled = false;
    promise.then(
      () => promise === this.readyPromise && (this.settled = true),
      () => promise === this.readyPromise && (this.settled = true)
    );
  }
  /** `ready` has resolved or rejected: taking this tab does not wait. */
  settled = true;
  private readyPromise: Promise<void> = Promise.resolve();
  /** Submissions run in this tab's student process so far. */
  runs = 0;
  crashed = false;
  /** Something navigated or opened a window between runs: the tab must not grade again. */
  tainted: string | null = null;
  /** The last run's timings. */
  timings: RunTimings | null = null;

  private grading = false;
  /** Set while a submission runs: ends its run as that submission's error. */
  private stop: ((message: string) => void) | null = null;
  /** What the running submission's frame wrote to the console channel (frameProtocol.ts). */
  private heard = {tampered: new Set<string>(), changed: new Set<string>()};
  /** The run id of the frame waiting for the next submission, then of the one grading. */
  private runId = "";
  private slot = 1;
  private frameReadyMs = 0;
  /** Sources whose programs the page was given (page.ts keeps them). */
  private readonly seeded = new Set<string>();
  /** The student frame being opened now: its one navigation is the grader's. */
  private opening: string | null = null;
  private loading = false;
  private cdp: CDPSession | null = null;

  private constructor(
    private readonly context: BrowserContext,
    readonly page: Page,
    private readonly origins: TabOrigins
  ) {}

  static async open(browser: Browser, origins: TabOrigins): Promise<GradingTab> {
    const context = await browser.newContext({serviceWorkers: "block", acceptDownloads: false});
    let tab: GradingTab | undefined;
    // A window is closed at once (sandboxed frames cannot open one: this is the backstop).
    context.on("page", (opened) => {
      if (!tab || opened === tab.page) return; // (the tab's own page, while newPage is still answering)
      tab.refuse("open a window");
      opened.close().catch(() => undefined);
    });
    const page = await context.newPage();
    tab = new GradingTab(context, page, origins);
    tab.watch();
    tab.ready = tab.load();
    // Awaited by the run that takes this tab; a tab closed while loading (the batch ended) must not raise.
    tab.ready.catch(() => undefined);
    return tab;
  }

  /** After a clean run: opens the next submission's document in the student frame, replacing the last one's. */
  prepareNext(): void {
    this.ready = this.next();
    this.ready.catch(() => undefined);
  }

  /** Runs one submission in the waiting frame; never throws. */
  async grade(notebookJson: string, code: Record<string, string>, limits: RunLimits, programs?: SeededProgram[]): Promise<RunOutcome> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<RunOutcome>((resolve) => {
      timer = setTimeout(() => resolve({kind: "timeout", seconds: +(limits.timeoutMs / 1000).toFixed(1)}), limits.timeoutMs);
    });
    // The page keeps the programs it was given (its realm outlives the run): each is sent once.
    const fresh = programs?.filter((p) => !this.seeded.has(p.source)) ?? [];
    for (const p of fresh) this.seeded.add(p.source);
    const options: PageGradeOptions = {loopLimitMs: limits.loopLimitMs, budgetMs: Math.max(1000, limits.timeoutMs - 2000), ...(fresh.length ? {programsJson: JSON.stringify(fresh)} : {})};
    const stopped = new Promise<RunOutcome>((resolve) => (this.stop = (message) => resolve({kind: "crash", message})));
    this.grading = true;
    this.heard = {tampered: new Set(), changed: new Set()};
    const t0 = performance.now();
    const work = (async (): Promise<RunOutcome> => {
      const text = await this.page.evaluate(
        ([nb, c, o]) => (window as unknown as {drillbookGrade: DrillbookGrade}).drillbookGrade(nb, c, o),
        [notebookJson, code, options] as const
      );
      const parsed = pageResultSchema.safeParse(JSON.parse(text));
      if (!parsed.success) return {kind: "crash", message: `it answered something unexpected (${parsed.error.issues[0]?.message})`};
      if (!parsed.data.timedOut) await this.hearOut();
      // The console channel is what counts: a submission can rewrite its report, not what the browser heard.
      const result = parsed.data;
      result.tampered = [...new Set([...this.heard.tampered, ...result.tampered])];
      result.changed = [...new Set([...this.heard.changed, ...result.changed])];
      return {kind: "done", result};
    })().catch((e: unknown): RunOutcome => {
      if (this.crashed) return {kind: "crash", message: "the browser tab crashed (out of memory?)"};
      return {kind: "crash", message: `it navigated away or was closed (${firstLine(e)})`};
    });
    try {
      const outcome = await Promise.race([work, deadline, stopped]);
      this.timings = {
        frameReadyMs: this.frameReadyMs,
        gradeMs: performance.now() - t0,
        ...(outcome.kind === "done" && outcome.result.timings ? {page: outcome.result.timings} : {})
      };
      return outcome;
    } finally {
      clearTimeout(timer);
      this.grading = false;
      this.stop = null;
      this.runs++;
    }
  }

  /** Closes the tab's context, which ends its renderer processes, hung or not (waiting at most 5 s). */
  async close(): Promise<void> {
    await Promise.race([this.context.close().catch(() => undefined), new Promise((r) => setTimeout(r, 5000))]);
  }

  private async load(): Promise<void> {
    this.loading = true;
    try {
      const students = this.origins.students.map((o) => `student=${encodeURIComponent(o)}`).join("&");
      await this.page.goto(`${this.origins.checks}/grade.html?${students}`, {waitUntil: "load", timeout: LOAD_TIMEOUT_MS});
      await this.page.waitForFunction(() => "drillbookNext" in window, undefined, {timeout: LOAD_TIMEOUT_MS});
    } finally {
      this.loading = false;
    }
    this.cdp = await this.context.newCDPSession(this.page);
    await this.next();
  }

  /**
   * Opens the student's document on the other origin than the last, which it replaces (page.ts), then wipes what
   * the last one could have stored: cookies (which ignore ports) and its origin's storage. (Chromium
   * refuses storage and cookies to these cross-site frames anyway; this holds if a version allows them.)
   */
  private async next(): Promise<void> {
    if (this.tainted) throw new Error(`the tab is not used again: something tried to ${this.tainted}`);
    const closing = this.runs ? this.origins.students[this.slot] : null;
    this.slot = 1 - this.slot;
    const origin = this.origins.students[this.slot];
    const runId = randomBytes(16).toString("hex");
    this.opening = runId;
    try {
      const opened = await withTimeout(
        this.page.evaluate(([o, id]) => (window as unknown as {drillbookNext: DrillbookNext}).drillbookNext(o, id), [origin, runId] as const),
        LOAD_TIMEOUT_MS,
        "the student frame did not open"
      );
      this.frameReadyMs = opened.readyMs + opened.pingMs;
    } finally {
      this.opening = null;
    }
    this.runId = runId;
    if (closing) {
      await Promise.all([
        this.context.clearCookies(),
        this.cdp?.send("Storage.clearDataForOrigin", {origin: closing, storageTypes: "all"}).catch(() => undefined)
      ]);
    }
    if (this.tainted) throw new Error(`the tab is not used again: something tried to ${this.tainted}`);
  }

  /**
   * Waits until every console message the student's frame wrote before now has been heard. Messages of one frame
   * arrive in order on its own debugging session, so an answer from that frame comes after them all. (A submission
   * that posts a forged report early gets its checks run sooner, not its tampering missed.) A hung frame answers
   * nothing: what it wrote before hanging has had the whole run to arrive.
   */
  private async hearOut(): Promise<void> {
    const frame = this.page.frames().find((f) => runIdOf(f.url(), this.origins) === this.runId);
    if (!frame) return;
    await Promise.race([frame.evaluate("0").catch(() => undefined), new Promise((r) => setTimeout(r, 1000))]);
  }

  /** A navigation or a window the grader did not start: ends the running submission, or retires the tab. */
  private refuse(what: string): void {
    if (this.grading && this.stop) this.stop(`it tried to ${what} (refused)`);
    else this.tainted ??= what;
  }

  private watch(): void {
    const page = this.page;
    page.on("crash", () => (this.crashed = true));
    page.on("request", (request) => {
      if (!request.isNavigationRequest()) return;
      // A popup's request may have no frame yet: Playwright throws there, which must not end the batch.
      let frame: ReturnType<typeof request.frame> | null = null;
      try {
        frame = request.frame();
      } catch {
        frame = null;
      }
      if (frame === page.mainFrame()) {
        if (!this.loading) this.refuse("leave the grading page");
      } else if (frame?.page() === page) {
        const runId = runIdOf(request.url(), this.origins);
        if (!runId || runId !== this.opening || frame.parentFrame() !== page.mainFrame()) this.refuse("navigate its frame");
      } else {
        this.refuse("open a window");
      }
    });
    // A navigation that makes no request (about:blank, a fragment, history) shows here. (Frames a submission
    // makes inside its own are its business until they request something: see above.)
    page.on("framenavigated", (frame) => {
      if (frame === page.mainFrame()) {
        if (!this.loading) this.refuse("leave the grading page");
      } else if (frame.parentFrame() === page.mainFrame()) {
        const runId = runIdOf(frame.url(), this.origins);
        if (!runId || (runId !== this.opening && runId !== this.runId)) this.refuse("navigate its frame");
      }
    });
    page.on("console", (message) => {
      if (!this.grading || message.type() !== "warning") return;
      const line = readConsoleLine(message.text(), this.runId);
      if (line) (line.kind === CONSOLE_TAMPERED ? this.heard.tampered : this.heard.changed).add(line.what);
    });
  }
}

/** The run id of a student frame's address this tab could have opened, else null. */
function runIdOf(url: string, origins: TabOrigins): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (!origins.students.includes(parsed.origin) || parsed.pathname !== "/student.html") return null;
  if (parsed.searchParams.get("parent") !== origins.checks) return null;
  return parsed.searchParams.get("run");
}

function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([work, new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)))]).finally(() => clearTimeout(timer));
}

export function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split("\n")[0]!;
}
