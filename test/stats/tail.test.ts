import { describe, expect, it } from "vitest";
import fc from "fast-check";
import seedrandom from "seedrandom";
import { randomExponential } from "d3-random";
import { tailMean, tailRisk } from "../../src/stats/tail.ts";
import { moments } from "../../src/stats/moments.ts";
import { sortAscending } from "../../src/stats/quantile.ts";
import { TAIL_LEVELS } from "../../src/result/resultFile.ts";

const risk = (loss: Float64Array, alpha: number) => tailRisk(loss, sortAscending(loss), alpha);

// A book of `paths` × `segments` positive segment losses; the book's loss is the row sum.
const lossMatrix = fc
  .tuple(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 5 }))
  .chain(([paths, segments]) =>
    fc.array(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: segments, maxLength: segments }), {
      minLength: paths,
      maxLength: paths,
    }),
  );

describe("VaR and ES", () => {
  it("VaR_0.95 of 1..100 is 95 and ES is the mean of 95..100", () => {
    const r = risk(Float64Array.from({ length: 100 }, (_, i) => i + 1), 0.95);
    expect(r.var).toBe(95);
    expect(r.es).toBe(97.5);
    expect(Array.from(r.tail)).toEqual([94, 95, 96, 97, 98, 99]);
  });

  it("keeps ES ≥ VaR when the mean of equal tail losses rounds down", () => {
    const x = 999999.9999999998;
    expect((x + x + x) / 3).toBeLessThan(x);
    const loss = new Float64Array(59);
    loss[1] = loss[10] = loss[58] = x;
    expect(risk(loss, 0.95)).toMatchObject({ var: x, es: x });
  });

  it("counts every tied loss at VaR in the tail", () => {
    const r = risk(Float64Array.of(5, 1, 5, 5, 2), 0.5);
    expect(r.var).toBe(5);
    expect(Array.from(r.tail)).toEqual([0, 2, 3]);
    expect(r.es).toBe(5);
    // Five paths are too few for an error bar: null, never 0.
    expect(r.esStderr).toBeNull();
  });

  it("ES ≥ VaR, and segment contributions over the same tail add up to ES", () => {
    fc.assert(
      fc.property(lossMatrix, fc.constantFrom(...TAIL_LEVELS, 0.5), (rows, alpha) => {
        const book = Float64Array.from(rows, (r) => r.reduce((s, x) => s + x, 0));
        const r = risk(book, alpha);
        expect(r.es).toBeGreaterThanOrEqual(r.var);
        // Independent: VaR and ES by their definitions on a plain sorted array.
        const sorted = [...book].sort((a, b) => a - b);
        expect(r.var).toBe(sorted[Math.max(0, Math.ceil(book.length * alpha - 1e-9) - 1)]);
        const tailLosses = [...book].filter((x) => x >= r.var);
        expect(r.es).toBeCloseTo(tailLosses.reduce((s, x) => s + x, 0) / tailLosses.length, 6);
        const contributions = rows[0].map((_, s) => tailMean(Float64Array.from(rows, (row) => row[s]), r.tail));
        const total = contributions.reduce((s, c) => s + c, 0);
        expect(Math.abs(total - r.es)).toBeLessThanOrEqual(1e-9 * Math.max(1, r.es));
      }),
    );
  });

  it("the tail mean of an empty set is 0, not NaN", () => {
    expect(tailMean(Float64Array.of(1, 2), new Uint32Array(0))).toBe(0);
  });
});

describe("Monte Carlo standard errors of VaR and ES", () => {
  // Repeat the estimate many times and compare the spread of the estimates with the
  // standard error each single run reports. Exponential losses: ES − VaR = 1 = tail sd,
  // where the plain sd/√k understates the ES error by √(1 + α). 2000 paths at 95%: 100
  // beyond the level, so 10 sections, and the reported error is s/√10 · t_9/1.96.
  it("match the spread of repeated estimates once the t factor is taken out", () => {
    const unscale = 1.959964 / 2.262157;
    const draw = randomExponential.source(seedrandom("tail-stderr"))(1);
    const alpha = 0.95;
    const reps = 300;
    const vars: number[] = [];
    const ess: number[] = [];
    const varErr: number[] = [];
    const esErr: number[] = [];
    for (let r = 0; r < reps; r++) {
      const t = risk(Float64Array.from({ length: 2000 }, draw), alpha);
      vars.push(t.var);
      ess.push(t.es);
      varErr.push((t.varStderr ?? Number.NaN) * unscale);
      esErr.push((t.esStderr ?? Number.NaN) * unscale);
    }
    const spread = (xs: number[]) => moments(xs).sd;
    const average = (xs: number[]) => moments(xs).mean;
    // 300 repetitions pin an sd down to about ±4% (1/√(2·300)); allow 15%.
    expect(average(varErr) / spread(vars)).toBeGreaterThan(0.85);
    expect(average(varErr) / spread(vars)).toBeLessThan(1.15);
    expect(average(esErr) / spread(ess)).toBeGreaterThan(0.85);
    expect(average(esErr) / spread(ess)).toBeLessThan(1.15);
  });
});
