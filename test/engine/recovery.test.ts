/**
 * The workout of defaults (docs/model.md §6, §6.1): recoveries along a curve, write-off,
 * net charge-offs, present values and NPL sale prices, each against a hand computation
 * written here from the run's own defaults by month, and the rates' bounds as properties.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { simulatePaths } from "../../src/engine/simulate.ts";
import { periodColumns } from "../../src/engine/layout.ts";
import { Workout } from "../../src/engine/recovery.ts";
import { NPM, PM } from "../../src/engine/layout.ts";
import type { SegmentModel } from "../../src/engine/model.ts";
import type { ScenarioInput } from "../../src/scenario/schema.ts";
import { scenarioSchema } from "../../src/scenario/schema.ts";
import { checkRules } from "../../src/scenario/rules.ts";
import { bookColumn, buildModel, periodColumn } from "./helpers.ts";

// A line of 10,000 drawn 4,000, CCF 0.5, no APR or fee: every default has EAD 7,000; a miss
// defaults the next month (roll 1).
const EAD = 7000;
const H = 12;
const line = (extra: object = {}, policy: ScenarioInput["policy"] = {}, horizonMonths = H): ScenarioInput => ({
  creditlab: 2,
  simulation: { paths: 8, horizonMonths, seed: "workout" },
  segments: [
    {
      name: "line",
      accounts: 3000,
      start: "current",
      missRate: 0.3,
      correlation: 0.1,
      limit: { median: 10_000, sigma: 0 },
      utilization: 0.4,
      ccf: 0.5,
      delinquency: { roll: [1], correlation: 0.1 },
      lgd: { mean: 0.6, sd: 0 },
      chargeOffMonths: 2,
      ...extra,
    },
  ],
  policy,
});

/** a equals b to rounding: 1e-9 relative (sums of thousands of amounts of thousands). */
function close(a: number, b: number): void {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(a), Math.abs(b)));
}

/** The book's period column `name` of path j, months 1..T, as an array indexed by month (index 0 unused). */
function byMonth(model: ReturnType<typeof buildModel>, chunk: ReturnType<typeof simulatePaths>, name: string, j: number, variant = 0): number[] {
  const c = periodColumns(model.layout).indexOf(name);
  expect(c).toBeGreaterThanOrEqual(0);
  return [0, ...Array.from({ length: model.periods }, (_, t) => periodColumn(model, chunk, t + 1, c, variant)[j])];
}

describe("a recovery curve of one bucket at month 0", () => {
  it("gives today's loss: the same loss at default and net loss on every path as no curve, LGD × EAD a default", () => {
    const beta = { lgd: { mean: 0.6, sd: 0.2 } };
    const model = buildModel(line(beta), [{ name: "one bucket", input: line({ ...beta, recovery: { curve: [1] } }) }]);
    const chunk = simulatePaths(model, 0, 8);
    for (const m of ["lossAtDefault", "netLoss", "recoveries", "chargeOffs", "lifetimeLoss"] as const) {
      expect(Array.from(bookColumn(chunk, m, 1))).toEqual(Array.from(bookColumn(chunk, m, 0)));
    }
    // Each default recovers EAD·(1 − LGD) at once: recoveries + loss at default = EAD × defaults, path by path.
    const defaults = bookColumn(chunk, "defaults");
    const loss = bookColumn(chunk, "lossAtDefault");
    const recovered = bookColumn(chunk, "recoveries");
    for (let j = 0; j < 8; j++) {
      expect(defaults[j]).toBeGreaterThan(50);
      close(recovered[j] + loss[j], EAD * defaults[j]);
    }
    // With sd 0 the loss of a default is 0.6 × 7,000 exactly.
    const fixed = simulatePaths(buildModel(line({ recovery: { curve: [1] } })), 0, 4);
    const d = bookColumn(fixed, "defaults");
    bookColumn(fixed, "lossAtDefault").forEach((l, j) => close(l, 0.6 * EAD * d[j]));
  });
});

describe("recoveries along a curve", () => {
  const curve = [0.5, 0.3, 0.2];
  const costRate = 0.2;
  const model = buildModel(line({ recovery: { curve, costRate }, chargeOffMonths: 1 }));
  const chunk = simulatePaths(model, 0, 4);

  it("arrive month by month as the hand convolution of the month's defaults with the curve, costs apart", () => {
    for (let j = 0; j < 4; j++) {
      const defaults = byMonth(model, chunk, "defaults", j);
      const recoveries = byMonth(model, chunk, "recoveries", j);
      const cost = byMonth(model, chunk, "workoutCost", j);
      const chargeOffs = byMonth(model, chunk, "chargeOffs", j);
      const after = byMonth(model, chunk, "chargeOffRecoveries", j);
      const netLoss = byMonth(model, chunk, "netLoss", j);
      const R = EAD * (1 - 0.6); // net recovery of a default
      for (let m = 1; m <= H; m++) {
        let net = 0;
        let post = 0;
        for (let k = 0; k < curve.length && k < m; k++) {
          net += defaults[m - k] * R * curve[k];
          if (k >= 1) post += defaults[m - k] * R * curve[k];
        }
        close(recoveries[m], net / (1 - costRate));
        close(cost[m], (net / (1 - costRate)) * costRate);
        // Written off a month after default: EAD less the half recovered in the month of default.
        const writeOff = m >= 2 ? defaults[m - 1] * (EAD - R * 0.5) : 0;
        close(chargeOffs[m], writeOff);
        close(after[m], post);
        // Net charge-offs are write-offs less the recoveries after write-off, month by month.
        close(netLoss[m], chargeOffs[m] - after[m]);
      }
    }
  });

  it("conserve each cohort: its net recoveries and its loss make its EAD", () => {
    // One cohort by hand, through the workout alone: EAD 100 in month 2, R = 40 net, costs 20% of the cash.
    const s = { recovery: { curve: Float64Array.from(curve), costRate }, chargeOffMonths: 1, aprMonthly: 0 } as unknown as SegmentModel;
    const w = new Workout([s], 6, 0);
    const so = new Float64Array(NPM);
    w.beginPath();
    w.workedOut(0, 2, 100, 40);
    for (let m = 1; m <= 6; m++) w.month(0, m, so);
    const f = w.book;
    expect(Array.from(f.recoveries)).toEqual([0, 0, 25, 15, 10, 0, 0]);
    expect(Array.from(f.workoutCost)).toEqual([0, 0, 5, 3, 2, 0, 0]);
    // Written off in month 3 for 100 − 20; 12 and 8 come in after.
    expect(Array.from(f.chargeOffs)).toEqual([0, 0, 0, 80, 0, 0, 0]);
    expect(Array.from(f.netLoss)).toEqual([0, 0, 0, 68, -8, 0, 0]);
    expect(so[PM.recoveries] - so[PM.workoutCost] + so[PM.netLoss]).toBe(100);
    expect(so[PM.netLoss]).toBe(60);
  });

  it("net charge-offs = write-offs − recoveries after write-off on every path, and the rest lies past the horizon", () => {
    const net = bookColumn(chunk, "netLoss");
    const co = bookColumn(chunk, "chargeOffs");
    const after = bookColumn(chunk, "chargeOffRecoveries");
    const atDefault = bookColumn(chunk, "lossAtDefault");
    for (let j = 0; j < 4; j++) {
      close(net[j], co[j] - after[j]);
      // Defaults of months 11 and 12 are not written off or not fully recovered by month 12.
      const defaults = byMonth(model, chunk, "defaults", j);
      const R = EAD * 0.4;
      // Month 12's are not written off yet (their whole loss is to come); month 11's were, and 0.2 of R is still to come.
      const pending = defaults[12] * (EAD - R) - defaults[11] * 0.2 * R;
      close(atDefault[j] - net[j], pending);
    }
  });
});

describe("present values and an NPL sale at the workout's value", () => {
  const curve = [0.2, 0.3, 0.5];
  const rate = 0.1;
  const v = (m: number) => (1 + rate) ** (-m / 12);
  const value = curve.reduce((a, c, k) => a + c * v(k), 0);
  const workout = line({ recovery: { curve } }, { discountRate: rate });
  const sale = line({ recovery: { curve } }, { discountRate: rate, nplSale: { buyerRate: rate } });
  const model = buildModel(workout, [{ name: "sell", input: sale }]);
  const chunk = simulatePaths(model, 0, 6);

  it("discounts the loss at default by its month and its recoveries by theirs", () => {
    for (let j = 0; j < 6; j++) {
      const defaults = byMonth(model, chunk, "defaults", j);
      const net = byMonth(model, chunk, "netLoss", j);
      let pvLoss = 0;
      let pvNet = 0;
      for (let d = 1; d <= H; d++) {
        pvLoss += defaults[d] * v(d) * (EAD - EAD * 0.4 * value);
        pvNet += net[d] * v(d);
      }
      close(bookColumn(chunk, "pvLossAtDefault")[j], pvLoss);
      close(bookColumn(chunk, "pvNetLoss")[j], pvNet);
    }
  });

  it("discounts at each segment's APR with discountRate: apr", () => {
    const m = buildModel(line({ apr: 0.24, recovery: { curve } }, { discountRate: "apr" }));
    const c = simulatePaths(m, 0, 3);
    for (let j = 0; j < 3; j++) {
      const net = byMonth(m, c, "netLoss", j);
      const recovered = byMonth(m, c, "recoveries", j);
      let pvNet = 0;
      let pvRec = 0;
      for (let t = 1; t <= H; t++) {
        pvNet += net[t] * 1.24 ** (-t / 12);
        pvRec += recovered[t] * 1.24 ** (-t / 12);
      }
      close(bookColumn(c, "pvNetLoss")[j], pvNet);
      close(bookColumn(c, "pvRecoveries")[j], pvRec);
    }
  });

  it("leaves the discounted loss where the workout puts it, on every path, and its proceeds are the price", () => {
    const d0 = bookColumn(chunk, "defaults", 0);
    const d1 = bookColumn(chunk, "defaults", 1);
    expect(Array.from(d1)).toEqual(Array.from(d0));
    const kept = bookColumn(chunk, "pvLossAtDefault", 0);
    const sold = bookColumn(chunk, "pvLossAtDefault", 1);
    const proceeds = bookColumn(chunk, "saleProceeds", 1);
    for (let j = 0; j < 6; j++) {
      close(sold[j], kept[j]);
      // The price: the buyer's value of 40% of 7,000 along the curve at 10% a year.
      close(proceeds[j], d1[j] * EAD * 0.4 * value);
      // A sale is written off at once and collects nothing afterwards.
      expect(bookColumn(chunk, "recoveries", 1)[j]).toBe(0);
      close(bookColumn(chunk, "netLoss", 1)[j], d1[j] * EAD * (1 - 0.4 * value));
    }
    // Month by month the proceeds are those of the month's defaults.
    const defaults = byMonth(model, chunk, "defaults", 0, 1);
    const monthly = byMonth(model, chunk, "saleProceeds", 0, 1);
    for (let m = 1; m <= H; m++) close(monthly[m], defaults[m] * EAD * 0.4 * value);
  });

  it("moves a share price with the cycle: lower in a bad economy", () => {
    const shocked = (cycle: number): ScenarioInput => ({
      ...line({}, { nplSale: { salePrice: 0.1, cycle } }),
      macro: { shocks: [{ factor: "economy", path: [-2] }] },
    } as ScenarioInput);
    const m = buildModel(shocked(0), [{ name: "cycle", input: shocked(0.5) }]);
    const c = simulatePaths(m, 0, 4);
    const flat = bookColumn(c, "saleProceeds", 0);
    const cyc = bookColumn(c, "saleProceeds", 1);
    const d = bookColumn(c, "defaults", 0);
    for (let j = 0; j < 4; j++) {
      close(flat[j], d[j] * EAD * 0.1);
      expect(cyc[j]).toBeLessThan(flat[j]);
    }
  });
});

describe("an NPL sale at an age in default", () => {
  // chargeOffMonths 2 (line): a sale at 1 month comes before write-off, at 3 after it.
  const curve = [0.2, 0.3, 0.5];
  const rate = 0.1;
  const v = (m: number) => (1 + rate) ** (-m / 12);
  const R = EAD * 0.4; // the net recovery of a default (LGD 0.6, sd 0)
  const at = (k: number, sale: object): ScenarioInput => line({ recovery: { curve } }, { discountRate: rate, nplSale: { ...sale, atMonthsInDefault: k } });
  const workout = line({ recovery: { curve } }, { discountRate: rate });

  it("at the buyer's rate = the discount rate leaves the discounted loss where the workout puts it, whatever the age", () => {
    const ages = [0, 1, 2, 3, 5];
    const model = buildModel(workout, ages.map((k) => ({ name: `at ${k}`, input: at(k, { buyerRate: rate }) })));
    const chunk = simulatePaths(model, 0, 4);
    const kept = bookColumn(chunk, "pvLossAtDefault", 0);
    ages.forEach((k, i) => {
      expect(Array.from(bookColumn(chunk, "defaults", i + 1))).toEqual(Array.from(bookColumn(chunk, "defaults", 0)));
      for (let j = 0; j < 4; j++) close(bookColumn(chunk, "pvLossAtDefault", i + 1)[j], kept[j]);
    });
    // And by hand: each default d loses v^d·(EAD − R·Σ c_j v^j).
    const value = curve.reduce((a, c, j) => a + c * v(j), 0);
    for (let j = 0; j < 4; j++) {
      const defaults = byMonth(model, chunk, "defaults", j, 3);
      let pv = 0;
      for (let d = 1; d <= H; d++) pv += defaults[d] * v(d) * (EAD - R * value);
      close(bookColumn(chunk, "pvLossAtDefault", 3)[j], pv);
    }
  });

  for (const k of [1, 3]) {
    it(`at ${k} month${k > 1 ? "s" : ""}: the seller keeps the curve before it, the proceeds come at the sale, and the month's cash rises by the price`, () => {
      const price = 0.15;
      const model = buildModel(workout, [{ name: "sell", input: at(k, { salePrice: price }) }]);
      const chunk = simulatePaths(model, 0, 3);
      for (let j = 0; j < 3; j++) {
        const defaults = byMonth(model, chunk, "defaults", j, 1);
        const recoveries = byMonth(model, chunk, "recoveries", j, 1);
        const proceeds = byMonth(model, chunk, "saleProceeds", j, 1);
        const chargeOffs = byMonth(model, chunk, "chargeOffs", j, 1);
        const after = byMonth(model, chunk, "chargeOffRecoveries", j, 1);
        const cashSold = byMonth(model, chunk, "netCash", j, 1);
        const cashKept = byMonth(model, chunk, "netCash", j, 0);
        const dOf = (m: number) => (m >= 1 ? defaults[m] : 0);
        for (let m = 1; m <= H; m++) {
          let kept = 0;
          let lost = 0;
          let post = 0;
          for (let i = 0; i < curve.length && i < m; i++) {
            const r = dOf(m - i) * R * curve[i];
            if (i < k) kept += r;
            else lost += r;
            if (i < k && i >= 2) post += r;
          }
          close(recoveries[m], kept);
          // The price of what is still owed at the sale: EAD less the seller's recoveries (0.2 of R at 1 month, all of it at 3).
          const owed = EAD - R * curve.slice(0, k).reduce((a, c) => a + c, 0);
          close(proceeds[m], dOf(m - k) * owed * price);
          if (k < 2) {
            // Written off at the sale: EAD less the seller's recoveries and the price.
            close(chargeOffs[m], dOf(m - k) * (EAD - R * 0.2 - owed * price));
            close(after[m], 0);
          } else {
            // Written off at 2 months as a workout; the price is a recovery of a charged-off balance.
            close(chargeOffs[m], dOf(m - 2) * (EAD - R * 0.5));
            close(after[m], post + dOf(m - k) * owed * price);
          }
          // The month's cash: the price in, the workout's recoveries from k on no longer.
          close(cashSold[m] - cashKept[m], proceeds[m] - lost);
        }
      }
    });
  }

  it("reads a price table by months in default, and days past due as months in default like chargeOffDays", () => {
    // A 1-bucket ladder: F at the 2nd miss; 90 days past due = ceil(90/30) − 1 = 2 months in default.
    const table = buildModel(workout, [
      { name: "table", input: line({ recovery: { curve } }, { nplSale: { prices: [0.3, 0.2, 0.1], atDaysPastDue: 90 } }) },
      { name: "past the table", input: line({ recovery: { curve } }, { nplSale: { prices: [0.3, 0.2], atMonthsInDefault: 4 } }) },
      { name: "one share", input: line({ recovery: { curve } }, { nplSale: { salePrice: 0.2, atMonthsInDefault: 4 } }) },
    ]);
    const chunk = simulatePaths(table, 0, 2);
    for (let j = 0; j < 2; j++) {
      const defaults = byMonth(table, chunk, "defaults", j, 1);
      const proceeds = byMonth(table, chunk, "saleProceeds", j, 1);
      // Two months in: 0.2 + 0.3 of R received, the price on the rest.
      for (let m = 3; m <= H; m++) close(proceeds[m], defaults[m - 2] * (EAD - R * 0.5) * 0.1);
    }
    // The table's last price past its end: the same as that share.
    for (const name of ["saleProceeds", "netLoss", "recoveries", "chargeOffs", "pvLossAtDefault"] as const) {
      expect(Array.from(bookColumn(chunk, name, 2))).toEqual(Array.from(bookColumn(chunk, name, 3)));
    }
  });

  it("at 0 months, a one-price table is the share: the same numbers", () => {
    const beta = { lgd: { mean: 0.6, sd: 0.2 }, recovery: { curve } };
    const model = buildModel(line(beta, { nplSale: { salePrice: 0.12, cycle: 0.4 } }), [
      { name: "table", input: line(beta, { nplSale: { prices: [0.12], cycle: 0.4, atMonthsInDefault: 0 } }) },
    ]);
    const chunk = simulatePaths(model, 0, 3);
    for (const name of ["saleProceeds", "netLoss", "lossAtDefault", "chargeOffs", "lifetimeLoss", "profit"] as const) {
      expect(Array.from(bookColumn(chunk, name, 1))).toEqual(Array.from(bookColumn(chunk, name, 0)));
    }
  });
});

describe("the rates' bounds", () => {
  it("loss rate ≤ 1 and charge-off rate ≤ 12/chargeOffMonths a year, with utilization 5%, CCF 1 and line increases", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.double({ min: 0.3, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 3 }),
        (c, lgd, horizonMonths, roll) => {
          const input = line(
            {
              utilization: 0.05,
              ccf: 1,
              missRate: 0.5,
              chargeOffMonths: c,
              lgd: { mean: lgd, sd: 0 },
              delinquency: { roll: [1, 1, 1].slice(0, roll), correlation: 0.1 },
            },
            { lineManagement: { increase: { afterMonths: 1, by: 1, maxTimes: 3 } } },
            horizonMonths,
          );
          const model = buildModel({ ...input, simulation: { ...input.simulation, paths: 2 } });
          const chunk = simulatePaths(model, 0, 2);
          const lossRate = bookColumn(chunk, "lossRate");
          const chargeOffRate = bookColumn(chunk, "chargeOffRate");
          for (let j = 0; j < 2; j++) {
            expect(lossRate[j]).toBeLessThanOrEqual(1 + 1e-12);
            expect(chargeOffRate[j]).toBeLessThanOrEqual(12 / c + 1e-12);
          }
        },
      ),
      { numRuns: 15, seed: 21 },
    );
  });

  it("is a bound the loss at default breaks on the same book: booked at default it counts draw-downs the balance never held", () => {
    const input = line({ utilization: 0.05, ccf: 1, missRate: 0.9, chargeOffMonths: 3, lgd: { mean: 1, sd: 0 }, delinquency: { roll: [] } }, {}, 3);
    const chunk = simulatePaths(buildModel(input), 0, 2);
    const atDefault = bookColumn(chunk, "lossAtDefault")[0] / bookColumn(chunk, "balanceYears")[0];
    expect(atDefault).toBeGreaterThan(12 / 3);
    expect(bookColumn(chunk, "chargeOffRate")[0]).toBeLessThanOrEqual(12 / 3);
  });
});

describe("scenario rules", () => {
  const problems = (input: ScenarioInput) => checkRules(scenarioSchema.parse(input));
  it("names a curve that does not sum to 1, and both a curve and a hazard", () => {
    const [p] = problems(line({ recovery: { curve: [0.5, 0.3] } }));
    expect(p.path).toEqual(["segments", 0, "recovery", "curve"]);
    expect(p.message).toContain("sum to 0.8");
    const [q] = problems(line({ recovery: { curve: [1], hazard: { monthly: 0.2, capMonths: 12 } } }));
    expect(q.path).toEqual(["segments", 0, "recovery", "hazard"]);
  });
  it("asks a sale for exactly one price", () => {
    const [p] = problems(line({}, { nplSale: { salePrice: 0.1, buyerRate: 0.2 } }));
    expect(p.path).toEqual(["policy", "nplSale", "buyerRate"]);
    const [q] = problems(line({}, { nplSale: {} }));
    expect(q.path).toEqual(["policy", "nplSale", "salePrice"]);
  });
  it("compiles a hazard to shares that sum to 1 and chargeOffDays to months in default", () => {
    const m = buildModel(line({ recovery: { hazard: { monthly: 0.5, capMonths: 2 } }, chargeOffDays: 180, delinquency: { roll: [0.5, 0.5] } }));
    const s = m.variants[0].segments[0];
    // 0.5 then 0.25, scaled by 0.75.
    expect(Array.from(s.recovery.curve)).toEqual([2 / 3, 1 / 3]);
    // The 7th miss is 180 days past due; F is entered at the 3rd: 4 months in F.
    expect(s.chargeOffMonths).toBe(4);
  });
});
