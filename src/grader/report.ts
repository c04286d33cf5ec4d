// report.html: the class at a glance, in one self-contained file an instructor opens from disk. No script and no
// request: the charts are SVG drawn here by Observable Plot (on jsdom's document, as Plot supports for server-side
// rendering), the styles are inline, and a Content-Security-Policy refuses anything else. Everything a student
// wrote (file names, ids, the messages their code produced) is escaped.
import * as Plot from "@observablehq/plot";
import {JSDOM} from "jsdom";
import {formatPoints} from "./csv.js";
import type {GradedCheckStatus, Results, SubmissionResult} from "./results.js";
import {reportData, SLOWEST_SHOWN, type CheckReport, type NotebookReport} from "./reportData.js";

const FAILURES_SHOWN = 5;

export function reportHtml(results: Results): string {
  const data = reportData(results);
  const document = new JSDOM("").window.document;
  const {summary} = data;
  const body = [
    `<h1>Grading report</h1>`,
    `<p class="lead">${summary.submissions} submission${summary.submissions === 1 ? "" : "s"}: ${summary.graded} graded, ${summary.rejected} not graded. Graded ${escapeHtml(data.gradedAt)}.</p>`,
    ...data.notebooks.map((nb) => notebookSection(nb, document)),
    slowestSection(data.slowest),
    failedSection(data.rejected, data.stopped)
  ];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Drillbook grading report</title>
<style>${STYLE}</style>
</head>
<body>
${body.join("\n")}
</body>
</html>
`;
}

function notebookSection(nb: NotebookReport, document: Document): string {
  const {notebook} = nb;
  const title = notebook.title ?? notebook.id;
  const checks = nb.checks;
  const failing = checks.filter((c) => c.failures.length);
  return `<section>
<h2>${escapeHtml(title)} <small>${escapeHtml(notebook.id)}, version ${notebook.version}, ${formatPoints(notebook.possible)} points</small></h2>
<p>${nb.scores.length} graded · mean ${formatPoints(nb.mean)} · median ${formatPoints(nb.median)} · ${nb.fullMarks} with full marks</p>
<div class="charts">
<figure><figcaption>Score distribution</figcaption>${nb.scores.length ? distributionSvg(nb, document) : "<p>No graded submission.</p>"}</figure>
<figure><figcaption>Pass rate per check (hidden checks in orange)</figcaption>${checks.length && nb.scores.length ? passRateSvg(checks, document) : "<p>No checks ran.</p>"}</figure>
</div>
<table class="checks">
<thead><tr><th>check</th><th>passed</th><th>failed</th><th>error</th><th>timeout</th><th>not attempted</th><th>pass rate</th></tr></thead>
<tbody>
${checks.map(checkRow).join("\n")}
</tbody>
</table>
<h3>Most common failures</h3>
${failing.length ? failing.map(failureBlock).join("\n") : "<p>Every check passed for every graded submission.</p>"}
</section>`;
}

function checkRow(c: CheckReport): string {
  const n = c.counts;
  return `<tr><td>${checkLabel(c)}</td><td>${n.passed}</td><td>${n.failed}</td><td>${n.error}</td><td>${n.timeout}</td><td>${n["not-attempted"]}</td><td>${rate(c)}</td></tr>`;
}

function failureBlock(c: CheckReport): string {
  const notPassed = c.graded - c.counts.passed;
  const shown = c.failures.slice(0, FAILURES_SHOWN);
  const rest = c.failures.slice(FAILURES_SHOWN).reduce((n, g) => n + g.count, 0);
  return `<details open>
<summary>${checkLabel(c)}: ${notPassed} of ${c.graded} did not pass</summary>
<table class="failures">
<thead><tr><th>count</th><th>status</th><th>message</th></tr></thead>
<tbody>
${shown.map((g) => `<tr><td>${g.count}</td><td><span class="status ${g.status}">${statusName(g.status)}</span></td><td><code>${escapeHtml(g.count > 1 && g.pattern !== g.example ? g.pattern : g.example) || "<em>no message</em>"}</code>${g.count > 1 && g.pattern !== g.example ? `<div class="example">for example: <code>${escapeHtml(g.example)}</code></div>` : ""}</td></tr>`).join("\n")}
${rest ? `<tr><td>${rest}</td><td></td><td><em>${c.failures.length - FAILURES_SHOWN} other message${c.failures.length - FAILURES_SHOWN > 1 ? "s" : ""}</em></td></tr>` : ""}
</tbody>
</table>
</details>`;
}

function slowestSection(slowest: SubmissionResult[]): string {
  if (!slowest.length) return "";
  return `<section>
<h2>Slowest submissions <small>the ${Math.min(SLOWEST_SHOWN, slowest.length)} longest runs</small></h2>
<table>
<thead><tr><th>seconds</th><th>student</th><th>notebook</th><th>points</th><th>file</th></tr></thead>
<tbody>
${slowest.map((s) => `<tr><td>${(s.elapsedMs! / 1000).toFixed(1)}</td><td>${escapeHtml(s.student ?? "")}</td><td>${escapeHtml(s.notebook ?? "")}</td><td>${points(s)}</td><td><code>${escapeHtml(s.file)}</code></td></tr>`).join("\n")}
</tbody>
</table>
</section>`;
}

function failedSection(rejected: SubmissionResult[], stopped: SubmissionResult[]): string {
  const rows = [
    ...rejected.map((s) => `<tr><td><span class="status error">not graded</span></td><td>${escapeHtml(s.student ?? "")}</td><td><code>${escapeHtml(s.file)}</code></td><td>${escapeHtml(s.error ?? "")}</td></tr>`),
    ...stopped.map((s) => `<tr><td><span class="status timeout">stopped</span></td><td>${escapeHtml(s.student ?? "")}</td><td><code>${escapeHtml(s.file)}</code></td><td>${escapeHtml(s.warnings.at(-1) ?? "")}</td></tr>`)
  ];
  return `<section>
<h2>Failed submissions <small>not graded, or stopped before their checks could run</small></h2>
${rows.length ? `<table>
<thead><tr><th></th><th>student</th><th>file</th><th>why</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody>
</table>` : "<p>None: every file was graded and every run finished.</p>"}
</section>`;
}

function distributionSvg(nb: NotebookReport, document: Document): string {
  const counts = new Map<number, number>();
  for (const x of nb.scores) counts.set(x, (counts.get(x) ?? 0) + 1);
  const domain = [...new Set([...achievableTotals(nb.notebook.exercises.map((e) => e.points)), ...counts.keys()])].sort((a, b) => a - b);
  const bars = domain.map((x) => ({points: formatPoints(x), count: counts.get(x) ?? 0}));
  return Plot.plot({
    document, width: 440, height: 220, marginBottom: 36,
    x: {label: "points earned", domain: bars.map((b) => b.points), type: "band", padding: 0.15},
    y: {label: "submissions", grid: true, tickFormat: (d: number) => (Number.isInteger(d) ? String(d) : "")},
    marks: [
      Plot.barY(bars, {x: "points", y: "count", fill: "#4269d0"}),
      Plot.text(bars, {x: "points", y: "count", text: (b: {count: number}) => (b.count ? String(b.count) : ""), dy: -7}),
      Plot.ruleY([0])
    ]
  }).outerHTML;
}

function passRateSvg(checks: CheckReport[], document: Document): string {
  const rows = checks.map((c) => ({check: c.check + (c.hidden ? " (hidden)" : ""), rate: c.graded ? c.counts.passed / c.graded : 0, hidden: c.hidden}));
  const longest = Math.max(...rows.map((r) => r.check.length));
  return Plot.plot({
    document, width: 560, height: Math.max(140, 50 + rows.length * 30), marginLeft: Math.min(320, 16 + longest * 6), marginRight: 44, marginBottom: 36,
    x: {label: "pass rate", domain: [0, 1], tickFormat: "%", grid: true},
    y: {label: null, domain: rows.map((r) => r.check)},
    marks: [
      Plot.barX(rows, {y: "check", x: "rate", fill: (r: {hidden: boolean}) => (r.hidden ? "#ef8a3c" : "#4269d0")}),
      Plot.text(rows, {y: "check", x: "rate", text: (r: {rate: number}) => `${Math.round(r.rate * 100)}%`, textAnchor: "start", dx: 4}),
      Plot.ruleX([0])
    ]
  }).outerHTML;
}

/** Every total a submission can earn (points are all or nothing per exercise): the bars at 0 show too. */
function achievableTotals(points: number[]): number[] {
  let totals = new Set([0]);
  for (const p of points) {
    totals = new Set([...totals, ...[...totals].map((t) => Math.round((t + p) * 1e6) / 1e6)]);
    // Past a few dozen bars the chart says no more: keep only what was earned (and 0 and the maximum).
    if (totals.size > 40) return [0, points.reduce((a, b) => a + b, 0)];
  }
  return [...totals];
}

function checkLabel(c: CheckReport): string {
  return `<code>${escapeHtml(c.check)}</code>${c.hidden ? ` <span class="hidden">hidden</span>` : ""}`;
}

function rate(c: CheckReport): string {
  return c.graded ? `${Math.round((100 * c.counts.passed) / c.graded)}%` : "–";
}

function points(s: SubmissionResult): string {
  return s.points ? `${formatPoints(s.points.earned)} / ${formatPoints(s.points.possible)}` : "";
}

function statusName(status: GradedCheckStatus): string {
  return status === "not-attempted" ? "not attempted" : status;
}

export function escapeHtml(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; color: #1f2328; margin: 2rem auto; max-width: 1060px; padding: 0 1rem; }
h1 { margin-bottom: 0.2rem; }
h2 { margin-top: 2.2rem; border-bottom: 1px solid #d0d7de; padding-bottom: 0.2rem; }
h2 small { font-weight: normal; color: #59636e; font-size: 0.8rem; margin-left: 0.4rem; }
.lead { color: #59636e; }
.charts { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: flex-start; }
figure { margin: 0; }
figcaption { font-weight: 600; margin-bottom: 0.3rem; }
table { border-collapse: collapse; margin: 0.6rem 0 1rem; }
th, td { text-align: left; padding: 0.25rem 0.6rem; border-bottom: 1px solid #e6e9ec; vertical-align: top; }
th { background: #f6f8fa; font-weight: 600; }
table.checks td:not(:first-child), table.checks th:not(:first-child) { text-align: right; }
code { font: 12.5px ui-monospace, monospace; overflow-wrap: anywhere; white-space: pre-wrap; }
details { margin: 0.4rem 0 0.8rem; }
summary { cursor: pointer; font-weight: 600; }
.example { color: #59636e; font-size: 0.85rem; margin-top: 0.15rem; }
.hidden { background: #fff1e5; color: #9a4a00; border-radius: 3px; padding: 0 0.3rem; font-size: 0.75rem; }
.status { border-radius: 3px; padding: 0 0.35rem; font-size: 0.8rem; white-space: nowrap; }
.status.failed { background: #ffebe9; color: #a40e26; }
.status.error { background: #fbefff; color: #6e2b8f; }
.status.timeout { background: #fff8c5; color: #7a5b00; }
.status.not-attempted { background: #eaeef2; color: #424a53; }
`;
