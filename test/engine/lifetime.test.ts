/**
 * What lies past the horizon (docs/model.md §8.2): the lifetime tables against an explicit
 * Markov chain propagated month by month, and the engine's remaining lifetime loss of
 * one-state books against the absorption formula h(1 − Sⁿ)/(1 − S).
 */
import { describe, expect, it } from "vitest";
import { CurrentMass, episodeValues, unitTable, type MonthlyRates } from "../../src/engine/ecl/chain.ts";
import { simulatePaths } from "../../src/engine/simulate.ts";
import type { ScenarioInput } from "../../src/scenario/schema.ts";
import { bookColumn, bruteForce, buildModel } from "./helpers.ts";

/** The lifetime PD of every remaining life at once (ecl/chain.ts `unitTable` with LGD 1, no discount, a constant EAD). */
function pdTable(c: { h: number; attrition: number; roll: number[]; stay: number[] }, start: number, maxN: number): Float64Array {
  const L = maxN + 1;
  const m = c.roll.length;
  const rates: MonthlyRates = {
    months: L,
    hazard: new Float64Array(L).fill(c.h),
    roll: Float64Array.from({ length: L * m }, (_, j) => c.roll[j % m]),
    stay: c.stay,
    attrition: c.attrition,
    lgd: new Float64Array(L).fill(0.5),
  };
  const table = new Float64Array(maxN + 1);
  unitTable(rates, episodeValues(rates, 0, Infinity, true), new CurrentMass(), { state: start, window: Infinity, scheduleRate: null }, maxN, table);
  return table;
}

describe("the lifetime tables", () => {
  const cases = [
    { h: 0.01, attrition: 0.02, roll: [], stay: [] },
    { h: 0.004, attrition: 0, roll: [0.3, 0.5, 0.7], stay: [0.05, 0.1, 0.1] },
    { h: 0.03, attrition: 0.01, roll: [0.2, 0.9], stay: [0.3, 0] },
    { h: 0.02, attrition: 0.005, roll: [0.1, 0.1], stay: [0.9, 0.5] },
  ];
  for (const c of cases) {
    it(`agree with the chain propagated month by month: h ${c.h}, ladder [${c.roll}]`, () => {
      const current = pdTable(c, 0, 120);
      const arrears = c.roll.map((_, k) => pdTable(c, k + 1, 120));
      for (const n of [0, 1, 2, 7, 36, 120]) {
        expect(current[n]).toBeCloseTo(bruteForce(c.h, c.attrition, c.roll, c.stay, 0, n), 10);
        for (let k = 1; k <= c.roll.length; k++) expect(arrears[k - 1][n]).toBeCloseTo(bruteForce(c.h, c.attrition, c.roll, c.stay, k, n), 10);
      }
    });
  }

  it("of a one-state book is h(1 − Sⁿ)/(1 − S) with S = (1 − h)(1 − α)", () => {
    const h = 0.015;
    const a = 0.01;
    const S = (1 - h) * (1 - a);
    const table = pdTable({ h, attrition: a, roll: [], stay: [] }, 0, 600);
    for (const n of [1, 12, 36, 600]) expect(table[n]).toBeCloseTo((h * (1 - S ** n)) / (1 - S), 12);
  });
});

describe("the remaining lifetime loss of a one-state book", () => {
  // Miss rate 10% a year: h = 1 − 0.9^(1/12); no correlation, so the rate at Z = 0 is the rate.
  const h = 1 - 0.9 ** (1 / 12);
  const attrition = 0.01;
  const S = (1 - h) * (1 - attrition);
  const absorbed = (n: number) => (h * (1 - S ** n)) / (1 - S);
  const book = (segment: Record<string, unknown>, policy: ScenarioInput["policy"] = {}): ScenarioInput => ({
    creditlab: 2,
    simulation: { paths: 5, horizonMonths: 12, seed: 9 },
    segments: [
      {
        name: "book",
        accounts: 4000,
        missRate: 0.1,
        correlation: 0,
        attrition,
        delinquency: { roll: [] },
        chargeOffMonths: 0, // written off at once: the month-H balance is the current accounts'
        lgd: { mean: 0.6, sd: 0 },
        ...segment,
      } as ScenarioInput["segments"][number],
    ],
    policy,
  });

  /** Accounts still current at the horizon: those that neither defaulted nor closed. */
  const lines = [
    ["closed form", {}],
    ["stepped month by month", { lineManagement: { increase: { afterMonths: 120, by: 0 } } }],
  ] as const;
  for (const [method, policy] of lines) {
    it(`is (current accounts) × LGD × EAD × h(1 − Sⁿ)/(1 − S) for credit lines, ${method}`, () => {
      // Limit 2,000 drawn 1,000, CCF 0.4: EAD 1,400; a line stays open 36 months past the horizon.
      const model = buildModel(
        book({ product: "revolving", limit: { median: 2000, sigma: 0 }, utilization: 0.5, ccf: 0.4, remainingLifeMonths: 36 }, policy),
      );
      const chunk = simulatePaths(model, 0, 5);
      const life = bookColumn(chunk, "lifetimeLoss");
      const exposure = bookColumn(chunk, "exposure");
      for (let j = 0; j < 5; j++) {
        // The balance at the horizon is the current accounts' (1,000 each); none is in arrears.
        const balanceYears = bookColumn(chunk, "balanceYears")[j];
        expect(exposure[j]).toBe(4000 * 1400);
        const current = currentAtHorizon(model, chunk, j);
        expect(balanceYears).toBeGreaterThan(0);
        expect(life[j]).toBeCloseTo(current * 0.6 * 1400 * absorbed(36), 4);
      }
    });
  }

  it("uses a loan's amortizing balance over its payments left", () => {
    // 24 payments of a 2,400 loan at 12%: after 12 payments, 12 are left. A miss in month t
    // after the horizon carries the balance after t − 1 more payments, by b ← b(1 + r) − P.
    const model = buildModel(book({ product: "instalment", principal: { median: 2400, sigma: 0 }, termMonths: 24, apr: 0.12 }));
    const chunk = simulatePaths(model, 0, 5);
    const r = 0.01;
    const payment = (2400 * r) / (1 - (1 + r) ** -24);
    let b = 2400;
    for (let k = 0; k < 12; k++) b = b * (1 + r) - payment;
    let perAccount = 0;
    for (let t = 1; t <= 12; t++) {
      perAccount += S ** (t - 1) * h * 0.6 * b;
      b = b * (1 + r) - payment;
    }
    for (let j = 0; j < 5; j++) {
      const current = currentAtHorizon(model, chunk, j);
      expect(bookColumn(chunk, "lifetimeLoss")[j]).toBeCloseTo(current * perAccount, 4);
    }
  });
});

/** Accounts current at the horizon of path j: the month-H balance over one account's balance then. */
function currentAtHorizon(model: ReturnType<typeof buildModel>, chunk: ReturnType<typeof simulatePaths>, j: number): number {
  const T = model.periods;
  const W = chunk.variants[0].periods.length / (T * (chunk.to - chunk.from));
  const balance = chunk.variants[0].periods[(j * T + T - 1) * W + 3];
  const s = model.variants[0].segments[0];
  if (s.product === 0) return balance / 1000;
  const r = s.aprMonthly;
  const payment = (2400 * r) / (1 - (1 + r) ** -24);
  return balance / ((2400 - payment / r) * (1 + r) ** 12 + payment / r);
}
