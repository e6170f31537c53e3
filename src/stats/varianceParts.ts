/**
 * The variance of a per-path quantity L (the book's net loss, its default rate) split into
 * the part the parameter draws add, the economy's and the accounts' own (docs/model.md §9.4),
 * from three runs on the same seed and paths (MODEL.md §10: a path's economy and its
 * accounts' uniforms are the same in all three):
 *   A: the scenario, parameters drawn per path;
 *   B: parameters at their point values;
 *   C: parameters at their point values, the economy held at its mean path (no residual).
 * Then Var(C) is the idiosyncratic variance, Var(B) − Var(C) the systematic part and
 * Var(A) − Var(B) the parameter part. By the law of total variance, Var(A) =
 * Var_θ(E[L|θ]) + E_θ[Var(L|θ)], and Var(A) − Var(B) is Var_θ(E[L|θ]) plus
 * E_θ[Var(L|θ)] − Var(L|θ₀), a term of second order in the parameters' spread (θ₀ their
 * point, the median of the draws); likewise for the economy. The three parts add up to Var(A).
 *
 * Standard errors by the delete-a-group jackknife over paths (Efron & Tibshirani, "An
 * Introduction to the Bootstrap", 1993, §11.5): the paths are cut into G contiguous groups,
 * each part recomputed without each group, SE = √((G−1)/G · Σ (θ₍g₎ − θ̄)²). The three runs'
 * values of a path stay together, so the pairing that makes the differences precise is kept.
 * Null with fewer than 20 paths, as every standard error of the result file (errorBars.ts).
 */

/** One part of the variance: its value, its standard error, and its share of the total. */
export interface VariancePart {
  variance: number;
  stderr: number | null;
  share: number;
}

export interface VarianceParts {
  /** The mean over paths of run A, and the 95% band of the expected value with the parameters uncertain: mean ± 1.96·√(parameter + Var(A)/N). */
  mean: number;
  meanCI95: [number, number];
  /** The same band with Monte Carlo error alone: mean ± 1.96·√(Var(A)/N). */
  meanCI95MonteCarlo: [number, number];
  total: VariancePart;
  parameter: VariancePart;
  systematic: VariancePart;
  idiosyncratic: VariancePart;
}

const Z95 = 1.959963984540054;
const MIN_PATHS = 20;
const GROUPS = 40;

/** Running sums of one run's values, for variances of subsets. */
interface Sums {
  n: number;
  s: number;
  s2: number;
}

const variance = ({ n, s, s2 }: Sums): number => (n > 1 ? Math.max(0, (s2 - (s * s) / n) / (n - 1)) : 0);

function sums(x: ArrayLike<number>, from = 0, to = x.length): Sums {
  let s = 0;
  let s2 = 0;
  for (let i = from; i < to; i++) {
    s += x[i];
    s2 += x[i] * x[i];
  }
  return { n: to - from, s, s2 };
}

const minus = (a: Sums, b: Sums): Sums => ({ n: a.n - b.n, s: a.s - b.s, s2: a.s2 - b.s2 });

function parts(a: Sums, b: Sums, c: Sums): [number, number, number, number] {
  const va = variance(a);
  const vb = variance(b);
  const vc = variance(c);
  return [va, va - vb, vb - vc, vc];
}

/**
 * The split of the per-path values `full` (A), `point` (B) and `still` (C), each in path
 * order, paths with a NaN in any run left out.
 */
export function varianceParts(full: ArrayLike<number>, point: ArrayLike<number>, still: ArrayLike<number>): VarianceParts {
  const keep: number[] = [];
  for (let i = 0; i < full.length; i++) if (!Number.isNaN(full[i]) && !Number.isNaN(point[i]) && !Number.isNaN(still[i])) keep.push(i);
  // Centred on run A's mean, so that the sums of squares keep their digits.
  let centre = 0;
  for (const i of keep) centre += full[i];
  centre = keep.length > 0 ? centre / keep.length : 0;
  const runs = [full, point, still].map((x) => Float64Array.from(keep, (i) => x[i] - centre));
  const n = keep.length;
  const whole = runs.map((x) => sums(x)) as [Sums, Sums, Sums];
  const value = parts(...whole);
  let errors: (number | null)[] = [null, null, null, null];
  if (n >= MIN_PATHS) {
    const G = Math.min(GROUPS, n);
    const leaveOut: number[][] = [];
    for (let g = 0; g < G; g++) {
      const from = Math.floor((g * n) / G);
      const to = Math.floor(((g + 1) * n) / G);
      leaveOut.push(parts(...(whole.map((w, r) => minus(w, sums(runs[r], from, to))) as [Sums, Sums, Sums])));
    }
    errors = value.map((_, k) => {
      const m = leaveOut.reduce((acc, p) => acc + p[k], 0) / G;
      return Math.sqrt(((G - 1) / G) * leaveOut.reduce((acc, p) => acc + (p[k] - m) ** 2, 0));
    });
  }
  const total = value[0];
  const part = (k: number): VariancePart => ({ variance: value[k], stderr: errors[k], share: total > 0 ? value[k] / total : 0 });
  const mean = centre + (n > 0 ? whole[0].s / n : NaN);
  const mc = n > 0 ? total / n : NaN;
  const half = Z95 * Math.sqrt(Math.max(0, value[1]) + mc);
  const halfMc = Z95 * Math.sqrt(mc);
  return {
    mean,
    meanCI95: [mean - half, mean + half],
    meanCI95MonteCarlo: [mean - halfMc, mean + halfMc],
    total: part(0),
    parameter: part(1),
    systematic: part(2),
    idiosyncratic: part(3),
  };
}
