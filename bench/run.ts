// Runs the benchmark suites: every bench/*.bench.ts module's exported suite(), one after another (never in
// parallel: the machine is shared and timings must not compete). `npm run bench -- lib` runs only the suites whose
// name (file name without .bench.ts) starts with one of the arguments, e.g. lib-core and lib-models.
import {readdirSync} from "node:fs";
import os from "node:os";
import path from "node:path";
import {fileURLToPath, pathToFileURL} from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const suites = readdirSync(here)
  .filter((f) => f.endsWith(".bench.ts"))
  .map((f) => f.slice(0, -".bench.ts".length))
  .sort()
  .filter((name) => wanted.length === 0 || wanted.some((w) => name === w || name.startsWith(w)));

if (suites.length === 0) {
  console.error(`no benchmark suite matches ${wanted.join(", ")}; suites are the bench/*.bench.ts files`);
  process.exit(1);
}

console.log(`Node ${process.version}, ${os.cpus()[0]?.model ?? "?"} x${os.cpus().length}, load ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
console.log(`suites: ${suites.join(", ")}\n`);
for (const name of suites) {
  const mod = (await import(pathToFileURL(path.join(here, `${name}.bench.ts`)).href)) as {suite?: () => unknown};
  if (typeof mod.suite !== "function") {
    console.error(`bench/${name}.bench.ts exports no suite() function: skipped`);
    continue;
  }
  const t0 = performance.now();
  await mod.suite();
  console.log(`\n${name} done in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
}
