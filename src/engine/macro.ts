/**
 * The economy of MODEL.md section 2: K latent AR(1) factors with correlated innovations,
 * deterministic stress shifts, and macro variables read off the factors.
 */
import type { Scenario, Shock } from "../scenario/schema.ts";
import { cholesky, correlationMatrix } from "../scenario/correlation.ts";
import { pow } from "../math/elementary.ts";
import { PhiInv } from "../math/normal.ts";

/** The macro side of one variant, compiled to per-period numbers. */
export interface MacroModel {
  factors: string[];
  /** Per-period persistence φ_k = φ_monthly^periodMonths. */
  persistence: Float64Array;
  /** Lower Cholesky factor of the innovations' correlation matrix, row-major K×K. */
  cholesky: Float64Array;
  /** shift[k·T + (t−1)]: the stress added to factor k in period t. */
  shift: Float64Array;
  variables: { name: string; factor: number; mean: number; sensitivity: number }[];
}

export type ShockKind =
  | { kind: "path"; factor: string; path: number[] }
  | { kind: "recession"; factor: string; start: number; fall: number; trough: number; stay: number; recover: number }
  | { kind: "target"; variable: string; path: number[] };

/** The tagged form of a shock as written (rules have checked it has one factor/variable and one shape). */
export function shockKind(s: Shock): ShockKind {
  if (s.variable !== undefined) return { kind: "target", variable: s.variable, path: s.path ?? [] };
  const factor = s.factor ?? "";
  if (s.recession) return { kind: "recession", factor, ...s.recession };
  return { kind: "path", factor, path: s.path ?? [] };
}

/** The recession shape of MODEL.md 2 at month m (1-based). */
export function recessionShift(r: Extract<ShockKind, { kind: "recession" }>, m: number): number {
  const j = m - r.start; // months since the fall began, 0-based
  if (j < 0) return 0;
  if (j < r.fall) return (r.trough * (j + 1)) / r.fall;
  if (j < r.fall + r.stay) return r.trough;
  const k = j - r.fall - r.stay + 1; // the k-th month of the recovery
  if (k <= r.recover) return r.trough * (1 - k / r.recover);
  return 0;
}

const holdLast = (path: readonly number[], t: number): number => path[Math.min(t - 1, path.length - 1)];

export function compileMacro(s: Scenario): MacroModel {
  const { periodMonths, horizonMonths } = s.simulation;
  const T = horizonMonths / periodMonths;
  const factors = Object.keys(s.macro.factors);
  const K = factors.length;
  const chol = cholesky(correlationMatrix(s.macro.factors), K);
  if (!chol) throw new Error("factor correlation matrix is not positive definite");
  const variables = Object.entries(s.macro.variables).map(([name, v]) => ({
    name,
    factor: factors.indexOf(v.factor),
    mean: v.mean,
    sensitivity: v.sensitivity,
  }));
  const shift = new Float64Array(K * T);
  for (const shock of s.macro.shocks.map(shockKind)) {
    switch (shock.kind) {
      case "path": {
        const k = factors.indexOf(shock.factor);
        for (let t = 1; t <= T; t++) shift[k * T + t - 1] += holdLast(shock.path, t);
        break;
      }
      case "recession": {
        const k = factors.indexOf(shock.factor);
        for (let t = 1; t <= T; t++) shift[k * T + t - 1] += recessionShift(shock, t * periodMonths);
        break;
      }
      case "target": {
        const v = variables.find((x) => x.name === shock.variable)!;
        for (let t = 1; t <= T; t++) {
          shift[v.factor * T + t - 1] += (holdLast(shock.path, t) - v.mean) / v.sensitivity;
        }
        break;
      }
      default:
        shock satisfies never;
    }
  }
  return {
    factors,
    persistence: Float64Array.from(factors, (f) => pow(s.macro.factors[f].persistence, periodMonths)),
    cholesky: chol,
    shift,
    variables,
  };
}

/**
 * The standard normals that drive one path's economy, shared by every variant
 * (common random numbers): z[t·K + k] for t = 0 (the starting state) .. T.
 */
export function macroNormals(rng: () => number, K: number, T: number): Float64Array {
  // Inverse-CDF normals: the same bits in every JavaScript engine (see src/math/elementary.ts).
  const z = new Float64Array((T + 1) * K);
  for (let i = 0; i < z.length; i++) z[i] = PhiInv(Math.min(Math.max(rng(), 2 ** -53), 1 - 2 ** -53));
  return z;
}

/**
 * Factor values Z[(t−1)·K + k] for t = 1..T of one variant, from the shared normals:
 * X_0 = L z_0, X_t = φ X_{t−1} + √(1−φ²) L z_t, Z_t = X_t + s_t. Writes into `out`.
 */
export function factorPath(m: MacroModel, z: Float64Array, T: number, out: Float64Array): void {
  const K = m.factors.length;
  const x = new Float64Array(K);
  const e = new Float64Array(K);
  const correlate = (t: number, into: Float64Array) => {
    for (let i = 0; i < K; i++) {
      let v = 0;
      for (let j = 0; j <= i; j++) v += m.cholesky[i * K + j] * z[t * K + j];
      into[i] = v;
    }
  };
  correlate(0, x);
  for (let t = 1; t <= T; t++) {
    correlate(t, e);
    for (let k = 0; k < K; k++) {
      const phi = m.persistence[k];
      x[k] = phi * x[k] + Math.sqrt(1 - phi * phi) * e[k];
      out[(t - 1) * K + k] = x[k] + m.shift[k * T + t - 1];
    }
  }
}
