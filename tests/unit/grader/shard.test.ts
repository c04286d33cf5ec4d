// --shard i/n: a deterministic split of the files, stable when files come and go, and a merge that refuses
// shards that do not fit together (the full run-against-shards comparison is in shards.integration.test.ts).
import {describe, expect, it} from "vitest";
import {joinShards, MergeProblems, type Shard} from "../../../src/grader/merge.js";
import {RESULTS_FORMAT, type Results, type SubmissionResult} from "../../../src/grader/results.js";
import {parseShard, shardOf} from "../../../src/grader/shard.js";

const files = Array.from({length: 2000}, (_, i) => `submissions/student-${i}/welcome-submission.json`);

describe("--shard i/n", () => {
  it("parses i/n and refuses anything else in the user's terms", () => {
    expect(parseShard("2/4")).toEqual({index: 2, count: 4});
    expect(parseShard(" 1 / 1 ")).toEqual({index: 1, count: 1});
    expect(() => parseShard("0/4")).toThrow("shards are numbered 1 to 4");
    expect(() => parseShard("5/4")).toThrow("shards are numbered 1 to 4");
    expect(() => parseShard("2")).toThrow("--shard wants i/n");
    expect(() => parseShard("1/0")).toThrow("at least 1 shard");
  });

  it("puts every file in exactly one shard, about 1/n each", () => {
    const sizes = [0, 0, 0, 0];
    for (const f of files) sizes[shardOf(f, 4) - 1]!++;
    expect(sizes.reduce((a, b) => a + b)).toBe(files.length);
    // Binomial(2000, 1/4): sd ≈ 19; 4 sd either side.
    for (const n of sizes) expect(Math.abs(n - 500)).toBeLessThan(80);
  });

  it("is the same on every machine and does not move a file when others are added", () => {
    const before = files.map((f) => shardOf(f, 4));
    const more = [...files.slice(0, 700), "late/alice.json", ...files.slice(700), "late/bob.json"];
    const after = new Map(more.map((f) => [f, shardOf(f, 4)]));
    expect(files.map((f) => after.get(f))).toEqual(before);
    expect(shardOf("./submissions/a.json", 3)).toBe(shardOf("submissions/a.json", 3));
  });

  it("moves only about 1/(n+1) of the files when a shard is added (rendezvous hashing)", () => {
    const moved = files.filter((f) => shardOf(f, 4) !== shardOf(f, 5)).length / files.length;
    expect(moved).toBeGreaterThan(0.15);
    expect(moved).toBeLessThan(0.25);
    // The moved files all go to the new shard.
    expect(files.filter((f) => shardOf(f, 4) !== shardOf(f, 5)).every((f) => shardOf(f, 5) === 5)).toBe(true);
  });
});

const graded = (file: string): SubmissionResult => ({
  file, status: "graded", student: file, notebook: "welcome", version: 1, notebookVersion: 1, savedAt: "2026-03-01T10:00:00.000Z",
  warnings: [], points: {earned: 0, possible: 2}, elapsedMs: 100, exercises: []
});
const list = ["a.json", "b.json", "c.json", "d.json", "e.json", "f.json"];
function shard(index: number, count: number, take = list.filter((f) => shardOf(f, count) === index), options: Partial<Results["options"]> = {}): Shard {
  const results: Results = {
    format: RESULTS_FORMAT, gradedAt: `2026-03-0${index}T00:00:00.000Z`, options: {jobs: 2, timeoutSeconds: 60, loopLimitSeconds: 4, refuseOld: false, ...options},
    notebooks: [], summary: {submissions: take.length, graded: take.length, rejected: 0}, submissions: take.map(graded), shard: {index, count, files: list}
  };
  return {dir: `out-${index}`, results, index, count, files: list};
}
const problems = (shards: Shard[]) => {
  try {
    joinShards(shards);
  } catch (e) {
    if (e instanceof MergeProblems) return e.problems;
    throw e;
  }
  return [];
};

describe("merging shards", () => {
  it("puts the submissions back in the class's order", () => {
    const merged = joinShards([shard(1, 3), shard(2, 3), shard(3, 3)]);
    expect(merged.submissions.map((s) => s.file)).toEqual(list);
    expect(merged.summary).toEqual({submissions: 6, graded: 6, rejected: 0});
    expect(merged.shard).toBeUndefined();
    expect(merged.gradedAt).toBe("2026-03-03T00:00:00.000Z");
  });

  it("refuses a missing shard, naming it and the files it held", () => {
    const p = problems([shard(1, 3), shard(3, 3)]);
    expect(p).toContain("shard 2/3 is missing: its files were not graded");
    for (const f of list.filter((f) => shardOf(f, 3) === 2)) expect(p).toContain(`${f} is in no shard's results: it was never graded`);
  });

  it("refuses a shard given twice and a file graded twice, naming them", () => {
    const p = problems([shard(1, 3), shard(2, 3), shard(3, 3), {...shard(3, 3), dir: "copy-of-3"}]);
    expect(p).toContain("shard 3/3 is given twice: out-3 and copy-of-3");
    const twice = list.find((f) => shardOf(f, 3) === 3)!;
    expect(p.some((m) => m.startsWith(`${twice} is in 2 shards' results`))).toBe(true);
  });

  it("refuses a file missing from its shard, shards of another n, other options or another file list", () => {
    const lost = list.find((f) => shardOf(f, 2) === 1)!;
    expect(problems([shard(1, 2, list.filter((f) => shardOf(f, 2) === 1 && f !== lost)), shard(2, 2)])).toEqual([`${lost} is in no shard's results: it was never graded`]);
    expect(problems([shard(1, 2), shard(2, 3)]).join("\n")).toContain("was cut into 3 shards");
    expect(problems([shard(1, 2), shard(2, 2, undefined, {timeoutSeconds: 5})]).join("\n")).toContain("was graded with other options");
    expect(problems([shard(1, 2), shard(2, 2, undefined, {jobs: 8})])).toEqual([]);
    const other = shard(2, 2);
    other.files = [...list, "late.json"];
    expect(problems([shard(1, 2), other]).join("\n")).toContain("was cut from another file list than out-1 (shard 1/2): it has late.json");
  });
});
