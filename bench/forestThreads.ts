// Grow one random forest on several Node worker threads, the way fitInWorker grows it on several Web Workers in the
// page: each thread fits a range of the trees (fit option treeRange) from the same settings and data, and the parts
// are joined in order (mergeForestJSON), giving the forest a single fit would. Each call starts its threads and
// loads the bundled library in them, as the page starts its workers, so that cost is in the time.
import {Worker} from "node:worker_threads";
import type {ModelJSON} from "../src/lib/base.js";
import type {FitReply, FitRequest} from "../src/lib/worker/protocol.js";
import {bundledLib} from "./libBundle.js";

const THREAD = `
const {parentPort, workerData} = require("node:worker_threads");
import(workerData.protocolUrl).then(({handleFitRequest}) =>
  handleFitRequest(workerData.request, (reply, transfer) => {
    if (reply.kind !== "progress") parentPort.postMessage(reply, transfer);
  })
);
`;

function fitOnThread(protocolUrl: string, request: FitRequest): Promise<ModelJSON> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(THREAD, {eval: true, workerData: {protocolUrl, request}});
    worker.once("message", (reply: FitReply) => {
      void worker.terminate();
      if (reply.kind === "done") resolve(reply.model);
      else reject(new Error(reply.kind === "error" ? `${reply.name}: ${reply.message}` : "unexpected reply"));
    });
    worker.once("error", reject);
  });
}

/** Fit `spec` (an unfitted forest's JSON) on X (row-major, n x p) and y with `threads` threads; returns the model. */
export async function fitForestOnThreads(spec: ModelJSON, X: Float64Array, n: number, p: number, y: Float64Array, threads: number): Promise<unknown> {
  const {lib, merge, protocolUrl} = await bundledLib();
  const nTrees = spec.params.nEstimators as number;
  const parts = await Promise.all(
    Array.from({length: threads}, (_, k) =>
      fitOnThread(protocolUrl, {
        spec,
        X: X.buffer as ArrayBuffer,
        n,
        p,
        y: y.buffer as ArrayBuffer,
        fitOptions: {treeRange: [Math.floor((k * nTrees) / threads), Math.floor(((k + 1) * nTrees) / threads)]}
      })
    )
  );
  return lib.loadModel(merge.mergeForestJSON(parts));
}
