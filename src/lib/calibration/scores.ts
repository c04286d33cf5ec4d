// Scores of probability forecasts: how far predicted probabilities are from what happened.
// (scikit-learn keeps brier_score_loss in sklearn.metrics; it lives here beside the calibration error it is read with.)

import {LibraryInputError, describe} from "../base.js";
import {calibrationTable} from "../metrics/classification.js";
import {binaryLabels, probabilities, sameLength} from "./inputs.js";

/**
 * Mean squared difference between the predicted probability and the 0/1 outcome (sklearn.metrics.brier_score_loss):
 * 0 is perfect, 0.25 is what always saying 0.5 scores. It rewards both ranking and calibration.
 */
export function brierScoreLoss(yTrue: ArrayLike<number | boolean>, probs: ArrayLike<number>): number {
  const fn = "brierScoreLoss";
  const y = binaryLabels(yTrue, fn, "yTrue");
  const p = probabilities(probs, fn, "probs");
  const n = sameLength(y, p, fn, "yTrue", "probs");
  let s = 0;
  for (let i = 0; i < n; i++) s += (p[i]! - y[i]!) ** 2;
  return s / n;
}

/**
 * Expected calibration error: the gap between the calibration curve and the diagonal, |fraction positive − mean
 * predicted| in each bin of `calibrationTable`, averaged with the bins' row counts as weights. 0 for a calibrated
 * model; 0.1 means the forecasts are off by 10 points on average. (scikit-learn has no function for it; the reference
 * test computes it from calibration_curve.)
 */
export function expectedCalibrationError(
  yTrue: ArrayLike<number | boolean>,
  probs: ArrayLike<number>,
  options: {nBins?: number; strategy?: "uniform" | "quantile"} = {}
): number {
  const fn = "expectedCalibrationError";
  if (options === null || typeof options !== "object") {
    throw new LibraryInputError(`${fn} takes an options object like {nBins: 10, strategy: "uniform"}, got ${describe(options)}`);
  }
  const y = binaryLabels(yTrue, fn, "yTrue");
  const p = probabilities(probs, fn, "probs");
  const n = sameLength(y, p, fn, "yTrue", "probs");
  let rows;
  try {
    rows = calibrationTable(y, p, options);
  } catch (e) {
    throw new LibraryInputError(`${fn}: ${(e as Error).message}`);
  }
  let s = 0;
  for (const r of rows) s += (r.count / n) * Math.abs(r.fractionPositive - r.meanPredicted);
  return s;
}
