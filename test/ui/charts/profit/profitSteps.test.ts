import { describe, expect, it } from "vitest";
import { profitSteps, profitTable, stepExtent } from "../../../../src/ui/charts/profit/profitSteps.ts";
import type { BookResult, Summary } from "../../../../src/result/resultFile.ts";
import { book, summary } from "../fixtures.ts";

/** A summary with this mean, non-zero on some path. */
const mean = (m: number): Summary => ({ ...summary(m, m, 0), min: m, max: m });
const zero = summary(0, 0, 0);

/**
 * A credit-card book's means worked by hand: interest 9,000, fees 1,000, merchant fees
 * 2,000, plan fees 500 make income 12,500; funding 1,500, collection 300, loss 4,000,
 * operating 2,400, acquisition 1,800 cost 10,000; profit 2,500. No insurance.
 */
function cardBook(): BookResult {
  return {
    ...book(),
    interestIncome: mean(9000),
    feeIncome: mean(1000),
    merchantFeeIncome: mean(2000),
    instalmentFeeIncome: mean(500),
    income: mean(12_500),
    fundingCost: mean(1500),
    collectionCost: mean(300),
    netLoss: mean(4000),
    retainedLoss: mean(4000),
    insuranceRecovery: zero,
    insurancePremium: zero,
    operatingCost: mean(2400),
    acquisitionCost: mean(1800),
    profit: mean(2500),
  };
}

describe("profit in its parts", () => {
  it("walks from the incomes down through the costs to profit", () => {
    const steps = profitSteps(cardBook());
    expect(steps.map((s) => [s.label, s.kind, s.from, s.to])).toEqual([
      ["Interest income", "income", 0, 9000],
      ["Fees and penalty interest", "income", 9000, 10_000],
      ["Merchant fees", "income", 10_000, 12_000],
      ["Instalment plan fees", "income", 12_000, 12_500],
      ["Funding cost", "cost", 12_500, 11_000],
      ["Collection cost", "cost", 11_000, 10_700],
      ["Net credit loss", "cost", 10_700, 6700],
      ["Operating cost", "cost", 6700, 4300],
      ["Acquisition cost", "cost", 4300, 2500],
      ["Profit", "profit", 0, 2500],
    ]);
    // The running total ends where profit is.
    expect(steps[steps.length - 2].to).toBe(steps[steps.length - 1].to);
    expect(stepExtent(steps)).toEqual([0, 12_500]);
  });

  it("names the loss kept after insurance, and leaves out parts that are zero on every path", () => {
    const insured = { ...cardBook(), insurancePremium: mean(200), insuranceRecovery: mean(1000), retainedLoss: mean(3000), profit: mean(3300) };
    const steps = profitSteps({ ...insured, feeIncome: zero, acquisitionCost: { ...zero, min: -5 } });
    expect(steps.map((s) => s.key)).toEqual([
      "interestIncome", "merchantFeeIncome", "instalmentFeeIncome", "fundingCost", "collectionCost", "retainedLoss", "insurancePremium", "operatingCost", "acquisitionCost", "profit",
    ]);
    expect(steps.find((s) => s.key === "retainedLoss")?.label).toBe("Retained loss after insurance");
  });

  it("reaches below zero when costs exceed income", () => {
    const loss = { ...cardBook(), operatingCost: mean(6000), profit: mean(-1100) };
    const steps = profitSteps(loss);
    expect(steps[steps.length - 2].to).toBe(-1100);
    expect(stepExtent(steps)).toEqual([-1100, 12_500]);
  });

  it("tables each part signed as it enters profit, with its error and the running total", () => {
    const t = profitTable(profitSteps(cardBook()));
    expect(t.columns.map((c) => c.label)).toEqual(["Part", "Mean, as it enters profit (currency units)", "Standard error", "Running total"]);
    expect(t.rows[4]).toEqual(["Funding cost", -1500, 0, 11_000]);
    expect(t.rows[t.rows.length - 1]).toEqual(["Profit", 2500, 0, 2500]);
  });
});
