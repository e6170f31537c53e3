/**
 * When a current account next leaves C (MODEL.md 10: one uniform an episode). Given the
 * economy of a path, an account with latent threshold a stays current through a month of
 * period t with probability (1 − h_t)(1 − attrition), where h_t = 1 − (1 − q_t)^(1/pm) and
 * q_t = Φ((a − √ρ·x_t)/√(1−ρ)) (MODEL.md 3). Its log-survival increment is
 *     ℓ_t = log1p(−q_t)/pm + log1p(−attrition),
 * and an episode that began at the end of month s ends in the first month m > s with
 *     u > exp(ℓ_{s+1} + … + ℓ_m)        (sums taken in month order),
 * u the episode's uniform: the inverse of the survival function, so the exit month has
 * exactly the distribution of the monthly chain, and a higher hazard exits no later.
 *
 * The curves are computed per path for a segment's grid points only. An account's threshold
 * lies between two grid points, whose curves bracket its own term by term (ℓ falls as a
 * rises, and sums in the same order keep the order), so when both give the same month that
 * is the account's; otherwise its own curve decides. Same decisions as the account's own
 * curve, at the cost of the grid's. A one-rate segment has one curve for every account: an
 * episode begun later than the start is found by bisection on its cumulative sums,
 * ln u > Σ ℓ compared as cum(m) < cum(s) + ln u (the same law, fewer steps).
 */
import { exp, ln, log1p } from "../math/elementary.ts";
import { Phi } from "../math/normal.ts";
import { perMonth } from "../math/ladderChain.ts";
import { uniformOfWord } from "./random.ts";

/** Far above the rounding of exp and ln, far below any difference the comparison could see. */
const MARGIN = 1e-9;

/** Buckets of the uniform in a one-rate segment's table of exit months from the start (`firstMonths`). */
const BUCKETS = 1024;

/** The miss's share of a month's exits from C: h/(h + a − h·a). */
const missShare = (h: number, attrition: number): number => h / (h + attrition - h * attrition);

/** What a segment's curves are computed from on one path. */
export interface CurveInput {
  /** The segment's grid of latent thresholds (book.ts). */
  points: Float64Array;
  /** Per-period loading of the miss. */
  rho: number;
  /** Monthly attrition of a current account. */
  attrition: number;
  /** Per-period factor x_t of the segment on the path, t = 1..T. */
  x: Float64Array;
  periodMonths: number;
  /** The horizon H. */
  months: number;
  /** The path's shift of every threshold from its parameter draw (uncertainty.ts); 0 without one. */
  shift?: number;
}

export class SegmentCurves {
  /** ell[g·T + t − 1]: ℓ of grid point g in period t. */
  ell: Float64Array = new Float64Array(0);
  /** hz[g·T + t − 1]: the monthly miss hazard of grid point g in period t. */
  hz: Float64Array = new Float64Array(0);
  /** surv[g·(H+1) + m]: exp(ℓ_1 + … + ℓ_m) of grid point g, from an episode begun at the start. */
  surv: Float64Array = new Float64Array(0);
  /** cum[m] = ℓ_1 + … + ℓ_m of a one-point grid (a one-rate segment). */
  cum: Float64Array = new Float64Array(0);
  /**
   * A one-rate segment's survival from the end of month s to month m, exp(cum[m] − cum[s]),
   * at ratio[s·(H+1) + m] (s < m ≤ H): what an episode's uniform is compared with before
   * its logarithm is taken (`below`).
   */
  ratio: Float64Array = new Float64Array(0);
  /** Whether `ratio` may decide: cum finite and far from where the margin's absolute size matters. */
  private ratioUsable = false;
  /**
   * A one-rate segment's exit months from the start by bucket of the uniform: an episode
   * whose u lies in [b, b + 1)/BUCKETS leaves from the start in a month between
   * firstMonths[2b] (that of u = (b + 1)/BUCKETS) and firstMonths[2b + 1] (that of
   * u = b/BUCKETS), H + 1 for none, as survival falls month by month. Most buckets hold one
   * month, so most starting accounts' exits need no search (the profile of a stressed
   * book: the search's branches were a twentieth of a path).
   */
  private firstMonths = new Int32Array(0);
  points: Float64Array = new Float64Array(0);
  /** Per-period factor x_t = w·Z_t of the segment. */
  x: Float64Array = new Float64Array(0);
  rho = 0;
  shift = 0;
  attrition = 0;
  logStay = 0;
  periodMonths = 1;
  periods = 0;
  months = 0;

  /** Computes the curves of `points` on the path whose factor values are x_1..x_T. */
  compute({ points, rho, attrition, x, periodMonths, months, shift = 0 }: CurveInput): void {
    const G = points.length;
    const T = x.length;
    this.points = points;
    this.x = x;
    this.rho = rho;
    this.shift = shift;
    this.attrition = attrition;
    this.logStay = log1p(-attrition);
    this.periodMonths = periodMonths;
    this.periods = T;
    this.months = months;
    if (this.ell.length < G * T) {
      this.ell = new Float64Array(G * T);
      this.hz = new Float64Array(G * T);
    }
    if (this.surv.length < G * (months + 1)) this.surv = new Float64Array(G * (months + 1));
    if (this.cum.length < months + 1) this.cum = new Float64Array(months + 1);
    if (G === 1 && this.ratio.length < (months + 1) * (months + 1)) this.ratio = new Float64Array((months + 1) * (months + 1));
    for (let g = 0; g < G; g++) {
      for (let t = 1; t <= T; t++) {
        this.ell[g * T + t - 1] = this.increment(points[g], t);
        this.hz[g * T + t - 1] = this.hazard(points[g], t);
      }
      let sum = 0;
      const row = g * (months + 1);
      this.surv[row] = 1;
      for (let m = 1; m <= months; m++) {
        sum += this.ell[g * T + Math.ceil(m / periodMonths) - 1];
        this.surv[row + m] = exp(sum);
        if (G === 1) this.cum[m] = sum;
      }
    }
    if (G === 1) {
      if (this.firstMonths.length < 2 * BUCKETS) this.firstMonths = new Int32Array(2 * BUCKETS);
      for (let b = 0; b < BUCKETS; b++) {
        this.firstMonths[2 * b] = this.fromStart(0, (b + 1) / BUCKETS, months);
        this.firstMonths[2 * b + 1] = this.fromStart(0, b / BUCKETS, months);
      }
    }
    this.ratioUsable = G === 1 && this.cum[months] > -1e3;
    if (this.ratioUsable) {
      for (let s = 0; s < months; s++) {
        const row = s * (months + 1);
        for (let m = s + 1; m <= months; m++) this.ratio[row + m] = exp(this.cum[m] - this.cum[s]);
      }
    }
  }

  /** Whether every account of the segment shares one curve (a one-point grid): its threshold and cell decide nothing. */
  get single(): boolean {
    return this.points.length === 1;
  }

  /** ℓ_t of threshold a. */
  increment(a: number, t: number): number {
    const q = Phi((a + this.shift - Math.sqrt(this.rho) * this.x[t - 1]) / Math.sqrt(1 - this.rho));
    return log1p(-q) / this.periodMonths + this.logStay;
  }

  /** The monthly miss hazard h_t of threshold a in period t. */
  hazard(a: number, t: number): number {
    const q = Phi((a + this.shift - Math.sqrt(this.rho) * this.x[t - 1]) / Math.sqrt(1 - this.rho));
    return perMonth(q, this.periodMonths);
  }

  /** Survival at month `last` of grid point g from the start: an account of cell g with u at or below its upper neighbour's never leaves. */
  survivalAt(g: number, last: number): number {
    return this.surv[g * (this.months + 1) + last];
  }

  /** First month m in [1, last] with u > surv_g(m) of an episode begun at the start, else last + 1. */
  private fromStart(g: number, u: number, last: number): number {
    const row = g * (this.months + 1);
    if (!(u > this.surv[row + last])) return last + 1;
    let lo = 1;
    let hi = last;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (u > this.surv[row + mid]) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /**
   * `fromStart` of a one-rate segment, searched only between the months of its uniform's
   * bucket: the first month m in [1, H] with u > surv(m) (H + 1 for none) is the one in
   * [1, last] when it is at most `last`.
   */
  private fromStartOne(u: number, last: number): number {
    const b = (u * BUCKETS) | 0;
    let lo = this.firstMonths[2 * b];
    let hi = this.firstMonths[2 * b + 1];
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (u > this.surv[mid]) hi = mid;
      else lo = mid + 1;
    }
    return lo <= last ? lo : last + 1;
  }

  /**
   * First month m in (s, last] with u > exp(Σ ℓ) of grid point g, else last + 1. The sum is
   * compared with ln u first, with a margin far above exp's rounding, so exp is evaluated
   * only near the crossing (profile: exp per month was a tenth of the path's time).
   */
  private fromMonth(g: number, u: number, s: number, last: number): number {
    const T = this.periods;
    const lnu = ln(u);
    let sum = 0;
    for (let m = s + 1; m <= last; m++) {
      sum += this.ell[g * T + Math.ceil(m / this.periodMonths) - 1];
      if (sum < lnu + MARGIN && u > exp(sum)) return m;
    }
    return last + 1;
  }

  /**
   * An episode of a one-rate segment begun at s > 0: the first month m with
   * cum(m) < cum(s) + ln u, by bisection. Every account of the segment shares this curve, so
   * no bracket is needed, and the month is found in log H steps instead of a walk (profile:
   * the walk of the cures' new episodes was a fifth of a path).
   */
  private oneRate(u: number, s: number, last: number): number {
    if (!this.below(u, s, last)) return last + 1;
    let lo = s + 1;
    let hi = last;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.below(u, s, mid)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /**
   * cum(m) < cum(s) + ln u, decided by u against exp(cum(m) − cum(s)) where u lies
   * outside the margin around it, and by the logarithm itself only inside it: the same
   * decision bit for bit (the margin, 1e-9 relative, is far above the few ulps by which the
   * two forms can differ while the sums stay above −1e3), without a logarithm per episode
   * (the profile of a stressed book: ln was a twentieth of a path, most of it here).
   */
  private below(u: number, s: number, m: number): boolean {
    if (this.ratioUsable) {
      const r = this.ratio[s * (this.months + 1) + m];
      if (u > r * (1 + MARGIN)) return true;
      if (u < r * (1 - MARGIN)) return false;
    }
    return this.cum[m] < this.cum[s] + ln(u);
  }

  /** The same on threshold a's own curve. */
  own(a: number, u: number, s: number, last: number): number {
    const lnu = ln(u);
    let sum = 0;
    let t = 0;
    let l = 0;
    for (let m = s + 1; m <= last; m++) {
      const tm = Math.ceil(m / this.periodMonths);
      if (tm !== t) {
        t = tm;
        l = this.increment(a, t);
      }
      sum += l;
      if (sum < lnu + MARGIN && u > exp(sum)) return m;
    }
    return last + 1;
  }

  /**
   * Whether an account of threshold a in grid cell g that leaves C in period t with uniform v
   * missed a payment (else it attrited): v < h/(h + attrition − h·attrition), the share of the
   * miss among the month's competing exits. The ratio rises with h, so the cell's grid points
   * bracket it as they bracket survival.
   */
  missed(a: number, g: number, own: boolean, v: number, t: number): boolean {
    const att = this.attrition;
    if (!own) {
      const T = this.periods;
      const G = this.points.length;
      if (G === 1) return v < missShare(this.hz[t - 1], att);
      if (v < missShare(this.hz[g * T + t - 1], att)) return true;
      if (v >= missShare(this.hz[(g + 1) * T + t - 1], att)) return false;
    }
    return v < missShare(this.hazard(a, t), att);
  }

  /**
   * `exit` with the uniform of a keyed word (random.ts `keyedWord`, signed; `uniformOfWord`,
   * as keyedUniform forms it), formed here. Profile lesson (the stressed book at 1M accounts): passed to a
   * call the compiler does not inline, a uniform (and a threshold that is not a small
   * integer) is a new heap number; a path's starts and cures allocated 32 MB of them, a
   * scavenge every few paths' months, where a word and a one-rate segment's threshold 0 are
   * small integers.
   */
  exitOfWord(a: number, g: number, word: number, s: number, last: number): number {
    return this.exit(a, g, uniformOfWord(word), s, last);
  }

  /**
   * The month in (s, last] in which an account of threshold a in grid cell g leaves C with
   * uniform u, or last + 1 when it stays through `last`.
   */
  exit(a: number, g: number, u: number, s: number, last: number): number {
    const G = this.points.length;
    if (G === 1) return s === 0 ? this.fromStartOne(u, last) : this.oneRate(u, s, last);
    const lower = s === 0 ? this.fromStart(g, u, last) : this.fromMonth(g, u, s, last);
    const upper = s === 0 ? this.fromStart(g + 1, u, last) : this.fromMonth(g + 1, u, s, last);
    return lower === upper ? lower : this.own(a, u, s, last);
  }
}
