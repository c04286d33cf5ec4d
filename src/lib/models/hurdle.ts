// HurdleRegressor: P(y > 0) from a classifier times the amount a regressor predicts for y > 0 (a two-stage or
// "hurdle" model for zero-inflated targets such as revenue per session).

import {z} from "zod";
import {checkVector, LibraryInputError, notFitted, type Classifier, type Matrix, type ModelJSON, type Regressor, type Vector} from "../base.js";
import {packMatrix, rowsOf} from "../dense.js";
import {modelJSON, parseState} from "../modelJson.js";
import {optionsObject, progressCallback, type FitOptions} from "../validate.js";
import {type ModelLoader, checkRegressor, loadNested, isFitted, fitWithProgress} from "./nestedModels.js";

export interface HurdleRegressorOptions {
  /** Predicts P(y > 0); fitted on all rows with labels (y > 0). */
  classifier: Classifier;
  /** Predicts the amount when y > 0; fitted on those rows only. */
  regressor: Regressor;
}

/**
 * Two-stage ("hurdle") model for targets that are often exactly 0: expected y = P(y > 0) × E[y | y > 0].
 * For revenue per session: the chance the session orders, times the order value when it does.
 */
export class HurdleRegressor implements Regressor {
  readonly classifier: Classifier;
  readonly regressor: Regressor;
  private fitted = false;
  trainingSummary: Record<string, unknown> = {};

  constructor(options: HurdleRegressorOptions) {
    const m = "HurdleRegressor";
    const o = optionsObject(m, options, "{classifier: new LogisticRegression(), regressor: new GradientBoostingRegressor()}");
    checkRegressor(m, "classifier", o.classifier, true);
    checkRegressor(m, "regressor", o.regressor);
    if ((o.classifier as unknown) === (o.regressor as unknown)) throw new LibraryInputError(`${m}: classifier and regressor must be two different models`);
    this.classifier = o.classifier;
    this.regressor = o.regressor;
  }

  fit(X: Matrix, y: Vector, options?: FitOptions): this {
    const onProgress = progressCallback("HurdleRegressor", options);
    const {data, n, p} = packMatrix(X);
    const target = checkVector(y, n);
    const positive: number[] = [];
    const label = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      if (target[i] < 0) throw new LibraryInputError(`HurdleRegressor.fit: y[${i}] is ${target[i]}: a hurdle model is for amounts that are zero or positive`);
      if (target[i] > 0) {
        positive.push(i);
        label[i] = 1;
      }
    }
    if (positive.length === 0 || positive.length === n) {
      throw new LibraryInputError(
        `HurdleRegressor.fit: ${positive.length === 0 ? "every" : "no"} target is 0: the hurdle model needs both zero and positive targets`
      );
    }
    const rows = rowsOf(data, n, p);
    fitWithProgress(this.classifier, rows, label, (f) => onProgress(0.5 * f));
    fitWithProgress(
      this.regressor,
      positive.map((i) => rows[i]),
      Float64Array.from(positive, (i) => target[i]),
      (f) => onProgress(0.5 + 0.5 * f)
    );
    this.fitted = true;
    this.trainingSummary = {nSamples: n, nPositive: positive.length, positiveShare: positive.length / n};
    onProgress(1);
    return this;
  }

  /** The two stages separately: probability P(y > 0) and amount E[y | y > 0], per row. */
  predictParts(X: Matrix): {probability: Float64Array; amount: Float64Array} {
    if (!this.fitted) notFitted("HurdleRegressor");
    return {probability: this.classifier.predictProba(X), amount: this.regressor.predict(X)};
  }

  /** Expected y: probability × amount. */
  predict(X: Matrix): Float64Array {
    const {probability, amount} = this.predictParts(X);
    const out = new Float64Array(probability.length);
    for (let i = 0; i < out.length; i++) out[i] = probability[i] * amount[i];
    return out;
  }

  toJSON(): ModelJSON {
    const c = this.classifier.toJSON();
    const r = this.regressor.toJSON();
    return modelJSON("HurdleRegressor", {classifier: c, regressor: r}, this.fitted ? {fitted: true} : {}, {
      featureNames: c.meta.featureNames,
      summary: this.trainingSummary
    });
  }

  static fromJSON(json: ModelJSON, load?: ModelLoader): HurdleRegressor {
    const p = parseState("HurdleRegressor", "params", z.object({classifier: z.unknown(), regressor: z.unknown()}), json.params);
    const [classifier, cFitted] = loadNested<Classifier>("HurdleRegressor", "classifier", p.classifier, load, true);
    const [regressor, rFitted] = loadNested<Regressor>("HurdleRegressor", "regressor", p.regressor, load);
    const m = new HurdleRegressor({classifier, regressor});
    m.fitted = isFitted(json) && cFitted && rFitted;
    m.trainingSummary = json.meta?.summary ?? {};
    return m;
  }
}
