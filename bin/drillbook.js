#!/usr/bin/env node
// The `drillbook` command. The CLI is TypeScript (src/grader/cli.ts), run through tsx's loader: the grader needs
// the repository anyway (Vite builds the grading page and the student site from src/), so there is no separate
// compiled copy to keep in step. tsx, vite and jsdom come with `npm install` (devDependencies).
import {register} from "tsx/esm/api";

register();
await import("../src/grader/cli.ts");
