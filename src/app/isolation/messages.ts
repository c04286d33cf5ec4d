// What the page (the shell) and the runtime frame say to each other, by postMessage. Data only.

import type {SavedWork} from "../storage.js";
import type {Theme} from "../theme.js";

/** page → frame */
export type PageMessage =
  /** Answer if you can. */
  | {drillbook: "ping"; n: number}
  /** The answer to a StoreRequest. */
  | {drillbook: "stored"; call: number; work?: SavedWork; flag?: boolean; error?: string}
  /** The colour scheme the student chose (null: the system's); sent after each hello and when it changes. */
  | {drillbook: "theme"; theme: Theme | null};

/** frame → page: the student's work is kept by the page (see storage.ts); the frame asks for it by message. */
export type StoreRequest =
  | {drillbook: "store"; call: number; op: "load" | "clear"; id: string}
  | {drillbook: "store"; call: number; op: "save" | "stash"; work: SavedWork}
  | {drillbook: "store"; call: number; op: "flag-set" | "flag-clear"; id: string};

/** frame → page */
export type FrameMessage =
  | {drillbook: "pong"; n: number}
  /** The frame's document started: where it is (for the address bar and a restart) and its title. */
  | {drillbook: "hello"; href: string; title: string}
  | {drillbook: "title"; title: string}
  /** The frame's document is going away (a link followed inside it): no answer is expected until the next hello. */
  | {drillbook: "leaving"}
  /** The cells holding the student's code that are running now (each change, before that code starts). */
  | {drillbook: "running"; cells: Array<{id: string; label: string}>}
  /** The student pressed the theme toggle: the page keeps the choice (theme.ts). */
  | {drillbook: "theme"; theme: Theme}
  /** The frame's app has settled and the student is not busy: the page may download its offline copy (offline.ts). */
  | {drillbook: "quiet"}
  | StoreRequest;

export function isMessage(data: unknown): data is FrameMessage | PageMessage {
  return typeof data === "object" && data !== null && typeof (data as {drillbook?: unknown}).drillbook === "string";
}

/** How a restarted frame learns why: query parameters of its address, read once and removed. */
export const RECOVER_PARAM = "drillbook-recover";
export const HOLD_PARAM = "drillbook-hold";
export type RecoverReason = "hang" | "stopped";
/** The colour scheme the student chose, in the frame's address when the page opens it (read once and removed). */
export const THEME_PARAM = "drillbook-theme";
/** The tab was just reloaded onto a new build: the frame says so (read once and removed). */
export const UPDATED_PARAM = "drillbook-updated";
