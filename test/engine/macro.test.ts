/**
 * The economy of MODEL.md section 2: the recession shape by hand, the AR(1) factors'
 * stationary moments and correlation across paths, and a variable's target path.
 */
import { describe, expect, it } from "vitest";
import { compileMacro, recessionShift } from "../../src/engine/macro.ts";
import { simulatePaths } from "../../src/engine/simulate.ts";
import { periodColumns } from "../../src/engine/layout.ts";
import { scenarioSchema } from "../../src/scenario/schema.ts";
import { buildModel, mean, periodColumn, variance } from "./helpers.ts";

describe("the recession shape", () => {
  const r = { kind: "recession" as const, factor: "economy", start: 3, fall: 6, trough: -2, stay: 6, recover: 9 };
  it.each([
    [2, 0],
    [3, -2 / 6], // first month of the fall
    [8, -2], // sixth month of the fall: the trough
    [9, -2],
    [14, -2], // last month of the stay
    [15, -2 * (1 - 1 / 9)], // first month of the recovery
    [23, 0], // ninth month of the recovery
    [30, 0],
  ])("at month %i is %f", (month, expected) => {
    expect(recessionShift(r, month)).toBeCloseTo(expected, 12);
  });

  it("a quarterly period takes the value of its last month", () => {
    const s = scenarioSchema.parse({
      creditlab: 2,
      simulation: { periodMonths: 3, horizonMonths: 24 },
      macro: { shocks: [{ factor: "economy", recession: { start: 3, fall: 6, trough: -2, stay: 6, recover: 9 } }] },
      segments: [{ name: "s", accounts: 1, missRate: 0.01 }],
    });
    const m = compileMacro(s);
    expect(Array.from(m.shift.subarray(0, 3))).toEqual([recessionShift(r, 3), recessionShift(r, 6), recessionShift(r, 9)]);
  });
});

describe("factors and variables across paths", () => {
  const PATHS = 4000;
  const model = buildModel({
    creditlab: 2,
    simulation: { paths: PATHS, horizonMonths: 6, seed: "macro" },
    macro: {
      factors: { economy: { persistence: 0.9 }, gig: { persistence: 0.9, correlation: { economy: 0.6 } } },
      variables: { unemployment: { factor: "economy", mean: 0.052, sensitivity: -0.012 } },
      shocks: [{ variable: "unemployment", path: [0.052, 0.06, 0.07, 0.08] }],
    },
    segments: [{ name: "s", accounts: 1, missRate: 0.01 }],
  });
  const chunk = simulatePaths(model, 0, PATHS);
  const cols = periodColumns(model.layout);
  const gig = (t: number) => periodColumn(model, chunk, t, cols.indexOf("factor:gig"));
  const economy = (t: number) => periodColumn(model, chunk, t, cols.indexOf("factor:economy"));
  const unemployment = (t: number) => periodColumn(model, chunk, t, cols.indexOf("variable:unemployment"));

  it("an unshocked factor stays standard normal, with lag-one autocorrelation φ", () => {
    const se = 1 / Math.sqrt(PATHS);
    expect(Math.abs(mean(gig(5)))).toBeLessThan(4 * se);
    expect(Math.abs(variance(gig(5)) - 1)).toBeLessThan(4 * Math.sqrt(2 / PATHS));
    const x = gig(4);
    const y = gig(5);
    let c = 0;
    for (let i = 0; i < PATHS; i++) c += x[i] * y[i];
    expect(Math.abs(c / PATHS - 0.9)).toBeLessThan(5 * se);
  });

  it("correlated factors keep their correlation", () => {
    const e = economy(3);
    const shiftE = mean(e);
    const g = gig(3);
    let c = 0;
    for (let i = 0; i < PATHS; i++) c += (e[i] - shiftE) * g[i];
    expect(Math.abs(c / PATHS - 0.6)).toBeLessThan(5 / Math.sqrt(PATHS));
  });

  it("a variable's target path is its expected value, the last value held", () => {
    const targets = [0.052, 0.06, 0.07, 0.08, 0.08, 0.08];
    targets.forEach((target, t) => {
      const v = unemployment(t + 1);
      expect(Math.abs(mean(v) - target)).toBeLessThan(5 * 0.012 / Math.sqrt(PATHS));
    });
  });
});
