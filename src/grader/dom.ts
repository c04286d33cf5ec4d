// Gives Node a DOM so notebooks can run headless outside a browser (`drillbook validate`): cells build inputs
// and plots, which need `document` and the DOM classes. This is vitest's own happy-dom environment, the one
// tests/unit/notebooks.test.ts runs in, so validate and the notebook tests see the same page. (jsdom refuses the
// `value` accessor Observable Inputs defines on its form elements: jsdom/jsdom#3565.)
import {builtinEnvironments} from "vitest/runtime";

let installed: Promise<void> | null = null;

export function installDom(): Promise<void> {
  installed ??= (async () => {
    if (typeof (globalThis as {document?: unknown}).document !== "undefined") return;
    await builtinEnvironments["happy-dom"].setup(globalThis, {happyDOM: {url: "http://localhost/"}});
  })();
  return installed;
}
