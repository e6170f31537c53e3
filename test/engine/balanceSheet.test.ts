/**
 * A static balance sheet (docs/model.md §7.1): accounts that leave are replaced by new
 * current accounts of the segment, so its balance not in default stays as at the start.
 * Checked against the start's balance summed here, on every path and month; the run-off
 * book's balance falls; and the paths are the same bytes however the run is split.
 */
import { describe, expect, it } from "vitest";
import type { ScenarioInput } from "../../src/scenario/schema.ts";
import { simulatePaths } from "../../src/engine/simulate.ts";
import { periodColumns } from "../../src/engine/layout.ts";
import { bookColumn, buildModel, periodColumn } from "./helpers.ts";
import { expectAt, onlyError } from "../scenario/helpers.ts";

const PATHS = 8;
const MONTHS = 27;
/** Every line draws 0.5 × 4000: the start's balance is 2000 × accounts, and a replacement moves it by 2000. */
const LINE = 2000;

const book = (balanceSheet: "static" | "runoff", more: Record<string, unknown> = {}): ScenarioInput => ({
  creditlab: 2,
  simulation: { paths: PATHS, horizonMonths: MONTHS, periodMonths: 3, seed: "static", balanceSheet },
  segments: [
    {
      name: "cards",
      accounts: 1500,
      pd: 0.06,
      correlation: 0,
      start: "current",
      attrition: 0.02,
      apr: 0.2,
      limit: { median: 4000, sigma: 0 },
      utilization: 0.5,
      ccf: 0,
      delinquency: { roll: [0.5], stay: [0] },
      // Written off at default: the balance column is the balance not in default.
      chargeOffMonths: 0,
      lgd: { mean: 0.8, sd: 0 },
      ...more,
    },
  ],
});

describe("a static balance sheet", () => {
  it("keeps a neutral card book's balance at the start's, within one line, every quarter of every path; run-off lets it fall", () => {
    const model = buildModel(book("static"));
    const runoff = buildModel(book("runoff"));
    const chunk = simulatePaths(model, 0, PATHS);
    const off = simulatePaths(runoff, 0, PATHS);
    const start = 1500 * LINE;
    const c = periodColumns(model.layout).indexOf("balance");
    for (let t = 1; t <= MONTHS / 3; t++) {
      for (const b of periodColumn(model, chunk, t, c)) expect(Math.abs(b - start)).toBeLessThanOrEqual(LINE / 2 + 1e-6);
    }
    // Without replacement 2% a month attrite and about 0.5% default: a quarter of the book is gone by month 27.
    for (const b of periodColumn(runoff, off, MONTHS / 3, c)) expect(b).toBeLessThan(0.85 * start);
    // The replacements are on the book: more accounts, and as many defaults as a book that stays whole.
    const accounts = bookColumn(chunk, "accounts");
    for (const n of accounts) expect(n).toBeGreaterThan(1500 * 1.3);
  });

  it("keeps an instalment book's balance not in default at the start's, the amortization replaced too", () => {
    const loans = { product: "instalment", principal: { median: 6000, sigma: 0 }, termMonths: 12, apr: 0.1, limit: undefined, utilization: undefined, ccf: undefined };
    const model = buildModel(book("static", loans));
    const chunk = simulatePaths(model, 0, 4);
    const c = periodColumns(model.layout).indexOf("balance");
    const start = 1500 * 6000;
    for (let t = 1; t <= MONTHS / 3; t++) {
      for (const b of periodColumn(model, chunk, t, c)) expect(Math.abs(b - start)).toBeLessThanOrEqual(6000 / 2 + 1e-6);
    }
  });

  it("keeps a transactor and revolver card book's balance at the start's, every quarter of every path, with the slots its pay-down needs", () => {
    // Transactors pay in full and hold their month's purchases, 0.1 × 4000; a revolver pays a fifth
    // and buys 0.1 × 4000, so it never holds more than 0.5 × 4000 = LINE. Joining at LINE, the book
    // needs up to utilization/purchases = 5 times its accounts to hold the start's balance, and more
    // new accounts for its leavers: far more than a leaving rate alone gives.
    const cards = { product: "revolving", revolvers: { share: 2 / 7, toRevolve: 0.02, toTransact: 0.05, minPayment: 0.2 }, purchases: 0.1, attrition: 0.01, pd: 0.04 };
    const model = buildModel(book("static", cards));
    const chunk = simulatePaths(model, 0, 4);
    const c = periodColumns(model.layout).indexOf("balance");
    const start = 1500 * LINE;
    for (let t = 1; t <= MONTHS / 3; t++) {
      for (const b of periodColumn(model, chunk, t, c)) expect(Math.abs(b - start)).toBeLessThanOrEqual(LINE / 2 + 1e-6);
    }
    // Without replacement the transactors' pay-down alone takes more than half the balance.
    const off = simulatePaths(buildModel(book("runoff", cards)), 0, 4);
    for (const b of periodColumn(model, off, MONTHS / 3, c)) expect(b).toBeLessThan(0.5 * start);
  });

  it("refuses a static balance sheet of transactors without purchases, at the segment's revolvers, with what is allowed", () => {
    const text = `creditlab: 2
simulation: { paths: 10, horizonMonths: 27, periodMonths: 3, balanceSheet: static }
segments:
  - name: cards
    accounts: 100
    pd: 0.04
    product: revolving
    revolvers: { share: 0.3, toRevolve: 0.02, toTransact: 0.05, minPayment: 0.05 }
`;
    const e = onlyError(text);
    expectAt(e, "segments[0].revolvers", text, "{ share");
    expect(e.message).toContain("allowed: purchases above 0 (a share of the limit a month), or simulation.balanceSheet: runoff");
  });

  it("gives the same paths however the run is split", () => {
    const model = buildModel(book("static", { correlation: 0.05 }));
    const whole = simulatePaths(model, 0, 6).variants[0];
    const a = simulatePaths(model, 0, 2).variants[0];
    const b = simulatePaths(model, 2, 6).variants[0];
    expect(Array.from(whole.book)).toEqual([...a.book, ...b.book]);
    expect(Array.from(whole.periods)).toEqual([...a.periods, ...b.periods]);
  });
});
