// The loop guard the transpiler inserts as `__guard(line)` at the top of every loop body (line: the loop's line in
// its cell). A cell runs on the page's main thread, so a runaway loop would freeze the tab. The guard measures how
// long synchronous work has run since the last reset without yielding: it arms on the first check, and both a
// zero-delay timer (which can only fire once the work gives the event loop back) and the start of the next cell run
// (the runtime computes several cells in one task) disarm it. Reading the clock every 64 calls keeps the cost low
// while slow iterations (a model fit per pass) are still caught within seconds.
//
// Which loop to blame: the one that throws is the innermost running one, which is not the endless one when an outer
// loop never ends around a finite inner loop. Each cell run's loops count their iterations since the guard armed;
// of the loops that ran in the second half of that time, the one with the fewest iterations is the outermost still
// going (an enclosing loop that iterates restarts its inner loops; one that has stopped iterating is not among them).
import {LoopTimeoutError} from "./errors.js";

export interface LoopGuard {
  /** The `__guard()` a cell calls when it is not given its own (see forCell). */
  (line?: number): void;
  /** A new cell run starts: its loops get their own time. */
  reset(): void;
  /** The `__guard(line)` for one run of one cell: its loops are told apart when the guard blames one. */
  forCell(cellId: string): (line?: number) => void;
}

interface Site {
  cellId: string;
  /** Per loop line: iterations since `epoch[line]` armed, and the call count at its last iteration. */
  count: number[];
  last: number[];
  epoch: number[];
}

export function makeLoopGuard(limitMs: number, now: () => number = () => performance.now()): LoopGuard {
  let calls = 0;
  let armedAt = -1;
  let armedCalls = 0;
  let epoch = 0;
  let sites: Site[] = [];

  const tick = () => {
    const t = now();
    if (armedAt < 0) {
      armedAt = t;
      armedCalls = calls;
      epoch++;
      sites = [];
      setTimeout(() => (armedAt = -1), 0);
    } else if (t - armedAt > limitMs) {
      const elapsed = t - armedAt;
      armedAt = -1;
      const loop = blame();
      throw new LoopTimeoutError(elapsed / 1000, loop?.line, loop?.cellId);
    }
  };

  const blame = (): {cellId: string; line: number} | undefined => {
    const middle = armedCalls + (calls - armedCalls) / 2;
    let best: {cellId: string; line: number} | undefined;
    let fewest = Infinity;
    for (const site of sites) {
      site.count.forEach((n, line) => {
        if (site.epoch[line] !== epoch || site.last[line]! < middle || n >= fewest) return;
        fewest = n;
        best = {cellId: site.cellId, line};
      });
    }
    return best;
  };

  const guard = function __guard() {
    if ((++calls & 63) !== 0) return;
    tick();
  } as LoopGuard;
  guard.reset = () => {
    armedAt = -1;
    calls = 0;
  };
  guard.forCell = (cellId) => {
    const site: Site = {cellId, count: [], last: [], epoch: []};
    let listed = -1;
    return function __guard(line?: number) {
      ++calls;
      if (line !== undefined) {
        if (site.epoch[line] !== epoch) {
          site.epoch[line] = epoch;
          site.count[line] = 0;
        }
        site.count[line]!++;
        site.last[line] = calls;
        if (listed !== epoch) {
          listed = epoch;
          sites.push(site);
        }
      }
      if ((calls & 63) !== 0) return;
      tick();
    };
  };
  return guard;
}
