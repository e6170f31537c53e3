import { randomBinomial, randomNormal } from "d3-random";
import seedrandom from "seedrandom";
import { describe, expect, it } from "vitest";
import { Phi, PhiInv } from "../../src/math/normal.ts";
import { fitCorrelation } from "../../src/fit/correlation.ts";

/** Monthly miss counts of `n` current accounts under a Vasicek economy, drawn plainly. */
function history(months: number, n: number, h: number, rho: number, phi: number, seed: string) {
  const rng = seedrandom(seed);
  const normal = randomNormal.source(rng)(0, 1);
  const events: number[] = [];
  const trials: number[] = [];
  let x = normal();
  for (let t = 0; t < months; t++) {
    const q = Phi((PhiInv(h) - Math.sqrt(rho) * x) / Math.sqrt(1 - rho));
    events.push(randomBinomial.source(rng)(n, q)());
    trials.push(n);
    x = phi * x + Math.sqrt(1 - phi * phi) * normal();
  }
  return { events, trials };
}

describe("asset correlation from monthly miss rates", () => {
  it("recovers a known ρ and the economy's persistence from a long history", () => {
    const { events, trials } = history(240, 20_000, 0.01, 0.08, 0.5, "long history");
    const fit = fitCorrelation(events, trials)!;
    expect(fit.low).toBeLessThanOrEqual(0.08);
    expect(fit.high).toBeGreaterThanOrEqual(0.08);
    expect(Math.abs(fit.rho - 0.08)).toBeLessThan(0.03);
    expect(Math.abs(fit.persistence - 0.5)).toBeLessThan(0.2);
    expect(fit.note).toBeNull();
  });

  it("says when the data cannot tell ρ from 0, and fits nothing under 24 months", () => {
    const flat = history(36, 5_000, 0.01, 0, 0, "no economy");
    const fit = fitCorrelation(flat.events, flat.trials)!;
    expect(fit.low).toBe(0);
    expect(fit.note).toMatch(/cannot tell ρ from 0/);
    const short = history(23, 5_000, 0.01, 0.1, 0.5, "short");
    expect(fitCorrelation(short.events, short.trials)).toBeNull();
  });

  it("ρ's profile-likelihood interval covers the truth in most of 20 histories", () => {
    let hits = 0;
    for (let i = 0; i < 20; i++) {
      const { events, trials } = history(60, 10_000, 0.02, 0.05, 0.6, `coverage ${i}`);
      const fit = fitCorrelation(events, trials)!;
      if (fit.low <= 0.05 && 0.05 <= fit.high) hits++;
    }
    // A 95% interval misses more than 3 of 20 with probability 1.6% (binomial).
    expect(hits).toBeGreaterThanOrEqual(17);
  });
});
