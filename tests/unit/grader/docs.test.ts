// docs/grading.md shows results.json's schema: it must be the one the grader writes to.
import {readFileSync} from "node:fs";
import path from "node:path";
import {describe, expect, it} from "vitest";
import {PACKAGE_ROOT} from "../../../src/grader/paths.js";
import {resultsJsonSchema} from "../../../src/grader/results.js";

describe("docs/grading.md", () => {
  it("embeds the current results.json schema (regenerate with npx drillbook schema)", () => {
    const doc = readFileSync(path.join(PACKAGE_ROOT, "docs", "grading.md"), "utf8");
    const block = /<!-- results-schema:start -->\n```json\n([\s\S]*?)\n```\n<!-- results-schema:end -->/.exec(doc);
    expect(block, "the schema block between the results-schema markers").not.toBeNull();
    expect(JSON.parse(block![1]!)).toEqual(resultsJsonSchema());
  });
});
