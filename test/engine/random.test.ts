/**
 * Quality of the keyed generator, not only its determinism: uniformity, independence
 * between neighbouring accounts, periods, paths and purposes, and balanced bits.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { bitsBelow, keyedBits, keyedUniform, keyedWord, mix32, pathKeys, Purpose, seedKeys, streamKeys } from "../../src/engine/random.ts";

const N = 200_000;

/** Pearson χ² statistic of values in (0,1) over `bins` equal bins. */
function chiSquare(u: Float64Array, bins: number): number {
  const counts = new Float64Array(bins);
  for (const x of u) counts[Math.floor(x * bins)]++;
  const e = u.length / bins;
  let s = 0;
  for (const c of counts) s += (c - e) ** 2 / e;
  return s;
}

function correlation(x: Float64Array, y: Float64Array): number {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

const stream = (seed: string, path: number, purpose: Purpose, segment: number, period: number, from = 0) => {
  const k = streamKeys(pathKeys(seedKeys(seed), path), purpose, segment, period);
  return Float64Array.from({ length: N }, (_, i) => keyedUniform(k[0], k[1], from + i));
};

// χ² with 99 degrees of freedom: the 0.999 quantile is 148.2.
const CHI2_99_0999 = 148.2;
// A correlation of independent samples has sd 1/√N; 5 sd.
const CORR_BOUND = 5 / Math.sqrt(N);

describe("the keyed generator", () => {
  const base = stream("quality", 0, Purpose.transition, 0, 1);

  it("is uniform on (0, 1)", () => {
    expect(base.reduce((a, b) => Math.min(a, b))).toBeGreaterThan(0);
    expect(base.reduce((a, b) => Math.max(a, b))).toBeLessThan(1);
    expect(chiSquare(base, 100)).toBeLessThan(CHI2_99_0999);
  });

  it("has no correlation between neighbouring accounts", () => {
    expect(Math.abs(correlation(base.subarray(0, N - 1), base.subarray(1)))).toBeLessThan(CORR_BOUND);
  });

  it("has no correlation between periods, paths, purposes or segments of the same account", () => {
    const others = [
      stream("quality", 0, Purpose.transition, 0, 2),
      stream("quality", 1, Purpose.transition, 0, 1),
      stream("quality", 0, Purpose.exit, 0, 1),
      stream("quality", 0, Purpose.transition, 1, 1),
      stream("quality!", 0, Purpose.transition, 0, 1),
    ];
    for (const o of others) {
      expect(Math.abs(correlation(base, o))).toBeLessThan(CORR_BOUND);
      // Pairs of (this stream, that stream) fill the unit square evenly: 10×10 cells.
      const cells = Float64Array.from(base, (x, i) => (Math.floor(x * 10) * 10 + Math.floor(o[i] * 10) + 0.5) / 100);
      expect(chiSquare(cells, 100)).toBeLessThan(CHI2_99_0999);
    }
  });

  it("never repeats another stream shifted by an account offset", () => {
    // A single keyed round (key + i·golden) would make two streams shifts of each other.
    const a = stream("quality", 0, Purpose.transition, 0, 3);
    const b = stream("quality", 0, Purpose.transition, 0, 4);
    const seen = new Set(Array.from(a.subarray(0, 50_000)));
    let shared = 0;
    for (let i = 0; i < 50_000; i++) if (seen.has(b[i])) shared++;
    // Random 32-bit values collide about 50,000²/2³² ≈ 0.6 times.
    expect(shared).toBeLessThan(10);
  });

  it("has balanced bits", () => {
    const ones = new Float64Array(32);
    for (let i = 0; i < N; i++) {
      const x = mix32(i);
      for (let b = 0; b < 32; b++) ones[b] += (x >>> b) & 1;
    }
    for (const c of ones) expect(Math.abs(c / N - 0.5)).toBeLessThan(5 * Math.sqrt(0.25 / N));
  });

  it("turns a string or an integer seed into different keys", () => {
    expect(seedKeys(1)).not.toEqual(seedKeys("1"));
    expect(seedKeys("a")).toEqual(seedKeys("a"));
  });

  it("decides on bits exactly as on uniforms: bits < bitsBelow(p) ⇔ uniform < p", () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer(), fc.nat(), fc.double({ min: 0, max: 1, noNaN: true }), (k1, k2, i, p) => {
        expect(keyedBits(k1, k2, i) < bitsBelow(p)).toBe(keyedUniform(k1, k2, i) < p);
        // The boundary itself: p on a uniform's own value.
        const u = keyedUniform(k1, k2, i);
        expect(keyedBits(k1, k2, i) < bitsBelow(u)).toBe(false);
        expect(keyedBits(k1, k2, i) < bitsBelow(u + 2 ** -40)).toBe(true);
        // At or below, as the start loop tests it, and the signed word's bits.
        expect(keyedBits(k1, k2, i) <= bitsBelow(p)).toBe(u <= p);
        expect(keyedBits(k1, k2, i) <= bitsBelow(u)).toBe(true);
        expect(keyedBits(k1, k2, i) <= bitsBelow(u - 2 ** -40)).toBe(false);
        expect(keyedWord(k1, k2, i) >>> 0).toBe(keyedBits(k1, k2, i));
        expect(keyedWord(k1, k2, i)).toBe(keyedWord(k1, k2, i) | 0);
      }),
      { numRuns: 5000 },
    );
  });
});
