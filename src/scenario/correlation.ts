/**
 * The factors' correlation matrix and its Cholesky factor: the rules use it to check that
 * the correlations can hold together, the engine to correlate the factors' innovations.
 */
import type { Scenario } from "./schema.ts";

type Factors = Scenario["macro"]["factors"];

/** C, row-major K×K, with 1 on the diagonal; a pair's correlation is given on either factor, or 0. */
export function correlationMatrix(factors: Factors): Float64Array {
  const names = Object.keys(factors);
  const k = names.length;
  const c = new Float64Array(k * k);
  names.forEach((a, i) =>
    names.forEach((b, j) => {
      c[i * k + j] = i === j ? 1 : (factors[a].correlation[b] ?? factors[b].correlation[a] ?? 0);
    }),
  );
  return c;
}

/** Lower Cholesky factor L of a symmetric K×K matrix (C = L·Lᵀ); null unless positive definite with pivots clear of 0. */
export function cholesky(c: Float64Array, k: number): Float64Array | null {
  const l = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let s = c[i * k + j];
      for (let m = 0; m < j; m++) s -= l[i * k + m] * l[j * k + m];
      if (i === j) {
        if (!(s > 1e-10)) return null;
        l[i * k + i] = Math.sqrt(s);
      } else l[i * k + j] = s / l[j * k + j];
    }
  }
  return l;
}
