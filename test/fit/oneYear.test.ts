/**
 * The fitted monthly loading, written as the one-year R a scenario states, comes back as
 * the same monthly loading when the engine compiles the scenario (calibrate.ts, the forward
 * map, which matches Vasicek's second moment at R).
 */
import { describe, expect, it } from "vitest";
import { periodLoadings } from "../../src/engine/calibrate.ts";
import { oneYearCorrelation } from "../../src/fit/oneYear.ts";

describe("the fitted correlation as a one-year R", () => {
  it.each([
    [0.05, 0.8, [0.4, 0.6], 0.03],
    [0.02, 0.5, [0.3, 0.5, 0.7], 0.01],
    [0.15, 0.9, [], 0.05],
    [0.1, 0, [0.5], 0.02],
  ])("monthly ρ %f at persistence %f (ladder %j, pd %f) round-trips through the engine's loading", (monthly, persistence, roll, pd) => {
    const ladder = { roll: Float64Array.from(roll), stay: new Float64Array(roll.length) };
    const R = oneYearCorrelation(monthly, persistence, ladder, pd);
    expect(R).toBeGreaterThan(0);
    const back = periodLoadings({ ...ladder, correlation: R, rollCorrelation: R, persistence, periodMonths: 1, pd });
    expect(back.rho).toBeCloseTo(monthly, 4);
  });

  it("no fitted correlation is no correlation", () => {
    expect(oneYearCorrelation(0, 0.8, { roll: [0.4], stay: [0] }, 0.03)).toBe(0);
  });
});
