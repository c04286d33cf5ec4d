// Small linear-algebra helpers for the Newton (IRLS) solvers in logistic.ts, glm.ts and quantile.ts.
// The systems are tiny (features + 1 squared), so ml-matrix's Cholesky is used as is.
import {CholeskyDecomposition, Matrix as MlMatrix} from "ml-matrix";

/**
 * Solve A x = b for a symmetric positive (semi-)definite q x q matrix given row-major (only the upper triangle is
 * read). When A is singular or nearly so (perfectly separated classes, a constant column), a ridge of growing size
 * is added to the diagonal until Cholesky succeeds: the Newton step is then a damped one, never NaN.
 */
export function solveSPD(A: Float64Array, b: Float64Array, q: number): Float64Array {
  let trace = 0;
  for (let j = 0; j < q; j++) trace += Math.abs(A[j * q + j]);
  const scale = trace > 0 ? trace / q : 1;
  for (let attempt = 0; attempt < 12; attempt++) {
    const jitter = attempt === 0 ? 0 : scale * 10 ** (attempt - 14);
    const M = new MlMatrix(q, q);
    for (let j = 0; j < q; j++) {
      for (let k = j; k < q; k++) {
        const v = A[j * q + k] + (j === k ? jitter : 0);
        M.set(j, k, v);
        M.set(k, j, v);
      }
    }
    const chol = new CholeskyDecomposition(M);
    if (!chol.isPositiveDefinite()) continue;
    const x = chol.solve(MlMatrix.columnVector(Array.from(b)));
    const out = new Float64Array(q);
    let ok = true;
    for (let j = 0; j < q; j++) {
      out[j] = x.get(j, 0);
      if (!Number.isFinite(out[j])) ok = false;
    }
    if (ok) return out;
  }
  throw new Error("solveSPD: the system could not be solved even with a ridge added (the data may contain huge values)");
}

/**
 * Column means and standard deviations (population) of row-major data, in one pass of sums shifted by the first row
 * (which keeps the variance accurate for columns far from zero); a constant column gets scale 1.
 */
export function columnStats(data: Float64Array, n: number, p: number): {mean: Float64Array; scale: Float64Array} {
  const shift = data.slice(0, p);
  const s1 = new Float64Array(p);
  const s2 = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    const o = i * p;
    for (let j = 0; j < p; j++) {
      const d = data[o + j] - shift[j];
      s1[j] += d;
      s2[j] += d * d;
    }
  }
  const mean = new Float64Array(p);
  const scale = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    const m1 = s1[j] / n;
    mean[j] = shift[j] + m1;
    const sd = Math.sqrt(Math.max(0, s2[j] / n - m1 * m1));
    scale[j] = sd > 1e-12 * Math.max(1, Math.abs(mean[j])) ? sd : 1;
  }
  return {mean, scale};
}

/**
 * data[i][j] = (data[i][j] - mean[j]) / scale[j], in place. Its own function so V8 optimises the loop on its own (in
 * the middle of a long fit() it ran ~4x slower); multiplies by 1 / scale (1.2 million divisions cost ~4 ms).
 */
export function standardiseInPlace(data: Float64Array, n: number, p: number, mean: Float64Array, scale: Float64Array): void {
  const inv = scale.map((v) => 1 / v);
  for (let i = 0; i < n; i++) {
    const o = i * p;
    for (let j = 0; j < p; j++) data[o + j] = (data[o + j] - mean[j]) * inv[j];
  }
}
