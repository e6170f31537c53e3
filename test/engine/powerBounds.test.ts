/**
 * The stepped accounts decide a month under a payment burden from bounds of the burden
 * factor x^ε and compute the power only between them (steppedMonth.ts `powerBelow`,
 * `powerAbove`). Checked here against the power itself (stdlib's, elementary.ts): the
 * bounds must hold to within the relative margin the accounts add (1e-9), and be
 * tighter than the trivial pair min(1, x), max(1, x).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pow } from "../../src/math/elementary.ts";
import { MARGIN, powerAbove, powerBelow } from "../../src/engine/accounts/steppedMonth.ts";

/** x on a log scale over 10^±6 (past 10^±3 the bounds fall back to the trivial pair), ε in (0, 1]. */
const x = fc.double({ min: -6, max: 6, noNaN: true }).map((k) => 10 ** k);
const e = fc.double({ min: 1e-6, max: 1, noNaN: true });

describe("the bounds of the burden factor x^ε (0 < ε ≤ 1)", () => {
  it("hold for the power as computed, well within the stepped accounts' margin", () => {
    fc.assert(
      fc.property(x, e, (x, e) => {
        const p = pow(x, e);
        // 1e-12 of slack covers the rounding of the bounds' few operations; the accounts allow 1e-9.
        expect(powerBelow(x, e)).toBeLessThanOrEqual(p * (1 + 1e-12));
        expect(powerAbove(x, e)).toBeGreaterThanOrEqual(p * (1 - 1e-12));
        expect(1e-12).toBeLessThan(MARGIN);
      }),
      { numRuns: 20_000 },
    );
  });

  it("are the tangents at 1 near 1, never looser than min(1, x) and max(1, x)", () => {
    fc.assert(
      fc.property(x, e, (x, e) => {
        expect(powerBelow(x, e)).toBeGreaterThanOrEqual(Math.min(1, x) * (1 - 1e-15));
        expect(powerAbove(x, e)).toBeLessThanOrEqual(Math.max(1, x) * (1 + 1e-15));
      }),
    );
    // Second order at 1: x^ε = 1 + ε(x − 1) + ε(ε − 1)(x − 1)²/2 + …, so the gap is about ε(1 − ε)(x − 1)²/2 above and below.
    const gap = 0.3 * 0.7 * 0.01 ** 2 / 2;
    expect(powerAbove(1.01, 0.3) - pow(1.01, 0.3)).toBeCloseTo(gap, 6);
    expect(pow(1.01, 0.3) - powerBelow(1.01, 0.3)).toBeCloseTo(gap, 6);
    expect(powerBelow(1, 0.5)).toBe(1);
    expect(powerAbove(1, 0.5)).toBe(1);
  });
});
