import {JSDOM} from "jsdom";
import {describe, expect, it} from "vitest";
import {attr, junitXml, text} from "../../../src/grader/junit.js";
import type {SubmissionResult} from "../../../src/grader/results.js";

const base: SubmissionResult = {
  file: "a.json", status: "graded", student: "ana", notebook: "nb", version: 1, notebookVersion: 1, savedAt: null,
  warnings: ["old <version> & \"stuff\""], points: {earned: 1, possible: 3}, elapsedMs: 1500,
  exercises: [{
    id: "ex", title: "Ex", kind: "code", passed: false, points: {earned: 0, possible: 2}, submitted: true,
    checks: [
      {id: "ex/ok", name: "ok", hidden: false, description: "fine", status: "passed", message: ""},
      {id: "ex/bad", name: "bad", hidden: false, description: "x is 1", status: "failed", message: "`x` is 2 < 3 & \"so\"\u0000\u001b"},
      {id: "ex/slow", name: "slow", hidden: true, description: "fast", status: "timeout", message: "loop"},
      {id: "ex/boom", name: "boom", hidden: false, description: "runs", status: "error", message: "boom"},
      {id: "ex/todo", name: "todo", hidden: false, description: "done", status: "not-attempted", message: "not attempted yet"}
    ]
  }]
};

const parse = (xml: string) => new JSDOM(xml, {contentType: "text/xml"}).window.document;

describe("junit.xml", () => {
  it("is well-formed XML with a case per check, failures and errors by status", () => {
    const rejected: SubmissionResult = {...base, file: "b.json", status: "rejected", student: null, notebook: null, error: "not valid JSON", points: null, exercises: [], warnings: []};
    const doc = parse(junitXml([base, rejected]));
    const root = doc.documentElement;
    expect(root.tagName).toBe("testsuites");
    expect([root.getAttribute("tests"), root.getAttribute("failures"), root.getAttribute("errors")]).toEqual(["6", "2", "3"]);
    const [suite, bad] = [...doc.querySelectorAll("testsuite")];
    expect(suite!.getAttribute("name")).toBe("ana · nb");
    expect(suite!.getAttribute("time")).toBe("1.500");
    expect(suite!.querySelector('testcase[name="ex/ok"]')!.children.length).toBe(0);
    expect(suite!.querySelector('testcase[name="ex/bad"] failure')!.getAttribute("message")).toBe("`x` is 2 < 3 & \"so\"");
    expect(suite!.querySelector('testcase[name="ex/slow (hidden)"] error')!.getAttribute("type")).toBe("timeout");
    expect(suite!.querySelector('testcase[name="ex/boom"] error')!.getAttribute("type")).toBe("error");
    expect(suite!.querySelector('testcase[name="ex/todo"] failure')!.getAttribute("type")).toBe("not-attempted");
    expect(suite!.querySelector('property[name="points.ex"]')!.getAttribute("value")).toBe("0/2");
    expect(suite!.querySelector('property[name="warning.1"]')!.getAttribute("value")).toBe('old <version> & "stuff"');
    expect(bad!.querySelector('testcase[name="submission"] error')!.getAttribute("message")).toBe("not valid JSON");
  });

  it("escapes markup and drops characters XML cannot hold", () => {
    expect(text("a < b && c > d")).toBe("a &lt; b &amp;&amp; c &gt; d");
    expect(attr('say "hi"\nthere\t!')).toBe("say &quot;hi&quot;&#10;there&#9;!");
    expect(text("nul\u0000 esc\u001b lone\ud800 ok\u{1f600}")).toBe("nul esc lone ok\u{1f600}");
  });
});
