/**
 * Error bars that mean what they say (MODEL.md section 9): over many seeds, the 95%
 * intervals of VaR, ES and the quantiles cover the true value 93–97% of the time once
 * 20 paths lie beyond the level.
 *
 * The book: n accounts, each losing LGD·EAD on default, in a one-factor Vasicek model.
 * Its loss is LGD·EAD·K with K ~ Binomial(n, p(Z)) mixed over Z ~ N(0, 1),
 * p(z) = Φ((Φ⁻¹(pd) − √ρ·z)/√(1 − ρ)). The exact CDF of K comes from stdlib's binomial
 * CDF integrated over z by Simpson's rule, so the true VaR and ES are known. Paths are
 * drawn straight from that mixture by inverting the CDF (one uniform each), which is
 * cheap enough for thousands of runs; test/engine/coverage.test.ts shows the same on
 * the engine itself.
 */
import { describe, expect, it } from "vitest";
import seedrandom from "seedrandom";
import binomialCdf from "@stdlib/stats-base-dists-binomial-cdf";
import { tailRisk } from "../../src/stats/tail.ts";
import { summarize } from "../../src/stats/summary.ts";
import { sortAscending } from "../../src/stats/quantile.ts";
import { quantileIntervalRanks } from "../../src/stats/quantileInterval.ts";
import { QUANTILE_LEVELS } from "../../src/result/resultFile.ts";
import { Phi, PhiInv } from "../stdlibNormal.ts";

const ACCOUNTS = 1000;
const PD = 0.02;
const RHO = 0.15;
const LOSS_GIVEN_DEFAULT = 0.6 * 5000; // LGD · EAD of every account

/** P(K ≤ k) for k = 0 … while the tail above still matters, by Simpson's rule over z ∈ [−8, 8]. */
function mixtureCdf(): Float64Array {
  const steps = 400;
  const h = 16 / steps;
  const a = PhiInv(PD);
  const nodes = Array.from({ length: steps + 1 }, (_, i) => {
    const z = -8 + i * h;
    const w = ((i === 0 || i === steps ? 1 : i % 2 ? 4 : 2) * h) / 3;
    return { p: Phi((a - Math.sqrt(RHO) * z) / Math.sqrt(1 - RHO)), w: (w * Math.exp(-0.5 * z * z)) / Math.sqrt(2 * Math.PI) };
  });
  const cdf: number[] = [];
  for (let k = 0; k < ACCOUNTS; k++) {
    let f = 0;
    for (const { p, w } of nodes) f += w * binomialCdf(k, ACCOUNTS, p);
    cdf.push(Math.min(1, f));
    if (1 - f < 1e-14) break;
  }
  return Float64Array.from(cdf);
}

const CDF = mixtureCdf();

/** The smallest k with P(K ≤ k) ≥ u; past the table's end, its length (a chance below 1e-14). */
function drawDefaults(u: number): number {
  let lo = 0;
  let hi = CDF.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (CDF[mid] >= u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** True VaR_α = L·min{k: F(k) ≥ α} and ES_α = E[loss | loss ≥ VaR_α] = L·(v + Σ_{k≥v} (1 − F(k)) / (1 − F(v − 1))). */
function truth(alpha: number): { var: number; es: number } {
  let v = 0;
  while (CDF[v] < alpha) v++;
  const above = 1 - (v > 0 ? CDF[v - 1] : 0);
  let sum = 0;
  for (let k = v; k < CDF.length; k++) sum += 1 - CDF[k];
  return { var: LOSS_GIVEN_DEFAULT * v, es: LOSS_GIVEN_DEFAULT * (v + sum / above) };
}

const RUNS = 1500;

/** How often, over RUNS runs of `paths` paths, each interval at level α holds the truth. */
function coverage(paths: number, alpha: number, seed: string) {
  const t = truth(alpha);
  const u = seedrandom(seed);
  const hits = { varSe: 0, varCi: 0, esSe: 0, esCi: 0 };
  for (let r = 0; r < RUNS; r++) {
    const loss = Float64Array.from({ length: paths }, () => LOSS_GIVEN_DEFAULT * drawDefaults(u()));
    const risk = tailRisk(loss, sortAscending(loss), alpha);
    if (risk.varStderr === null || risk.esStderr === null || risk.varCI95 === null || risk.esCI95 === null) {
      throw new Error(`no error bar with ${paths} paths at ${alpha}`);
    }
    if (Math.abs(risk.var - t.var) <= 1.96 * risk.varStderr) hits.varSe++;
    if (risk.varCI95[0] <= t.var && t.var <= risk.varCI95[1]) hits.varCi++;
    if (Math.abs(risk.es - t.es) <= 1.96 * risk.esStderr) hits.esSe++;
    if (risk.esCI95[0] <= t.es && t.es <= risk.esCI95[1]) hits.esCi++;
  }
  return { varSe: hits.varSe / RUNS, varCi: hits.varCi / RUNS, esSe: hits.esSe / RUNS, esCi: hits.esCi / RUNS };
}

describe("coverage of VaR and ES error bars on a book whose loss distribution is exact", () => {
  it("the quadrature is exact enough: E[K] = n·pd and the CDF reaches 1", () => {
    let mean = 0;
    for (let k = 0; k < CDF.length; k++) mean += 1 - CDF[k];
    expect(mean).toBeCloseTo(ACCOUNTS * PD, 8);
    expect(CDF[CDF.length - 1]).toBeGreaterThan(1 - 1e-13);
  });

  // 1,500 runs pin a coverage of 95% down to ±0.56% (one sd): the 93–97% band is ±3.5 sd.
  it.each([
    [0.99, 2000, "20 paths beyond 99%: 4 sections"],
    [0.95, 400, "20 paths beyond 95%: 4 sections"],
    [0.95, 2000, "100 paths beyond 95%: 10 sections"],
  ])("at %s with %i paths (%s), ± 1.96 s.e. and the 95% intervals cover 93–97%", (alpha, paths) => {
    const c = coverage(paths, alpha, `coverage ${alpha} ${paths}`);
    for (const [name, value] of Object.entries(c)) {
      expect(value, name).toBeGreaterThanOrEqual(0.93);
      expect(value, name).toBeLessThanOrEqual(0.97);
    }
  });
});

describe("coverage of quantile intervals", () => {
  // The order-statistic interval is distribution-free for a continuous loss; an
  // exponential one, quantile −ln(1 − α), drawn as −ln(1 − U), is cheap and skewed.
  // (On a lumpy loss, with ties at the quantile, it covers more: it is conservative.)
  const quantile = (alpha: number) => -Math.log1p(-alpha);

  it("quantileCI95 covers 93–97% at every level with 20 paths beyond it, and is null below", () => {
    const u = seedrandom("quantile coverage");
    // 1,000 runs: ±0.69% (one sd) at 95%, so the band is ±2.9 sd.
    const runs = 1000;
    const paths = 2100; // 21 paths beyond 99%, 2 beyond 99.9%
    const hits = new Map<string, number>();
    for (let r = 0; r < runs; r++) {
      const s = summarize(Float64Array.from({ length: paths }, () => quantile(u())));
      for (const level of QUANTILE_LEVELS) {
        const ci = s.quantileCI95[String(level)];
        if (level >= 0.995) {
          expect(ci).toBeNull();
          continue;
        }
        if (ci === null) throw new Error(`no interval at ${level}`);
        const q = quantile(level);
        if (ci[0] <= q && q <= ci[1]) hits.set(String(level), (hits.get(String(level)) ?? 0) + 1);
      }
    }
    expect([...hits.keys()].sort((x, y) => Number(x) - Number(y))).toEqual(["0.01", "0.05", "0.1", "0.25", "0.5", "0.75", "0.9", "0.95", "0.99"]);
    for (const [level, h] of hits) {
      expect(h / runs, level).toBeGreaterThanOrEqual(0.93);
      expect(h / runs, level).toBeLessThanOrEqual(0.97);
      // And within 3 sd of the exact coverage P(l ≤ B ≤ u − 1), B ~ Binomial(paths, α),
      // of the ranks [l, u] that the interval took.
      const a = Number(level);
      const [l, u] = quantileIntervalRanks(paths, a);
      const exact = binomialCdf(u - 1, paths, a) - binomialCdf(l - 1, paths, a);
      expect(Math.abs(h / runs - exact), level).toBeLessThan(3 * Math.sqrt((exact * (1 - exact)) / runs));
    }
  });
});
