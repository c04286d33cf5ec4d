// Shared helpers of the plot functions: read columns from whatever data a cell has at hand (an arquero table,
// an array of row objects, or an object of columns), check them with clear errors, and build the options every
// plot shares (size, titles, document, axis labels with units, a colour-blind-safe palette).

import * as Plot from "@observablehq/plot";
import {LibraryInputError, describe} from "../base.js";

/** The element Plot returns: an SVG, or a figure when there is a title, subtitle, caption or legend. */
export type PlotElement = ReturnType<typeof Plot.plot>;

/** What arquero tables offer that we need (duck-typed, so any arquero copy works). */
export interface TableLike {
  columnNames(): string[];
  numRows(): number;
  array(name: string): ArrayLike<unknown>;
}

/** Rows of objects, an arquero table, or an object of equal-length columns (`{actual: [...], predicted: [...]}`). */
export type PlotData = TableLike | ReadonlyArray<Record<string, unknown>> | {readonly [column: string]: ArrayLike<unknown>};

/** Where a plot finds a value: the name of a column in the data, or the values themselves (one per row). */
export type Column = string | ArrayLike<unknown>;

/** Options every plot takes. */
export interface CommonPlotOptions {
  /** Title above the plot. */
  title?: string;
  /** Smaller line under the title. Some plots fill it by default (the ROC curve puts its AUC here). */
  subtitle?: string;
  /** Note under the plot. */
  caption?: string;
  /** Outer width in pixels; default 640. */
  width?: number;
  /** Outer height in pixels; by default each plot picks one (square for plots with equal scales). */
  height?: number;
  /** Document to create elements in: pass a jsdom document to render in Node. Defaults to the page's. */
  document?: Document;
  /** Colour scheme for categories; default "observable10" (distinct for the common kinds of colour blindness). */
  scheme?: Plot.ColorScheme;
}

export const DEFAULT_WIDTH = 640;
export const DEFAULT_SCHEME: Plot.ColorScheme = "observable10";
/** A colour that stands out against every observable10 hue: used for highlights and chosen values. */
export const HIGHLIGHT = "#111";
/** The muted colour of reference lines (zero, diagonal, chance). */
export const REFERENCE = "#888";

function isTable(data: unknown): data is TableLike {
  const t = data as TableLike;
  return !!t && typeof t.columnNames === "function" && typeof t.numRows === "function" && typeof t.array === "function";
}

function isArrayLike(v: unknown): v is ArrayLike<unknown> {
  return v != null && typeof v !== "string" && typeof v !== "function" && typeof (v as ArrayLike<unknown>).length === "number";
}

/** Reads the columns of one plot's data, checking names, lengths and values, with errors naming the plot. */
export class Columns {
  /** Rows, known once the first column is read (or from the data). */
  length: number | undefined;
  private readonly kind: "table" | "rows" | "columns" | "none";
  private first: string | undefined;

  constructor(
    readonly plot: string,
    private readonly data: PlotData | null | undefined
  ) {
    if (data == null) this.kind = "none";
    else if (isTable(data)) {
      this.kind = "table";
      this.length = data.numRows();
      this.first = "the table";
    } else if (Array.isArray(data)) {
      this.kind = "rows";
      this.length = data.length;
      this.first = "the data";
      const bad = data.findIndex((r) => r === null || typeof r !== "object");
      if (bad >= 0) {
        throw new LibraryInputError(`${plot}: data[${bad}] is ${describe(data[bad])}: expected rows as objects, such as {x: 1, y: 2}`);
      }
    } else if (typeof data === "object" && !isArrayLike(data)) {
      this.kind = "columns";
    } else {
      throw new LibraryInputError(
        `${plot}: data is ${describe(data)}: expected an arquero table, an array of row objects or an object of columns`
      );
    }
    if (this.length === 0) throw new LibraryInputError(`${plot}: the data has no rows`);
  }

  /** Names of the columns the data has, for error messages. */
  private available(): string {
    let names: string[] = [];
    if (this.kind === "table") names = (this.data as TableLike).columnNames();
    else if (this.kind === "rows") names = Object.keys((this.data as Record<string, unknown>[])[0] ?? {});
    else if (this.kind === "columns") names = Object.keys(this.data as object);
    return names.length ? `the data has ${names.map((n) => JSON.stringify(n)).join(", ")}` : "no data was given";
  }

  /** Whether the data has a column of this name (for options that default to a column only when it exists). */
  has(name: string): boolean {
    if (this.kind === "table") return (this.data as TableLike).columnNames().includes(name);
    if (this.kind === "rows") return name in (this.data as ReadonlyArray<Record<string, unknown>>)[0]!;
    if (this.kind === "columns") return (this.data as Record<string, unknown>)[name] !== undefined;
    return false;
  }

  /** Values of a required column. `option` is the option's name, used in messages ("actual", "segment"). */
  values(option: string, spec: Column | undefined): unknown[] {
    if (spec === undefined || spec === null) {
      throw new LibraryInputError(`${this.plot}: option ${option} is missing: pass a column name or an array of values`);
    }
    let values: unknown[];
    let name: string;
    if (typeof spec === "string") {
      name = JSON.stringify(spec);
      values = this.lookup(option, spec);
    } else if (isArrayLike(spec)) {
      name = `${option} (an array)`;
      values = Array.from(spec);
    } else {
      throw new LibraryInputError(`${this.plot}: option ${option} is ${describe(spec)}: expected a column name or an array of values`);
    }
    if (this.length === undefined) {
      if (values.length === 0) throw new LibraryInputError(`${this.plot}: ${name} has no values`);
      this.length = values.length;
      this.first = name;
    } else if (values.length !== this.length) {
      throw new LibraryInputError(
        `${this.plot}: ${name} has ${values.length} values but ${this.first} has ${this.length} rows: give one value per row`
      );
    }
    return values;
  }

  /** Values of an optional column; undefined when the option is not given. */
  optional(option: string, spec: Column | undefined | null): unknown[] | undefined {
    return spec === undefined || spec === null ? undefined : this.values(option, spec);
  }

  /** Finite numbers of a required column. */
  numbers(option: string, spec: Column | undefined): Float64Array {
    const values = this.values(option, spec);
    const out = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (typeof v !== "number" || !Number.isFinite(v)) {
        const where = typeof spec === "string" ? `column ${JSON.stringify(spec)}` : option;
        throw new LibraryInputError(`${this.plot}: ${where}[${i}] is ${describe(v)}: expected finite numbers (drop or fill missing values first)`);
      }
      out[i] = v;
    }
    return out;
  }

  private lookup(option: string, name: string): unknown[] {
    const missing = () =>
      new LibraryInputError(
        `${this.plot}: no column ${JSON.stringify(name)} for ${option}; ${this.available()}. Pass {${option}: "<column name>"} or an array`
      );
    if (this.kind === "table") {
      const t = this.data as TableLike;
      if (!t.columnNames().includes(name)) throw missing();
      return Array.from(t.array(name));
    }
    if (this.kind === "rows") {
      const rows = this.data as ReadonlyArray<Record<string, unknown>>;
      if (!(name in rows[0]!)) throw missing();
      return rows.map((r) => r[name]);
    }
    if (this.kind === "columns") {
      const cols = this.data as Record<string, unknown>;
      const col = cols[name];
      if (col === undefined) throw missing();
      if (!isArrayLike(col)) throw new LibraryInputError(`${this.plot}: column ${JSON.stringify(name)} is ${describe(col)}: expected an array`);
      return Array.from(col);
    }
    throw missing();
  }
}

/** A column option that may also name several series: `{Logistic: pLogistic, Forest: "p_forest"}`. */
export type Series = Column | {readonly [name: string]: Column};

/** Split a Series option into named columns (one unnamed series gets the name ""). */
export function seriesEntries(plot: string, option: string, spec: Series | undefined): Array<[string, Column]> {
  if (spec === undefined || spec === null) {
    throw new LibraryInputError(`${plot}: option ${option} is missing: pass a column name or an array of values`);
  }
  if (typeof spec === "string" || isArrayLike(spec)) return [["", spec as Column]];
  const entries = Object.entries(spec);
  if (entries.length === 0) throw new LibraryInputError(`${plot}: option ${option} is an empty object: name at least one series`);
  return entries;
}

const compactFormat = new Intl.NumberFormat("en-US", {notation: "compact", maximumFractionDigits: 1});
const plainFormat = new Intl.NumberFormat("en-US", {maximumFractionDigits: 3});

/** Tick labels for values that may run into the millions: 950, 1.2K, 24K, 3.5M, with a true minus sign. */
export function compact(d: number): string {
  return (Math.abs(d) < 1000 ? plainFormat : compactFormat).format(d).replace("-", "\u2212");
}

/** "Actual" + "$" → "Actual ($)". */
export function withUnit(label: string, unit: string | undefined): string {
  return unit ? `${label} (${unit})` : label;
}

/** Check a size option. */
export function checkSize(plot: string, name: string, v: number | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== "number" || !Number.isFinite(v) || v < 50) {
    throw new LibraryInputError(`${plot}: ${name} is ${describe(v)}: expected a number of pixels, at least 50`);
  }
  return v;
}

/** What a plot shows, for screen readers: a name (the title, when there is one) and a short summary of its data. */
export interface PlotText {
  label: string;
  description: string;
}

/** Plot options shared by every plot: size, titles, document and font, and its text alternative. */
export function frame(plot: string, o: CommonPlotOptions, text?: PlotText): Plot.PlotOptions {
  const out: Plot.PlotOptions = {
    ariaLabel: o.title ?? text?.label,
    ariaDescription: text?.description,
    width: checkSize(plot, "width", o.width) ?? DEFAULT_WIDTH,
    // 12 px text reads better than Plot's 10 px; the bottom margin grows to keep the x label clear of the ticks.
    style: {fontSize: "12px", overflow: "visible"},
    marginBottom: 40
  };
  const height = checkSize(plot, "height", o.height);
  if (height !== undefined) out.height = height;
  if (o.title !== undefined) out.title = o.title;
  if (o.subtitle !== undefined) out.subtitle = o.subtitle;
  if (o.caption !== undefined) out.caption = o.caption;
  if (o.document !== undefined) out.document = o.document;
  return out;
}

/** Margins and height that make the inner plot area square (for plots whose x and y share one scale). */
export function square(
  width: number,
  margins: {marginTop: number; marginRight: number; marginBottom: number; marginLeft: number}
): {marginTop: number; marginRight: number; marginBottom: number; marginLeft: number; height: number} {
  // Plot's aspectRatio assumes its default margins when it picks a height; with ours the area came out 20 px off
  // square, so the height is computed here instead.
  const inner = width - margins.marginLeft - margins.marginRight;
  return {...margins, height: inner + margins.marginTop + margins.marginBottom};
}

/**
 * Indices of at most `max` rows, evenly spread over all of them (deterministic, no random draw), so plots of a
 * 94,000-row test set stay fast and readable. Returns undefined when every row fits.
 */
export function spread(n: number, max: number | undefined): Uint32Array | undefined {
  if (max === undefined || !(max > 0) || n <= max) return undefined;
  const m = Math.floor(max);
  const idx = new Uint32Array(m);
  for (let i = 0; i < m; i++) idx[i] = Math.floor((i * n) / m);
  return idx;
}

/** Pick rows of a column by index (identity when idx is undefined). */
export function pick<T>(values: ArrayLike<T>, idx: Uint32Array | undefined): T[] {
  return idx ? Array.from(idx, (i) => values[i]!) : Array.from(values);
}

/** "shows 5,000 of 94,400 rows, evenly spread" */
export function sampleNote(n: number, idx: Uint32Array | undefined): string | undefined {
  return idx ? `Showing ${idx.length.toLocaleString("en-US")} of ${n.toLocaleString("en-US")} rows, evenly spread.` : undefined;
}

/** Join caption parts that exist. */
export function joinCaption(...parts: Array<string | undefined>): string | undefined {
  const kept = parts.filter((p): p is string => !!p);
  return kept.length ? kept.join(" ") : undefined;
}

/** Domain covering every value of the given arrays, padded by 3 % so dots at the edge are not cut. */
export function sharedDomain(...arrays: ArrayLike<number>[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const a of arrays) {
    for (let i = 0; i < a.length; i++) {
      const v = a[i]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (lo === hi) return [lo - 1, hi + 1];
  const pad = (hi - lo) * 0.03;
  return [lo - pad, hi + pad];
}

/**
 * Distinct values sorted (numbers ascending, anything else as text), so a set of segments or clusters gets the same
 * colours in every plot, whatever order the rows come in.
 */
export function categories(values: readonly unknown[]): unknown[] {
  const seen = [...new Set(values)];
  if (seen.every((v) => typeof v === "number")) return (seen as number[]).sort((a, b) => a - b);
  return seen.map(String).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** `order` first, then any other values present, sorted. */
export function ordered(values: readonly unknown[], order: readonly unknown[] | undefined): unknown[] {
  const all = categories(values);
  return order ? [...order.filter((v) => all.includes(v)), ...all.filter((v) => !order.includes(v))] : all;
}

/** The columns of a plot of predictions: actual and predicted values, and each row's segment when there is one. */
export function predictionColumns(
  cols: Columns,
  options: {actual?: Column; predicted?: Column; segment?: Column | null}
): {actual: Float64Array; predicted: Float64Array; segment: string[] | undefined} {
  return {
    actual: cols.numbers("actual", options.actual ?? "actual"),
    predicted: cols.numbers("predicted", options.predicted ?? "predicted"),
    segment: cols.optional("segment", options.segment === undefined && cols.has("segment") ? "segment" : options.segment)?.map(String)
  };
}
