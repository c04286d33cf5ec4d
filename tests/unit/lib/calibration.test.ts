// Calibration against scikit-learn 1.2.1 on generated cases (tests/fixtures/sklearn/calibration.json, written by
// scripts/calibration_reference.py): Platt scaling, isotonic regression, calibration_curve, brier_score_loss, the
// expected calibration error, CalibratedClassifierCV (cv="prefit", explicit folds and a number of stratified folds)
// and StratifiedKFold's folds; saving and loading the calibrated models.
import {readFileSync} from "node:fs";
import {describe, expect, it} from "vitest";
import {LibraryInputError} from "../../../src/lib/base.js";
import {
  CalibratedClassifier,
  IsotonicRegression,
  SigmoidCalibration,
  brierScoreLoss,
  expectedCalibrationError,
  sigmoidCalibration
} from "../../../src/lib/calibration/index.js";
import {LogisticRegression} from "../../../src/lib/models/logistic.js";
import {calibrationTable} from "../../../src/lib/metrics/classification.js";
import {GradientBoostingClassifier} from "../../../src/lib/trees/gradientBoosting.js";
import {kFold, take} from "../../../src/lib/selection/modelSelection.js";
import {loadModel, saveModel} from "../../../src/lib/persist.js";
import {stratifiedKFold} from "../../../src/lib/selection/stratifiedKFold.js";
import * as lib from "../../../src/lib/index.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const ref: any = JSON.parse(readFileSync(new URL("../../fixtures/sklearn/calibration.json", import.meta.url), "utf8"));

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe("sigmoidCalibration (Platt) against sklearn's _sigmoid_calibration", () => {
  const {scores, probs, y, a, b, grid, grid_pred, a_probs, b_probs} = ref.platt;

  it("finds the same slope and intercept on decision values (1e-5 relative: scikit-learn's BFGS stops at gradient 1e-5)", () => {
    const fit = sigmoidCalibration(scores, y);
    expect(Math.abs(fit.a - a) / Math.abs(a)).toBeLessThan(1e-5);
    expect(Math.abs(fit.b - b) / Math.abs(b)).toBeLessThan(1e-5);
    // the scores were 3x too steep: the fitted slope undoes most of it
    expect(fit.a).toBeGreaterThan(-0.5);
    expect(fit.a).toBeLessThan(-0.2);
  });

  it("finds the same fit when the scores are probabilities", () => {
    const fit = sigmoidCalibration(probs, y);
    expect(Math.abs(fit.a - a_probs) / Math.abs(a_probs)).toBeLessThan(1e-5);
    expect(Math.abs(fit.b - b_probs) / Math.abs(b_probs)).toBeLessThan(1e-5);
  });

  it("SigmoidCalibration predicts scikit-learn's probabilities on a grid to 1e-6", () => {
    const cal = new SigmoidCalibration().fit(scores, y);
    expect(maxAbsDiff(cal.predict(grid), grid_pred)).toBeLessThan(1e-6);
  });

  it("stays finite on separated classes and on constant scores", () => {
    const sep = sigmoidCalibration([-2, -1, 1, 2], [0, 0, 1, 1]);
    expect(Number.isFinite(sep.a) && Number.isFinite(sep.b)).toBe(true);
    expect(sep.a).toBeLessThan(0);
    const flat = sigmoidCalibration([0.3, 0.3, 0.3, 0.3], [0, 1, 1, 1]);
    expect(flat.a).toBe(0);
    // with Platt's targets (3+1)/(3+2) and 1/(1+2): the intercept's optimum is their mean, 0.6833...
    expect(new SigmoidCalibration().fit([0.3, 0.3, 0.3, 0.3], [0, 1, 1, 1]).predict([0.3])[0]).toBeCloseTo((0.8 * 3 + 1 / 3) / 4, 9);
  });

  it("says what is wrong with bad input", () => {
    expect(() => sigmoidCalibration([0.1, 0.2], [0, 0.4])).toThrow(/y\[1\] is 0.4: expected the true labels.*looks like a probability/);
    expect(() => sigmoidCalibration([0.1, NaN], [0, 1])).toThrow(/scores\[1\] is NaN/);
    expect(() => sigmoidCalibration([0.1], [0, 1])).toThrow(/scores has 1 values but y has 2/);
    expect(() => new SigmoidCalibration().predict([0.1])).toThrow(/not fitted yet/);
  });
});

describe("IsotonicRegression against sklearn.isotonic.IsotonicRegression(out_of_bounds='clip')", () => {
  for (const name of ["binary", "continuous"] as const) {
    it(`${name} targets: the same corners and predictions (1e-12)`, () => {
      const c = ref.isotonic[name];
      const iso = new IsotonicRegression().fit(c.x, c.y);
      expect(maxAbsDiff(iso.xThresholds!, c.x_thresholds)).toBeLessThan(1e-12);
      expect(maxAbsDiff(iso.yThresholds!, c.y_thresholds)).toBeLessThan(1e-12);
      expect(maxAbsDiff(iso.predict(c.t), c.pred)).toBeLessThan(1e-12);
    });
  }

  it("fits a non-decreasing function that is closest in squared error", () => {
    const iso = new IsotonicRegression().fit([1, 2, 3, 4, 5], [1, 3, 2, 4, 3.5]);
    expect(Array.from(iso.predict([1, 2, 3, 4, 5]))).toEqual([1, 2.5, 2.5, 3.75, 3.75]);
    expect(Array.from(iso.predict([0, 6]))).toEqual([1, 3.75]); // clipped
    expect(Array.from(iso.predict([1.5]))).toEqual([1.75]); // linear between corners
  });

  it("weights, decreasing fits, bounds and the other out-of-bounds rules", () => {
    expect(Array.from(new IsotonicRegression().fit([1, 2], [2, 1], [3, 1]).predict([1, 2]))).toEqual([1.75, 1.75]);
    expect(Array.from(new IsotonicRegression({increasing: false}).fit([1, 2, 3], [3, 1, 2]).predict([1, 2, 3]))).toEqual([3, 1.5, 1.5]);
    expect(Array.from(new IsotonicRegression({yMax: 2}).fit([1, 2, 3], [1, 2, 3]).predict([3]))).toEqual([2]);
    expect(Number.isNaN(new IsotonicRegression({outOfBounds: "nan"}).fit([0, 1], [0, 1]).predict([2])[0]!)).toBe(true);
    expect(() => new IsotonicRegression({outOfBounds: "raise"}).fit([0, 1], [0, 1]).predict([0.5, 2])).toThrow(/x\[1\] is 2, outside the fitted range \[0, 1\]/);
    expect(Array.from(new IsotonicRegression().fit([4, 4], [0, 1]).predict([0, 9]))).toEqual([0.5, 0.5]);
  });

  it("says what is wrong with bad input", () => {
    expect(() => new IsotonicRegression({outOfBounds: "extend" as "clip"})).toThrow(/outOfBounds must be one of 'clip', 'nan', 'raise'/);
    expect(() => new IsotonicRegression().fit([0, 1, null as unknown as number], [0, 1, 1])).toThrow(/x\[2\] is null: expected finite numbers \(fill or drop/);
    expect(() => new IsotonicRegression().predict([1])).toThrow(LibraryInputError);
  });
});

describe("calibrationTable, brierScoreLoss and expectedCalibrationError against calibration_curve and brier_score_loss", () => {
  const {probs, y, brier} = ref.curve;

  for (const strategy of ["uniform", "quantile"] as const) {
    it(`calibrationTable ${strategy}: scikit-learn's prob_true, prob_pred and the bin counts (1e-12)`, () => {
      const c = ref.curve[strategy];
      const rows = calibrationTable(y, probs, {nBins: c.n_bins, strategy});
      expect(maxAbsDiff(rows.map((r) => r.fractionPositive), c.prob_true)).toBeLessThan(1e-12);
      expect(maxAbsDiff(rows.map((r) => r.meanPredicted), c.prob_pred)).toBeLessThan(1e-12);
      expect(rows.map((r) => r.count)).toEqual(c.counts);
    });

    it(`expectedCalibrationError ${strategy} equals the count-weighted gap computed from calibration_curve (1e-12)`, () => {
      const c = ref.curve[strategy];
      expect(Math.abs(expectedCalibrationError(y, probs, {nBins: c.n_bins, strategy}) - c.ece)).toBeLessThan(1e-12);
    });
  }

  it("brierScoreLoss matches brier_score_loss (1e-12)", () => {
    expect(Math.abs(brierScoreLoss(y, probs) - brier)).toBeLessThan(1e-12);
    expect(brierScoreLoss([0, 1], [0.5, 0.5])).toBe(0.25);
    expect(brierScoreLoss([true, false], [1, 0])).toBe(0);
  });

  it("expectedCalibrationError is 0 for forecasts that equal the observed rate in every bin, and large for inflated ones", () => {
    expect(expectedCalibrationError([0, 1, 0, 0, 1, 1], [0.5, 0.5, 0, 0, 1, 1], {nBins: 4})).toBe(0);
    const inflated = probs.map((p: number) => Math.min(1, p * 2));
    expect(expectedCalibrationError(y, inflated)).toBeGreaterThan(3 * expectedCalibrationError(y, probs));
  });

  it("says what is wrong with bad input", () => {
    expect(() => brierScoreLoss([0, 1], [0.2, 1.4])).toThrow(/brierScoreLoss: probs\[1\] is 1.4: expected probabilities in \[0, 1\]/);
    expect(() => expectedCalibrationError([0, 1], [0.2, 0.4], {nBins: 0})).toThrow(/expectedCalibrationError: .*nBins/);
  });
});

describe("CalibratedClassifier against CalibratedClassifierCV", () => {
  const c = ref.classifier;
  const X: number[][] = c.X;
  const y: number[] = c.y;
  const make = () => new LogisticRegression({penalty: "none"});
  const base = make().fit(take(X, c.upsampled_train), take(y, c.upsampled_train));
  const XCal = take(X, c.cal);
  const yCal = take(y, c.cal);
  const XTest = take(X, c.test);

  it("the base model trained on up-sampled churners is scikit-learn's (1e-6) and overstates the rate", () => {
    expect(maxAbsDiff(base.predictProba(XTest), c.base_test_proba)).toBeLessThan(1e-6);
    const mean = (v: ArrayLike<number>) => Array.from(v).reduce((s, x) => s + x, 0) / v.length;
    expect(mean(base.predictProba(XTest))).toBeGreaterThan(1.5 * mean(take(y, c.test)));
  });

  for (const method of ["sigmoid", "isotonic"] as const) {
    it(`cv "prefit", ${method}: the same calibrated probabilities on the test rows (1e-5)`, () => {
      const cal = new CalibratedClassifier({estimator: base, method}).fit(XCal, yCal);
      expect(maxAbsDiff(cal.predictProba(XTest), c[`prefit_${method}`])).toBeLessThan(1e-5);
    });

    it(`three given folds, ${method}: the same averaged probabilities (1e-5)`, () => {
      const first = X.slice(0, 1200);
      const cal = new CalibratedClassifier({estimator: make, method, cv: kFold(1200, {nSplits: 3})}).fit(first, y.slice(0, 1200));
      expect(cal.calibratedClassifiers).toHaveLength(3);
      expect(maxAbsDiff(cal.predictProba(XTest), c[`cv3_${method}`])).toBeLessThan(1e-5);
    });

    it(`cv: 3, ${method}: three stratified folds, as scikit-learn's cv=3 (1e-5)`, () => {
      const first = X.slice(0, 1200);
      const byCount = new CalibratedClassifier({estimator: make, method, cv: 3}).fit(first, y.slice(0, 1200));
      expect(maxAbsDiff(byCount.predictProba(XTest), c[`cv3_count_${method}`])).toBeLessThan(1e-5);
      // not the contiguous folds: those give other probabilities
      expect(maxAbsDiff(byCount.predictProba(XTest), c[`cv3_${method}`])).toBeGreaterThan(1e-4);
    });
  }

  it("brings the mean forecast to the observed rate on held-out rows", () => {
    const cal = new CalibratedClassifier({estimator: base, method: "isotonic"}).fit(XCal, yCal);
    const mean = (v: ArrayLike<number>) => Array.from(v).reduce((s, x) => s + x, 0) / v.length;
    expect(Math.abs(mean(cal.predictProba(XCal)) - mean(yCal))).toBeLessThan(1e-9); // isotonic preserves the mean
    expect(Array.from(cal.predict(XTest)).every((v) => v === 0 || v === 1)).toBe(true);
  });

  it("says what is wrong with how it is set up", () => {
    expect(() => new CalibratedClassifier({estimator: base, cv: 3})).toThrow(/estimator must be a function such as \(\) => new LogisticRegression\(\)/);
    expect(() => new CalibratedClassifier({estimator: make, cv: "prefit"})).toThrow(/needs a fitted classifier/);
    expect(() => new CalibratedClassifier({estimator: base, method: "platt" as "sigmoid"})).toThrow(/method must be one of 'sigmoid', 'isotonic'/);
    expect(() => new CalibratedClassifier({estimator: base}).predictProba(XTest)).toThrow(/not fitted yet/);
    expect(() => new CalibratedClassifier({estimator: make, cv: 2}).fit([[0], [1], [2], [3]], [0, 0, 0, 1])).toThrow(
      /fold 0's test rows hold only one class: a class has too few rows for this many folds/
    );
    const contiguous = kFold(4, {nSplits: 2});
    expect(() => new CalibratedClassifier({estimator: make, cv: contiguous}).fit([[0], [1], [2], [3]], [0, 0, 1, 1])).toThrow(
      /fold 0's train rows hold only one class: shuffle the rows/
    );
  });
});

describe("stratifiedKFold against StratifiedKFold", () => {
  for (const [i, cse] of (ref.stratified as Array<{y: unknown[]; n_splits: number; test_fold: number[]}>).entries()) {
    it(`case ${i}: every row in scikit-learn's test fold (${cse.y.length} rows, ${cse.n_splits} folds)`, () => {
      const folds = stratifiedKFold(cse.y, {nSplits: cse.n_splits});
      const foldOf = new Array<number>(cse.y.length).fill(-1);
      folds.forEach(({train, test}, f) => {
        expect(train.length + test.length).toBe(cse.y.length);
        for (const r of test) foldOf[r] = f;
      });
      expect(foldOf).toEqual(cse.test_fold);
    });
  }

  it("shuffled: still one test fold per row and each class spread as evenly, the same for the same seed", () => {
    const y = ref.stratified[0].y as number[];
    const a = stratifiedKFold(y, {nSplits: 5, shuffle: true, randomState: 3});
    const b = stratifiedKFold(y, {nSplits: 5, shuffle: true, randomState: 3});
    expect(a.map((f) => Array.from(f.test))).toEqual(b.map((f) => Array.from(f.test)));
    const all = a.flatMap((f) => Array.from(f.test)).sort((u, v) => u - v);
    expect(all).toEqual(y.map((_, i) => i));
    const ones = a.map((f) => Array.from(f.test).filter((r) => y[r] === 1).length);
    expect(Math.max(...ones) - Math.min(...ones)).toBeLessThanOrEqual(1);
    expect(a.map((f) => Array.from(f.test))).not.toEqual(stratifiedKFold(y, {nSplits: 5}).map((f) => Array.from(f.test)));
  });

  it("says what is wrong with bad input", () => {
    expect(() => stratifiedKFold([0, 1, 0, 1], {nSplits: 3})).toThrow(/cannot make 3 folds: no class has 3 rows \(the largest has 2\)/);
    expect(() => stratifiedKFold([0, null, 1], {nSplits: 2})).toThrow(/y\[1\] is null: every row needs a class label/);
    expect(() => stratifiedKFold([0, 1], {nSplits: 1})).toThrow(/nSplits must be a whole number >= 2/);
    expect(() => stratifiedKFold(5 as unknown as number[])).toThrow(/needs the class labels/);
  });
});

describe("saving calibrated models", () => {
  const c = ref.classifier;
  const X: number[][] = c.X;
  const y: number[] = c.y;
  const XTest = take(X, c.test);
  const roundTrip = <T>(m: {toJSON(): unknown}): T => loadModel(JSON.stringify(saveModel(m as never))) as T;

  it("SigmoidCalibration and IsotonicRegression give the same predictions after a round trip through JSON text", () => {
    const sig = new SigmoidCalibration().fit(ref.platt.scores, ref.platt.y);
    expect(Array.from(roundTrip<SigmoidCalibration>(sig).predict(ref.platt.grid))).toEqual(Array.from(sig.predict(ref.platt.grid)));
    const iso = new IsotonicRegression({outOfBounds: "nan"}).fit(ref.isotonic.binary.x, ref.isotonic.binary.y);
    const back = roundTrip<IsotonicRegression>(iso);
    expect(back.outOfBounds).toBe("nan");
    expect(Array.from(back.predict(ref.isotonic.binary.t))).toEqual(Array.from(iso.predict(ref.isotonic.binary.t)));
  });

  for (const cv of ["prefit", 3] as const) {
    it(`CalibratedClassifier (cv ${cv}) round-trips, and the loaded one can be fitted again`, () => {
      const base = new LogisticRegression({penalty: "none"}).fit(take(X, c.upsampled_train), take(y, c.upsampled_train));
      const model =
        cv === "prefit"
          ? new CalibratedClassifier({estimator: base, method: "isotonic"}).fit(take(X, c.cal), take(y, c.cal))
          : new CalibratedClassifier({estimator: () => new LogisticRegression({penalty: "none"}), cv}).fit(X.slice(0, 1200), y.slice(0, 1200));
      const back = roundTrip<CalibratedClassifier>(model);
      expect(back).toBeInstanceOf(CalibratedClassifier);
      expect(back.calibratedClassifiers).toHaveLength(cv === "prefit" ? 1 : 3);
      expect(maxAbsDiff(back.predictProba(XTest), model.predictProba(XTest))).toBeLessThan(1e-12);
      if (cv === 3) {
        back.fit(X.slice(0, 1200), y.slice(0, 1200));
        expect(maxAbsDiff(back.predictProba(XTest), c.cv3_count_sigmoid)).toBeLessThan(1e-5);
      } else {
        back.fit(take(X, c.cal), take(y, c.cal));
        expect(maxAbsDiff(back.predictProba(XTest), c.prefit_isotonic)).toBeLessThan(1e-5);
      }
    });
  }

  it("a gradient-boosted classifier inside is saved with it", () => {
    const gb = new GradientBoostingClassifier({nEstimators: 10, randomState: 0}).fit(take(X, c.upsampled_train), take(y, c.upsampled_train));
    const model = new CalibratedClassifier({estimator: gb, method: "sigmoid"}).fit(take(X, c.cal), take(y, c.cal));
    expect(maxAbsDiff(roundTrip<CalibratedClassifier>(model).predictProba(XTest), model.predictProba(XTest))).toBeLessThan(1e-12);
  });

  it("folds given by hand are saved as their count; fitting the loaded model again asks for them", () => {
    const make = () => new LogisticRegression({penalty: "none"});
    const model = new CalibratedClassifier({estimator: make, cv: kFold(1200, {nSplits: 3})}).fit(X.slice(0, 1200), y.slice(0, 1200));
    const json = saveModel(model);
    expect(json.params.cv).toEqual({givenFolds: 3});
    const back = loadModel(json) as CalibratedClassifier;
    expect(maxAbsDiff(back.predictProba(XTest), model.predictProba(XTest))).toBeLessThan(1e-12);
    expect(() => back.fit(X.slice(0, 1200), y.slice(0, 1200))).toThrow(/calibrated on 3 folds given by its author, which are not saved/);
    expect((saveModel(back).params as {cv: unknown}).cv).toEqual({givenFolds: 3});
  });

  it("says why a model cannot be saved or a file cannot be loaded", () => {
    const own = {fit: () => own, predictProba: (rows: number[][]) => Float64Array.from(rows, (r) => (r[0]! > 0 ? 0.8 : 0.2))};
    const model = new CalibratedClassifier({estimator: own}).fit(take(X, c.cal), take(y, c.cal));
    expect(() => saveModel(model as never)).toThrow(/CalibratedClassifier cannot be saved: its classifier is not a library model/);
    expect(() => saveModel(new CalibratedClassifier({estimator: own}) as never)).toThrow(/not fitted yet/);
    const good = saveModel(new CalibratedClassifier({estimator: new LogisticRegression().fit(X.slice(0, 300), y.slice(0, 300))}).fit(take(X, c.cal), take(y, c.cal)));
    const swapped = JSON.parse(JSON.stringify(good));
    swapped.params.method = "isotonic";
    expect(() => loadModel(swapped)).toThrow(/method is isotonic but calibration 0 is a SigmoidCalibration/);
    const two = JSON.parse(JSON.stringify(good));
    two.state.calibratedClassifiers.push(two.state.calibratedClassifiers[0]);
    expect(() => loadModel(two)).toThrow(/cv says 1 fitted classifier\(s\) but the file holds 2/);
    const badIso = saveModel(new IsotonicRegression().fit([0, 1, 2], [0, 0, 1])) as unknown as {state: {xThresholds: number[]}};
    badIso.state.xThresholds = [2, 1, 0];
    expect(() => loadModel(badIso as never)).toThrow(/xThresholds must be increasing/);
  });
});

it("the calibration functions are exported from the library", () => {
  for (const name of ["stratifiedKFold", "SigmoidCalibration", "sigmoidCalibration", "IsotonicRegression", "CalibratedClassifier", "brierScoreLoss", "expectedCalibrationError"]) {
    expect(name in lib, name).toBe(true);
  }
});
