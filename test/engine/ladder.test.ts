/**
 * With correlation 0 the accounts are independent Markov chains (MODEL.md 4), so the
 * 24-month default rate must be the chain's absorption probability, computed here from
 * the transition matrix by repeated multiplication.
 */
import { describe, expect, it } from "vitest";
import { simulatePaths } from "../../src/engine/simulate.ts";
import { bookColumn, buildModel, mean } from "./helpers.ts";

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
      creditlab: 1,
      simulation: { paths: PATHS, horizonMonths: 24, seed: 7 },
      segments: [
        {
          name: "independent",
          accounts: N,
          pd: PD,
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
      creditlab: 1,
      simulation: { paths: PATHS, horizonMonths: 24, periodMonths: 3, seed: 7 },
      segments: [{ name: "q", accounts: N, pd: PD, correlation: 0, delinquency: { roll: [] } }],
    });
    const dr = bookColumn(simulatePaths(model, 0, PATHS), "defaultRate");
    const q = 1 - (1 - PD) ** 2;
    expect(Math.abs(mean(dr) - q)).toBeLessThan(4 * Math.sqrt((q * (1 - q)) / (N * PATHS)));
  });
});
