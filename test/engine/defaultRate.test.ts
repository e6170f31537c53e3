/**
 * `pd` means default (MODEL.md version 2, section 3): with correlation 0 and no attrition,
 * a book of current accounts defaults within a year at rate pd, whatever its ladder and
 * whatever periodMonths. The expected rates here come from the scenario's own numbers and
 * from a plain matrix-power Markov chain, never from the engine's hazard solver.
 */
import { describe, expect, it } from "vitest";
import { simulatePaths } from "../../src/engine/simulate.ts";
import type { ScenarioInput } from "../../src/scenario/schema.ts";
import { bookColumn, buildModel, mean } from "./helpers.ts";

const N = 20_000;
const PATHS = 24;

type Delinquency = { roll: number[]; stay?: number[] };

const book = (risk: Partial<ScenarioInput["segments"][number]>, delinquency: Delinquency, periodMonths: 1 | 3 | 6 | 12 = 1, accounts = N): ScenarioInput => ({
  creditlab: 2,
  simulation: { paths: PATHS, horizonMonths: 12, periodMonths, seed: "pd means default" },
  segments: [{ name: "book", accounts, start: "current", correlation: 0, attrition: 0, delinquency, ...risk }],
});

const defaultRate = (input: ScenarioInput): number => {
  const model = buildModel(input);
  return mean(bookColumn(simulatePaths(model, 0, PATHS), "defaultRate"));
};

/** Four standard errors of a mean default rate p over N·PATHS independent accounts. */
const tolerance = (p: number, accounts = N) => 4 * Math.sqrt((p * (1 - p)) / (accounts * PATHS));

/** P(F within 12 months) from C for monthly miss hazard h, by 12 matrix-vector products. */
function absorption(h: number, roll: number[], stay: number[]): number {
  const m = roll.length;
  let row = [1, ...roll.map(() => 0), 0]; // C, D1..Dm, F
  for (let month = 0; month < 12; month++) {
    const next = row.map(() => 0);
    next[0] += row[0] * (1 - h);
    next[m === 0 ? m + 1 : 1] += row[0] * h;
    for (let k = 1; k <= m; k++) {
      next[k === m ? m + 1 : k + 1] += row[k] * roll[k - 1];
      next[k] += row[k] * stay[k - 1];
      next[0] += row[k] * (1 - roll[k - 1] - stay[k - 1]);
    }
    next[m + 1] += row[m + 1];
    row = next;
  }
  return row[m + 1];
}

describe("pd is the annual probability of default", () => {
  it.each<[string, number, Delinquency]>([
    ["a miss is a default", 0.03, { roll: [] }],
    ["a one-step ladder with a stay", 0.2, { roll: [0.3], stay: [0.2] }],
    ["the two-step ladder that defaulted 0.3% a year in version 1", 0.015, { roll: [0.35, 0.65] }],
    ["a three-step ladder with stays", 0.06, { roll: [0.3, 0.5, 0.7], stay: [0.1, 0.2, 0] }],
  ])("%s: pd %f defaults at pd within a year", (_, pd, delinquency) => {
    expect(Math.abs(defaultRate(book({ pd }, delinquency)) - pd)).toBeLessThan(tolerance(pd));
  });

  it("missRate gives the first-miss hazard directly: the chain's absorption, not the rate itself", () => {
    const ladder = { roll: [0.35, 0.65], stay: [0, 0] };
    const missRate = 0.015;
    const expected = absorption(1 - (1 - missRate) ** (1 / 12), ladder.roll, ladder.stay);
    expect(expected).toBeLessThan(0.005); // the version 1 reading of pd 0.015
    expect(Math.abs(defaultRate(book({ missRate }, ladder)) - expected)).toBeLessThan(tolerance(expected));
  });

  it("a scorecard book defaults at the mean of its scores' PDs (Simpson's rule over the score density)", () => {
    const pdOf = (s: number) => 1 / (1 + 30 * 2 ** ((s - 600) / 20));
    const density = (s: number) => Math.exp(-0.5 * ((s - 640) / 50) ** 2) / (50 * Math.sqrt(2 * Math.PI));
    const steps = 4000;
    const [lo, hi] = [640 - 8 * 50, 640 + 8 * 50];
    const h = (hi - lo) / steps;
    let first = 0;
    let second = 0;
    for (let k = 0; k <= steps; k++) {
      const s = lo + k * h;
      const w = (k === 0 || k === steps ? 1 : k % 2 ? 4 : 2) * density(s);
      first += w * pdOf(s);
      second += w * pdOf(s) ** 2;
    }
    const expected = (first * h) / 3;
    const spread = Math.sqrt((second * h) / 3 - expected ** 2);
    const rate = defaultRate(
      book({ score: { mean: 640, sd: 50 }, scorecard: { score: 600, odds: 30, pdo: 20 } }, { roll: [0.4, 0.6], stay: [0.1, 0] }),
    );
    // Binomial error of the defaults plus the sampling error of one book's scores.
    expect(Math.abs(rate - expected)).toBeLessThan(tolerance(expected) + (4 * spread) / Math.sqrt(N));
  });

  it("the same laddered book gives the same 12-month default rate at periodMonths 1, 3 and 12", () => {
    const ladder = { roll: [0.3], stay: [0.2] };
    const rates = ([1, 3, 12] as const).map((pm) => defaultRate(book({ pd: 0.2 }, ladder, pm)));
    for (const r of rates) expect(Math.abs(r - 0.2)).toBeLessThan(tolerance(0.2));
    // With correlation 0 the monthly hazards are the same at any period length, and so is
    // every episode's uniform: the rates agree far inside their Monte Carlo error.
    expect(Math.max(...rates) - Math.min(...rates)).toBeLessThan(tolerance(0.2) / 4);
  });

  it("a two-step ladder at periodMonths 12 defaults (version 1 never did)", () => {
    expect(defaultRate(book({ pd: 0.05 }, { roll: [0.4, 0.6] }, 12))).toBeGreaterThan(0.04);
  });
});

describe("a miss that is a default is charged", () => {
  it("roll: [], a fully drawn line of 5,000 at APR 0.30 and a late fee of 25 defaults with EAD 5,150", () => {
    const model = buildModel({
      creditlab: 2,
      simulation: { paths: 4, horizonMonths: 12, seed: "ead" },
      segments: [
        {
          name: "drawn",
          accounts: 2000,
          pd: 0.5,
          correlation: 0,
          limit: { median: 5000, sigma: 0 },
          utilization: 1,
          apr: 0.3,
          lateFee: 25,
          delinquency: { roll: [] },
          lgd: { mean: 1, sd: 0 },
        },
      ],
    });
    const chunk = simulatePaths(model, 0, 4);
    const loss = bookColumn(chunk, "lossAtDefault");
    const defaults = bookColumn(chunk, "defaults");
    // 5,000 + 5,000 · 0.30/12 + 25: the balance, a month's penalty interest at the APR, the fee.
    for (let p = 0; p < 4; p++) expect(loss[p] / defaults[p]).toBeCloseTo(5150, 9);
  });
});

describe("common random numbers across variants", () => {
  it("raising only pd never lowers a path's defaults (a miss is a default: exits are monotone)", () => {
    const input = (pd: number): ScenarioInput => ({
      creditlab: 2,
      simulation: { paths: 40, horizonMonths: 24, periodMonths: 3, seed: "monotone" },
      macro: { shocks: [{ factor: "economy", recession: { start: 4, fall: 6, trough: -1.5, stay: 3, recover: 6 } }] },
      segments: [{ name: "book", accounts: 3000, pd, correlation: 0.1, attrition: 0.01, delinquency: { roll: [] } }],
    });
    const model = buildModel(input(0.03), [{ name: "riskier", input: input(0.05) }]);
    const chunk = simulatePaths(model, 0, 40);
    const base = bookColumn(chunk, "defaults", 0);
    const riskier = bookColumn(chunk, "defaults", 1);
    for (let p = 0; p < 40; p++) expect(riskier[p]).toBeGreaterThanOrEqual(base[p]);
    expect(mean(riskier)).toBeGreaterThan(mean(base));
  });
});


describe("a version 1 file", () => {
  it("runs its pd as missRate: the same numbers as the version 2 file that says missRate", () => {
    const v1 = book({ pd: 0.05 }, { roll: [0.4, 0.6] });
    const v2 = book({ missRate: 0.05 }, { roll: [0.4, 0.6] });
    const run = (input: ScenarioInput) => simulatePaths(buildModel(input), 0, 3).variants[0].book;
    expect(run({ ...v1, creditlab: 1 })).toEqual(run(v2));
    expect(run(v1)).not.toEqual(run(v2));
  });
});
