// Save models as plain JSON and load them back. Loading reads numbers through a FIXED registry of class names:
// it never evaluates code (no eval, no Function, no dynamic import), unlike Python's pickle, which can run
// anything hidden in the file.
import {LibraryInputError, describe, type ModelJSON, type ModelMeta} from "./base.js";
import {modelEnvelope} from "./modelJson.js";
import {KMeans} from "./cluster/kmeans.js";
import {DummyRegressor, LinearRegression} from "./models/linear.js";
import {OneHotEncoder, PolynomialFeatures, StandardScaler} from "./preprocessing.js";
import {HurdleRegressor, SegmentedRegressor, TransformedTargetRegressor} from "./models/compose.js";
import {GammaRegressor} from "./models/glm.js";
import {LogisticRegression} from "./models/logistic.js";
import {QuantileRegressor} from "./models/quantile.js";
import {GradientBoostingClassifier, GradientBoostingRegressor} from "./trees/gradientBoosting.js";
import {RandomForestClassifier, RandomForestRegressor} from "./trees/randomForest.js";
import {CalibratedClassifier} from "./calibration/calibratedClassifier.js";
import {IsotonicRegression} from "./calibration/isotonic.js";
import {SigmoidCalibration} from "./calibration/sigmoid.js";

/** Anything that can be saved: it turns itself into the plain-JSON envelope. */
export interface Saveable {
  toJSON(): ModelJSON;
}

/**
 * Class name -> loader. To register a model, add one line: `Name: (json) => Name.fromJSON(json),`.
 * Keep it a plain object literal: what can be loaded is exactly what is listed here.
 */
const registry: Record<string, (json: ModelJSON) => Saveable> = {
  LinearRegression: (json) => LinearRegression.fromJSON(json),
  DummyRegressor: (json) => DummyRegressor.fromJSON(json),
  KMeans: (json) => KMeans.fromJSON(json),
  StandardScaler: (json) => StandardScaler.fromJSON(json),
  OneHotEncoder: (json) => OneHotEncoder.fromJSON(json),
  PolynomialFeatures: (json) => PolynomialFeatures.fromJSON(json),
  LogisticRegression: (json) => LogisticRegression.fromJSON(json),
  GammaRegressor: (json) => GammaRegressor.fromJSON(json),
  QuantileRegressor: (json) => QuantileRegressor.fromJSON(json),
  GradientBoostingRegressor: (json) => GradientBoostingRegressor.fromJSON(json),
  GradientBoostingClassifier: (json) => GradientBoostingClassifier.fromJSON(json),
  RandomForestRegressor: (json) => RandomForestRegressor.fromJSON(json),
  RandomForestClassifier: (json) => RandomForestClassifier.fromJSON(json),
  SigmoidCalibration: (json) => SigmoidCalibration.fromJSON(json),
  IsotonicRegression: (json) => IsotonicRegression.fromJSON(json),
  // models made of models load their inner models through loadModel itself
  TransformedTargetRegressor: (json) => TransformedTargetRegressor.fromJSON(json, loadModel),
  SegmentedRegressor: (json) => SegmentedRegressor.fromJSON(json, loadModel),
  HurdleRegressor: (json) => HurdleRegressor.fromJSON(json, loadModel),
  CalibratedClassifier: (json) => CalibratedClassifier.fromJSON(json, loadModel)
};

/** Names of the model types loadModel accepts. */
export function loadableModelTypes(): string[] {
  return Object.keys(registry);
}

/**
 * A fitted model as plain data (JSON.stringify it to save a file). `meta` adds or overrides feature names and the
 * training summary, e.g. `saveModel(model, {featureNames: ["tenure_months", ...], summary: {testR2: 0.84}})`.
 */
export function saveModel(model: Saveable, meta: Partial<ModelMeta> = {}): ModelJSON {
  if (!model || typeof (model as Saveable).toJSON !== "function") {
    throw new LibraryInputError(`saveModel(model) needs a library model (LinearRegression, KMeans, ...), got ${describe(model)}`);
  }
  const json = model.toJSON();
  // Models serialise unfitted as their settings only (fitInWorker sends that); a saved model must be fitted.
  if (Object.keys(json.state ?? {}).length === 0) {
    throw new LibraryInputError(`saveModel: ${json.type} is not fitted yet: call fit(X, y) before saving it`);
  }
  const featureNames = meta.featureNames ?? json.meta.featureNames;
  if (meta.featureNames && json.meta.featureNames.length && meta.featureNames.length !== json.meta.featureNames.length) {
    throw new LibraryInputError(
      `saveModel: ${meta.featureNames.length} feature names given but the model has ${json.meta.featureNames.length} features`
    );
  }
  const out: ModelJSON = {
    ...json,
    meta: {
      featureNames: [...featureNames],
      summary: {...json.meta.summary, ...(meta.summary ?? {})},
      savedAt: meta.savedAt ?? new Date().toISOString()
    }
  };
  // Prove it is plain data now rather than when someone tries to load it.
  return JSON.parse(JSON.stringify(out)) as ModelJSON;
}

/** Load a model saved with saveModel, from the object or its JSON text. Unknown types and bad files give clear errors. */
export function loadModel(source: ModelJSON | string): Saveable {
  let data: unknown = source;
  if (typeof source === "string") {
    try {
      data = JSON.parse(source);
    } catch (e) {
      throw new LibraryInputError(`loadModel: the text is not valid JSON (${(e as Error).message})`);
    }
  }
  const r = modelEnvelope.safeParse(data);
  if (!r.success) {
    const issue = r.error.issues[0];
    const where = issue.path.length ? issue.path.join(".") : "the file";
    throw new LibraryInputError(
      `loadModel: not a Drillbook model file: ${where} is invalid (${issue.message}); expected {format: "drillbook-model", formatVersion: 1, type, params, state, meta}`
    );
  }
  const json = r.data as ModelJSON;
  if (!Object.prototype.hasOwnProperty.call(registry, json.type)) {
    throw new LibraryInputError(`loadModel: unknown model type ${JSON.stringify(json.type)}; loadable types: ${loadableModelTypes().join(", ")}`);
  }
  return registry[json.type](json);
}
