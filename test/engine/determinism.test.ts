/**
 * MODEL.md section 10: a path's numbers depend on (seed, path) alone. The same seed gives
 * the same bytes; any split of the paths into chunks merges to the same bytes.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { simulatePaths } from "../../src/engine/simulate.ts";
import type { ChunkResult } from "../../src/engine/layout.ts";
import { mergeChunks } from "../../src/result/mergeChunks.ts";
import type { ScenarioInput } from "../../src/scenario/schema.ts";
import { buildModel } from "./helpers.ts";

const scenario: ScenarioInput = {
  creditlab: 2,
  simulation: { paths: 24, horizonMonths: 12, seed: "determinism" },
  macro: {
    factors: { economy: { persistence: 0.9 }, gig: { persistence: 0.8, correlation: { economy: 0.6 } } },
    shocks: [{ factor: "economy", recession: { start: 2, fall: 3, trough: -2, stay: 2, recover: 3 } }],
  },
  segments: [
    {
      name: "salaried",
      accounts: 400,
      score: { mean: 650, sd: 50 },
      scorecard: { score: 600, odds: 30, pdo: 20 },
      apr: 0.2,
      lateFee: 25,
      feeCap: 0.3,
      attrition: 0.01,
      limit: { median: 5000, sigma: 0.5 },
      originations: { perMonth: 20, score: { mean: 640, sd: 55 } },
    },
    {
      name: "gig",
      accounts: 300,
      product: "instalment",
      missRate: 0.08,
      loadings: { economy: 0.5, gig: 1 },
      principal: { median: 8000, sigma: 0.4 },
      apr: 0.3,
      lgd: { mean: 0.7, sd: 0.2, macro: 0.3 },
    },
  ],
  policy: {
    approval: { minScore: 610 },
    forbearance: { offerAt: 1, takeUp: 0.5, holidayMonths: 2, redefaultMultiplier: 2 },
    lineManagement: { cutOnDelinquency: 0.5, trigger: { factor: "economy", below: -1, cut: 0.3 } },
    collections: { rollReduction: 0.1, costPerAccountMonth: 10 },
    fundingRate: 0.03,
  },
};

const bytes = (c: ChunkResult): Buffer[] =>
  c.variants.flatMap((v) => [Buffer.from(v.book.buffer), Buffer.from(v.segments.buffer), Buffer.from(v.periods.buffer)]);

describe("determinism", () => {
  const whole = simulatePaths(buildModel(scenario), 0, 24);

  it("same seed, same bytes, from a freshly compiled model", () => {
    const again = simulatePaths(buildModel(scenario), 0, 24);
    expect(bytes(again)).toEqual(bytes(whole));
  });

  it("another seed gives other numbers", () => {
    const other = simulatePaths(buildModel({ ...scenario, simulation: { ...scenario.simulation, seed: "other" } }), 0, 24);
    expect(bytes(other)).not.toEqual(bytes(whole));
  });

  it("any split of paths into chunks merges to the same bytes", () => {
    const model = buildModel(scenario);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 23 }), { maxLength: 6 }), (cuts) => {
        const edges = [0, ...cuts.sort((a, b) => a - b), 24];
        // Chunks computed out of order, as a pool would hand them back.
        const chunks = edges.slice(1).map((to, i) => ({ from: edges[i], to })).reverse();
        const merged = mergeChunks(chunks.map((c) => simulatePaths(model, c.from, c.to)));
        expect(bytes(merged)).toEqual(bytes(whole));
      }),
      { numRuns: 12 },
    );
  });
});
