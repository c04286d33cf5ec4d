// `--shard i/n`: which submission files one of n graders takes. A file's shard depends on its own path only
// (rendezvous hashing: each shard scores the path, the highest score wins), so adding or removing files leaves
// every other file where it was, and going from n to n+1 shards moves only about 1/(n+1) of them.
// Duplicates are not cut apart by this: every shard reads every file and resolves duplicates over the whole
// class (see grade.ts), so where a student's two files land does not change which one is graded.
import {createHash} from "node:crypto";
import {UsageError} from "./usage.js";

export interface ShardSpec {
  /** 1-based. */
  index: number;
  count: number;
}

/** Parses "i/n" (1 ≤ i ≤ n). */
export function parseShard(text: string): ShardSpec {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) throw new UsageError(`--shard wants i/n, the shard's number and how many there are (e.g. 2/4), not "${text}"`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1) throw new UsageError(`--shard ${text}: there must be at least 1 shard`);
  if (index < 1 || index > count) throw new UsageError(`--shard ${text}: shards are numbered 1 to ${count}`);
  return {index, count};
}

/** The shard (1-based) that grades this file. The key is the path with forward slashes, as results.json lists it. */
export function shardOf(file: string, count: number): number {
  const key = shardKey(file);
  let best = 1;
  let bestScore = -1n;
  for (let i = 1; i <= count; i++) {
    const score = createHash("sha256").update(`${i}\u0000${key}`).digest().readBigUInt64BE(0);
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  }
  return best;
}

export function shardKey(file: string): string {
  return file.replace(/\\/g, "/").replace(/^\.\//, "");
}
