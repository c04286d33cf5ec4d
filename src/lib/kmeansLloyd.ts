// Internal k-means kernels on flat Float64Arrays: scikit-learn's greedy k-means++ start and a Lloyd loop with
// Hamerly's bounds.
//
// Why hand-written (measured here, k=5, 10 restarts, 2-D): ml-kmeans took 18.9 s at 100,000 points and 224 s at
// 1,000,000 (scikit-learn 0.87 s and 10.7 s); a plain typed-array Lloyd took 1.36 s and 15.9 s. Hamerly (2010) keeps,
// for each point, an upper bound on the distance to its centre and a lower bound on the distance to any other centre;
// once centres settle, most points pass the bound test and their k distances are never computed. Results are the
// same as plain Lloyd (the bounds only skip work that cannot change an assignment).

/** Uniform [0, 1) source (a seeded Random's `random`). */
type Next = () => number;

function dist2(a: Float64Array, ia: number, b: Float64Array, ib: number, d: number): number {
  let s = 0;
  for (let t = 0; t < d; t++) {
    const v = a[ia + t] - b[ib + t];
    s += v * v;
  }
  return s;
}

/** scikit-learn's greedy k-means++: each new centre is the best of 2 + ln(k) candidates drawn in proportion to D². */
export function kmeansPlusPlus(X: Float64Array, n: number, d: number, k: number, next: Next): Float64Array {
  const centers = new Float64Array(k * d);
  const trials = 2 + Math.floor(Math.log(k));
  const first = Math.floor(next() * n);
  centers.set(X.subarray(first * d, first * d + d), 0);
  const closest = new Float64Array(n);
  for (let i = 0; i < n; i++) closest[i] = dist2(X, i * d, centers, 0, d);
  const cumsum = new Float64Array(n);
  const cand = new Float64Array(n);
  const bestD = new Float64Array(n);
  for (let c = 1; c < k; c++) {
    let acc = 0;
    for (let i = 0; i < n; i++) cumsum[i] = acc += closest[i];
    let bestPot = Infinity;
    let bestId = 0;
    for (let t = 0; t < trials; t++) {
      const r = next() * acc;
      // first index with cumsum >= r (numpy searchsorted, side "left")
      let lo = 0;
      let hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumsum[mid] < r) lo = mid + 1;
        else hi = mid;
      }
      const id = lo;
      let candPot = 0;
      const o = id * d;
      for (let i = 0; i < n; i++) {
        const v = dist2(X, i * d, X, o, d);
        const m = v < closest[i] ? v : closest[i];
        cand[i] = m;
        candPot += m;
      }
      if (candPot < bestPot) {
        bestPot = candPot;
        bestId = id;
        bestD.set(cand);
      }
    }
    centers.set(X.subarray(bestId * d, bestId * d + d), c * d);
    closest.set(bestD);
  }
  return centers;
}

/** k distinct rows chosen uniformly (scikit-learn's init="random"). */
export function randomInit(X: Float64Array, n: number, d: number, k: number, next: Next): Float64Array {
  const centers = new Float64Array(k * d);
  // partial Fisher-Yates on indices, O(k) memory via a map of swaps
  const swaps = new Map<number, number>();
  for (let c = 0; c < k; c++) {
    const j = c + Math.floor(next() * (n - c));
    const vj = swaps.get(j) ?? j;
    swaps.set(j, swaps.get(c) ?? c);
    centers.set(X.subarray(vj * d, vj * d + d), c * d);
  }
  return centers;
}

/** Nearest and second-nearest centre for point i: sets both Hamerly bounds, returns the nearest centre. */
function full(X: Float64Array, i: number, d: number, centers: Float64Array, k: number, upper: Float64Array, lower: Float64Array): number {
  const o = i * d;
  let b1 = Infinity;
  let b2 = Infinity;
  let a = 0;
  for (let c = 0; c < k; c++) {
    const v = dist2(X, o, centers, c * d, d);
    if (v < b1) {
      b2 = b1;
      b1 = v;
      a = c;
    } else if (v < b2) b2 = v;
  }
  upper[i] = Math.sqrt(b1);
  lower[i] = Math.sqrt(b2);
  return a;
}

interface State {
  X: Float64Array;
  n: number;
  d: number;
  k: number;
  centers: Float64Array;
  labels: Int32Array;
  upper: Float64Array;
  lower: Float64Array;
  sums: Float64Array;
  counts: Float64Array;
  shift: Float64Array;
  half: Float64Array;
}

/**
 * One assignment pass with Hamerly's test; the bounds are first moved by the last centre shifts (fused into the same
 * sweep). A top-level function over local variables: as a closure over mutable captured variables it ran ~3x slower
 * in V8 (every array and bound was reloaded from the closure context on each access). Returns how many points moved.
 */
function assignStep(st: State, max1: number, max2: number, arg: number): number {
  const {X, n, d, k, centers, labels, upper, lower, sums, counts, shift, half} = st;
  for (let c = 0; c < k; c++) {
    let m = Infinity;
    for (let c2 = 0; c2 < k; c2++) if (c2 !== c) m = Math.min(m, dist2(centers, c * d, centers, c2 * d, d));
    half[c] = Math.sqrt(m) / 2;
  }
  let changed = 0;
  for (let i = 0; i < n; i++) {
    const a = labels[i];
    let u = upper[i] + shift[a];
    const l = lower[i] - (a === arg ? max2 : max1);
    const bound = half[a] > l ? half[a] : l;
    if (u > bound) {
      u = Math.sqrt(dist2(X, i * d, centers, a * d, d));
      if (u > bound) {
        const b = full(X, i, d, centers, k, upper, lower);
        if (b !== a) {
          labels[i] = b;
          counts[a]--;
          counts[b]++;
          const o = i * d;
          for (let t = 0; t < d; t++) {
            sums[a * d + t] -= X[o + t];
            sums[b * d + t] += X[o + t];
          }
          changed++;
        }
        continue; // full() has set both bounds exactly
      }
    }
    upper[i] = u;
    lower[i] = l;
  }
  shift.fill(0);
  return changed;
}

export interface LloydResult {
  centers: Float64Array;
  labels: Int32Array;
  inertia: number;
  nIter: number;
}

/**
 * Lloyd iterations from `centers` until the summed squared centre shift is <= tol (scikit-learn's rule) or maxIter,
 * then a final assignment so labels match the returned centres, and the exact inertia.
 */
export function lloydHamerly(X: Float64Array, n: number, d: number, init: Float64Array, maxIter: number, tol: number): LloydResult {
  const k = init.length / d;
  const centers = Float64Array.from(init);
  const labels = new Int32Array(n);
  const upper = new Float64Array(n);
  const lower = new Float64Array(n);
  const sums = new Float64Array(k * d);
  const counts = new Float64Array(k);
  const shift = new Float64Array(k);
  const half = new Float64Array(k);
  const old = new Float64Array(k * d);

  for (let i = 0; i < n; i++) {
    const a = full(X, i, d, centers, k, upper, lower);
    labels[i] = a;
    counts[a]++;
    for (let t = 0; t < d; t++) sums[a * d + t] += X[i * d + t];
  }

  let max1 = 0;
  let max2 = 0;
  let arg = -1;
  const st: State = {X, n, d, k, centers, labels, upper, lower, sums, counts, shift, half};
  const assign = (): number => {
    const changed = assignStep(st, max1, max2, arg);
    max1 = max2 = 0;
    arg = -1;
    return changed;
  };

  let nIter = 0;
  for (;;) {
    nIter++;
    old.set(centers);
    for (let c = 0; c < k; c++) {
      if (counts[c] > 0) for (let t = 0; t < d; t++) centers[c * d + t] = sums[c * d + t] / counts[c];
    }
    let relocated = false;
    for (let c = 0; c < k; c++) {
      if (counts[c] > 0) continue;
      // Empty cluster: move it onto the point farthest from its centre, as scikit-learn does.
      let far = -1;
      let farD = -1;
      for (let i = 0; i < n; i++) {
        if (counts[labels[i]] < 2) continue;
        const v = dist2(X, i * d, old, labels[i] * d, d);
        if (v > farD) {
          farD = v;
          far = i;
        }
      }
      if (far < 0) break; // fewer distinct points than clusters: nothing to move
      const a = labels[far];
      counts[a]--;
      counts[c]++;
      for (let t = 0; t < d; t++) {
        sums[a * d + t] -= X[far * d + t];
        sums[c * d + t] += X[far * d + t];
      }
      labels[far] = c;
      upper[far] = Infinity; // its bound was for the old centre
      relocated = true;
    }
    if (relocated) {
      for (let c = 0; c < k; c++) if (counts[c] > 0) for (let t = 0; t < d; t++) centers[c * d + t] = sums[c * d + t] / counts[c];
    }
    let total = 0;
    for (let c = 0; c < k; c++) {
      const s2 = dist2(centers, c * d, old, c * d, d);
      total += s2;
      const sh = (shift[c] = Math.sqrt(s2));
      if (sh > max1) {
        max2 = max1;
        max1 = sh;
        arg = c;
      } else if (sh > max2) max2 = sh;
    }
    if (relocated) lower.fill(0); // bounds no longer trustworthy for moved points: recheck everything once
    if (total <= tol || nIter >= maxIter) break;
    if (assign() === 0 && !relocated) {
      // Labels did not change: the centres are final (scikit-learn's "strict convergence").
      break;
    }
  }
  // Final assignment so labels belong to the returned centres (ml-kmeans's labels lag one step here).
  assign();
  let inertia = 0;
  for (let i = 0; i < n; i++) inertia += dist2(X, i * d, centers, labels[i] * d, d);
  return {centers, labels, inertia, nIter};
}

/** Index of the nearest centre for each row and the squared distance to it. */
export function nearest(X: Float64Array, n: number, d: number, centers: Float64Array): {labels: Int32Array; dist2: Float64Array} {
  const k = centers.length / d;
  const labels = new Int32Array(n);
  const best = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let b = Infinity;
    let a = 0;
    for (let c = 0; c < k; c++) {
      const v = dist2(X, i * d, centers, c * d, d);
      if (v < b) {
        b = v;
        a = c;
      }
    }
    labels[i] = a;
    best[i] = b;
  }
  return {labels, dist2: best};
}
