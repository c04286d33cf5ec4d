// Fit a model off the main thread: fitInWorker(new RandomForestRegressor({nEstimators: 100}), X, y, {onProgress})
// resolves to the fitted model. The model travels as its JSON (the same JSON saveModel writes) and X and y as
// Float64Array buffers. A random forest is grown by several workers at once (one per core, up to 4), each growing a
// range of its trees exactly as a single fit would, and the parts are joined in order (mergeForest.ts): the same
// forest, in about 1/cores of the time. Where there is no Worker (Node, the unit tests), the same request is handled
// in-process by the same code, so the call works headless too.
import {checkVector, describe, LibraryInputError, type Matrix, type ModelJSON} from "../base.js";
import {packMatrix} from "../dense.js";
import {loadModel} from "../persist.js";
import {SPLITTABLE_FORESTS, mergeForestJSON} from "./mergeForest.js";
import {handleFitRequest, WEIGHTED_MODELS, type FitReply, type FitRequest} from "./protocol.js";
import {acquireWorker, prewarmWorkers, releaseWorker} from "./workerPool.js";

export interface FitInWorkerOptions {
  /** Called with the fraction done (0..1) as the fit goes. */
  onProgress?: (fraction: number) => void;
  /** Abort the fit (the workers are terminated and the promise rejects with an AbortError). */
  signal?: AbortSignal;
  /** Workers for a random forest (default: one per core, at most 4); other models use one. */
  workers?: number;
  /** One weight >= 0 per row, as the model's own fit(X, y, sampleWeight) takes it (gradient boosting). */
  sampleWeight?: ArrayLike<number> | null;
}

/** An unfitted model (or any model: only its settings are used) or its JSON. */
export type ModelSpec = {toJSON(): ModelJSON} | ModelJSON;

function specJSON(spec: ModelSpec): ModelJSON {
  if (!spec || typeof spec !== "object") throw new LibraryInputError(`fitInWorker(model, X, y) needs a model such as new RandomForestRegressor(), got ${describe(spec)}`);
  const json = typeof (spec as {toJSON?: unknown}).toJSON === "function" ? (spec as {toJSON(): ModelJSON}).toJSON() : (spec as ModelJSON);
  if (!json || json.format !== "drillbook-model") {
    throw new LibraryInputError(`fitInWorker(model, X, y) needs a library model or its JSON, got ${describe(spec)}`);
  }
  return {...json, state: {}, meta: {featureNames: [], summary: {}}};
}

function labelsToNumbers(y: ArrayLike<unknown>, n: number): Float64Array {
  if (!y || typeof y === "string" || typeof (y as ArrayLike<unknown>).length !== "number") {
    throw new LibraryInputError(`fitInWorker: y must be an array of numbers, got ${describe(y)}`);
  }
  const arr = Array.from(y as ArrayLike<unknown>, (v) => (typeof v === "boolean" ? (v ? 1 : 0) : v));
  return checkVector(arr as number[], n);
}

/** Checked here, before a worker is taken, so the mistake is named in the cell that made it. */
function weightsFor(type: string, sampleWeight: ArrayLike<number>, n: number): Float64Array {
  if (!WEIGHTED_MODELS.has(type)) {
    throw new LibraryInputError(`fitInWorker: a ${type} takes no sampleWeight (models that do: ${[...WEIGHTED_MODELS].join(", ")})`);
  }
  if (typeof sampleWeight !== "object" || typeof sampleWeight.length !== "number") {
    throw new LibraryInputError(`fitInWorker: sampleWeight must be an array of numbers, one per row, got ${describe(sampleWeight)}`);
  }
  if (sampleWeight.length !== n) throw new LibraryInputError(`fitInWorker: sampleWeight has ${sampleWeight.length} values but X has ${n} rows: they must match`);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = sampleWeight[i];
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) throw new LibraryInputError(`fitInWorker: sampleWeight[${i}] is ${describe(v)}: weights must be finite numbers >= 0`);
    w[i] = v;
  }
  return w;
}

function cores(): number {
  const nav = (globalThis as {navigator?: {hardwareConcurrency?: number}}).navigator;
  return nav?.hardwareConcurrency && nav.hardwareConcurrency > 0 ? nav.hardwareConcurrency : 1;
}

const aborted = () => new DOMException("the fit was aborted", "AbortError");

function replyError(reply: {name: string; message: string}): Error {
  return reply.name === "LibraryInputError" ? new LibraryInputError(reply.message) : new Error(`${reply.name}: ${reply.message}`);
}

/** Run each request in a Web Worker of the pool; resolves to the fitted JSONs in request order. */
function runWorkers(requests: FitRequest[], onProgress: ((f: number) => void) | undefined, signal: AbortSignal | undefined): Promise<ModelJSON[]> {
  return new Promise((resolve, reject) => {
    const running = new Set<Worker>();
    const results: (ModelJSON | null)[] = requests.map(() => null);
    const progress = requests.map(() => 0);
    let open = requests.length;
    let settled = false;
    // Ends this fit's waits for a core when it fails or is stopped.
    const gaveUp = new AbortController();
    const waitSignal = signal ? AbortSignal.any([signal, gaveUp.signal]) : gaveUp.signal;
    const fail = (e: unknown) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener("abort", onAbort);
      gaveUp.abort();
      // workers still fitting are ended: their fit is not wanted any more
      for (const w of running) releaseWorker(w, false);
      running.clear();
      reject(e);
    };
    const onAbort = () => fail(aborted());
    signal?.addEventListener("abort", onAbort, {once: true});
    requests.forEach((req, k) => {
      acquireWorker(waitSignal).then(
        (worker) => {
          if (settled) return releaseWorker(worker, true); // not needed after all: keep it warm
          running.add(worker);
          worker.onmessage = (e: MessageEvent<FitReply>) => {
            const reply = e.data;
            if (settled) return;
            if (reply.kind === "progress") {
              progress[k] = reply.fraction;
              onProgress?.(progress.reduce((a, b) => a + b, 0) / progress.length);
            } else if (reply.kind === "error") {
              fail(replyError(reply));
            } else {
              results[k] = reply.model;
              running.delete(worker);
              releaseWorker(worker, true);
              if (--open === 0) {
                settled = true;
                signal?.removeEventListener("abort", onAbort);
                resolve(results as ModelJSON[]);
              }
            }
          };
          worker.onerror = (e: ErrorEvent) => fail(new Error(`the fitting worker failed: ${e.message || "could not start it"}`));
          // one worker gets the buffers (transferred); several get copies
          worker.postMessage(req, requests.length === 1 ? [req.X, req.y, ...(req.w ? [req.w] : [])] : []);
        },
        (e: unknown) => fail(e)
      );
    });
  });
}

/**
 * Fit `spec` on X, y in a Web Worker. (fitInWorker.prewarm() starts a worker ahead of the first fit: the page calls
 * it when a cell imports fitInWorker.)
 */
export function fitInWorker<T = unknown>(spec: ModelSpec, X: Matrix, y: ArrayLike<number | boolean>, options: FitInWorkerOptions = {}): Promise<T> {
  const {onProgress, signal, workers, sampleWeight} = options;
  let request: FitRequest;
  try {
    const json = specJSON(spec);
    const {data, n, p} = packMatrix(X);
    const target = labelsToNumbers(y, n);
    request = {spec: json, X: data.buffer as ArrayBuffer, n, p, y: target.buffer as ArrayBuffer};
    if (sampleWeight != null) request.w = weightsFor(json.type, sampleWeight, n).buffer as ArrayBuffer;
    if (onProgress !== undefined && typeof onProgress !== "function") {
      throw new LibraryInputError(`fitInWorker: onProgress must be a function (fraction) => void, got ${describe(onProgress)}`);
    }
    if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1)) {
      throw new LibraryInputError(`fitInWorker: workers must be a whole number >= 1, got ${describe(workers)}`);
    }
  } catch (e) {
    return Promise.reject(e);
  }
  if (signal?.aborted) return Promise.reject(aborted());

  if (typeof Worker === "undefined") {
    // headless: the workers' own handler, in this thread (after the caller has attached its handlers)
    return new Promise<T>((resolve, reject) => {
      queueMicrotask(() => {
        if (signal?.aborted) return reject(aborted());
        handleFitRequest(request, (reply) => {
          if (reply.kind === "progress") onProgress?.(reply.fraction);
          else if (reply.kind === "error") reject(replyError(reply));
          else {
            try {
              resolve(loadModel(reply.model) as T);
            } catch (e) {
              reject(e);
            }
          }
        });
      });
    });
  }

  // a forest is split by tree ranges over several workers; anything else runs in one
  const nTrees = typeof request.spec.params.nEstimators === "number" ? request.spec.params.nEstimators : 100;
  const parts = SPLITTABLE_FORESTS.has(request.spec.type) ? Math.max(1, Math.min(workers ?? Math.min(cores(), 4), nTrees)) : 1;
  const requests: FitRequest[] =
    parts === 1
      ? [request]
      : Array.from({length: parts}, (_, k) => ({
          ...request,
          fitOptions: {treeRange: [Math.floor((k * nTrees) / parts), Math.floor(((k + 1) * nTrees) / parts)] as [number, number]}
        }));
  return runWorkers(requests, onProgress, signal).then((jsons) => loadModel(parts === 1 ? jsons[0] : mergeForestJSON(jsons)) as T);
}

/** Start a fitting worker now, so the first fit does not wait for one to load (the page calls it on import). */
fitInWorker.prewarm = (count = 1): void => prewarmWorkers(count);
