// Fit a model off the main thread: fitInWorker(new RandomForestRegressor({nEstimators: 100}), X, y, {onProgress})
// resolves to the fitted model. The model travels as its JSON (the same JSON saveModel writes) and X and y as
// transferable Float64Array buffers, so nothing is copied twice. Where there is no Worker (Node, the unit tests),
// the same request is handled in-process by the same code, so the call works headless too.
import {checkVector, describe, LibraryInputError, type Matrix, type ModelJSON} from "../base.js";
import {packMatrix} from "../dense.js";
import {loadModel} from "../persist.js";
import {handleFitRequest, type FitReply, type FitRequest} from "./protocol.js";

export interface FitInWorkerOptions {
  /** Called with the fraction done (0..1) as the fit goes. */
  onProgress?: (fraction: number) => void;
  /** Abort the fit (the worker is terminated and the promise rejects with an AbortError). */
  signal?: AbortSignal;
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

export function fitInWorker<T = unknown>(spec: ModelSpec, X: Matrix, y: ArrayLike<number | boolean>, options: FitInWorkerOptions = {}): Promise<T> {
  const {onProgress, signal} = options;
  let request: FitRequest;
  try {
    const json = specJSON(spec);
    const {data, n, p} = packMatrix(X);
    const target = labelsToNumbers(y, n);
    request = {spec: json, X: data.buffer as ArrayBuffer, n, p, y: target.buffer as ArrayBuffer};
    if (onProgress !== undefined && typeof onProgress !== "function") {
      throw new LibraryInputError(`fitInWorker: onProgress must be a function (fraction) => void, got ${describe(onProgress)}`);
    }
  } catch (e) {
    return Promise.reject(e);
  }
  if (signal?.aborted) return Promise.reject(new DOMException("the fit was aborted", "AbortError"));

  return new Promise<T>((resolve, reject) => {
    const onReply = (reply: FitReply): boolean => {
      if (reply.kind === "progress") {
        onProgress?.(reply.fraction);
        return false;
      }
      if (reply.kind === "done") {
        try {
          resolve(loadModel(reply.model) as T);
        } catch (e) {
          reject(e);
        }
      } else {
        reject(reply.name === "LibraryInputError" ? new LibraryInputError(reply.message) : new Error(`${reply.name}: ${reply.message}`));
      }
      return true;
    };

    if (typeof Worker === "undefined") {
      // headless: same handler, in this thread (after the caller has attached its handlers)
      queueMicrotask(() => {
        if (signal?.aborted) return reject(new DOMException("the fit was aborted", "AbortError"));
        handleFitRequest(request, onReply);
      });
      return;
    }
    const worker = new Worker(new URL("./fitWorker.ts", import.meta.url), {type: "module"});
    const stop = () => {
      worker.terminate();
      reject(new DOMException("the fit was aborted", "AbortError"));
    };
    signal?.addEventListener("abort", stop, {once: true});
    const finish = () => {
      signal?.removeEventListener("abort", stop);
      worker.terminate();
    };
    worker.onmessage = (e: MessageEvent<FitReply>) => {
      if (onReply(e.data)) finish();
    };
    worker.onerror = (e: ErrorEvent) => {
      finish();
      reject(new Error(`the fitting worker failed: ${e.message || "could not start it"}`));
    };
    worker.postMessage(request, [request.X, request.y]);
  });
}
