// `drillbook merge`: joins the outputs of `drillbook grade --shard i/n` (one folder per shard) into the files one
// run over every submission would have written. Nothing is re-graded: the shards' results.json hold every check.
// Each shard recorded the full file list it was cut from, so the merge can prove the shards fit together: every
// shard 1..n once, cut from the same list with the same options, and every file graded (or rejected) by exactly
// one of them. Anything else is refused, naming the file or shard, and nothing is written.
import {readFileSync} from "node:fs";
import path from "node:path";
import {isDeepStrictEqual} from "node:util";
import {writeOutputs, type OutputOptions} from "./outputs.js";
import {resultsSchema, type NotebookSummary, type Results, type SubmissionResult} from "./results.js";
import {UsageError} from "./usage.js";

export class MergeProblems extends Error {
  constructor(readonly problems: string[]) {
    super(`cannot merge: ${problems.length} problem${problems.length > 1 ? "s" : ""}\n${problems.map((p) => `  ${p}`).join("\n")}`);
  }
}

export interface MergeRun {
  results: Results;
  /** 0 when every submission was graded, 1 otherwise (as for grade). */
  exitCode: number;
  written: string[];
}

export interface Shard {
  dir: string;
  results: Results;
  index: number;
  count: number;
  files: string[];
}

export function merge(dirs: string[], outDir: string | null, output: OutputOptions = {}): MergeRun {
  if (!dirs.length) throw new UsageError("merge needs the shards' output folders");
  const shards = dirs.map(readShard).sort((a, b) => a.index - b.index);
  const results = joinShards(shards);
  const written = outDir ? writeOutputs(outDir, results, output) : [];
  return {results, exitCode: results.summary.rejected ? 1 : 0, written};
}

function readShard(dir: string): Shard {
  const file = path.join(dir, "results.json");
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
  }
  const parsed = resultsSchema.safeParse(data);
  if (!parsed.success) throw new UsageError(`${file} is not a drillbook results.json: ${parsed.error.issues[0]?.message ?? "bad shape"}`);
  const results = parsed.data;
  // A run without --shard is the one shard of one.
  const shard = results.shard ?? {index: 1, count: 1, files: results.submissions.map((s) => s.file)};
  return {dir, results, ...shard};
}

/** The results one run over every file would have given: checked, then put in the full list's order. */
export function joinShards(shards: Shard[]): Results {
  const problems: string[] = [];
  const name = (s: Shard) => `${s.dir} (shard ${s.index}/${s.count})`;
  const first = shards[0]!;
  const count = first.count;

  for (const s of shards) {
    if (s.count !== count) problems.push(`${name(s)} was cut into ${s.count} shards, ${name(first)} into ${count}: grade every shard with the same n`);
  }
  const byIndex = new Map<number, Shard[]>();
  for (const s of shards) byIndex.set(s.index, [...(byIndex.get(s.index) ?? []), s]);
  for (let i = 1; i <= count; i++) {
    const got = byIndex.get(i) ?? [];
    if (!got.length) problems.push(`shard ${i}/${count} is missing: its files were not graded`);
    if (got.length > 1) problems.push(`shard ${i}/${count} is given twice: ${got.map((s) => s.dir).join(" and ")}`);
  }
  for (const s of shards) {
    if (isDeepStrictEqual(s.files, first.files)) continue;
    const only = (a: string[], b: string[]) => a.filter((f) => !new Set(b).has(f));
    const extra = only(s.files, first.files);
    const lacking = only(first.files, s.files);
    problems.push(`${name(s)} was cut from another file list than ${name(first)}` +
      (extra.length ? `: it has ${quote(extra)}` : "") + (lacking.length ? `${extra.length ? ";" : ":"} it lacks ${quote(lacking)}` : "") +
      (!extra.length && !lacking.length ? ": the same files in another order" : "") + ". Give every shard the same submissions argument");
  }
  // --jobs is each machine's own business; the options that change grades must agree.
  const gradingOptions = (s: Shard) => ({...s.results.options, jobs: 0});
  for (const s of shards) {
    if (!isDeepStrictEqual(gradingOptions(s), gradingOptions(first))) {
      problems.push(`${name(s)} was graded with other options than ${name(first)}: ${JSON.stringify(gradingOptions(s))} against ${JSON.stringify(gradingOptions(first))}`);
    }
  }

  // Every listed file exactly once.
  const holders = new Map<string, Array<{shard: Shard; result: SubmissionResult}>>();
  for (const s of shards) {
    for (const result of s.results.submissions) holders.set(result.file, [...(holders.get(result.file) ?? []), {shard: s, result}]);
  }
  const listed = new Set(first.files);
  for (const file of first.files) {
    const got = holders.get(file) ?? [];
    if (!got.length) problems.push(`${file} is in no shard's results: it was never graded`);
    if (got.length > 1) problems.push(`${file} is in ${got.length} shards' results (${got.map((g) => name(g.shard)).join(", ")}): a file is graded by one shard`);
  }
  for (const [file, got] of holders) {
    if (!listed.has(file)) problems.push(`${file} is in ${name(got[0]!.shard)}'s results but not in the file list the shards were cut from`);
  }

  const notebooks = new Map<string, {summary: NotebookSummary; shard: Shard}>();
  for (const s of shards) {
    for (const nb of s.results.notebooks) {
      const seen = notebooks.get(nb.id);
      if (!seen) notebooks.set(nb.id, {summary: nb, shard: s});
      else if (!isDeepStrictEqual(seen.summary, nb)) {
        problems.push(`notebook "${nb.id}" differs between ${name(seen.shard)} (version ${seen.summary.version}) and ${name(s)} (version ${nb.version}): grade every shard against the same notebooks`);
      }
    }
  }
  if (problems.length) throw new MergeProblems(problems);

  const submissions = first.files.map((file) => holders.get(file)![0]!.result);
  const latest = shards.map((s) => s.results.gradedAt).sort().at(-1)!;
  return {
    format: first.results.format,
    gradedAt: latest,
    options: {...first.results.options, jobs: Math.max(...shards.map((s) => s.results.options.jobs))},
    notebooks: [...notebooks.values()].map((n) => n.summary).sort((a, b) => (a.id < b.id ? -1 : 1)),
    summary: {
      submissions: submissions.length,
      graded: submissions.filter((s) => s.status === "graded").length,
      rejected: submissions.filter((s) => s.status === "rejected").length
    },
    submissions
  };
}

function quote(files: string[]): string {
  return files.slice(0, 3).join(", ") + (files.length > 3 ? ` and ${files.length - 3} more` : "");
}
