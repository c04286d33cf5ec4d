// The assertions' messages: tolerances rounded, text told from numbers, and free text checked honestly.
import {describe, expect, it} from "vitest";
import {assert, showTolerance} from "../../../src/runtime/assert.js";

const message = (f: () => void): string => {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return "passed";
};

describe("assert messages", () => {
  it("prints tolerances rounded", () => {
    expect(showTolerance(2.01176e-7)).toBe("2e-7");
    expect(showTolerance(0.0123456)).toBe("0.012");
    expect(message(() => assert.close(1, 2, "x", {tol: 1e-9, rel: 1e-7}))).toBe("`x` is 1, expected 2 (within 2e-7)");
    expect(message(() => assert.allClose([1, 5], [1, 2], "xs", {tol: 0.01}))).toBe("`xs[1]` is 5, expected 2 (within 0.01)");
  });

  it("says when an answer is text, not a number", () => {
    expect(message(() => assert.integer("385", "sumOfSquares"))).toBe('`sumOfSquares` is the text "385", expected a whole number');
    expect(message(() => assert.integer(2.5, "k"))).toBe("`k` is 2.5, expected a whole number");
    expect(message(() => assert.integer(3, "k"))).toBe("passed");
    expect(message(() => assert.equal("385", 385, "sumOfSquares"))).toBe('`sumOfSquares` is the text "385", expected the number 385');
    expect(message(() => assert.close("1.5", 1.5, "x"))).toBe('`x` is the text "1.5", expected a finite number');
  });
});

describe("assert.prose", () => {
  const segmentOptions = {
    minWords: 8,
    mentions: [{what: "the segment the model fails", words: ["premium"]}, {what: "a metric", words: ["R²", "MAE", "MAPE"]}],
    numbers: {what: "a number from this page", values: [0.9012, 169.4, -0.41, 1.23]}
  };
  it.each([
    ["blah blah blah blah blah blah", 'contains "blah"'],
    ["premium premium premium premium premium premium premium premium", "repeats words (1 different in 8)"],
    ["The premium model was bad and the premium model was bad and the premium model was bad again", "repeats words (7 different in 18)"],
    ["premium premium premium premium premium premium: the model had R² 0.90 on all other rows", 'repeats "premium" 6 times in 16 words'],
    ["Too short.", "has 2 words"],
    ["The model looked fine overall but failed badly on some of the customers.", "does not name the segment the model fails"],
    ["The model looked fine overall but failed badly on premium customers, everyone agreed.", "does not name a metric"],
    ["The model had R² 0.95 overall but failed badly on premium customers.", "none of the numbers in `whatHappened` (0.95) is a number from this page"],
    ["The model had a good R² overall but failed badly on premium customers.", "quotes no number"]
  ])("fails %j", (text, part) => {
    expect(message(() => assert.prose(text, "whatHappened", segmentOptions))).toContain(part);
  });

  it.each([
    "The report said R² 0.90 and MAE $169, but premium customers had an R² of -0.41.",
    "Overall R² was 0.9; premium MAPE was 123 %, so marketing was right.",
    "MAE of about $169 hid a premium segment the model got badly wrong."
  ])("passes %j", (text) => {
    expect(message(() => assert.prose(text, "whatHappened", segmentOptions))).toBe("passed");
  });

  it("names the student's variable when the answer is not text", () => {
    expect(message(() => assert.prose(["a list"], "reason"))).toBe("`reason` is an array of 1 value, expected text (a sentence in quotes)");
  });
});
