// junit.xml: a test suite per submission and a test case per check, so CI systems show the grading. A check
// that did not pass is a <failure> (failed, not attempted) or an <error> (error, timeout); a rejected
// submission is a suite with one errored case, "submission". Exercise points go in the suite's properties.
import type {SubmissionResult} from "./results.js";

export function junitXml(submissions: SubmissionResult[]): string {
  const suites = submissions.map(suite);
  const count = (kind: keyof SuiteCounts) => suites.reduce((n, s) => n + s.counts[kind], 0);
  const time = suites.reduce((n, s) => n + s.seconds, 0);
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="drillbook grade" tests="${count("tests")}" failures="${count("failures")}" errors="${count("errors")}" time="${time.toFixed(3)}">`,
    ...suites.map((s) => s.xml),
    `</testsuites>`,
    ""
  ].join("\n");
}

interface SuiteCounts {
  tests: number;
  failures: number;
  errors: number;
}

function suite(s: SubmissionResult): {xml: string; counts: SuiteCounts; seconds: number} {
  const name = `${s.student ?? s.file} · ${s.notebook ?? "unknown notebook"}`;
  const seconds = (s.elapsedMs ?? 0) / 1000;
  const props = [
    ["file", s.file],
    ["notebook", s.notebook ?? ""],
    ["version", s.version === null ? "" : String(s.version)],
    ...(s.points ? [["points", String(s.points.earned)], ["possible", String(s.points.possible)]] : []),
    ...s.exercises.map((e) => [`points.${e.id}`, `${e.points.earned}/${e.points.possible}`]),
    ...s.warnings.map((w, i) => [`warning.${i + 1}`, w])
  ];
  const cases: string[] = [];
  const counts: SuiteCounts = {tests: 0, failures: 0, errors: 0};
  if (s.status === "rejected") {
    counts.tests = 1;
    counts.errors = 1;
    cases.push(`    <testcase name="submission" classname="${attr(classname(s))}"><error type="rejected" message="${attr(s.error ?? "")}">${text(s.error ?? "")}</error></testcase>`);
  }
  for (const e of s.exercises) {
    for (const c of e.checks) {
      counts.tests++;
      const open = `    <testcase name="${attr(c.id + (c.hidden ? " (hidden)" : ""))}" classname="${attr(`${classname(s)}.${e.id}`)}">`;
      const body = `${c.description}${c.message ? `\n${c.message}` : ""}`;
      if (c.status === "passed") {
        cases.push(open.replace(/>$/, " />"));
      } else if (c.status === "failed" || c.status === "not-attempted") {
        counts.failures++;
        cases.push(`${open}<failure type="${c.status}" message="${attr(c.message || c.status)}">${text(body)}</failure></testcase>`);
      } else {
        counts.errors++;
        cases.push(`${open}<error type="${c.status}" message="${attr(c.message || c.status)}">${text(body)}</error></testcase>`);
      }
    }
  }
  const xml = [
    `  <testsuite name="${attr(name)}" tests="${counts.tests}" failures="${counts.failures}" errors="${counts.errors}" time="${seconds.toFixed(3)}">`,
    `    <properties>`,
    ...props.map(([k, v]) => `      <property name="${attr(k!)}" value="${attr(v!)}" />`),
    `    </properties>`,
    ...cases,
    `  </testsuite>`
  ].join("\n");
  return {xml, counts, seconds};
}

function classname(s: SubmissionResult): string {
  return `${s.notebook ?? "unknown"}.${(s.student ?? s.file).replace(/[^\w@-]+/g, "_")}`;
}

/** Characters XML 1.0 cannot hold at all (control characters, lone surrogates) are dropped. */
function clean(value: string): string {
  return value.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "");
}

export function text(value: string): string {
  return clean(value).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export function attr(value: string): string {
  return text(value).replace(/"/g, "&quot;").replace(/\n/g, "&#10;").replace(/\r/g, "&#13;").replace(/\t/g, "&#9;");
}
