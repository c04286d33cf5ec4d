// Web Worker entry: fits one model per message off the page's main thread, so a long fit never freezes the page.
// Created by fitInWorker with new Worker(new URL("./fitWorker.ts", import.meta.url), {type: "module"}).
import {handleFitRequest, type FitReply, type FitRequest} from "./protocol.js";

const scope = globalThis as unknown as {
  addEventListener(type: "message", fn: (e: MessageEvent<FitRequest>) => void): void;
  postMessage(message: FitReply, transfer?: ArrayBuffer[]): void;
};

scope.addEventListener("message", (e) => handleFitRequest(e.data, (reply, transfer) => scope.postMessage(reply, transfer ?? [])));
