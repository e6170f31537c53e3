/**
 * The Vasicek shift of a monthly probability by the economy's factor x (MODEL.md 3): the
 * probability conditional on x of an event whose unconditional probability is p, under
 * loading ρ, Φ((Φ⁻¹(p) − √ρ·x)/√(1 − ρ)). A certain or impossible event, or no loading,
 * is not shifted.
 */
import { Phi, PhiInv } from "./normal.ts";

export function shifted(p: number, rho: number, x: number): number {
  if (p <= 0 || p >= 1 || rho === 0) return p;
  return Phi((PhiInv(p) - Math.sqrt(rho) * x) / Math.sqrt(1 - rho));
}
