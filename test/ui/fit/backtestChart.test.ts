import { describe, expect, it } from "vitest";
import { backtestShapes } from "../../../src/ui/fit/backtestChart.ts";

const series = {
  segment: "cards",
  months: ["1", "2", "3", "4"],
  observed: [0.01, 0.05, 0.0, 0.02],
  fitted: [0.02, 0.02, 0.02, 0.02],
  low: [0.005, 0.005, 0.005, 0.005],
  high: [0.035, 0.035, 0.035, 0.035],
  chi2: 5,
  df: 3,
  pValue: 0.17,
  outside: 2,
};

describe("back-test chart shapes", () => {
  const s = backtestShapes(series, 400, 200);
  it.each([
    [0, false],
    [1, true],
    [2, true],
    [3, false],
  ])("month %i is outside the band: %s", (i, outside) => {
    expect(s.points[i as number].outside).toBe(outside);
  });

  it("a higher rate is drawn higher, zero on the axis, points left to right", () => {
    expect(s.points[1].y).toBeLessThan(s.points[0].y);
    expect(s.points[2].y).toBe(s.bottom);
    const xs = s.points.map((p) => p.x);
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
    expect(s.band.startsWith("M")).toBe(true);
    expect(s.fitted.startsWith("M")).toBe(true);
  });
});
