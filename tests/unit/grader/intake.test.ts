import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from "node:fs";
import os from "node:os";
import path from "node:path";
import {afterAll, describe, expect, it} from "vitest";
import {collectSubmissionFiles} from "../../../src/grader/files.js";
import {UsageError} from "../../../src/grader/grade.js";
import {readRoster} from "../../../src/grader/roster.js";
import {exerciseCells, identityWarning, MAX_SUBMISSION_BYTES, readSubmissionFile, removeDuplicates, studentOf, type Accepted} from "../../../src/grader/intake.js";
import {loadNotebook} from "../../../src/grader/notebooks.js";

const notebook = loadNotebook(path.resolve(import.meta.dirname, "../../fixtures/grading.md"));
const notebooks = new Map([[notebook.id, notebook]]);
const dir = mkdtempSync(path.join(os.tmpdir(), "drillbook-intake-"));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

let n = 0;
// Named for the student the default submission names (ana), so only the identity tests see a disagreement.
function file(content: unknown, name = `ana_${++n}.json`): string {
  const full = path.join(dir, name);
  mkdirSync(path.dirname(full), {recursive: true});
  writeFileSync(full, typeof content === "string" ? content : JSON.stringify(content));
  return full;
}
const sub = (extra: Record<string, unknown> = {}) => ({notebook: "grading-fixture", version: 2, savedAt: "2026-03-01T10:00:00Z", student: "ana", cells: {total: "const total = 31;"}, ...extra});

describe("reading a submission file", () => {
  it("accepts a good one, keeping only exercise code", () => {
    const r = readSubmissionFile(file(sub()), notebooks);
    expect(r).toMatchObject({ok: true, student: "ana", code: {total: "const total = 31;"}, warnings: []});
  });

  it("takes the student's scratch cells as something to read, never as code to run", () => {
    const scratch = [{id: "scratch-1", code: "const total = 31;", after: "total"}];
    const r = readSubmissionFile(file(sub({cells: {}, scratch})), notebooks);
    expect(r).toMatchObject({ok: true, code: {}, warnings: []});
    expect(r.ok && r.submission.scratch).toEqual(scratch);
    const bad = readSubmissionFile(file(sub({scratch: [{id: "scratch-1"}]})), notebooks);
    expect(bad).toMatchObject({ok: false, error: expect.stringMatching(/^this file is not a Drillbook submission: "scratch\.0\.code"/)});
  });

  it("accepts one saved with a byte-order mark (as some Windows editors save JSON)", () => {
    const r = readSubmissionFile(file(`\uFEFF${JSON.stringify(sub())}`), notebooks);
    expect(r).toMatchObject({ok: true, student: "ana", code: {total: "const total = 31;"}, warnings: []});
  });

  it.each([
    ["malformed JSON", "{nope", /^this file is not a Drillbook submission: it is not valid JSON/],
    ["no notebook id", {version: 2, savedAt: "x", cells: {}}, /^this file is not a Drillbook submission: "notebook"/],
    ["an empty notebook id", {notebook: "", version: 2, savedAt: "x", cells: {}}, /"notebook"/],
    ["an unknown notebook", sub({notebook: "other"}), /^the submission is for notebook "other", which is not among the instructor's notebooks \(grading-fixture\)$/],
    ["cells that are not code", sub({cells: {total: 3}}), /"cells\.total"/],
    ["a version that is not a number", sub({version: "2"}), /"version"/],
    ["a JSON array", "[]", /^this file is not a Drillbook submission/]
  ])("rejects %s", (_what, content, error) => {
    const r = readSubmissionFile(file(content), notebooks);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(error);
  });

  it("rejects a file over the size limit without parsing it", () => {
    const big = file(`{"padding": "${"x".repeat(MAX_SUBMISSION_BYTES)}"}`);
    const r = readSubmissionFile(big, notebooks);
    expect(!r.ok && r.error).toMatch(/^the file is too large \(1,048,5\d\d bytes; the limit is 1 MB\)/);
    expect(readSubmissionFile(file(sub()), notebooks, {maxBytes: 50}).ok).toBe(false);
  });

  it("reports a missing file", () => {
    const r = readSubmissionFile(path.join(dir, "missing.json"), notebooks);
    expect(!r.ok && r.error).toMatch(/^cannot read the file/);
  });

  it("grades an older version with a warning, or refuses it with refuseOld", () => {
    const old = file(sub({version: 1}));
    const graded = readSubmissionFile(old, notebooks);
    expect(graded.ok && graded.warnings).toEqual(['the submission was made against version 1 of "grading-fixture", which is now at version 2: graded against version 2']);
    const refused = readSubmissionFile(old, notebooks, {refuseOld: true});
    expect(!refused.ok && refused.error).toBe('the submission was made against version 1 of "grading-fixture", which is now at version 2 (refused: --refuse-old)');
    expect(refused).toMatchObject({student: "ana", notebook: "grading-fixture", version: 1});
  });

  it("warns about a version newer than the instructor's", () => {
    const r = readSubmissionFile(file(sub({version: 3})), notebooks);
    expect(r.ok && r.warnings[0]).toMatch(/newer than the instructor's notebook \(version 2\)/);
  });

  it("ignores fields other than the submission's own, and says so", () => {
    const r = readSubmissionFile(file(sub({points: {total: 99}, checks: []})), notebooks);
    expect(r.ok && r.warnings).toEqual(['ignored fields "points", "checks": only exercise code is taken from a submission']);
  });
});

describe("exercise cells", () => {
  it("keeps exercise code and names what it ignores: check code, edits to the notebook's cells, unknown cells", () => {
    const {code, ignored} = exerciseCells(notebook, {
      total: "a", why: "b", "total/is-sum": "c", "double/twice-others": "d", reference: "e", data: "f", extra: "g"
    });
    expect(code).toEqual({total: "a", why: "b"});
    expect(ignored).toEqual([
      'ignored code for checks "total/is-sum", "double/twice-others": checks come from the instructor\'s notebook',
      'ignored edits to the notebook\'s cells "reference", "data": only exercise cells are graded',
      'ignored cell "extra": the notebook has no such exercise'
    ]);
  });
});

describe("who a submission belongs to", () => {
  it.each([
    ["a/b/alice.json", "grading-fixture", undefined, "alice"],
    ["x/anything.json", "grading-fixture", "  Bob Smith ", "Bob Smith"],
    ["x/alice_grading-fixture-submission.json", "grading-fixture", undefined, "alice"],
    ["x/alice-grading-fixture-submission (1).json", "grading-fixture", undefined, "alice"],
    ["class/carol/grading-fixture-submission.json", "grading-fixture", undefined, "carol"],
    ["class/dave/grading-fixture-submission (2).json", "grading-fixture", "", "dave"],
    ["x/welcome-submission.json", "grading-fixture", undefined, "welcome-submission"]
  ])("%s (notebook %s, student field %j) is %s", (f, nb, student, expected) => {
    expect(studentOf(f, {notebook: nb, student})).toBe(expected);
  });
});

const accepted = (file: string, student: string, savedAt: string, disputed = false): Accepted => ({
  ok: true, file, student, disputed, notebook, code: {}, warnings: [],
  submission: {notebook: notebook.id, version: 2, savedAt, student, cells: {}}
});

describe("duplicates", () => {

  it("grades the latest of a student's submissions and rejects the rest, naming the one graded", () => {
    const {kept, duplicates} = removeDuplicates([
      accepted("a1.json", "ana", "2026-03-01T10:00:00Z"),
      accepted("a2.json", "ana", "2026-03-03T10:00:00Z"),
      accepted("b.json", "ben", "2026-03-01T10:00:00Z"),
      accepted("a3.json", "ana", "2026-03-02T10:00:00Z")
    ]);
    expect(kept.map((k) => k.file)).toEqual(["a2.json", "b.json"]);
    expect(duplicates.map((d) => d.file)).toEqual(["a1.json", "a3.json"]);
    expect(duplicates[0]!.error).toBe('duplicate: student "ana" has another submission for "grading-fixture" (a2.json), saved later: that one is graded');
  });

  it("breaks a tie (or unreadable times) by taking the later file", () => {
    const {kept, duplicates} = removeDuplicates([accepted("x1.json", "cy", "not a date"), accepted("x2.json", "cy", "not a date")]);
    expect(kept.map((k) => k.file)).toEqual(["x2.json"]);
    expect(duplicates[0]!.error).toMatch(/saved at the same time: the later file in the list is graded$/);
  });
});

describe("identity: a file that names another student", () => {
  it.each([
    ["ana_welcome-submission.json", "ben", true],
    ["submissions/ana.json", "ben", true],
    ["ben_welcome-submission.json", "ben", false],
    ["class/ben/welcome-submission.json", "ben", false],
    ["ben.json", "Ben", false],
    ["Ben Smith - welcome-submission.json", "ben", false],
    ["submissions/welcome-submission.json", "ben", false],
    ["anything.json", undefined, false]
  ])("%s with student field %j: disputed %s", (f, student, disputed) => {
    const warning = identityWarning(f, {notebook: "welcome", student});
    expect(!!warning, warning ?? "").toBe(disputed);
    if (disputed) expect(warning).toMatch(new RegExp(`^the file is named for ".+" but its student field says "${student}"`));
  });

  it("a later file claiming another student never displaces that student's own file", () => {
    const {kept, duplicates} = removeDuplicates([
      accepted("ben.json", "ben", "2026-03-01T10:00:00Z"),
      accepted("ana.json", "ben", "2026-03-09T10:00:00Z", true)
    ]);
    expect(kept.map((k) => k.file)).toEqual(["ben.json"]);
    expect(duplicates[0]!.error).toMatch(/^duplicate: student "ben" has another submission .*\(ben.json\), whose file name agrees with its student field/);
  });

  it("reads the disagreement from a real file, and a roster flags a student it does not list", () => {
    const f = file(JSON.stringify({notebook: notebook.id, version: 2, savedAt: "2026-03-01T10:00:00Z", student: "ben", cells: {}}), "who/ana_grading-fixture-submission.json");
    const read = readSubmissionFile(f, new Map([[notebook.id, notebook]]), {roster: new Set(["ana"])});
    expect(read.ok && read.disputed).toBe(true);
    expect(read.ok && read.warnings.join("\n")).toMatch(/named for "ana" but its student field says "ben"[\s\S]*student "ben" is not on the roster/);
  });
});

describe("roster", () => {
  it("reads one id a line, or a CSV's first column, with or without a byte-order mark", () => {
    expect([...readRoster(file("\uFEFFana\nben\n\n", "roster.txt"))]).toEqual(["ana", "ben"]);
    expect([...readRoster(file('id,name\n"ana",Ana A\nben,Ben B\n', "roster.csv"))]).toEqual(["id", "ana", "ben"]);
  });

  it("refuses a roster it cannot read or that lists no one, as a usage error", () => {
    expect(() => readRoster(path.join(dir, "nope.txt"))).toThrow(UsageError);
    expect(() => readRoster(file("\n\n", "empty-roster.txt"))).toThrow(/lists no students/);
  });
});

describe("collecting files", () => {
  it("takes files as given, searches folders for .json recursively, lists each once, reports missing paths", () => {
    const root = path.join(dir, "collect");
    const a = file("{}", "collect/a.json");
    file("{}", "collect/sub/b.JSON");
    file("", "collect/notes.txt");
    file("{}", "collect/.hidden/c.json");
    mkdirSync(path.join(root, "empty"));
    const {files, problems} = collectSubmissionFiles([a, root, path.join(root, "nope.json"), path.join(root, "empty")]);
    expect(files.map((f) => path.relative(root, f))).toEqual(["a.json", "sub/b.JSON"]);
    expect(problems.map((p) => [path.relative(root, p.file), p.error])).toEqual([
      ["nope.json", "no such file or folder"],
      ["empty", "this folder holds no .json files"]
    ]);
  });
});
