// Headless Chromium for grading, driven by Playwright. The browser keeps one tab per job (`--jobs`) and a spare,
// each in its own browser context (storage, cache, renderer processes), each with a grading page (the checks'
// realm) kept for many submissions and a student frame that shows a new document for each one (tab.ts, page.ts).
//
// Reusing a tab for the next submission reuses the student's renderer process, never a realm: each submission's
// code runs in a document opened for it, on the other of two origins than the one before, which replaces the last
// one's. Loading a fresh grading page and a fresh student process for every submission, as the grader did before,
// cost more than grading a light drill (0.4 s of a new process, 0.2 s of routing every file through the grader).
// A run that did not end cleanly in a process that ran another submission before (a timeout, a crash, a notebook
// that did not settle) may have been slowed or stopped by what that one left, say a hang as its document closed: it is
// graded again in a new tab, with a new process, and that run is the one that counts. A tab that grades badly is
// closed with its context and replaced.
import {existsSync} from "node:fs";
import {chromium, type Browser} from "playwright-core";
import type {Notebook} from "../notebook/types.js";
import type {RunOutcome} from "./points.js";
import type {SeededProgram} from "./programs.js";
import {HEADLESS_CHROMIUM_ARGS} from "./chromiumFeatures.js";
import {refuseEverything, serveStatic, type StaticServer} from "./server.js";
import {GradingTab, firstLine, type RunLimits, type RunTimings, type TabOrigins} from "./tab.js";

export type {RunLimits, RunTimings};

export const CHROMIUM_ARGS = [
  ...HEADLESS_CHROMIUM_ARGS,
  "--disable-extensions",
  "--disable-default-apps",
  // No host name resolves: a request the proxy settings below would let through still goes nowhere.
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE 127.0.0.2",
  // WebRTC may not go around the proxy.
  "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
  // Every site in a process of its own (Chromium's default on desktops, stated): the student's side, served from
  // another loopback address, is another site, so a hang there cannot stop the checks' page.
  "--site-per-process"
];

/** The student's side is served from here: another site than the checks' page (127.0.0.1), see page.ts. */
const STUDENT_HOST = "127.0.0.2";

/** A tab's page and student process are replaced after this many submissions, so no slow leak builds up. */
const RUNS_PER_TAB = 200;

export function chromiumPath(): string | undefined {
  return [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p): p is string => !!p && existsSync(p));
}

/** How the browser's tabs were used, for the bench and the tests. */
export interface GradingStats {
  runs: number;
  /** Runs in a student process that had run another submission before. */
  warmRuns: number;
  /** Runs graded again in a new tab (see above), and tabs opened in all. */
  retried: number;
  tabsOpened: number;
  /** Each run's timings, in the order the runs ended. */
  timings: RunTimings[];
}

export class GradingBrowser {
  private readonly idle: GradingTab[] = [];
  private readonly waiting: Array<(tab: GradingTab | null) => void> = [];
  private closed = false;
  readonly stats: GradingStats = {runs: 0, warmRuns: 0, retried: 0, tabsOpened: 0, timings: []};

  private constructor(
    private readonly browser: Browser,
    private readonly servers: StaticServer[],
    private readonly origins: TabOrigins,
    private readonly size: number
  ) {}

  /**
   * Serves `pageDir` (the built grading page) on 127.0.0.1 (the checks' side) and twice on 127.0.0.2 (the
   * student frames' two origins), and starts Chromium with `tabs` tabs. Chromium's proxy is a server that refuses
   * everything, and only those three addresses bypass it: no other host, and no other port of this machine, is
   * reachable from a page. (The grader once refused requests itself, through Playwright's routing; that turned off
   * the browser's cache and made every file of every frame a round trip through Node.)
   */
  static async launch(pageDir: string, tabs: number): Promise<GradingBrowser> {
    const servers: StaticServer[] = [];
    const closeAll = () => Promise.all(servers.map((s) => s.close()));
    let refuser: StaticServer;
    try {
      servers.push(await serveStatic(pageDir));
      for (let i = 0; i < 2; i++) servers.push(await serveStatic(pageDir, STUDENT_HOST));
      refuser = await refuseEverything();
      servers.push(refuser);
    } catch (e) {
      await closeAll();
      throw new Error(`cannot serve the grading page on 127.0.0.1 and ${STUDENT_HOST} (${firstLine(e)}): the grader needs the loopback range 127.0.0.0/8`);
    }
    const [checks, a, b] = servers.map((s) => s.origin) as [string, string, string];
    const hostPort = (origin: string) => new URL(origin).host;
    const args = [
      ...CHROMIUM_ARGS,
      `--proxy-server=${refuser.origin}`,
      // "<-loopback>" ends Chromium's own exemption of loopback addresses: only these three go direct.
      `--proxy-bypass-list=<-loopback>;${[checks, a, b].map(hostPort).join(";")}`
    ];
    let browser: Browser;
    try {
      const executablePath = chromiumPath();
      browser = await chromium.launch({headless: true, ...(executablePath ? {executablePath} : {}), args});
    } catch (e) {
      await closeAll();
      throw new Error(`cannot start Chromium (${firstLine(e)}): install Debian's chromium or set CHROMIUM_PATH`);
    }
    const grading = new GradingBrowser(browser, servers, {checks, students: [a, b]}, Math.max(1, tabs));
    for (let i = 0; i < grading.size; i++) grading.idle.push(await grading.openTab());
    return grading;
  }

  get origin(): string {
    return this.origins.checks;
  }

  /**
   * Runs one submission's exercise code in a notebook; `notebookJson` is pageNotebook(notebook), `programs` what
   * programsFor(notebook, code) gave (optional: without them each realm transpiles the cells itself).
   */
  async run(notebookJson: string, code: Record<string, string>, limits: RunLimits, programs?: SeededProgram[]): Promise<RunOutcome> {
    const acquired = await this.acquire();
    if (!acquired) return {kind: "crash", message: "the grader was closed before it ran"};
    let tab = await this.readied(acquired);
    if (!tab.ok) return {kind: "crash", message: `it did not load (${tab.message})`};
    const warm = tab.tab.runs > 0;
    let outcome = await tab.tab.grade(notebookJson, code, limits, programs);
    if (!clean(outcome, tab.tab) && warm && !this.closed) {
      // The process ran another submission before: what went wrong may be that one's doing. Again, alone.
      this.stats.retried++;
      void tab.tab.close();
      tab = await this.readied(await this.openTab());
      if (!tab.ok) return {kind: "crash", message: `it did not load (${tab.message})`};
      outcome = await tab.tab.grade(notebookJson, code, limits, programs);
    }
    this.stats.runs++;
    if (tab.tab.runs > 1) this.stats.warmRuns++;
    if (tab.tab.timings) this.stats.timings.push(tab.tab.timings);
    this.release(tab.tab, clean(outcome, tab.tab));
    return outcome;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const w of this.waiting.splice(0)) w(null);
    await this.browser.close().catch(() => undefined);
    await Promise.all(this.servers.map((s) => s.close()));
  }

  /** The tab, once ready; a tab that could not get ready is replaced once (that is not the submission's doing). */
  private async readied(tab: GradingTab): Promise<{ok: true; tab: GradingTab} | {ok: false; message: string}> {
    try {
      await tab.ready;
      return {ok: true, tab};
    } catch {
      void tab.close();
    }
    let again: GradingTab;
    try {
      again = await this.openTab();
    } catch (e) {
      return {ok: false, message: firstLine(e)};
    }
    try {
      await again.ready;
      return {ok: true, tab: again};
    } catch (e) {
      this.release(again, false);
      return {ok: false, message: firstLine(e)};
    }
  }

  private async openTab(): Promise<GradingTab> {
    this.stats.tabsOpened++;
    return GradingTab.open(this.browser, this.origins);
  }

  /** An idle tab, one that is ready if any (else the one that has been preparing longest), or the next released. */
  private acquire(): Promise<GradingTab | null> {
    if (this.closed) return Promise.resolve(null);
    const ready = this.idle.findIndex((t) => t.settled);
    const tab = this.idle.splice(ready >= 0 ? ready : 0, 1)[0];
    if (tab) return Promise.resolve(tab);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** A tab that graded cleanly opens the next submission's frame; another is replaced by a new one. */
  private release(tab: GradingTab, reuse: boolean): void {
    if (this.closed) return;
    let next: Promise<GradingTab>;
    if (reuse && !tab.tainted && tab.runs < RUNS_PER_TAB) {
      tab.prepareNext();
      next = Promise.resolve(tab);
    } else {
      void tab.close();
      next = this.openTab();
    }
    void next.then(
      (t) => this.handOn(t),
      () => {
        // Could not open a tab: hand on a broken one, whose load failure the next run reports.
        tab.ready = Promise.reject(new Error("cannot open a browser tab"));
        tab.ready.catch(() => undefined);
        this.handOn(tab);
      }
    );
  }

  private handOn(tab: GradingTab): void {
    const waiter = this.waiting.shift();
    if (waiter) waiter(tab);
    else this.idle.push(tab);
  }
}

/** A run that ended as it should: the page answered, the notebook settled, nothing crashed or was stopped. */
function clean(outcome: RunOutcome, tab: GradingTab): boolean {
  return outcome.kind === "done" && !outcome.result.timedOut && !tab.crashed;
}

/** The notebook as the page needs it: no solutions or wrong answers (student code shares the page), no prose. */
export function pageNotebook(notebook: Notebook): string {
  return JSON.stringify({
    ...notebook,
    blocks: [],
    exercises: notebook.exercises.map(({solution: _solution, ...e}) => ({...e, wrongAnswers: []}))
  });
}
