// The zero-inflation drill's website sessions: 93 % earn nothing, the rest order around $60.
import {table, type ColumnTable} from "arquero";
import {LibraryInputError, describe} from "../base.js";
import {makeRandom} from "../random.js";
import {checkN} from "./mallCustomers.js";

export interface SessionsOptions {
  /** Number of sessions (default 472,000, the drill's full data). */
  n?: number;
  seed?: number | string;
  /** Add `payment_amount`, known only after the order (the leakage exercise). Default false. */
  leaky?: boolean;
}

/** The 12 feature columns, in order. */
export const SESSION_FEATURES = [
  "is_repeat_session",
  "hour_of_day",
  "is_weekend",
  "engagement_depth",
  "utm_source_google",
  "utm_source_facebook",
  "utm_source_email",
  "utm_source_direct",
  "device_type_mobile",
  "landing_page_product",
  "landing_page_category",
  "landing_page_blog"
] as const;

// Traffic sources and landing pages; the first of each is the baseline (all its one-hot columns are 0).
const SOURCES = [0.35, 0.25, 0.15, 0.1, 0.15]; // organic, google, facebook, email, direct
const PAGES = [0.4, 0.3, 0.2, 0.1]; // home, product, category, blog
// Share of sessions by hour: quiet at night, a peak in the evening.
const HOURS = [2, 1, 1, 1, 1, 2, 3, 4, 5, 6, 6, 6, 6, 6, 5, 5, 5, 6, 7, 8, 8, 7, 5, 3];

// Extra order value by hour: evening shoppers buy more, night owls less (not a straight line in the hour).
const HOUR_VALUE = Float64Array.from({length: 24}, (_, h) => (h >= 18 && h <= 22 ? 15 : h <= 5 ? -15 : 0));
/** Sets the mean order value near $60 given the mix of converting sessions. */
const AOV_BASE = 21;
const BASKET_VALUE = 50;
const PAGE_STEP = 7;

function cumulative(w: number[]): Float64Array {
  const total = w.reduce((a, b) => a + b, 0);
  let acc = 0;
  return Float64Array.from(w, (v) => (acc += v / total));
}

function pick(cum: Float64Array, u: number): number {
  let k = 0;
  while (k < cum.length - 1 && u >= cum[k]) k++;
  return k;
}

/**
 * The true expected order value of a converting session (before the random basket noise): the best any model can
 * predict. Tests use it to show the drill's targets are reachable.
 */
export function sessionOrderValueMean(
  pages: number,
  repeat: number,
  hour: number,
  mobile: number,
  productLanding: number,
  blogLanding: number,
  email: number,
  facebook: number
): number {
  // An S-curve in pages: a few pages buy one item, many pages a basket (a tree finds the step, a line cannot).
  const basket = 1 / (1 + Math.exp(-(pages - PAGE_STEP) / 1.0));
  const loyal = repeat ? (pages >= 6 ? 18 : 2) : 0; // repeat visitors who browse buy more: an interaction
  return Math.max(12, AOV_BASE + BASKET_VALUE * basket + loyal - 5 * mobile + 5 * productLanding - 8 * blogLanding + 4 * email - 3 * facebook + HOUR_VALUE[hour]);
}

/**
 * Website sessions (default n = 472,000, seed 42): 12 features, `is_ordered` and `revenue` (0 when no order).
 *
 * Process, one row per session:
 * - `is_repeat_session` ~ Bernoulli(0.32); `is_weekend` ~ Bernoulli(2/7); `device_type_mobile` ~ Bernoulli(0.55)
 * - `hour_of_day` 0..23 from a daily profile (night low, evening peak)
 * - traffic source organic / google / facebook / email / direct (35/25/15/10/15 %), one-hot `utm_source_*` without
 *   organic; landing page home / product / category / blog (40/30/20/10 %), one-hot `landing_page_*` without home
 * - `engagement_depth` (pages viewed) = 1 + Poisson(Gamma(shape 1.3, scale 2.6) × m), where m is 1.5 for repeat
 *   visitors, 0.8 on mobile, 1.3 from email, 0.7 on a blog landing: mean about 4.5 pages, long right tail, capped at 60
 * - `is_ordered` ~ Bernoulli(sigmoid(z)), z = -5.17 + 1.5·ln(pages) + 0.5·repeat - 0.35·mobile + 0.4·email
 *   + 0.3·product landing - 0.5·blog landing + 0.1·weekend: about 6.8 % of sessions convert (93.2 % zero revenue)
 * - for an order, the expected value μ (`sessionOrderValueMean`) = 21 + 50·S(pages) + loyalty - 5·mobile
 *   + 5·product landing - 8·blog landing + 4·email - 3·facebook + hour effect, at least 12, where S is an S-curve
 *   stepping up around 7 pages (one item vs a basket), loyalty is +18 for repeat visitors viewing 6+ pages (+2 below),
 *   and the hour effect is +15 from 18:00 to 22:59 and -15 from 0:00 to 5:59;
 *   `revenue` = μ · LogNormal(-σ²/2, σ = 0.22) as a price ending in .99, between 4.99 and 149.99
 * - with `leaky: true`, `payment_amount` = revenue × 1.08 (tax) + 4.99 shipping under $50, 0 without an order: it is
 *   known only after checkout, and makes revenue predictable to cents.
 *
 * With the defaults: 93.2 % zero revenue, mean order value $60.30 (sd $31), mean revenue per session $4.09,
 * 32,033 converting sessions. `engagement_depth` is the strongest predictor of both conversion and order value.
 * On converting sessions (80/20 split) the true μ scores RMSE $14.3, MAE $10.4, R² 0.79, MAPE 0.18, so the drill's
 * "good" targets (RMSE < $20, MAE < $15, R² > 0.5, MAPE < 25 %) are within reach of a flexible model (trees); a
 * LinearRegression scores about RMSE $20.7, MAE $15.9, R² 0.56 (clears the minimum targets, misses the good RMSE and
 * MAE); a mean predictor scores R² 0 and RMSE $31. Asserted in tests/unit/lib/sessions.test.ts.
 */
export function sessions({n = 472_000, seed = 42, leaky = false}: SessionsOptions = {}): ColumnTable {
  checkN(n, "sessions");
  if (typeof leaky !== "boolean") throw new LibraryInputError(`sessions: leaky must be true or false, got ${describe(leaky)}`);
  const rng = makeRandom(seed);
  const next = rng.random;
  const sources = cumulative(SOURCES);
  const pages = cumulative(PAGES);
  const hours = cumulative(HOURS);
  // Typed columns: 472,000 rows x 15 columns without per-row objects (the table is built from the columns).
  const repeat = new Uint8Array(n);
  const hour = new Uint8Array(n);
  const weekend = new Uint8Array(n);
  const depth = new Int32Array(n);
  const google = new Uint8Array(n);
  const facebook = new Uint8Array(n);
  const email = new Uint8Array(n);
  const direct = new Uint8Array(n);
  const mobile = new Uint8Array(n);
  const product = new Uint8Array(n);
  const category = new Uint8Array(n);
  const blog = new Uint8Array(n);
  const ordered = new Uint8Array(n);
  const revenue = new Float64Array(n);
  const payment = leaky ? new Float64Array(n) : null;
  const sigma = 0.22;
  for (let i = 0; i < n; i++) {
    const rep = next() < 0.32 ? 1 : 0;
    const wk = next() < 2 / 7 ? 1 : 0;
    const mob = next() < 0.55 ? 1 : 0;
    const h = pick(hours, next());
    const src = pick(sources, next());
    const page = pick(pages, next());
    const em = src === 3 ? 1 : 0;
    const bl = page === 3 ? 1 : 0;
    const pr = page === 1 ? 1 : 0;
    const mult = (rep ? 1.5 : 1) * (mob ? 0.8 : 1) * (em ? 1.3 : 1) * (bl ? 0.7 : 1);
    const e = Math.min(60, 1 + rng.poisson(rng.gamma(1.3, 2.6) * mult));
    const le = Math.log(e);
    const z = -5.17 + 1.5 * le + 0.5 * rep - 0.35 * mob + 0.4 * em + 0.3 * pr - 0.5 * bl + 0.1 * wk;
    const buys = next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
    repeat[i] = rep;
    weekend[i] = wk;
    mobile[i] = mob;
    hour[i] = h;
    google[i] = src === 1 ? 1 : 0;
    facebook[i] = src === 2 ? 1 : 0;
    email[i] = em;
    direct[i] = src === 4 ? 1 : 0;
    product[i] = pr;
    category[i] = page === 2 ? 1 : 0;
    blog[i] = bl;
    depth[i] = e;
    ordered[i] = buys;
    if (buys) {
      const mu = sessionOrderValueMean(e, rep, h, mob, pr, bl, em, facebook[i]);
      const v = mu * Math.exp(sigma * rng.normal() - (sigma * sigma) / 2);
      const price = Math.min(149.99, Math.max(4.99, Math.round(v) - 0.01));
      revenue[i] = price;
      if (payment) payment[i] = Math.round((price * 1.08 + (price < 50 ? 4.99 : 0)) * 100) / 100;
    }
  }
  const columns: Record<string, ArrayLike<number>> = {
    is_repeat_session: repeat,
    hour_of_day: hour,
    is_weekend: weekend,
    engagement_depth: depth,
    utm_source_google: google,
    utm_source_facebook: facebook,
    utm_source_email: email,
    utm_source_direct: direct,
    device_type_mobile: mobile,
    landing_page_product: product,
    landing_page_category: category,
    landing_page_blog: blog
  };
  if (payment) columns.payment_amount = payment;
  columns.is_ordered = ordered;
  columns.revenue = revenue;
  return table(columns);
}
