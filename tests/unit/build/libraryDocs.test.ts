// The editor's library reference (autocomplete, docs on hover) is read from the library's own types and doc comments
// (src/build/libraryDocs.ts), with docs/library.md filling in what has no comment: every export is there, documented.
import {readFileSync} from "node:fs";
import path from "node:path";
import {describe, expect, it} from "vitest";
import {extractLibraryDocs, firstSentence} from "../../../src/build/libraryDocs.js";
import {docSections, libraryPage, plainText} from "../../../src/build/libraryDocsPlugin.js";
import * as library from "../../../src/lib/index.js";

const entries = extractLibraryDocs(path.resolve("src/lib/index.ts"));
const byName = new Map(entries.map((e) => [e.name, e]));
const markdown = readFileSync(path.resolve("docs/library.md"), "utf8");

describe("the library reference the editor reads", () => {
  it("has every value the library exports, and nothing else", () => {
    expect(entries.map((e) => e.name).sort()).toEqual(Object.keys(library).sort());
  });

  it("gives each export a one-line description, from its doc comment or its section in docs/library.md", () => {
    const sections = docSections(markdown, new Set(byName.keys()));
    const undescribed = entries.filter((e) => !e.summary && !sections.some((s) => s.names.includes(e.name) && plainText(s.paragraph)));
    expect(undescribed.map((e) => e.name)).toEqual([]);
  });

  it("reads signatures, options with their docs, and a class's methods from the types", () => {
    expect(byName.get("rocAucScore")).toMatchObject({kind: "function", signature: expect.stringMatching(/^rocAucScore\(yTrue: .+, scores: .+\): number$/), summary: expect.stringMatching(/^Area under the ROC curve/)});
    const kmeans = byName.get("KMeans")!;
    expect(kmeans.signature).toBe("new KMeans(options?: KMeansOptions)");
    expect(kmeans.options.find((o) => o.name === "nClusters")).toEqual({name: "nClusters", type: "number", summary: "Number of clusters (default 8, as scikit-learn)."});
    expect(kmeans.members.map((m) => m.name)).toEqual(expect.arrayContaining(["fit", "predict", "clusterCenters", "inertia"]));
    // a destructured options parameter is named "options", not the compiler's __0
    expect(byName.get("hiddenSegments")!.signature).toMatch(/^hiddenSegments\(options\?: /);
    expect(byName.get("aq")!.signature).toBe("aq: module arquero");
  });

  it("renders docs/library.md with an anchor for every export, where the hover's link points", () => {
    const html = libraryPage(markdown, entries);
    const missing = entries.filter((e) => !html.includes(`<a id="${e.name}"></a>`)).map((e) => e.name);
    expect(missing).toEqual([]);
  });
});

describe("firstSentence", () => {
  it.each([
    ["Fits a model. Then more.", "Fits a model."],
    ["Workers for a forest (default: one per core, at most 4); other models use one.", "Workers for a forest (default: one per core, at most 4); other models use one."],
    ["Uses e.g. the mean. Rest.", "Uses e.g. the mean."],
    ["A rate of 1.5 per day. Rest.", "A rate of 1.5 per day."],
    ["No full stop", "No full stop"]
  ])("%s", (text, expected) => expect(firstSentence(text)).toBe(expected));
});
