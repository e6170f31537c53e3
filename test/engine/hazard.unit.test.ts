/**
 * hazard.ts against independent computations: Gauss–Hermite rules against the normal's
 * moments and the three-point rule's published nodes, the Tauchen–Hussey/Flodén factor grid
 * against the AR(1)'s moments, and the solved hazards against the ladder's chain propagated
 * in this file by plain matrix multiplication (ρ = 0), by a trapezoid over the factor (one
 * value a year), and by the averaged monthly matrix (independent months). Φ and Φ⁻¹ come
 * from stdlib here, not from the engine's normal.ts.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { HazardSolver, thresholdOfHazard } from "../../src/engine/hazard.ts";
import { raisedHazard } from "../../src/engine/burdenChain.ts";
import { factorGrid, gaussHermite } from "../../src/math/factorGrid.ts";
import { maxAnnualDefault, perMonth } from "../../src/math/ladderChain.ts";
import { Phi, PhiInv } from "../stdlibNormal.ts";

const shifted = (p: number, rho: number, x: number) => (rho === 0 ? p : Phi((PhiInv(p) - Math.sqrt(rho) * x) / Math.sqrt(1 - rho)));

/** One month of the ladder as a (m + 2)-square matrix over C, D1..Dm, F: row = from, column = to. */
function monthMatrix(h: number, roll: number[], stay: number[]): number[][] {
  const m = roll.length;
  const S = m + 2;
  const T = Array.from({ length: S }, () => new Array<number>(S).fill(0));
  T[0][0] = 1 - h;
  T[0][m === 0 ? S - 1 : 1] += h;
  for (let k = 1; k <= m; k++) {
    const r = Math.min(roll[k - 1], 1 - stay[k - 1]);
    T[k][k] += stay[k - 1];
    T[k][k === m ? S - 1 : k + 1] += r;
    T[k][0] += 1 - r - stay[k - 1];
  }
  T[S - 1][S - 1] = 1;
  return T;
}

/** Row vector times matrix. */
const times = (p: number[], T: number[][]): number[] => T[0].map((_, j) => p.reduce((acc, pi, i) => acc + pi * T[i][j], 0));

/** P(in F after 12 months | C at month 0): the (C, F) entry of T¹², by plain multiplication. */
function absorbed(h: number, roll: number[], stay: number[]): number {
  const T = monthMatrix(h, roll, stay);
  let p: number[] = T.map((_, j) => (j === 0 ? 1 : 0));
  for (let month = 0; month < 12; month++) p = times(p, T);
  return p[p.length - 1];
}

const rate = (lo: number, hi: number) => fc.double({ min: lo, max: hi, noNaN: true });
const ladderArb = fc.integer({ min: 0, max: 3 }).chain((m) =>
  fc.tuple(fc.array(rate(0.1, 0.95), { minLength: m, maxLength: m }), fc.array(rate(0, 0.3), { minLength: m, maxLength: m })).map(([roll, stay]) => ({
    roll,
    stay: stay.map((s, k) => Math.min(s, 1 - roll[k])),
  })),
);

describe("Gauss–Hermite nodes for E f(Z), Z standard normal", () => {
  it("gives the three-point rule's published nodes and weights (Abramowitz & Stegun 25.4.46: 0, ±√3; 2/3, 1/6)", () => {
    const { x, w } = gaussHermite(3);
    const order = Array.from(x).map((v, i) => [v, w[i]]).sort((a, b) => a[0] - b[0]);
    expect(order[0][0]).toBeCloseTo(-Math.sqrt(3), 13);
    expect(order[1][0]).toBeCloseTo(0, 13);
    expect(order[2][0]).toBeCloseTo(Math.sqrt(3), 13);
    expect(order[0][1]).toBeCloseTo(1 / 6, 13);
    expect(order[1][1]).toBeCloseTo(2 / 3, 13);
  });

  it.each([8, 16, 32])("integrates the moments E Z^2k = (2k − 1)!! exactly up to degree 2n − 1 (n = %i)", (n) => {
    const { x, w } = gaussHermite(n);
    let doubleFactorial = 1;
    for (let k = 0; 2 * k <= Math.min(2 * n - 1, 30); k++) {
      if (k > 0) doubleFactorial *= 2 * k - 1;
      let even = 0;
      let odd = 0;
      for (let i = 0; i < n; i++) {
        even += w[i] * x[i] ** (2 * k);
        odd += w[i] * x[i] ** (2 * k + 1);
      }
      expect(Math.abs(even / doubleFactorial - 1)).toBeLessThan(1e-11);
      expect(Math.abs(odd)).toBeLessThan(1e-9 * doubleFactorial * (2 * k + 2));
    }
  });
});

describe("the factor grid (Tauchen–Hussey with Flodén's weights)", () => {
  it("is the product rule at persistence 0: every row is the weights", () => {
    const g = factorGrid(4, 0, 16);
    for (let i = 0; i < 16; i++) for (let j = 0; j < 16; j++) expect(g.P[i * 16 + j]).toBeCloseTo(g.w[j], 14);
  });

  it.each([0.3, 0.6, 0.9])("keeps the AR(1)'s stationary moments at persistence %f: E x' = 0, E x'² = 1, E x·x' = φ", (phi) => {
    const G = 32;
    const g = factorGrid(4, phi, G);
    let mean = 0;
    let second = 0;
    let cross = 0;
    let mass = 0;
    for (let i = 0; i < G; i++) {
      let row = 0;
      for (let j = 0; j < G; j++) {
        const p = g.w[i] * g.P[i * G + j];
        row += g.P[i * G + j];
        mass += p;
        mean += p * g.x[j];
        second += p * g.x[j] ** 2;
        cross += p * g.x[i] * g.x[j];
      }
      expect(row).toBeCloseTo(1, 13);
    }
    expect(mass).toBeCloseTo(1, 13);
    expect(Math.abs(mean)).toBeLessThan(1e-12);
    // The grid's own accuracy at 32 nodes (docs/model.md §3.2 gives 1e-5 on the mean default
    // rate at φ ≤ 0.9): its one-step moments are within 2e-5 of the AR(1)'s (1.2e-5 at 0.9).
    expect(Math.abs(second - 1)).toBeLessThan(2e-5);
    expect(Math.abs(cross - phi)).toBeLessThan(2e-5);
  });
});

describe("perMonth and thresholds", () => {
  it("perMonth(q, n) is 1 − (1 − q)^(1/n), and n such months give back q", () => {
    fc.assert(
      fc.property(rate(1e-9, 0.999), fc.integer({ min: 1, max: 24 }), (q, n) => {
        const h = perMonth(q, n);
        expect(Math.abs(h - (1 - Math.pow(1 - q, 1 / n)))).toBeLessThan(1e-14 + 1e-10 * h);
        expect(Math.abs(-Math.expm1(n * Math.log1p(-h)) / q - 1)).toBeLessThan(1e-12);
      }),
    );
  });

  it("thresholdOfHazard(h, pm) is Φ⁻¹ of the period's miss probability 1 − (1 − h)^pm", () => {
    fc.assert(
      fc.property(rate(1e-6, 0.9), fc.constantFrom(1, 3, 6, 12), (h, pm) => {
        expect(Phi(thresholdOfHazard(h, pm))).toBeCloseTo(1 - Math.pow(1 - h, pm), 12);
      }),
    );
  });
});

describe("a hazard near 1 through a long period's threshold", () => {
  // thresholdOfHazard holds the period's miss probability q at or below 1 − 1e-12 so that the
  // threshold stays finite, but the monthly hazard read back from it, 1 − (1 − q)^(1/pm), is
  // then at most 1 − 1e-12^(1/pm): 0.9 at pm = 12 (0.9999 at pm = 3). An account whose hazard
  // is 1 (a pd at or above the ladder's ceiling: docs/model.md §3.2 says it "misses every
  // month"), a scorecard's riskiest scores, or a re-default raise past the ceiling, misses only
  // 90% of months at pm = 12. Found by the reference comparison (reference.test.ts, REF_SEED=5
  // REF_RUNS_V2=60: conversion with redefaultMultiplier 2.77 at periodMonths 12, whose raised
  // rate 0.44 is above the ladder's ceiling 0.366, so h = 1; 400 paths: collection cost 2,287
  // engine against 2,345 reference, bound ± 36; the same book at pm 3: no gap).
  // Kept as a failing expectation until the threshold keeps such hazards.
  it("keeps a monthly hazard of 0.99 or 1 at pm = 12 (capping q read them back as 0.9)", () => {
    for (const h of [0.99, 1]) {
      const q = Phi(thresholdOfHazard(h, 12));
      expect(1 - Math.pow(1 - q, 1 / 12)).toBeGreaterThan(0.98);
    }
  });

  it("keeps hazards up to 0.9 at pm = 12 and up to 0.999 at pm = 3", () => {
    expect(1 - Math.pow(1 - Phi(thresholdOfHazard(0.9, 12)), 1 / 12)).toBeCloseTo(0.9, 3);
    expect(1 - Math.pow(1 - Phi(thresholdOfHazard(0.999, 3)), 1 / 3)).toBeCloseTo(0.999, 6);
  });
});

describe("the hazard of a pd, unshifted chain (ρ = 0)", () => {
  it("gives a monthly hazard whose chain, propagated by matrix multiplication, defaults within 12 months with probability pd", () => {
    fc.assert(
      fc.property(ladderArb, rate(0.001, 0.6), ({ roll, stay }, share) => {
        const solver = new HazardSolver({ roll, stay });
        const ceiling = absorbed(1, roll, stay);
        expect(Math.abs(solver.max - ceiling)).toBeLessThan(1e-12);
        expect(Math.abs(maxAnnualDefault({ roll, stay }) - ceiling)).toBeLessThan(1e-12);
        const pd = share * ceiling;
        const h = solver.hazard(pd);
        expect(Math.abs(absorbed(h, roll, stay) - pd)).toBeLessThan(1e-11 * pd);
        expect(Math.abs(solver.annual(h) - pd)).toBeLessThan(1e-11 * pd);
      }),
      { numRuns: 60, seed: 18 },
    );
  });

  it("with no ladder is 1 − (1 − pd)^(1/12) (MODEL.md 3)", () => {
    const solver = new HazardSolver({ roll: [], stay: [] });
    for (const pd of [1e-6, 0.01, 0.2, 0.9]) expect(solver.hazard(pd)).toBeCloseTo(1 - Math.pow(1 - pd, 1 / 12), 15);
  });

  it("gives h = 1 at or above the ladder's ceiling, and 0 for pd 0", () => {
    const s = { roll: [0.35, 0.65], stay: [0, 0] };
    const solver = new HazardSolver(s);
    // docs/model.md §3.2: A(1) = 71.5% for roll [0.35, 0.65].
    expect(solver.max).toBeCloseTo(0.715, 3);
    expect(solver.hazard(solver.max)).toBe(1);
    expect(solver.hazard(0.9)).toBe(1);
    expect(solver.hazard(0)).toBe(0);
  });

  it("matches docs/model.md §3.2's worked example: pd 0.015 with roll [0.35, 0.65] is h = 0.667% a month", () => {
    const h = new HazardSolver({ roll: [0.35, 0.65], stay: [0, 0] }).hazard(0.015);
    expect(h).toBeCloseTo(0.00667, 5);
    expect(1 - Math.pow(1 - h, 12)).toBeCloseTo(0.077, 3);
  });

  it("raises an annual default rate by the re-default multiplier through the ladder (forbearance)", () => {
    fc.assert(
      fc.property(ladderArb, rate(0.001, 0.1), rate(1, 4), ({ roll, stay }, share, mult) => {
        const solver = new HazardSolver({ roll, stay });
        const pd = share * solver.max;
        const h = solver.hazard(pd);
        const raised = raisedHazard(h, { roll, stay, basis: "default" }, solver, mult);
        expect(Math.abs(absorbed(raised, roll, stay) - Math.min(pd * mult, solver.max))).toBeLessThan(1e-10 * pd * mult);
        // A miss rate is raised directly: 1 − (1 − h')^12 = mult · (1 − (1 − h)^12)
        const miss = raisedHazard(h, { roll, stay, basis: "miss" }, solver, mult);
        // (capped at 1 − 1e-12, as raisedHazard documents).
        expect(1 - Math.pow(1 - miss, 12)).toBeCloseTo(Math.min(mult * (1 - Math.pow(1 - h, 12)), 1 - 1e-12), 11);
      }),
      { numRuns: 40, seed: 18 },
    );
  });

  it("interpolates many accounts' hazards within 5e-5 of the exact solve (shifted chain, the table)", () => {
    const solver = new HazardSolver({ roll: [0.4, 0.6], stay: [0.1, 0.1], rho: 0.1, rhoRoll: 0.1, persistence: 0.8, periodMonths: 1 });
    for (const pd of [1e-4, 0.003, 0.03, 0.1, 0.25]) {
      const exact = solver.hazard(pd);
      expect(Math.abs(solver.lookup(pd) / exact - 1)).toBeLessThan(5e-5);
    }
  });
});

describe("the hazard of a pd through the cycle (ρ > 0)", () => {
  /**
   * E over Z ~ N(0, 1) of f(Z), by the trapezoid rule with step 0.05 on [−9, 9] (no
   * Gauss–Hermite): for a smooth integrand with Gaussian tails the rule's error falls like
   * exp(−2π²/step²), far below the 1e-5 compared here.
   */
  const expectation = (f: (z: number) => number): number => {
    const n = 360;
    const step = 18 / n;
    let sum = 0;
    for (let i = 0; i <= n; i++) {
      const z = -9 + i * step;
      sum += (i === 0 || i === n ? 0.5 : 1) * f(z) * Math.exp(-0.5 * z * z);
    }
    return (sum * step) / Math.sqrt(2 * Math.PI);
  };
  /** The same for a matrix-valued f, entry by entry. */
  const meanMatrix = (f: (z: number) => number[][]): number[][] => {
    const S = f(0).length;
    const out = Array.from({ length: S }, () => new Array<number>(S).fill(0));
    const n = 360;
    const step = 18 / n;
    for (let i = 0; i <= n; i++) {
      const z = -9 + i * step;
      const weight = ((i === 0 || i === n ? 0.5 : 1) * step * Math.exp(-0.5 * z * z)) / Math.sqrt(2 * Math.PI);
      const T = f(z);
      for (let a = 0; a < S; a++) for (let b = 0; b < S; b++) out[a][b] += weight * T[a][b];
    }
    return out;
  };
  // The solver's stated integration error (32 nodes, docs/model.md §3.2): relative 1e-5 on the mean.
  const TOLERANCE = 1e-5;

  it("one factor value a year (pm = 12): A(h) is the trapezoid average of the chain with the year's shifted rates", () => {
    fc.assert(
      fc.property(ladderArb, rate(0.002, 0.05), rate(0.01, 0.3), rate(0, 0.3), ({ roll, stay }, h, rho, rhoRoll) => {
        const solver = new HazardSolver({ roll, stay, rho, rhoRoll, persistence: 0, periodMonths: 12 });
        const q = 1 - Math.pow(1 - h, 12);
        const expected = expectation((z) => {
          const hz = 1 - Math.pow(1 - shifted(q, rho, z), 1 / 12);
          return absorbed(hz, roll.map((r) => shifted(r, rhoRoll, z)), stay);
        });
        // The domain of the solver's stated accuracy (pd 0.005–0.15, docs/model.md §3.2); a pd of
        // 2e-4 with rolls of 0.1 at a roll loading of 0.3 is off by 1e-5 on 32 nodes.
        fc.pre(expected >= 0.005 && expected <= 0.15);
        expect(Math.abs(solver.annual(h) / expected - 1)).toBeLessThan(TOLERANCE);
      }),
      { numRuns: 20, seed: 18 },
    );
  });

  it("independent months (pm = 1, persistence 0): A(h) is the chain of the averaged monthly matrix", () => {
    fc.assert(
      fc.property(ladderArb, rate(0.002, 0.05), rate(0.01, 0.3), rate(0, 0.3), ({ roll, stay }, h, rho, rhoRoll) => {
        const solver = new HazardSolver({ roll, stay, rho, rhoRoll, persistence: 0, periodMonths: 1 });
        // Independent months: E[p·T(Z₁)·…·T(Z₁₂)] = p·(E T)¹², entry by entry.
        const S = roll.length + 2;
        const mean = meanMatrix((z) => monthMatrix(shifted(h, rho, z), roll.map((r) => shifted(r, rhoRoll, z)), stay));
        let p: number[] = mean.map((_, j) => (j === 0 ? 1 : 0));
        for (let month = 0; month < 12; month++) p = times(p, mean);
        fc.pre(p[S - 1] >= 0.005 && p[S - 1] <= 0.15);
        expect(Math.abs(solver.annual(h) / p[S - 1] - 1)).toBeLessThan(TOLERANCE);
        // The solve inverts it.
        const pd = solver.annual(h);
        expect(Math.abs(solver.hazard(pd) / h - 1)).toBeLessThan(1e-10);
      }),
      { numRuns: 10, seed: 18 },
    );
  });

  it("with no ladder and independent periods keeps h = 1 − (1 − pd)^(1/12) (E q_t = q)", () => {
    const solver = new HazardSolver({ roll: [], stay: [], rho: 0.2, persistence: 0, periodMonths: 3 });
    expect(solver.hazard(0.05)).toBeCloseTo(1 - Math.pow(0.95, 1 / 12), 15);
    // and its second moment at pm = 12 is Vasicek's bivariate-normal E[p(Z)²], by the trapezoid.
    const one = new HazardSolver({ roll: [], stay: [], rho: 0.2, persistence: 0, periodMonths: 12 });
    const h = one.hazard(0.05);
    const expected = expectation((z) => shifted(0.05, 0.2, z) ** 2);
    expect(Math.abs(one.secondMoment(h) / expected - 1)).toBeLessThan(TOLERANCE);
  });
});
