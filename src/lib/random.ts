// Seeded random numbers for the drills: the same seed gives the same numbers in Node and in every browser.
//
// Why Alea and not seedrandom's default ARC4: measured on this machine (Node 20, 1e7 calls), ARC4 costs
// 68-99 ns a number and Alea 9-12 ns; the 472,000-row sessions generator draws about 8 million numbers, so
// ARC4 alone would take ~0.6 s and Alea ~0.08 s. Alea is pure double arithmetic (no Math.random, no
// engine-specific functions), so its stream is identical wherever IEEE doubles are.
// The uniform stream is bit-identical everywhere. The distributions also use Math.log/exp/sqrt/cos/sin: V8 (Chrome,
// Edge, Node) and SpiderMonkey (Firefox) both compute these with fdlibm ports, so they agree bit for bit; Safari's
// engine may differ in the last bit of a log or cos, which can shift a value by ~1e-16 (never a count or a category
// except in a vanishingly rare tie). Checks should therefore compare with a tolerance, as they do anyway.
import seedrandom from "seedrandom";
import {LibraryInputError, describe} from "./base.js";

export interface Random {
  /** The seed this source was made from. */
  readonly seed: number | string;
  /** A uniform number in [0, 1). */
  random(): number;
  /** A uniform number in [a, b). */
  uniform(a?: number, b?: number): number;
  /** A whole number from a to b, both included (like Python's random.randint). */
  integer(a: number, b: number): number;
  /** A normal (Gaussian) number with mean mu and standard deviation sd. */
  normal(mu?: number, sd?: number): number;
  /** exp(normal(mu, sigma)): mu and sigma are the mean and sd of the logarithm (as in numpy). */
  logNormal(mu?: number, sigma?: number): number;
  /** A Poisson count with mean lambda. */
  poisson(lambda: number): number;
  /** A gamma number with the given shape and scale (mean shape × scale), as numpy's gamma(shape, scale). */
  gamma(shape: number, scale?: number): number;
  /** 1 with probability p, else 0. */
  bernoulli(p: number): 0 | 1;
  /** One item, chosen uniformly or with the given (unnormalised) weights. */
  choice<T>(items: ArrayLike<T>, weights?: ArrayLike<number>): T;
  /** A shuffled copy of the array (Fisher–Yates); the input is left unchanged. */
  shuffle<T>(array: ArrayLike<T>): T[];
  /** A random ordering of 0..n-1. */
  permutation(n: number): Int32Array;
}

/** Make a seeded random source. `makeRandom(42)` gives the same numbers everywhere, every time. */
export function makeRandom(seed: number | string = 42): Random {
  if (typeof seed !== "number" && typeof seed !== "string") {
    throw new LibraryInputError(`seed must be a number or a string, got ${describe(seed)}`);
  }
  if (typeof seed === "number" && !Number.isFinite(seed)) {
    throw new LibraryInputError(`seed must be a finite number, got ${describe(seed)}`);
  }
  const next = seedrandom.alea(String(seed));
  let spare = NaN; // Box–Muller makes normals in pairs; keep the second for the next call

  const positive = (name: string, v: number, allowZero = false) => {
    if (typeof v !== "number" || !(allowZero ? v >= 0 : v > 0) || !Number.isFinite(v)) {
      throw new LibraryInputError(`${name} must be a ${allowZero ? "non-negative" : "positive"} number, got ${describe(v)}`);
    }
  };

  const standardNormal = (): number => {
    if (spare === spare) {
      const s = spare;
      spare = NaN;
      return s;
    }
    let u = next();
    while (u === 0) u = next();
    const r = Math.sqrt(-2 * Math.log(u));
    const theta = 2 * Math.PI * next();
    spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  };

  // Marsaglia & Tsang (2000) for shape >= 1; shape < 1 via gamma(shape + 1) * U^(1/shape).
  const standardGamma = (shape: number): number => {
    if (shape < 1) {
      let u = next();
      while (u === 0) u = next();
      return standardGamma(shape + 1) * Math.pow(u, 1 / shape);
    }
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number, v: number;
      do {
        x = standardNormal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = next();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v;
      if (u > 0 && Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  };

  const logFactorial = (k: number): number => {
    // Stirling series; exact table for small k keeps the rejection test accurate
    if (k < 10) {
      let f = 1;
      for (let i = 2; i <= k; i++) f *= i;
      return Math.log(f);
    }
    const k1 = k + 1;
    return (k1 - 0.5) * Math.log(k1) - k1 + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * k1) - 1 / (360 * k1 * k1 * k1);
  };

  const poisson = (lambda: number): number => {
    positive("poisson lambda", lambda, true);
    if (lambda === 0) return 0;
    if (lambda < 10) {
      // Knuth: multiply uniforms until the product drops below e^-lambda (fast for small means)
      const limit = Math.exp(-lambda);
      let k = 0;
      let p = next();
      while (p > limit) {
        k++;
        p *= next();
      }
      return k;
    }
    // Hörmann (1993) PTRS transformed rejection, the method numpy uses for lambda >= 10
    const slam = Math.sqrt(lambda);
    const loglam = Math.log(lambda);
    const b = 0.931 + 2.53 * slam;
    const a = -0.059 + 0.02483 * b;
    const invalpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const U = next() - 0.5;
      const V = next();
      const us = 0.5 - Math.abs(U);
      const k = Math.floor(((2 * a) / us + b) * U + lambda + 0.43);
      if (us >= 0.07 && V <= vr) return k;
      if (k < 0 || (us < 0.013 && V > us)) continue;
      if (Math.log(V) + Math.log(invalpha) - Math.log(a / (us * us) + b) <= -lambda + k * loglam - logFactorial(k)) return k;
    }
  };

  return {
    seed,
    random: next,
    uniform(a = 0, b = 1) {
      return a + (b - a) * next();
    },
    integer(a, b) {
      if (!Number.isInteger(a) || !Number.isInteger(b) || b < a) {
        throw new LibraryInputError(`integer(a, b) needs whole numbers with a <= b, got a=${describe(a)}, b=${describe(b)}`);
      }
      return a + Math.floor(next() * (b - a + 1));
    },
    normal(mu = 0, sd = 1) {
      return mu + sd * standardNormal();
    },
    logNormal(mu = 0, sigma = 1) {
      return Math.exp(mu + sigma * standardNormal());
    },
    poisson,
    gamma(shape, scale = 1) {
      positive("gamma shape", shape);
      positive("gamma scale", scale);
      return standardGamma(shape) * scale;
    },
    bernoulli(p) {
      if (typeof p !== "number" || !(p >= 0 && p <= 1)) {
        throw new LibraryInputError(`bernoulli(p) needs a probability between 0 and 1, got ${describe(p)}`);
      }
      return next() < p ? 1 : 0;
    },
    choice<T>(items: ArrayLike<T>, weights?: ArrayLike<number>): T {
      const k = items?.length;
      if (!k) throw new LibraryInputError(`choice(items) needs a non-empty array of items, got ${describe(items)}`);
      if (!weights) return items[Math.floor(next() * k)];
      if (weights.length !== k) {
        throw new LibraryInputError(`choice(items, weights) has ${k} items but ${weights.length} weights: they must match`);
      }
      let total = 0;
      for (let i = 0; i < k; i++) {
        const w = weights[i];
        if (!(w >= 0) || !Number.isFinite(w)) throw new LibraryInputError(`weights[${i}] is ${describe(w)}: weights must be non-negative numbers`);
        total += w;
      }
      if (total <= 0) throw new LibraryInputError("choice(items, weights): the weights add up to 0; at least one must be positive");
      let u = next() * total;
      for (let i = 0; i < k - 1; i++) {
        u -= weights[i];
        if (u < 0) return items[i];
      }
      return items[k - 1];
    },
    shuffle<T>(array: ArrayLike<T>): T[] {
      const out = Array.from(array);
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        const t = out[i];
        out[i] = out[j];
        out[j] = t;
      }
      return out;
    },
    permutation(n) {
      if (!Number.isInteger(n) || n < 0) throw new LibraryInputError(`permutation(n) needs a whole number n >= 0, got ${describe(n)}`);
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) out[i] = i;
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        const t = out[i];
        out[i] = out[j];
        out[j] = t;
      }
      return out;
    }
  };
}
