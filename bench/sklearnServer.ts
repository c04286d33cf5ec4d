// scikit-learn timed in the same run as the library: bench/sklearn_models.py --serve, started once, fits one model
// per request on the same data (it regenerates the bench's rows), so a bench can alternate its own fits with
// scikit-learn's and both meet the same load. Null when no Python with scikit-learn is found
// (DRILLBOOK_PYTHON, then python3, then Debian's /usr/bin/python3, which has python3-sklearn).
import {spawn, spawnSync} from "node:child_process";
import path from "node:path";
import {createInterface} from "node:readline";
import {fileURLToPath} from "node:url";

export interface SklearnFit {
  wallMs: number;
  /** Process CPU ms over all its threads (scikit-learn's histogram boosting uses OpenMP threads). */
  cpuMs: number;
  nIter: number;
  testScore: number;
}

export interface SklearnServer {
  python: string;
  version: string;
  /** One fit of case `name`; `oneThread` limits scikit-learn's OpenMP threads to one for it. */
  fit(name: "gbr" | "gbc", oneThread?: boolean): Promise<SklearnFit>;
  close(): void;
}

const script = path.join(path.dirname(fileURLToPath(import.meta.url)), "sklearn_models.py");

function findPython(): {python: string; version: string} | null {
  const candidates = [process.env.DRILLBOOK_PYTHON, "python3", "/usr/bin/python3"].filter((c): c is string => !!c);
  for (const python of candidates) {
    const r = spawnSync(python, ["-c", "import sklearn; print(sklearn.__version__)"], {encoding: "utf8"});
    if (r.status === 0) return {python, version: r.stdout.trim()};
  }
  return null;
}

export async function startSklearn(): Promise<SklearnServer | null> {
  const found = findPython();
  if (!found) return null;
  const child = spawn(found.python, [script, "--serve"], {stdio: ["pipe", "pipe", "inherit"]});
  const lines = createInterface({input: child.stdout});
  const waiting: ((line: string) => void)[] = [];
  lines.on("line", (line) => waiting.shift()?.(line));
  const next = () => new Promise<string>((resolve) => waiting.push(resolve));
  const ready = JSON.parse(await next()) as {ready?: boolean};
  if (!ready.ready) throw new Error("bench/sklearn_models.py --serve did not start");
  return {
    ...found,
    async fit(name, oneThread = false) {
      const answer = next();
      child.stdin.write(name + (oneThread ? " 1" : "") + "\n");
      const reply = JSON.parse(await answer) as SklearnFit & {error?: string};
      if (reply.error) throw new Error(reply.error);
      return reply;
    },
    close() {
      child.stdin.end();
    }
  };
}
