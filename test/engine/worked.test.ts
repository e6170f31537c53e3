/**
 * Worked numbers, computed by hand from MODEL.md section 5: exposure at default with a
 * CCF, the fee snowball and its cap, and an instalment schedule against the annuity formula.
 */
import { describe, expect, it } from "vitest";
import { simulatePaths } from "../../src/engine/simulate.ts";
import { PERIOD_FIXED } from "../../src/engine/layout.ts";
import { bookColumn, buildModel, mean, periodColumn } from "./helpers.ts";

const sum = (x: ArrayLike<number>) => Array.from(x).reduce((a, b) => a + b, 0);

describe("exposure at default", () => {
  it("is balance + CCF × undrawn: limit 10,000, balance 4,000, CCF 0.5 gives 7,000", () => {
    const model = buildModel({
      creditlab: 2,
      simulation: { paths: 20, horizonMonths: 12, periodMonths: 12, seed: 1 },
      segments: [
        {
          name: "line",
          accounts: 2000,
          missRate: 0.5,
          limit: { median: 10_000, sigma: 0 },
          utilization: 0.4,
          ccf: 0.5,
          delinquency: { roll: [] },
          lgd: { mean: 1, sd: 0 },
        },
      ],
    });
    const chunk = simulatePaths(model, 0, 20);
    const loss = sum(bookColumn(chunk, "lossAtDefault"));
    const defaults = sum(bookColumn(chunk, "defaults"));
    expect(defaults).toBeGreaterThan(0);
    expect(loss / defaults).toBeCloseTo(7000, 9);
  });
});

describe("the fee snowball", () => {
  // A balance of 1,000 misses with certainty once it is late: roll [1, 1, 1], so every
  // account that misses defaults three months later, whenever it first missed.
  const snowball = (feeCap?: number) =>
    buildModel({
      creditlab: 2,
      simulation: { paths: 10, horizonMonths: 24, seed: 3 },
      segments: [
        {
          name: "line",
          accounts: 3000,
          missRate: 0.2,
          limit: { median: 1000, sigma: 0 },
          utilization: 1,
          ccf: 0,
          apr: 0.24,
          penaltyApr: 0.36,
          lateFee: 25,
          ...(feeCap === undefined ? {} : { feeCap }),
          delinquency: { roll: [1, 1, 1], correlation: 0 },
          lgd: { mean: 1, sd: 0 },
        },
      ],
    });

  it("compounds penalty interest and late fees on each missed payment", () => {
    // Four missed payments (D1, D2, D3, default), each adding 3% a month and a fee of 25.
    let b = 1000;
    for (let k = 0; k < 4; k++) b = b + b * 0.03 + 25;
    const chunk = simulatePaths(snowball(), 0, 10);
    const perDefault = sum(bookColumn(chunk, "lossAtDefault")) / sum(bookColumn(chunk, "defaults"));
    expect(b).toBeCloseTo(1230.099485, 6);
    expect(perDefault).toBeCloseTo(b, 6);
  });

  it("stops charging at the cap: 10% of the balance at the first miss", () => {
    // 1,000 → 1,055 (30 + 25) → 1,100 (56.65 capped at the 45 left) → no more charges.
    const chunk = simulatePaths(snowball(0.1), 0, 10);
    const perDefault = sum(bookColumn(chunk, "lossAtDefault")) / sum(bookColumn(chunk, "defaults"));
    expect(perDefault).toBeCloseTo(1100, 6);
  });
});

describe("an instalment loan", () => {
  const P = 12_000;
  const r = 0.12 / 12;
  const n = 12;
  const payment = (P * r) / (1 - (1 + r) ** -n);
  const balanceAfter = (t: number) => P * (1 + r) ** t - (payment * ((1 + r) ** t - 1)) / r;

  const loans = (periodMonths: 1 | 3) =>
    buildModel({
      creditlab: 2,
      simulation: { paths: 2, horizonMonths: 12, periodMonths, seed: 5 },
      segments: [
        {
          name: "cash",
          accounts: 100,
          product: "instalment",
          missRate: 1e-12,
          principal: { median: P, sigma: 0 },
          termMonths: n,
          apr: 0.12,
        },
      ],
    });

  it("amortizes along the annuity schedule and earns its interest", () => {
    const model = loans(1);
    const chunk = simulatePaths(model, 0, 2);
    const balance = PERIOD_FIXED.indexOf("balance");
    for (const t of [1, 6, 11]) {
      expect(mean(periodColumn(model, chunk, t, balance)) / 100).toBeCloseTo(balanceAfter(t), 6);
    }
    // The last payment closes the loan; total interest is n·payment − P per loan.
    expect(mean(periodColumn(model, chunk, 12, balance))).toBe(0);
    expect(mean(bookColumn(chunk, "interestIncome")) / 100).toBeCloseTo(n * payment - P, 6);
  });

  it("earns the same interest with quarterly periods", () => {
    const chunk = simulatePaths(loans(3), 0, 2);
    expect(mean(bookColumn(chunk, "interestIncome")) / 100).toBeCloseTo(n * payment - P, 6);
  });
});

describe("edge cases of charges and seasoned books", () => {
  it("an undrawn line with no fee cap is still charged the late fee when it defaults: EAD 25", () => {
    const model = buildModel({
      creditlab: 2,
      simulation: { paths: 2, horizonMonths: 12, seed: "undrawn" },
      segments: [
        {
          name: "undrawn",
          accounts: 1000,
          pd: 0.5,
          correlation: 0,
          utilization: 0,
          ccf: 0,
          lateFee: 25,
          delinquency: { roll: [] },
          lgd: { mean: 1, sd: 0 },
        },
      ],
    });
    const chunk = simulatePaths(model, 0, 2);
    const loss = bookColumn(chunk, "lossAtDefault");
    const defaults = bookColumn(chunk, "defaults");
    for (let p = 0; p < 2; p++) expect(loss[p] / defaults[p]).toBeCloseTo(25, 9);
  });

  it("accounts defaulted before the start with no work-out months are written off: off the book", () => {
    const model = buildModel({
      creditlab: 2,
      simulation: { paths: 1, horizonMonths: 6, seed: "written off" },
      segments: [
        {
          name: "seasoned",
          accounts: 10_000,
          pd: 0.02,
          chargeOffMonths: 0,
          delinquency: { roll: [0.5], startDefaulted: 0.2 },
        },
      ],
    });
    const accounts = bookColumn(simulatePaths(model, 0, 1), "accounts")[0];
    expect(Math.abs(accounts - 8000)).toBeLessThan(4 * Math.sqrt(10_000 * 0.2 * 0.8));
  });
});
