/**
 * The scenario's ECL report (src/engine/ecl/report.ts): stages by days past due, stage 3 at
 * LGD × EAD, weights, and the exact ECL against the mean simulated loss on paths of the model.
 */
import { describe, expect, it } from "vitest";
import { eclReport } from "../../../src/engine/ecl/report.ts";
import { simulatePaths } from "../../../src/engine/simulate.ts";
import type { ScenarioInput } from "../../../src/scenario/schema.ts";
import { PERIOD_FIXED, periodColumns } from "../../../src/engine/layout.ts";
import { bookColumn, buildModel, periodColumn } from "../helpers.ts";

const line = (extra: Record<string, unknown> = {}) =>
  ({
    name: "cards",
    accounts: 10_000,
    product: "revolving",
    pd: 0.05,
    correlation: 0,
    limit: { median: 2000, sigma: 0 },
    utilization: 0.5,
    ccf: 0.4,
    lgd: { mean: 0.7, sd: 0 },
    ...extra,
  }) as ScenarioInput["segments"][number];

describe("stages by days past due", () => {
  // Four buckets: D1 1–30, D2 31–60, D3 61–90, D4 91–120 days past due.
  const model = buildModel({
    creditlab: 2,
    segments: [line({ delinquency: { roll: [0.3, 0.4, 0.5, 0.6], start: [0.04, 0.03, 0.02, 0.01], startDefaulted: 0.05 }, chargeOffMonths: 6 })],
    provisioning: { standard: "ifrs9" },
  });
  const r = eclReport(model, model.provisioning!);
  it("stage 3 is F and D4 (more than 90 dpd), at LGD × EAD", () => {
    // D4: balance 1,000 + 0.4 × 1,000 undrawn = 1,400; F: its balance 1,400 (drawn at default).
    expect(r.stages["3"].accounts).toBeCloseTo(10_000 * (0.01 + 0.05), 9);
    expect(r.stages["3"].exposure).toBeCloseTo(10_000 * 0.06 * 1400, 6);
    expect(r.stages["3"].ecl).toBeCloseTo(10_000 * 0.06 * 1400 * 0.7, 6);
  });
  it("stage 2 is D2 and D3 (more than 30 dpd); D1 and current accounts are stage 1", () => {
    expect(r.stages["2"].accounts).toBeCloseTo(10_000 * 0.05, 9);
    expect(r.stages["1"].accounts).toBeCloseTo(10_000 * (1 - 0.05 - 0.06), 9); // D1 (4%) among them
  });
  it("a lower stage 3 threshold takes D3 in", () => {
    const m = buildModel({ creditlab: 2, segments: [line({ delinquency: { roll: [0.3, 0.4, 0.5, 0.6], start: [0.04, 0.03, 0.02, 0.01] } })], provisioning: { stage3: { daysPastDue: 60 } } });
    expect(eclReport(m, m.provisioning!).stages["3"].accounts).toBeCloseTo(10_000 * 0.03, 9);
  });
});

describe("weights", () => {
  const base: ScenarioInput = { creditlab: 2, segments: [line({ correlation: 0.1 })], provisioning: { scenarios: { base: 0.5, down: 0.3, up: 0.2 } } };
  const shocked = (x: number): ScenarioInput => ({ ...base, macro: { shocks: [{ factor: "economy", path: [x] }] } });
  const model = buildModel(base, [{ name: "down", input: shocked(-1.5) }, { name: "up", input: shocked(1) }]);
  const r = eclReport(model, model.provisioning!);
  it("the weighted ECL is Σ weight × the scenario's ECL, and a worse economy provisions more", () => {
    const [b, d, u] = r.scenarios;
    expect(r.ecl).toBeCloseTo(0.5 * b.ecl + 0.3 * d.ecl + 0.2 * u.ecl, 6);
    expect(d.ecl).toBeGreaterThan(b.ecl);
    expect(u.ecl).toBeLessThan(b.ecl);
    // Each scenario alone is its own report's ECL.
    const alone = eclReport(model, { ...model.provisioning!, scenarios: { down: 1 } });
    expect(alone.ecl).toBeCloseTo(d.ecl, 6);
  });
});

describe("the exact ECL against the simulated loss of the model", () => {
  // ρ = 0: every path misses and rolls at the same rates, and only the LGD follows the
  // economy (lgd.macro), whose law each month the ECL integrates exactly. 12-month ECL, no
  // discount: the mean over paths of the loss of the 12 months simulated.
  const input: ScenarioInput = {
    creditlab: 2,
    simulation: { paths: 200, horizonMonths: 12, seed: 3 },
    macro: { shocks: [{ factor: "economy", recession: { start: 1, fall: 4, trough: -1.5, stay: 4, recover: 4 } }] },
    segments: [line({ start: "current", delinquency: { roll: [0.5], stay: [0.1] }, chargeOffMonths: 0, lgd: { mean: 0.6, sd: 0, macro: 0.5 } })],
    provisioning: { discount: "none" },
  };
  it("agree within 4 standard errors (false alarm 6e-5)", () => {
    const model = buildModel(input);
    const ecl = eclReport(model, model.provisioning!).ecl;
    const loss = bookColumn(simulatePaths(model, 0, 200), "netLoss");
    const n = loss.length;
    const mean = loss.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(loss.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
    expect(Math.abs(ecl - mean)).toBeLessThan(4 * (sd / Math.sqrt(n)));
    // and the test can tell: the LGD's economy matters by more than that here
    const flat = buildModel({ ...input, segments: [line({ start: "current", delinquency: { roll: [0.5], stay: [0.1] }, chargeOffMonths: 0, lgd: { mean: 0.6, sd: 0 } })] });
    expect(Math.abs(eclReport(flat, flat.provisioning!).ecl - mean)).toBeGreaterThan(4 * (sd / Math.sqrt(n)));
  });
});

describe("term structures and the significant increase in credit risk", () => {
  it("a seasoning curve multiplies each month's hazard at the account's age (one state, ρ 0, written out)", () => {
    const seasoning = { multipliers: [2, 1.5], bandMonths: 6, afterwards: 1, monthsOnBook: 3 };
    const input: ScenarioInput = {
      creditlab: 2,
      segments: [line({ start: "current", missRate: 0.06, pd: undefined, delinquency: { roll: [] }, seasoning })],
      provisioning: { discount: "none" },
    };
    const model = buildModel(input);
    const r = eclReport(model, model.provisioning!, { seasoning: [seasoning] });
    // Month t of an account 3 months on book: age 3 + t − 1; ×2 below 6, ×1.5 below 12, then ×1.
    const h = 1 - (1 - 0.06) ** (1 / 12);
    let alive = 1;
    let pd = 0;
    for (let t = 1; t <= 12; t++) {
      const age = 3 + t - 1;
      const ht = h * (age < 6 ? 2 : age < 12 ? 1.5 : 1);
      pd += alive * ht;
      alive *= 1 - ht;
    }
    expect(r.ecl).toBeCloseTo(10_000 * 1400 * 0.7 * pd, 6);
  });

  it("pdMultiple moves current accounts to stage 2 when the weighted lifetime PD has risen enough", () => {
    const input = (x: number): ScenarioInput => ({
      creditlab: 2,
      macro: { shocks: [{ factor: "economy", path: [x] }] },
      segments: [line({ start: "current", correlation: 0.15 })],
      provisioning: { stage2: { pdMultiple: 1.5 } },
    });
    const calm = buildModel(input(0));
    expect(eclReport(calm, calm.provisioning!).stages["2"].accounts).toBe(0);
    const slump = buildModel(input(-2));
    const r = eclReport(slump, slump.provisioning!);
    expect(r.stages["2"].accounts).toBe(10_000);
    // Stage 2 takes the lifetime ECL (36 months of a line's life) rather than 12 months'.
    const year = eclReport(slump, { ...slump.provisioning!, stage2: { ...slump.provisioning!.stage2, pdMultiple: undefined } });
    expect(r.ecl).toBeGreaterThan(year.ecl * 1.5);
  });
});

describe("the exact lifetime ECL of loans against their simulated discounted loss", () => {
  // Loans of 12 payments at 12%, a miss a default (roll: []), ρ = 0, the LGD following a
  // recession: CECL's lifetime ECL discounted at the APR against the mean over paths of
  // Σ_t netLoss_t/(1.01)^t, every default falling within the 12 months simulated. No
  // penalty interest or fee, so a default's EAD is the scheduled balance.
  it("agree within 4 standard errors (false alarm 6e-5)", () => {
    const input: ScenarioInput = {
      creditlab: 2,
      simulation: { paths: 200, horizonMonths: 12, seed: 11 },
      macro: { shocks: [{ factor: "economy", recession: { start: 2, fall: 3, trough: -2, stay: 3, recover: 3 } }] },
      segments: [
        {
          name: "loans",
          accounts: 20_000,
          product: "instalment",
          start: "current",
          pd: 0.1,
          correlation: 0,
          principal: { median: 3000, sigma: 0 },
          termMonths: 12,
          apr: 0.12,
          penaltyApr: 0,
          delinquency: { roll: [] },
          chargeOffMonths: 0,
          lgd: { mean: 0.6, sd: 0, macro: 0.6 },
        },
      ],
      provisioning: { standard: "cecl", discount: "apr" },
    };
    const model = buildModel(input);
    const ecl = eclReport(model, model.provisioning!).ecl;
    const chunk = simulatePaths(model, 0, 200);
    const LOSS = PERIOD_FIXED.indexOf("netLoss");
    const discounted = new Float64Array(200);
    for (let t = 1; t <= 12; t++) {
      const loss = periodColumn(model, chunk, t, LOSS);
      for (let j = 0; j < 200; j++) discounted[j] += loss[j] / 1.01 ** t;
    }
    const mean = discounted.reduce((a, b) => a + b, 0) / 200;
    const se = Math.sqrt(discounted.reduce((a, b) => a + (b - mean) ** 2, 0) / 199 / 200);
    expect(Math.abs(ecl - mean)).toBeLessThan(4 * se);
    // and the test can tell: without the discount the ECL is outside the band
    const undiscounted = eclReport(model, { ...model.provisioning!, discount: "none" }).ecl;
    expect(Math.abs(undiscounted - mean)).toBeGreaterThan(4 * se);
  });
});

describe("the exact ECL of a linked segment on a fixed path against its simulated loss", () => {
  // A miss-rate segment linked to unemployment held on a rising path, every factor's random
  // part set to 0 (macro.residual: zero): the economy is known, so the 12-month ECL without
  // discount is the mean loss of the 12 months simulated, up to the accounts' own noise; the
  // link must move it (the same book on the variable's mean path is well apart).
  const input = (path: number[]): ScenarioInput => ({
    creditlab: 2,
    simulation: { paths: 200, horizonMonths: 12, seed: 5 },
    macro: {
      residual: "zero",
      factors: { economy: { persistence: 0.9 }, credit: { persistence: 0.8 } },
      variables: { unemployment: { factor: "economy", mean: 5, sensitivity: -1, path: { quarterly: path, interpolation: "linear", jumpOff: 5 } } },
    },
    segments: [
      line({
        start: "current",
        loadings: { credit: 1 },
        delinquency: { roll: [0.5], stay: [0.1] },
        chargeOffMonths: 0,
        lgd: { mean: 0.6, sd: 0 },
        link: { residualCorrelation: 0.04, terms: [{ variable: "unemployment", beta: 0.15 }] },
      }),
    ],
    provisioning: { discount: "none" },
  });

  it("agree within 4 standard errors (false alarm 6e-5), and the path moves the ECL by far more", () => {
    const model = buildModel(input([6, 7.5, 9, 10]));
    const ecl = eclReport(model, model.provisioning!).ecl;
    const loss = bookColumn(simulatePaths(model, 0, 200), "netLoss");
    const n = loss.length;
    const mean = loss.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(loss.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
    expect(Math.abs(ecl - mean)).toBeLessThan(4 * (sd / Math.sqrt(n)));
    const calm = buildModel(input([5, 5, 5, 5]));
    expect(mean - eclReport(calm, calm.provisioning!).ecl).toBeGreaterThan(20 * (sd / Math.sqrt(n)));
  });

  it("the allowance of every path at the start is that ECL, and a period on it looks ahead along the same path", () => {
    const model = buildModel(input([6, 7.5, 9, 10]));
    const ecl = eclReport(model, model.provisioning!).ecl;
    const chunk = simulatePaths(model, 0, 3);
    const cols = periodColumns(model.layout);
    const col = (t: number, name: string) => periodColumn(model, chunk, t, cols.indexOf(name));
    for (let j = 0; j < 3; j++) {
      // allowance(0) = allowance(1) + writeOffs(1) − charge(1): every account identical and current.
      const start = col(1, "allowance")[j] + col(1, "writeOffs")[j] - col(1, "provisionCharge")[j];
      expect(start / ecl).toBeCloseTo(1, 5);
    }
    // On the calm path the same book's allowance is the calm ECL: the fixed path, not the
    // variable's factor, sets the outlook.
    const calm = buildModel(input([5, 5, 5, 5]));
    const c = simulatePaths(calm, 0, 1);
    const calmCol = (t: number, name: string) => periodColumn(calm, c, t, cols.indexOf(name));
    const calmStart = calmCol(1, "allowance")[0] + calmCol(1, "writeOffs")[0] - calmCol(1, "provisionCharge")[0];
    expect(calmStart / eclReport(calm, calm.provisioning!).ecl).toBeCloseTo(1, 5);
  });
});
