/**
 * Risk sharing: credit insurance on the book's net loss and tranche views of the loss,
 * checked path by path against their definitions.
 */
import { describe, expect, it } from "vitest";
import { parseScenario } from "../../src/scenario/parse.ts";
import { compileModel } from "../../src/engine/model.ts";
import { simulatePaths } from "../../src/engine/simulate.ts";
import { bookColumn, resultOf } from "./helpers.ts";

const PATHS = 300;
const text = `
creditlab: 2
name: risk sharing
simulation: { paths: ${PATHS}, horizonMonths: 12, seed: sharing }
macro:
  shocks: [{ factor: economy, recession: { start: 1, fall: 3, trough: -1, stay: 3, recover: 3 } }]
segments:
  - { name: cards, accounts: 2000, missRate: 0.05, correlation: 0.1, apr: 0.2, limit: { median: 3000, sigma: 0.4 } }
  - { name: loans, accounts: 1000, product: instalment, missRate: 0.08, correlation: 0.1, apr: 0.25, termMonths: 24 }
policy: { fundingRate: 0.03 }
tranches:
  - { name: equity, attach: 0, detach: 0.02 }
  - { name: mezzanine, attach: 0.02, detach: 0.05 }
  - { name: senior, attach: 0.05, detach: 1 }
variants:
  - name: insured
    policy: { insurance: { deductible: 0.01, coverage: 0.8, premium: 0.004 } }
`;

describe("risk sharing", () => {
  const parsed = parseScenario(text, "sharing.yaml");
  if (!parsed.ok) throw new Error(parsed.error.map((e) => `${e.path}: ${e.message}`).join("\n"));
  const model = compileModel(parsed.value.variants);
  const chunk = simulatePaths(model, 0, PATHS);
  const result = resultOf(model, chunk);

  it("insurance pays coverage × the loss above the deductible, for a premium on balance-years", () => {
    const loss = bookColumn(chunk, "netLoss", 1);
    const exposure = bookColumn(chunk, "exposure", 1);
    const recovery = bookColumn(chunk, "insuranceRecovery", 1);
    const premium = bookColumn(chunk, "insurancePremium", 1);
    const years = bookColumn(chunk, "balanceYears", 1);
    let paid = 0;
    for (let p = 0; p < PATHS; p++) {
      expect(recovery[p]).toBeCloseTo(0.8 * Math.max(0, loss[p] - 0.01 * exposure[p]), 6);
      expect(premium[p]).toBeCloseTo(0.004 * years[p], 6);
      if (recovery[p] > 0) paid++;
    }
    expect(paid).toBeGreaterThan(0);
  });

  it("changes profit by recovery − premium and leaves the credit losses alone, path by path", () => {
    const base = { loss: bookColumn(chunk, "netLoss", 0), profit: bookColumn(chunk, "profit", 0) };
    const insured = {
      loss: bookColumn(chunk, "netLoss", 1),
      profit: bookColumn(chunk, "profit", 1),
      net: Float64Array.from(bookColumn(chunk, "insuranceRecovery", 1), (r, p) => r - bookColumn(chunk, "insurancePremium", 1)[p]),
    };
    for (let p = 0; p < PATHS; p++) {
      expect(insured.loss[p]).toBe(base.loss[p]);
      expect(insured.profit[p] - base.profit[p]).toBeCloseTo(insured.net[p], 6);
    }
    expect(result.variants[1].book.retainedVar["0.99"]).toBeLessThan(result.variants[1].book.var["0.99"]);
  });

  it("tranche losses are the layers of the loss and add up to it", () => {
    const loss = bookColumn(chunk, "netLoss", 0);
    const exposure = bookColumn(chunk, "exposure", 0);
    const tranches = result.variants[0].tranches;
    let equity = 0;
    for (let p = 0; p < PATHS; p++) equity += Math.min(loss[p], 0.02 * exposure[p]);
    expect(tranches.equity.loss.mean).toBeCloseTo(equity / PATHS, 6);
    const total = tranches.equity.loss.mean + tranches.mezzanine.loss.mean + tranches.senior.loss.mean;
    expect(total).toBeCloseTo(result.variants[0].book.netLoss.mean, 6);
    expect(tranches.senior.probabilityOfLoss).toBeLessThanOrEqual(tranches.mezzanine.probabilityOfLoss);
    expect(tranches.mezzanine.probabilityOfLoss).toBeLessThanOrEqual(tranches.equity.probabilityOfLoss);
  });
});
