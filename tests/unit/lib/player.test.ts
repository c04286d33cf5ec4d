// @vitest-environment happy-dom
// The animation player: play and pause, steps, the slider, speed, the end, and stopping when its cell re-runs.
import {afterEach, beforeEach, describe, expect, it, vi} from "vitest";
import {LibraryInputError} from "../../../src/lib/base.js";
import {player} from "../../../src/lib/inputs/player.js";

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  vi.useRealTimers();
  document.body.replaceChildren();
});

const buttons = (p: HTMLElement) => [...p.querySelectorAll("button")] as HTMLButtonElement[];
function values(p: HTMLElement): number[] {
  const seen: number[] = [];
  p.addEventListener("input", () => seen.push((p as unknown as {value: number}).value));
  return seen;
}

describe("player", () => {
  it("plays one frame per delay, stops on the last, and Play at the end starts over", () => {
    const p = player(4, {delay: 100});
    document.body.append(p);
    const seen = values(p);
    const [, toggle] = buttons(p);
    toggle!.click();
    expect(p.playing).toBe(true);
    expect(toggle!.getAttribute("aria-label")).toBe("Step: pause");
    vi.advanceTimersByTime(1000);
    expect(seen).toEqual([1, 2, 3]);
    expect(p.playing).toBe(false);
    expect(p.querySelector("output")!.value).toBe("4 / 4");
    toggle!.click();
    expect(seen.at(-1)).toBe(0);
  });

  it("pauses, steps back and on (pausing a play), and jumps with the slider", () => {
    const p = player(5, {delay: 100, value: 2});
    document.body.append(p);
    const seen = values(p);
    const [back, toggle, on] = buttons(p);
    toggle!.click();
    vi.advanceTimersByTime(100);
    expect(p.value).toBe(3);
    back!.click();
    expect(p.playing).toBe(false);
    expect(p.value).toBe(2);
    on!.click();
    on!.click();
    expect(p.value).toBe(4);
    expect(on!.disabled).toBe(true);
    const slider = p.querySelector("input[type=range]") as HTMLInputElement;
    slider.value = "0";
    slider.dispatchEvent(new Event("input", {bubbles: true}));
    expect(p.value).toBe(0);
    expect(back!.disabled).toBe(true);
    expect(seen).toEqual([3, 2, 3, 4, 0]); // one event per frame shown, none from the slider itself
  });

  it("goes faster or slower with the speed, and loops when asked", () => {
    const p = player(3, {delay: 400, loop: true});
    document.body.append(p);
    const speed = p.querySelector("select")!;
    speed.value = "4";
    speed.dispatchEvent(new Event("change"));
    p.play();
    vi.advanceTimersByTime(100);
    expect(p.value).toBe(1);
    vi.advanceTimersByTime(200);
    expect(p.value).toBe(0); // looped
    expect(p.playing).toBe(true);
    p.pause();
  });

  it("stops once its element has left the page (its cell ran again)", () => {
    const p = player(10, {delay: 50, autoplay: true});
    document.body.append(p);
    vi.advanceTimersByTime(50);
    expect(p.value).toBe(1);
    p.remove();
    vi.advanceTimersByTime(500);
    expect(p.playing).toBe(false);
    expect(p.value).toBe(1);
  });

  it("takes a saved value (view() restores one) and labels every control", () => {
    const p = player(6, {label: "Round"});
    p.value = 4;
    expect(p.querySelector("output")!.value).toBe("5 / 6");
    p.value = 99;
    expect(p.value).toBe(5);
    expect(buttons(p).map((b) => b.getAttribute("aria-label"))).toEqual(["Round: one step back", "Round: play", "Round: one step on"]);
    expect(p.querySelector("select")!.getAttribute("aria-label")).toBe("Round: speed");
  });

  it("refuses a count or delay that cannot be played, in words", () => {
    expect(() => player(0)).toThrow(LibraryInputError);
    expect(() => player(2.5)).toThrow(/count must be a whole number of frames/);
    expect(() => player(3, {delay: 0})).toThrow(/delay must be a positive number/);
  });
});
