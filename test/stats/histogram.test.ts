import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { histogram } from "../../src/stats/histogram.ts";

describe("histogram", () => {
  it("puts every value in exactly the bin whose edges hold it", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 300 }), (xs) => {
        const h = histogram(Float64Array.from(xs));
        expect(h.edges.length).toBe(h.counts.length + 1);
        expect(h.counts.reduce((s, c) => s + c, 0)).toBe(xs.length);
        for (let i = 1; i < h.edges.length; i++) expect(h.edges[i]).toBeGreaterThanOrEqual(h.edges[i - 1]);
        // Independent recount: [edge_i, edge_i+1), the last bin closed.
        const last = h.counts.length - 1;
        const recount = h.counts.map((_, i) =>
          xs.filter((x) => x >= h.edges[i] && (i === last ? x <= h.edges[i + 1] : x < h.edges[i + 1])).length,
        );
        expect(recount).toEqual(h.counts);
      }),
    );
  });

  it("uses about 40 bins with nice edges on a spread sample", () => {
    const h = histogram(Float64Array.from({ length: 1000 }, (_, i) => 0.0137 + (i / 1000) * 0.2));
    expect(h.counts.length).toBeGreaterThanOrEqual(20);
    expect(h.counts.length).toBeLessThanOrEqual(60);
    const step = h.edges[1] - h.edges[0];
    // A nice step is 1, 2 or 5 times a power of ten.
    const mantissa = step / 10 ** Math.floor(Math.log10(step));
    expect([1, 2, 5].some((m) => Math.abs(mantissa - m) < 1e-9)).toBe(true);
    expect(h.edges[0]).toBeLessThanOrEqual(0.0137);
    expect(h.edges[h.edges.length - 1]).toBeGreaterThanOrEqual(0.2137 - 0.0002);
  });

  it("gives one finite bin holding every value of an all-equal sample", () => {
    for (const c of [0, 0.1234, -5e6]) {
      const h = histogram(new Float64Array(9).fill(c));
      expect(h).toEqual({ edges: [c, c], counts: [9] });
    }
  });

  it("treats values equal up to rounding as all-equal, not as 40 bins of repeated edges", () => {
    expect(histogram(Float64Array.of(1e6, 1e6 + 1e-9))).toEqual({ edges: [1e6, 1e6 + 1e-9], counts: [2] });
  });

  it("throws on an empty sample", () => {
    expect(() => histogram(new Float64Array(0))).toThrow();
  });
});
