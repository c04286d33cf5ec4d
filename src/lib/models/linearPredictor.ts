// Internal: what every linear model shares once fitted: intercept + x·coef for each row, coefficients fitted on
// standardised features turned back into the features' own units, and the saved state restored.
import {z} from "zod";
import {notFitted, type Matrix, type ModelJSON} from "../base.js";
import {checkFeatureCount, packMatrix} from "../dense.js";
import {numbers, parseState} from "../modelJson.js";

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

/** A linear model fitted by iterations (Newton, interior point), as its JSON state restores it. */
export interface IterativeLinearModel extends LinearCoefficients {
  nIter: number;
  converged?: boolean;
  featureNames: string[] | null;
  trainingSummary: Record<string, unknown>;
}

/** Restore coefficients, iterations and metadata from a saved model's JSON; an empty state leaves `model` unfitted. */
export function restoreLinearState<T extends IterativeLinearModel>(model: T, name: string, json: ModelJSON): T {
  if (Object.keys(json.state ?? {}).length === 0) return model;
  const s = parseState(name, "state", z.object({coef: numbers.min(1), intercept: z.number(), nIter: z.number().int(), converged: z.boolean().optional()}), json.state);
  model.coef = s.coef;
  model.intercept = s.intercept;
  model.nIter = s.nIter;
  if (s.converged !== undefined) model.converged = s.converged;
  model.nFeaturesIn = s.coef.length;
  model.featureNames = json.meta?.featureNames?.length === s.coef.length ? json.meta.featureNames : null;
  model.trainingSummary = json.meta?.summary ?? {};
  return model;
}
