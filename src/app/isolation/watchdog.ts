// Decides, from pings and their answers, whether the runtime frame is answering. Pure (the clock is passed in)
// so the thresholds are tested without a browser; shell.ts sends the pings and acts on the verdicts.
//
// A ping is outstanding until its pong comes back; a new one is sent only then. Measuring from the ping sent,
// not from the last pong, keeps a page whose own timers the browser throttles (a background tab) from mistaking
// its own slowness for the frame's.

export interface WatchdogLimits {
  /** No answer for this long: tell the student, and offer Stop. */
  noticeMs: number;
  /** No answer for this long: end the frame and start it again. */
  restartMs: number;
}

// 2.5 s, so the notice is on screen within 3 s of a hang. 10 s before ending it on its own: the longest task a
// drill's own code runs is 1.7 s (zero-inflation, its solutions applied, measured with a longtask observer), so a
// slow laptop has room, and a student who wants it over sooner presses Stop.
export const DEFAULT_LIMITS: WatchdogLimits = {noticeMs: 2500, restartMs: 10_000};

export type Verdict = {state: "answering"} | {state: "unresponsive"; forMs: number} | {state: "restart"};

export class Watchdog {
  private outstanding?: {n: number; sentAt: number};
  private next = 1;
  private paused = true;

  constructor(private readonly limits: WatchdogLimits = DEFAULT_LIMITS) {}

  /** The frame's document started (or came back): watch it from now. */
  resume(): void {
    this.paused = false;
    this.outstanding = undefined;
  }

  /** The frame is between documents, or was just restarted: nothing to expect until it says hello. */
  pause(): void {
    this.paused = true;
    this.outstanding = undefined;
  }

  /** The ping to send now, if any (none while one is unanswered). */
  ping(now: number): number | undefined {
    if (this.paused || this.outstanding) return undefined;
    this.outstanding = {n: this.next++, sentAt: now};
    return this.outstanding.n;
  }

  pong(n: number): void {
    if (this.outstanding?.n === n) this.outstanding = undefined;
  }

  verdict(now: number): Verdict {
    if (this.paused || !this.outstanding) return {state: "answering"};
    const waited = now - this.outstanding.sentAt;
    if (waited >= this.limits.restartMs) return {state: "restart"};
    if (waited >= this.limits.noticeMs) return {state: "unresponsive", forMs: waited};
    return {state: "answering"};
  }
}
