// Deterministic test data for the model tests, from a 32-bit PRNG (mulberry32) that is easy to reproduce exactly in
// Python: tests/unit/lib/sklearn_models_reference.py regenerates the same rows and prints scikit-learn's scores,
// which the tests compare with.

/** mulberry32: uniform [0, 1) from a 32-bit seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Data {
  X: number[][];
  y: number[];
}

/**
 * Friedman #1 (scikit-learn's make_friedman1): y = 10 sin(pi x0 x1) + 20 (x2 - 0.5)^2 + 10 x3 + 5 x4 + noise, with
 * p uniform features of which only the first five matter; noise uniform in [-noise, noise].
 */
export function friedman1(n: number, p: number, seed: number, noise = 1): Data {
  const r = mulberry32(seed);
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const x: number[] = [];
    for (let j = 0; j < p; j++) x.push(r());
    X.push(x);
    y.push(10 * Math.sin(Math.PI * x[0] * x[1]) + 20 * (x[2] - 0.5) ** 2 + 10 * x[3] + 5 * x[4] + noise * (2 * r() - 1));
  }
  return {X, y};
}

/** A pure interaction: class 1 when x0 and x1 are on the same side of 0.5 (XOR), 10 % of labels flipped. */
export function xorClasses(n: number, p: number, seed: number): Data {
  const r = mulberry32(seed);
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const x: number[] = [];
    for (let j = 0; j < p; j++) x.push(r());
    X.push(x);
    let label = (x[0] > 0.5) === (x[1] > 0.5) ? 1 : 0;
    if (r() < 0.1) label = 1 - label;
    y.push(label);
  }
  return {X, y};
}

export function split(d: Data, nTrain: number): {Xtr: number[][]; ytr: number[]; Xte: number[][]; yte: number[]} {
  return {Xtr: d.X.slice(0, nTrain), ytr: d.y.slice(0, nTrain), Xte: d.X.slice(nTrain), yte: d.y.slice(nTrain)};
}
