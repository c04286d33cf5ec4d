// The fan-out recipes in examples/ run commands that exist, with options that exist, and together cover every
// shard once: the YAML is parsed, each step's or container's shell script really runs in bash (with `npx` as a
// stub that records its arguments), and each recorded `drillbook` call is parsed by the CLI's own commander
// program. So a renamed option, a matrix that skips a shard or a merge glob that misses one fails here.
import {spawnSync} from "node:child_process";
import {mkdirSync, mkdtempSync, readFileSync, rmSync} from "node:fs";
import os from "node:os";
import path from "node:path";
import {CommanderError} from "commander";
import {afterAll, describe, expect, it} from "vitest";
import {parse, parseAllDocuments} from "yaml";
import {PACKAGE_ROOT} from "../../../src/grader/paths.js";
import {drillbookProgram} from "../../../src/grader/program.js";
import {parseShard} from "../../../src/grader/shard.js";

const work = mkdtempSync(path.join(os.tmpdir(), "drillbook-examples-"));
const emptyBin = path.join(work, "bin");
mkdirSync(emptyBin);
afterAll(() => rmSync(work, {recursive: true, force: true}));
const example = (file: string) => readFileSync(path.join(PACKAGE_ROOT, "examples", file), "utf8");

/**
 * Runs a step's shell script with `npx` recording its calls; gives back each call's arguments. PATH is an empty
 * folder and unknown commands succeed silently, so nothing else in the script (apt-get, npm ci) really runs.
 */
function npxCalls(script: string, env: Record<string, string> = {}): string[][] {
  const log = path.join(work, `calls-${Math.random().toString(36).slice(2)}`);
  const stub = `npx() { printf '%s\\0' "$@" >> "${log}"; printf '\\n' >> "${log}"; }\ncommand_not_found_handle() { return 0; }\n`;
  const r = spawnSync("/bin/bash", ["-c", stub + script], {cwd: work, env: {PATH: emptyBin, ...env}, encoding: "utf8"});
  expect(r.status, r.stderr).toBe(0);
  let text = "";
  try {
    text = readFileSync(log, "utf8");
  } catch {
    return [];
  }
  return text.split("\0\n").filter(Boolean).map((call) => call.split("\0"));
}

/** Parses a `drillbook ...` call with the CLI's own program: the command and every option must exist. */
function drillbookCall(argv: string[]): {command: string; operands: string[]; options: Record<string, unknown>} {
  expect(argv[0]).toBe("drillbook");
  const program = drillbookProgram((err: CommanderError) => {
    throw err;
  });
  const command = program.commands.find((c) => c.name() === argv[1]);
  expect(command, `drillbook ${argv[1]}`).toBeDefined();
  const {operands, unknown} = command!.parseOptions(argv.slice(2));
  expect(unknown, `unknown options in drillbook ${argv.slice(1).join(" ")}`).toEqual([]);
  expect(operands.length).toBeGreaterThanOrEqual(command!.registeredArguments.filter((a) => a.required).length);
  return {command: argv[1]!, operands, options: command!.opts()};
}

/** bash's own glob matching. */
const globMatches = (file: string, pattern: string) => spawnSync("/bin/bash", ["-c", '[[ "$1" == $2 ]]', "_", file, pattern]).status === 0;

/** GitHub's ${{ ... }} expressions, for the contexts the workflow uses; any other fails the test. */
function expand(text: string, contexts: Record<string, string | number>): string {
  return text.replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (_, name: string) => {
    expect(contexts, `unknown expression ${name}`).toHaveProperty([name]);
    return String(contexts[name]);
  });
}

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, string>;
}

describe("examples/github-actions/grade.yml", () => {
  const workflow = parse(example("github-actions/grade.yml")) as {jobs: Record<string, {needs?: string; strategy?: {matrix: {shard: number[]}}; steps: Step[]}>};
  const {grade, merge} = workflow.jobs;

  it("grades every shard of the matrix once, with options drillbook grade has", () => {
    const shards = grade!.strategy!.matrix.shard;
    const seen: number[] = [];
    for (const shard of shards) {
      const contexts = {"matrix.shard": shard, "strategy.job-total": shards.length};
      const calls = grade!.steps.filter((s) => s.run).flatMap((s) => npxCalls(expand(s.run!, contexts)));
      expect(calls).toHaveLength(1);
      const call = drillbookCall(calls[0]!);
      expect(call.command).toBe("grade");
      const spec = parseShard(call.options.shard as string);
      expect(spec.count).toBe(shards.length);
      seen.push(spec.index);
      // What the job uploads is what it wrote.
      const upload = grade!.steps.find((s) => s.uses?.startsWith("actions/upload-artifact"))!;
      expect(path.normalize(expand(upload.with!.path!, contexts))).toBe(path.normalize(call.options.out as string) + path.sep);
    }
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({length: shards.length}, (_, i) => i + 1));
  });

  it("merges, after every shard, what the shards uploaded", () => {
    expect(merge!.needs).toBe("grade");
    const shards = grade!.strategy!.matrix.shard;
    const download = merge!.steps.find((s) => s.uses?.startsWith("actions/download-artifact"))!;
    const upload = grade!.steps.find((s) => s.uses?.startsWith("actions/upload-artifact"))!;
    const artifacts = shards.map((shard) => expand(upload.with!.name!, {"matrix.shard": shard}));
    for (const name of artifacts) expect(globMatches(name, download.with!.pattern!)).toBe(true);
    const calls = merge!.steps.filter((s) => s.run).flatMap((s) => npxCalls(s.run!));
    expect(calls).toHaveLength(1);
    const call = drillbookCall(calls[0]!);
    expect(call.command).toBe("merge");
    // download-artifact puts each artifact in <path>/<name>: the merge's folders must take in all of them.
    for (const name of artifacts) expect(call.operands.some((o) => globMatches(`${download.with!.path}/${name}`, o)), name).toBe(true);
    const last = merge!.steps.at(-1)!;
    expect(last.uses).toMatch(/^actions\/upload-artifact/);
    expect(path.normalize(last.with!.path!)).toBe(path.normalize(call.options.out as string) + path.sep);
  });
});

interface Container {
  command: string[];
  args: string[];
  env?: Array<{name: string; value: string}>;
  volumeMounts: Array<{name: string; mountPath: string}>;
}
interface Job {
  kind: string;
  spec: {completionMode?: string; completions?: number; parallelism?: number; template: {spec: {containers: Container[]; volumes: Array<{name: string; persistentVolumeClaim?: {claimName: string}}>}}};
}

describe("examples/kubernetes", () => {
  const [gradeJob] = parseAllDocuments(example("kubernetes/grade-job.yaml")).map((d) => d.toJS() as Job);
  const [mergeJob] = parseAllDocuments(example("kubernetes/merge-job.yaml")).map((d) => d.toJS() as Job);
  const shell = (c: Container, env: Record<string, string>) => {
    expect(c.command).toEqual(["bash", "-c"]);
    return npxCalls(c.args.join(" "), env);
  };
  const outs: string[] = [];

  it("is an Indexed Job whose pod k grades shard k+1 of completions", () => {
    expect(gradeJob!.kind).toBe("Job");
    expect(gradeJob!.spec.completionMode).toBe("Indexed");
    const n = gradeJob!.spec.completions!;
    const container = gradeJob!.spec.template.spec.containers[0]!;
    const env = Object.fromEntries((container.env ?? []).map((e) => [e.name, e.value]));
    const seen: number[] = [];
    for (let k = 0; k < n; k++) {
      const calls = shell(container, {...env, JOB_COMPLETION_INDEX: String(k)});
      expect(calls).toHaveLength(1);
      const call = drillbookCall(calls[0]!);
      expect(call.command).toBe("grade");
      const spec = parseShard(call.options.shard as string);
      expect(spec.count).toBe(n);
      seen.push(spec.index);
      outs.push(call.options.out as string);
    }
    expect(seen).toEqual(Array.from({length: n}, (_, i) => i + 1));
    expect(new Set(outs).size).toBe(n);
  });

  it("merges every shard's folder, on the same volume", () => {
    expect(mergeJob!.kind).toBe("Job");
    const container = mergeJob!.spec.template.spec.containers[0]!;
    const calls = shell(container, {});
    expect(calls).toHaveLength(1);
    const call = drillbookCall(calls[0]!);
    expect(call.command).toBe("merge");
    expect(outs.length).toBeGreaterThan(0);
    for (const out of outs) expect(call.operands.some((o) => globMatches(out, o)), out).toBe(true);
    expect(outs.some((out) => globMatches(call.options.out as string, call.operands[0]!))).toBe(false);
    // The course's claim, mounted at the same place in both (the grade pods also get a memory /dev/shm).
    const course = (j: Job) => {
      const claims = j.spec.template.spec.volumes.filter((v) => v.persistentVolumeClaim);
      const names = new Set(claims.map((v) => v.name));
      return {claims: claims.map((v) => v.persistentVolumeClaim!.claimName), mounts: j.spec.template.spec.containers[0]!.volumeMounts.filter((m) => names.has(m.name))};
    };
    expect(course(mergeJob!)).toEqual(course(gradeJob!));
    expect(course(gradeJob!).claims).toHaveLength(1);
  });
});

describe("examples/gradescope", () => {
  it("has shell scripts bash can read (run_autograder itself runs in gradescope.integration.test.ts)", () => {
    for (const script of ["setup.sh", "run_autograder", "make-autograder.sh"]) {
      const r = spawnSync("/bin/bash", ["-n", path.join(PACKAGE_ROOT, "examples/gradescope", script)], {encoding: "utf8"});
      expect(r.status, `${script}: ${r.stderr}`).toBe(0);
    }
  });

  it("runs drillbook gradescope with options it has", () => {
    const calls = npxCalls(example("gradescope/run_autograder"), {AUTOGRADER: "/autograder"});
    expect(calls).toHaveLength(1);
    const call = drillbookCall(calls[0]!);
    expect(call.command).toBe("gradescope");
    expect(call.operands).toEqual(["/autograder/submission"]);
    expect(call.options.out).toBe("/autograder/results/results.json");
  });
});
