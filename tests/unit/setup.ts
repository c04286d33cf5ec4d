// Vitest setup: the transpiler is loaded on demand in the page (runtime/programCache.ts); Node tests that build a
// Session directly get it up front, as the headless runner and the build plugin do.
import {transpileCell} from "../../src/notebook/transpile.js";
import {useTranspiler} from "../../src/runtime/programCache.js";

useTranspiler(transpileCell);
