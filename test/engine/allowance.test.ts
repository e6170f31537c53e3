/**
 * The allowance in every path (docs/model.md §8.4) against computations written here: the
 * closed form of a one-state book's ECL, the provision charge as Δallowance + write-offs on
 * every path, stage shares and the 3×3 stage transfers against the exact expectation of the
 * account chain, and a run without provisioning unchanged by it.
 */
import { describe, expect, it } from "vitest";
import { simulatePaths } from "../../src/engine/simulate.ts";
import { NPM, PATH_METRICS, periodColumns } from "../../src/engine/layout.ts";
import { isProvisioning } from "../../src/engine/metrics.ts";
import type { ScenarioInput } from "../../src/scenario/schema.ts";
import { bookColumn, buildModel, mean, periodColumn, variance } from "./helpers.ts";
import { eclReport } from "../../src/engine/ecl/report.ts";

describe("the allowance of a one-state book (a miss is a default)", () => {
  // h a month, LGD fixed, EAD = B + CCF·(L − B) constant, discounted at the APR a month.
  const missRate = 0.06;
  const h = 1 - (1 - missRate) ** (1 / 12);
  const lgd = 0.7;
  const apr = 0.24;
  const r = apr / 12;
  const ead = 5_000 + 0.5 * 5_000;
  const unit = (T: number) => {
    let sum = 0;
    for (let t = 1; t <= T; t++) sum += (1 - h) ** (t - 1) * h * lgd / (1 + r) ** t;
    return sum;
  };
  const input = (standard: "ifrs9" | "cecl"): ScenarioInput => ({
    creditlab: 2,
    simulation: { paths: 6, horizonMonths: 6, periodMonths: 3, seed: "one-state" },
    segments: [{ name: "s", accounts: 4_000, missRate, correlation: 0, apr, penaltyApr: 0, start: "current", lgd: { mean: lgd, sd: 0 }, delinquency: { roll: [], stay: [] }, chargeOffMonths: 6, remainingLifeMonths: 36 }],
    provisioning: { standard, discount: "apr" },
  });

  it.each(["ifrs9", "cecl"] as const)("%s: at the start Σ (1 − h)^(t−1)·h·LGD·EAD/(1 + r)^t over 12 months (36 for lifetime), and at each period's end the current ones at that and the defaulted at LGD × EAD", (standard) => {
    const model = buildModel(input(standard));
    const chunk = simulatePaths(model, 0, 6);
    const cols = periodColumns(model.layout);
    const col = (t: number, name: string) => periodColumn(model, chunk, t, cols.indexOf(name));
    const u = unit(standard === "ifrs9" ? 12 : 36);
    const defaults = bookColumn(chunk, "defaults");
    for (let j = 0; j < 6; j++) {
      // The start: allowance(0) = allowance(1) + writeOffs(1) − charge(1); every account current.
      const start = col(1, "allowance")[j] + col(1, "writeOffs")[j] - col(1, "provisionCharge")[j];
      expect(start / (4_000 * ead * u)).toBeCloseTo(1, 9);
      // Period 2 (month 6): no write-off yet (6 months in F), so each default is in F at LGD × EAD.
      const d2 = defaults[j];
      expect(col(2, "writeOffs")[j]).toBe(0);
      expect(col(2, "allowance")[j] / ((4_000 - d2) * ead * u + d2 * ead * lgd)).toBeCloseTo(1, 9);
      expect(col(2, "allowanceStage3")[j] / (d2 * ead * lgd)).toBeCloseTo(1, 9);
    }
  });
});

/** A small laddered book with forbearance off: the stages of C, D1..D4, F by days past due. */
const ROLL = [0.5, 0.6, 0.7, 0.8];
const STAY = [0.1, 0.1, 0.1, 0.1];
const MISS = 0.3;
const N = 4_000;
const H = 6;
const CHARGE_OFF = 1;
const ladder = (provisioning: boolean, rho = 0): ScenarioInput => ({
  creditlab: 2,
  simulation: { paths: 40, horizonMonths: H, periodMonths: 1, seed: "stages" },
  segments: [
    {
      name: "s",
      accounts: N,
      missRate: MISS,
      correlation: rho,
      ccf: 0,
      start: "current",
      chargeOffMonths: CHARGE_OFF,
      lgd: { mean: 0.8, sd: 0.15 },
      delinquency: { roll: ROLL, stay: STAY },
    },
  ],
  ...(provisioning ? { provisioning: {} } : {}),
});

/**
 * The chain's exact distribution month by month: states C, D1..D4, F (its one month), an unused F1,
 * W; and the expected number of accounts moving between stages each month. Stage 1: C, D1
 * (1–30 days past due is not "more than 30"); stage 2: D2, D3; stage 3: D4 (91–120 days) and F.
 */
function expectedStages(): { shares: number[][]; transfers: number[][] } {
  const h = 1 - (1 - MISS) ** (1 / 12);
  const S = 8; // C, D1..D4, F0, F1, W
  const P = Array.from({ length: S }, () => new Array<number>(S).fill(0));
  P[0][1] = h;
  P[0][0] = 1 - h;
  for (let k = 1; k <= 4; k++) {
    P[k][k === 4 ? 5 : k + 1] = ROLL[k - 1];
    P[k][k] = STAY[k - 1];
    P[k][0] = 1 - ROLL[k - 1] - STAY[k - 1];
  }
  P[5][7] = 1; // age 1 = chargeOffMonths: written off
  P[6][7] = 1; // (unused: F1 would be a second month in F)
  P[7][7] = 1;
  const stage = [1, 1, 2, 2, 3, 3, 3, 0];
  let pi = [1, 0, 0, 0, 0, 0, 0, 0];
  const shares: number[][] = [];
  const transfers: number[][] = [];
  for (let t = 1; t <= H; t++) {
    const tr = new Array<number>(9).fill(0);
    const next = new Array<number>(S).fill(0);
    for (let a = 0; a < S; a++) {
      for (let b = 0; b < S; b++) {
        const f = pi[a] * P[a][b];
        next[b] += f;
        if (stage[a] > 0 && stage[b] > 0) tr[(stage[a] - 1) * 3 + stage[b] - 1] += N * f;
      }
    }
    pi = next;
    const onBook = 1 - pi[7];
    shares.push([1, 2, 3].map((s) => pi.reduce((sum, x, a) => sum + (stage[a] === s ? x : 0), 0) / onBook));
    transfers.push(tr);
  }
  return { shares, transfers };
}

describe("stages and transfers", () => {
  const model = buildModel(ladder(true));
  const chunk = simulatePaths(model, 0, 40);
  const cols = periodColumns(model.layout);
  const col = (t: number, name: string) => periodColumn(model, chunk, t, cols.indexOf(name));
  const { shares, transfers } = expectedStages();
  const NAMES = ["transfer11", "transfer12", "transfer13", "transfer21", "transfer22", "transfer23", "transfer31", "transfer32", "transfer33"];

  it("gives the chain's expected stage shares and 3×3 transfers each month, within Monte Carlo error", () => {
    // 6 months × 12 figures at 4.5 standard errors: a false alarm below 72 × 6.8e-6 ≈ 0.05% (Bonferroni).
    for (let t = 1; t <= H; t++) {
      const check = (x: Float64Array, expected: number) => {
        const se = Math.sqrt(variance(x) / x.length);
        expect(Math.abs(mean(x) - expected)).toBeLessThanOrEqual(4.5 * se + 1e-9 * Math.max(1, expected));
      };
      ["stage1Share", "stage2Share", "stage3Share"].forEach((name, s) => check(col(t, name), shares[t - 1][s]));
      NAMES.forEach((name, k) => check(col(t, name), transfers[t - 1][k]));
    }
  });

  it("counts every account on the book at both ends once, and its shares sum to 1", () => {
    for (let t = 1; t <= H; t++) {
      const sum = col(t, "stage1Share").map((x, j) => x + col(t, "stage2Share")[j] + col(t, "stage3Share")[j]);
      for (const x of sum) expect(x).toBeCloseTo(1, 12);
      // Accounts on the book at t − 1 and t: the row sums of the matrix are those of stage i at t − 1 not written off.
      const moved = NAMES.reduce((s, name) => s.map((x, j) => x + col(t, name)[j]), new Float64Array(40));
      const balance = col(t, "balance");
      // No accounts are booked: the book at t is the moved accounts (balances all 5,000: no charges, CCF 0).
      for (let j = 0; j < 40; j++) expect(moved[j]).toBeCloseTo(balance[j] / 5_000, 6);
    }
  });

  it("charges Δallowance + write-offs on every path, in each period and over the horizon", () => {
    const charge = bookColumn(chunk, "provisionCharge");
    const writeOffs = bookColumn(chunk, "writeOffs");
    for (let j = 0; j < 40; j++) {
      let sum = 0;
      let written = 0;
      for (let t = 1; t <= H; t++) {
        sum += col(t, "provisionCharge")[j];
        written += col(t, "writeOffs")[j];
        if (t > 1) expect(col(t, "provisionCharge")[j]).toBeCloseTo(col(t, "allowance")[j] - col(t - 1, "allowance")[j] + col(t, "writeOffs")[j], 6);
      }
      expect(charge[j]).toBeCloseTo(sum, 6);
      expect(writeOffs[j]).toBeCloseTo(written, 6);
      expect(bookColumn(chunk, "profitAfterProvisions")[j]).toBeCloseTo(bookColumn(chunk, "profit")[j] + bookColumn(chunk, "netLoss")[j] - charge[j], 6);
    }
    // Defaults from month 5 on (four rolls), written off a month later.
    expect(mean(writeOffs)).toBeGreaterThan(0);
  });

  it("leaves every other output of every path unchanged, at ρ > 0", () => {
    const a = buildModel(ladder(true, 0.1));
    const b = buildModel(ladder(false, 0.1));
    const ca = simulatePaths(a, 0, 8);
    const cb = simulatePaths(b, 0, 8);
    for (let j = 0; j < 8; j++) {
      PATH_METRICS.forEach((m, k) => {
        if (isProvisioning(m)) expect(cb.variants[0].book[j * NPM + k]).toBe(0);
        else expect(ca.variants[0].book[j * NPM + k]).toBe(cb.variants[0].book[j * NPM + k]);
      });
    }
    const W = periodColumns(b.layout).length;
    const Wa = periodColumns(a.layout).length;
    for (let j = 0; j < 8 * H; j++) for (let c = 0; c < W; c++) expect(ca.variants[0].periods[j * Wa + c]).toBe(cb.variants[0].periods[j * W + c]);
  });
});

describe("the allowance at the start", () => {
  it.each([
    ["credit lines, IFRS 9, under a shock", "revolving", "ifrs9", false],
    ["cash loans, CECL", "instalment", "cecl", false],
    ["seasoned credit lines, IFRS 9, the relative PD test, under a shock", "revolving", "ifrs9", true],
    ["seasoned cash loans, CECL", "instalment", "cecl", true],
  ] as const)("equals creditlab ecl's total for the same book: %s", (_, product, standard, seasoned) => {
    // A young book (4 months on book) on a curve that runs past 12 months: every month ahead at its own multiplier.
    const seasoning = { multipliers: [0.5, 1.8, 1.4, 1.1], bandMonths: 4, afterwards: 1, monthsOnBook: 4 };
    // Every account alike (no spread of sizes, one PD, all current): the report's expected book is the book.
    const model = buildModel({
      creditlab: 2,
      simulation: { paths: 2, horizonMonths: 6, periodMonths: 3, seed: "start" },
      macro: { shocks: [{ factor: "economy", path: [-1, -1.5] }] },
      segments: [{ name: "s", product, accounts: 2_000, pd: 0.05, correlation: 0.12, apr: 0.18, start: "current", termMonths: 24, limit: { median: 8_000, sigma: 0 }, principal: { median: 9_000, sigma: 0 }, delinquency: { roll: [0.4, 0.6, 0.7], stay: [0.1, 0.1, 0.1] }, ...(seasoned ? { seasoning } : {}) }],
      provisioning: { standard, stage2: { daysPastDue: 30, probationMonths: 12, ...(seasoned && standard === "ifrs9" ? { pdMultiple: 1.3 } : {}) } },
    });
    const chunk = simulatePaths(model, 0, 2);
    const cols = periodColumns(model.layout);
    const col = (name: string) => periodColumn(model, chunk, 1, cols.indexOf(name));
    const report = eclReport(model, model.provisioning!, seasoned ? { seasoning: [seasoning] } : {});
    if (seasoned && standard === "ifrs9") expect(report.stages["2"].accounts).toBe(2_000);
    for (let j = 0; j < 2; j++) {
      const start = col("allowance")[j] + col("writeOffs")[j] - col("provisionCharge")[j];
      // The hazard is solved from pd twice, by the book's columns and by the report: they agree to about 1e-6.
      expect(start / report.ecl).toBeCloseTo(1, 5);
    }
  });
});

describe("a seasoning curve in the allowance: each account valued at its own months on book", () => {
  // One state, ρ 0, no discount, CCF 0 (EAD = the drawn balance): an account `age` months on
  // book now has hazard h·mult(age + t − 1) in month t ahead; ×2 below 6 months, ×1.5 below 12, then ×1.
  const missRate = 0.06;
  const h = 1 - (1 - missRate) ** (1 / 12);
  const lgd = 0.7;
  const mult = (age: number) => (age < 6 ? 2 : age < 12 ? 1.5 : 1);
  const unit = (age: number) => {
    let alive = 1;
    let sum = 0;
    for (let t = 1; t <= 12; t++) {
      const ht = h * mult(age + t - 1);
      sum += alive * ht * lgd;
      alive *= 1 - ht;
    }
    return sum;
  };
  const seasoning = { multipliers: [2, 1.5], bandMonths: 6, monthsOnBook: 3 };
  const input: ScenarioInput = {
    creditlab: 2,
    simulation: { paths: 4, horizonMonths: 6, periodMonths: 3, seed: "seasoned" },
    segments: [{ name: "s", accounts: 2_000, missRate, correlation: 0, ccf: 0, start: "current", lgd: { mean: lgd, sd: 0 }, delinquency: { roll: [], stay: [] }, chargeOffMonths: 6, seasoning }],
    provisioning: { discount: "none" },
  };

  it("at the start Σ Π(1 − h_s)·h_t·LGD·EAD with h_t = h·mult(3 + t − 1), equal to `ecl`'s total; at month 3 the current ones at their age 6", () => {
    const model = buildModel(input);
    expect(model.variants[0].segments[0].stepped).toBe(true);
    const chunk = simulatePaths(model, 0, 4);
    const cols = periodColumns(model.layout);
    const col = (t: number, name: string) => periodColumn(model, chunk, t, cols.indexOf(name));
    const report = eclReport(model, model.provisioning!, { seasoning: [{ ...seasoning, afterwards: 1 }] });
    const ead = report.stages["1"].exposure;
    expect(report.stages["1"].accounts).toBe(2_000);
    expect(report.ecl / (ead * unit(3))).toBeCloseTo(1, 6);
    for (let j = 0; j < 4; j++) {
      const start = col(1, "allowance")[j] + col(1, "writeOffs")[j] - col(1, "provisionCharge")[j];
      expect(start / (ead * unit(3))).toBeCloseTo(1, 9);
      // Unseasoned, the start would be valued at h throughout: far below.
      expect(start / (ead * unit(12))).toBeGreaterThan(1.4);
      // Month 3 (period 1's end): stage 1 is the current accounts, 6 months on book; their drawn balance is stage 1's share of the balance.
      const stage1 = col(1, "stage1Share")[j] * col(1, "balance")[j];
      expect(col(1, "allowanceStage1")[j] / (stage1 * unit(6))).toBeCloseTo(1, 9);
      // Month 6: age 9.
      const later = col(2, "stage1Share")[j] * col(2, "balance")[j];
      expect(col(2, "allowanceStage1")[j] / (later * unit(9))).toBeCloseTo(1, 9);
    }
  });

  it("values an account booked in the run from 0 months on book", () => {
    // No starting book: at the end of month 1 every account on it was booked then, 0 months on
    // book. Every applicant scores 600, at 30:1 odds: an annual PD (a miss, one state) of 1/31.
    const h0 = 1 - (1 - 1 / 31) ** (1 / 12);
    let alive = 1;
    let u0 = 0;
    for (let t = 1; t <= 12; t++) {
      const ht = h0 * mult(t - 1);
      u0 += alive * ht * lgd;
      alive *= 1 - ht;
    }
    const { missRate: _, ...seg } = input.segments[0];
    const model = buildModel({
      ...input,
      simulation: { paths: 2, horizonMonths: 2, periodMonths: 1, seed: "booked" },
      segments: [{ ...seg, accounts: 0, score: { mean: 600, sd: 0 }, scorecard: { score: 600, odds: 30, pdo: 20 }, originations: { perMonth: 500, score: { mean: 600, sd: 0 } } }],
    });
    const chunk = simulatePaths(model, 0, 2);
    const cols = periodColumns(model.layout);
    const col = (t: number, name: string) => periodColumn(model, chunk, t, cols.indexOf(name));
    for (let j = 0; j < 2; j++) {
      const stage1 = col(1, "stage1Share")[j] * col(1, "balance")[j];
      expect(stage1).toBeGreaterThan(0);
      expect(col(1, "allowanceStage1")[j] / (stage1 * u0)).toBeCloseTo(1, 9);
    }
  });
});

describe("probation of forborne accounts in a closed-form segment", () => {
  // Lines at 0% (balances stay 5,000: an account is balance/5,000), a holiday for half of those
  // reaching D1, a re-default multiplier: back from the holiday they join the closed-form
  // current accounts, and stay in stage 2 for probationMonths.
  const book = (probationMonths: number): ScenarioInput => ({
    ...ladder(false),
    simulation: { paths: 20, horizonMonths: 8, periodMonths: 1, seed: "probation" },
    segments: [{ ...ladder(false).segments[0], apr: 0, penaltyApr: 0, delinquency: { roll: [0.5, 0.6], stay: [0.1, 0.1] } }],
    policy: { forbearance: { offerAt: 1, takeUp: 0.5, holidayMonths: 2, redefaultMultiplier: 2 } },
    provisioning: { stage2: { daysPastDue: 30, probationMonths } },
  });
  const run = (probationMonths: number) => {
    const model = buildModel(book(probationMonths));
    expect(model.variants[0].segments[0].stepped).toBe(false);
    const chunk = simulatePaths(model, 0, 20);
    const cols = periodColumns(model.layout);
    return (t: number, name: string) => periodColumn(model, chunk, t, cols.indexOf(name));
  };
  const held = run(12);
  const none = run(0);
  const NAMES = ["transfer11", "transfer12", "transfer13", "transfer21", "transfer22", "transfer23", "transfer31", "transfer32", "transfer33"];
  const into2 = (col: typeof held, t: number) => ["transfer12", "transfer22", "transfer32"].reduce((s, name) => s.map((x, j) => x + col(t, name)[j]), new Float64Array(20));
  const all = (col: typeof held, t: number) => NAMES.reduce((s, name) => s.map((x, j) => x + col(t, name)[j]), new Float64Array(20));

  it("counts every account on the book at both ends once, the returned ones in stage 2 while in probation", () => {
    let more = 0;
    for (let t = 1; t <= 8; t++) {
      const a = into2(held, t);
      const b = into2(none, t);
      const inHeld = all(held, t);
      const inNone = all(none, t);
      for (let j = 0; j < 20; j++) {
        expect(inHeld[j]).toBeCloseTo(held(t, "balance")[j] / 5_000, 6);
        expect(inNone[j]).toBe(inHeld[j]);
        // The same paths: more in stage 2 (and a larger allowance) only by the returned accounts.
        expect(a[j]).toBeGreaterThanOrEqual(b[j]);
        expect(held(t, "allowance")[j]).toBeGreaterThanOrEqual(none(t, "allowance")[j]);
        expect(held(t, "stage2Share")[j] - none(t, "stage2Share")[j]).toBeCloseTo((a[j] - b[j]) / (held(t, "balance")[j] / 5_000), 9);
        more += a[j] - b[j];
      }
    }
    expect(more).toBeGreaterThan(0);
  });
});

describe("the transfers of a static balance sheet", () => {
  // Lines at 0% (balances stay 5,000: an account is balance/5,000) whose leavers are replaced by
  // new accounts (docs/model.md §7.1). A replacement is new in the period it joins, as a booked
  // applicant is: outside the transfers, which count the accounts on the book at both ends.
  const book = (seasoning: boolean): ScenarioInput => ({
    creditlab: 2,
    simulation: { paths: 12, horizonMonths: 8, periodMonths: 1, seed: "replaced", balanceSheet: "static" },
    segments: [
      {
        name: "s",
        accounts: 2000,
        pd: 0.1,
        correlation: 0,
        attrition: 0.03,
        apr: 0,
        penaltyApr: 0,
        limit: { median: 10_000, sigma: 0 },
        utilization: 0.5,
        ccf: 0,
        start: "current",
        chargeOffMonths: 1,
        delinquency: { roll: [0.5, 0.6], stay: [0.1, 0.1] },
        // A curve of ones changes no hazard and makes the segment stepped: its accounts are valued in its list.
        ...(seasoning ? { seasoning: { multipliers: [1], afterwards: 1, monthsOnBook: 0 } } : {}),
      },
    ],
    provisioning: {},
  });
  const NAMES = ["transfer11", "transfer12", "transfer13", "transfer21", "transfer22", "transfer23", "transfer31", "transfer32", "transfer33"];

  it.each([false, true])("counts each account on the book at both ends once, not the replacements (stepped: %s)", (seasoning) => {
    const model = buildModel(book(seasoning));
    expect(model.variants[0].segments[0].stepped).toBe(seasoning);
    const chunk = simulatePaths(model, 0, 12);
    const cols = periodColumns(model.layout);
    const col = (t: number, name: string) => periodColumn(model, chunk, t, cols.indexOf(name));
    let joined = 0;
    for (let t = 1; t <= 8; t++) {
      const balance = col(t, "balance");
      const originations = col(t, "cashOriginations");
      const all = NAMES.reduce((s, name) => s.map((x, j) => x + col(t, name)[j]), new Float64Array(12));
      for (let j = 0; j < 12; j++) {
        const onBook = balance[j] / 5_000;
        const joinedNow = originations[j] / 5_000;
        expect(all[j]).toBeCloseTo(onBook - joinedNow, 6);
        joined += joinedNow;
      }
    }
    // Replacements did join: the identity is not that of a book without any.
    expect(joined).toBeGreaterThan(12 * 8 * 2000 * 0.03 * 0.8);
  });
});
