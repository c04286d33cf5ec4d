// A tiny benchmark harness: run a function R times after a warm-up, report median and min in ms, print a markdown
// table row, and append one JSON line per benchmark to bench/results/<suite>.jsonl (kept for comparing runs).
// Usage in a bench/<name>.bench.ts module: `export async function suite() { await bench("name", "what", fn, {runs,
// referenceMs}); }`. The row shows the median wall time with the median CPU time beside it, and the load average is
// recorded: this machine is shared, so read wall times with the load.
import {appendFileSync, mkdirSync} from "node:fs";
import os from "node:os";
import path from "node:path";
import {fileURLToPath} from "node:url";

const resultsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "results");

export interface BenchOptions {
  /** Timed repetitions (default 5). */
  runs?: number;
  /** Untimed runs first, to let the JIT compile (default 1). */
  warmup?: number;
  /** A reference time to compare with, e.g. scikit-learn's median on the same size. */
  referenceMs?: number;
  /** What the reference is (default "scikit-learn"). */
  referenceLabel?: string;
  /** Extra facts to record with the result (sizes, inertia, ...), or a function giving them after the runs. */
  extra?: Record<string, unknown> | (() => Record<string, unknown>);
}

export interface BenchResult {
  suite: string;
  name: string;
  medianMs: number;
  minMs: number;
  maxMs: number;
  /**
   * Median CPU time of this process per run (user + system, all threads). On a shared, loaded machine wall times
   * stretch with other people's jobs; CPU time much less. With workers it is the sum over threads.
   */
  cpuMedianMs?: number | null;
  runs: number;
  referenceMs: number | null;
  referenceLabel: string | null;
  /** ours / reference: below 1 means faster than the reference. */
  ratio: number | null;
  extra: Record<string, unknown>;
  date: string;
  node: string;
  cpu: string;
  /** 1-minute load average when the benchmark ended: on a shared machine, read the times with it. */
  load: number;
}

let headerPrinted = false;

function fmt(ms: number): string {
  return ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2);
}

/** Print the markdown table header (once per process). */
export function printHeader(): void {
  if (headerPrinted) return;
  headerPrinted = true;
  console.log("| suite | benchmark | median ms | min ms | runs | reference ms | ratio |");
  console.log("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
}

/** Time `fn` and record the result under `suite`. The function's return value is ignored (but computed). */
export async function bench(suite: string, name: string, fn: () => unknown, options: BenchOptions = {}): Promise<BenchResult> {
  const {runs = 5, warmup = 1} = options;
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return record(suite, name, times, cpu, options);
}

/** Median of a list of numbers. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * Record runs timed elsewhere (wall and CPU ms per run), e.g. rounds interleaved with a reference timed in the same
 * run: print the table row and append the JSON line, as bench() does.
 */
export function record(suite: string, name: string, wallMs: number[], cpuMs: number[], options: BenchOptions = {}): BenchResult {
  const {referenceMs, referenceLabel = "scikit-learn", extra = {}} = options;
  const times = [...wallMs].sort((a, b) => a - b);
  const medianMs = median(times);
  const result: BenchResult = {
    suite,
    name,
    medianMs,
    minMs: times[0],
    maxMs: times[times.length - 1],
    cpuMedianMs: median(cpuMs),
    runs: times.length,
    referenceMs: referenceMs ?? null,
    referenceLabel: referenceMs === undefined ? null : referenceLabel,
    ratio: referenceMs === undefined ? null : medianMs / referenceMs,
    extra: typeof extra === "function" ? extra() : extra,
    date: new Date().toISOString(),
    node: process.version,
    cpu: `${os.cpus()[0]?.model ?? "?"} x${os.cpus().length}`,
    load: os.loadavg()[0]
  };
  printHeader();
  const ref = result.referenceMs === null ? "—" : `${fmt(result.referenceMs)} (${result.referenceLabel})`;
  const ratio = result.ratio === null ? "—" : `${result.ratio.toFixed(2)}×`;
  console.log(`| ${suite} | ${name} | ${fmt(medianMs)} (CPU ${fmt(result.cpuMedianMs!)}) | ${fmt(result.minMs)} | ${result.runs} | ${ref} | ${ratio} |`);
  mkdirSync(resultsDir, {recursive: true});
  appendFileSync(path.join(resultsDir, `${suite}.jsonl`), JSON.stringify(result) + "\n");
  return result;
}
