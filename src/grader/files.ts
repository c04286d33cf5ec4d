// Expands the command line's submission arguments: files are taken as given, folders are searched (recursively)
// for *.json files. Each file is listed once, in a stable order.
import {readdirSync, statSync} from "node:fs";
import path from "node:path";

export interface FileProblem {
  file: string;
  error: string;
}

export function collectSubmissionFiles(args: string[]): {files: string[]; problems: FileProblem[]} {
  const files: string[] = [];
  const problems: FileProblem[] = [];
  const seen = new Set<string>();
  const add = (file: string) => {
    const key = path.resolve(file);
    if (seen.has(key)) return;
    seen.add(key);
    files.push(file);
  };
  for (const arg of args) {
    let stat;
    try {
      stat = statSync(arg);
    } catch {
      problems.push({file: arg, error: "no such file or folder"});
      continue;
    }
    if (stat.isDirectory()) {
      const found = walk(arg);
      if (!found.length) problems.push({file: arg, error: "this folder holds no .json files"});
      found.forEach(add);
    } else {
      add(arg);
    }
  }
  return {files, problems};
}

function walk(dir: string): string[] {
  const out: string[] = [];
  const entries = readdirSync(dir, {withFileTypes: true}).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith(".")) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(full));
    else if (entry.isFile() && entry.name.toLowerCase().endsWith(".json")) out.push(full);
  }
  return out;
}
