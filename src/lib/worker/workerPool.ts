// Warm fitting workers, kept between fits, and at most one fit per core at a time. Starting a module worker costs
// its script's fetch, parse and first run (the fitting code is ~118 KB): measured in Chromium on the churn drill's
// cold open, the first fit's worker was ready ~250 ms after it was asked for, and a drill solved end to end asked for
// 17, ten of them at once (Promise.all over forward-validation folds: ten workers loading side by side on two cores).
// A worker that finished a fit cleanly is kept for the next one; one that failed, or whose fit was stopped, is ended
// and never reused. Idle workers end after IDLE_MS, and at most MAX_IDLE are kept. Fits beyond the number of cores
// wait their turn, first come first served.

const IDLE_MS = 60_000;
const MAX_IDLE = 4;

interface Idle {
  worker: Worker;
  timer: ReturnType<typeof setTimeout>;
}

const idle: Idle[] = [];

function create(): Worker {
  return new Worker(new URL("./fitWorker.ts", import.meta.url), {type: "module"});
}

function park(worker: Worker): void {
  const entry: Idle = {
    worker,
    timer: setTimeout(() => {
      const at = idle.indexOf(entry);
      if (at >= 0) idle.splice(at, 1);
      worker.terminate();
    }, IDLE_MS)
  };
  worker.onmessage = null;
  worker.onerror = () => {
    // a worker that fails while idle (it could not load) is dropped
    const at = idle.indexOf(entry);
    if (at >= 0) idle.splice(at, 1);
    clearTimeout(entry.timer);
    worker.terminate();
  };
  idle.push(entry);
}

/** A worker for one fit: a warm one when there is one. */
export function takeWorker(): Worker {
  const entry = idle.pop();
  if (!entry) return create();
  clearTimeout(entry.timer);
  entry.worker.onerror = null;
  return entry.worker;
}

/** Keep a worker whose fit ended cleanly for the next fit (or end it when enough are kept). */
export function returnWorker(worker: Worker): void {
  if (idle.length >= MAX_IDLE) worker.terminate();
  else park(worker);
}

/** Start workers ahead of the first fit, so that fit does not wait for one to load: `count` in all, counting those
 * fitting now (a fit that came first has its own, and returns it when done). */
export function prewarmWorkers(count = 1): void {
  if (typeof Worker === "undefined") return;
  for (let k = idle.length + busy; k < Math.min(count, MAX_IDLE); k++) park(create());
}

function cores(): number {
  const nav = (globalThis as {navigator?: {hardwareConcurrency?: number}}).navigator;
  return nav?.hardwareConcurrency && nav.hardwareConcurrency > 0 ? nav.hardwareConcurrency : 1;
}

let busy = 0;
const queue: Array<() => void> = [];

const aborted = () => new DOMException("the fit was aborted", "AbortError");

/** A worker for one fit, once fewer fits than cores are running (the signal gives up waiting). */
export function acquireWorker(signal?: AbortSignal): Promise<Worker> {
  if (signal?.aborted) return Promise.reject(aborted());
  if (busy < cores()) {
    busy++;
    return Promise.resolve(takeWorker());
  }
  return new Promise((resolve, reject) => {
    const start = () => {
      signal?.removeEventListener("abort", onAbort);
      busy++;
      resolve(takeWorker());
    };
    const onAbort = () => {
      const at = queue.indexOf(start);
      if (at >= 0) queue.splice(at, 1);
      reject(aborted());
    };
    signal?.addEventListener("abort", onAbort, {once: true});
    queue.push(start);
  });
}

/** The fit on this worker is over: keep the worker for the next fit when it ended cleanly, else end it. */
export function releaseWorker(worker: Worker, reusable: boolean): void {
  busy--;
  if (reusable) returnWorker(worker);
  else worker.terminate();
  while (busy < cores() && queue.length) queue.shift()!();
}

/** Fits running now, and fits waiting for a core (for tests). */
export function fitsInFlight(): {running: number; waiting: number} {
  return {running: busy, waiting: queue.length};
}

/** Warm workers now kept (for tests). */
export function idleWorkerCount(): number {
  return idle.length;
}
