import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { DomainHold, holdDomain, KEEP, type Domain } from "../../../../src/ui/charts/frame/domainHold.ts";

/** The rule written out plainly: a partial on the union, a complete result kept on the domain before if it fills it, else on its own. */
function plain(shown: Domain | null, data: Domain, partial: boolean): [number, number] {
  if (shown === null) return [data[0], data[1]];
  const lo = shown[0] < data[0] ? shown[0] : data[0];
  const hi = shown[1] > data[1] ? shown[1] : data[1];
  if (partial) return [lo, hi];
  const inside = shown[0] <= data[0] && data[1] <= shown[1];
  const fills = (data[1] - data[0]) / (shown[1] - shown[0]) >= KEEP;
  return inside && fills ? [shown[0], shown[1]] : [data[0], data[1]];
}

const domain = fc
  .tuple(fc.double({ min: -1e9, max: 1e9, noNaN: true }), fc.double({ min: 1e-3, max: 1e9, noNaN: true }))
  .map(([lo, span]): Domain => [lo, lo + span]);

describe("the domain a chart draws on while its cell reruns", () => {
  it("agrees with the rule written out plainly", () => {
    fc.assert(
      fc.property(fc.option(domain, { nil: null }), domain, fc.boolean(), (shown, data, partial) => {
        expect(holdDomain({ shown, data, partial })).toEqual(plain(shown, data, partial));
      }),
    );
  });

  it("holds the last run's 2–22M while 12 paths span 3–14M, then keeps or settles once", () => {
    const shown: Domain = [2e6, 22e6];
    expect(holdDomain({ shown: null, data: [3e6, 14e6], partial: true })).toEqual([3e6, 14e6]);
    expect(holdDomain({ shown, data: [3e6, 14e6], partial: true })).toEqual([2e6, 22e6]);
    expect(holdDomain({ shown, data: [1e6, 14e6], partial: true })).toEqual([1e6, 22e6]);
    // The final within the held range, filling 95% of it: the axis does not move.
    expect(holdDomain({ shown, data: [2.5e6, 21.5e6], partial: false })).toEqual([2e6, 22e6]);
    // Filling half of it (a large move), or past it: the final's own.
    expect(holdDomain({ shown, data: [2e6, 12e6], partial: false })).toEqual([2e6, 12e6]);
    expect(holdDomain({ shown, data: [2e6, 23e6], partial: false })).toEqual([2e6, 23e6]);
  });

  it("a partial's domain holds the one before whatever its paths, and only grows as they come in", () => {
    fc.assert(
      fc.property(domain, fc.array(domain, { minLength: 1, maxLength: 8 }), (shown, parts) => {
        // Partials are prefixes of one run: their ranges nest, each within the next.
        const nested = parts.reduce<Domain[]>((acc, d) => {
          const p = acc[acc.length - 1];
          acc.push(p ? [Math.min(p[0], d[0]), Math.max(p[1], d[1])] : d);
          return acc;
        }, []);
        let before: Domain = shown;
        for (const d of nested) {
          const held = holdDomain({ shown, data: d, partial: true });
          expect(held[0]).toBeLessThanOrEqual(Math.min(shown[0], d[0]));
          expect(held[1]).toBeGreaterThanOrEqual(Math.max(shown[1], d[1]));
          expect(held[0]).toBeLessThanOrEqual(before[0]);
          expect(held[1]).toBeGreaterThanOrEqual(before[1]);
          before = held;
        }
      }),
    );
  });
});

describe("a cell's memory of its charts' domains", () => {
  it("draws a first run on its own domains, holds them through a rerun, and remembers only complete results", () => {
    let partial = true;
    const hold = new DomainHold(() => partial);
    // The first run: nothing before, each partial on its own range.
    expect(hold.domain("loss", [3e6, 14e6])).toEqual([3e6, 14e6]);
    expect(hold.domain("loss", [2.5e6, 18e6])).toEqual([2.5e6, 18e6]);
    partial = false;
    expect(hold.domain("loss", [2e6, 22e6])).toEqual([2e6, 22e6]);
    // Asked again for the same result (a redraw at another width): the same answer.
    expect(hold.domain("loss", [2e6, 22e6])).toEqual([2e6, 22e6]);
    // A rerun: its partials hold 2–22M, another chart keeps its own memory.
    partial = true;
    expect(hold.domain("loss", [3e6, 14e6])).toEqual([2e6, 22e6]);
    expect(hold.domain("default rate", [0.04, 0.19])).toEqual([0.04, 0.19]);
    // Its final fills the held range: kept, and remembered for the next run.
    partial = false;
    expect(hold.domain("loss", [2.4e6, 21e6])).toEqual([2e6, 22e6]);
    partial = true;
    expect(hold.domain("loss", [5e6, 30e6])).toEqual([2e6, 30e6]);
    // A final far off the range before: one settle, on its own.
    partial = false;
    expect(hold.domain("loss", [5e6, 30e6])).toEqual([5e6, 30e6]);
  });

  it("gives the run's paths to come only while the result drawn is partial", () => {
    let partial = true;
    let total: number | null = 400;
    const hold = new DomainHold(
      () => partial,
      () => total,
    );
    expect(hold.total()).toBe(400);
    partial = false;
    expect(hold.total()).toBeNull();
    // A run cancelled part-way: partial, with no more paths to come.
    partial = true;
    total = null;
    expect(hold.total()).toBeNull();
    expect(new DomainHold(() => true).total()).toBeNull();
  });
});
