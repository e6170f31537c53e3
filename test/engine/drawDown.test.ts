/**
 * The draw-down of credit lines that go on to default (docs/model.md §5.4): from the first
 * miss a line draws D = CCF·(L − B₀) over the m months to its earliest default, D/m a month,
 * so EAD = B₀ + CCF·(L − B₀). Checked against the expected month-end balance of the chain
 * written out here: with roll rates of 1 the ladder is a conveyor (D1 then D2 then F), so
 * each state's balance is known and only the first miss is random.
 */
import { describe, expect, it } from "vitest";
import { PERIOD_FIXED } from "../../src/engine/layout.ts";
import { simulatePaths } from "../../src/engine/simulate.ts";
import { bookColumn, buildModel, mean, periodColumn, variance } from "./helpers.ts";

const N = 5_000;
const LIMIT = 10_000;
const U = 0.3;
const CCF = 0.8;
const MISS = 0.3;
const h = 1 - (1 - MISS) ** (1 / 12);
const B0 = U * LIMIT;
const D = CCF * (LIMIT - B0);
const BALANCE = PERIOD_FIXED.indexOf("balance");

const book = (roll: number[]) => buildModel({
  creditlab: 2,
  simulation: { paths: 40, horizonMonths: 12 },
  segments: [{
    name: "lines", accounts: N, product: "revolving", missRate: MISS, correlation: 0, start: "current",
    limit: { median: LIMIT, sigma: 0 }, utilization: U, ccf: CCF, apr: 0, chargeOffMonths: 24,
    lgd: { mean: 0.5, sd: 0 }, delinquency: { roll, stay: roll.map(() => 0) },
  }],
});

describe("the draw-down before default", () => {
  it("gives every default EAD = B₀ + CCF·(L − B₀), with a ladder as without", () => {
    for (const roll of [[1, 1], []]) {
      const model = book(roll);
      const chunk = simulatePaths(model, 0, 10);
      const loss = bookColumn(chunk, "lossAtDefault");
      const defaults = bookColumn(chunk, "defaults");
      for (let j = 0; j < loss.length; j++) expect(loss[j]).toBeCloseTo(defaults[j] * 0.5 * (B0 + D), 4);
    }
  });

  it("raises the balance of lines in arrears by D/m a month: the book's month-end balance is the chain's", () => {
    const model = book([1, 1]);
    const paths = 40;
    const chunk = simulatePaths(model, 0, paths);
    const S = (t: number) => (t < 0 ? 0 : (1 - h) ** t);
    for (let t = 1; t <= 12; t++) {
      // Current at B₀; missed in month t (D1: drawn D/2), in month t − 1 (D2: drawn D), earlier (F: EAD).
      let inF = 0;
      for (let j = 1; j <= t - 2; j++) inF += h * S(j - 1);
      const want = N * (S(t) * B0 + h * S(t - 1) * (B0 + D / 2) + (t >= 2 ? h * S(t - 2) * (B0 + D) : 0) + inF * (B0 + D));
      const got = periodColumn(model, chunk, t, BALANCE);
      // 4.5 standard errors of the mean over paths: a false alarm about 1 in 10^5 per month.
      expect(Math.abs(mean(got) - want)).toBeLessThan(4.5 * Math.sqrt(variance(got) / paths) + 1e-9 * want);
    }
  });
});
