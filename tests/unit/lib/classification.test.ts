import {describe, expect, it} from "vitest";
import {LibraryInputError} from "../../../src/lib/base.js";
import {
  accuracyScore,
  calibrationTable,
  confusionMatrix,
  logLoss,
  precisionRecallAtThreshold,
  rocAucScore,
  rocCurve
} from "../../../src/lib/metrics/classification.js";
import {expected as reference, readReferenceCsv} from "./sklearnReference.js";

describe("classification metrics against scikit-learn (tests/fixtures/sklearn, logistic case)", () => {
  const expected = reference.logistic as {
    intercept: number;
    coef: number[];
    auc: number;
    log_loss: number;
  };
  const data = readReferenceCsv("logistic.csv");
  const y = data.y!;
  const z = data.x1!.map((x1, i) => expected.intercept + expected.coef[0]! * x1 + expected.coef[1]! * data.x2![i]!);
  const p = z.map((v) => 1 / (1 + Math.exp(-v)));

  it("has the reference's shape", () => {
    expect(y.length).toBe(400);
    expect(new Set(y)).toEqual(new Set([0, 1]));
  });

  it("rocAucScore matches sklearn to 1e-9 from the decision function and from probabilities", () => {
    expect(Math.abs(rocAucScore(y, z) - expected.auc)).toBeLessThan(1e-9);
    expect(Math.abs(rocAucScore(y, p) - expected.auc)).toBeLessThan(1e-9);
  });

  it("logLoss matches sklearn to 1e-6 with probabilities from the reference coefficients", () => {
    expect(Math.abs(logLoss(y, p) - expected.log_loss)).toBeLessThan(1e-6);
  });

  it("the area under rocCurve's points equals rocAucScore", () => {
    const {fpr, tpr} = rocCurve(y, z);
    let area = 0;
    for (let i = 1; i < fpr.length; i++) area += ((fpr[i]! - fpr[i - 1]!) * (tpr[i]! + tpr[i - 1]!)) / 2;
    expect(area).toBeCloseTo(expected.auc, 12);
    // dropping intermediate points must not change the curve's area
    const full = rocCurve(y, z, {dropIntermediate: false});
    expect(full.fpr.length).toBeGreaterThan(fpr.length);
  });
});

describe("rocAucScore", () => {
  it("counts ties as one half, like average ranks", () => {
    expect(rocAucScore([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5])).toBe(0.5);
    // positives 0.8 and 0.4, negatives 0.4 and 0.1: pairs (0.8>0.4, 0.8>0.1, 0.4=0.4 → ½, 0.4>0.1) → 3.5 / 4
    expect(rocAucScore([1, 1, 0, 0], [0.8, 0.4, 0.4, 0.1])).toBe(0.875);
  });

  it("is 1 for a perfect ranking and 0 for a reversed one; booleans are labels", () => {
    expect(rocAucScore([0, 0, 1, 1], [1, 2, 3, 4])).toBe(1);
    expect(rocAucScore([true, true, false, false], [1, 2, 3, 4])).toBe(0);
  });

  it("accepts typed arrays and depends on the ranking only", () => {
    const y = new Float64Array([0, 1, 0, 1, 1, 0]);
    const s = new Float64Array([0.1, 0.9, 0.35, 0.3, 0.8, 0.2]);
    const logit = Array.from(s, (v) => Math.log(v / (1 - v)));
    expect(rocAucScore(y, s)).toBeCloseTo(8 / 9, 15);
    expect(rocAucScore(y, logit)).toBe(rocAucScore(y, s));
  });

  it("gives clear errors for bad input", () => {
    expect(() => rocAucScore([0, 1], [0.5])).toThrow(/yTrue has 2 values but scores has 1/);
    expect(() => rocAucScore([1, 1, 1], [0.1, 0.2, 0.3])).toThrow(/only one class \(all 1\)/);
    expect(() => rocAucScore([0, 2, 1], [0.1, 0.2, 0.3])).toThrow(/yTrue\[1\] is 2: expected binary labels 0 or 1/);
    expect(() => rocAucScore([0, 1], [0.1, NaN])).toThrow(/scores\[1\] is NaN/);
    expect(() => rocAucScore([0.2, 0.9], [0, 1])).toThrow(/looks like a probability/);
    expect(() => rocAucScore([], [])).toThrow(/empty/);
    expect(() => rocAucScore([0, 1], [0.1, 0.2])).not.toThrow();
    expect(() => rocAucScore([0, 1], [0.1, NaN])).toThrow(LibraryInputError);
  });
});

describe("rocCurve", () => {
  it("matches sklearn's documented example (thresholds start at Infinity)", () => {
    // sklearn.metrics.roc_curve docs: y = [1, 1, 2, 2], scores = [0.1, 0.4, 0.35, 0.8], pos_label = 2
    const {fpr, tpr, thresholds} = rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
    expect(Array.from(fpr)).toEqual([0, 0, 0.5, 0.5, 1]);
    expect(Array.from(tpr)).toEqual([0, 0.5, 0.5, 1, 1]);
    expect(Array.from(thresholds)).toEqual([Infinity, 0.8, 0.4, 0.35, 0.1]);
  });

  it("gives one point per distinct score and drops collinear points only when asked", () => {
    const y = [1, 1, 1, 0, 0, 0];
    const s = [6, 5, 4, 3, 2, 1];
    const full = rocCurve(y, s, {dropIntermediate: false});
    expect(Array.from(full.tpr)).toEqual([0, 1 / 3, 2 / 3, 1, 1, 1, 1]);
    const dropped = rocCurve(y, s);
    expect(Array.from(dropped.fpr)).toEqual([0, 0, 1]);
    expect(Array.from(dropped.tpr)).toEqual([0, 1, 1]);
    expect(Array.from(dropped.thresholds)).toEqual([Infinity, 4, 1]);
    const tied = rocCurve([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5]);
    expect(Array.from(tied.thresholds)).toEqual([Infinity, 0.5]);
  });

  it("needs both classes", () => {
    expect(() => rocCurve([0, 0], [0.1, 0.2])).toThrow(/rocCurve is undefined when yTrue has only one class/);
  });
});

describe("logLoss", () => {
  it("matches sklearn's documented example", () => {
    // log_loss(["spam", "ham", "ham", "spam"], [[.1, .9], [.9, .1], [.8, .2], [.35, .65]]) with spam = 1
    expect(logLoss([1, 0, 0, 1], [0.9, 0.1, 0.2, 0.65])).toBeCloseTo(0.21616187468057912, 14);
  });

  it("clips probabilities to [eps, 1 - eps]", () => {
    expect(logLoss([1], [0])).toBeCloseTo(-Math.log(Number.EPSILON), 10);
    // 1 - 1e-15 is not exact in float64, so the second term is -log(1 - (1 - 1e-15)) as numpy computes it
    expect(logLoss([1, 0], [0, 1], {eps: 1e-15})).toBeCloseTo((-Math.log(1e-15) - Math.log(1 - (1 - 1e-15))) / 2, 10);
    expect(logLoss([1, 0], [1, 0])).toBeLessThan(1e-15);
    expect(Number.isFinite(logLoss([0], [1], {eps: 0}))).toBe(false);
  });

  it("is defined with one class present", () => {
    expect(logLoss([1, 1], [0.5, 0.5])).toBeCloseTo(Math.LN2, 15);
  });

  it("rejects values that are not probabilities and bad eps", () => {
    expect(() => logLoss([0, 1], [0.2, 1.7])).toThrow(/probs\[1\] is 1.7: expected probabilities in \[0, 1\]/);
    expect(() => logLoss([0, 1], [0.2])).toThrow(/yTrue has 2 values but probs has 1/);
    expect(() => logLoss([0, 1], [0.2, 0.3], {eps: 0.7})).toThrow(/eps/);
  });
});

describe("confusionMatrix", () => {
  it("is [[tn, fp], [fn, tp]] for 0/1 labels", () => {
    const yTrue = [0, 0, 0, 1, 1, 1, 1];
    const yPred = [0, 1, 0, 1, 0, 1, 1];
    expect(confusionMatrix(yTrue, yPred)).toEqual([
      [2, 1],
      [1, 3]
    ]);
  });

  it("stays 2 × 2 for 0/1 labels when one class is absent, and reads booleans", () => {
    expect(confusionMatrix([1, 1], [1, 0])).toEqual([
      [0, 0],
      [1, 1]
    ]);
    expect(confusionMatrix([true, false], [true, true])).toEqual([
      [0, 1],
      [0, 1]
    ]);
  });

  it("orders and selects classes by `labels`, like sklearn", () => {
    // sklearn docs: y_true = ["cat", "ant", "cat", "cat", "ant", "bird"], y_pred = ["ant", "ant", "cat", "cat", "ant", "cat"]
    const yTrue = ["cat", "ant", "cat", "cat", "ant", "bird"];
    const yPred = ["ant", "ant", "cat", "cat", "ant", "cat"];
    expect(confusionMatrix(yTrue, yPred, {labels: ["ant", "bird", "cat"]})).toEqual([
      [2, 0, 0],
      [0, 0, 1],
      [1, 0, 2]
    ]);
    expect(confusionMatrix(yTrue, yPred)).toEqual(confusionMatrix(yTrue, yPred, {labels: ["ant", "bird", "cat"]}));
    expect(confusionMatrix([0, 1, 2], [0, 2, 2], {labels: [2, 0]})).toEqual([
      [1, 0],
      [0, 1]
    ]);
  });

  it("gives clear errors", () => {
    expect(() => confusionMatrix([0, 1], [0])).toThrow(/yTrue has 2 values but yPred has 1/);
    expect(() => confusionMatrix([0, NaN], [0, 1])).toThrow(/yTrue\[1\] is NaN/);
    expect(() => confusionMatrix([0, 1], [0, 1], {labels: [0, 0]})).toThrow(/twice/);
  });
});

describe("accuracyScore", () => {
  it("is the fraction of equal labels", () => {
    expect(accuracyScore([0, 1, 1, 0], [0, 1, 0, 0])).toBe(0.75);
    expect(accuracyScore(["a", "b"], ["a", "a"])).toBe(0.5);
    expect(accuracyScore([true, false], [1, 0])).toBe(1);
    expect(() => accuracyScore([0, 1], [1])).toThrow(/yTrue has 2 values but yPred has 1/);
  });
});

describe("precisionRecallAtThreshold", () => {
  const y = [0, 0, 1, 1, 1, 0];
  const s = [0.1, 0.6, 0.4, 0.8, 0.5, 0.3];

  it("predicts positive when score >= threshold", () => {
    const r = precisionRecallAtThreshold(y, s, 0.5);
    expect(r).toMatchObject({threshold: 0.5, tp: 2, fp: 1, fn: 1, tn: 2});
    expect(r.precision).toBeCloseTo(2 / 3, 15);
    expect(r.recall).toBeCloseTo(2 / 3, 15);
    expect(r.f1).toBeCloseTo(2 / 3, 15);
    const low = precisionRecallAtThreshold(y, s, 0.4);
    expect(low).toMatchObject({tp: 3, fp: 1, fn: 0, tn: 2, recall: 1, precision: 0.75});
  });

  it("reports 0 precision when nothing is predicted positive", () => {
    expect(precisionRecallAtThreshold(y, s, 0.99)).toMatchObject({precision: 0, recall: 0, f1: 0, tn: 3, fn: 3});
  });

  it("gives clear errors", () => {
    expect(() => precisionRecallAtThreshold(y, s, NaN)).toThrow(/threshold is NaN/);
    expect(() => precisionRecallAtThreshold(y, s.slice(1), 0.5)).toThrow(/yTrue has 6 values but scores has 5/);
  });
});

describe("calibrationTable", () => {
  it("matches sklearn's calibration_curve documented example (uniform bins)", () => {
    const y = [0, 0, 0, 0, 1, 1, 1, 1, 1];
    const p = [0.1, 0.2, 0.3, 0.4, 0.65, 0.7, 0.8, 0.9, 1];
    const rows = calibrationTable(y, p, {nBins: 3});
    expect(rows.map((r) => r.fractionPositive)).toEqual([0, 0.5, 1]);
    rows.map((r) => r.meanPredicted).forEach((v, i) => expect(v).toBeCloseTo([0.2, 0.525, 0.85][i]!, 14));
    expect(rows.map((r) => r.count)).toEqual([3, 2, 4]);
    expect(rows[0]).toMatchObject({bin: 0, binStart: 0});
    expect(rows[0]!.binEnd).toBeCloseTo(1 / 3, 15);
  });

  it("leaves empty bins out and puts an edge value in the upper bin", () => {
    const rows = calibrationTable([0, 1, 1], [0.5, 0.5, 0.95], {nBins: 10});
    expect(rows.map((r) => r.bin)).toEqual([5, 9]);
    expect(rows[0]).toMatchObject({count: 2, meanPredicted: 0.5, fractionPositive: 0.5});
  });

  it("quantile bins hold about equal counts", () => {
    const n = 1000;
    const p = Array.from({length: n}, (_, i) => ((i * 7919) % n) / n) // a permutation of 0 .. 0.999
      .map((v) => v * v); // skewed toward 0, so uniform bins would be uneven
    const y = p.map((v, i) => (((i * 31) % 100) / 100 < v ? 1 : 0));
    const rows = calibrationTable(y, p, {nBins: 5, strategy: "quantile"});
    expect(rows.length).toBe(5);
    for (const r of rows) expect(r.count).toBeGreaterThanOrEqual(199), expect(r.count).toBeLessThanOrEqual(201);
    const uniform = calibrationTable(y, p, {nBins: 5});
    expect(uniform[0]!.count).toBeGreaterThan(400);
    expect(rows.reduce((a, r) => a + r.count, 0)).toBe(n);
  });

  it("gives clear errors", () => {
    expect(() => calibrationTable([0, 1], [0.2, 0.4], {nBins: 0})).toThrow(/nBins/);
    expect(() => calibrationTable([0, 1], [0.2, 0.4], {strategy: "equal" as "uniform"})).toThrow(/"uniform" or "quantile"/);
    expect(() => calibrationTable([0, 3], [0.2, 0.4])).toThrow(/yTrue\[1\] is 3/);
    expect(() => calibrationTable([0, 1], [0.2, -0.4])).toThrow(/probs\[1\] is -0.4/);
  });
});
