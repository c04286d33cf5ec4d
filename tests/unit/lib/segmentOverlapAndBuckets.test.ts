// segmentOverlap and its heat map; bucketShares and the probability histogram with a dashboard's bucket edges.
// Both render in Node through a jsdom document.
import {JSDOM} from "jsdom";
import * as aq from "arquero";
import {describe, expect, it} from "vitest";
import {bucketShares, probabilityHistogram, segmentOverlapHeatmap} from "../../../src/lib/plots/index.js";
import {segmentOverlap} from "../../../src/lib/segments/index.js";

const {document} = new JSDOM("<!doctype html><body></body>").window;
const customers = aq.table({revenue: [100, 900, 5000, 50, 2500, 700], orders: [1, 4, 12, 0, 8, 3]});
const SEGMENTS = [
  {name: "big spenders", rule: {">=": [{var: "revenue"}, 1000]}},
  {name: "frequent", rule: {">=": [{var: "orders"}, 4]}},
  {name: "everyone", rule: {}}
];

describe("segmentOverlap", () => {
  it("counts, for each ordered pair, the first segment's members who are in the second, and their share", () => {
    const rows = segmentOverlap(customers, SEGMENTS);
    expect(rows).toHaveLength(9);
    const at = (a: string, b: string) => rows.find((r) => r.row === a && r.column === b)!;
    expect(at("big spenders", "frequent")).toEqual({row: "big spenders", column: "frequent", shared: 2, share: 1});
    expect(at("frequent", "big spenders")).toEqual({row: "frequent", column: "big spenders", shared: 2, share: 2 / 3});
    expect(at("everyone", "frequent").share).toBeCloseTo(0.5, 12);
    for (const s of SEGMENTS) expect(at(s.name, s.name).share).toBe(1);
  });

  it("refuses segments with one name twice, and what is not a list of {name, rule}", () => {
    expect(() => segmentOverlap(customers, [SEGMENTS[0]!, SEGMENTS[0]!])).toThrow(/two segments are named "big spenders"/);
    expect(() => segmentOverlap(customers, "VIP" as never)).toThrow(/segments must be an array of \{name, rule\}/);
  });
});

describe("segmentOverlapHeatmap", () => {
  it("draws a labelled cell per pair, shaded by share, with a text alternative naming the largest overlap", () => {
    const el = segmentOverlapHeatmap(segmentOverlap(customers, SEGMENTS), {document});
    expect(el.querySelectorAll("g.cells rect")).toHaveLength(9);
    const labels = Array.from(el.querySelectorAll("g.shares text"), (t) => t.textContent);
    expect(labels.filter((t) => t === "100 %").length).toBeGreaterThanOrEqual(3);
    expect(labels).toContain("67 %");
    expect(el.querySelector("svg")?.getAttribute("aria-description") ?? el.getAttribute("aria-description")).toMatch(/Largest overlap: 100 % of big spenders is also in/);
    expect(() => segmentOverlapHeatmap([{row: "a", column: "a", shared: 1, share: 2}], {document})).toThrow(/segmentOverlapHeatmap/);
  });
});

describe("bucketShares and probabilityHistogram", () => {
  it("puts a value on an edge in the bucket above (p >= 0.7 is high), as the dashboard does", () => {
    expect(bucketShares([0.1, 0.3, 0.5, 0.7, 0.95], [0.3, 0.7])).toEqual([0.2, 0.4, 0.4]);
    expect(() => bucketShares([0.5], [0.7, 0.3])).toThrow(/edges must be increasing/);
    expect(() => bucketShares([1.5], [0.3, 0.7])).toThrow(/in \[0, 1\], got 1.5/);
  });

  it("draws one panel per series, the edges, and each bucket's share over it", () => {
    const raw = [0.05, 0.2, 0.45, 0.72, 0.8, 0.9, 0.95, 0.75];
    const calibrated = [0.01, 0.05, 0.1, 0.2, 0.3, 0.35, 0.5, 0.25];
    const el = probabilityHistogram({raw, calibrated}, {probability: {raw: "raw", calibrated: "calibrated"}, document});
    expect(el.querySelectorAll("g.edges line")).toHaveLength(4); // two edges, two panels
    const notes = Array.from(el.querySelectorAll("g.bucket-shares text"), (t) => t.textContent);
    expect(notes).toEqual(expect.arrayContaining(["high: 62.5 %", "low: 25.0 %", "high: 0.0 %", "medium: 37.5 %"]));
    const bars = el.querySelectorAll("g.bars rect");
    expect(bars.length).toBeGreaterThan(4);
    expect(() => probabilityHistogram({probability: [15]}, {document})).toThrow(/pass fractions/);
    expect(() => probabilityHistogram({probability: [0.5]}, {edges: [0.5], labels: ["a"], document})).toThrow(/labels must name 2 buckets/);
  });
});
