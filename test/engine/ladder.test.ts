/**
 * With correlation 0 the accounts are independent Markov chains (MODEL.md 4), so the
 * 24-month default rate must be the chain's absorption probability, computed here from
 * the transition matrix by repeated multiplication.
 */
import { describe, expect, it } from "vitest";
import { simulatePaths } from "../../src/engine/simulate.ts";
import { periodColumns } from "../../src/engine/layout.ts";
import { bookColumn, buildModel, mean, periodColumn } from "./helpers.ts";

const PD = 0.06;
const ATTRITION = 0.01;
const ROLL = [0.3, 0.5, 0.7];
const STAY = [0.1, 0.2, 0];
const N = 5000;
const PATHS = 200;

/** P(absorbed in default by month `months`) from current, for the chain C, D1..Dm, F, P. */
function absorption(h: number, attrition: number, roll: number[], stay: number[], months: number): number {
  const m = roll.length;
  // States: 0 = C, 1..m = D1..Dm, m+1 = F, m+2 = P.
  const size = m + 3;
  const M = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  M[0][1] = h;
  M[0][m + 2] = (1 - h) * attrition;
  M[0][0] = (1 - h) * (1 - attrition);
  for (let k = 1; k <= m; k++) {
    M[k][k === m ? m + 1 : k + 1] = roll[k - 1];
    M[k][k] = stay[k - 1];
    M[k][0] = 1 - roll[k - 1] - stay[k - 1];
  }
  M[m + 1][m + 1] = 1;
  M[m + 2][m + 2] = 1;
  let row = new Array<number>(size).fill(0);
  row[0] = 1;
  for (let t = 0; t < months; t++) {
    const next = new Array<number>(size).fill(0);
    for (let i = 0; i < size; i++) for (let j = 0; j < size; j++) next[j] += row[i] * M[i][j];
    row = next;
  }
  return row[m + 1];
}

describe("a monthly delinquency ladder with correlation 0", () => {
  it("gives the Markov chain's 24-month absorption probability as its default rate", () => {
    const model = buildModel({
      creditlab: 2,
      simulation: { paths: PATHS, horizonMonths: 24, seed: 7 },
      segments: [
        {
          name: "independent",
          accounts: N,
          start: "current",
          missRate: PD,
          correlation: 0,
          attrition: ATTRITION,
          delinquency: { roll: ROLL, stay: STAY },
        },
      ],
    });
    const dr = bookColumn(simulatePaths(model, 0, PATHS), "defaultRate");
    const monthly = 1 - (1 - PD) ** (1 / 12);
    const q = absorption(monthly, ATTRITION, ROLL, STAY, 24);
    // Defaults are Binomial(N, q) on every path: the mean over paths has sd √(q(1−q)/(N·paths)).
    expect(Math.abs(mean(dr) - q)).toBeLessThan(4 * Math.sqrt((q * (1 - q)) / (N * PATHS)));
  });

  it("gives the same absorption probability with quarterly periods when the ladder is immediate", () => {
    // With roll [] a miss is a default, so a quarter's hazard 1 − (1 − h)^3 is exact.
    const model = buildModel({
      creditlab: 2,
      simulation: { paths: PATHS, horizonMonths: 24, periodMonths: 3, seed: 7 },
      segments: [{ name: "q", accounts: N, missRate: PD, correlation: 0, delinquency: { roll: [] } }],
    });
    const dr = bookColumn(simulatePaths(model, 0, PATHS), "defaultRate");
    const q = 1 - (1 - PD) ** 2;
    expect(Math.abs(mean(dr) - q)).toBeLessThan(4 * Math.sqrt((q * (1 - q)) / (N * PATHS)));
  });
});

describe("a book that starts delinquent", () => {
  it("puts the given shares of its starting accounts in D1 and D2, the same book on every path", () => {
    // stay 1: nobody leaves a bucket; a tiny PD: nobody current misses in the first month.
    const model = buildModel({
      creditlab: 2,
      simulation: { paths: 5, horizonMonths: 1, seed: "start" },
      segments: [
        { name: "s", accounts: 20_000, missRate: 1e-9, delinquency: { roll: [0, 0], stay: [1, 1], start: [0.03, 0.02] } },
      ],
    });
    const chunk = simulatePaths(model, 0, 5);
    const cols = periodColumns(model.layout);
    const d1 = periodColumn(model, chunk, 1, cols.indexOf("D1"));
    const d2 = periodColumn(model, chunk, 1, cols.indexOf("D2"));
    expect(new Set(d1).size).toBe(1);
    // Binomial sampling of the static draw: 4 standard errors.
    expect(Math.abs(d1[0] - 0.03)).toBeLessThan(4 * Math.sqrt((0.03 * 0.97) / 20_000));
    expect(Math.abs(d2[0] - 0.02)).toBeLessThan(4 * Math.sqrt((0.02 * 0.98) / 20_000));
    // D2 is 31–60 days past due: not non-performing (more than 90 days or default), in the 30–59 bucket.
    expect(periodColumn(model, chunk, 1, cols.indexOf("nplRatio"))[0]).toBe(0);
    expect(periodColumn(model, chunk, 1, cols.indexOf("dpd30to59"))[0]).toBeGreaterThan(0.015);
    expect(periodColumn(model, chunk, 1, cols.indexOf("dpd90plus"))[0]).toBe(0);
  });

  it("keeps accounts defaulted before the start in the NPL ratio until they are written off, outside the horizon's accounts and losses", () => {
    const model = buildModel({
      creditlab: 2,
      simulation: { paths: 3, horizonMonths: 6, seed: "start" },
      segments: [
        {
          name: "s",
          accounts: 20_000,
          missRate: 1e-9,
          chargeOffMonths: 5,
          delinquency: { roll: [0, 0], stay: [1, 1], start: [0, 0.02], startDefaulted: 0.05 },
        },
      ],
    });
    const chunk = simulatePaths(model, 0, 3);
    const cols = periodColumns(model.layout);
    const defaulted = 20_000 - bookColumn(chunk, "accounts")[0];
    expect(Math.abs(defaulted / 20_000 - 0.05)).toBeLessThan(4 * Math.sqrt((0.05 * 0.95) / 20_000));
    expect(bookColumn(chunk, "netLoss")[0]).toBe(0);
    expect(bookColumn(chunk, "defaults")[0]).toBe(0);
    // A fifth of them is written off each month: after month 1 four fifths remain. An account
    // in F holds its EAD, drawn 0.5 + CCF 0.5 × undrawn 0.5 = 1.5 times the drawn balance of
    // the others (no APR, no fee: D2's balance is the drawn one).
    const npl1 = periodColumn(model, chunk, 1, cols.indexOf("nplRatio"))[0];
    const f1 = 0.05 * 0.8 * 1.5;
    expect(npl1).toBeCloseTo(f1 / (1 - 0.05 + f1), 2);
    // After five months all are gone: D2 (31–60 days past due) is not non-performing.
    expect(periodColumn(model, chunk, 5, cols.indexOf("nplRatio"))[0]).toBe(0);
  });
});
