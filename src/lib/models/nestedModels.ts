// What the models built from other models share: checking an inner model, loading one from nested JSON, fitting
// with progress. Loading needs a loader for the inner models (persist.ts passes its own loadModel), so these files
// do not import the registry.

import {z} from "zod";
import {describe, LibraryInputError, type Classifier, type Matrix, type ModelJSON, type Regressor, type Vector} from "../base.js";
import {modelEnvelope, parseState} from "../modelJson.js";
import type {FitOptions} from "../validate.js";

/** Turns a nested model's JSON back into a model (persist.ts's loadModel). */
export type ModelLoader = (json: ModelJSON) => unknown;


export function checkRegressor(owner: string, name: string, m: unknown, needsProba = false): void {
  const ok =
    m !== null &&
    typeof m === "object" &&
    typeof (m as Regressor).fit === "function" &&
    typeof (m as Regressor).predict === "function" &&
    (!needsProba || typeof (m as Classifier).predictProba === "function");
  if (!ok) {
    const what = needsProba ? "a classifier with fit, predict and predictProba (e.g. new LogisticRegression())" : "a regressor with fit and predict (e.g. new LinearRegression())";
    throw new LibraryInputError(`${owner}: ${name} must be ${what}, got ${describe(m)}`);
  }
}

/** Load an inner model from its JSON; returns it with whether that JSON holds a fitted model. */
export function loadNested<T>(owner: string, what: string, value: unknown, load: ModelLoader | undefined, needsProba = false): [T, boolean] {
  if (typeof load !== "function") {
    throw new LibraryInputError(`${owner}.fromJSON(json, load) needs a loader for the inner models: use loadModel from the library`);
  }
  const json = parseState(owner, "params", z.object({[what]: modelEnvelope}), {[what]: value})[what] as ModelJSON;
  const m = load(json);
  checkRegressor(owner, what, m, needsProba);
  return [m as T, isFitted(json)];
}

export function isFitted(json: ModelJSON): boolean {
  return Object.keys(json.state ?? {}).length > 0;
}

/** Call fit with a progress callback when the model takes one (extra arguments are ignored otherwise). */
export function fitWithProgress(model: Regressor, X: Matrix, y: Vector, onProgress: (f: number) => void): void {
  (model.fit as (X: Matrix, y: Vector, o?: FitOptions) => unknown).call(model, X, y, {onProgress});
}

// ---------------------------------------------------------------------------------------------------------------
