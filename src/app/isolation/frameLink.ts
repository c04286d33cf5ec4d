// The runtime frame's side of the link to the page around it (shell.ts): answer pings, say where the frame is
// and what student code is running, and open links to other sites in the whole tab rather than in the frame.
import {useWorkStore} from "../storage.js";
import {applyTheme, isTheme, keepThemeWith} from "../theme.js";
import {whenQuiet} from "../offline.js";
import {printThisDocumentOnCtrlP} from "../print.js";
import {HOLD_PARAM, RECOVER_PARAM, THEME_PARAM, UPDATED_PARAM, isMessage, type FrameMessage, type RecoverReason} from "./messages.js";
import {RemoteWorkStore} from "./remoteStore.js";
import {RUNTIME_FRAME_NAME} from "./runtimeOrigin.js";

export interface RuntimeLink {
  /** The student-code cells running now; sent before that code starts, so a hang in it is pinned on them. */
  running(cells: Array<{id: string; label: string}>): void;
}

export interface Recovery {
  reason: RecoverReason;
  /** The cells that were running when the frame was ended: held, not run. */
  hold: string[];
}

export const inRuntimeFrame = (): boolean => window.name === RUNTIME_FRAME_NAME && window.parent !== window;

/**
 * Starts the link (once, first thing in the frame) and returns the recovery the page asked for, if any, and
 * whether the tab was just reloaded onto a new build.
 */
export function linkToShell(): {link: RuntimeLink; recovery?: Recovery; updated: boolean} {
  const shellOrigin = location.ancestorOrigins?.[0] ?? (document.referrer ? new URL(document.referrer).origin : "*");
  // Everything after the hello goes through a MessagePort: Chromium delivers a window's postMessage to another
  // process only when the sending task ends (measured: 2 s late behind a 2 s loop), a port's at once (58 ms).
  // So a stash, or the running cells, sent just before code that never yields still reach the page.
  const channel = new MessageChannel();
  const port = channel.port1;
  const say = (message: FrameMessage) => port.postMessage(message);
  const store = new RemoteWorkStore(say);
  useWorkStore(store); // the student's work stays with the page: see storage.ts
  port.onmessage = (e) => {
    if (!isMessage(e.data)) return;
    const message = e.data;
    if (message.drillbook === "ping") say({drillbook: "pong", n: message.n});
    else if (message.drillbook === "stored") store.answered(message);
    else if (message.drillbook === "theme") applyTheme(message.theme ?? undefined);
  };
  keepThemeWith((theme) => say({drillbook: "theme", theme}));
  const recovery = takeRecovery();
  const updated = takeUpdatedParam();
  takeTheme();
  const hello: FrameMessage = {drillbook: "hello", href: location.pathname + location.search + location.hash, title: document.title};
  window.parent.postMessage(hello, shellOrigin, [channel.port2]);
  new MutationObserver(() => say({drillbook: "title", title: document.title})).observe(document.head, {subtree: true, childList: true, characterData: true});
  addEventListener("pagehide", () => say({drillbook: "leaving"}));
  // The page downloads its offline copy at our first quiet moment (offline.ts): it cannot see the student's keys.
  whenQuiet(() => say({drillbook: "quiet"}));
  printThisDocumentOnCtrlP();
  document.addEventListener("click", (e) => {
    const a = (e.target as Element | null)?.closest?.("a[href]") as HTMLAnchorElement | null;
    if (!a) return;
    if (!a.target && a.origin !== location.origin) a.target = "_top";
    else if (a.origin === location.origin && shellOrigin !== "*") ownPageFromShell(a, shellOrigin);
  }, true);
  let last = "";
  return {
    recovery,
    updated,
    link: {
      running(cells) {
        const key = cells.map((c) => c.id).join(",");
        if (key === last) return;
        last = key;
        say({drillbook: "running", cells});
      }
    }
  };
}

/** The theme the page opened us with, applied before the app renders anything (and removed from the address). */
function takeTheme(): void {
  const url = new URL(location.href);
  const theme = url.searchParams.get(THEME_PARAM);
  if (theme === null) return;
  if (isTheme(theme)) applyTheme(theme);
  url.searchParams.delete(THEME_PARAM);
  history.replaceState(history.state, "", url.href);
}

/**
 * Only the page's origin keeps an offline copy of the site (offline.ts). So a page of ours opened in a new tab (the
 * library reference) opens there, and offline, a link followed inside the frame (another drill, the index) opens
 * in the whole tab, where the app runs in the page from that copy (boot.ts).
 */
function ownPageFromShell(a: HTMLAnchorElement, shellOrigin: string): void {
  const offline = navigator.onLine === false && !a.target;
  if (a.target !== "_blank" && !offline) return;
  const path = offline ? a.pathname.replace(/frame\.html$/, "") : a.pathname; // frame.html is the frame's own page
  a.href = new URL(path + a.search + a.hash, shellOrigin).href;
  if (offline) a.target = "_top";
}

function takeUpdatedParam(): boolean {
  const url = new URL(location.href);
  if (!url.searchParams.has(UPDATED_PARAM)) return false;
  url.searchParams.delete(UPDATED_PARAM);
  history.replaceState(history.state, "", url.href);
  return true;
}

/** Reads (and removes from the address, so a reload does not repeat it) what the page said when it restarted us. */
function takeRecovery(): Recovery | undefined {
  const url = new URL(location.href);
  const reason = url.searchParams.get(RECOVER_PARAM);
  if (reason !== "hang" && reason !== "stopped") return undefined;
  const hold = (url.searchParams.get(HOLD_PARAM) ?? "").split(",").filter(Boolean);
  url.searchParams.delete(RECOVER_PARAM);
  url.searchParams.delete(HOLD_PARAM);
  history.replaceState(history.state, "", url.href);
  return {reason, hold};
}
