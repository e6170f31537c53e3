/**
 * MODEL.md section 10: a path's numbers depend on (seed, path) alone. The same seed gives
 * the same bytes; any split of the paths into chunks merges to the same bytes.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { simulatePaths } from "../../src/engine/simulate.ts";
import type { ChunkResult } from "../../src/engine/layout.ts";
import { mergeChunks } from "../../src/result/mergeChunks.ts";
import { NPM, PM } from "../../src/engine/layout.ts";
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

  it("a path after one that touched most accounts (every record copied back) gives the bytes it gives on a fresh workspace", () => {
    // Stressed: most accounts miss within the horizon, and the stepped segment holds all of
    // its accounts in its list, so each path touches far more than a sixth of the book and
    // the workspace copies its records back whole (workspace.ts `pristine`), the stepped
    // plans restored one by one. A freshly compiled model restores every account from the
    // columns instead: the first path of a workspace.
    const stressed: ScenarioInput = {
      creditlab: 2,
      simulation: { paths: 4, horizonMonths: 12, seed: "copied back" },
      macro: { shocks: [{ factor: "economy", recession: { start: 1, fall: 2, trough: -2.5, stay: 6, recover: 3 } }] },
      segments: [
        { name: "lines", accounts: 300, product: "revolving", missRate: 0.6, correlation: 0.1, delinquency: { roll: [0.4, 0.6] }, limit: { median: 5000, sigma: 0.5 } },
        {
          name: "cards",
          accounts: 200,
          product: "revolving",
          missRate: 0.3,
          revolvers: { share: 0.3, toRevolve: 0.02, toTransact: 0.05, minPayment: 0.05 },
          purchases: 0.1,
          instalments: { purchaseShare: 0.1, balanceRate: 0.01, termMonths: 6, feeRate: 0.006 },
        },
      ],
    };
    const model = buildModel(stressed);
    const run = simulatePaths(model, 0, 4);
    let defaults = 0;
    for (let p = 0; p < 4; p++) defaults += run.variants[0].book[p * NPM + PM.defaults];
    // Defaults alone (without the misses that cure) are well over a sixth of the 500 accounts a path.
    expect(defaults / 4).toBeGreaterThan(500 / 6);
    const fresh = mergeChunks([0, 1, 2, 3].map((p) => simulatePaths(buildModel(stressed), p, p + 1)));
    expect(bytes(run)).toEqual(bytes(fresh));
  });
});
