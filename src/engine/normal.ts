/**
 * The standard normal CDF Φ and its inverse, through stdlib's erfc and erfcinv (ports of
 * the FreeBSD msun and Boost implementations, accurate to a few ulp), and the conversions
 * of MODEL.md section 1 from monthly and annual inputs to per-period rates.
 */
import erfc from "@stdlib/math-base-special-erfc";
import erfcinv from "@stdlib/math-base-special-erfcinv";
import { expm1, log1p } from "./math.ts";

/** Φ(x), the standard normal CDF. */
export function Phi(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** Φ⁻¹(p) for p in [0, 1]; ±Infinity at the ends. */
export function PhiInv(p: number): number {
  return -Math.SQRT2 * erfcinv(2 * p);
}

/** An annual probability p as a per-period one: 1 − (1 − p)^(periodMonths/12). */
export function annualToPeriod(p: number, periodMonths: number): number {
  return -expm1((periodMonths / 12) * log1p(-p));
}

/** A per-period probability back to its annual form (inverse of annualToPeriod). */
export function periodToAnnual(h: number, periodMonths: number): number {
  return -expm1((12 / periodMonths) * log1p(-h));
}

/** A monthly probability m as a per-period one: 1 − (1 − m)^periodMonths. */
export function monthlyToPeriod(m: number, periodMonths: number): number {
  return -expm1(periodMonths * log1p(-m));
}

/**
 * The conditional probability of MODEL.md section 3 and 4:
 * Φ((Φ⁻¹(p) − √ρ·x)/√(1−ρ)) with x = w·Z, for a latent threshold a = Φ⁻¹(p).
 */
export function conditional(a: number, rho: number, x: number): number {
  return Phi((a - Math.sqrt(rho) * x) / Math.sqrt(1 - rho));
}
