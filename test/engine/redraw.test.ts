/**
 * `simulation.redrawBook` (docs/model.md §9): the ± of a synthetic segment is the Monte
 * Carlo error given the one book its seed draws; with a new book in every path it covers
 * the mean over books. Checked against the closed-form mean loss of a book whose limits are
 * lognormal.
 */
import { describe, expect, it } from "vitest";
import { simulatePaths } from "../../src/engine/simulate.ts";
import type { ScenarioInput } from "../../src/scenario/schema.ts";
import { bookColumn, buildModel, mean, variance } from "./helpers.ts";

const N = 200;
const PATHS = 200;
const SIGMA = 0.5;
const MEDIAN = 10_000;
const MISS = 0.3;
const H = 12;

const scenario = (seed: number, redrawBook: boolean): ScenarioInput => ({
  creditlab: 2,
  simulation: { paths: PATHS, horizonMonths: H, seed, redrawBook },
  segments: [
    {
      name: "lines",
      accounts: N,
      start: "current",
      missRate: MISS,
      correlation: 0,
      limit: { median: MEDIAN, sigma: SIGMA },
      utilization: 0.5,
      ccf: 0.5,
      delinquency: { roll: [] },
      lgd: { mean: 1, sd: 0 },
    },
  ],
});

/**
 * The mean loss at default over books and paths: each account defaults within H months with
 * 1 − (1 − h)^H = 1 − (1 − missRate)^(H/12) (no ladder, no attrition, ρ = 0), at EAD
 * 0.5·L + 0.5·0.5·L = 0.75·L, E[L] = median·exp(σ²/2), LGD 1.
 */
const truth = N * (1 - (1 - MISS) ** (H / 12)) * 0.75 * MEDIAN * Math.exp((SIGMA * SIGMA) / 2);

/** How many of `seeds` runs' 95% intervals for the mean net loss hold the truth. */
function covered(redraw: boolean, seeds: number): number {
  let hits = 0;
  for (let seed = 1; seed <= seeds; seed++) {
    const loss = bookColumn(simulatePaths(buildModel(scenario(seed, redraw)), 0, PATHS), "lossAtDefault");
    const se = Math.sqrt(variance(loss) / PATHS);
    if (Math.abs(mean(loss) - truth) < 1.96 * se) hits++;
  }
  return hits;
}

describe("redrawing the book in every path", () => {
  it("gives intervals that cover the mean over books; one book's intervals do not", () => {
    // With a new book each path the 40 intervals cover at 95%: 33 or fewer of 40 has
    // probability below 0.5% (binomial), the false-alarm rate. With one book per seed, the
    // book's own deviation of the mean has a standard deviation of about
    // √(paths · p/(1 − p) · (1 − e^(−σ²))) ≈ 1.9 standard errors (p = 0.3 the default
    // probability), so an interval covers about 0.6 of the time or less (seeds 1–40: 39 of
    // 40 with redrawing, 17 without).
    expect(covered(true, 40)).toBeGreaterThanOrEqual(34);
    expect(covered(false, 40)).toBeLessThan(30);
  });

  it("depends on (seed, path) only, whatever the chunks", () => {
    const model = buildModel(scenario(3, true));
    const whole = bookColumn(simulatePaths(model, 0, 20), "netLoss");
    const parts = [...bookColumn(simulatePaths(model, 0, 7), "netLoss"), ...bookColumn(simulatePaths(model, 7, 20), "netLoss")];
    expect(parts).toEqual(Array.from(whole));
    // And the books differ from path to path: the book's exposure is not the same on every path.
    const exposure = bookColumn(simulatePaths(model, 0, 5), "exposure");
    expect(new Set(exposure).size).toBe(5);
  });
});
