/**
 * Invariants that hold for any valid scenario (STYLE.md, tests 3): generated scenarios go
 * through the real parser, engine and aggregation; default rates, NPL ratios and bucket
 * shares stay in [0, 1], losses are not negative, ES ≥ VaR, segment contributions add up
 * to EL and ES, and no number is NaN. (The loss rate is loss over starting balances, so
 * drawdowns to EAD and unpaid charges can take it past 1; it is checked to be ≥ 0.)
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parseScenario } from "../../src/scenario/parse.ts";
import { compileModel } from "../../src/engine/model.ts";
import { simulatePaths } from "../../src/engine/simulate.ts";
import { resultOf } from "./helpers.ts";

const prob = (min: number, max: number) => fc.double({ min, max, noNaN: true });

const ladder = fc
  .array(fc.tuple(prob(0, 1), prob(0, 1)), { maxLength: 4 })
  .map((pairs) => ({
    roll: pairs.map(([r]) => r),
    stay: pairs.map(([r, s]) => s * (1 - r)),
  }));

const segment = (i: number) =>
  fc.record({
    name: fc.constant(`s${i}`),
    accounts: fc.integer({ min: 0, max: 150 }),
    product: fc.constantFrom("revolving", "instalment"),
    risk: fc.oneof(
      prob(1e-4, 0.6).map((pd) => ({ pd: Math.min(pd, 0.05) })),
      prob(1e-4, 0.6).map((missRate) => ({ missRate })),
      fc.record({ mean: prob(500, 750), sd: prob(0, 80) }).map((score) => ({
        score,
        scorecard: { score: 600, odds: 30, pdo: 20 },
        originations: { perMonth: 3, score: { mean: score.mean, sd: 40 } },
      })),
    ),
    correlation: prob(0, 0.5),
    utilization: prob(0, 1),
    ccf: prob(0, 1),
    limit: fc.record({ median: prob(100, 20_000), sigma: prob(0, 1) }),
    principal: fc.record({ median: prob(100, 20_000), sigma: prob(0, 1) }),
    termMonths: fc.integer({ min: 1, max: 36 }),
    apr: prob(0, 0.6),
    lateFee: prob(0, 50),
    feeCap: fc.option(prob(0, 1), { nil: undefined }),
    attrition: prob(0, 0.05),
    delinquency: ladder,
    chargeOffMonths: fc.integer({ min: 0, max: 6 }),
    lgd: fc.record({ mean: prob(0.05, 0.95), sdShare: prob(0, 0.9), macro: prob(0, 1) }),
  }).map(({ risk, lgd, ...rest }) => ({
    ...rest,
    ...risk,
    lgd: { mean: lgd.mean, sd: lgd.sdShare * Math.sqrt(lgd.mean * (1 - lgd.mean)), macro: lgd.macro },
  }));

const scenario = fc
  .record({
    period: fc.constantFrom(1, 3, 6, 12),
    periods: fc.integer({ min: 1, max: 4 }),
    paths: fc.integer({ min: 1, max: 12 }),
    // A book with no account at all is refused by the rules (nothing to simulate): at least one segment has some.
    segments: fc
      .integer({ min: 1, max: 3 })
      .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => segment(i))))
      .filter((segments) => segments.some((g) => g.accounts > 0)),
    trough: prob(-3, 1),
    forbearance: fc.boolean(),
    sale: fc.option(prob(0, 1), { nil: undefined }),
    rollReduction: prob(0, 1),
    minScore: prob(550, 700),
  })
  .map((x) => {
    const shortest = Math.min(...x.segments.map((s) => s.delinquency.roll.length).filter((m) => m > 0), 9);
    const anyOriginations = x.segments.some((s) => "originations" in s);
    return {
      creditlab: 2,
      simulation: { paths: x.paths, periodMonths: x.period, horizonMonths: x.period * x.periods, seed: "props" },
      macro: { shocks: [{ factor: "economy", path: [0, x.trough] }] },
      segments: x.segments,
      policy: {
        ...(anyOriginations ? { approval: { minScore: x.minScore } } : {}),
        ...(x.forbearance && shortest < 9 ? { forbearance: { offerAt: 1, takeUp: 0.5, holidayMonths: 2, redefaultMultiplier: 1.5 } } : {}),
        ...(x.sale === undefined ? {} : { nplSale: { salePrice: x.sale } }),
        collections: { rollReduction: x.rollReduction, costPerAccountMonth: 5 },
        fundingRate: 0.02,
      },
      variants: [{ name: "tighter", policy: { collections: { rollReduction: 0 } } }],
    };
  });

const finite = (v: unknown): boolean =>
  typeof v === "number" ? Number.isFinite(v) : typeof v === "object" && v !== null ? Object.values(v).every(finite) : true;

describe("any valid scenario", () => {
  it("gives rates in [0, 1], losses ≥ 0, ES ≥ VaR and contributions that add up", () => {
    fc.assert(
      fc.property(scenario, (input) => {
        const parsed = parseScenario(JSON.stringify(input), "generated.json");
        // A pd above what a slow generated ladder allows in a year is refused, rightly.
        if (!parsed.ok && parsed.error.every((e) => e.message.includes("cannot be reached"))) return;
        if (!parsed.ok) throw new Error(parsed.error.map((e) => `${e.path}: ${e.message}`).join("\n"));
        const model = compileModel(parsed.value.variants);
        const paths = model.simulation.paths;
        const result = resultOf(model, simulatePaths(model, 0, paths), true);
        expect(finite(result)).toBe(true);
        for (const v of result.variants) {
          for (const x of v.samples!.defaultRate) {
            expect(x).toBeGreaterThanOrEqual(0);
            expect(x).toBeLessThanOrEqual(1);
          }
          for (const x of [...v.samples!.netLoss, ...(v.samples!.lossRate ?? [])]) if (x !== null) expect(x).toBeGreaterThanOrEqual(0);
          const segs = Object.values(v.segments);
          const el = segs.reduce((s, g) => s + g.elContribution, 0);
          expect(el).toBeCloseTo(v.book.netLoss.mean, 6);
          for (const level of ["0.95", "0.99", "0.999"]) {
            expect(v.book.es[level]).toBeGreaterThanOrEqual(v.book.var[level]);
            const es = segs.reduce((s, g) => s + g.esContribution[level], 0);
            expect(Math.abs(es - v.book.es[level])).toBeLessThanOrEqual(1e-9 * Math.max(1, v.book.es[level]));
          }
          for (const p of v.periods) {
            expect(p.nplRatio.p95).toBeLessThanOrEqual(1);
            for (const d of Object.values(p.delinquency)) expect(d.mean).toBeLessThanOrEqual(1);
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});
