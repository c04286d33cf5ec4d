// The warm worker pool behind fitInWorker, with a stand-in Worker that runs the real fitting handler in this thread:
// a worker that finished a fit cleanly is reused, one that failed or was stopped is ended, idle ones end in time.
import {afterEach, beforeEach, describe, expect, it, vi} from "vitest";
import {GradientBoostingClassifier, GradientBoostingRegressor} from "../../../src/lib/trees/gradientBoosting.js";
import {handleFitRequest, type FitRequest} from "../../../src/lib/worker/protocol.js";
import {friedman1, split} from "./modelData.js";

class FakeWorker {
  static made: FakeWorker[] = [];
  /** How long a fit takes to start answering (ms). */
  static delayMs = 0;
  terminated = false;
  fits = 0;
  onmessage: ((e: {data: unknown}) => void) | null = null;
  onerror: ((e: {message: string}) => void) | null = null;
  constructor() {
    FakeWorker.made.push(this);
  }
  postMessage(req: FitRequest): void {
    if (this.terminated) throw new Error("posted to a terminated worker");
    this.fits++;
    setTimeout(() => handleFitRequest(req, (reply) => !this.terminated && this.onmessage?.({data: reply})), FakeWorker.delayMs);
  }
  terminate(): void {
    this.terminated = true;
  }
}

describe("fitInWorker's warm workers", () => {
  const d = split(friedman1(300, 5, 3), 200);
  let pool: typeof import("../../../src/lib/worker/workerPool.js");
  let fitInWorker: typeof import("../../../src/lib/worker/fitInWorker.js").fitInWorker;

  beforeEach(async () => {
    FakeWorker.made = [];
    FakeWorker.delayMs = 0;
    vi.stubGlobal("Worker", FakeWorker);
    vi.resetModules(); // a fresh, empty pool per test
    pool = await import("../../../src/lib/worker/workerPool.js");
    ({fitInWorker} = await import("../../../src/lib/worker/fitInWorker.js"));
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it("three fits in a row use one worker, started ahead by prewarm; the models are right", async () => {
    fitInWorker.prewarm();
    expect(FakeWorker.made).toHaveLength(1);
    for (let k = 0; k < 3; k++) {
      const m = await fitInWorker<GradientBoostingRegressor>(new GradientBoostingRegressor({nEstimators: 5 + k}), d.Xtr, d.ytr);
      const direct = new GradientBoostingRegressor({nEstimators: 5 + k}).fit(d.Xtr, d.ytr);
      expect(Array.from(m.predict(d.Xte))).toEqual(Array.from(direct.predict(d.Xte)));
    }
    expect(FakeWorker.made).toHaveLength(1);
    expect(FakeWorker.made[0]!.fits).toBe(3);
    expect(pool.idleWorkerCount()).toBe(1);
  });

  it("a fit that fails or is stopped ends its worker, which is never reused", async () => {
    fitInWorker.prewarm();
    // labels that are not 0/1: the classifier's fit throws inside the worker
    await expect(fitInWorker(new GradientBoostingClassifier(), [[1], [2], [3]], [0, 3, 1])).rejects.toThrow(/GradientBoostingClassifier/);
    const failed = FakeWorker.made[0]!;
    expect(failed.terminated).toBe(true);
    const stop = new AbortController();
    FakeWorker.delayMs = 5_000;
    const fitting = fitInWorker(new GradientBoostingRegressor({nEstimators: 50}), d.Xtr, d.ytr, {signal: stop.signal});
    await vi.waitFor(() => expect(FakeWorker.made[1]?.fits).toBe(1)); // stopped while it fits
    stop.abort();
    await expect(fitting).rejects.toThrow(/aborted/);
    expect(FakeWorker.made).toHaveLength(2);
    expect(FakeWorker.made[1]!.terminated).toBe(true);
    expect(pool.idleWorkerCount()).toBe(0);
    FakeWorker.delayMs = 0;
    await fitInWorker(new GradientBoostingRegressor({nEstimators: 3}), d.Xtr, d.ytr);
    expect(FakeWorker.made).toHaveLength(3); // a new one, not either of the ended ones
  });

  it("keeps at most four idle workers, ends idle ones after a minute, and drops one that fails while idle", () => {
    vi.useFakeTimers();
    pool.prewarmWorkers(6);
    expect(pool.idleWorkerCount()).toBe(4);
    const spare = new FakeWorker() as unknown as Worker;
    pool.returnWorker(spare);
    expect((spare as unknown as FakeWorker).terminated).toBe(true);
    const taken = pool.takeWorker();
    (FakeWorker.made[0]!.onerror as (e: {message: string}) => void)({message: "could not load"});
    expect(FakeWorker.made[0]!.terminated).toBe(true);
    expect(pool.idleWorkerCount()).toBe(2);
    vi.advanceTimersByTime(60_001);
    expect(pool.idleWorkerCount()).toBe(0);
    expect(FakeWorker.made.slice(0, 4).filter((w) => w.terminated)).toHaveLength(3);
    expect((taken as unknown as FakeWorker).terminated).toBe(false); // the one in use is not touched
  });

  it("runs at most one fit per core at once; the others wait their turn, and one stopped while waiting never starts", async () => {
    vi.stubGlobal("navigator", {hardwareConcurrency: 2});
    const stop = new AbortController();
    const fits = [5, 6, 7, 8, 9].map((n) => fitInWorker<GradientBoostingRegressor>(new GradientBoostingRegressor({nEstimators: n}), d.Xtr, d.ytr, n === 8 ? {signal: stop.signal} : {}));
    await vi.waitFor(() => expect(pool.fitsInFlight()).toEqual({running: 2, waiting: 3}));
    stop.abort();
    await expect(fits[3]).rejects.toThrow(/aborted/);
    expect(pool.fitsInFlight().waiting).toBe(2);
    const models = await Promise.all(fits.filter((_, k) => k !== 3));
    expect(models.map((m) => m.toJSON().params.nEstimators)).toEqual([5, 6, 7, 9]);
    expect(FakeWorker.made).toHaveLength(2); // two workers did the four fits
    expect(FakeWorker.made.reduce((s, w) => s + w.fits, 0)).toBe(4);
    expect(pool.fitsInFlight()).toEqual({running: 0, waiting: 0});
  });
});
