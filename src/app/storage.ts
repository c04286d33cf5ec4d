// The student's work, saved in IndexedDB (idb-keyval) so it survives a reload: the code of every edited cell,
// with the file's version of that cell it started from (to spot cells the instructor changed since), hints
// revealed, and progress for the index page.
//
// The work lives with the page the student opened (its origin), never in the runtime frame: a browser may refuse
// storage to a frame from another site (Chromium does: "The user denied permission to access the database"), and
// a frame can be ended at any moment. In the frame, the same functions send each request to the page
// (isolation/remoteStore.ts, installed with useWorkStore); the page answers with the local ones below.
import {createStore, get, set, del, type UseStore} from "idb-keyval";

export interface SavedCell {
  code: string;
  /** The notebook file's source of this cell when the student began editing it. */
  base: string;
  /** This code was stopped by the loop guard when it last ran: the next open holds it instead of running it. */
  ranTooLong?: boolean;
}

export interface SavedWork {
  notebook: string;
  version: number;
  savedAt: string;
  cells: Record<string, SavedCell>;
  hintsShown: Record<string, number>;
  /** The values the student gave the page's inputs (sliders, boxes), by `cellId#k` (see Session's inputs). */
  inputs?: Record<string, unknown>;
  /** Exercises whose solution the student opened, with when (first time): it goes in the submission. */
  solutionsViewed?: Record<string, string>;
  progress: {passed: number; total: number};
  /** The student's own scratch cells, in page order (scratchCells.ts). */
  scratch?: SavedScratchCell[];
  /** A variant notebook's student id, whose data the page shows (studentId.ts). */
  student?: string;
  /** The name the student put on an exported copy (exportControl.ts), offered again next time. */
  exportName?: string;
}

export interface SavedScratchCell {
  id: string;
  code: string;
  /** The notebook cell or exercise it follows on the page ("end": after the last one). */
  after: string;
  ranTooLong?: boolean;
}

let store: UseStore | undefined;
const db = () => (store ??= createStore("drillbook", "work"));
const key = (notebookId: string) => `notebook:${notebookId}`;

export function emptyWork(notebook: string, version: number): SavedWork {
  return {notebook, version, savedAt: new Date().toISOString(), cells: {}, hintsShown: {}, progress: {passed: 0, total: 0}};
}

/** Where saving goes: this page's own storage (below), or the page around the runtime frame. */
export interface WorkStore {
  load(notebookId: string): Promise<SavedWork | undefined>;
  save(work: SavedWork): Promise<void>;
  /** At once and in order: what a run about to start, or a page going away, must not lose. */
  stash(work: SavedWork): void;
  clear(notebookId: string): Promise<void>;
  flag: {set(id: string): void; clear(id: string): void; isSet(id: string): boolean};
}

let backend: WorkStore | undefined;
export function useWorkStore(store: WorkStore): void {
  backend = store;
}
const current = (): WorkStore => backend ?? localWorkStore;

export const loadWork = (notebookId: string): Promise<SavedWork | undefined> => current().load(notebookId);
export const saveWork = (work: SavedWork): Promise<void> => current().save(work);
export const stashWork = (work: SavedWork): void => current().stash(work);
export const clearWork = (notebookId: string): Promise<void> => current().clear(notebookId);
// Crash detection: a flag set (synchronously, so a frozen tab cannot skip it) before restored code runs and
// cleared once it settles. Found at load, it means the last run never settled: open in safe mode.
export const crashFlag = {
  set: (id: string) => current().flag.set(id),
  clear: (id: string) => current().flag.clear(id),
  isSet: (id: string) => current().flag.isSet(id)
};

async function loadLocal(notebookId: string): Promise<SavedWork | undefined> {
  const saved = (await get<SavedWork>(key(notebookId), db())) ?? undefined;
  const stashed = readStash(notebookId);
  return stashed && (!saved || stashed.savedAt >= saved.savedAt) ? stashed : saved;
}

async function saveLocal(work: SavedWork): Promise<void> {
  const savedAt = new Date().toISOString();
  await set(key(work.notebook), {...work, savedAt}, db());
  // The stash (below) is older than what IndexedDB now holds: drop it.
  const stashed = readStash(work.notebook);
  if (stashed && stashed.savedAt <= savedAt) localStorage.removeItem(stashKey(work.notebook));
}

// A page that goes away (a link followed, the tab closed) right after an edit cannot wait for IndexedDB: a write
// started in `pagehide` is dropped when the page unloads (measured: the index then showed the progress from before).
// So unsaved work is also written synchronously to localStorage there, and loadWork prefers it when it is newer.
const stashKey = (id: string) => `drillbook:unsaved:${id}`;

function stashLocal(work: SavedWork): void {
  try {
    localStorage.setItem(stashKey(work.notebook), JSON.stringify({...work, savedAt: new Date().toISOString()}));
  } catch {
    // Storage full or disabled: the IndexedDB save still runs.
  }
}

function readStash(notebookId: string): SavedWork | undefined {
  try {
    const text = localStorage.getItem(stashKey(notebookId));
    const work = text ? (JSON.parse(text) as SavedWork) : undefined;
    return work && work.notebook === notebookId && work.cells && typeof work.savedAt === "string" ? work : undefined;
  } catch {
    return undefined;
  }
}

async function clearLocal(notebookId: string): Promise<void> {
  localStorage.removeItem(stashKey(notebookId));
  await del(key(notebookId), db());
}

/** Calls `save` once typing pauses for `delayMs`; `flush` saves at once (page hidden or closing). */
export function debounced(save: () => void, delayMs: number): {schedule(): void; flush(): void; readonly pending: boolean} {
  let timer: ReturnType<typeof setTimeout> | null = null;
  return {
    get pending() {
      return timer !== null;
    },
    schedule() {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        save();
      }, delayMs);
    },
    flush() {
      if (!timer) return;
      clearTimeout(timer);
      timer = null;
      save();
    }
  };
}

const runningKey = (id: string) => `drillbook:running:${id}`;

/** This page's own storage: IndexedDB, with localStorage for the stash and the crash flag. */
export const localWorkStore: WorkStore = {
  load: loadLocal,
  save: saveLocal,
  stash: stashLocal,
  clear: clearLocal,
  flag: {
    set: (id) => localStorage.setItem(runningKey(id), new Date().toISOString()),
    clear: (id) => localStorage.removeItem(runningKey(id)),
    isSet: (id) => localStorage.getItem(runningKey(id)) !== null
  }
};
