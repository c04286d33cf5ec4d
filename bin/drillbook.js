#!/usr/bin/env node
// The `drillbook` command (`npx drillbook ...` in a checkout). The CLI is TypeScript (src/grader/cli.ts), run
// through tsx's loader rather than precompiled: the grader needs the repository anyway (Vite builds the grading
// page and the student site from src/, validate runs the engine from src/), so a compiled copy would only be one
// more thing to keep in step. What it needs at run time (tsx, vite, vitest's happy-dom environment) comes with
// `npm install`, which installs devDependencies; `npm install --omit=dev` is not supported for the CLI.
import {register} from "tsx/esm/api";

register();
await import("../src/grader/cli.ts");
