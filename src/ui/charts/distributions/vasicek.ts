/**
 * The Vasicek distribution of a large homogeneous portfolio's default rate (MODEL.md
 * section 4: one period, one segment, a miss is a default), and the Basel IRB capital
 * requirement built on it.
 *
 * O. Vasicek, "The distribution of loan portfolio value", Risk 15(12), 2002:
 *     P(DR ≤ x) = Φ((√(1−ρ)·Φ⁻¹(x) − Φ⁻¹(PD)) / √ρ),
 *     f(x)      = √((1−ρ)/ρ) · exp(½Φ⁻¹(x)² − (√(1−ρ)·Φ⁻¹(x) − Φ⁻¹(PD))² / (2ρ)).
 * Basel Committee, "International convergence of capital measurement and capital
 * standards" (June 2006), paragraphs 328–330 (retail, no maturity adjustment):
 *     K = LGD · [Φ((Φ⁻¹(PD) + √R·Φ⁻¹(0.999)) / √(1−R)) − PD].
 */
import { Phi, PhiInv } from "../../../math/normal.ts";

/** The density f(x) of the default rate for 0 < x < 1; 0 outside. Needs 0 < pd < 1, 0 < rho < 1. */
export function vasicekDensity(x: number, pd: number, rho: number): number {
  if (!(x > 0 && x < 1)) return 0;
  const z = PhiInv(x);
  const d = Math.sqrt(1 - rho) * z - PhiInv(pd);
  return Math.sqrt((1 - rho) / rho) * Math.exp(0.5 * z * z - (d * d) / (2 * rho));
}

/** P(DR ≤ x). */
export function vasicekCdf(x: number, pd: number, rho: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  return Phi((Math.sqrt(1 - rho) * PhiInv(x) - PhiInv(pd)) / Math.sqrt(rho));
}

/** The q-quantile of the default rate: the rate exceeded with probability 1 − q. */
export function vasicekQuantile(q: number, pd: number, rho: number): number {
  return Phi((PhiInv(pd) + Math.sqrt(rho) * PhiInv(q)) / Math.sqrt(1 - rho));
}

/** Basel IRB capital K per unit of exposure: LGD × (the 99.9% default rate − PD). */
export function baselCapital(pd: number, r: number, lgd: number): number {
  return lgd * (vasicekQuantile(0.999, pd, r) - pd);
}

export interface VasicekCurveOptions {
  pd: number;
  rho: number;
  /** The default rates [lo, hi] to draw over; only (0, 1) is drawn. */
  domain: readonly [number, number];
  /** Steps between the points; 160 unless given. */
  n?: number;
}

/**
 * The density at `n` + 1 points evenly spread over [lo, hi] ∩ (0, 1), for drawing. The
 * ends 0 and 1 are left out: the density is 0 or infinite there.
 */
export function vasicekCurve({ pd, rho, domain: [lo, hi], n = 160 }: VasicekCurveOptions): [number, number][] {
  const a = Math.max(lo, 0);
  const b = Math.min(hi, 1);
  const pts: [number, number][] = [];
  if (!(b > a)) return pts;
  for (let i = 0; i <= n; i++) {
    const x = a + ((b - a) * i) / n;
    if (x > 0 && x < 1) pts.push([x, vasicekDensity(x, pd, rho)]);
  }
  return pts;
}

/** The share of paths the closed form expects in each bin [x0, x1): CDF(x1) − CDF(x0). */
export function vasicekBinShares(bins: readonly { x0: number; x1: number }[], pd: number, rho: number): number[] {
  return bins.map((b) => vasicekCdf(b.x1, pd, rho) - vasicekCdf(b.x0, pd, rho));
}
