// Feature transformers with scikit-learn's names and output order: fit on training rows, transform any rows.
import {z} from "zod";
import {LibraryInputError, describe, notFitted, type Estimator, type Matrix, type ModelJSON} from "./base.js";
import {checkFeatureCount, packMatrix, rowsOf} from "./dense.js";
import {defaultFeatureNames, modelJSON, numbers, parseState} from "./modelJson.js";

/** Standardise each column: (x - mean) / sd, with the population sd (ddof 0) as scikit-learn. */
export class StandardScaler implements Estimator {
  readonly withMean: boolean;
  readonly withStd: boolean;
  /** Column means (scikit-learn's mean_). */
  mean: number[] | null = null;
  /** Column scales: the sd, or 1 for a constant column (scikit-learn's scale_). */
  scale: number[] | null = null;
  featureNames: string[] | null = null;

  constructor(options: {withMean?: boolean; withStd?: boolean} = {}) {
    this.withMean = options.withMean ?? true;
    this.withStd = options.withStd ?? true;
  }

  fit(X: Matrix): this {
    const {data, n, p} = packMatrix(X);
    const mean = new Array<number>(p).fill(0);
    const scale = new Array<number>(p).fill(1);
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += data[i * p + j];
      const m = s / n;
      let v = 0;
      for (let i = 0; i < n; i++) v += (data[i * p + j] - m) ** 2;
      const sd = Math.sqrt(v / n);
      mean[j] = m;
      // a constant column keeps scale 1 (it becomes all zeros), as scikit-learn
      scale[j] = sd > 10 * Number.EPSILON * Math.max(1, Math.abs(m)) ? sd : 1;
    }
    this.mean = mean;
    this.scale = scale;
    return this;
  }

  transform(X: Matrix): Float64Array[] {
    const mean = this.mean ?? notFitted("StandardScaler");
    const scale = this.scale!;
    const {data, n, p} = packMatrix(X);
    checkFeatureCount("StandardScaler", mean.length, p);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < p; j++) {
        const k = i * p + j;
        data[k] = (data[k] - (this.withMean ? mean[j] : 0)) / (this.withStd ? scale[j] : 1);
      }
    }
    return rowsOf(data, n, p);
  }

  fitTransform(X: Matrix): Float64Array[] {
    return this.fit(X).transform(X);
  }

  /** Undo the scaling: back to the original units. */
  inverseTransform(X: Matrix): Float64Array[] {
    const mean = this.mean ?? notFitted("StandardScaler");
    const scale = this.scale!;
    const {data, n, p} = packMatrix(X);
    checkFeatureCount("StandardScaler", mean.length, p);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < p; j++) {
        const k = i * p + j;
        data[k] = data[k] * (this.withStd ? scale[j] : 1) + (this.withMean ? mean[j] : 0);
      }
    }
    return rowsOf(data, n, p);
  }

  toJSON(): ModelJSON {
    const mean = this.mean ?? notFitted("StandardScaler");
    return modelJSON(
      "StandardScaler",
      {withMean: this.withMean, withStd: this.withStd},
      {mean, scale: this.scale},
      {featureNames: defaultFeatureNames(mean.length, this.featureNames ?? undefined)}
    );
  }

  static fromJSON(json: ModelJSON): StandardScaler {
    const params = parseState("StandardScaler", "params", z.object({withMean: z.boolean(), withStd: z.boolean()}), json.params);
    const s = parseState("StandardScaler", "state", z.object({mean: numbers, scale: numbers}), json.state);
    if (s.mean.length !== s.scale.length) throw new LibraryInputError("cannot load StandardScaler: state.mean and state.scale differ in length");
    const m = new StandardScaler(params);
    m.mean = s.mean;
    m.scale = s.scale;
    m.featureNames = json.meta.featureNames.length === s.mean.length ? json.meta.featureNames : null;
    return m;
  }
}

type Category = string | number | boolean;
/** Categories as rows of values (one column per feature) or a single column of values. */
export type CategoryInput = ReadonlyArray<ArrayLike<Category>> | ArrayLike<Category>;

function asColumns(X: CategoryInput, what: string): {columns: string[][]; n: number} {
  if (!X || typeof X.length !== "number" || typeof X === "string") {
    throw new LibraryInputError(`${what} must be an array of categories or an array of rows of categories, got ${describe(X)}`);
  }
  const n = X.length;
  if (n === 0) throw new LibraryInputError(`${what} has no rows: expected at least one value`);
  const first = X[0] as unknown;
  const twoD = !!first && typeof first === "object" && typeof (first as ArrayLike<unknown>).length === "number";
  const p = twoD ? (first as ArrayLike<unknown>).length : 1;
  const columns = Array.from({length: p}, () => new Array<string>(n));
  for (let i = 0; i < n; i++) {
    const row = (twoD ? X[i] : [X[i]]) as ArrayLike<unknown>;
    if (!row || typeof row !== "object" || row.length !== p) {
      throw new LibraryInputError(`${what} has rows of different lengths: row 0 has ${p} values, row ${i} has ${describe(row)}`);
    }
    for (let j = 0; j < p; j++) {
      const v = row[j];
      if (v === null || v === undefined || (typeof v === "number" && Number.isNaN(v))) {
        throw new LibraryInputError(`${what}[${i}]${twoD ? `[${j}]` : ""} is ${describe(v)}: fill missing categories (e.g. with "unknown") first`);
      }
      if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") {
        throw new LibraryInputError(`${what}[${i}]${twoD ? `[${j}]` : ""} is ${describe(v)}: categories must be strings, numbers or booleans`);
      }
      columns[j][i] = String(v);
    }
  }
  return {columns, n};
}

export interface OneHotEncoderOptions {
  /** "error" (default): an unseen category throws; "ignore": it becomes all zeros. */
  handleUnknown?: "error" | "ignore";
  /** "first": drop each feature's first category (avoids perfectly collinear columns with an intercept). */
  drop?: "first" | null;
}

/** One 0/1 column per category, categories sorted as scikit-learn does. Takes text (or numbers used as labels). */
export class OneHotEncoder implements Estimator {
  readonly handleUnknown: "error" | "ignore";
  readonly drop: "first" | null;
  /** Sorted categories of each input column (scikit-learn's categories_). */
  categories: string[][] | null = null;
  featureNames: string[] | null = null;

  constructor(options: OneHotEncoderOptions = {}) {
    const hu = options.handleUnknown ?? "error";
    if (hu !== "error" && hu !== "ignore") throw new LibraryInputError(`handleUnknown must be "error" or "ignore", got ${describe(hu)}`);
    this.handleUnknown = hu;
    this.drop = options.drop ?? null;
  }

  fit(X: CategoryInput): this {
    const {columns} = asColumns(X, "X");
    this.categories = columns.map((c) => [...new Set(c)].sort());
    return this;
  }

  transform(X: CategoryInput): Float64Array[] {
    const cats = this.categories ?? notFitted("OneHotEncoder");
    const {columns, n} = asColumns(X, "X");
    checkFeatureCount("OneHotEncoder", cats.length, columns.length);
    const skip = this.drop === "first" ? 1 : 0;
    const widths = cats.map((c) => c.length - skip);
    const width = widths.reduce((a, b) => a + b, 0);
    const lookups = cats.map((c) => new Map(c.map((v, k) => [v, k] as const)));
    const data = new Float64Array(n * width);
    let offset = 0;
    columns.forEach((col, j) => {
      for (let i = 0; i < n; i++) {
        const k = lookups[j].get(col[i]);
        if (k === undefined) {
          if (this.handleUnknown === "ignore") continue;
          throw new LibraryInputError(
            `OneHotEncoder: unknown category ${JSON.stringify(col[i])} in column ${j} (row ${i}); known: ${cats[j].map((c) => JSON.stringify(c)).join(", ")}. ` +
              `Use new OneHotEncoder({handleUnknown: "ignore"}) to encode unseen values as all zeros`
          );
        }
        if (k >= skip) data[i * width + offset + k - skip] = 1;
      }
      offset += widths[j];
    });
    return rowsOf(data, n, width);
  }

  fitTransform(X: CategoryInput): Float64Array[] {
    return this.fit(X).transform(X);
  }

  /** Output column names, e.g. ["segment_Enterprise", "segment_Premium", ...] with inputNames ["segment"]. */
  getFeatureNamesOut(inputNames?: readonly string[]): string[] {
    const cats = this.categories ?? notFitted("OneHotEncoder");
    const names = defaultFeatureNames(cats.length, inputNames ?? this.featureNames ?? undefined);
    const skip = this.drop === "first" ? 1 : 0;
    return cats.flatMap((c, j) => c.slice(skip).map((v) => `${names[j]}_${v}`));
  }

  toJSON(): ModelJSON {
    const cats = this.categories ?? notFitted("OneHotEncoder");
    return modelJSON(
      "OneHotEncoder",
      {handleUnknown: this.handleUnknown, drop: this.drop},
      {categories: cats},
      {featureNames: defaultFeatureNames(cats.length, this.featureNames ?? undefined)}
    );
  }

  static fromJSON(json: ModelJSON): OneHotEncoder {
    const params = parseState(
      "OneHotEncoder",
      "params",
      z.object({handleUnknown: z.enum(["error", "ignore"]), drop: z.literal("first").nullable()}),
      json.params
    );
    const s = parseState("OneHotEncoder", "state", z.object({categories: z.array(z.array(z.string()))}), json.state);
    const m = new OneHotEncoder(params);
    m.categories = s.categories;
    m.featureNames = json.meta.featureNames.length === s.categories.length ? json.meta.featureNames : null;
    return m;
  }
}

export interface PolynomialFeaturesOptions {
  /** Highest total power (default 2). */
  degree?: number;
  /** Start with a column of ones (default true, as scikit-learn; set false before LinearRegression). */
  includeBias?: boolean;
  /** Only products of distinct features (a·b, not a²). */
  interactionOnly?: boolean;
}

/** All products of features up to `degree`, in scikit-learn's column order (1, a, b, a², a·b, b², ...). */
export class PolynomialFeatures implements Estimator {
  readonly degree: number;
  readonly includeBias: boolean;
  readonly interactionOnly: boolean;
  nFeaturesIn = 0;
  /** Each output column as the list of input indices multiplied together ([] is the bias). */
  powers: number[][] | null = null;
  featureNames: string[] | null = null;

  constructor(options: PolynomialFeaturesOptions = {}) {
    const degree = options.degree ?? 2;
    if (!Number.isInteger(degree) || degree < 0) throw new LibraryInputError(`PolynomialFeatures degree must be a whole number >= 0, got ${describe(degree)}`);
    this.degree = degree;
    this.includeBias = options.includeBias ?? true;
    this.interactionOnly = options.interactionOnly ?? false;
  }

  private combos(p: number): number[][] {
    const out: number[][] = this.includeBias ? [[]] : [];
    let level: number[][] = [[]];
    for (let d = 1; d <= this.degree; d++) {
      const next: number[][] = [];
      for (const c of level) {
        const start = c.length ? c[c.length - 1] + (this.interactionOnly ? 1 : 0) : 0;
        for (let j = start; j < p; j++) next.push([...c, j]);
      }
      out.push(...next);
      level = next;
    }
    if (out.length === 0) throw new LibraryInputError("PolynomialFeatures with degree 0 and includeBias false makes no columns");
    return out;
  }

  fit(X: Matrix): this {
    const {p} = packMatrix(X);
    this.nFeaturesIn = p;
    this.powers = this.combos(p);
    return this;
  }

  transform(X: Matrix): Float64Array[] {
    const powers = this.powers ?? notFitted("PolynomialFeatures");
    const {data, n, p} = packMatrix(X);
    checkFeatureCount("PolynomialFeatures", this.nFeaturesIn, p);
    const m = powers.length;
    const out = new Float64Array(n * m);
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < m; c++) {
        let v = 1;
        for (const j of powers[c]) v *= data[i * p + j];
        out[i * m + c] = v;
      }
    }
    return rowsOf(out, n, m);
  }

  fitTransform(X: Matrix): Float64Array[] {
    return this.fit(X).transform(X);
  }

  /** Output names in scikit-learn's style: "1", "a", "a^2", "a b". */
  getFeatureNamesOut(inputNames?: readonly string[]): string[] {
    const powers = this.powers ?? notFitted("PolynomialFeatures");
    const names = defaultFeatureNames(this.nFeaturesIn, inputNames ?? this.featureNames ?? undefined);
    return powers.map((c) => {
      if (c.length === 0) return "1";
      const parts: string[] = [];
      for (let k = 0; k < c.length; ) {
        let e = 1;
        while (k + e < c.length && c[k + e] === c[k]) e++;
        parts.push(e > 1 ? `${names[c[k]]}^${e}` : names[c[k]]);
        k += e;
      }
      return parts.join(" ");
    });
  }

  toJSON(): ModelJSON {
    if (!this.powers) notFitted("PolynomialFeatures");
    return modelJSON(
      "PolynomialFeatures",
      {degree: this.degree, includeBias: this.includeBias, interactionOnly: this.interactionOnly},
      {nFeaturesIn: this.nFeaturesIn},
      {featureNames: defaultFeatureNames(this.nFeaturesIn, this.featureNames ?? undefined)}
    );
  }

  static fromJSON(json: ModelJSON): PolynomialFeatures {
    const params = parseState(
      "PolynomialFeatures",
      "params",
      z.object({degree: z.number().int().min(0), includeBias: z.boolean(), interactionOnly: z.boolean()}),
      json.params
    );
    const s = parseState("PolynomialFeatures", "state", z.object({nFeaturesIn: z.number().int().positive()}), json.state);
    const m = new PolynomialFeatures(params);
    m.nFeaturesIn = s.nFeaturesIn;
    m.powers = m.combos(s.nFeaturesIn);
    m.featureNames = json.meta.featureNames.length === s.nFeaturesIn ? json.meta.featureNames : null;
    return m;
  }
}
