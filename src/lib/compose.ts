// Models built from other models:
// - TransformedTargetRegressor: fit on f(y), predict f⁻¹(prediction) (scikit-learn's class of the same name);
// - SegmentedRegressor: one model per segment (a column's value, or labels passed in);
// - HurdleRegressor: P(y > 0) from a classifier times the amount a regressor predicts for y > 0 (a two-stage or
//   "hurdle" model for zero-inflated targets such as revenue per session).
// Each saves to JSON with its inner models' JSON nested inside; loading needs a loader for those (persist.ts passes
// its own loadModel), so this file does not import the registry.

import {z} from "zod";
import {
  checkVector,
  describe,
  LibraryInputError,
  notFitted,
  type Classifier,
  type Matrix,
  type ModelJSON,
  type Regressor,
  type Vector
} from "./base.js";
import {packMatrix, rowsOf} from "./dense.js";
import {modelJSON, parseState} from "./modelJson.js";
import {optionsObject, progressCallback, type FitOptions} from "./validate.js";

/** Turns a nested model's JSON back into a model (persist.ts's loadModel). */
export type ModelLoader = (json: ModelJSON) => unknown;

const modelJSONSchema = z.object({
  format: z.literal("drillbook-model"),
  formatVersion: z.literal(1),
  type: z.string(),
  params: z.record(z.string(), z.unknown()),
  state: z.record(z.string(), z.unknown()),
  meta: z.object({featureNames: z.array(z.string()), summary: z.record(z.string(), z.unknown())}).passthrough()
});

function checkRegressor(owner: string, name: string, m: unknown, needsProba = false): void {
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
function loadNested<T>(owner: string, what: string, value: unknown, load: ModelLoader | undefined, needsProba = false): [T, boolean] {
  if (typeof load !== "function") {
    throw new LibraryInputError(`${owner}.fromJSON(json, load) needs a loader for the inner models: use loadModel from the library`);
  }
  const json = parseState(owner, "params", z.object({[what]: modelJSONSchema}), {[what]: value})[what] as ModelJSON;
  const m = load(json);
  checkRegressor(owner, what, m, needsProba);
  return [m as T, isFitted(json)];
}

function isFitted(json: ModelJSON): boolean {
  return Object.keys(json.state ?? {}).length > 0;
}

/** Call fit with a progress callback when the model takes one (extra arguments are ignored otherwise). */
function fitWithProgress(model: Regressor, X: Matrix, y: Vector, onProgress: (f: number) => void): void {
  (model.fit as (X: Matrix, y: Vector, o?: FitOptions) => unknown).call(model, X, y, {onProgress});
}

// ---------------------------------------------------------------------------------------------------------------

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

export type SegmentLabel = string | number | boolean;

export interface SegmentedRegressorOptions {
  /** Index of the column of X holding each row's segment; omit it to pass {segments} to fit and predict instead. */
  segmentColumn?: number;
  /** Makes a fresh, unfitted model for each segment, e.g. () => new LinearRegression(). */
  makeModel?: () => Regressor;
  /** Leave the segment column out of the features given to each model (default true: it is constant within a segment). */
  dropSegmentColumn?: boolean;
}

export interface SegmentOptions extends FitOptions {
  /** One segment label per row, when the model has no segmentColumn. */
  segments?: ArrayLike<SegmentLabel>;
}

/** One model per segment: rows are routed by their segment, at fit and at predict. */
export class SegmentedRegressor implements Regressor {
  readonly segmentColumn: number | null;
  readonly dropSegmentColumn: boolean;
  private readonly makeModel: (() => Regressor) | null;
  /** The fitted model of each segment. */
  models: Map<SegmentLabel, Regressor> | null = null;
  /** Training rows per segment. */
  counts: Map<SegmentLabel, number> = new Map();

  constructor(options: SegmentedRegressorOptions) {
    const m = "SegmentedRegressor";
    const o = optionsObject(m, options, "{segmentColumn: 3, makeModel: () => new LinearRegression()}");
    if (o.segmentColumn !== undefined && !(Number.isInteger(o.segmentColumn) && o.segmentColumn >= 0)) {
      throw new LibraryInputError(`${m}: segmentColumn must be a column index (0, 1, ...), got ${describe(o.segmentColumn)}`);
    }
    if (o.makeModel !== undefined && typeof o.makeModel !== "function") {
      throw new LibraryInputError(`${m}: makeModel must be a function returning a new model, e.g. () => new LinearRegression(); got ${describe(o.makeModel)}`);
    }
    this.segmentColumn = o.segmentColumn ?? null;
    this.dropSegmentColumn = o.dropSegmentColumn ?? true;
    this.makeModel = o.makeModel ?? null;
  }

  /** Segments seen at fit time. */
  get segments(): SegmentLabel[] {
    return [...(this.models ?? notFitted("SegmentedRegressor")).keys()];
  }

  /** Group rows by segment and build each group's feature rows. */
  private route(X: Matrix, options: SegmentOptions | undefined, where: string): {groups: Map<SegmentLabel, number[]>; rows: Float64Array[]} {
    const {data, n, p} = packMatrix(X);
    let labels: ArrayLike<SegmentLabel>;
    const col = this.segmentColumn;
    if (col !== null) {
      if (col >= p) throw new LibraryInputError(`SegmentedRegressor.${where}: segmentColumn is ${col} but X has only ${p} columns`);
      labels = Array.from({length: n}, (_, i) => data[i * p + col]);
    } else {
      const seg = options?.segments;
      if (!seg || typeof seg === "string" || typeof seg.length !== "number") {
        throw new LibraryInputError(
          `SegmentedRegressor.${where}: pass the segment of each row, e.g. ${where}(X${where === "fit" ? ", y" : ""}, {segments: labels}), or create the model with a segmentColumn`
        );
      }
      if (seg.length !== n) throw new LibraryInputError(`SegmentedRegressor.${where}: segments has ${seg.length} labels but X has ${n} rows`);
      labels = seg;
    }
    const groups = new Map<SegmentLabel, number[]>();
    for (let i = 0; i < n; i++) {
      const l = labels[i];
      if (!(typeof l === "string" || typeof l === "boolean" || (typeof l === "number" && Number.isFinite(l)))) {
        throw new LibraryInputError(`SegmentedRegressor.${where}: the segment of row ${i} is ${describe(l)}: use strings or numbers`);
      }
      let g = groups.get(l);
      if (!g) groups.set(l, (g = []));
      g.push(i);
    }
    let rows: Float64Array[];
    if (col !== null && this.dropSegmentColumn) {
      if (p === 1) throw new LibraryInputError(`SegmentedRegressor.${where}: X has only the segment column: no features are left for the models`);
      const q = p - 1;
      const out = new Float64Array(n * q);
      for (let i = 0; i < n; i++) {
        let k = 0;
        for (let j = 0; j < p; j++) if (j !== col) out[i * q + k++] = data[i * p + j];
      }
      rows = rowsOf(out, n, q);
    } else rows = rowsOf(data, n, p);
    return {groups, rows};
  }

  fit(X: Matrix, y: Vector, options?: SegmentOptions): this {
    const onProgress = progressCallback("SegmentedRegressor", options);
    const make = this.makeModel;
    if (!make) {
      throw new LibraryInputError("SegmentedRegressor.fit: this model has no makeModel (it was loaded from JSON); create a new SegmentedRegressor with makeModel to refit");
    }
    const {groups, rows} = this.route(X, options, "fit");
    const target = checkVector(y, rows.length);
    const models = new Map<SegmentLabel, Regressor>();
    const counts = new Map<SegmentLabel, number>();
    let done = 0;
    for (const [label, idx] of groups) {
      const model = make();
      checkRegressor("SegmentedRegressor", "makeModel()", model);
      for (const other of models.values()) {
        if (other === model) throw new LibraryInputError("SegmentedRegressor: makeModel must return a NEW model on each call, e.g. () => new LinearRegression()");
      }
      const Xs = idx.map((i) => rows[i]);
      const ys = Float64Array.from(idx, (i) => target[i]);
      const base = done;
      fitWithProgress(model, Xs, ys, (f) => onProgress((base + f * idx.length) / rows.length));
      done += idx.length;
      models.set(label, model);
      counts.set(label, idx.length);
    }
    this.models = models;
    this.counts = counts;
    onProgress(1);
    return this;
  }

  predict(X: Matrix, options?: SegmentOptions): Float64Array {
    const models = this.models ?? notFitted("SegmentedRegressor");
    const {groups, rows} = this.route(X, options, "predict");
    const out = new Float64Array(rows.length);
    for (const [label, idx] of groups) {
      const model = models.get(label);
      if (!model) {
        throw new LibraryInputError(
          `SegmentedRegressor.predict: segment ${JSON.stringify(label)} was not seen at fit time (fitted segments: ${[...models.keys()].map((k) => JSON.stringify(k)).join(", ")})`
        );
      }
      const pred = model.predict(idx.map((i) => rows[i]));
      idx.forEach((i, k) => (out[i] = pred[k]));
    }
    return out;
  }

  toJSON(): ModelJSON {
    const params = {segmentColumn: this.segmentColumn, dropSegmentColumn: this.dropSegmentColumn};
    const state = this.models
      ? {segments: [...this.models].map(([label, model]) => ({label, rows: this.counts.get(label) ?? 0, model: model.toJSON()}))}
      : {};
    return modelJSON("SegmentedRegressor", params, state, {
      summary: this.models ? {segments: this.models.size, rowsPerSegment: Object.fromEntries([...this.counts].map(([k, v]) => [String(k), v]))} : {}
    });
  }

  static fromJSON(json: ModelJSON, load?: ModelLoader): SegmentedRegressor {
    const p = parseState(
      "SegmentedRegressor",
      "params",
      z.object({segmentColumn: z.number().int().nonnegative().nullable(), dropSegmentColumn: z.boolean()}),
      json.params
    );
    const m = new SegmentedRegressor({segmentColumn: p.segmentColumn ?? undefined, dropSegmentColumn: p.dropSegmentColumn});
    if (!isFitted(json)) return m;
    const s = parseState(
      "SegmentedRegressor",
      "state",
      z.object({segments: z.array(z.object({label: z.union([z.string(), z.number(), z.boolean()]), rows: z.number(), model: z.unknown()})).min(1)}),
      json.state
    );
    m.models = new Map();
    for (const seg of s.segments) {
      const [model, fitted] = loadNested<Regressor>("SegmentedRegressor", "model", seg.model, load);
      if (!fitted) throw new LibraryInputError(`cannot load SegmentedRegressor: the model of segment ${JSON.stringify(seg.label)} is not fitted`);
      m.models.set(seg.label, model);
      m.counts.set(seg.label, seg.rows);
    }
    return m;
  }
}

// ---------------------------------------------------------------------------------------------------------------

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
