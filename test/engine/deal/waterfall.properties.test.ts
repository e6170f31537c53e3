/**
 * Properties of the waterfall on random pools and deals (fast-check): every note's
 * original balance is accounted for (principal paid + loss + balance left); balances and the
 * reserve never go below 0; the notes' interest never exceeds the investors' finance
 * charges plus the reserve at closing; sequential principal reaches a note only once every
 * note senior to it is paid off; and a write-down reaches a note only once every note junior
 * to it is written down to 0. Deterministic: a fixed seed, 200 cases.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runWaterfall, type DealSpec, type PoolFlows } from "../../../src/engine/deal/waterfall.ts";

const T = 12;
const amounts = (max: number) => fc.array(fc.double({ min: 0, max, noNaN: true }), { minLength: T, maxLength: T });

const pools = fc.record({ start: fc.double({ min: 100, max: 1e6, noNaN: true }), finance: amounts(0.04), principal: amounts(0.15), defaults: amounts(0.05) }).map(({ start, finance, principal, defaults }): PoolFlows => {
  const balance = new Float64Array(T + 1);
  balance[0] = start;
  // The pool runs off by what is collected and charged off, refilled by a fifth of it (new draws).
  for (let t = 1; t <= T; t++) balance[t] = Math.max(0, balance[t - 1] * (1 - 0.8 * (principal[t - 1] + defaults[t - 1])));
  return {
    balance,
    finance: Float64Array.from(finance, (x, i) => x * balance[i]),
    principal: Float64Array.from(principal, (x, i) => x * balance[i]),
    defaults: Float64Array.from(defaults, (x, i) => x * balance[i]),
    recoveries: new Float64Array(T),
  };
});

const deals = fc
  .record({
    kind: fc.constantFrom("masterTrust" as const, "amortizing" as const),
    investedShare: fc.double({ min: 0.3, max: 1, noNaN: true }),
    revolvingPeriods: fc.integer({ min: 0, max: T }),
    principal: fc.constantFrom("sequential" as const, "proRata" as const),
    servicingFee: fc.double({ min: 0, max: 0.05, noNaN: true }),
    weights: fc.array(fc.double({ min: 0.05, max: 1, noNaN: true }), { minLength: 1, maxLength: 4 }),
    coupons: fc.array(fc.double({ min: 0, max: 0.2, noNaN: true }), { minLength: 4, maxLength: 4 }),
    reserve: fc.double({ min: 0, max: 0.03, noNaN: true }),
    excessSpread: fc.option(fc.double({ min: -0.1, max: 0.1, noNaN: true })),
    cumulativeDefaults: fc.option(fc.double({ min: 0, max: 0.5, noNaN: true })),
  })
  .map((d): DealSpec => {
    const total = d.weights.reduce((a, b) => a + b, 0);
    return {
      kind: d.kind,
      investedShare: d.investedShare,
      revolvingPeriods: d.kind === "amortizing" ? 0 : d.revolvingPeriods,
      principal: d.principal,
      servicingFee: d.servicingFee,
      notes: d.weights.map((w, k) => ({ name: `n${k}`, size: w / total, coupon: d.coupons[k] })),
      reserve: { initial: d.reserve, target: 2 * d.reserve },
      triggers: { excessSpread: d.excessSpread, cumulativeDefaults: d.cumulativeDefaults },
      periodMonths: 1,
    };
  });

describe("the waterfall's accounts", () => {
  it("hold on random pools and deals", () => {
    fc.assert(
      fc.property(pools, deals, (pool, deal) => {
        const out = runWaterfall(deal, pool);
        const N = deal.notes.length;
        const invested0 = deal.investedShare * pool.balance[0];
        const tol = 1e-9 * invested0 + 1e-9;
        const at = (a: Float64Array, k: number, t: number) => a[k * T + t - 1];
        const start = (k: number, t: number) => (t === 1 ? deal.notes[k].size * invested0 : at(out.balance, k, t - 1));
        let interest = 0;
        let finance = 0;
        for (let t = 1; t <= T; t++) {
          let invested = 0;
          for (let k = 0; k < N; k++) invested += start(k, t);
          const f = pool.balance[t - 1] > 0 ? Math.min(1, invested / pool.balance[t - 1]) : 0;
          finance += f * (pool.finance[t - 1] + pool.recoveries[t - 1]);
          expect(out.reserve[t - 1]).toBeGreaterThanOrEqual(-tol);
          for (let k = 0; k < N; k++) {
            interest += at(out.interest, k, t);
            expect(at(out.balance, k, t)).toBeGreaterThanOrEqual(-tol);
            // Sequential principal: a note is paid only when every senior note ends the period at 0.
            if ((deal.principal === "sequential" || out.triggered[t - 2] === 1) && at(out.principal, k, t) > tol) {
              for (let s = 0; s < k; s++) expect(at(out.balance, s, t)).toBeLessThanOrEqual(tol);
            }
            // A write-down reaches a note only once every junior note is at 0.
            if (at(out.loss, k, t) > tol) for (let j = k + 1; j < N; j++) expect(at(out.balance, j, t)).toBeLessThanOrEqual(tol);
          }
        }
        expect(interest).toBeLessThanOrEqual(finance + deal.reserve.initial * invested0 + tol);
        for (let k = 0; k < N; k++) {
          let paid = 0;
          let lost = 0;
          for (let t = 1; t <= T; t++) {
            paid += at(out.principal, k, t);
            lost += at(out.loss, k, t);
          }
          expect(paid + lost + at(out.balance, k, T)).toBeCloseTo(deal.notes[k].size * invested0, 6);
        }
      }),
      { seed: 21, numRuns: 200 },
    );
  });
});
