// A classifier whose probabilities are recalibrated (sklearn.calibration.CalibratedClassifierCV): the model's scores
// on rows it was not trained on are mapped to observed rates by Platt's sigmoid or by isotonic regression.

import {z} from "zod";
import {LibraryInputError, describe, type Matrix, type ModelJSON} from "../base.js";
import {take, type SplitIndices} from "../selection/modelSelection.js";
import {modelEnvelope, modelJSON, parseState} from "../modelJson.js";
import type {ModelLoader} from "../models/nestedModels.js";
import {stratifiedKFold} from "../selection/stratifiedKFold.js";
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
   * stratified folds as `stratifiedKFold` cuts them (scikit-learn's folds for cv=k); or the folds themselves, as
   * `kFold(...)` returns. Each fold fits a classifier on its train rows and a calibration on its test rows; the
   * probabilities are their average (scikit-learn's ensemble=True).
   */
  cv?: "prefit" | number | SplitIndices[];
}

type Calibrator = SigmoidCalibration | IsotonicRegression;

/** How a saved model was cross-validated: folds given by the caller are not saved (they can be large), only their count. */
type SavedCv = "prefit" | number | {givenFolds: number};

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
  /** Set on a model loaded from JSON that was fitted on folds its author gave: fitting again needs them again. */
  private givenFoldsNotSaved = 0;
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
    if (this.givenFoldsNotSaved) {
      throw new LibraryInputError(
        `${fn}: this model was loaded from a file and was calibrated on ${this.givenFoldsNotSaved} folds given by its author, which ` +
          "are not saved: make a new CalibratedClassifier with those folds as cv to fit again"
      );
    }
    const folds = typeof this.cv === "number" ? stratifiedKFold(labels, {nSplits: this.cv}) : this.cv;
    const make = this.estimator as () => ScoringClassifier;
    this.calibratedClassifiers = folds.map(({train, test}, f) => {
      const yTrain = take(labels, train);
      const yTest = take(labels, test);
      for (const [part, ys] of [["train", yTrain], ["test", yTest]] as const) {
        if (!ys.includes(0) || !ys.includes(1)) {
          const advice = typeof this.cv === "number" ? "a class has too few rows for this many folds: use fewer folds" : "shuffle the rows or use fewer folds";
          throw new LibraryInputError(`${fn}: fold ${f}'s ${part} rows hold only one class: ${advice}`);
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

  /**
   * The fitted classifiers and calibrations as plain JSON (saveModel / loadModel). Each classifier must be a library
   * model (one with toJSON); folds given as cv are saved as their count only.
   */
  toJSON(): ModelJSON {
    const cv: SavedCv = Array.isArray(this.cv) ? {givenFolds: this.cv.length} : this.givenFoldsNotSaved ? {givenFolds: this.givenFoldsNotSaved} : this.cv;
    const pairs = this.calibratedClassifiers.map(({estimator, calibrator}, f) => {
      const toJSON = (estimator as {toJSON?: () => ModelJSON}).toJSON;
      if (typeof toJSON !== "function") {
        throw new LibraryInputError(
          `CalibratedClassifier cannot be saved: its classifier${this.calibratedClassifiers.length > 1 ? ` for fold ${f}` : ""} is not a library model ` +
            `(it has no toJSON); saving works when the classifier is one, such as LogisticRegression or GradientBoostingClassifier`
        );
      }
      return {estimator: toJSON.call(estimator), calibrator: calibrator.toJSON()};
    });
    return modelJSON("CalibratedClassifier", {method: this.method, cv}, pairs.length ? {calibratedClassifiers: pairs} : {}, {
      featureNames: pairs[0]?.estimator.meta.featureNames ?? []
    });
  }

  /** Load a saved CalibratedClassifier; `load` turns the inner classifiers back into models (loadModel passes itself). */
  static fromJSON(json: ModelJSON, load?: ModelLoader): CalibratedClassifier {
    const name = "CalibratedClassifier";
    if (typeof load !== "function") {
      throw new LibraryInputError(`${name}.fromJSON(json, load) needs a loader for the inner models: use loadModel from the library`);
    }
    const p = parseState(
      name,
      "params",
      z.object({
        method: z.enum(["sigmoid", "isotonic"]),
        cv: z.union([z.literal("prefit"), z.number().int().min(2), z.object({givenFolds: z.number().int().min(1)})])
      }),
      json.params
    );
    const s = parseState(
      name,
      "state",
      z.object({calibratedClassifiers: z.array(z.object({estimator: modelEnvelope, calibrator: modelEnvelope})).min(1)}),
      json.state
    );
    const pairs = s.calibratedClassifiers.map(({estimator, calibrator}, f) => {
      const est = load(estimator as ModelJSON) as ScoringClassifier;
      if (typeof est?.predictProba !== "function" && typeof est?.decisionFunction !== "function") {
        throw new LibraryInputError(`cannot load ${name}: classifier ${f} (${estimator.type}) has neither predictProba nor decisionFunction`);
      }
      const expected = p.method === "sigmoid" ? "SigmoidCalibration" : "IsotonicRegression";
      if (calibrator.type !== expected) {
        throw new LibraryInputError(`cannot load ${name}: method is ${p.method} but calibration ${f} is a ${calibrator.type}, not a ${expected}`);
      }
      const cal = p.method === "sigmoid" ? SigmoidCalibration.fromJSON(calibrator as ModelJSON) : IsotonicRegression.fromJSON(calibrator as ModelJSON);
      return {estimator: est, calibrator: cal};
    });
    const expectedPairs = p.cv === "prefit" ? 1 : typeof p.cv === "number" ? p.cv : p.cv.givenFolds;
    if (pairs.length !== expectedPairs) {
      throw new LibraryInputError(`cannot load ${name}: cv says ${expectedPairs} fitted classifier(s) but the file holds ${pairs.length}`);
    }
    // Fitting a loaded model again: "prefit" recalibrates the loaded classifier; k folds refit new classifiers with
    // the saved one's settings (its JSON without the fitted state).
    const first = s.calibratedClassifiers[0]!.estimator as ModelJSON;
    const fresh = (): ScoringClassifier => load({...first, state: {}}) as ScoringClassifier;
    const m =
      p.cv === "prefit"
        ? new CalibratedClassifier({estimator: pairs[0]!.estimator, method: p.method, cv: "prefit"})
        : new CalibratedClassifier({estimator: fresh, method: p.method, cv: typeof p.cv === "number" ? p.cv : Math.max(2, p.cv.givenFolds)});
    if (typeof p.cv === "object") m.givenFoldsNotSaved = p.cv.givenFolds;
    m.calibratedClassifiers = pairs;
    return m;
  }
}
