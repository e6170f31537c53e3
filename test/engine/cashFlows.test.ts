/**
 * The book's cash (docs/model.md §8.6), conserved to the cent on every period of every path:
 * the balance's roll-forward
 *     balance(t) = openingBalance(t) + draws + originations + interest and fees charged
 *                  − interest and fees collected − principal collected − written off or sold
 * against the balance the path reports (summed from the accounts, not from the cash), and
 * inflows = outflows + change in cash, the funding need being the cash put in to date.
 * On a closed-form card book, a closed-form cash-loan book, a stepped card book (revolvers,
 * purchases, plans, forbearance by conversion) and a static balance sheet; then a one-loan
 * book against its schedule computed here, and the cash's totals against the path's income.
 */
import { describe, expect, it } from "vitest";
import type { ScenarioInput } from "../../src/scenario/schema.ts";
import { simulatePaths } from "../../src/engine/simulate.ts";
import { PC, periodWidth, PM, NPM, type ChunkResult } from "../../src/engine/layout.ts";
import type { Model } from "../../src/engine/model.ts";
import { buildModel } from "./helpers.ts";

const PATHS = 6;
/** A cent, relative to the sizes the test books move (up to a few million a period). */
const CENT = 0.01;

/** Every period row of every path of every variant, with the path's book totals. */
function* rows(model: Model, chunk: ChunkResult): Generator<{ row: (name: keyof typeof PC) => number; t: number; book: (m: keyof typeof PM) => number }> {
  const W = periodWidth(model.layout);
  const T = model.periods;
  for (const v of chunk.variants) {
    for (let j = 0; j < chunk.to - chunk.from; j++) {
      for (let t = 1; t <= T; t++) {
        const at = (j * T + t - 1) * W;
        yield { t, row: (name) => v.periods[at + PC[name]], book: (m) => v.book[j * NPM + PM[m]] };
      }
    }
  }
}

/** Checks both identities on every row; returns the largest flow seen (that the test moved money). */
function conserved(model: Model, chunk: ChunkResult): { largest: number; charged: number; drawn: number; derecognizedBalance: number; originated: number; recovered: number } {
  const seen = { largest: 0, charged: 0, drawn: 0, derecognizedBalance: 0, originated: 0, recovered: 0 };
  let previous = 0;
  let need = 0;
  for (const { row, t } of rows(model, chunk)) {
    if (t === 1) need = 0;
    else expect(row("openingBalance")).toBe(previous);
    const rolled =
      row("openingBalance") + row("cashDraws") + row("cashOriginations") + row("interestCharged") - row("cashInterestFees") - row("cashPrincipal") - row("derecognizedBalance");
    expect(Math.abs(rolled - row("balance"))).toBeLessThan(CENT);
    const inflows = row("cashInterestFees") + row("cashPrincipal") + row("cashMerchantFees") + Math.max(0, row("cashInsurance")) + row("recoveries") + row("saleProceeds");
    const outflows =
      row("cashDraws") + row("cashOriginations") + row("cashCosts") + row("cashFundingCost") + Math.max(0, -row("cashInsurance")) + row("workoutCost");
    expect(Math.abs(inflows - outflows - row("netCash"))).toBeLessThan(CENT);
    need -= row("netCash");
    expect(Math.abs(row("fundingNeed") - need)).toBeLessThan(CENT);
    previous = row("balance");
    seen.largest = Math.max(seen.largest, row("cashPrincipal"), row("cashInterestFees"));
    seen.charged += row("interestCharged") - row("cashInterestFees");
    seen.drawn += row("cashDraws");
    seen.derecognizedBalance += row("derecognizedBalance");
    seen.originated += row("cashOriginations");
    seen.recovered += row("recoveries") + row("saleProceeds");
  }
  return seen;
}

const recession = { shocks: [{ factor: "economy", recession: { start: 3, fall: 6, trough: -1.5, stay: 6, recover: 9 } }] };

const common = {
  score: { mean: 640, sd: 50 },
  scorecard: { score: 600, odds: 30, pdo: 40 },
  apr: 0.24,
  penaltyApr: 0.3,
  lateFee: 15,
  feeCap: 0.3,
  attrition: 0.01,
  chargeOffMonths: 4,
  lgd: { mean: 0.7, sd: 0.2 },
  delinquency: { roll: [0.3, 0.5, 0.6], stay: [0.1, 0.1, 0.05], start: [0.02, 0.01] },
};

const policy = {
  approval: { minScore: 590 },
  fundingRate: 0.04,
  collections: { rollReduction: 0.1, costPerAccountMonth: 5 },
  costs: { perAccountMonth: 1, perBooked: 40 },
  insurance: { deductible: 0.005, coverage: 0.8, premium: 0.01 },
};

const cards = (more: Record<string, unknown> = {}, top: Record<string, unknown> = {}): ScenarioInput => ({
  creditlab: 2,
  simulation: { paths: PATHS, horizonMonths: 24, periodMonths: 3, seed: 31 },
  macro: recession,
  segments: [
    {
      name: "cards",
      accounts: 1500,
      product: "revolving",
      limit: { median: 4000, sigma: 0.5 },
      utilization: 0.5,
      ccf: 0.6,
      originations: { perMonth: 20, score: { mean: 630, sd: 60 } },
      ...common,
      ...more,
    },
  ],
  policy: { ...policy, forbearance: { kind: "holiday", offerAt: 2, takeUp: 0.5, holidayMonths: 3, redefaultMultiplier: 1.5 } },
  ...top,
});

const loans = (more: Record<string, unknown> = {}, top: Record<string, unknown> = {}): ScenarioInput => ({
  creditlab: 2,
  simulation: { paths: PATHS, horizonMonths: 30, periodMonths: 1, seed: 32 },
  macro: recession,
  segments: [
    {
      name: "cash loans",
      accounts: 1500,
      product: "instalment",
      principal: { median: 6000, sigma: 0.5 },
      termMonths: 24,
      originations: { perMonth: 30, score: { mean: 630, sd: 60 } },
      ...common,
      ...more,
    },
    {
      name: "free loans",
      accounts: 300,
      product: "instalment",
      principal: { median: 2000, sigma: 0.3 },
      termMonths: 12,
      ...common,
      apr: 0,
    },
  ],
  policy,
  ...top,
});

describe("the book's cash is conserved to the cent, every period of every path", () => {
  it("on a closed-form card book: arrears, draw-down, holidays, write-off after four months, bookings, insurance", () => {
    const model = buildModel(cards());
    expect(model.variants[0].segments[0].stepped).toBe(false);
    const seen = conserved(model, simulatePaths(model, 0, PATHS));
    // The book moved each kind of money the identity counts.
    expect(seen.charged).toBeGreaterThan(0);
    expect(seen.drawn).toBeGreaterThan(0);
    expect(seen.derecognizedBalance).toBeGreaterThan(0);
    expect(seen.originated).toBeGreaterThan(0);
  });

  it("on a closed-form cash-loan book (one segment at 0% APR), monthly periods, and a variant written off at default", () => {
    const model = buildModel(loans(), [{ name: "at once", input: loans({ chargeOffMonths: 0 }) }]);
    expect(model.variants[0].segments.every((s) => !s.stepped)).toBe(true);
    const seen = conserved(model, simulatePaths(model, 0, PATHS));
    expect(seen.derecognizedBalance).toBeGreaterThan(0);
    expect(seen.largest).toBeGreaterThan(1e5);
  });

  it("with a workout over a recovery curve and its costs, and with NPLs sold at a price that moves with the cycle", () => {
    const workout = { recovery: { curve: [0.1, 0.2, 0.3, 0.2, 0.1, 0.05, 0.05], costRate: 0.1 } };
    const model = buildModel(loans(workout), [
      { name: "sell", input: loans({}, { policy: { ...policy, nplSale: { salePrice: 0.06, cycle: 0.3 } } }) },
      { name: "cards", input: loans({ ...workout, chargeOffMonths: 2 }) },
      // Sold at 2 and at 5 months in default, before and after the write-off, at a table's price.
      { name: "sell at 2", input: loans(workout, { policy: { ...policy, nplSale: { prices: [0.1, 0.08, 0.06], cycle: 0.3, atMonthsInDefault: 2 } } }) },
      { name: "sell at 5", input: loans({ ...workout, chargeOffMonths: 3 }, { policy: { ...policy, nplSale: { buyerRate: 0.15, atMonthsInDefault: 5 } } }) },
    ]);
    const chunk = simulatePaths(model, 0, PATHS);
    const seen = conserved(model, chunk);
    expect(seen.recovered).toBeGreaterThan(0);
  });

  it("on a stepped card book: revolvers, purchases, instalment plans, forbearance by conversion", () => {
    const model = buildModel(
      cards(
        { revolvers: { share: 0.4, toRevolve: 0.03, toTransact: 0.05, minPayment: 0.05 }, purchases: 0.1, interchange: 0.01, instalments: { balanceRate: 0.05, purchaseShare: 0.1, termMonths: 6, feeRate: 0.006 } },
        { policy: { ...policy, forbearance: { kind: "conversion", offerAt: 2, takeUp: 0.4, termMonths: 12, redefaultMultiplier: 2 } } },
      ),
    );
    expect(model.variants[0].segments[0].stepped).toBe(true);
    const seen = conserved(model, simulatePaths(model, 0, PATHS));
    expect(seen.drawn).toBeGreaterThan(0);
  });

  it("on a stepped loan book (a payment burden) and a static balance sheet of loans", () => {
    const stepped = buildModel(loans({ burden: 0.5 }, { policy: { ...policy, forbearance: { kind: "conversion", offerAt: 1, takeUp: 0.3, termMonths: 12, redefaultMultiplier: 2 } } }));
    expect(stepped.variants[0].segments[0].stepped).toBe(true);
    conserved(stepped, simulatePaths(stepped, 0, PATHS));
    const kept = buildModel(loans({ originations: undefined }, { simulation: { paths: PATHS, horizonMonths: 24, periodMonths: 3, seed: 33, balanceSheet: "static" } }));
    const seen = conserved(kept, simulatePaths(kept, 0, PATHS));
    expect(seen.originated).toBeGreaterThan(0);
  });
});

describe("the cash against a second computation", () => {
  it("one loan that never misses pays its schedule, computed here month by month", () => {
    const P0 = 12_000;
    const apr = 0.18;
    const term = 12;
    const model = buildModel({
      creditlab: 2,
      simulation: { paths: 2, horizonMonths: 15, periodMonths: 1, seed: 1 },
      segments: [{ name: "one", accounts: 1, product: "instalment", pd: 1e-9, attrition: 0, apr, termMonths: term, principal: { median: P0, sigma: 0 } }],
      policy: { fundingRate: 0.06 },
    });
    const chunk = simulatePaths(model, 0, 2);
    const r = apr / 12;
    const payment = (P0 * r) / (1 - (1 + r) ** -term);
    let b = P0;
    for (const { row, t } of rows(model, chunk)) {
      if (t <= term) {
        const interest = b * r;
        const principal = t === term ? b : payment - interest;
        expect(row("cashInterestFees")).toBeCloseTo(interest, 6);
        expect(row("cashPrincipal")).toBeCloseTo(principal, 6);
        expect(row("cashFundingCost")).toBeCloseTo(((b - principal) * 0.06) / 12, 6);
        b -= principal;
      } else {
        expect(row("cashPrincipal")).toBe(0);
        expect(row("cashInterestFees")).toBe(0);
      }
      expect(row("balance")).toBeCloseTo(Math.max(0, b), 6);
      if (t === 15) b = P0; // the next path
    }
  });

  it("over the horizon, interest and fees collected are the path's interest, fee and plan income; costs and funding its costs", () => {
    for (const input of [
      cards({ revolvers: { share: 0.4, toRevolve: 0.03, toTransact: 0.05, minPayment: 0.05 }, purchases: 0.1, interchange: 0.01, instalments: { balanceRate: 0.05, purchaseShare: 0.1, termMonths: 6, feeRate: 0.006 } }),
      cards(),
      loans(),
    ])
      totals(buildModel(input));
  });
});

function totals(model: Model): void {
  {
    const chunk = simulatePaths(model, 0, PATHS);
    const T = model.periods;
    let t0 = 0;
    const sums = { collected: 0, costs: 0, funding: 0, merchant: 0, insurance: 0 };
    for (const { row, t, book } of rows(model, chunk)) {
      if (t === 1) {
        t0 = 0;
        for (const k of Object.keys(sums) as (keyof typeof sums)[]) sums[k] = 0;
      }
      sums.collected += row("cashInterestFees");
      sums.costs += row("cashCosts");
      sums.funding += row("cashFundingCost");
      sums.merchant += row("cashMerchantFees");
      sums.insurance += row("cashInsurance");
      t0++;
      if (t === T) {
        const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThan(CENT + 1e-9 * Math.abs(b));
        close(sums.collected, book("interestIncome") + book("feeIncome") + book("instalmentFeeIncome"));
        close(sums.costs, book("collectionCost") + book("operatingCost") + book("acquisitionCost"));
        close(sums.funding, book("fundingCost"));
        close(sums.merchant, book("merchantFeeIncome"));
        close(sums.insurance, book("insuranceRecovery") - book("insurancePremium"));
      }
    }
    expect(t0).toBe(T);
  }
}

describe("profit and the lifetime loss discounted", () => {
  const oneLoan = (policy: Record<string, unknown>): Model =>
    buildModel({
      creditlab: 2,
      simulation: { paths: 2, horizonMonths: 15, periodMonths: 3, seed: 1 },
      segments: [{ name: "one", accounts: 1, product: "instalment", pd: 1e-9, attrition: 0, apr: 0.18, termMonths: 12, principal: { median: 12_000, sigma: 0 } }],
      policy,
    });

  it("on one loan: Σ_m (1 + r)^(−m/12)·(interest − funding cost) of its schedule, computed here, in quarterly periods", () => {
    const rate = 0.08;
    const model = oneLoan({ fundingRate: 0.06, discountRate: rate });
    const chunk = simulatePaths(model, 0, 2);
    const r = 0.18 / 12;
    const payment = (12_000 * r) / (1 - (1 + r) ** -12);
    let b = 12_000;
    let pv = 0;
    let profit = 0;
    for (let m = 1; m <= 15; m++) {
      const interest = m <= 12 ? b * r : 0;
      const principal = m < 12 ? payment - interest : m === 12 ? b : 0;
      b -= principal;
      const part = interest - (b * 0.06) / 12;
      pv += (1 + rate) ** (-m / 12) * part;
      profit += part;
    }
    const book = chunk.variants[0].book;
    for (let j = 0; j < 2; j++) {
      expect(book[j * NPM + PM.profit]).toBeCloseTo(profit, 6);
      expect(book[j * NPM + PM.pvProfit]).toBeCloseTo(pv, 6);
      // The segment's slot carries nothing: pvProfit is the book's.
      expect(chunk.variants[0].segments[j * NPM + PM.pvProfit]).toBe(0);
    }
  });

  it("is profit to the bit at a rate of 0, on books with losses, costs, insurance and a sale, and below it at a positive rate", () => {
    const insured = { ...policy, insurance: { coverage: 0.5, deductible: 0.01, premium: 0.01 } };
    const card = simulatePaths(buildModel(cards()), 0, 2).variants[0].book;
    for (let j = 0; j < 2; j++) expect(card[j * NPM + PM.pvProfit]).toBe(card[j * NPM + PM.profit]);
    const model = buildModel(loans({}, { policy: insured }), [
      { name: "sold at 2", input: loans({ recovery: { curve: [0.3, 0.3, 0.4] } }, { policy: { ...policy, nplSale: { salePrice: 0.1, atMonthsInDefault: 2 } } }) },
      { name: "discounted", input: loans({}, { policy: { ...insured, discountRate: 0.1 } }) },
    ]);
    const chunk = simulatePaths(model, 0, 3);
    for (let vi = 0; vi < 2; vi++) {
      const book = chunk.variants[vi].book;
      for (let j = 0; j < 3; j++) {
        expect(book[j * NPM + PM.pvProfit]).toBe(book[j * NPM + PM.profit]);
        expect(book[j * NPM + PM.pvLifetimeLoss]).toBe(book[j * NPM + PM.lifetimeLoss]);
      }
    }
    // Discounted, month by month against the rows: profit − Σ_m (1 − v^m)·π_m with π from each month's cash (monthly periods).
    const v = (m: number) => 1.1 ** (-m / 12);
    const W = periodWidth(model.layout);
    const T = model.periods;
    const book = chunk.variants[2].book;
    const segs = model.variants[2].segments.length;
    for (let j = 0; j < 3; j++) {
      const po = chunk.variants[2].periods.subarray(j * T * W, (j + 1) * T * W);
      let gap = 0;
      for (let t = 1; t <= T; t++) {
        const row = (c: string) => po[(t - 1) * W + PC[c as keyof typeof PC]];
        const part = row("cashInterestFees") + row("cashMerchantFees") + row("cashInsurance") - row("cashCosts") - row("cashFundingCost") - row("netLoss");
        gap += (1 - v(t)) * part;
      }
      const profit = book[j * NPM + PM.profit];
      expect(Math.abs(book[j * NPM + PM.pvProfit] - (profit - gap))).toBeLessThan(CENT);
      expect(book[j * NPM + PM.pvProfit]).toBeLessThan(profit);
      // The lifetime loss past the horizon H = 30 months, by v^30, segment by segment.
      let pvLife = 0;
      for (let s = 0; s < segs; s++) pvLife += v(30) * chunk.variants[2].segments[(j * segs + s) * NPM + PM.lifetimeLoss];
      expect(book[j * NPM + PM.pvLifetimeLoss]).toBeCloseTo(pvLife, 6);
      expect(book[j * NPM + PM.lifetimeLoss]).toBeGreaterThan(0);
    }
  });
});
