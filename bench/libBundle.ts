// The library benches time the library as it ships: bundled into one ES module (as Vite bundles it for the page),
// not through tsx's per-file transform. The transform wraps functions in keepNames helpers and reaches every
// imported function through a getter; in the tree ensembles' inner loops that cost ~35 % (a 100-tree forest on
// 32,000 x 12 measured ~97 ms a tree under tsx, ~62 ms bundled).
import {mkdirSync} from "node:fs";
import path from "node:path";
import {fileURLToPath, pathToFileURL} from "node:url";
import {build} from "esbuild";

type Lib = typeof import("../src/lib/index.js");
type Protocol = typeof import("../src/lib/worker/protocol.js");
type Merge = typeof import("../src/lib/worker/mergeForest.js");

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/** Inside node_modules so the bundle's own imports (arquero, ml-matrix, ...) resolve from the project. */
const outdir = path.join(root, "node_modules", ".cache", "drillbook-bench");

let built: Promise<{lib: Lib; protocol: Protocol; merge: Merge; protocolUrl: string}> | null = null;

/** Bundle src/lib once per process (about a second) and import it. */
export function bundledLib(): Promise<{lib: Lib; protocol: Protocol; merge: Merge; protocolUrl: string}> {
  built ??= (async () => {
    mkdirSync(outdir, {recursive: true});
    await build({
      entryPoints: {
        lib: path.join(root, "src/lib/index.ts"),
        protocol: path.join(root, "src/lib/worker/protocol.ts"),
        merge: path.join(root, "src/lib/worker/mergeForest.ts")
      },
      outdir,
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "node",
      target: "node20",
      packages: "external",
      outExtension: {".js": ".mjs"},
      logLevel: "warning"
    });
    const url = (name: string) => pathToFileURL(path.join(outdir, `${name}.mjs`)).href;
    const [lib, protocol, merge] = await Promise.all([import(url("lib")) as Promise<Lib>, import(url("protocol")) as Promise<Protocol>, import(url("merge")) as Promise<Merge>]);
    return {lib, protocol, merge, protocolUrl: url("protocol")};
  })();
  return built;
}
