// TransformedTargetRegressor: fit on f(y), predict f⁻¹(prediction) (scikit-learn's class of the same name), for
// example log1p / expm1 around any regressor.

import {z} from "zod";
import {checkVector, describe, LibraryInputError, notFitted, type Matrix, type ModelJSON, type Regressor, type Vector} from "../base.js";
import {packMatrix} from "../dense.js";
import {modelJSON, parseState} from "../modelJson.js";
import {optionsObject, progressCallback, type FitOptions} from "../validate.js";
import {type ModelLoader, checkRegressor, loadNested, isFitted, fitWithProgress} from "./nestedModels.js";

export type TargetFunc = "log1p" | "log" | "sqrt";

const TRANSFORMS: Record<TargetFunc, {f: (y: number) => number; inv: (v: number) => number; domain: (y: number) => boolean; need: string}> = {
  log1p: {f: Math.log1p, inv: Math.expm1, domain: (y) => y > -1, need: "greater than -1"},
  log: {f: Math.log, inv: Math.exp, domain: (y) => y > 0, need: "positive"},
  sqrt: {f: Math.sqrt, inv: (v) => (v > 0 ? v * v : 0), domain: (y) => y >= 0, need: "zero or positive"}
};

export interface TransformedTargetRegressorOptions {
  regressor: Regressor;
  /** 'log1p' (default; inverse expm1), 'log' (inverse exp), 'sqrt' (inverse square), or a function (not saveable). */
  func?: TargetFunc | ((y: number) => number);
  /** Required with a function func: its inverse. */
  inverseFunc?: (v: number) => number;
}

/** Fit the regressor on func(y); predictions are mapped back with the inverse (scikit-learn's TransformedTargetRegressor). */
export class TransformedTargetRegressor implements Regressor {
  readonly regressor: Regressor;
  readonly func: TargetFunc | ((y: number) => number);
  private readonly forward: (y: number) => number;
  private readonly inverse: (v: number) => number;
  private readonly domain: ((y: number) => boolean) | null;
  private readonly need: string;
  private fitted = false;

  constructor(options: TransformedTargetRegressorOptions) {
    const m = "TransformedTargetRegressor";
    const o = optionsObject(m, options, "{regressor: new LinearRegression(), func: 'log1p'}");
    checkRegressor(m, "regressor", o.regressor);
    this.regressor = o.regressor;
    const func = o.func ?? "log1p";
    this.func = func;
    if (typeof func === "function") {
      if (typeof o.inverseFunc !== "function") {
        throw new LibraryInputError(`${m}: with a function func, pass its inverse as inverseFunc (or use func: 'log1p', 'log' or 'sqrt')`);
      }
      this.forward = func;
      this.inverse = o.inverseFunc;
      this.domain = null;
      this.need = "";
    } else if (typeof func === "string" && Object.prototype.hasOwnProperty.call(TRANSFORMS, func)) {
      if (o.inverseFunc !== undefined) throw new LibraryInputError(`${m}: inverseFunc is only for a function func; '${func}' has a known inverse`);
      const t = TRANSFORMS[func];
      this.forward = t.f;
      this.inverse = t.inv;
      this.domain = t.domain;
      this.need = t.need;
    } else {
      throw new LibraryInputError(`${m}: func must be 'log1p', 'log', 'sqrt' or a function, got ${describe(func)}`);
    }
  }

  fit(X: Matrix, y: Vector, options?: FitOptions): this {
    const onProgress = progressCallback("TransformedTargetRegressor", options);
    const {n} = packMatrix(X);
    const target = checkVector(y, n);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      if (this.domain && !this.domain(target[i])) {
        throw new LibraryInputError(`TransformedTargetRegressor.fit: y[${i}] is ${target[i]} but func '${this.func as string}' needs targets ${this.need}`);
      }
      out[i] = this.forward(target[i]);
      if (!Number.isFinite(out[i])) throw new LibraryInputError(`TransformedTargetRegressor.fit: func(y[${i}]) = func(${target[i]}) is not a finite number`);
    }
    fitWithProgress(this.regressor, X, out, onProgress);
    this.fitted = true;
    onProgress(1);
    return this;
  }

  predict(X: Matrix): Float64Array {
    if (!this.fitted) notFitted("TransformedTargetRegressor");
    const raw = this.regressor.predict(X);
    const out = new Float64Array(raw.length);
    for (let i = 0; i < raw.length; i++) out[i] = this.inverse(raw[i]);
    return out;
  }

  toJSON(): ModelJSON {
    if (typeof this.func === "function") {
      throw new LibraryInputError(
        "TransformedTargetRegressor with a function func cannot be saved: model files hold numbers, never code. Use func: 'log1p', 'log' or 'sqrt'"
      );
    }
    const inner = this.regressor.toJSON();
    return modelJSON("TransformedTargetRegressor", {func: this.func, regressor: inner}, this.fitted ? {fitted: true} : {}, {
      featureNames: inner.meta.featureNames,
      summary: inner.meta.summary
    });
  }

  static fromJSON(json: ModelJSON, load?: ModelLoader): TransformedTargetRegressor {
    const p = parseState("TransformedTargetRegressor", "params", z.object({func: z.enum(["log1p", "log", "sqrt"]), regressor: z.unknown()}), json.params);
    const [regressor, innerFitted] = loadNested<Regressor>("TransformedTargetRegressor", "regressor", p.regressor, load);
    const m = new TransformedTargetRegressor({regressor, func: p.func});
    m.fitted = isFitted(json) && innerFitted;
    return m;
  }
}

// ---------------------------------------------------------------------------------------------------------------
