// The files a grading run (or a merge) writes to --out: results.json, grades.csv (drillbook's layout or Canvas's),
// junit.xml and report.html, all from the results alone.
import {mkdirSync, writeFileSync} from "node:fs";
import path from "node:path";
import {canvasCsv, type CanvasRoster} from "./canvas.js";
import {gradesCsv} from "./csv.js";
import {junitXml} from "./junit.js";
import {reportHtml} from "./report.js";
import type {Results} from "./results.js";

export type CsvLayout = "drillbook" | "canvas";

export interface OutputOptions {
  csv?: CsvLayout;
  /** With csv=canvas: the students' Canvas ids, from a Canvas gradebook export given as --roster. */
  canvasRoster?: CanvasRoster | null;
}

export function writeOutputs(outDir: string, results: Results, options: OutputOptions = {}): string[] {
  mkdirSync(outDir, {recursive: true});
  const csv = options.csv === "canvas" ? canvasCsv(results.notebooks, results.submissions, options.canvasRoster) : gradesCsv(results.notebooks, results.submissions);
  const files: Array<[string, string]> = [
    ["results.json", JSON.stringify(results, null, 2) + "\n"],
    ["grades.csv", csv],
    ["junit.xml", junitXml(results.submissions)],
    ["report.html", reportHtml(results)]
  ];
  return files.map(([name, content]) => {
    const file = path.join(outDir, name);
    writeFileSync(file, content);
    return file;
  });
}
