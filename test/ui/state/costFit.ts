/**
 * Fits the run-time cost model (src/ui/state/runEstimate.ts) to recorded CPU times:
 * non-negative least squares on relative error, minimising Σ ((Σ_k c_k f_k − t) / t)², by
 * solving the unconstrained problem on every subset of the features and keeping the best
 * solution whose coefficients are all ≥ 0 (seven features: 127 subsets, exact).
 */
import type { RunFeatures } from "../../../src/ui/state/runEstimate.ts";

export interface Timed {
  features: RunFeatures;
  seconds: number;
}

const KEYS = ["fixed", "segments", "starts", "applicants", "events", "stepped", "pathMonths"] as const satisfies readonly (keyof RunFeatures)[];

/** Solves the normal equations A x = b by Gaussian elimination with partial pivoting; null when singular. */
function solve(a: number[][], b: number[]): number[] | null {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
    if (Math.abs(m[p][c]) < 1e-12) return null;
    [m[c], m[p]] = [m[p], m[c]];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r][c] / m[c][c];
      for (let k = c; k <= n; k++) m[r][k] -= f * m[c][k];
    }
  }
  return m.map((row, i) => row[n] / row[i]);
}

/** The coefficients that fit `rows` best with none negative. */
export function fitCost(rows: readonly Timed[]): RunFeatures {
  let best: { error: number; cost: RunFeatures } | null = null;
  for (let mask = 1; mask < 1 << KEYS.length; mask++) {
    const keys = KEYS.filter((_, i) => mask & (1 << i));
    // Each row divided by its time: the residual is then relative; features scaled to 1 for conditioning.
    const scale = keys.map((k) => Math.max(...rows.map((r) => r.features[k] / r.seconds)) || 1);
    const x = rows.map((r) => keys.map((k, j) => r.features[k] / r.seconds / scale[j]));
    const ata = keys.map((_, i) => keys.map((_, j) => x.reduce((s, row) => s + row[i] * row[j], 0)));
    const atb = keys.map((_, i) => x.reduce((s, row) => s + row[i], 0));
    const sol = solve(ata, atb);
    if (!sol || sol.some((c) => c < 0)) continue;
    const error = x.reduce((s, row) => s + (row.reduce((t, v, j) => t + v * sol[j], 0) - 1) ** 2, 0);
    if (best === null || error < best.error) {
      const cost: RunFeatures = { fixed: 0, segments: 0, starts: 0, applicants: 0, events: 0, stepped: 0, pathMonths: 0 };
      keys.forEach((k, j) => (cost[k] = sol[j] / scale[j]));
      best = { error, cost };
    }
  }
  if (!best) throw new Error("fitCost: no non-negative fit");
  return best.cost;
}
