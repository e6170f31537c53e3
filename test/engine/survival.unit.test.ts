/**
 * survival.ts against a plain month-by-month computation written here: the conditional
 * hazard is Vasicek's Φ((Φ⁻¹(q) − √ρ·x)/√(1 − ρ)) made monthly, survival is the product of
 * (1 − h_j)(1 − α) month by month, and an episode's exit month is the first month whose
 * survival the uniform exceeds. Φ and Φ⁻¹ come from stdlib, not from the engine's normal.ts.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import stdlibLn from "@stdlib/math-base-special-ln";
import { SegmentCurves } from "../../src/engine/survival.ts";
import { Phi, PhiInv } from "../stdlibNormal.ts";

/** The curves of one segment and path. */
function curvesOf(o: { points: Float64Array; rho: number; attrition: number; x: Float64Array; periodMonths: number; months: number }): SegmentCurves {
  const c = new SegmentCurves();
  c.compute(o);
  return c;
}

/** The monthly miss hazard of threshold a in period t, from Vasicek's conditional probability. */
const plainHazard = (a: number, rho: number, x: number, pm: number): number => {
  const q = Phi((a - Math.sqrt(rho) * x) / Math.sqrt(1 - rho));
  return 1 - Math.pow(1 - q, 1 / pm);
};

/** P(still current at the end of month m | current at the end of s), month by month. */
function plainSurvival(a: number, rho: number, attrition: number, x: Float64Array, pm: number, s: number, m: number): number {
  let p = 1;
  for (let j = s + 1; j <= m; j++) p *= (1 - plainHazard(a, rho, x[Math.ceil(j / pm) - 1], pm)) * (1 - attrition);
  return p;
}

const rate = (lo: number, hi: number) => fc.double({ min: lo, max: hi, noNaN: true });

/** A path: pm, factor values by period, a sorted grid of thresholds, ρ and attrition. */
const pathArb = fc
  .record({
    pm: fc.constantFrom(1, 3, 12),
    years: fc.integer({ min: 1, max: 3 }),
    rho: rate(0, 0.4),
    attrition: fc.oneof(fc.constant(0), rate(0.001, 0.05)),
    lo: rate(-3.5, -1),
    step: rate(0.01, 0.3),
    G: fc.integer({ min: 1, max: 6 }),
    xs: fc.array(rate(-3, 3), { minLength: 36, maxLength: 36 }),
  })
  .map((r) => {
    const months = 12 * r.years;
    const T = months / r.pm;
    return {
      ...r,
      periodMonths: r.pm,
      months,
      x: Float64Array.from(r.xs.slice(0, T)),
      points: Float64Array.from({ length: r.G }, (_, g) => r.lo + g * r.step),
    };
  });

describe("SegmentCurves", () => {
  it("gives each grid point Vasicek's conditional hazard made monthly, and survival as the monthly product", () => {
    fc.assert(
      fc.property(pathArb, (p) => {
        const c = curvesOf(p);
        const T = p.x.length;
        for (let g = 0; g < p.G; g++) {
          for (let t = 1; t <= T; t++) {
            const h = plainHazard(p.points[g], p.rho, p.x[t - 1], p.pm);
            expect(Math.abs(c.hz[g * T + t - 1] - h)).toBeLessThan(1e-13 + 1e-10 * h);
            expect(Math.abs(c.hazard(p.points[g], t) - h)).toBeLessThan(1e-13 + 1e-10 * h);
          }
          for (const m of [1, Math.floor(p.months / 2), p.months]) {
            const S = plainSurvival(p.points[g], p.rho, p.attrition, p.x, p.pm, 0, m);
            expect(Math.abs(c.survivalAt(g, m) - S)).toBeLessThan(1e-11);
          }
        }
      }),
      { numRuns: 60, seed: 18 },
    );
  });

  it("at pm = 12 and a one-year horizon a threshold's miss probability is Vasicek's conditional PD Φ((Φ⁻¹(p) − √ρ·x)/√(1 − ρ))", () => {
    const pd = 0.02;
    const c = curvesOf({ points: Float64Array.of(PhiInv(pd)), rho: 0.15, attrition: 0, x: Float64Array.of(-1.5), periodMonths: 12, months: 12 });
    const vasicek = Phi((PhiInv(pd) + Math.sqrt(0.15) * 1.5) / Math.sqrt(0.85));
    expect(1 - c.survivalAt(0, 12)).toBeCloseTo(vasicek, 12);
  });

  it("finds the exit month of an episode as the first month whose survival the uniform exceeds, for any threshold inside a cell", () => {
    fc.assert(
      fc.property(pathArb, rate(0, 1), fc.double({ min: 1e-6, max: 1 - 1e-9, noNaN: true }), fc.nat(), (p, where, u, start) => {
        fc.pre(p.G >= 2 || where === 0);
        const c = curvesOf(p);
        const g = p.G >= 2 ? Math.min(Math.floor(where * (p.G - 1)), p.G - 2) : 0;
        const a = p.G >= 2 ? p.points[g] + (where * (p.G - 1) - g) * p.step : p.points[0];
        const s = start % p.months;
        const last = p.months;
        let expected = last + 1;
        for (let m = s + 1; m <= last; m++) {
          const S = plainSurvival(a, p.rho, p.attrition, p.x, p.pm, s, m);
          // Ties within rounding are not decided here (the engine compares with a margin of 1e-9).
          fc.pre(Math.abs(u - S) > 1e-8);
          if (u > S) {
            expected = m;
            break;
          }
        }
        expect(c.exit(a, g, u, s, last)).toBe(expected);
        expect(c.own(a, u, s, last)).toBe(expected);
      }),
      { numRuns: 300, seed: 18 },
    );
  });

  it("exitOfWord decides with the uniform (w + 0.5)·2⁻³² of the word w read unsigned, as exit does with that uniform", () => {
    fc.assert(
      fc.property(pathArb, fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.nat(), rate(0, 1), (p, word, start, where) => {
        const c = curvesOf(p);
        const g = p.G >= 2 ? Math.min(Math.floor(where * (p.G - 1)), p.G - 2) : 0;
        const a = p.G >= 2 ? p.points[g] + (where * (p.G - 1) - g) * p.step : p.points[0];
        const s = start % p.months;
        const u = (word < 0 ? word + 2 ** 32 + 0.5 : word + 0.5) / 2 ** 32;
        expect(c.exitOfWord(a, g, word, s, p.months)).toBe(c.exit(a, g, u, s, p.months));
      }),
      { numRuns: 300, seed: 31 },
    );
  });

  it("decides a one-rate episode as cum(m) < cum(s) + ln u does, also at uniforms within a few ulps of the month's survival", () => {
    // The engine compares u with exp(cum(m) − cum(s)) first and takes the logarithm only near
    // it; here the logarithm decides every month, with uniforms placed on that boundary.
    const nudge = (u: number, ulps: number) => u * (1 + ulps * 2 ** -52);
    fc.assert(
      fc.property(pathArb, fc.nat(), fc.nat(), fc.integer({ min: -6, max: 6 }), fc.constantFrom(0, 0.5e-9, 1e-9, 2e-9, -0.5e-9, -1e-9, -2e-9), (p, start, at, ulps, rel) => {
        const c = curvesOf({ ...p, points: p.points.subarray(0, 1) });
        const last = p.months;
        const s = 1 + (start % (last - 1));
        const m0 = s + 1 + (at % (last - s));
        const u = nudge(Math.exp(c.cum[m0] - c.cum[s]) * (1 + rel), ulps);
        fc.pre(u > 0 && u < 1);
        let expected = last + 1;
        for (let m = s + 1; m <= last; m++) {
          if (c.cum[m] < c.cum[s] + stdlibLn(u)) {
            expected = m;
            break;
          }
        }
        expect(c.exit(p.points[0], 0, u, s, last)).toBe(expected);
      }),
      { numRuns: 400, seed: 22 },
    );
  });

  it("finds a one-rate episode's month from the start as the first month whose survival the uniform exceeds, also at a month's survival and at the ends of the uniform's buckets", () => {
    const nudge = (u: number, ulps: number) => u * (1 + ulps * 2 ** -52);
    fc.assert(
      fc.property(pathArb, fc.nat(), fc.nat(), fc.integer({ min: -3, max: 3 }), fc.boolean(), fc.nat(), (p, at, bucket, ulps, onEdge, cut) => {
        const c = curvesOf({ ...p, points: p.points.subarray(0, 1) });
        const H = p.months;
        const last = 1 + (cut % H);
        const u = nudge(onEdge ? (1 + (bucket % 1023)) / 1024 : c.survivalAt(0, 1 + (at % H)), ulps);
        fc.pre(u > 0 && u < 1);
        let expected = last + 1;
        for (let m = 1; m <= last; m++) {
          if (u > c.survivalAt(0, m)) {
            expected = m;
            break;
          }
        }
        expect(c.exit(p.points[0], 0, u, 0, last)).toBe(expected);
      }),
      { numRuns: 400, seed: 23 },
    );
  });

  it("has the monthly chain's law: over stratified uniforms the share still current after month m is the survival S(m)", () => {
    const x = Float64Array.from({ length: 8 }, (_, t) => Math.sin(t) * 1.5);
    const points = Float64Array.of(-2.4, -2.2);
    const c = curvesOf({ points, rho: 0.2, attrition: 0.01, x, periodMonths: 3, months: 24 });
    const a = -2.33;
    const N = 20_000;
    const exits = new Array<number>(26).fill(0);
    for (let i = 0; i < N; i++) exits[c.exit(a, 0, (i + 0.5) / N, 0, 24)]++;
    let after = N;
    for (let m = 1; m <= 24; m++) {
      after -= exits[m];
      // Stratified uniforms: the share is S(m) within 1/N.
      expect(Math.abs(after / N - plainSurvival(a, 0.2, 0.01, x, 3, 0, m))).toBeLessThanOrEqual(1 / N);
    }
  });

  it("calls an exit a miss with probability h/(h + α − hα), the miss's share of a month's competing exits", () => {
    fc.assert(
      fc.property(pathArb, rate(0, 1), rate(0, 1), (p, where, v) => {
        fc.pre(p.G >= 2 && p.attrition > 0);
        const c = curvesOf(p);
        const g = Math.min(Math.floor(where * (p.G - 1)), p.G - 2);
        const a = p.points[g] + (where * (p.G - 1) - g) * p.step;
        const t = 1 + Math.floor(where * (p.x.length - 1));
        const h = plainHazard(a, p.rho, p.x[t - 1], p.pm);
        const share = h / (1 - (1 - h) * (1 - p.attrition));
        fc.pre(Math.abs(v - share) > 1e-9);
        expect(c.missed(a, g, false, v, t)).toBe(v < share);
        expect(c.missed(a, g, true, v, t)).toBe(v < share);
      }),
      { numRuns: 200, seed: 18 },
    );
  });
});
