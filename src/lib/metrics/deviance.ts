// Mean Gamma deviance (sklearn.metrics.mean_gamma_deviance): the loss a Gamma regression minimises, for positive,
// skewed amounts. It compares predictions with actual values by their ratio, so a $10 miss on a $20 order costs as
// much as a $100 miss on a $200 one.
import {LibraryInputError, describe} from "../base.js";
import {finiteNumbers, sameLength} from "../calibration/inputs.js";

/** The mean of 2 (log(yPred / yTrue) + yTrue / yPred − 1); both must be above 0. */
export function meanGammaDeviance(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  const fn = "meanGammaDeviance";
  const y = finiteNumbers(yTrue, fn, "yTrue");
  const p = finiteNumbers(yPred, fn, "yPred");
  const n = sameLength(y, p, fn, "yTrue", "yPred");
  let s = 0;
  for (let i = 0; i < n; i++) {
    if (!(y[i]! > 0)) throw new LibraryInputError(`${fn}: yTrue[${i}] is ${describe(y[i])}: the Gamma deviance needs amounts above 0 (model the zeros apart, as a hurdle model does)`);
    if (!(p[i]! > 0)) throw new LibraryInputError(`${fn}: yPred[${i}] is ${describe(p[i])}: predictions must be above 0`);
    s += 2 * (Math.log(p[i]! / y[i]!) + y[i]! / p[i]! - 1);
  }
  return s / n;
}
