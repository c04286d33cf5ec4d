// Internal: what every linear model shares once fitted: intercept + x·coef for each row, and turning coefficients
// fitted on standardised features back into the features' own units.
import {notFitted, type Matrix} from "./base.js";
import {checkFeatureCount, packMatrix} from "./dense.js";

export interface LinearCoefficients {
  coef: number[] | null;
  intercept: number;
  nFeaturesIn: number;
}

/** intercept + x·coef for each row of X; `model` names the class in errors (not fitted, wrong feature count). */
export function linearPredictor(fitted: LinearCoefficients, model: string, X: Matrix): Float64Array {
  const coef = fitted.coef ?? notFitted(model);
  const {data, n, p} = packMatrix(X);
  checkFeatureCount(model, fitted.nFeaturesIn, p);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = fitted.intercept;
    const o = i * p;
    for (let j = 0; j < p; j++) s += coef[j]! * data[o + j]!;
    out[i] = s;
  }
  return out;
}

/**
 * Coefficients fitted on standardised features ((x − mean) / scale), with the intercept first when `hasIntercept`,
 * expressed for the raw features.
 */
export function unstandardise(beta: ArrayLike<number>, hasIntercept: boolean, mean: ArrayLike<number>, scale: ArrayLike<number>): {coef: number[]; intercept: number} {
  const icpt = hasIntercept ? 1 : 0;
  const p = mean.length;
  const coef = new Array<number>(p);
  let intercept = hasIntercept ? beta[0]! : 0;
  for (let j = 0; j < p; j++) {
    coef[j] = beta[icpt + j]! / scale[j]!;
    intercept -= coef[j]! * mean[j]!;
  }
  return {coef, intercept};
}
