// The student's work, saved in IndexedDB (idb-keyval) so it survives a reload: the code of every edited cell,
// with the file's version of that cell it started from (to spot cells the instructor changed since), hints
// revealed, and progress for the index page.
import {createStore, get, set, del, type UseStore} from "idb-keyval";

export interface SavedCell {
  code: string;
  /** The notebook file's source of this cell when the student began editing it. */
  base: string;
}

export interface SavedWork {
  notebook: string;
  version: number;
  savedAt: string;
  cells: Record<string, SavedCell>;
  hintsShown: Record<string, number>;
  progress: {passed: number; total: number};
}

let store: UseStore | undefined;
const db = () => (store ??= createStore("drillbook", "work"));
const key = (notebookId: string) => `notebook:${notebookId}`;

export function emptyWork(notebook: string, version: number): SavedWork {
  return {notebook, version, savedAt: new Date().toISOString(), cells: {}, hintsShown: {}, progress: {passed: 0, total: 0}};
}

export async function loadWork(notebookId: string): Promise<SavedWork | undefined> {
  return (await get<SavedWork>(key(notebookId), db())) ?? undefined;
}

export async function saveWork(work: SavedWork): Promise<void> {
  await set(key(work.notebook), {...work, savedAt: new Date().toISOString()}, db());
}

export async function clearWork(notebookId: string): Promise<void> {
  await del(key(notebookId), db());
}

/** Calls `save` once typing pauses for `delayMs`; `flush` saves at once (page hidden or closing). */
export function debounced(save: () => void, delayMs: number): {schedule(): void; flush(): void} {
  let timer: ReturnType<typeof setTimeout> | null = null;
  return {
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

// Crash detection: a flag set (synchronously, so a frozen tab cannot skip it) before restored code runs and
// cleared once it settles. Found at load, it means the last run never settled: open in safe mode.
const runningKey = (id: string) => `drillbook:running:${id}`;
export const crashFlag = {
  set: (id: string) => localStorage.setItem(runningKey(id), new Date().toISOString()),
  clear: (id: string) => localStorage.removeItem(runningKey(id)),
  isSet: (id: string) => localStorage.getItem(runningKey(id)) !== null
};
