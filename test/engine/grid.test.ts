/**
 * The threshold grid is a speed device only: a book of scored accounts must default
 * exactly as the plain rule decides account by account: an account leaves C within the
 * horizon when its episode's uniform exceeds its survival, here (one 12-month period, a miss
 * is a default) exp(12 · log(1 − q)/12) with q = Φ((Φ⁻¹(PD_i) − √ρ·Z)/√(1−ρ)).
 * The reference recomputes that rule from the scorecard with the same keyed uniforms.
 */
import { describe, expect, it } from "vitest";
import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import { simulatePaths } from "../../src/engine/simulate.ts";
import { keyedUniform, pathKeys, Purpose, seedKeys, streamKeys } from "../../src/engine/random.ts";
import { PhiInv } from "../../src/math/normal.ts";
import { periodColumns } from "../../src/engine/layout.ts";
import { bookColumn, buildModel, periodColumn } from "./helpers.ts";

const N = 20_000;
const RHO = 0.15;
const Phi = (x: number) => normalCdf(x, 0, 1);

describe("the threshold grid", () => {
  it("gives the exact per-account decisions of the conditional hazard", () => {
    const seed = "grid";
    const model = buildModel({
      creditlab: 2,
      simulation: { paths: 30, horizonMonths: 12, periodMonths: 12, seed },
      segments: [
        {
          name: "scored",
          accounts: N,
          start: "current",
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
      // One uniform an episode: an account defaults within the year when u exceeds its
      // survival, the product over the 12 months of (1 − h)^(1/12) in the one period.
      const k = streamKeys(pathKeys(seedKeys(seed), p), Purpose.exit, 0, 0);
      let defaults = 0;
      for (let i = 0; i < N; i++) {
        const q = Phi((a[i] - Math.sqrt(RHO) * Z[p]) / Math.sqrt(1 - RHO));
        let logSurvival = 0;
        for (let m = 0; m < 12; m++) logSurvival += Math.log1p(-q) / 12;
        if (keyedUniform(k[0], k[1], i) > Math.exp(logSurvival)) defaults++;
      }
      expect(engine[p]).toBe(defaults);
    }
  });
});
