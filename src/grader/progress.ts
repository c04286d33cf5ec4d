// A progress bar (cli-progress) for long work, drawn only when both stdout and stderr are terminals: in a log
// file or a pipe it would be noise. The bar is drawn on stderr, so stdout stays clean for the summary.
import cliProgress from "cli-progress";

export interface Progress {
  tick(label?: string): void;
  stop(): void;
}

export function progressBar(total: number, what: string): Progress {
  if (!process.stdout.isTTY || !process.stderr.isTTY || total === 0) return {tick() {}, stop() {}};
  const bar = new cliProgress.SingleBar(
    {format: `${what} [{bar}] {value}/{total} {eta_formatted} left  {label}`, hideCursor: true, clearOnComplete: true, etaBuffer: 20},
    cliProgress.Presets.shades_classic
  );
  bar.start(total, 0, {label: ""});
  return {
    tick: (label = "") => bar.increment(1, {label: label.length > 40 ? label.slice(0, 39) + "…" : label}),
    stop: () => bar.stop()
  };
}
