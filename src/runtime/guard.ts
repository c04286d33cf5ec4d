// The loop guard the transpiler inserts as `__guard()` at the top of every loop body.
// A cell runs on the page's main thread, so a runaway loop would freeze the tab. The guard measures how long
// synchronous work has run without yielding: it arms on the first call and a zero-delay timer disarms it, which
// can only fire once the loop gives the event loop back. Reading the clock every 64 calls keeps the cost low
// while slow iterations (a model fit per pass) are still caught within seconds.
import {LoopTimeoutError} from "./errors.js";

export function makeLoopGuard(limitMs: number, now: () => number = () => performance.now()): () => void {
  let calls = 0;
  let armedAt = -1;
  return function __guard() {
    if ((++calls & 63) !== 0) return;
    const t = now();
    if (armedAt < 0) {
      armedAt = t;
      setTimeout(() => (armedAt = -1), 0);
    } else if (t - armedAt > limitMs) {
      const elapsed = t - armedAt;
      armedAt = -1;
      throw new LoopTimeoutError(elapsed / 1000);
    }
  };
}
