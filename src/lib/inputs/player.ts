// An input that steps through the frames of an animation, for `view()`: play and pause, one step back or on, a
// slider to any frame, and the speed. Its value is the frame's index, so a cell that reads it draws that frame, and
// a student can stop on the step they want to look at (an animation that only plays through teaches less).
// As Observable's "Scrubber" pattern; Observable Inputs has no player.
import {LibraryInputError} from "../base.js";

export interface PlayerOptions {
  /** Milliseconds per frame at 1× (default 500). */
  delay?: number;
  /** The frame to show first (default 0). */
  value?: number;
  /** Start playing at once (default false: the student presses Play). */
  autoplay?: boolean;
  /** Start again from the first frame after the last (default false). */
  loop?: boolean;
  /** What the control is called, for the page and for screen readers (default "Step"). */
  label?: string;
  /** Text shown for frame i (default "i + 1 / n"). */
  format?: (index: number, count: number) => string;
}

export interface Player extends HTMLElement {
  /** The frame shown, 0 to count - 1. */
  value: number;
  readonly playing: boolean;
  play(): void;
  pause(): void;
}

const SPEEDS = [0.25, 0.5, 1, 2, 4];

/** A play / pause / step / speed control over `count` frames; its value is the frame index. */
export function player(count: number, options: PlayerOptions = {}): Player {
  if (!Number.isInteger(count) || count < 1) throw new LibraryInputError(`player: count must be a whole number of frames, at least 1 (got ${String(count)})`);
  const {delay = 500, autoplay = false, loop = false, label = "Step", format = (i: number, n: number) => `${i + 1} / ${n}`} = options;
  if (!(delay > 0)) throw new LibraryInputError(`player: delay must be a positive number of milliseconds (got ${String(delay)})`);
  const form = document.createElement("form") as unknown as Player;
  form.className = "drillbook-player";
  form.setAttribute("role", "group");
  form.setAttribute("aria-label", `${label}: animation controls`);
  form.style.cssText = "display:flex;flex-wrap:wrap;align-items:center;gap:6px;font:13px/1.4 system-ui,sans-serif;margin:4px 0";
  form.addEventListener("submit", (e) => e.preventDefault());

  const button = (text: string, aria: string) => {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    b.setAttribute("aria-label", aria);
    b.style.cssText = "min-width:2.4em";
    form.append(b);
    return b;
  };
  const back = button("⏮", `${label}: one step back`);
  const toggle = button("▶ Play", `${label}: play`);
  const on = button("⏭", `${label}: one step on`);
  const slider = document.createElement("input");
  slider.type = "range";
  slider.min = "0";
  slider.max = String(count - 1);
  slider.step = "1";
  slider.setAttribute("aria-label", label);
  slider.style.cssText = "flex:1 1 160px";
  const shown = document.createElement("output");
  shown.setAttribute("aria-live", "off");
  shown.style.cssText = "min-width:5em;font-variant-numeric:tabular-nums";
  const speed = document.createElement("select");
  speed.setAttribute("aria-label", `${label}: speed`);
  for (const s of SPEEDS) {
    const option = document.createElement("option");
    option.value = String(s);
    option.textContent = `${s}×`;
    option.selected = s === 1;
    speed.append(option);
  }
  speed.value = "1";
  form.append(slider, shown, speed);
  const interval = () => delay / (Number(speed.value) || 1);

  let index = clampIndex(options.value ?? 0, count);
  let timer: ReturnType<typeof setTimeout> | null = null;
  let wasConnected = false;

  const render = () => {
    slider.value = String(index);
    shown.value = format(index, count);
    slider.setAttribute("aria-valuetext", shown.value);
    back.disabled = index === 0;
    on.disabled = index === count - 1 && !loop;
  };
  const show = (i: number) => {
    if (i === index) return;
    index = i;
    render();
    form.dispatchEvent(new Event("input", {bubbles: true}));
  };
  const tick = () => {
    timer = null;
    // The cell re-ran or the page moved on: an element no longer in the document stops playing.
    if (wasConnected && !form.isConnected) return pause();
    wasConnected ||= form.isConnected;
    if (index === count - 1) {
      if (!loop) return pause();
      show(0);
    } else {
      show(index + 1);
    }
    if (index === count - 1 && !loop) return pause();
    timer = setTimeout(tick, interval());
  };
  function play(): void {
    if (timer !== null) return;
    if (index === count - 1 && !loop) show(0); // Play at the end starts over
    toggle.textContent = "⏸ Pause";
    toggle.setAttribute("aria-label", `${label}: pause`);
    timer = setTimeout(tick, interval());
  }
  function pause(): void {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    toggle.textContent = "▶ Play";
    toggle.setAttribute("aria-label", `${label}: play`);
  }

  toggle.addEventListener("click", () => (timer === null ? play() : pause()));
  back.addEventListener("click", () => {
    pause();
    show(Math.max(0, index - 1));
  });
  on.addEventListener("click", () => {
    pause();
    show(index === count - 1 ? (loop ? 0 : index) : index + 1);
  });
  slider.addEventListener("input", (e) => {
    e.stopPropagation(); // the form's own input event (from show) is the one readers get
    pause();
    show(clampIndex(Number(slider.value), count));
  });
  speed.addEventListener("input", (e) => e.stopPropagation());
  speed.addEventListener("change", () => {
    if (timer === null) return;
    clearTimeout(timer);
    timer = setTimeout(tick, interval());
  });

  Object.defineProperty(form, "value", {
    get: () => index,
    set: (v: number) => {
      index = clampIndex(Number(v), count);
      render();
    }
  });
  Object.defineProperty(form, "playing", {get: () => timer !== null});
  form.play = play;
  form.pause = pause;
  render();
  if (autoplay) play();
  return form;
}

function clampIndex(i: number, count: number): number {
  return Number.isFinite(i) ? Math.min(count - 1, Math.max(0, Math.round(i))) : 0;
}
