/**
 * Nine-quarter results (docs/model.md §8.5): the loss rates on average balances written out
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

  it("each quarter's average balance is the mean of its three month-end balances, and the base of its loss rate", () => {
    for (let k = 1; k <= 9; k++) {
      const reported = periodColumn(quarterly, q, k, col(quarterly, "periodAverageBalance"));
      const rate = periodColumn(quarterly, q, k, col(quarterly, "periodLossRate"));
      const loss = periodColumn(quarterly, q, k, col(quarterly, "netLoss"));
      const balance = [3 * k - 2, 3 * k - 1, 3 * k].map((t) => periodColumn(monthly, m, t, col(monthly, "balance")));
      for (let j = 0; j < PATHS; j++) {
        const byHand = (balance[0][j] + balance[1][j] + balance[2][j]) / 3;
        expect(byHand).toBeGreaterThan(0);
        expect(reported[j]).toBeCloseTo(byHand, 6);
        expect(rate[j]).toBeCloseTo(loss[j] / byHand, 12);
      }
    }
  });

  it("a quarter's average balance of a loan book that nobody leaves early is its annuity's month-end balances, averaged by hand", () => {
    // 10 loans of 1,200 over 12 months at 12% APR (r = 1%), a PD of 1e-12 (no miss on these draws), no attrition: each owes
    // b_m = 1200·(1+r)^m − P·((1+r)^m − 1)/r after payment m, P = 1200·r/(1 − (1+r)^−12).
    const loans = buildModel({
      creditlab: 2,
      simulation: { paths: 2, horizonMonths: 12, periodMonths: 3, seed: "annuity" },
      segments: [{ name: "loans", product: "instalment", accounts: 10, pd: 1e-12, correlation: 0, attrition: 0, apr: 0.12, principal: { median: 1200, sigma: 0 }, termMonths: 12, lgd: { mean: 0.5, sd: 0 } }],
    });
    const chunk = simulatePaths(loans, 0, 2);
    const r = 0.01;
    const P = (1200 * r) / (1 - (1 + r) ** -12);
    const owed = (m: number) => 1200 * (1 + r) ** m - (P * ((1 + r) ** m - 1)) / r;
    for (let k = 1; k <= 4; k++) {
      const byHand = (10 * (owed(3 * k - 2) + owed(3 * k - 1) + owed(3 * k))) / 3;
      for (const b of periodColumn(loans, chunk, k, col(loans, "periodAverageBalance"))) expect(b).toBeCloseTo(byHand, 6);
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
