import path from "node:path";
import {describe, expect, it} from "vitest";
import {loadNotebook} from "../../../src/grader/notebooks.js";
import {MESSAGE_LIMIT, scoreExercises, summariseNotebook, total, type RunOutcome} from "../../../src/grader/points.js";
import type {PageResult} from "../../../src/grader/protocol.js";
import {summaryText, tallyChecks} from "../../../src/grader/summary.js";
import type {SubmissionResult} from "../../../src/grader/results.js";

const notebook = loadNotebook(path.resolve(import.meta.dirname, "../../fixtures/grading.md"));
const ALL = ["total/is-sum", "total/same-as-library", "double/twice-two", "double/twice-others", "why/answered"];

function done(statuses: Record<string, PageResult["checks"][number]["status"]>, extra: Partial<PageResult> = {}): RunOutcome {
  return {
    kind: "done",
    result: {checks: Object.entries(statuses).map(([id, status]) => ({id, status, message: status === "passed" ? "" : `${id} says ${status}`})), cells: [], elapsedMs: 5, timedOut: false, tampered: [], changed: [], ...extra}
  };
}
const allPassed = Object.fromEntries(ALL.map((id) => [id, "passed" as const]));

describe("points", () => {
  it("gives an exercise its points only when all its checks pass, hidden ones included", () => {
    const exercises = scoreExercises(notebook, {total: "t", double: "d"}, done({...allPassed, "double/twice-others": "failed"}));
    expect(exercises.map((e) => [e.id, e.passed, e.points.earned, e.points.possible])).toEqual([
      ["total", true, 2, 2], ["double", false, 0, 1], ["why", true, 1, 1]
    ]);
    expect(total(exercises)).toEqual({earned: 3, possible: 4});
  });

  it("lists checks in notebook order with what each wants, and the message only when not passed", () => {
    const [first] = scoreExercises(notebook, {}, done({...allPassed, "total/is-sum": "failed"}));
    expect(first!.checks).toEqual([
      {id: "total/is-sum", name: "is-sum", hidden: false, description: "total is the sum of values", status: "failed", message: "total/is-sum says failed"},
      {id: "total/same-as-library", name: "same-as-library", hidden: true, description: "total agrees with simple-statistics", status: "passed", message: ""}
    ]);
  });

  it("scores a check still pending when the notebook stopped settling as timeout", () => {
    const [first] = scoreExercises(notebook, {}, done({...allPassed, "total/is-sum": "pending"}, {timedOut: true}));
    expect(first!.checks[0]).toMatchObject({status: "timeout", message: expect.stringMatching(/did not settle within the time limit/)});
    expect(first!.points.earned).toBe(0);
  });

  it("scores every check timeout when the page was closed at --timeout, and error when it crashed", () => {
    const timedOut = scoreExercises(notebook, {}, {kind: "timeout", seconds: 60}).flatMap((e) => e.checks);
    expect(timedOut.map((c) => c.status)).toEqual(Array(5).fill("timeout"));
    expect(timedOut[0]!.message).toBe("the submission did not finish within 60 s and its page was closed: look for a loop or recursion that never ends");
    const crashed = scoreExercises(notebook, {}, {kind: "crash", message: "the browser tab crashed (out of memory?)"}).flatMap((e) => e.checks);
    expect(crashed.map((c) => c.status)).toEqual(Array(5).fill("error"));
    expect(crashed[0]!.message).toBe("the grading page stopped: the browser tab crashed (out of memory?)");
  });

  it("scores a check the page did not report as an error, never as passed", () => {
    const {"why/answered": _gone, ...rest} = allPassed;
    const why = scoreExercises(notebook, {}, done(rest)).find((e) => e.id === "why")!;
    expect(why.checks[0]).toMatchObject({status: "error", message: "the check did not report a result"});
    expect(why.points.earned).toBe(0);
  });

  it("keeps free-text answers (the submitted text, or the starter) and marks what was submitted", () => {
    const [t, , why] = scoreExercises(notebook, {why: "const why = 'because';"}, done(allPassed));
    expect(why).toMatchObject({kind: "text", answer: "const why = 'because';", submitted: true});
    expect(t).toMatchObject({kind: "code", submitted: false});
    expect(t!.answer).toBeUndefined();
    const [, , none] = scoreExercises(notebook, {}, done(allPassed));
    expect(none!.answer).toBe('const why = "";');
  });

  it("clips huge messages", () => {
    const outcome = done(allPassed);
    if (outcome.kind === "done") outcome.result.checks[0] = {id: "total/is-sum", status: "error", message: "x".repeat(50_000)};
    const [first] = scoreExercises(notebook, {}, outcome);
    expect(first!.checks[0]!.message.length).toBeLessThan(MESSAGE_LIMIT + 40);
    expect(first!.checks[0]!.message).toMatch(/… \(49000 more characters\)$/);
  });

  it("summarises the notebook's exercises and checks with possible points", () => {
    expect(summariseNotebook(notebook)).toMatchObject({
      id: "grading-fixture", version: 2, possible: 4,
      exercises: [{id: "total", points: 2, checks: [{id: "total/is-sum", hidden: false}, {id: "total/same-as-library", hidden: true}]}, {id: "double"}, {id: "why"}]
    });
  });
});

describe("the class summary", () => {
  const submission = (student: string, statuses: Record<string, PageResult["checks"][number]["status"]>): SubmissionResult => {
    const exercises = scoreExercises(notebook, {}, done(statuses));
    return {file: `${student}.json`, status: "graded", student, notebook: notebook.id, version: 2, notebookVersion: 2, savedAt: null, warnings: [], points: total(exercises), elapsedMs: 1, exercises};
  };

  it("gives each check's pass rate over graded submissions", () => {
    const subs = [
      submission("a", allPassed),
      submission("b", {...allPassed, "total/is-sum": "failed", "double/twice-two": "timeout"}),
      submission("c", Object.fromEntries(ALL.map((id) => [id, "not-attempted" as const]))),
      {...submission("d", allPassed), status: "rejected" as const}
    ];
    const tallies = tallyChecks([summariseNotebook(notebook)], subs);
    expect(tallies.find((t) => t.check === "total/is-sum")).toMatchObject({graded: 3, counts: {passed: 1, failed: 1, "not-attempted": 1}});
    const text = summaryText([summariseNotebook(notebook)], subs);
    expect(text).toMatch(/total\/is-sum\s+1\s+1\s+0\s+0\s+1\s+33%/);
    expect(text).toMatch(/total\/same-as-library \(hidden\)\s+2\s+0\s+0\s+0\s+1\s+67%/);
    expect(text).toMatch(/double\/twice-two\s+1\s+0\s+0\s+1\s+1\s+33%/);
    expect(text).toContain("grading-fixture: 3 graded, mean 1.67 of 4 points, 1 with full marks");
    expect(text).toContain("3 of 4 submissions graded, 1 not graded (see above)");
  });
});

describe("solutions the student opened", () => {
  it("are reported on their exercise, with when, and nowhere else", () => {
    const exercises = scoreExercises(notebook, {}, done(allPassed), {total: "2026-12-04T10:00:00.000Z"});
    expect(exercises.find((e) => e.id === "total")!.solutionViewed).toBe("2026-12-04T10:00:00.000Z");
    expect(exercises.filter((e) => e.solutionViewed !== undefined).map((e) => e.id)).toEqual(["total"]);
  });
});
