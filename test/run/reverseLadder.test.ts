/**
 * The reverse stress test on a laddered book, against a brute-force grid: on common random
 * numbers the mean default rate of a book whose misses climb a two-bucket ladder is a
 * non-decreasing function of `pd` (a higher pd moves every path's thresholds one way), so a
 * grid of runs brackets the pd at which it reaches a level. The search (src/run/reverse.ts)
 * must land inside the grid's bracket, and its 95% interval must hold the grid points whose
 * own 95% interval holds the level. No closed form is involved: the grid is the plain
 * computation, one run a point, that the search replaces.
 */
import { describe, expect, it } from "vitest";
import { simulatePaths } from "../../src/engine/simulate.ts";
import { reverseStress, type Reading } from "../../src/run/reverse.ts";
import type { ScenarioInput } from "../../src/scenario/schema.ts";
import { ok } from "../../src/util/result.ts";
import { bookColumn, buildModel, mean, variance } from "../engine/helpers.ts";

const PATHS = 120;

const book = (pd: number): ScenarioInput => ({
  creditlab: 2,
  simulation: { paths: PATHS, horizonMonths: 12, periodMonths: 1, seed: "ladder" },
  macro: { shocks: [{ factor: "economy", recession: { start: 2, fall: 3, trough: -1.5, stay: 3, recover: 4 } }] },
  segments: [
    {
      name: "lines",
      accounts: 1200,
      product: "revolving",
      pd,
      correlation: 0.08,
      limit: { median: 3000, sigma: 0.4 },
      utilization: 0.5,
      delinquency: { roll: [0.4, 0.6], stay: [0.1, 0.1] },
    },
  ],
});

/** The mean default rate over the paths at this pd, with its 95% interval (± 1.96 standard errors). */
function reading(pd: number): Reading {
  const rates = bookColumn(simulatePaths(buildModel(book(pd)), 0, PATHS), "defaultRate");
  const m = mean(rates);
  const half = 1.96 * Math.sqrt(variance(rates) / rates.length);
  return { statistic: m, lower: m - half, upper: m + half };
}

describe("the reverse stress test on a laddered book", () => {
  it("finds the pd at which the mean default rate reaches a level inside a brute-force grid's bracket", async () => {
    const grid = Array.from({ length: 17 }, (_, k) => 0.02 + k * 0.005);
    const readings = grid.map(reading);
    // Common random numbers: the grid's means never fall as pd rises.
    for (let k = 1; k < grid.length; k++) expect(readings[k].statistic).toBeGreaterThanOrEqual(readings[k - 1].statistic);
    // A level between two grid points, well inside the grid.
    const reach = (readings[8].statistic + readings[9].statistic) / 2;
    const got = await reverseStress({ evaluate: async (v) => ok(reading(v)), reach, start: 0.03 });
    expect(got.ok).toBe(true);
    if (!got.ok) return;
    const a = got.value;
    expect(a.increasing).toBe(true);
    expect(a.value).toBeGreaterThanOrEqual(grid[8]);
    expect(a.value).toBeLessThanOrEqual(grid[9]);
    // Every grid point whose interval holds the level lies within the search's interval, up to one grid step
    // (the search's interval ends between grid points).
    const holding = grid.filter((_, k) => readings[k].lower <= reach && reach <= readings[k].upper);
    expect(holding.length).toBeGreaterThan(0);
    expect(a.ci95[0]).toBeLessThanOrEqual(Math.min(...holding) + 1e-12);
    expect(a.ci95[1]).toBeGreaterThanOrEqual(Math.max(...holding) - 1e-12);
    expect(a.ci95[0]).toBeGreaterThan(Math.min(...holding) - 0.005);
    expect(a.ci95[1]).toBeLessThan(Math.max(...holding) + 0.005);
  });
});
