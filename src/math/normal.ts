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
