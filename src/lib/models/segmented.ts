// SegmentedRegressor: one model per segment (a column's value, or labels passed in), rows routed by their segment
// at fit and at predict.

import {z} from "zod";
import {checkVector, describe, LibraryInputError, notFitted, type Matrix, type ModelJSON, type Regressor, type Vector} from "../base.js";
import {packMatrix, rowsOf} from "../dense.js";
import {modelJSON, parseState} from "../modelJson.js";
import {optionsObject, progressCallback, type FitOptions} from "../validate.js";
import {type ModelLoader, checkRegressor, loadNested, isFitted, fitWithProgress} from "./nestedModels.js";

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
