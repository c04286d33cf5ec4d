import {defineConfig} from "vitest/config";

// Unit tests (library, format, transpiler, engine) run in Node; browser tests live in tests/e2e (Playwright).
export default defineConfig({
  test: {
    include: ["tests/unit/**/*.test.ts"],
    environment: "node",
    // Sessions built directly in tests transpile their cells: register the transpiler the page loads lazily.
    setupFiles: ["tests/unit/setup.ts"],
    // Two cores here: keep workers at two so heavy model tests do not starve each other.
    maxWorkers: 2,
    testTimeout: 60_000
  }
});
