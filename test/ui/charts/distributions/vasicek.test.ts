import { describe, expect, it } from "vitest";
import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import {
  baselCapital,
  vasicekCdf,
  vasicekBinShares,
  vasicekCurve,
  vasicekDensity,
  vasicekQuantile,
} from "../../../../src/ui/charts/distributions/vasicek.ts";

/** ∫₀¹ g(x) f(x) dx by Simpson's rule after x = Φ(z), which tames both ends. */
function integrate(g: (x: number) => number, pd: number, rho: number): number {
  const n = 4000;
  const a = -9;
  const b = 9;
  const h = (b - a) / n;
  let sum = 0;
  for (let i = 0; i <= n; i++) {
    const z = a + i * h;
    const x = normalCdf(z, 0, 1);
    const phi = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
    const w = i === 0 || i === n ? 1 : i % 2 === 1 ? 4 : 2;
    sum += w * g(x) * vasicekDensity(x, pd, rho) * phi;
  }
  return (sum * h) / 3;
}

const CASES = [
  [0.01, 0.04],
  [0.015, 0.04],
  [0.05, 0.15],
  [0.2, 0.3],
  [0.001, 0.12],
] as const;

describe("Vasicek default-rate distribution", () => {
  it.each(CASES)("the density with PD %s, ρ %s integrates to 1", (pd, rho) => {
    expect(integrate(() => 1, pd, rho)).toBeCloseTo(1, 6);
  });

  it.each(CASES)("the mean default rate with PD %s, ρ %s is the PD", (pd, rho) => {
    expect(integrate((x) => x, pd, rho)).toBeCloseTo(pd, 7);
  });

  it.each(CASES)("the CDF with PD %s, ρ %s is the integral of the density", (pd, rho) => {
    for (const q of [0.1, 0.5, 0.9, 0.99]) {
      const x = vasicekQuantile(q, pd, rho);
      expect(vasicekCdf(x, pd, rho)).toBeCloseTo(q, 10);
      expect(integrate((t) => (t <= x ? 1 : 0), pd, rho)).toBeCloseTo(q, 2);
    }
  });

  it("puts the median default rate below the PD (the distribution is skewed right)", () => {
    for (const [pd, rho] of CASES) expect(vasicekQuantile(0.5, pd, rho)).toBeLessThan(pd);
  });

  it("expects shares per bin that add up to the mass the bins cover", () => {
    const edges = Array.from({ length: 51 }, (_, i) => i * 0.002);
    const bins = edges.slice(0, -1).map((x0, i) => ({ x0, x1: edges[i + 1] }));
    const shares = vasicekBinShares(bins, 0.02, 0.08);
    expect(shares.reduce((s, x) => s + x, 0)).toBeCloseTo(vasicekCdf(0.1, 0.02, 0.08), 12);
    // Narrow bins: the expected share is about density × width at the bin's middle.
    const mid = 10;
    expect(shares[mid]).toBeCloseTo(vasicekDensity(0.021, 0.02, 0.08) * 0.002, 4);
  });

  it("draws the density only inside (0, 1)", () => {
    const pts = vasicekCurve({ pd: 0.02, rho: 0.04, domain: [-0.1, 0.2], n: 100 });
    expect(pts.every(([x, y]) => x > 0 && x < 1 && Number.isFinite(y) && y >= 0)).toBe(true);
    expect(pts.length).toBeGreaterThan(60);
    expect(vasicekCurve({ pd: 0.02, rho: 0.04, domain: [1.2, 1.5] })).toEqual([]);
  });
});

describe("Basel IRB capital", () => {
  // Basel II (June 2006), Annex 5, "Illustrative IRB risk weights": risk weight = 12.5·K.
  // Residential mortgages R = 0.15, qualifying revolving retail R = 0.04.
  it.each([
    [0.0003, 0.15, 0.45, 0.0415],
    [0.0025, 0.15, 0.25, 0.1183],
    [0.01, 0.15, 0.45, 0.564],
    [0.025, 0.15, 0.25, 0.5591],
    [0.0003, 0.04, 0.85, 0.0185],
    [0.0025, 0.04, 0.45, 0.0576],
    [0.01, 0.04, 0.85, 0.3253],
    [0.025, 0.04, 0.45, 0.3398],
  ])("PD %s, R %s, LGD %s gives the published risk weight %s", (pd, r, lgd, rw) => {
    expect(12.5 * baselCapital(pd, r, lgd)).toBeCloseTo(rw, 4);
  });
});
