// Runs k-means restarts in parallel: Web Workers in browsers, worker threads in Node, one per core.
//
// The restarts are independent, so the same seeded starts give the same answer on any number of workers (the best
// run wins; ties go to the lowest restart, as in the single-threaded fit). The workers' code is the kernel in
// kmeansLloyd.ts, shipped as source text (Function.prototype.toString) to a Blob or eval worker: this needs no
// bundler set-up and no separate worker file, and it runs only our own functions, never data. If a worker cannot be
// started (no Worker support, a strict Content-Security-Policy), the caller falls back to the single-threaded fit.
import {assignLazy, dist2, halfGaps, kmeansPlusPlus, lloydHamerly, nearest2, randomInit, runRestarts, type RestartJob, type RestartResult} from "./kmeansLloyd.js";

export type {RestartJob, RestartResult};

const SHIPPED: Array<(...args: never[]) => unknown> = [dist2, kmeansPlusPlus, randomInit, halfGaps, nearest2, assignLazy, lloydHamerly, runRestarts];

function workerSource(): string {
  // `var name = (source)` works whether a bundler emitted a declaration, an expression or an arrow, and keeps
  // minified names consistent with the calls inside. __name is esbuild's keepNames helper, should it appear.
  const defs = SHIPPED.map((f) => `var ${f.name} = (${f.toString()});`).join("\n");
  return `"use strict";
var __name = function (f) { return f; };
${defs}
function handle(msg) {
  var job = msg.job;
  job.X = new Float64Array(job.X);
  job.draws = new Float64Array(job.draws);
  return ${runRestarts.name}(job, msg.which);
}
if (typeof require === "function" && typeof module === "object") {
  var port = require("node:worker_threads").parentPort;
  port.on("message", function (m) { port.postMessage(handle(m)); });
} else {
  self.onmessage = function (e) { self.postMessage(handle(e.data)); };
}
`;
}

// Node modules named through variables so browser bundlers leave these imports alone (they run only in Node).
const NODE_OS = "node:os";
const NODE_WORKERS = "node:worker_threads";

interface Started {
  /** Post one job and wait for its answer. */
  result: (msg: unknown) => Promise<unknown>;
  terminate: () => void;
  /** Let Node exit while this worker idles (no-op in browsers). */
  idle: () => void;
}

async function isNode(): Promise<boolean> {
  return typeof process !== "undefined" && !!process.versions?.node && typeof (globalThis as {window?: unknown}).window === "undefined";
}

/** Number of cores, or 1 when unknown. */
export async function coreCount(): Promise<number> {
  const nav = (globalThis as {navigator?: {hardwareConcurrency?: number}}).navigator;
  if (nav?.hardwareConcurrency) return nav.hardwareConcurrency;
  if (await isNode()) {
    const os = (await import(/* @vite-ignore */ NODE_OS)) as typeof import("node:os");
    return os.availableParallelism?.() ?? os.cpus().length;
  }
  return 1;
}

async function startWorker(source: string): Promise<Started> {
  if (await isNode()) {
    const {Worker} = (await import(/* @vite-ignore */ NODE_WORKERS)) as typeof import("node:worker_threads");
    const worker = new Worker(source, {eval: true});
    return {
      result: (msg) =>
        new Promise((resolve, reject) => {
          worker.ref(); // keep Node alive while a job is out
          worker.once("message", resolve);
          worker.once("error", reject);
          worker.postMessage(msg);
        }),
      terminate: () => void worker.terminate(),
      idle: () => worker.unref()
    };
  }
  const url = URL.createObjectURL(new Blob([source], {type: "text/javascript"}));
  const worker = new Worker(url);
  URL.revokeObjectURL(url);
  return {
    result: (msg) =>
      new Promise((resolve, reject) => {
        worker.onmessage = (e) => resolve(e.data);
        worker.onerror = (e) => reject(new Error(e.message));
        worker.postMessage(msg);
      }),
    terminate: () => worker.terminate(),
    idle: () => {}
  };
}

// Workers are kept between fits: a new worker compiles the kernel from scratch (cold JIT), which cost a visible share
// of a 100,000-point fit. Idle workers do not keep Node from exiting.
const pool: Started[] = [];

async function workersFor(count: number): Promise<Started[]> {
  const source = workerSource();
  while (pool.length < count) pool.push(await startWorker(source));
  return pool.slice(0, count);
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Run all restarts of a job on `workers` workers; resolves with the best run. Throws if workers cannot start.
 * Jobs take turns on the shared pool (two fits at once would otherwise read each other's answers).
 */
export function runRestartsParallel(job: RestartJob, workers: number): Promise<RestartResult> {
  const run = queue.then(() => runOnPool(job, workers));
  queue = run.catch(() => undefined);
  return run;
}

async function runOnPool(job: RestartJob, workers: number): Promise<RestartResult> {
  const w = Math.max(1, Math.min(workers, job.nInit));
  const groups = Array.from({length: w}, (_, i) => Array.from({length: job.nInit}, (_, r) => r).filter((r) => r % w === i));
  // Share the data without copying where the platform allows it (Node; cross-origin-isolated pages).
  const shareable =
    typeof SharedArrayBuffer !== "undefined" && ((await isNode()) || (globalThis as {crossOriginIsolated?: boolean}).crossOriginIsolated === true);
  const pack = (a: Float64Array): ArrayBufferLike => {
    if (!shareable) return a.slice().buffer;
    const sab = new SharedArrayBuffer(a.byteLength);
    new Float64Array(sab).set(a);
    return sab;
  };
  const X = pack(job.X);
  const draws = pack(job.draws);
  const started = await workersFor(w);
  try {
    const results = (await Promise.all(
      started.map((s, i) => {
        const {n, d, k, init, perInit, nInit, maxIter, tol} = job; // only what the workers need
        return s.result({job: {X: shareable ? X : pack(job.X), draws, n, d, k, init, perInit, nInit, maxIter, tol}, which: groups[i]});
      })
    )) as (RestartResult | null)[];
    let best: RestartResult | null = null;
    for (const r of results) {
      if (r && (!best || r.inertia < best.inertia || (r.inertia === best.inertia && r.restart < best.restart))) best = r;
    }
    for (const s of started) s.idle();
    return best!;
  } catch (e) {
    // a broken worker is not reused
    for (const s of started) s.terminate();
    pool.length = 0;
    throw e;
  }
}
