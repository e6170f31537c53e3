/**
 * The standard normal CDF Φ and its inverse, through stdlib's erfc and erfcinv (ports of
 * the FreeBSD msun and Boost implementations, accurate to a few ulp).
 */
import erfc from "@stdlib/math-base-special-erfc";
import erfcinv from "@stdlib/math-base-special-erfcinv";

/** Φ(x), the standard normal CDF. */
export function Phi(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** Φ⁻¹(p) for p in [0, 1]; ±Infinity at the ends. */
export function PhiInv(p: number): number {
  return -Math.SQRT2 * erfcinv(2 * p);
}

/**
 * The Vasicek shift of a probability by the economy's factor x (MODEL.md 3): the
 * probability conditional on x of an event whose unconditional probability is p, under
 * loading ρ, Φ((Φ⁻¹(p) − √ρ·x)/√(1 − ρ)). A certain or impossible event, or no loading,
 * is not shifted. Written once: the engine's paths, its steady start and the ladder's
 * through-the-cycle chain all shift by it.
 */
export function shifted(p: number, rho: number, x: number): number {
  if (p <= 0 || p >= 1 || rho === 0) return p;
  return Phi((PhiInv(p) - Math.sqrt(rho) * x) / Math.sqrt(1 - rho));
}

/**
 * `shifted` of one probability p under loading ρ, for many factor values x: Φ⁻¹(p) and the
 * two roots taken once, then the same operations in the same order, so `at(x)` is
 * `shifted(p, rho, x)` bit for bit. Where one p meets thousands of x (the steady start's
 * economy, steady.ts), Φ⁻¹ was half the cost of each shift.
 */
export class Shift {
  private readonly still: boolean;
  private readonly threshold: number;
  private readonly sqrtRho: number;
  private readonly sqrtRest: number;

  constructor(
    private readonly p: number,
    rho: number,
  ) {
    this.still = p <= 0 || p >= 1 || rho === 0;
    this.threshold = this.still ? 0 : PhiInv(p);
    this.sqrtRho = Math.sqrt(rho);
    this.sqrtRest = Math.sqrt(1 - rho);
  }

  at(x: number): number {
    if (this.still) return this.p;
    return Phi((this.threshold - this.sqrtRho * x) / this.sqrtRest);
  }
}
