import binomialCdf from "@stdlib/stats-base-dists-binomial-cdf";
import { describe, expect, it } from "vitest";
import { readPerformance } from "../../src/data/performance.ts";
import { Phi, PhiInv } from "../../src/math/normal.ts";
import { absorption, absorptionThroughCycle, rouwenhorst } from "../../src/fit/chain.ts";
import { windowEconomy } from "../../src/fit/cycle.ts";
import { fitPerformance, type SegmentFit } from "../../src/fit/fitPerformance.ts";
import type { Estimate } from "../../src/fit/interval.ts";
import { makePanel, truthPdThroughCycle, type Truth } from "./panel.ts";

function fitPanel(text: string): SegmentFit {
  const read = readPerformance(text, "panel.csv");
  if (!read.ok) throw new Error(read.error.lines.join("\n"));
  return fitPerformance(read.value.performance).segments[0];
}

const covers = (e: Estimate, x: number) => e.low <= x && x <= e.high;

describe("the economy on a grid (Rouwenhorst)", () => {
  it("has the AR(1)'s stationary law: weights a probability, stationary, mean 0, variance 1, autocorrelation φ", () => {
    for (const phi of [0, 0.6, 0.95]) {
      const { nodes, weights, transition } = rouwenhorst(21, phi);
      expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      for (const row of transition) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      nodes.forEach((_, j) => expect(weights.reduce((s, w, i) => s + w * transition[i][j], 0)).toBeCloseTo(weights[j], 12));
      expect(weights.reduce((s, w, i) => s + w * nodes[i], 0)).toBeCloseTo(0, 12);
      expect(weights.reduce((s, w, i) => s + w * nodes[i] ** 2, 0)).toBeCloseTo(1, 12);
      const lag = weights.reduce((s, w, i) => s + w * nodes[i] * transition[i].reduce((a, p, j) => a + p * nodes[j], 0), 0);
      expect(lag).toBeCloseTo(phi, 12);
    }
  });
});

describe("pd through the cycle", () => {
  const ladder = { miss: 0.015, roll: [0.35, 0.5, 0.75], stay: [0.1, 0.15, 0.1] };

  it("is the chain's absorption when the economy does not move it", () => {
    expect(absorptionThroughCycle(ladder, { rho: 0, rollRho: 0, persistence: 0.9 })).toBe(absorption(ladder));
  });

  it.each([
    [0.06, 0.6],
    [0.15, 0.9],
    [0.3, 0],
  ])("at ρ %f, persistence %f equals a plain Monte Carlo over factor paths", (rho, phi) => {
    const truth: Truth = { ...ladder, attrition: 0, rho, phi, rollRho: rho };
    const plain = truthPdThroughCycle(truth, 8000, `plain ${rho} ${phi}`);
    // 4 standard errors (false alarm 6e-5 a case) plus the grid's error, under 0.2% of pd (docs/model.md §13).
    const pd = absorptionThroughCycle(ladder, { rho, rollRho: rho, persistence: phi });
    expect(Math.abs(pd - plain.mean)).toBeLessThan(4 * plain.se + 0.002 * plain.mean);
    // The economy raises it above the chain at the through-the-cycle rates, by far more than the error.
    expect(pd - absorption(ladder)).toBeGreaterThan(rho === 0.3 ? -1 : 10 * plain.se);
  });
});

describe("intervals that know the months share one economy", () => {
  // ρ and persistence near the shipped synthetic history's; roll rates move with the economy
  // as the fitted scenario assumes (its roll correlation is the default, ρ).
  const TRUTH: Truth = { miss: 0.02, attrition: 0.01, roll: [0.4, 0.6], stay: [0.1, 0.2], rho: 0.06, phi: 0.6, rollRho: 0.06 };
  const PANELS = 60;
  const pdTruth = truthPdThroughCycle(TRUTH, 20_000, "truth").mean;

  it("over 60 panels with ρ > 0 the 95% intervals of the miss rate and pd through the cycle cover the generator's truth", () => {
    let miss = 0;
    let pd = 0;
    let wilson = 0;
    for (let p = 0; p < PANELS; p++) {
      const s = fitPanel(makePanel(TRUTH, 1000, 24, `cycle ${p}`));
      if (covers(s.rates.miss, TRUTH.miss)) miss++;
      if (covers(s.pd, pdTruth)) pd++;
      if (covers(s.rates.missWindow, TRUTH.miss)) wilson++;
    }
    // At least 53 of 60: a 95% interval fails this with probability 1.0%, a 93% one 5.7%
    // (binomial). The window's Wilson interval, which counts account-months as independent,
    // covered about 1 time in 3 over 100 such panels; 50 of 60 at that rate has probability < 1e-9.
    expect(binomialCdf(52, PANELS, 0.95)).toBeLessThan(0.011);
    expect(miss, `miss covered ${miss} of ${PANELS}`).toBeGreaterThanOrEqual(53);
    expect(pd, `pd covered ${pd} of ${PANELS}`).toBeGreaterThanOrEqual(53);
    expect(wilson, `Wilson covered ${wilson} of ${PANELS}`).toBeLessThan(50);
  });
});

describe("the window's economy", () => {
  it("one segment's window cannot place its mean economy: the posterior sd stays near the prior sd of a T-month average", () => {
    // The expected monthly miss counts of 20,000 accounts at ρ 0.1 in a window whose economy
    // is good throughout (X = 1 every month): its rates are low, but a lower hazard explains
    // them as well, so the posterior of the window's mean factor stays near its prior.
    const T = 36;
    const phi = 0.7;
    const events: number[] = [];
    const trials: number[] = [];
    const x = 1;
    for (let t = 0; t < T; t++) {
      const q = Phi((PhiInv(0.02) - Math.sqrt(0.1) * x) / Math.sqrt(0.9));
      events.push(Math.round(20_000 * q));
      trials.push(20_000);
    }
    const e = windowEconomy(events, trials, 0.1, phi)!;
    // Prior variance of the average of T stationary AR(1) months: Σ_s Σ_t φ^|s−t| / T².
    let sum = 0;
    for (let s = 0; s < T; s++) for (let t = 0; t < T; t++) sum += phi ** Math.abs(s - t);
    const prior = Math.sqrt(sum) / T;
    expect(e.sd).toBeLessThanOrEqual(prior + 1e-12);
    expect(e.sd).toBeGreaterThan(0.8 * prior);
    expect(Math.abs(e.mean)).toBeLessThan(e.sd);
  });
});
