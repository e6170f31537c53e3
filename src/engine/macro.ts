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
  variables: MacroVariable[];
  /** `macro.residual`: false sets every factor's random part X to 0 (the shifts stay). */
  noise: boolean;
}

export interface MacroVariable {
  name: string;
  factor: number;
  mean: number;
  sensitivity: number;
  /** A fixed path (docs/model.md §2.1): fixed[m] the value at month m = 0..H; null: the factor's view. */
  fixed: Float64Array | null;
}

type FixedPath = NonNullable<Scenario["macro"]["variables"][string]["path"]>;

/**
 * A fixed path month by month, m = 0..H: a monthly list is month m's value; a quarter's value
 * is its last month's, the months inside a quarter linear between quarter ends (from the
 * jump-off in the first) or the quarter's value (step); the last value holds.
 */
export function fixedMonths(path: FixedPath, H: number): Float64Array {
  const values = path.monthly ?? path.quarterly ?? [];
  const jumpOff = path.jumpOff ?? values[0];
  const out = new Float64Array(H + 1);
  out[0] = jumpOff;
  const at = (i: number) => values[Math.min(i, values.length - 1)];
  for (let m = 1; m <= H; m++) {
    if (path.monthly !== undefined) {
      out[m] = at(m - 1);
      continue;
    }
    const q = Math.ceil(m / 3); // the quarter month m lies in, 1-based
    if (path.interpolation === "step" || q > values.length) {
      out[m] = at(q - 1);
      continue;
    }
    const from = q === 1 ? jumpOff : at(q - 2);
    out[m] = from + ((at(q - 1) - from) * (m - 3 * (q - 1))) / 3;
  }
  return out;
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
  const variables = Object.entries(s.macro.variables).map(([name, v]): MacroVariable => ({
    name,
    factor: factors.indexOf(v.factor),
    mean: v.mean,
    sensitivity: v.sensitivity,
    fixed: v.path === undefined ? null : fixedMonths(v.path, horizonMonths),
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
    noise: s.macro.residual === "random",
  };
}

/**
 * Variable j's value in period t of a path (t ≤ 0: before the start): a fixed path at the
 * period's last month (its jump-off before month 1); else mean + sensitivity · Z_t, and the
 * starting state X_0 before period 1.
 */
export function variableAt(m: MacroModel, j: number, t: number, Z: Float64Array, Z0: Float64Array, periodMonths: number): number {
  const v = m.variables[j];
  if (v.fixed !== null) return v.fixed[Math.min(Math.max(t * periodMonths, 0), v.fixed.length - 1)];
  const K = m.factors.length;
  return v.mean + v.sensitivity * (t >= 1 ? Z[(t - 1) * K + v.factor] : Z0[v.factor]);
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
 * X_0 = L z_0, X_t = φ X_{t−1} + √(1−φ²) L z_t, Z_t = X_t + s_t. Writes into `out`, and X_0
 * into `start` when given. Without noise (`macro.residual: zero`) X = 0: Z_t = s_t.
 */
export function factorPath(m: MacroModel, z: Float64Array, T: number, out: Float64Array, start?: Float64Array): void {
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
  if (!m.noise) {
    for (let t = 1; t <= T; t++) for (let k = 0; k < K; k++) out[(t - 1) * K + k] = m.shift[k * T + t - 1];
    start?.fill(0);
    return;
  }
  correlate(0, x);
  start?.set(x);
  for (let t = 1; t <= T; t++) {
    correlate(t, e);
    for (let k = 0; k < K; k++) {
      const phi = m.persistence[k];
      x[k] = phi * x[k] + Math.sqrt(1 - phi * phi) * e[k];
      out[(t - 1) * K + k] = x[k] + m.shift[k * T + t - 1];
    }
  }
}
