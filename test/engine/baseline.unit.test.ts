/**
 * baseline.ts against a plain loop over the starting accounts written here: what the
 * starting book does if no current account ever leaves C. Accounts on the book are those
 * not already defaulted; exposure is B + CCF·max(0, L − B) for a credit line and B for a
 * loan (MODEL.md 8); a current line keeps its balance and pays B·r every month, a current
 * loan pays its level payment, amortizes and closes at its last payment. The book's columns
 * (balances, limits, payments, states) come from buildBook: they are the input here.
 */
import { describe, expect, it } from "vitest";
import { startingBaseline } from "../../src/engine/baseline.ts";
import { buildBook } from "../../src/engine/book.ts";
import { PRODUCT } from "../../src/engine/model.ts";
import { State } from "../../src/engine/state.ts";
import type { ScenarioInput } from "../../src/scenario/schema.ts";
import { buildModel } from "./helpers.ts";

const H = 24;

const scenario = (segment: Record<string, unknown>): ScenarioInput =>
  ({
    creditlab: 2,
    simulation: { paths: 1, horizonMonths: H, periodMonths: 3, seed: "baseline" },
    segments: [{ name: "a", accounts: 400, pd: 0.08, correlation: 0.1, delinquency: { roll: [0.5, 0.7], stay: [0.1, 0.1] }, chargeOffMonths: 3, ...segment }],
  }) as ScenarioInput;

const CASES: [string, Record<string, unknown>][] = [
  ["credit lines, steady start (some in arrears and in F)", { apr: 0.24, utilization: 0.6, ccf: 0.7, limit: { median: 4000, sigma: 0.5 } }],
  ["loans of 18 months, steady start", { product: "instalment", apr: 0.18, termMonths: 18, principal: { median: 8000, sigma: 0.4 } }],
  ["loans of 9 months at 0% (they close within the horizon)", { product: "instalment", apr: 0, termMonths: 9, principal: { median: 3000, sigma: 0.3 }, start: "current" }],
  ["credit lines with given shares in arrears and defaulted", { apr: 0.3, ccf: 0.5, delinquency: { roll: [0.5, 0.7], stay: [0.1, 0.1], start: [0.05, 0.05], startDefaulted: 0.05 } }],
];

describe("startingBaseline", () => {
  it.each(CASES)("matches a plain loop over the starting accounts: %s", (_, segment) => {
    const model = buildModel(scenario(segment));
    const book = buildBook(model);
    const c = book.variants[0];
    const s = model.variants[0].segments[0];
    const range = book.ranges[0];
    const base = startingBaseline(s, range, c, H);

    const r = s.aprMonthly;
    let accounts = 0;
    let exposure = 0;
    let interest = 0;
    let undrawn = 0;
    let inArrears = 0;
    const balance = new Array<number>(H + 1).fill(0);
    const count = new Array<number>(H + 1).fill(0);
    for (let i = range.start; i < range.start + s.accounts; i++) {
      if (c.bookAt[i] !== 0 || c.startState[i] === State.F || c.startState[i] === State.W) continue;
      accounts++;
      const B = c.balance[i];
      const L = c.limit[i];
      exposure += s.product === PRODUCT.revolving ? B + s.ccf * Math.max(0, L - B) : B;
      if (c.startState[i] !== State.C) {
        inArrears++;
        continue;
      }
      if (s.product === PRODUCT.revolving) {
        for (let m = 0; m <= H; m++) {
          balance[m] += B;
          count[m]++;
        }
        interest += B * r * H;
        undrawn += Math.max(0, L - B);
      } else {
        let b = B;
        balance[0] += b;
        count[0]++;
        for (let m = 1; m <= H && m < c.term[i]; m++) {
          interest += r * b;
          b = b * (1 + r) - c.payment[i];
          balance[m] += b;
          count[m]++;
        }
        // The last payment (month term) closes the loan: its interest, then nothing on the book.
        if (c.term[i] <= H) interest += r * b;
      }
    }
    // The case has what it names.
    if (segment.start !== "current") expect(inArrears).toBeGreaterThan(0);
    expect(base.accounts).toBe(accounts);
    expect(base.exposure).toBeCloseTo(exposure, 6);
    expect(Math.abs(base.interest - interest)).toBeLessThan(1e-9 * Math.max(1, interest));
    expect(base.undrawn).toBeCloseTo(undrawn, 6);
    for (let m = 0; m <= H; m++) {
      expect(base.count[m]).toBe(count[m]);
      expect(Math.abs(base.balance[m] - balance[m])).toBeLessThan(1e-9 * Math.max(1, balance[0]));
    }
  });
});
