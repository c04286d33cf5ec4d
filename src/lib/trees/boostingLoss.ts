// The losses gradient boosting minimises, as scikit-learn's HistGradientBoosting* define them (sklearn/_loss):
// the starting value (baseline), minus the gradient and the hessian at the current predictions, and the mean loss.
// With sample weights w, the gradient and hessian of row i are multiplied by w[i] (so a leaf's value
// -G / (H + l2) is a weighted mean for squared error), the baseline is the weighted mean (squared error), weighted
// median (absolute error) or log-odds of the weighted share of 1s (log loss), and mean losses are weighted means.

export type BoostingLoss = "squared_error" | "absolute_error" | "log_loss";

export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** Median of the values (the mean of the middle two for an even count, as numpy's median). */
export function median(values: Float64Array): number {
  const s = Float64Array.from(values).sort();
  const m = s.length;
  return m % 2 === 1 ? s[(m - 1) >> 1] : 0.5 * (s[m / 2 - 1] + s[m / 2]);
}

/**
 * Weighted median as scikit-learn's _weighted_percentile(values, w, 50): the smallest value (in sorted order) at
 * which the running sum of weights reaches half the total. It is a "lower" median: no averaging of two values.
 */
export function weightedMedian(values: Float64Array, w: Float64Array): number {
  const m = values.length;
  const order = Array.from({length: m}, (_, k) => k).sort((a, b) => values[a] - values[b]);
  let total = 0;
  for (let k = 0; k < m; k++) total += w[order[k]];
  const half = 0.5 * total;
  let cdf = 0;
  for (let k = 0; k < m; k++) {
    cdf += w[order[k]];
    if (cdf >= half) return values[order[k]];
  }
  return values[order[m - 1]];
}

/** Weighted mean of y (plain mean without weights). */
function mean(y: Float64Array, w: Float64Array | null): number {
  let s = 0;
  let sw = 0;
  if (w) {
    for (let i = 0; i < y.length; i++) {
      s += w[i] * y[i];
      sw += w[i];
    }
  } else {
    for (let i = 0; i < y.length; i++) s += y[i];
    sw = y.length;
  }
  return s / sw;
}

/** The constant raw prediction the first tree starts from (scikit-learn's loss.fit_intercept_only). */
export function baselineOf(loss: BoostingLoss, y: Float64Array, w: Float64Array | null): number {
  if (loss === "squared_error") return mean(y, w);
  if (loss === "absolute_error") return w ? weightedMedian(y, w) : median(y);
  const prior = Math.min(Math.max(mean(y, w), 1e-15), 1 - 1e-15);
  return Math.log(prior / (1 - prior));
}

/**
 * Fill t with minus the gradient and h with the hessian of each row's loss at `raw` (times its weight), and return
 * the (weighted) mean loss there, as meanLoss would: one pass gives the next tree its targets and the last tree its
 * training loss. Without weights the squared and absolute errors leave h alone: every hessian is 1 and the grower
 * does not read it. For log loss, `expNeg` holds e^-raw for every row (see fitBoosting). `sums` receives the sums
 * of t and of h over the rows in order, which the grower would otherwise add up again for the root.
 */
export function gradientsAndLoss(
  loss: BoostingLoss,
  y: Float64Array,
  w: Float64Array | null,
  raw: Float64Array,
  t: Float64Array,
  h: Float64Array,
  expNeg: Float64Array | null,
  sums: Float64Array
): number {
  const n = y.length;
  let s = 0;
  let sw = n;
  let sT = 0;
  let sH = 0;
  if (w) {
    sw = 0;
    for (let i = 0; i < n; i++) sw += w[i];
  }
  if (loss === "squared_error") {
    if (w) {
      for (let i = 0; i < n; i++) {
        const d = y[i] - raw[i];
        t[i] = w[i] * d;
        h[i] = w[i];
        s += w[i] * (d * d);
        sT += t[i];
        sH += h[i];
      }
    } else {
      for (let i = 0; i < n; i++) {
        const d = y[i] - raw[i];
        t[i] = d;
        s += d * d;
        sT += d;
      }
      sH = n;
    }
  } else if (loss === "absolute_error") {
    // scikit-learn's gradient is 1 where raw > y, else -1 (-1 also where they are equal)
    for (let i = 0; i < n; i++) {
      const d = y[i] - raw[i];
      t[i] = raw[i] > y[i] ? -1 : 1;
      s += w ? w[i] * Math.abs(d) : Math.abs(d);
    }
    if (w) {
      for (let i = 0; i < n; i++) {
        t[i] *= w[i];
        h[i] = w[i];
        sT += t[i];
        sH += h[i];
      }
    } else {
      for (let i = 0; i < n; i++) sT += t[i];
      sH = n;
    }
  } else if (w) {
    for (let i = 0; i < n; i++) {
      const r = raw[i];
      const e = expNeg![i];
      const q = 1 / (1 + e);
      t[i] = w[i] * (y[i] - q);
      h[i] = w[i] * q * (1 - q);
      s += w[i] * logLossAt(y[i], r);
      sT += t[i];
      sH += h[i];
    }
  } else {
    s = logisticGradients(y, raw, expNeg!, t, h, sums);
    sT = sums[0];
    sH = sums[1];
  }
  sums[0] = sT;
  sums[1] = sH;
  return s / sw;
}

/**
 * Unweighted log loss: gradients, hessians and the summed loss, sum of log(1 + e^-r) + (1 - y) r. The logs are
 * taken of running products of the factors 1 + e^-r (one Math.log per few hundred rows instead of one per row: the
 * per-row logs cost ~0.75 ms a pass on 32,000 rows, as much as the rest of the pass, ~13 % of a 100-tree fit). The
 * products lose about one rounding per factor, ~1e-16 per row in the mean: far below anything the loss is read for.
 * Measured (100 iterations on 32,000 x 12, median CPU ms of 7 interleaved fits, load ~7): classifier 632 -> 560, with
 * the gradient pass and the loss pass fused as well.
 */
function logisticGradients(y: Float64Array, raw: Float64Array, expNeg: Float64Array, t: Float64Array, h: Float64Array, sums: Float64Array): number {
  let logs = 0;
  let linear = 0;
  let product = 1;
  let sT = 0;
  let sH = 0;
  for (let i = 0; i < y.length; i++) {
    const r = raw[i];
    const e = expNeg[i];
    const f = 1 + e;
    const q = 1 / f;
    t[i] = y[i] - q;
    h[i] = q * (1 - q);
    sT += t[i];
    sH += h[i];
    linear += (1 - y[i]) * r;
    if (f < 1e100) {
      product *= f;
      if (product > 1e200) {
        logs += Math.log(product);
        product = 1;
      }
    } else logs += -r + Math.log1p(Math.exp(r)); // e^-r overflows the product (or is Infinity)
  }
  sums[0] = sT;
  sums[1] = sH;
  return logs + Math.log(product) + linear;
}

/** Log loss of one row, log(1 + e^r) - y r, without overflow. */
function logLossAt(y: number, r: number): number {
  return (r > 0 ? r + Math.log1p(Math.exp(-r)) : Math.log1p(Math.exp(r))) - y * r;
}

/**
 * The (weighted) mean loss of raw predictions on rows `rows` (all rows when null): the squared error (not halved),
 * the absolute error or the log loss. `trainLoss` reports this after each iteration.
 */
export function meanLoss(loss: BoostingLoss, y: Float64Array, w: Float64Array | null, raw: Float64Array): number {
  const n = y.length;
  let s = 0;
  let sw = 0;
  for (let i = 0; i < n; i++) {
    const d = y[i] - raw[i];
    const l = loss === "squared_error" ? d * d : loss === "absolute_error" ? Math.abs(d) : logLossAt(y[i], raw[i]);
    const wi = w ? w[i] : 1;
    s += wi * l;
    sw += wi;
  }
  return s / sw;
}

/**
 * scikit-learn's early-stopping score with scoring="loss": minus the mean loss of its loss object, which for squared
 * error is half the squared error (HalfSquaredError); higher is better.
 */
export function lossScore(loss: BoostingLoss, y: Float64Array, w: Float64Array | null, raw: Float64Array): number {
  const m = meanLoss(loss, y, w, raw);
  return loss === "squared_error" ? -0.5 * m : -m;
}
