// The loop guard the transpiler inserts as `__guard()` at the top of every loop body.
// A cell runs on the page's main thread, so a runaway loop would freeze the tab. The guard measures how long
// synchronous work has run since the last reset without yielding: it arms on the first check, and both a
// zero-delay timer (which can only fire once the work gives the event loop back) and the start of the next
// cell run (the runtime computes several cells in one task) disarm it. Reading the clock every 64 calls keeps
// the cost low while slow iterations (a model fit per pass) are still caught within seconds.
import {LoopTimeoutError} from "./errors.js";

export interface LoopGuard {
  /** The `__guard()` cells call. */
  (): void;
  /** A new cell run starts: its loops get their own time. */
  reset(): void;
}

export function makeLoopGuard(limitMs: number, now: () => number = () => performance.now()): LoopGuard {
  let calls = 0;
  let armedAt = -1;
  const guard = function __guard() {
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
  } as LoopGuard;
  guard.reset = () => {
    armedAt = -1;
    calls = 0;
  };
  return guard;
}
