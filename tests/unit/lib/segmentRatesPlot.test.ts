// segmentRatesPlot renders in Node through a jsdom document: observed dots, interval bars and one ring per model and
// segment, placed at their rates.
import {JSDOM} from "jsdom";
import {describe, expect, it} from "vitest";
import {segmentRatesPlot} from "../../../src/lib/plots/index.js";

const {document} = new JSDOM("<!doctype html><body></body>").window;
const rows = [
  {segment: "VIP", observed: 0.02, low: 0.006, high: 0.036, calibrated: 0.016, raw: 0.08},
  {segment: "At risk", observed: 0.38, low: 0.35, high: 0.41, calibrated: 0.37, raw: 0.72}
];
const shapes = (el: Element, className: string, tag: string) => Array.from(el.querySelectorAll(`g.${className} ${tag}`));
type Scale = {apply(v: unknown): number; domain: unknown[]};
const scale = (el: Element, name: string) => (el as unknown as {scale(n: string): Scale}).scale(name);

describe("segmentRatesPlot", () => {
  it("draws each segment's observed rate, its interval, and a ring per model at its rate", () => {
    const el = segmentRatesPlot(rows, {predicted: {calibrated: "calibrated", "real model": "raw"}, document});
    expect(shapes(el, "observed", "circle")).toHaveLength(2);
    expect(shapes(el, "intervals", "line")).toHaveLength(2);
    const rings = shapes(el, "predicted", "circle");
    expect(rings).toHaveLength(4);
    const x = scale(el, "x");
    expect(x.domain).toEqual([0, 0.8]);
    const cx = rings.map((r) => Number(r.getAttribute("cx")));
    for (const v of [0.016, 0.37, 0.08, 0.72]) expect(cx.some((c) => Math.abs(c - x.apply(v)) < 0.5)).toBe(true);
    expect(scale(el, "y").domain).toEqual(["VIP", "At risk"]);
    expect(el.querySelector("figcaption")?.textContent).toContain("interval");
  });

  it("works without an interval, from columns, and refuses percentages", () => {
    const el = segmentRatesPlot({segment: ["a", "b"], observed: [0.1, 0.2], predicted: [0.1, 0.3]}, {document});
    expect(shapes(el, "intervals", "line")).toHaveLength(0);
    expect(shapes(el, "predicted", "circle")).toHaveLength(2);
    expect(() => segmentRatesPlot({segment: ["a"], observed: [15], predicted: [0.1]}, {document})).toThrow(/rates must lie in \[0, 1\], got 15/);
    expect(() => segmentRatesPlot({segment: ["a"], observed: [0.1]}, {document})).toThrow(/segmentRatesPlot/);
  });
});
