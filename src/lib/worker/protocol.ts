// The messages between fitInWorker (page) and fitWorker (Web Worker), and the handler that does the fitting. The
// handler is shared: the worker runs it on each message, and fitInWorker runs the very same function in-process
// when there is no Worker (Node, tests), so both paths rebuild the model from its JSON, fit, and send JSON back.
import {LibraryInputError, type ModelJSON} from "../base.js";
import {rowsOf} from "../dense.js";
import {loadModel} from "../persist.js";

/** Page -> worker: the unfitted model's JSON and the data as transferable buffers (X row-major, n x p). */
export interface FitRequest {
  spec: ModelJSON;
  X: ArrayBuffer;
  n: number;
  p: number;
  y: ArrayBuffer;
}

/** Worker -> page. */
export type FitReply =
  | {kind: "progress"; fraction: number}
  | {kind: "done"; model: ModelJSON}
  | {kind: "error"; name: string; message: string};

interface Fittable {
  fit(X: ArrayLike<ArrayLike<number>>, y: ArrayLike<number>, options?: {onProgress?: (f: number) => void}): unknown;
  toJSON(): ModelJSON;
}

/** Fit the model described by the request; progress is reported at most every 1 %. */
export function handleFitRequest(req: FitRequest, post: (reply: FitReply) => void): void {
  try {
    const model = loadModel(req.spec) as unknown as Fittable;
    if (typeof model.fit !== "function") throw new LibraryInputError(`fitInWorker: a ${req.spec.type} cannot be fitted`);
    const X = rowsOf(new Float64Array(req.X), req.n, req.p);
    let last = -1;
    model.fit(X, new Float64Array(req.y), {
      onProgress: (fraction: number) => {
        if (fraction - last >= 0.01 || fraction >= 1) {
          last = fraction;
          post({kind: "progress", fraction});
        }
      }
    });
    post({kind: "done", model: model.toJSON()});
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    post({kind: "error", name: e.name, message: e.message});
  }
}
