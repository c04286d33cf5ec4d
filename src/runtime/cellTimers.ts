// Timers that belong to one run of one cell. A cell's code sees these in place of the page's own (compile.ts
// puts them in its scope), so what a run started ends when the cell runs again, is stopped or is deleted: an
// interval from an old version of the code stops firing, and an endless async loop that awaits a timer
// (`while (true) await new Promise((r) => setTimeout(r, 0))`) simply stops, because its next timer never starts.

export const TIMER_NAMES = ["setTimeout", "setInterval", "clearTimeout", "clearInterval", "requestAnimationFrame", "cancelAnimationFrame"] as const;

export type CellTimers = {[K in (typeof TIMER_NAMES)[number]]: (typeof globalThis)[K]};

export interface CellRunTimers {
  timers: CellTimers;
  /** Aborted when the run ends: library calls that start work elsewhere (fitInWorker's workers) stop with it. */
  signal: AbortSignal;
  /** End every timer this run started (later calls start nothing) and abort `signal`. */
  end(): void;
}

export function cellRunTimers(): CellRunTimers {
  let ended = false;
  const controller = new AbortController();
  // Handles are numbers in a page and objects in Node: kept as they come, handed back as they came.
  type Handle = Parameters<typeof clearTimeout>[0];
  const timeouts = new Set<Handle>();
  const intervals = new Set<Handle>();
  const frames = new Set<number>();
  const g = globalThis;
  const timers = {
    setTimeout: ((handler: TimerHandler, ms?: number, ...args: unknown[]) => {
      if (ended) return 0;
      if (typeof handler !== "function") return g.setTimeout(handler, ms, ...args); // a string: run as the page would
      const id = g.setTimeout((...a: unknown[]) => {
        timeouts.delete(id);
        (handler as (...a: unknown[]) => void)(...a);
      }, ms, ...args);
      timeouts.add(id);
      return id;
    }) as typeof setTimeout,
    setInterval: ((handler: TimerHandler, ms?: number, ...args: unknown[]) => {
      if (ended) return 0;
      const id = g.setInterval(handler, ms, ...args);
      intervals.add(id);
      return id;
    }) as typeof setInterval,
    clearTimeout: ((id?: Handle) => {
      if (id !== undefined) timeouts.delete(id);
      g.clearTimeout(id);
    }) as typeof clearTimeout,
    clearInterval: ((id?: Handle) => {
      if (id !== undefined) intervals.delete(id);
      g.clearInterval(id);
    }) as typeof clearInterval,
    requestAnimationFrame: ((callback: FrameRequestCallback) => {
      if (ended || typeof g.requestAnimationFrame !== "function") return 0;
      const id = g.requestAnimationFrame((t) => {
        frames.delete(id);
        callback(t);
      });
      frames.add(id);
      return id;
    }) as typeof requestAnimationFrame,
    cancelAnimationFrame: ((id: number) => {
      frames.delete(id);
      g.cancelAnimationFrame?.(id);
    }) as typeof cancelAnimationFrame
  };
  return {
    timers,
    signal: controller.signal,
    end() {
      ended = true;
      controller.abort(new Error("the cell's run ended (run again, stopped or deleted)"));
      for (const id of timeouts) g.clearTimeout(id);
      for (const id of intervals) g.clearInterval(id);
      for (const id of frames) g.cancelAnimationFrame?.(id);
      timeouts.clear();
      intervals.clear();
      frames.clear();
    }
  };
}
