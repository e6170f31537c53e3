/**
 * Gauss–Hermite quadrature of a standard normal, and the year's factor as a Markov chain on
 * its nodes (MODEL.md version 3, section 3; docs/model.md §3.2 "The integration"): the
 * fixed quadrature over which the through-the-cycle chain (ladderChain.ts) averages the
 * economy, and the one-year correlation (engine/calibrate.ts) matches Vasicek's moments.
 * Pure numerics, under the scenario and the engine alike; from engine/hazard.ts.
 */
import { exp, ln, pow } from "./elementary.ts";

/** Nodes of the factor's grid: 64 nodes (errors below 1e-10) cost a scorecard book 0.3–0.5 s of start-up in every worker; 32 nodes a quarter of that (engine/hazard.ts). */
const GH_NODES = 32;

/**
 * Gauss–Hermite nodes and weights for E f(Z), Z standard normal (Numerical Recipes §4.6,
 * gauher, for weight e^(−t²); then x = √2·t, w/√π). Cached by size.
 */
const hermiteCache = new Map<number, { x: Float64Array; w: Float64Array }>();
export function gaussHermite(n: number): { x: Float64Array; w: Float64Array } {
  const hit = hermiteCache.get(n);
  if (hit) return hit;
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  const m = (n + 1) >> 1;
  let z = 0;
  for (let i = 0; i < m; i++) {
    if (i === 0) z = Math.sqrt(2 * n + 1) - 1.85575 * pow(2 * n + 1, -0.16667);
    else if (i === 1) z -= (1.14 * pow(n, 0.426)) / z;
    else if (i === 2) z = 1.86 * z - 0.86 * x[0];
    else if (i === 3) z = 1.91 * z - 0.91 * x[1];
    else z = 2 * z - x[i - 2];
    let pp = 0;
    for (let it = 0; it < 100; it++) {
      let p1 = Math.PI ** -0.25;
      let p2 = 0;
      for (let j = 1; j <= n; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = z * Math.sqrt(2 / j) * p2 - Math.sqrt((j - 1) / j) * p3;
      }
      pp = Math.sqrt(2 * n) * p2;
      const z1 = z;
      z = z1 - p1 / pp;
      if (Math.abs(z - z1) <= 1e-15 * Math.max(1, Math.abs(z))) break;
    }
    x[i] = z;
    x[n - 1 - i] = -z;
    w[i] = 2 / (pp * pp);
    w[n - 1 - i] = w[i];
  }
  const out = { x: x.map((t) => t * Math.SQRT2), w: w.map((v) => v / Math.sqrt(Math.PI)) };
  hermiteCache.set(n, out);
  return out;
}

/**
 * The year's factor as a Markov chain on G Gauss–Hermite nodes of its stationary law N(0, 1)
 * (Tauchen and Hussey 1991, with Flodén's 2008 choice of the stationary density as the
 * weighting function): from node i the next period's factor is node j with probability
 *     P_ij ∝ w_j · f(x_j | x_i) / f(x_j),   f(·|x) = N(φx, 1 − φ²), f = N(0, 1),
 * rows normalized. φ = 0 gives P_ij = w_j (the product Gauss–Hermite rule, exact for
 * independent periods); one period (pm = 12) needs no transition.
 */
export interface FactorGrid {
  periods: number;
  x: Float64Array;
  w: Float64Array;
  /** P[i·G + j]; empty with one period. */
  P: Float64Array;
}

const gridCache = new Map<string, FactorGrid>();

/** The factor grid of a year of n periods with per-period persistence φ, on G nodes. */
export function factorGrid(n: number, phi: number, G = GH_NODES): FactorGrid {
  const key = `${n}:${phi}:${G}`;
  const hit = gridCache.get(key);
  if (hit) return hit;
  const { x, w } = gaussHermite(G);
  const P = new Float64Array(n > 1 ? G * G : 0);
  if (n > 1) {
    const v = 1 - phi * phi;
    const row = new Float64Array(G);
    for (let i = 0; i < G; i++) {
      let top = -Infinity;
      for (let j = 0; j < G; j++) {
        const d = x[j] - phi * x[i];
        row[j] = ln(w[j]) - (d * d) / (2 * v) + (x[j] * x[j]) / 2;
        top = Math.max(top, row[j]);
      }
      let sum = 0;
      for (let j = 0; j < G; j++) sum += row[j] = exp(row[j] - top);
      for (let j = 0; j < G; j++) P[i * G + j] = row[j] / sum;
    }
  }
  const out = { periods: n, x, w, P };
  gridCache.set(key, out);
  return out;
}
