/**
 * Two methods, one model (docs/model.md §10): a segment whose current accounts are stepped
 * month by month and the same segment drawn in closed form (one uniform an episode) are
 * two independent computations of the same law. A variant with forbearance by conversion
 * makes every variant step every segment; the base, unchanged, must then agree with the
 * closed form's base on every path metric in distribution: path by path on the same
 * economy, the mean of the paired differences within 4.5 standard errors of 0.
 */
import { describe, expect, it } from "vitest";
import { simulatePaths } from "../../src/engine/simulate.ts";
import type { PathMetric } from "../../src/engine/layout.ts";
import type { ScenarioInput } from "../../src/scenario/schema.ts";
import { bookColumn, buildModel, mean, variance } from "./helpers.ts";

const METRICS: PathMetric[] = [
  "defaults",
  "netLoss",
  "interestIncome",
  "feeIncome",
  "fundingCost",
  "collectionCost",
  "balanceYears",
  "lifetimeLoss",
  "booked",
];

function book(product: "revolving" | "instalment", forbearance: "holiday" | "conversion" = "holiday"): ScenarioInput {
  return {
    creditlab: 2,
    simulation: { paths: 200, horizonMonths: 24, periodMonths: 3, seed: 21 },
    macro: { shocks: [{ factor: "economy", recession: { start: 3, fall: 6, trough: -1.5, stay: 6, recover: 9 } }] },
    segments: [
      {
        name: "rated",
        accounts: 1500,
        product,
        pd: 0.05,
        apr: 0.2,
        penaltyApr: 0.3,
        lateFee: 15,
        feeCap: 0.2,
        burden: 0.4, // in arrears only: what is due while current never changes here
        attrition: 0.01,
        termMonths: 36,
        limit: { median: 4000, sigma: 0.5 },
        principal: { median: 6000, sigma: 0.5 },
        delinquency: { roll: [0.3, 0.5, 0.6], stay: [0.1, 0.1, 0.05], start: [0.02, 0.01] },
      },
      {
        name: "scored",
        accounts: 1000,
        product,
        score: { mean: 640, sd: 50 },
        scorecard: { score: 600, odds: 30, pdo: 40 },
        apr: 0.15,
        attrition: 0.005,
        termMonths: 24,
        originations: { perMonth: 20, score: { mean: 630, sd: 60 } },
        delinquency: { roll: [0.4, 0.5], stay: [0, 0.1] },
      },
    ],
    policy: {
      approval: { minScore: 590 },
      fundingRate: 0.03,
      collections: { rollReduction: 0.1, costPerAccountMonth: 5 },
      // A holiday on burdened lines raises what a line back from it owes, which only stepping
      // follows (docs/model.md §4.8): the line book's closed form is compared without one.
      forbearance:
        forbearance === "conversion"
          ? { kind: "conversion", offerAt: 2, takeUp: 0.4, termMonths: 12, redefaultMultiplier: 2 }
          : product === "revolving"
            ? undefined
            : { offerAt: 2, takeUp: 0.4, holidayMonths: 3, redefaultMultiplier: 2 },
      lineManagement: { cutOnDelinquency: 0.3, trigger: { factor: "economy", below: -1, cut: 0.5 } },
    },
  };
}

describe("a stepped segment and the closed form", () => {
  for (const product of ["revolving", "instalment"] as const) {
    it(`agree in distribution on every path metric (${product})`, () => {
      const closed = buildModel(book(product));
      const both = buildModel(book(product), [{ name: "conversion", input: book(product, "conversion") }]);
      // Only the base is compared: the conversion variant's paths are not run (they took half the time).
      const stepped = { ...both, variants: both.variants.slice(0, 1), variantNames: both.variantNames.slice(0, 1) };
      expect(closed.variants[0].segments.map((s) => s.stepped)).toEqual([false, false]);
      expect(stepped.variants[0].segments.map((s) => s.stepped)).toEqual([true, true]);
      const a = simulatePaths(closed, 0, 200);
      const b = simulatePaths(stepped, 0, 200);
      for (const metric of METRICS) {
        const x = bookColumn(a, metric);
        const d = bookColumn(b, metric).map((v, j) => v - x[j]);
        const se = Math.sqrt(variance(d) / d.length);
        expect(mean(x), metric).toBeGreaterThan(0);
        expect(Math.abs(mean(d)), `${metric}: ${mean(d)} ± ${se} on ${mean(x)}`).toBeLessThan(4.5 * se + 1e-9 * mean(x));
      }
    });
  }
});
