/**
 * Each credit-policy lever of MODEL.md section 7 moves what it should, checked against a
 * hand computation on a small case.
 */
import { describe, expect, it } from "vitest";
import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import { buildBook } from "../../src/engine/book.ts";
import { keyedUniform, pathKeys, Purpose, seedKeys, streamKeys } from "../../src/engine/random.ts";
import { PhiInv } from "../../src/math/normal.ts";
import { simulatePaths } from "../../src/engine/simulate.ts";
import { periodColumns } from "../../src/engine/layout.ts";
import type { ScenarioInput } from "../../src/scenario/schema.ts";
import { bookColumn, buildModel, mean, periodColumn } from "./helpers.ts";

const Phi = (x: number) => normalCdf(x, 0, 1);
const sum = (x: ArrayLike<number>) => Array.from(x).reduce((a, b) => a + b, 0);

describe("approval on a scorecard", () => {
  // Score ~ N(650, 50); 600 points at 30:1 good:bad odds; 20 points double the odds.
  const applicants = (minScore: number) =>
    buildModel({
      creditlab: 2,
      simulation: { horizonMonths: 1, seed: "approval" },
      segments: [
        {
          name: "new",
          accounts: 0,
          score: { mean: 650, sd: 50 },
          scorecard: { score: 600, odds: 30, pdo: 20 },
          originations: { perMonth: 200_000, score: { mean: 650, sd: 50 } },
        },
      ],
      policy: { approval: { minScore } },
    });
  const pd = (s: number) => 1 / (1 + 30 * 2 ** ((s - 600) / 20));

  it.each([
    [600, 0.8413, 0.0072],
    [640, 0.5793, 0.0028],
  ])("a cutoff of %i approves %f of applicants with mean annual PD %f", (cutoff, share, meanPd) => {
    // By hand: P(S ≥ c) = 1 − Φ((c − 650)/50); E[PD | S ≥ c] by Simpson's rule.
    expect(1 - Phi((cutoff - 650) / 50)).toBeCloseTo(share, 4);
    let num = 0;
    const h = (900 - cutoff) / 2000;
    for (let k = 0; k <= 2000; k++) {
      const s = cutoff + k * h;
      const w = k === 0 || k === 2000 ? 1 : k % 2 ? 4 : 2;
      num += (w * pd(s) * Math.exp(-0.5 * ((s - 650) / 50) ** 2)) / (50 * Math.sqrt(2 * Math.PI));
    }
    expect((num * h) / 3 / share).toBeCloseTo(meanPd, 4);

    const book = buildBook(applicants(cutoff));
    const cols = book.variants[0];
    // Each slot's score, from the book's static stream as the engine draws it.
    const keys = streamKeys(pathKeys(seedKeys("approval"), -1), Purpose.score, 0, 0);
    const score = (i: number) => 650 + 50 * PhiInv(keyedUniform(keys[0], keys[1], i));
    let booked = 0;
    let pdSum = 0;
    for (let i = 0; i < book.size; i++) {
      if (cols.bookAt[i] !== 1) continue;
      booked++;
      pdSum += pd(score(i));
    }
    const n = book.size;
    expect(Math.abs(booked / n - share)).toBeLessThan(4 * Math.sqrt((share * (1 - share)) / n));
    expect(pdSum / booked).toBeCloseTo(meanPd, 3);
  });

  it("books the approved applicants as new accounts in the engine's totals", () => {
    const model = applicants(640);
    const chunk = simulatePaths(model, 0, 1);
    expect(bookColumn(chunk, "applicants")[0]).toBe(200_000);
    expect(bookColumn(chunk, "booked")[0] / 200_000).toBeCloseTo(0.5793, 2);
  });
});

const line = (policy: ScenarioInput["policy"], extra: object = {}): ScenarioInput => ({
  creditlab: 2,
  simulation: { paths: 10, horizonMonths: 6, seed: "levers" },
  segments: [
    {
      name: "line",
      accounts: 2000,
      start: "current",
      missRate: 0.3,
      correlation: 0,
      limit: { median: 10_000, sigma: 0 },
      utilization: 0.4,
      ccf: 0.5,
      delinquency: { roll: [1], correlation: 0 },
      lgd: { mean: 1, sd: 0 },
      ...extra,
    },
  ],
  policy,
});

describe("line management", () => {
  it("a limit cut on delinquency lowers EAD by CCF × the undrawn cut", () => {
    // Balance 4,000 on a 10,000 line. Without a cut EAD = 4,000 + 0.5·6,000 = 7,000; a 50%
    // cut leaves a 5,000 line, EAD = 4,000 + 0.5·1,000 = 4,500: 2,500 = 0.5 × 5,000 less.
    const perDefault = (policy: ScenarioInput["policy"]) => {
      const chunk = simulatePaths(buildModel(line(policy)), 0, 10);
      return sum(bookColumn(chunk, "lossAtDefault")) / sum(bookColumn(chunk, "defaults"));
    };
    expect(perDefault({})).toBeCloseTo(7000, 9);
    expect(perDefault({ lineManagement: { cutOnDelinquency: 0.5 } })).toBeCloseTo(4500, 9);
  });

  it("a macro trigger cuts the undrawn limit of current accounts while the factor is low", () => {
    // The economy is shifted to −5 from month 1: the trigger at −1 is always on, so every
    // account is cut to 4,000 + 0.7·6,000 = 8,200 before it can default: EAD 4,000 + 0.5·4,200.
    const model = buildModel({
      ...line({ lineManagement: { trigger: { factor: "economy", below: -1, cut: 0.3 } } }),
      macro: { shocks: [{ factor: "economy", path: [-5] }] },
    });
    const chunk = simulatePaths(model, 0, 10);
    const defaultsAfterFirst = sum(bookColumn(chunk, "defaults"));
    expect(defaultsAfterFirst).toBeGreaterThan(0);
    expect(sum(bookColumn(chunk, "lossAtDefault")) / defaultsAfterFirst).toBeCloseTo(4000 + 0.5 * 4200, 9);
  });
});

describe("forbearance", () => {
  it("a payment holiday stops rolls for its months, then the account is current again", () => {
    // roll [1]: without forbearance an account missing in month t defaults in month t + 1.
    // With take-up 1 and a 3-month holiday it sits in R for months t+1..t+3 instead.
    const forborne = buildModel(line({ forbearance: { offerAt: 1, takeUp: 1, holidayMonths: 3 } }));
    const plain = buildModel(line({}));
    const defaults = periodColumns(forborne.layout).indexOf("defaults");
    const a = simulatePaths(forborne, 0, 10);
    const b = simulatePaths(plain, 0, 10);
    // Month 2: the plain book defaults what missed in month 1; the forborne book none.
    expect(mean(periodColumn(plain, b, 2, defaults))).toBeGreaterThan(20);
    expect(mean(periodColumn(forborne, a, 2, defaults))).toBe(0);
    // Accounts offered once: a re-missing account after its holiday defaults the month after.
    expect(sum(bookColumn(a, "defaults"))).toBeGreaterThan(0);
    expect(sum(bookColumn(a, "defaults"))).toBeLessThan(sum(bookColumn(b, "defaults")));
  });

  it("the re-default multiplier raises the PD after the holiday", () => {
    const run = (redefaultMultiplier: number) =>
      mean(
        bookColumn(
          simulatePaths(
            buildModel({
              ...line({ forbearance: { offerAt: 1, takeUp: 1, holidayMonths: 1, redefaultMultiplier } }, { missRate: 0.1 }),
              simulation: { paths: 20, horizonMonths: 24, seed: "redefault" },
            }),
            0,
            20,
          ),
          "defaults",
        ),
      );
    expect(run(3)).toBeGreaterThan(run(1) * 1.2);
  });
});

describe("collections", () => {
  it("lower roll rates by the stated share: D1 → D2 flow falls by that share", () => {
    const ladder = (rollReduction: number) =>
      buildModel({
        creditlab: 2,
        simulation: { paths: 40, horizonMonths: 2, seed: "collections" },
        segments: [
          { name: "s", accounts: 20_000, missRate: 0.9, correlation: 0, delinquency: { roll: [0.5, 0.5], correlation: 0 } },
        ],
        policy: { collections: { rollReduction, costPerAccountMonth: 15 } },
      });
    const share = (model: ReturnType<typeof ladder>) => {
      const chunk = simulatePaths(model, 0, 40);
      const cols = periodColumns(model.layout);
      return mean(periodColumn(model, chunk, 2, cols.indexOf("D2"))) / mean(periodColumn(model, chunk, 1, cols.indexOf("D1")));
    };
    const base = share(ladder(0));
    const reduced = share(ladder(0.4));
    // D2 in month 2 over D1 in month 1 estimates the roll rate (active counts barely move).
    expect(reduced / base).toBeCloseTo(0.6, 1);
  });

  it("charge their cost for every account-month in delinquency", () => {
    // Written off at default and no attrition: active accounts at the end of period t are
    // 2,000 less the defaults so far, and D1 holds its reported share of them.
    const model = buildModel(line({ collections: { rollReduction: 0, costPerAccountMonth: 15 } }, { chargeOffMonths: 0 }));
    const chunk = simulatePaths(model, 0, 10);
    const cols = periodColumns(model.layout);
    let expected = 0;
    for (let p = 0; p < 10; p++) {
      let defaulted = 0;
      for (let t = 1; t <= 6; t++) {
        defaulted += periodColumn(model, chunk, t, cols.indexOf("defaults"))[p];
        expected += 15 * periodColumn(model, chunk, t, cols.indexOf("D1"))[p] * (2000 - defaulted);
      }
    }
    expect(expected).toBeGreaterThan(0);
    expect(sum(bookColumn(chunk, "collectionCost"))).toBeCloseTo(expected, 6);
  });
});

describe("an NPL sale", () => {
  it("books EAD × (1 − price) at default and takes the balance off the book at once", () => {
    const sold = buildModel(line({ nplSale: { salePrice: 0.1 } }, { chargeOffMonths: 3 }));
    const kept = buildModel(line({}, { chargeOffMonths: 3, lgd: { mean: 0.85, sd: 0 } }));
    const a = simulatePaths(sold, 0, 10);
    const b = simulatePaths(kept, 0, 10);
    expect(sum(bookColumn(a, "lossAtDefault")) / sum(bookColumn(a, "defaults"))).toBeCloseTo(7000 * 0.9, 9);
    expect(sum(bookColumn(b, "lossAtDefault")) / sum(bookColumn(b, "defaults"))).toBeCloseTo(7000 * 0.85, 9);
    const npl = periodColumns(sold.layout).indexOf("nplRatio");
    // Kept defaults sit in F for three months and count in the NPL ratio; sold ones do not.
    expect(mean(periodColumn(sold, a, 3, npl))).toBeLessThan(mean(periodColumn(kept, b, 3, npl)));
  });
});

describe("funding", () => {
  it("costs fundingRate·periodMonths/12 on every balance not written off", () => {
    const model = buildModel(line({ fundingRate: 0.06 }));
    const chunk = simulatePaths(model, 0, 10);
    const balance = periodColumns(model.layout).indexOf("balance");
    let expected = 0;
    for (let t = 1; t <= 6; t++) expected += sum(periodColumn(model, chunk, t, balance)) * 0.005;
    expect(sum(bookColumn(chunk, "fundingCost"))).toBeCloseTo(expected, 4);
  });
});
