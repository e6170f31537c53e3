/**
 * The correlation's uncertainty (docs/model.md §3.5): a one-period book (periodMonths 12,
 * no ladder) is Vasicek's model, and with its one-year correlation R drawn per path as
 * Φ⁻¹(R_path) = Φ⁻¹(R) + σ·ζ its default count is the mixture over R_path of Vasicek's
 * finite-book laws. The mixture is computed here by numerical integration with stdlib's
 * normal and binomial distributions, independent of the engine.
 */
import { describe, expect, it } from "vitest";
import binomialCdf from "@stdlib/stats-base-dists-binomial-cdf";
import { simulatePaths } from "../../src/engine/simulate.ts";
import { bookColumn, buildModel, mean, variance } from "./helpers.ts";
import { Phi, PhiInv } from "../stdlibNormal.ts";

const PD = 0.05;
const R = 0.1;
const SD = 0.6;
const N = 4000;
const PATHS = 4000;

const density = (z: number) => Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);

/** Simpson's rule of f on [a, b] with an even number of steps. */
function simpson(f: (x: number) => number, a: number, b: number, steps: number): number {
  const h = (b - a) / steps;
  let s = 0;
  for (let k = 0; k <= steps; k++) s += (k === 0 || k === steps ? 1 : k % 2 ? 4 : 2) * f(a + k * h);
  return (s * h) / 3;
}

/** P(defaults ≤ d) of n accounts at correlation rho: ∫ Binomial(d; n, p(z)) φ(z) dz. */
function vasicekCdf(d: number, rho: number): number {
  const a = PhiInv(PD);
  return simpson((z) => binomialCdf(d, N, Phi((a - Math.sqrt(rho) * z) / Math.sqrt(1 - rho))) * density(z), -8, 8, 240);
}

/** The mixture over R_path = Φ(Φ⁻¹(R) + SD·ζ), ζ standard normal. */
function mixtureCdf(d: number): number {
  const b = PhiInv(R);
  return simpson((zeta) => vasicekCdf(d, Phi(b + SD * zeta)) * density(zeta), -6, 6, 40);
}

const book = (uncertainty: boolean) => ({
  creditlab: 2 as const,
  simulation: { paths: PATHS, horizonMonths: 12, periodMonths: 12 as const, seed: "correlation uncertainty" },
  segments: [
    {
      name: "s",
      accounts: N,
      start: "current" as const,
      pd: PD,
      correlation: R,
      delinquency: { roll: [] },
      lgd: { mean: 0.8, sd: 0 },
      ...(uncertainty ? { uncertainty: { correlation: { sd: SD } } } : {}),
    },
  ],
});

/** The largest gap between the paths' empirical CDF and `cdf` at the 2nd, 4th, …, 98th percentiles of the counts. */
function ksAtPercentiles(defaults: Float64Array, cdf: (d: number) => number): number {
  const sorted = Float64Array.from(defaults).sort();
  let gap = 0;
  for (let q = 0.02; q < 0.99; q += 0.02) {
    const d = sorted[Math.floor(q * PATHS)];
    let at = 0;
    while (at < PATHS && sorted[at] <= d) at++;
    gap = Math.max(gap, Math.abs(at / PATHS - cdf(d)));
  }
  return gap;
}

describe("correlation uncertainty on a one-period Vasicek book", () => {
  const defaults = bookColumn(simulatePaths(buildModel(book(true)), 0, PATHS), "defaults");
  // The 1% critical value of Kolmogorov–Smirnov, 1.628/√n: a sup over fewer points, and a
  // discrete law, only lower the statistic, so the false-alarm rate stays below 1%.
  const critical = 1.628 / Math.sqrt(PATHS);

  it("the default count's law is the mixture of Vasicek's laws over the drawn correlation", () => {
    const ks = ksAtPercentiles(defaults, mixtureCdf);
    console.log(`KS distance to the mixture ${ks.toFixed(4)} (1% critical ${critical.toFixed(4)})`);
    expect(ks).toBeLessThan(critical);
  });

  it("and not Vasicek's law at the point correlation, which the same statistic tells apart", () => {
    const ks = ksAtPercentiles(defaults, (d) => vasicekCdf(d, R));
    console.log(`KS distance to Vasicek at R = ${R}: ${ks.toFixed(4)}`);
    expect(ks).toBeGreaterThan(critical);
  });
});

describe("correlation uncertainty on a monthly book with a ladder", () => {
  it("keeps the mean 12-month default rate at pd, the chain solved again at each drawn loading", () => {
    // pd is the 12-month default probability through the cycle; a book starting current in
    // the stationary economy defaults at pd on average, whatever the path's correlation.
    // Held at the point's threshold instead, the drawn loadings would raise it to about 0.053
    // here (measured: 3.5 standard errors off).
    const paths = 2000;
    const model = buildModel({
      creditlab: 2,
      simulation: { paths, horizonMonths: 12, seed: "ladder" },
      segments: [{ name: "s", accounts: 2000, pd: 0.05, correlation: 0.05, start: "current", delinquency: { roll: [0.4, 0.6], stay: [0, 0] }, uncertainty: { correlation: { sd: 0.8 } } }],
    });
    const dr = bookColumn(simulatePaths(model, 0, paths), "defaultRate");
    // Within 3 standard errors of the mean (false alarm about 0.3%).
    const se = Math.sqrt(variance(dr) / paths);
    console.log(`mean 12-month default rate ${mean(dr).toFixed(5)} ± ${se.toFixed(5)}`);
    expect(Math.abs(mean(dr) - 0.05)).toBeLessThan(3 * se);
  });
});
