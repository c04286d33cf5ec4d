// Where the notebook's code runs. Chromium puts a frame from another *site* in another process (Firefox's Fission
// should too; under automation here it did not: see the README), so
// student code that never yields (an endless loop inside eval, a regex that backtracks) freezes that process
// only: the page around it keeps answering and can end it. Measured in Chromium 156: with the frame on
// 127.0.0.1 and the page on localhost, the page's timers kept firing through a 4 s busy loop in the frame; with
// both on one site the page froze for the whole 4 s.
//
// localhost and 127.0.0.1 are two sites that reach the same server, so development, preview and tests need no
// set-up. A deployment names its second origin (serving the same files) with DRILLBOOK_RUNTIME_ORIGIN at build
// time; without one, the notebook runs in the page itself, as before (loop guards and safe mode still hold).

/** The frame's window name: how the app, loaded again inside it, knows it is the runtime and not the page. */
export const RUNTIME_FRAME_NAME = "drillbook-runtime";

export interface Here {
  protocol: string;
  hostname: string;
  port: string;
  origin: string;
}

export function runtimeOrigin(here: Here, configured = ""): string | undefined {
  if (configured) {
    const origin = new URL(configured).origin;
    return origin === here.origin ? undefined : origin;
  }
  const other = here.hostname === "localhost" ? "127.0.0.1" : here.hostname === "127.0.0.1" ? "localhost" : undefined;
  return other && `${here.protocol}//${other}${here.port ? `:${here.port}` : ""}`;
}
