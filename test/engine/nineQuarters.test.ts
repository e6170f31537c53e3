/**
 * Nine-quarter results (docs/model.md §8.3): the loss rates on average balances written out
 * by hand from a monthly run's own month-end balances and monthly losses, path by path; the
 * same book with quarterly periods gives each quarter's rate; and pre-provision net revenue.
 */
import { describe, expect, it } from "vitest";
import type { ScenarioInput } from "../../src/scenario/schema.ts";
import { simulatePaths } from "../../src/engine/simulate.ts";
import { periodColumns } from "../../src/engine/layout.ts";
import { bookColumn, buildModel, periodColumn } from "./helpers.ts";

const PATHS = 12;
const MONTHS = 27;

/** A small card book with no systematic risk (R = 0), so its months are the same at any period length. */
const book = (periodMonths: 1 | 3): ScenarioInput => ({
  creditlab: 2,
  simulation: { paths: PATHS, horizonMonths: MONTHS, periodMonths, seed: "nine quarters" },
  segments: [
    {
      name: "cards",
      accounts: 300,
      pd: 0.08,
      correlation: 0,
      attrition: 0.01,
      apr: 0.2,
      limit: { median: 5000, sigma: 0.4 },
      delinquency: { roll: [0.5], stay: [0] },
      chargeOffMonths: 2,
      lgd: { mean: 0.8, sd: 0 },
    },
  ],
  policy: { fundingRate: 0.04, costs: { perAccountMonth: 1, perBooked: 0 } },
});

describe("nine-quarter loss rates on average balances", () => {
  const monthly = buildModel(book(1));
  const quarterly = buildModel(book(3));
  const m = simulatePaths(monthly, 0, PATHS);
  const q = simulatePaths(quarterly, 0, PATHS);
  const col = (model: typeof monthly, name: string) => periodColumns(model.layout).indexOf(name);

  it("the cumulative rate is Σ monthly loss over the mean of the 27 month-end balances, on every path", () => {
    const loss = Array.from({ length: MONTHS }, (_, t) => periodColumn(monthly, m, t + 1, col(monthly, "netLoss")));
    const balance = Array.from({ length: MONTHS }, (_, t) => periodColumn(monthly, m, t + 1, col(monthly, "balance")));
    const rate = bookColumn(m, "cumulativeLossRate");
    const toDate = periodColumn(monthly, m, MONTHS, col(monthly, "lossRateToDate"));
    for (let j = 0; j < PATHS; j++) {
      let l = 0;
      let b = 0;
      for (let t = 0; t < MONTHS; t++) {
        l += loss[t][j];
        b += balance[t][j];
      }
      expect(l).toBeGreaterThan(0);
      expect(rate[j]).toBeCloseTo(l / (b / MONTHS), 12);
      expect(toDate[j]).toBeCloseTo(l / (b / MONTHS), 12);
    }
  });

  it("each quarter's rate is its three months' loss over their mean balance, as a quarterly run reports it", () => {
    // R = 0: the months are the same whatever the economy's period.
    expect(Array.from(bookColumn(q, "netLoss"))).toEqual(Array.from(bookColumn(m, "netLoss")));
    for (let k = 1; k <= 9; k++) {
      const reported = periodColumn(quarterly, q, k, col(quarterly, "periodLossRate"));
      const months = [3 * k - 2, 3 * k - 1, 3 * k];
      const loss = months.map((t) => periodColumn(monthly, m, t, col(monthly, "netLoss")));
      const balance = months.map((t) => periodColumn(monthly, m, t, col(monthly, "balance")));
      for (let j = 0; j < PATHS; j++) {
        const byHand = (loss[0][j] + loss[1][j] + loss[2][j]) / ((balance[0][j] + balance[1][j] + balance[2][j]) / 3);
        expect(reported[j]).toBeCloseTo(byHand, 12);
      }
    }
  });

  it("pre-provision net revenue is income less funding, collection and operating costs, before any loss", () => {
    const ppnr = bookColumn(m, "ppnr");
    const income = bookColumn(m, "income");
    const funding = bookColumn(m, "fundingCost");
    const operating = bookColumn(m, "operatingCost");
    const collection = bookColumn(m, "collectionCost");
    const profit = bookColumn(m, "profit");
    const loss = bookColumn(m, "netLoss");
    for (let j = 0; j < PATHS; j++) {
      expect(ppnr[j]).toBeCloseTo(income[j] - funding[j] - operating[j] - collection[j], 6);
      expect(ppnr[j] - loss[j]).toBeCloseTo(profit[j], 6);
    }
  });
});
