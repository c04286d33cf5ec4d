// What a retention campaign earns: contact the customers whose churn probability is at or above a threshold, pay
// `cost` for each offer, and keep `saveRate` of the churners reached, each worth `value`. A threshold chosen by
// money rather than by accuracy (scikit-learn has no such function; its docs do this with a custom scorer).
import {LibraryInputError, describe} from "../base.js";
import {binaryLabels, probabilities, sameLength} from "../calibration/inputs.js";

export interface CampaignTerms {
  /** What keeping one churner is worth (a number, or one per customer). */
  value: number | ArrayLike<number>;
  /** The share of contacted churners the offer keeps (0..1). */
  saveRate: number;
  /** The cost of one offer. */
  cost: number;
}

export interface CampaignResult {
  threshold: number;
  /** Customers contacted (probability >= threshold). */
  contacted: number;
  /** Churners among them. */
  churnersReached: number;
  /** value × saveRate over the churners reached, less cost × contacted. */
  profit: number;
}

/**
 * The profit of contacting every customer whose `probs` is at or above `threshold`, counted on what happened
 * (`yTrue`: 1 for a churner). With calibrated probabilities the best threshold is near cost / (value × saveRate),
 * where one offer's expected gain, p × value × saveRate, pays for its cost.
 */
export function contactProfit(yTrue: ArrayLike<number | boolean>, probs: ArrayLike<number>, threshold: number, terms: CampaignTerms): CampaignResult {
  const fn = "contactProfit";
  const y = binaryLabels(yTrue, fn, "yTrue");
  const p = probabilities(probs, fn, "probs");
  const n = sameLength(y, p, fn, "yTrue", "probs");
  if (typeof threshold !== "number" || !(threshold >= 0 && threshold <= 1)) {
    throw new LibraryInputError(`${fn}: threshold must be a probability in [0, 1], got ${describe(threshold)}`);
  }
  if (!terms || typeof terms !== "object") throw new LibraryInputError(`${fn} needs the campaign's terms, {value: 150, saveRate: 0.3, cost: 18}, got ${describe(terms)}`);
  const {value, saveRate, cost} = terms;
  if (typeof saveRate !== "number" || !(saveRate >= 0 && saveRate <= 1)) throw new LibraryInputError(`${fn}: saveRate must be a share in [0, 1], got ${describe(saveRate)}`);
  if (typeof cost !== "number" || !(cost >= 0) || !Number.isFinite(cost)) throw new LibraryInputError(`${fn}: cost must be a number >= 0, got ${describe(cost)}`);
  const valueOf = typeof value === "number" ? () => value : (i: number) => value[i]!;
  if (typeof value === "number" ? !(Number.isFinite(value) && value >= 0) : !value || value.length !== n) {
    throw new LibraryInputError(`${fn}: value must be a number >= 0 or one number per customer (${n}), got ${describe(value)}`);
  }
  let contacted = 0, reached = 0, profit = 0;
  for (let i = 0; i < n; i++) {
    if (p[i]! < threshold) continue;
    contacted++;
    profit -= cost;
    if (y[i]) {
      reached++;
      profit += valueOf(i) * saveRate;
    }
  }
  return {threshold, contacted, churnersReached: reached, profit};
}
