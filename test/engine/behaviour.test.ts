/**
 * How credit lines and cash loans earn and fail (docs/model.md §4.6–4.8, §7, §8), each
 * mechanism on a small book against a hand computation: transactors and revolvers, the
 * minimum payment, instalment plans, the payment burden, line increases, costs.
 */
import { describe, expect, it } from "vitest";
import { simulatePaths } from "../../src/engine/simulate.ts";
import { PERIOD_FIXED, periodColumns } from "../../src/engine/layout.ts";
import type { ScenarioInput } from "../../src/scenario/schema.ts";
import { bookColumn, bruteForce, buildModel, mean, periodColumn, resultOf } from "./helpers.ts";

const BALANCE = PERIOD_FIXED.indexOf("balance");
const DEFAULTS = PERIOD_FIXED.indexOf("defaults");
const LOSS = PERIOD_FIXED.indexOf("lossAtDefault");
const sum = (x: ArrayLike<number>) => Array.from(x).reduce((a, b) => a + b, 0);

/** A credit line of identical accounts (limit 1,000) that never miss unless a test says so. */
function line(segment: Record<string, unknown>, extra: Partial<ScenarioInput> = {}): ScenarioInput {
  return {
    creditlab: 2,
    simulation: { paths: 4, horizonMonths: 24, seed: 7 },
    segments: [
      {
        name: "line",
        accounts: 500,
        start: "current",
        product: "revolving",
        missRate: 1e-12,
        correlation: 0,
        limit: { median: 1000, sigma: 0 },
        utilization: 0.5,
        lgd: { mean: 1, sd: 0 },
        ...segment,
      } as ScenarioInput["segments"][number],
    ],
    ...extra,
  };
}

describe("transactors and revolvers", () => {
  it("a book of transactors earns no interest, only the merchant fee on its purchases", () => {
    const model = buildModel(
      line({ apr: 0.3, revolvers: { share: 0, toRevolve: 0, toTransact: 0.1, minPayment: 0.05 }, purchases: 0.2, interchange: 0.01 }),
    );
    const chunk = simulatePaths(model, 0, 4);
    // Each month every account repays its statement and buys 0.2 × 1,000: a fee of 2.
    for (const fee of bookColumn(chunk, "merchantFeeIncome")) expect(fee).toBeCloseTo(500 * 24 * 2, 6);
    for (const interest of bookColumn(chunk, "interestIncome")) expect(interest).toBe(0);
    for (const income of bookColumn(chunk, "income")) expect(income).toBeCloseTo(500 * 24 * 2, 6);
    // A transactor's month-end balance is the month's purchases.
    expect(mean(periodColumn(model, chunk, 24, BALANCE))).toBeCloseTo(500 * 200, 6);
  });

  it("the minimum payment amortizes a revolver's balance: b·(1 − m)^j, interest r·b·(1 − m)^j", () => {
    const model = buildModel(line({ apr: 0.24, revolvers: { share: 1, toRevolve: 0, toTransact: 0, minPayment: 0.05 } }));
    const chunk = simulatePaths(model, 0, 4);
    for (let j = 1; j <= 24; j++) expect(mean(periodColumn(model, chunk, j, BALANCE))).toBeCloseTo(500 * 500 * 0.95 ** j, 6);
    // Interest of month j on the balance at its start: 0.02 × 500 × 0.95^(j−1).
    const interest = (0.02 * 500 * (1 - 0.95 ** 24)) / 0.05;
    for (const x of bookColumn(chunk, "interestIncome")) expect(x).toBeCloseTo(500 * interest, 6);
  });

  it("the revolver share follows the two-state chain of the path's economy, and rises in a downturn", () => {
    const input = line(
      { correlation: 0.1, accounts: 40_000, revolvers: { share: 0.25, toRevolve: 0.02, toTransact: 0.06, minPayment: 0.05 } },
      {
        simulation: { paths: 6, horizonMonths: 18, seed: 11 },
        macro: { shocks: [{ factor: "economy", recession: { start: 1, fall: 6, trough: -2.5, stay: 12 } }] },
      },
    );
    const model = buildModel(input);
    // The switches move with the segment's monthly loading, compiled from the one-year
    // correlation 0.1 (docs/model.md §2; its conversion is tested in throughTheCycle.test.ts).
    const rho = model.variants[0].segments[0].rho;
    const chunk = simulatePaths(model, 0, 6);
    const columns = periodColumns(model.layout);
    const factor = columns.indexOf("factor:economy");
    const share = columns.indexOf("revolverShare");
    // Φ((Φ⁻¹(p) ∓ √ρ·x)/√(1−ρ)) by an independent normal: the erf series of the test helpers.
    const shifted = (p: number, x: number) => normalCdf((normalQuantile(p) - Math.sqrt(rho) * x) / Math.sqrt(1 - rho));
    for (let j = 0; j < 6; j++) {
      let expected = 0.25;
      for (let t = 1; t <= 18; t++) {
        const x = periodColumn(model, chunk, t, factor)[j];
        expected = expected * (1 - shifted(0.06, -x)) + (1 - expected) * shifted(0.02, x);
        // Given the economy accounts switch independently: the share is binomial around the chain's value.
        const sd = Math.sqrt((expected * (1 - expected)) / 40_000);
        expect(Math.abs(periodColumn(model, chunk, t, share)[j] - expected)).toBeLessThan(5 * sd);
      }
      expect(periodColumn(model, chunk, 18, share)[j]).toBeGreaterThan(0.3);
    }
  });
});

describe("instalment plans", () => {
  it("a converted balance of 500 over 12 months pays 41.67 of principal and a fee of 3 a month", () => {
    const model = buildModel(
      line({
        apr: 0.24,
        revolvers: { share: 1, toRevolve: 0, toTransact: 0, minPayment: 0 },
        instalments: { balanceRate: 1, termMonths: 12, feeRate: 0.006 },
      }),
    );
    const chunk = simulatePaths(model, 0, 4);
    // Month 1: interest 0.02 × 500 = 10, then the balance becomes the plan; months 2..13 pay it.
    for (const x of bookColumn(chunk, "interestIncome")) expect(x).toBeCloseTo(500 * 10, 6);
    for (const x of bookColumn(chunk, "instalmentFeeIncome")) expect(x).toBeCloseTo(500 * 12 * 3, 6);
    expect(mean(periodColumn(model, chunk, 1, BALANCE))).toBeCloseTo(500 * 500, 6);
    for (let k = 2; k <= 13; k++) expect(mean(periodColumn(model, chunk, k, BALANCE))).toBeCloseTo(500 * (500 - ((k - 1) * 500) / 12), 5);
    expect(mean(periodColumn(model, chunk, 14, BALANCE))).toBeCloseTo(0, 6);
  });

  it("each converted purchase is its own plan: 500 a month over 12 months hold 3,250 in the steady state, not one restarted plan's 5,738", () => {
    // Transactors with a limit of 10,000 buy 5,000 a month and convert a tenth, 500, into a
    // 12-month plan; the rest is repaid in full next month. Plans counted one by one: the
    // plan made in month c has paid min(12, t − c) instalments of 500/12 at the end of month t.
    const term = 12;
    const model = buildModel(
      line(
        {
          accounts: 50,
          limit: { median: 10_000, sigma: 0 },
          revolvers: { share: 0, toRevolve: 0, toTransact: 0, minPayment: 0 },
          purchases: 0.5,
          instalments: { purchaseShare: 0.1, termMonths: term, feeRate: 0.006 },
        },
        { simulation: { paths: 2, horizonMonths: 36, seed: 7 } },
      ),
    );
    const chunk = simulatePaths(model, 0, 2);
    const plans = (t: number) => {
      let sum = 0;
      for (let c = 1; c <= t; c++) sum += 500 * Math.max(0, 1 - (t - c) / term);
      return sum;
    };
    for (const t of [1, 5, 12, 13, 24, 36]) expect(mean(periodColumn(model, chunk, t, BALANCE)) / 50).toBeCloseTo(4_500 + plans(t), 6);
    expect(plans(36)).toBeCloseTo(3_250, 9);
    // Fees: every plan made by month 35 pays 500 × 0.006 in each month it is open (to month 36).
    let fees = 0;
    for (let c = 1; c <= 36; c++) fees += 500 * 0.006 * Math.min(term, 36 - c);
    for (const x of bookColumn(chunk, "instalmentFeeIncome")) expect(x / 50).toBeCloseTo(fees, 6);
  });
});

describe("payment burden", () => {
  it("raises the miss hazard by (due ÷ reference)^ε: a transactor turned revolver owes 1.8× in month 2", () => {
    // Month 1: a transactor (due 0.1·b, its reference) turns revolver and pays 0.1·b; month 2
    // it owes (0.1 + r)·0.9·b = 0.18·b with r = 0.1: a hazard × 1.8^ε. The first miss defaults.
    const h = 1 - (1 - 0.3) ** (1 / 12);
    const defaultsBy2 = (burden: number) => {
      const model = buildModel(
        line(
          { accounts: 200_000, missRate: 0.3, apr: 1.2, burden, delinquency: { roll: [] }, revolvers: { share: 0, toRevolve: 1, toTransact: 0, minPayment: 0.1 } },
          { simulation: { paths: 1, horizonMonths: 2, seed: 2 } },
        ),
      );
      return bookColumn(simulatePaths(model, 0, 1), "defaults")[0] / 200_000;
    };
    for (const eps of [0, 0.5, 1.5]) {
      const expected = h + (1 - h) * h * 1.8 ** eps;
      const sd = Math.sqrt((expected * (1 - expected)) / 200_000);
      expect(Math.abs(defaultsBy2(eps) - expected)).toBeLessThan(4 * sd);
    }
  });

  it("raises the roll rate by ((P₁ + charges) ÷ P₁)^ε: a late fee equal to the payment doubles what is due", () => {
    // A 12-month loan of 1,200 at 0% pays 100 a month; a miss is charged a fee of 100, so in D1
    // the roll rate 0.2 becomes 0.2 × 2^ε. Defaults by month 2 = misses of month 1 × that roll.
    const h = 1 - (1 - 0.4) ** (1 / 12);
    const rate = (burden: number) => {
      const model = buildModel({
        creditlab: 2,
        simulation: { paths: 1, horizonMonths: 2, seed: 4 },
        segments: [
          {
            name: "loan",
            accounts: 200_000,
            start: "current",
            product: "instalment",
            missRate: 0.4,
            correlation: 0,
            principal: { median: 1200, sigma: 0 },
            termMonths: 12,
            lateFee: 100,
            burden,
            delinquency: { roll: [0.2], correlation: 0 },
          },
        ],
      });
      return bookColumn(simulatePaths(model, 0, 1), "defaults")[0] / 200_000;
    };
    for (const eps of [0, 1]) {
      const expected = h * 0.2 * 2 ** eps;
      const sd = Math.sqrt((expected * (1 - expected)) / 200_000);
      expect(Math.abs(rate(eps) - expected)).toBeLessThan(4 * sd);
    }
  });
});

describe("behavioural line management", () => {
  it("an increase of 20% after 6 current months raises the EAD of a later default by CCF × 200", () => {
    const model = buildModel(
      line({ accounts: 20_000, missRate: 0.2, ccf: 0.5, delinquency: { roll: [] } }, {
        simulation: { paths: 3, horizonMonths: 12, seed: 5 },
        policy: { lineManagement: { increase: { afterMonths: 6, by: 0.2 } } },
      }),
    );
    const chunk = simulatePaths(model, 0, 3);
    const perDefault = (t: number) => sum(periodColumn(model, chunk, t, LOSS)) / sum(periodColumn(model, chunk, t, DEFAULTS));
    // Before: 500 + 0.5 × 500 = 750; from month 7 on: 500 + 0.5 × (1,200 − 500) = 850.
    for (let t = 1; t <= 6; t++) expect(perDefault(t)).toBeCloseTo(750, 9);
    for (let t = 7; t <= 12; t++) expect(perDefault(t)).toBeCloseTo(850, 9);
  });
});

describe("costs", () => {
  it("subtract exactly: accounts on the book × cost a month, and booked × cost", () => {
    const input = (costs?: { perAccountMonth: number; perBooked: number }) =>
      line(
        {
          accounts: 300,
          apr: 0.2,
          scorecard: { score: 600, odds: 50, pdo: 40 },
          missRate: undefined,
          score: { mean: 650, sd: 40 },
          originations: { perMonth: 20, score: { mean: 640, sd: 50 } },
        },
        { policy: { approval: { minScore: 600 }, ...(costs ? { costs } : {}) } },
      );
    const plain = simulatePaths(buildModel(input()), 0, 4);
    const costed = simulatePaths(buildModel(input({ perAccountMonth: 2, perBooked: 150 })), 0, 4);
    const booked = bookColumn(costed, "booked");
    const operating = bookColumn(costed, "operatingCost");
    const profit = bookColumn(costed, "profit");
    const before = bookColumn(plain, "profit");
    const balances = bookColumn(plain, "balanceYears");
    for (let j = 0; j < 4; j++) {
      expect(bookColumn(costed, "acquisitionCost")[j]).toBe(150 * booked[j]);
      expect(profit[j]).toBeCloseTo(before[j] - operating[j] - 150 * booked[j], 6);
      expect(operating[j]).toBeGreaterThan(2 * 300 * 24 * 0.9);
      expect(balances[j]).toBe(bookColumn(costed, "balanceYears")[j]);
    }
  });

  it("charge each account every month it is on the book: a book that never misses pays N × H × cost", () => {
    const chunk = simulatePaths(buildModel(line({}, { policy: { costs: { perAccountMonth: 1.5 } } })), 0, 4);
    for (const x of bookColumn(chunk, "operatingCost")) expect(x).toBeCloseTo(500 * 24 * 1.5, 9);
  });
});

/** Standard normal CDF by the Abramowitz–Stegun 7.1.26 erf (error below 1.5e-7): independent of the engine's. */
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/** Its inverse by bisection. */
function normalQuantile(p: number): number {
  let lo = -10;
  let hi = 10;
  for (let k = 0; k < 100; k++) {
    const mid = (lo + hi) / 2;
    if (normalCdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

describe("forbearance by conversion", () => {
  it("turns a delinquent balance of 510 into a plan of 51 a month and a fee of 5.10 over 10 months", () => {
    // Every account starts in D1 and rolls to D2 in month 1 (charged a fee of 10), where it is
    // offered and takes a conversion: it is current again with the plan, and never misses.
    // CCF 0: no draw-down in arrears (docs/model.md §5.4), so the plan is the charged balance.
    const model = buildModel(
      line(
        { lateFee: 10, ccf: 0, delinquency: { roll: [1, 0], stay: [0, 0], start: [1] } },
        { policy: { forbearance: { kind: "conversion", offerAt: 2, takeUp: 1, termMonths: 10, feeRate: 0.01 } } },
      ),
    );
    const chunk = simulatePaths(model, 0, 4);
    for (const x of bookColumn(chunk, "instalmentFeeIncome")) expect(x).toBeCloseTo(500 * 10 * 5.1, 6);
    for (const x of bookColumn(chunk, "defaults")) expect(x).toBe(0);
    for (let k = 1; k <= 11; k++) expect(mean(periodColumn(model, chunk, k, BALANCE))).toBeCloseTo(500 * (510 - (k - 1) * 51), 5);
  });
});

describe("a fee cap with and without payment burden", () => {
  /** The same book with the variant capping an episode's charges at 5% of the balance. */
  const run = (burden: number) => {
    const input = (feeCap?: number): ScenarioInput =>
      line(
        {
          accounts: 20_000,
          missRate: 0.3,
          apr: 0.24,
          penaltyApr: 0.6,
          lateFee: 40,
          burden,
          ...(feeCap === undefined ? {} : { feeCap }),
          delinquency: { roll: [0.3, 0.4, 0.5], stay: [0.2, 0.2, 0.2], correlation: 0 },
        },
        { simulation: { paths: 6, horizonMonths: 24, seed: 13 } },
      );
    const model = buildModel(input(), [{ name: "capped", input: input(0.05) }]);
    const chunk = simulatePaths(model, 0, 6);
    return { free: bookColumn(chunk, "defaults", 0), capped: bookColumn(chunk, "defaults", 1) };
  };

  it("without burden moves no default: the same accounts default, path by path", () => {
    const { free, capped } = run(0);
    expect(Array.from(capped)).toEqual(Array.from(free));
  });

  it("with burden lowers defaults on every path", () => {
    const { free, capped } = run(0.3);
    for (let j = 0; j < 6; j++) expect(capped[j]).toBeLessThan(free[j]);
  });
});

describe("early warning", () => {
  it("cuts the undrawn limit at a cure: the remaining lifetime loss is on b + CCF·(1 − cut)·(L − b)", () => {
    // All start in D1; in month 1 half roll to F, half cure with their undrawn 500 cut by 60%.
    const model = buildModel(
      line(
        { accounts: 4000, missRate: 0.05, ccf: 0.5, lgd: { mean: 0.5, sd: 0 }, remainingLifeMonths: 24, delinquency: { roll: [0.5], stay: [0], start: [1] }, chargeOffMonths: 0 },
        {
          simulation: { paths: 3, horizonMonths: 1, seed: 3 },
          policy: { lineManagement: { increase: { afterMonths: 1, by: 1 }, earlyWarning: { lookbackMonths: 6, cut: 0.6 } } },
        },
      ),
    );
    const chunk = simulatePaths(model, 0, 3);
    const v = bruteForce(1 - 0.95 ** (1 / 12), 0, [0.5], [0], 0, 24);
    for (let j = 0; j < 3; j++) {
      const cured = 4000 - bookColumn(chunk, "defaults")[j];
      // No increase: the miss is within the look-back. EAD 500 + 0.5 × 0.4 × 500 = 600.
      expect(bookColumn(chunk, "lifetimeLoss")[j]).toBeCloseTo(cured * 0.5 * 600 * v, 6);
    }
  });
});

describe("segments' income and profit", () => {
  it("add up to the book's, costs and insurance included", () => {
    const input = (name: string, apr: number) => ({
      name,
      accounts: 800,
      product: "revolving" as const,
      pd: 0.05,
      apr,
      limit: { median: 3000, sigma: 0.4 },
      revolvers: { share: 0.4, toRevolve: 0.02, toTransact: 0.05 },
      purchases: 0.1,
      interchange: 0.008,
    });
    const model = buildModel({
      creditlab: 2,
      simulation: { paths: 30, horizonMonths: 12, seed: 17 },
      segments: [input("a", 0.18), input("b", 0.3)],
      policy: { costs: { perAccountMonth: 1, perBooked: 50 }, insurance: { deductible: 0.01, coverage: 0.8, premium: 0.01 }, fundingRate: 0.03 },
    });
    const result = resultOf(model, simulatePaths(model, 0, 30));
    const [v] = result.variants;
    const segments = Object.values(v.segments);
    expect(segments.reduce((x, s) => x + s.profit.mean, 0)).toBeCloseTo(v.book.profit.mean, 6);
    expect(segments.reduce((x, s) => x + s.income.mean, 0)).toBeCloseTo(v.book.income.mean, 6);
  });
});
