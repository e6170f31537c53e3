/**
 * The reporting views of a period (docs/model.md §8.3): days-past-due buckets, China's five
 * categories and the NPL ratio (more than 90 days past due or in default), against counts
 * taken by hand from other outputs of the same run, and the identities between them.
 */
import { describe, expect, it } from "vitest";
import { simulatePaths } from "../../src/engine/simulate.ts";
import { periodColumns } from "../../src/engine/layout.ts";
import { bookColumn, buildModel, periodColumn } from "./helpers.ts";

const DPD = ["dpdCurrent", "dpd1to29", "dpd30to59", "dpd60to89", "dpd90plus"];
const FIVE = ["cnNormal", "cnSpecialMention", "cnSubstandard", "cnDoubtful", "cnLoss"];

describe("the reporting views", () => {
  it("classify a 12-bucket book held still by its buckets' days past due, as counted by hand", () => {
    // Every account draws 5,000 and nothing is charged (no APR, fee or CCF), so balance
    // shares are account shares; stay 1 and a tiny hazard hold every account in place.
    const m = 12;
    const model = buildModel({
      creditlab: 2,
      simulation: { paths: 2, horizonMonths: 1, seed: "views" },
      segments: [
        {
          name: "s",
          accounts: 20_000,
          missRate: 1e-9,
          ccf: 0,
          chargeOffMonths: 60,
          delinquency: { roll: Array(m).fill(0), stay: Array(m).fill(1), start: Array(m).fill(0.02), startDefaulted: 0.05 },
        },
      ],
    });
    const chunk = simulatePaths(model, 0, 2);
    const cols = periodColumns(model.layout);
    const at = (name: string) => periodColumn(model, chunk, 1, cols.indexOf(name))[0];
    // Accounts on the book by hand: the balance over 5,000; the starting accounts not in F
    // (none leaves in month 1) are C and D1..D12; the rest on the book are in F.
    const active = at("balance") / 5_000;
    expect(Number.isInteger(Math.round(active))).toBe(true);
    const d = Array.from({ length: m }, (_, k) => at(`D${k + 1}`) * active);
    const arrears = d.reduce((s, x) => s + x, 0);
    const current = bookColumn(chunk, "accounts")[0] - arrears;
    const defaulted = active - bookColumn(chunk, "accounts")[0];
    expect(defaulted).toBeGreaterThan(500);
    const sum = (from: number, to: number) => d.slice(from - 1, to).reduce((s, x) => s + x, 0);
    const expected: Record<string, number> = {
      dpdCurrent: current,
      dpd1to29: d[0],
      dpd30to59: d[1],
      dpd60to89: d[2],
      dpd90plus: sum(4, 12) + defaulted,
      cnNormal: current,
      cnSpecialMention: sum(1, 3),
      cnSubstandard: sum(4, 9),
      cnDoubtful: sum(10, 12),
      // An account in F of a 12-bucket ladder has missed at least 13 payments (more than 360 days): loss.
      cnLoss: defaulted,
      nplRatio: sum(4, 12) + defaulted,
    };
    for (const [name, count] of Object.entries(expected)) expect(at(name), name).toBeCloseTo(count / active, 12);
  });

  it("count the default two-bucket ladder's D2 (31–60 days) as performing and F as non-performing", () => {
    const model = buildModel({
      creditlab: 2,
      simulation: { paths: 1, horizonMonths: 1, seed: "views" },
      segments: [{ name: "s", accounts: 20_000, missRate: 1e-9, ccf: 0, chargeOffMonths: 60, delinquency: { roll: [0, 0], stay: [1, 1], start: [0.03, 0.04], startDefaulted: 0.05 } }],
    });
    const chunk = simulatePaths(model, 0, 1);
    const cols = periodColumns(model.layout);
    const at = (name: string) => periodColumn(model, chunk, 1, cols.indexOf(name))[0];
    const active = at("balance") / 5_000;
    const defaulted = active - bookColumn(chunk, "accounts")[0];
    // The former definition (the last bucket and F) would give (D2 + F) / active.
    expect(at("nplRatio")).toBeCloseTo(defaulted / active, 12);
    expect(at("dpd30to59")).toBeCloseTo(at("D2"), 12);
    expect(at("cnSpecialMention")).toBeCloseTo(at("D1") + at("D2"), 12);
  });

  it.each([
    ["a card book with forbearance and a recession", { forbearance: true }],
    ["a cash-loan book", { forbearance: false }],
  ])("sum to 1 in every period of every path, and the NPL ratio is substandard + doubtful + loss: %s", (_, { forbearance }) => {
    const model = buildModel({
      creditlab: 2,
      simulation: { paths: 6, horizonMonths: 24, periodMonths: 3, seed: "sums" },
      macro: { shocks: [{ factor: "economy", recession: { start: 3, fall: 6, trough: -2.5, stay: 6, recover: 6 } }] },
      ...(forbearance ? { policy: { forbearance: { offerAt: 1, takeUp: 0.5, holidayMonths: 3 } } } : {}),
      segments: [
        forbearance
          ? { name: "cards", accounts: 3_000, pd: 0.08, apr: 0.2, lateFee: 25, correlation: 0.1, delinquency: { roll: [0.4, 0.5, 0.6, 0.7, 0.8], stay: [0.1, 0.1, 0.1, 0.1, 0.1] }, chargeOffMonths: 6 }
          : { name: "loans", product: "instalment", accounts: 3_000, pd: 0.05, apr: 0.15, termMonths: 12, chargeOffMonths: 12, delinquency: { roll: [0.5, 0.6, 0.7], stay: [0.2, 0.2, 0.2] } },
      ],
    });
    const chunk = simulatePaths(model, 0, 6);
    const cols = periodColumns(model.layout);
    let past90 = 0;
    for (let t = 1; t <= model.periods; t++) {
      const col = (name: string) => periodColumn(model, chunk, t, cols.indexOf(name));
      const [dpd, five] = [DPD, FIVE].map((set) => set.map(col));
      const npl = col("nplRatio");
      for (let j = 0; j < npl.length; j++) {
        expect(dpd.reduce((s, c) => s + c[j], 0)).toBeCloseTo(1, 12);
        expect(five.reduce((s, c) => s + c[j], 0)).toBeCloseTo(1, 12);
        expect(npl[j]).toBeCloseTo(five[2][j] + five[3][j] + five[4][j], 12);
        expect(npl[j]).toBeGreaterThanOrEqual(dpd[4][j] - 1e-12);
        past90 += dpd[4][j];
      }
    }
    expect(past90).toBeGreaterThan(0);
  });
});
