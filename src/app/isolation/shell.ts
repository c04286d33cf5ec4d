// The page around the notebook: it holds the runtime frame (the whole app, loaded again from the runtime origin,
// see runtimeOrigin.ts), keeps the address bar and title in step with it, and watches that it answers. When it
// stops answering (student code that never yields), the student sees why within 3 s and can stop it; after
// 10 s it is stopped anyway. Stopping removes the frame, which ends its process, and opens it again with the
// cells that were running held: their code was saved before it ran (notebookPage.ts), so no edit is lost.
import "./shell.css";
import type {Recovery} from "./frameLink.js";
import {applyTheme, storeTheme, storedTheme} from "../theme.js";
import {HOLD_PARAM, RECOVER_PARAM, THEME_PARAM, UPDATED_PARAM, isMessage, type FrameMessage, type PageMessage, type RecoverReason} from "./messages.js";
import {keepForOffline, onNewBuild, reloadForNewBuild, takeUpdated} from "../offline.js";
import {localWorkStore} from "../storage.js";
import {answerStore} from "./storeHost.js";
import {RUNTIME_FRAME_NAME} from "./runtimeOrigin.js";
import {DEFAULT_LIMITS, Watchdog, type Verdict} from "./watchdog.js";

const TICK_MS = 250;
const REOPEN_DELAY_MS = 1000;
/** A frame's first script says hello within about 0.1 s here (more on a busy machine); 8 s means it never will. */
const HELLO_TIMEOUT_MS = 8000;

export class RuntimeShell {
  private frame!: HTMLIFrameElement;
  /** The current frame document's port (see frameLink.ts): everything after its hello comes this way. */
  private port?: MessagePort;
  private readonly watchdog = new Watchdog();
  private readonly notice: HTMLElement;
  private readonly noticeText: HTMLElement;
  /** Where the frame is, as path + query + hash (both origins serve the same files). */
  private href: string;
  private running: Array<{id: string; label: string}> = [];
  private helloTimer?: ReturnType<typeof setTimeout>;
  /** Notebooks whose crash flag the frame set and has not cleared (storage.ts): code of theirs is running. */
  private readonly flagged = new Set<string>();
  /** The tab was just reloaded onto a new build (offline.ts): the first frame says so. */
  private updated = takeUpdated();
  private registered = false;

  constructor(private readonly origin: string) {
    this.href = location.pathname + location.search + location.hash;
    this.noticeText = document.createElement("span");
    const stop = document.createElement("button");
    stop.type = "button";
    stop.dataset.action = "stop-runtime";
    stop.textContent = "Stop it now";
    stop.addEventListener("click", () => this.restart("stopped"));
    this.notice = document.createElement("div");
    this.notice.className = "runtime-notice";
    this.notice.setAttribute("role", "alert");
    this.notice.hidden = true;
    this.notice.append(this.noticeText, stop);
  }

  start(): void {
    onNewBuild(reloadForNewBuild);
    document.body.replaceChildren(this.notice);
    document.body.classList.add("runtime-shell");
    applyTheme(storedTheme());
    // The choice made in another tab reaches this one's frame too.
    addEventListener("storage", () => {
      applyTheme(storedTheme());
      this.port?.postMessage({drillbook: "theme", theme: storedTheme() ?? null} satisfies PageMessage);
    });
    addEventListener("message", (e) => {
      const hello = e.data as FrameMessage;
      if (e.source !== this.frame.contentWindow || e.origin !== this.origin || !isMessage(hello) || hello.drillbook !== "hello" || !e.ports[0]) return;
      this.port?.close();
      this.port = e.ports[0];
      this.port.onmessage = (m) => isMessage(m.data) && this.heard(m.data as FrameMessage);
      this.heard(hello);
    });
    this.open(this.href);
    setInterval(() => this.tick(), TICK_MS);
    // The tab is going away (a reload, a link): the frame's own "nothing froze" goes with it, too late to arrive.
    // If it is still answering, a run still pending (a slow promise) is no reason for safe mode next time.
    addEventListener("pagehide", () => {
      // "Still answering": no ping unanswered for more than 0.5 s (one goes every 0.25 s).
      if (this.watchdog.verdict(performance.now() + DEFAULT_LIMITS.noticeMs - 500).state !== "answering") return;
      for (const id of this.flagged) localWorkStore.flag.clear(id);
    });
  }

  private open(href: string, recover?: Recovery, attempt = 0): void {
    // The same query on the frame's own page (frame.html, next to index.html), served by the runtime origin.
    const here = new URL(href, location.href);
    const url = new URL(`${here.pathname.replace(/[^/]*$/, "")}frame.html${here.search}${here.hash}`, this.origin);
    const theme = storedTheme();
    if (theme) url.searchParams.set(THEME_PARAM, theme);
    if (this.updated) url.searchParams.set(UPDATED_PARAM, "1");
    this.updated = false;
    if (recover) {
      url.searchParams.set(RECOVER_PARAM, recover.reason);
      if (recover.hold.length) url.searchParams.set(HOLD_PARAM, recover.hold.join(","));
    }
    const frame = document.createElement("iframe");
    frame.name = RUNTIME_FRAME_NAME;
    frame.className = "runtime-frame";
    frame.title = "Notebook";
    frame.src = url.href;
    this.frame?.remove(); // ends the old document; its process ends shortly after (below)
    this.port?.close();
    this.port = undefined;
    this.frame = frame;
    this.running = [];
    this.watchdog.pause();
    clearTimeout(this.helloTimer);
    // A frame added at once after a frozen one would join its process, which Chromium keeps a moment for reuse by
    // its site (measured: added at once, it never loaded; 1 s later, it loaded in a new process). So a restart
    // waits first. A new tab can land in a frozen process left by a closed one too: any frame that does not say
    // hello in time is opened again, waiting longer each time.
    const delay = recover || attempt ? REOPEN_DELAY_MS * 2 ** Math.min(attempt, 3) : 0;
    setTimeout(() => {
      if (this.frame !== frame) return;
      document.body.append(frame);
      frame.focus();
      this.helloTimer = setTimeout(() => {
        if (this.frame !== frame || this.port) return;
        // Offline, the frame's origin cannot be reached: the tab opens again, running the app itself (boot.ts).
        if (navigator.onLine === false) location.reload();
        else this.open(href, recover, attempt + 1);
      }, HELLO_TIMEOUT_MS);
    }, delay);
  }

  private heard(message: FrameMessage): void {
    switch (message.drillbook) {
      case "pong":
        this.watchdog.pong(message.n);
        break;
      case "hello": {
        this.watchdog.resume();
        // The frame's address, on this page's path: its query and hash are where the student is.
        const there = new URL(message.href, location.href);
        this.href = location.pathname + there.search + there.hash;
        history.replaceState(history.state, "", this.href);
        document.title = message.title;
        // A document the frame opened itself (a link followed inside it) had no theme in its address.
        this.port?.postMessage({drillbook: "theme", theme: storedTheme() ?? null} satisfies PageMessage);
        break;
      }
      case "theme":
        storeTheme(message.theme);
        applyTheme(message.theme);
        break;
      case "quiet":
        // The frame has run its notebook and the student is not busy: this page may download its copy (offline.ts).
        if (!this.registered) keepForOffline();
        this.registered = true;
        break;

      case "title":
        document.title = message.title;
        break;
      case "leaving":
        this.watchdog.pause();
        this.running = [];
        break;
      case "running":
        this.running = message.cells;
        break;
      case "store": {
        if (message.op === "flag-set") this.flagged.add(message.id);
        if (message.op === "flag-clear") this.flagged.delete(message.id);
        const port = this.port;
        void answerStore(message, (reply) => port?.postMessage(reply));
        break;
      }
    }
  }

  private tick(): void {
    const now = performance.now();
    this.show(this.watchdog.verdict(now));
    const n = this.watchdog.ping(now);
    if (n !== undefined) this.port?.postMessage({drillbook: "ping", n} satisfies PageMessage);
  }

  private show(verdict: Verdict): void {
    if (verdict.state === "restart") return this.restart("hang");
    this.notice.hidden = verdict.state === "answering";
    if (verdict.state !== "unresponsive") return;
    const what = this.running.length ? this.running.map((c) => c.label).join(", ") : "the notebook's code";
    const left = Math.max(1, Math.ceil((DEFAULT_LIMITS.restartMs - verdict.forMs) / 1000));
    this.noticeText.textContent = `The notebook is not answering: ${what} has run for ${Math.floor(verdict.forMs / 1000)} s without a break. It will be stopped in ${left} s; your code is saved. `;
  }

  private restart(reason: RecoverReason): void {
    this.notice.hidden = true;
    this.open(this.href, {reason, hold: this.running.map((c) => c.id)});
  }
}
