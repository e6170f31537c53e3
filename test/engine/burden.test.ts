/**
 * `pd` with a payment burden (docs/model.md §3.2, §4.8): the hazard is solved on the base
 * variant's chain, its burden, charges and card behaviour included, so that a book with
 * ε > 0 defaults at its pd in a neutral economy at ρ = 0; a variant keeps the base's
 * hazards, so charging more makes it default more; and with ε = 0 every hazard is the
 * plain solver's, bit for bit. The expected rates are the scenario's own pd; the engine's
 * paths are compared with it through their own standard error.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildBook } from "../../src/engine/book.ts";
import { burdenCalibration, calibratedThresholds, calibrationOf, thresholdOf } from "../../src/engine/burdenChain.ts";
import { HazardSolver } from "../../src/engine/hazard.ts";
import { simulatePaths } from "../../src/engine/simulate.ts";
import type { ScenarioInput } from "../../src/scenario/schema.ts";
import { bookColumn, buildModel, mean, variance } from "./helpers.ts";

type Segment = ScenarioInput["segments"][number];

const book = (segment: Partial<Segment>, paths: number, policy: ScenarioInput["policy"] = undefined): ScenarioInput => ({
  creditlab: 2,
  simulation: { paths, horizonMonths: 12, periodMonths: 1, seed: "burden calibration" },
  // `pd` is the 12-month default rate of current accounts: the book starts current.
  segments: [{ name: "book", start: "current", correlation: 0, attrition: 0, pd: 0.03, apr: 0.24, lateFee: 25, burden: 0.5, ...segment } as Segment],
  ...(policy ? { policy } : {}),
});

/** The book's 12-month default rate on each path (ρ = 0 and no shock: a neutral economy for the accounts). */
const rates = (input: ScenarioInput, paths: number): Float64Array => bookColumn(simulatePaths(buildModel(input), 0, paths), "defaultRate");

/**
 * Four standard errors of the mean over paths, the paths' own spread: two-sided, with 24
 * paths (Student's t, 23 degrees of freedom) a false alarm about once in 2,000 runs of a case.
 */
const fourErrors = (x: Float64Array): number => 4 * Math.sqrt(variance(x) / x.length);

describe("with a payment burden a book defaults at its pd (ρ = 0, neutral economy)", () => {
  it.each<[string, Partial<Segment>, number]>([
    // Interest-only lines: B = 1 while current, the burden in arrears only (the closed form).
    ["full lines, the burden in arrears", { accounts: 4000, limit: { median: 5000, sigma: 0.5 }, utilization: 1, delinquency: { roll: [0.4, 0.6], stay: [0, 0], correlation: 0 } }, 24],
    [
      "small lines with stays, a penalty rate and a fee cap",
      {
        accounts: 4000,
        limit: { median: 1000, sigma: 0.5 },
        utilization: 0.8,
        penaltyApr: 0.36,
        feeCap: 0.1,
        delinquency: { roll: [0.35, 0.6, 0.75], stay: [0.15, 0.2, 0.25], correlation: 0 },
      },
      24,
    ],
    [
      "an instalment loan, its level payment against its charges",
      { accounts: 4000, product: "instalment", principal: { median: 8000, sigma: 0.5 }, termMonths: 36, apr: 0.12, lateFee: 40, delinquency: { roll: [0.4, 0.6, 0.7], correlation: 0 } },
      24,
    ],
    // Stepped: a transactor's minimum falls from 5% of 10% of its limit to 5% of its 30% purchases: B = 3.
    [
      "transactors whose starting balance is not their steady one",
      { accounts: 2000, limit: { median: 5000, sigma: 0.5 }, utilization: 0.1, purchases: 0.3, revolvers: { share: 0, toRevolve: 0, toTransact: 0, minPayment: 0.05 } },
      24,
    ],
  ])("%s", (_, segment, paths) => {
    const x = rates(book(segment, paths), paths);
    expect(Math.abs(mean(x) - 0.03)).toBeLessThan(fourErrors(x));
  });

  it("a card book that switches, converts and buys defaults at its pd", () => {
    const segment: Partial<Segment> = {
      accounts: 1500,
      limit: { median: 5000, sigma: 0.5 },
      utilization: 0.4,
      purchases: 0.15,
      revolvers: { share: 0.4, toRevolve: 0.03, toTransact: 0.05, minPayment: 0.05 },
      instalments: { purchaseShare: 0.2, balanceRate: 0.05, termMonths: 12, feeRate: 0.006 },
      delinquency: { roll: [0.4, 0.6], stay: [0.1, 0.1], correlation: 0 },
    };
    const x = rates(book(segment, 24), 24);
    expect(Math.abs(mean(x) - 0.03)).toBeLessThan(fourErrors(x));
  });

  it("without the calibration the same lines would default far above pd: the chain moves the hazard", () => {
    // The plain solver's hazard on the lines of the first case, against the calibrated one.
    const model = buildModel(book({ accounts: 10, limit: { median: 5000, sigma: 0.5 }, utilization: 1 }, 1));
    const s = model.variants[0].segments[0];
    const plain = thresholdOf("default", new HazardSolver(s), 0.03, 1);
    expect(buildBook(model).variants[0].a[0]).toBeLessThan(plain - 0.1);
  });
});

describe("a variant keeps the base's hazards", () => {
  const lines: Partial<Segment> = {
    accounts: 3000,
    limit: { median: 2000, sigma: 0.5 },
    utilization: 0.9,
    delinquency: { roll: [0.35, 0.6], stay: [0.1, 0.1], correlation: 0 },
  };

  it("a higher late fee defaults more, on the base's hazards; a funding-only variant defaults the same", () => {
    const P = 12;
    const model = buildModel(book(lines, P), [
      { name: "fee 50", input: book({ ...lines, lateFee: 50 }, P) },
      { name: "funding", input: book(lines, P, { fundingRate: 0.05 }) },
    ]);
    const columns = buildBook(model).variants;
    expect(Array.from(columns[1].a)).toEqual(Array.from(columns[0].a));
    const chunk = simulatePaths(model, 0, P);
    const base = bookColumn(chunk, "defaults", 0);
    const fee = bookColumn(chunk, "defaults", 1);
    expect(Array.from(bookColumn(chunk, "defaults", 2))).toEqual(Array.from(base));
    // Paired: the same accounts and uniforms; a higher fee only raises roll rates.
    const diff = fee.map((x, j) => x - base[j]);
    expect(mean(diff)).toBeGreaterThan(fourErrors(diff));
    expect(mean(bookColumn(chunk, "defaultRate", 0))).toBeLessThan(mean(bookColumn(chunk, "defaultRate", 1)));
  });

  it("the calibration is the base's: a variant with other charges or burden gets the base's chain", () => {
    const model = buildModel(book(lines, 1), [{ name: "no burden", input: book({ ...lines, burden: 0, lateFee: 0 }, 1) }]);
    const base = calibrationOf(model, 0, 0);
    expect(base.missMultiplier).not.toBe(1);
    expect(calibrationOf(model, 1, 0)).toEqual(base);
  });
});

describe("ε = 0 leaves every hazard as the plain solver's, bit for bit", () => {
  const ladder = fc.integer({ min: 0, max: 3 }).chain((m) =>
    fc.record({
      roll: fc.array(fc.double({ min: 0.05, max: 0.95, noNaN: true }), { minLength: m, maxLength: m }),
      stay: fc.array(fc.double({ min: 0, max: 0.3, noNaN: true }), { minLength: m, maxLength: m }),
    }),
  );

  it("thresholds of any pd, ladder, product and period", () => {
    fc.assert(
      fc.property(
        ladder,
        fc.double({ min: 1e-4, max: 0.3, noNaN: true }),
        fc.constantFrom<"revolving" | "instalment">("revolving", "instalment"),
        fc.constantFrom<1 | 3 | 12>(1, 3, 12),
        fc.double({ min: 0, max: 200, noNaN: true }),
        (delinquency, pd, product, pm, lateFee) => {
          const model = buildModel({ ...book({ accounts: 3, product, lateFee, burden: 0, delinquency, pd: 0.01 }, 1), simulation: { paths: 1, horizonMonths: 12, periodMonths: pm, seed: 1 } });
          const s = model.variants[0].segments[0];
          const cal = burdenCalibration(s, model.variants[0].policy);
          expect(cal.missMultiplier).toBe(1);
          expect(Array.from(cal.ladder.roll)).toEqual(Array.from(s.roll));
          expect(Array.from(cal.ladder.stay)).toEqual(Array.from(s.stay));
          const plain = new HazardSolver(s);
          if (pd < plain.max) expect(calibratedThresholds({ solver: new HazardSolver(cal.ladder), cal, periodMonths: pm })("default", pd)).toBe(thresholdOf("default", plain, pd, pm));
        },
      ),
      { numRuns: 60 },
    );
  });

  it("a book's thresholds", () => {
    const model = buildModel(book({ accounts: 50, burden: 0, limit: { median: 5000, sigma: 0.5 }, delinquency: { roll: [0.4, 0.6], stay: [0.1, 0] } }, 1));
    const plain = thresholdOf("default", new HazardSolver(model.variants[0].segments[0]), 0.03, 1);
    for (const a of buildBook(model).variants[0].a) expect(a).toBe(plain);
  });
});
