// Sharded grading gives what one run gives: a class of real submissions (welcome and hidden-segments: solutions,
// starters, the notebooks' own wrong answers, a student who saved twice, a tie, a borrowed file, a broken file)
// is graded once whole and once as three shards joined by merge; the files must match up to timings. The
// duplicates are placed so that each pair lands in two different shards.
import {mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync, mkdirSync} from "node:fs";
import os from "node:os";
import path from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {GradingBrowser} from "../../../src/grader/browser.js";
import {grade, type GradeRun} from "../../../src/grader/grade.js";
import {merge, MergeProblems, type MergeRun} from "../../../src/grader/merge.js";
import {buildGradePage} from "../../../src/grader/pageBuild.js";
import {resultsSchema, type Results} from "../../../src/grader/results.js";
import {shardOf} from "../../../src/grader/shard.js";
import {classSubmissions, notebookFrom, writeClass, type ClassFile} from "./classroom.js";

const root = path.resolve(import.meta.dirname, "../../..");
const work = mkdtempSync(path.join(os.tmpdir(), "drillbook-shards-"));
const notebooksDir = path.join(work, "notebooks");
const subsDir = path.join(work, "submissions");
const N = 3;

const welcome = notebookFrom(path.join(root, "notebooks/welcome.md"));
const segments = notebookFrom(path.join(root, "notebooks/hidden-segments.md"));
const at = (day: number) => `2026-03-0${day}T10:00:00.000Z`;
const sub = (student: string, savedAt: string, cells: Record<string, string>) => ({notebook: "welcome", version: 1, savedAt, student, cells});
const SQUARES = "let sumOfSquares = 0;\nfor (let i = 1; i <= n; i++) sumOfSquares += i * i;";
const file = (name: string) => path.join(subsDir, name);
/** A second file name for `first`, chosen so that the two land in different shards. */
const apart = (first: string, second: (k: number) => string) => {
  for (let k = 1; ; k++) if (shardOf(file(second(k)), N) !== shardOf(file(first), N)) return second(k);
};

const twiceOld = "twice/welcome-submission.json";
const twiceNew = apart(twiceOld, (k) => `twice/welcome-submission (${k}).json`);
const tieFirst = "tie/welcome-submission.json";
const tieSecond = apart(tieFirst, (k) => `tie/welcome-submission (${k}).json`);
const solvedOwn = "welcome/solved_welcome-submission.json";
const borrowed = apart(solvedOwn, (k) => `welcome/borrowed-${k}_welcome-submission.json`);
const extras: ClassFile[] = [
  {name: twiceOld, content: sub("twice", at(1), {})},
  {name: twiceNew, content: sub("twice", at(3), {"sum-of-squares": SQUARES})},
  {name: tieFirst, content: sub("tie", at(2), {"sum-of-squares": "const sumOfSquares = 385;"})},
  {name: tieSecond, content: sub("tie", at(2), {"sum-of-squares": SQUARES})},
  // Saved later, but its name is someone else's: it must not displace solved's own file, in any shard.
  {name: borrowed, content: sub("solved", at(5), {})},
  {name: "broken_welcome-submission.json", content: '{"notebook": "welcome",'}
];
const classFiles = [...classSubmissions([welcome]), ...classSubmissions([segments], 1), ...extras];

let browser: GradingBrowser | undefined;
let whole: GradeRun;
const shards: GradeRun[] = [];
let merged: MergeRun;
const out = (name: string) => path.join(work, name);
const read = (dir: string, name: string) => readFileSync(path.join(dir, name), "utf8");

beforeAll(async () => {
  mkdirSync(notebooksDir, {recursive: true});
  for (const id of ["welcome", "hidden-segments"]) copyFileSync(path.join(root, `notebooks/${id}.md`), path.join(notebooksDir, `${id}.md`));
  writeClass(subsDir, classFiles);
  browser = await GradingBrowser.launch((await buildGradePage()).dir, 3);
  const options = {submissions: [subsDir], notebooksDir, jobs: 2, timeoutSeconds: 60, browser};
  whole = await grade({...options, outDir: out("whole")});
  for (let i = 1; i <= N; i++) shards.push(await grade({...options, outDir: out(`shard-${i}`), shard: {index: i, count: N}}));
  // Given out of order, as a CI job's downloaded artifacts may be.
  merged = merge([out("shard-3"), out("shard-1"), out("shard-2")], out("merged"));
}, 400_000);

afterAll(async () => {
  await browser?.close();
  rmSync(work, {recursive: true, force: true});
});

/** Timings differ from run to run; everything else must not. */
const untimed = (r: Results) => ({...r, gradedAt: "", submissions: r.submissions.map((s) => ({...s, elapsedMs: s.elapsedMs === null ? null : 0}))});
const untimedXml = (xml: string) => xml.replace(/ time="[\d.]+"/g, ' time=""');
/** The report's time stamp and its slowest-runs table are timings; the rest must match. */
const untimedReport = (html: string) => html.replace(/Graded [\d-]+T[\d:.]+Z\./, "").replace(/<section>\n<h2>Slowest submissions[\s\S]*?<\/section>/, "");

describe("grading in shards, then merging", () => {
  it("cuts the class into three shards that together hold every file once", () => {
    const total = whole.results.submissions.length;
    expect(total).toBe(classFiles.length);
    const sizes = shards.map((s) => s.results.submissions.length);
    expect(sizes.reduce((a, b) => a + b)).toBe(total);
    for (const n of sizes) expect(n).toBeGreaterThan(0);
    expect(shards.every((s) => s.results.shard?.files.length === total)).toBe(true);
  });

  it("writes a results.json, grades.csv, junit.xml and report.html identical to one run's, up to timings", () => {
    const mergedJson = resultsSchema.parse(JSON.parse(read(out("merged"), "results.json")));
    expect(untimed(mergedJson)).toEqual(untimed(resultsSchema.parse(JSON.parse(read(out("whole"), "results.json")))));
    expect(read(out("merged"), "grades.csv")).toBe(read(out("whole"), "grades.csv"));
    expect(untimedXml(read(out("merged"), "junit.xml"))).toBe(untimedXml(read(out("whole"), "junit.xml")));
    expect(untimedReport(read(out("merged"), "report.html"))).toBe(untimedReport(read(out("whole"), "report.html")));
    expect(merged.exitCode).toBe(whole.exitCode);
  });

  it("grades the class as it should (the comparison is not between two empty runs)", () => {
    const by = new Map(whole.results.submissions.map((s) => [path.relative(subsDir, s.file), s]));
    expect(by.get("welcome/solved_welcome-submission.json")?.points).toEqual({earned: 2, possible: 2});
    expect(by.get("hidden-segments/solved_hidden-segments-submission.json")?.points?.earned).toBe(segments.exercises.reduce((n, e) => n + e.points, 0));
    for (const [name, s] of by) if (name.includes("wrong-")) expect(s.points!.earned, name).toBeLessThan(s.points!.possible);
    expect(by.get("broken_welcome-submission.json")?.status).toBe("rejected");
  });

  it("resolves duplicates that fall in different shards as one run does", () => {
    const place = (name: string) => shards.findIndex((s) => s.results.submissions.some((r) => r.file === file(name)));
    for (const [a, b] of [[twiceOld, twiceNew], [tieFirst, tieSecond], [solvedOwn, borrowed]] as const) expect(place(a)).not.toBe(place(b));
    const of = (name: string) => merged.results.submissions.find((s) => s.file === file(name))!;
    expect(of(twiceNew)).toMatchObject({status: "graded", points: {earned: 2, possible: 2}});
    expect(of(twiceOld)).toMatchObject({status: "rejected", error: expect.stringContaining(`(${file(twiceNew)}), saved later`)});
    // Folders are listed in name order: "welcome-submission (k).json" sorts before "welcome-submission.json".
    const files = merged.results.submissions.map((s) => s.file);
    const [earlier, later] = files.indexOf(file(tieFirst)) < files.indexOf(file(tieSecond)) ? [tieFirst, tieSecond] : [tieSecond, tieFirst];
    expect(of(later)).toMatchObject({status: "graded"});
    expect(of(earlier).error).toContain(`(${file(later)}), saved at the same time: the later file in the list is graded`);
    expect(of(solvedOwn).status).toBe("graded");
    expect(of(borrowed).error).toContain("whose file name agrees with its student field");
  });

  it("refuses shards that do not fit together, naming the shard or file, and writes nothing", () => {
    const fails = (dirs: string[]) => {
      try {
        merge(dirs, null);
      } catch (e) {
        if (e instanceof MergeProblems) return e.problems.join("\n");
        throw e;
      }
      throw new Error("merged");
    };
    expect(fails([out("shard-1"), out("shard-3")])).toContain("shard 2/3 is missing");
    expect(fails([out("shard-1"), out("shard-2"), out("shard-3"), out("shard-3")])).toContain("shard 3/3 is given twice");
    // A shard that lost a file on the way (an artifact edited, a partial upload).
    const lossy = JSON.parse(read(out("shard-2"), "results.json")) as Results;
    const lost = lossy.submissions.pop()!;
    mkdirSync(out("lossy"), {recursive: true});
    writeFileSync(path.join(out("lossy"), "results.json"), JSON.stringify(lossy));
    expect(fails([out("shard-1"), out("lossy"), out("shard-3")])).toBe(`${lost.file} is in no shard's results: it was never graded`);
  });
});
