/**
 * The one-period book is the Vasicek model (MODEL.md 4): checked against the exact
 * finite-book Gaussian-copula mixture and against the Basel IRB capital formula for
 * qualifying revolving retail exposures (Basel II, paragraph 328 ff.: R = 0.04).
 */
import { describe, expect, it } from "vitest";
import binomialCdf from "@stdlib/stats-base-dists-binomial-cdf";
import { simulatePaths } from "../../src/engine/simulate.ts";
import { bookColumn, buildModel, mean } from "./helpers.ts";
import { Phi, PhiInv } from "../stdlibNormal.ts";

const PD = 0.03;
const RHO = 0.04;
const LGD = 0.8;
const N = 10_000;
const PATHS = 10_000;

/** P(D ≤ d) for a book of n accounts: ∫ Binomial(d; n, p(z)) φ(z) dz, by Simpson's rule on [−8, 8]. */
function mixtureCdf(d: number, n: number, pd: number, rho: number): number {
  const a = PhiInv(pd);
  const steps = 800;
  const h = 16 / steps;
  let s = 0;
  for (let k = 0; k <= steps; k++) {
    const z = -8 + k * h;
    const p = Phi((a - Math.sqrt(rho) * z) / Math.sqrt(1 - rho));
    const w = k === 0 || k === steps ? 1 : k % 2 ? 4 : 2;
    s += (w * binomialCdf(d, n, p) * Math.exp(-0.5 * z * z)) / Math.sqrt(2 * Math.PI);
  }
  return (s * h) / 3;
}

const onePeriodBook = {
  creditlab: 2 as const,
  simulation: { paths: PATHS, horizonMonths: 12, periodMonths: 12 as const, seed: "vasicek" },
  segments: [
    {
      name: "qrre",
      accounts: N,
      start: "current" as const,
      pd: PD,
      correlation: RHO,
      limit: { median: 1000, sigma: 0 },
      utilization: 1,
      delinquency: { roll: [] },
      lgd: { mean: LGD, sd: 0 },
    },
  ],
};

describe("one-period book", () => {
  const model = buildModel(onePeriodBook);
  const chunk = simulatePaths(model, 0, PATHS);
  const defaults = bookColumn(chunk, "defaults");
  // The loss at default over exposure: the horizon's whole loss, as Vasicek's and Basel's formulas count it (netLoss waits for write-off).
  const exposure = bookColumn(chunk, "exposure");
  const lossRate = bookColumn(chunk, "lossAtDefault").map((l, j) => l / exposure[j]);

  it("default-rate distribution matches the finite-book Gaussian-copula mixture (Kolmogorov–Smirnov)", () => {
    const sorted = Float64Array.from(defaults).sort();
    let ks = 0;
    let i = 0;
    while (i < sorted.length) {
      const d = sorted[i];
      let j = i;
      while (j < sorted.length && sorted[j] === d) j++;
      // Compare both sides of each jump of the empirical CDF.
      const below = mixtureCdf(d - 1, N, PD, RHO);
      const at = mixtureCdf(d, N, PD, RHO);
      ks = Math.max(ks, Math.abs(i / PATHS - below), Math.abs(j / PATHS - at));
      i = j;
    }
    // 1% critical value of the KS statistic is 1.628/√n (conservative for a discrete law).
    expect(ks).toBeLessThan(1.628 / Math.sqrt(PATHS));
  });

  it("mean default rate is the through-the-cycle PD", () => {
    const dr = mean(defaults) / N;
    // Var(DR) = E[p(Z)²] − PD² + (PD − E[p(Z)²])/N, with E[p(Z)²] by Simpson's rule.
    const a = PhiInv(PD);
    let p2 = 0;
    const h = 16 / 800;
    for (let k = 0; k <= 800; k++) {
      const z = -8 + k * h;
      const p = Phi((a - Math.sqrt(RHO) * z) / Math.sqrt(1 - RHO));
      const w = k === 0 || k === 800 ? 1 : k % 2 ? 4 : 2;
      p2 += (w * p * p * Math.exp(-0.5 * z * z) * h) / 3 / Math.sqrt(2 * Math.PI);
    }
    const sd = Math.sqrt(p2 - PD * PD + (PD - p2) / N);
    expect(Math.abs(dr - PD)).toBeLessThan((4 * sd) / Math.sqrt(PATHS));
  });

  it("loss-rate 99.9% quantile minus EL matches the Basel IRB capital K within Monte Carlo error", () => {
    // Basel II §272/§328: K = LGD·[Φ((Φ⁻¹(PD) + √R·Φ⁻¹(0.999))/√(1−R)) − PD], R = 0.04 for QRRE.
    const stressed = Phi((PhiInv(PD) + Math.sqrt(RHO) * PhiInv(0.999)) / Math.sqrt(1 - RHO));
    const K = LGD * (stressed - PD);
    const sorted = Float64Array.from(lossRate).sort();
    // Distribution-free 95% interval of the 0.999-quantile from the order statistics.
    const q = 0.999;
    const half = 1.96 * Math.sqrt(PATHS * q * (1 - q));
    const lo = sorted[Math.max(0, Math.floor(PATHS * q - half) - 1)];
    const hi = sorted[Math.min(PATHS - 1, Math.ceil(PATHS * q + half) - 1)];
    const el = mean(lossRate);
    // The formula is for an infinitely granular book; a book of N accounts has a slightly
    // higher quantile. Allow that granularity gap, computed exactly from the mixture.
    let d = Math.floor(N * stressed);
    while (mixtureCdf(d, N, PD, RHO) < q) d++;
    const granularity = Math.abs((d / N) * LGD - stressed * LGD);
    expect(K).toBeGreaterThan(lo - el - granularity);
    expect(K).toBeLessThan(hi - el + granularity);
  });
});

describe("correlation 0", () => {
  it("the default count has the binomial mean and variance", () => {
    const model = buildModel({ ...onePeriodBook, simulation: { ...onePeriodBook.simulation, paths: 4000 }, segments: [{ ...onePeriodBook.segments[0], correlation: 0 }] });
    const defaults = bookColumn(simulatePaths(model, 0, 4000), "defaults");
    const n = defaults.length;
    const m = mean(defaults);
    let v = 0;
    for (const x of defaults) v += (x - m) ** 2;
    v /= n - 1;
    const binVar = N * PD * (1 - PD);
    expect(Math.abs(m - N * PD)).toBeLessThan(4 * Math.sqrt(binVar / n));
    // The sample variance of n draws has relative sd ≈ √(2/(n−1)) (near-normal counts).
    expect(Math.abs(v / binVar - 1)).toBeLessThan(4 * Math.sqrt(2 / (n - 1)));
  });
});
