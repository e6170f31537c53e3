/**
 * The threshold grid is a speed device only: a book of scored accounts must default
 * exactly as the plain rule u < Φ((Φ⁻¹(h_i) − √ρ·Z)/√(1−ρ)) decides, account by account.
 * The reference here recomputes that rule from the scorecard with the same keyed uniforms.
 */
import { describe, expect, it } from "vitest";
import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import { simulatePaths } from "../../src/engine/simulate.ts";
import { keyedUniform, pathKeys, Purpose, seedKeys, streamKeys } from "../../src/engine/random.ts";
import { PhiInv } from "../../src/engine/normal.ts";
import { periodColumns } from "../../src/engine/layout.ts";
import { bookColumn, buildModel, periodColumn } from "./helpers.ts";

const N = 20_000;
const RHO = 0.15;
const Phi = (x: number) => normalCdf(x, 0, 1);

describe("the threshold grid", () => {
  it("gives the exact per-account decisions of the conditional hazard", () => {
    const seed = "grid";
    const model = buildModel({
      creditlab: 1,
      simulation: { paths: 30, horizonMonths: 12, periodMonths: 12, seed },
      segments: [
        {
          name: "scored",
          accounts: N,
          score: { mean: 620, sd: 60 },
          scorecard: { score: 600, odds: 30, pdo: 20 },
          correlation: RHO,
          delinquency: { roll: [] },
        },
      ],
    });
    const chunk = simulatePaths(model, 0, 30);
    const engine = bookColumn(chunk, "defaults");
    const economy = periodColumns(model.layout).indexOf("factor:economy");
    const Z = periodColumn(model, chunk, 1, economy);

    // Scores from the book's static stream, PDs from the scorecard, decisions by the plain rule.
    const bookKeys = streamKeys(pathKeys(seedKeys(seed), -1), Purpose.score, 0, 0);
    const a = Float64Array.from({ length: N }, (_, i) => {
      const score = 620 + 60 * PhiInv(keyedUniform(bookKeys[0], bookKeys[1], i));
      const pd = 1 / (1 + 30 * 2 ** ((score - 600) / 20));
      return PhiInv(pd); // one period of 12 months: the annual PD is the period's hazard
    });
    for (let p = 0; p < 30; p++) {
      const k = streamKeys(pathKeys(seedKeys(seed), p), Purpose.transition, 0, 1);
      let defaults = 0;
      for (let i = 0; i < N; i++) {
        const h = Phi((a[i] - Math.sqrt(RHO) * Z[p]) / Math.sqrt(1 - RHO));
        if (keyedUniform(k[0], k[1], i) < h) defaults++;
      }
      expect(engine[p]).toBe(defaults);
    }
  });
});
