// A classifier whose probabilities are recalibrated (sklearn.calibration.CalibratedClassifierCV): the model's scores
// on rows it was not trained on are mapped to observed rates by Platt's sigmoid or by isotonic regression.

import {LibraryInputError, describe, type Matrix} from "../base.js";
import {kFold, take, type SplitIndices} from "../modelSelection.js";
import {choiceOption} from "../validate.js";
import {binaryLabels, sameLength} from "./inputs.js";
import {IsotonicRegression} from "./isotonic.js";
import {SigmoidCalibration} from "./sigmoid.js";

/** What the wrapper needs of a classifier: fit, and predictProba or decisionFunction. */
export interface ScoringClassifier {
  fit(X: Matrix, y: ArrayLike<number>): unknown;
  predictProba?(X: Matrix): ArrayLike<number>;
  decisionFunction?(X: Matrix): ArrayLike<number>;
}

export interface CalibratedClassifierOptions {
  /**
   * A fitted classifier (with `cv: "prefit"`, the default for one), or a function returning a new unfitted one
   * (with cross-validation, the default for a function: each fold fits its own).
   */
  estimator: ScoringClassifier | (() => ScoringClassifier);
  /** "sigmoid" (Platt scaling, default) or "isotonic" (needs more rows: it can follow any increasing shape). */
  method?: "sigmoid" | "isotonic";
  /**
   * "prefit": `fit(X, y)` only fits the calibration, on held-out rows the classifier never saw. A number k: k
   * contiguous folds as `kFold` makes them (scikit-learn stratifies its folds); or the folds themselves, as
   * `kFold(...)` returns. Each fold fits a classifier on its train rows and a calibration on its test rows; the
   * probabilities are their average (scikit-learn's ensemble=True).
   */
  cv?: "prefit" | number | SplitIndices[];
}

type Calibrator = SigmoidCalibration | IsotonicRegression;

/** The classifier's scores: decision values when it has them, else probabilities (scikit-learn's order). */
function scoresOf(model: ScoringClassifier, X: Matrix): ArrayLike<number> {
  if (typeof model.decisionFunction === "function") return model.decisionFunction(X);
  if (typeof model.predictProba === "function") return model.predictProba(X);
  throw new LibraryInputError("CalibratedClassifier: the estimator has neither decisionFunction nor predictProba: pass a classifier");
}

export class CalibratedClassifier {
  readonly method: "sigmoid" | "isotonic";
  readonly cv: "prefit" | number | SplitIndices[];
  private readonly estimator: ScoringClassifier | (() => ScoringClassifier);
  /** One (classifier, calibration) pair per fold, or one with "prefit". */
  calibratedClassifiers: Array<{estimator: ScoringClassifier; calibrator: Calibrator}> = [];

  constructor(options: CalibratedClassifierOptions) {
    const m = "CalibratedClassifier";
    if (options === null || typeof options !== "object" || !("estimator" in options)) {
      throw new LibraryInputError(`${m} takes {estimator, method, cv}, for example {estimator: fittedModel, method: "isotonic"}; got ${describe(options)}`);
    }
    const est = options.estimator;
    if (typeof est !== "function" && (est === null || typeof est !== "object" || typeof est.fit !== "function")) {
      throw new LibraryInputError(`${m}: estimator must be a classifier or a function returning one, got ${describe(est)}`);
    }
    this.estimator = est;
    this.method = choiceOption(m, "method", options.method, "sigmoid", ["sigmoid", "isotonic"]);
    const cv = options.cv ?? (typeof est === "function" ? 5 : "prefit");
    if (cv === "prefit") {
      if (typeof est === "function") {
        throw new LibraryInputError(`${m}: cv "prefit" needs a fitted classifier as estimator, not a function that makes one`);
      }
    } else {
      if (typeof est !== "function") {
        throw new LibraryInputError(
          `${m}: cross-validation fits a new classifier per fold, so estimator must be a function such as () => new LogisticRegression(); ` +
            `to calibrate a fitted model on held-out rows use cv: "prefit"`
        );
      }
      if (typeof cv === "number" ? !Number.isInteger(cv) || cv < 2 : !Array.isArray(cv) || cv.length === 0) {
        throw new LibraryInputError(`${m}: cv must be "prefit", a number of folds >= 2, or a list of {train, test} folds; got ${describe(cv)}`);
      }
    }
    this.cv = cv;
  }

  private newCalibrator(): Calibrator {
    return this.method === "sigmoid" ? new SigmoidCalibration() : new IsotonicRegression({outOfBounds: "clip"});
  }

  /** With "prefit": fit the calibration on these held-out rows. Otherwise: fit a classifier and a calibration per fold. */
  fit(X: Matrix, y: ArrayLike<number | boolean>): this {
    const fn = "CalibratedClassifier.fit";
    const labels = binaryLabels(y, fn, "y");
    sameLength(X as ArrayLike<unknown>, labels, fn, "X", "y");
    if (this.cv === "prefit") {
      const est = this.estimator as ScoringClassifier;
      this.calibratedClassifiers = [{estimator: est, calibrator: this.newCalibrator().fit(scoresOf(est, X), labels)}];
      return this;
    }
    const folds = typeof this.cv === "number" ? kFold(labels.length, {nSplits: this.cv}) : this.cv;
    const make = this.estimator as () => ScoringClassifier;
    this.calibratedClassifiers = folds.map(({train, test}, f) => {
      const yTrain = take(labels, train);
      const yTest = take(labels, test);
      for (const [part, ys] of [["train", yTrain], ["test", yTest]] as const) {
        if (!ys.includes(0) || !ys.includes(1)) {
          throw new LibraryInputError(`${fn}: fold ${f}'s ${part} rows hold only one class: shuffle the rows or use fewer folds`);
        }
      }
      const est = make();
      est.fit(take(X, train), yTrain);
      return {estimator: est, calibrator: this.newCalibrator().fit(scoresOf(est, take(X, test)), yTest)};
    });
    return this;
  }

  /** Calibrated P(y = 1) per row (the average over folds). */
  predictProba(X: Matrix): Float64Array {
    if (this.calibratedClassifiers.length === 0) throw new LibraryInputError("CalibratedClassifier is not fitted yet: call fit(X, y) before predictProba");
    let sum: Float64Array | null = null;
    for (const {estimator, calibrator} of this.calibratedClassifiers) {
      const p = calibrator.predict(scoresOf(estimator, X));
      if (!sum) sum = p;
      else for (let i = 0; i < p.length; i++) sum[i]! += p[i]!;
    }
    const k = this.calibratedClassifiers.length;
    return sum!.map((v) => Math.min(Math.max(v / k, 0), 1));
  }

  /** 1 where the calibrated probability is above threshold (default 0.5), else 0. */
  predict(X: Matrix, threshold = 0.5): Float64Array {
    if (typeof threshold !== "number" || !(threshold >= 0 && threshold <= 1)) {
      throw new LibraryInputError(`CalibratedClassifier.predict: threshold must be a probability in [0, 1], got ${describe(threshold)}`);
    }
    return this.predictProba(X).map((p) => (p > threshold ? 1 : 0));
  }
}
