import { describe, expect, it } from "vitest";
import { scaleLinear } from "d3";
import { fanExtent, fanMonths, fanPaths, fanSeries, periodAdjective, periodName } from "../../../../src/ui/charts/fans/fanBands.ts";
import { fan, variant } from "../fixtures.ts";

describe("fan series", () => {
  const v = variant("base", { cards: { el: 1, es: 2 } });

  it("lists NPL, each bucket, defaults, each factor and variable, in that order", () => {
    expect(fanSeries(v, 1).map((s) => s.key)).toEqual([
      "nplRatio",
      "delinquency:D1",
      "delinquency:D2",
      "defaults",
      "factor:economy",
      "variable:unemployment",
    ]);
  });

  it("adds the revolver share after defaults when the result has it", () => {
    const revolving = { ...v, periods: v.periods.map((p, t) => ({ ...p, revolverShare: fan(0.3 + 0.01 * t, 0.05) })) };
    const keys = fanSeries(revolving, 1).map((s) => s.key);
    expect(keys.slice(3, 5)).toEqual(["defaults", "revolverShare"]);
    const share = fanSeries(revolving, 1)[4];
    expect(share).toMatchObject({ kind: "percent", axisLabel: "Revolvers (% of current credit lines)" });
    const third = share.points[2];
    expect(third.month).toBe(3);
    for (const [k, x] of Object.entries({ mean: 0.32, p5: 0.22, p25: 0.27, p50: 0.32, p75: 0.37, p95: 0.42 })) expect(third[k as keyof typeof third]).toBeCloseTo(x, 12);
    const [lo, hi] = fanExtent(share);
    expect(lo).toBeCloseTo(0.2, 12);
    expect(hi).toBeCloseTo(0.63, 12);
  });

  it("labels each axis with its unit", () => {
    const byKey = Object.fromEntries(fanSeries(v, 3).map((s) => [s.key, s]));
    expect(byKey.nplRatio.axisLabel).toBe("NPL ratio (% of balance)");
    expect(byKey["delinquency:D2"].note).toMatch(/2 missed payments/);
    expect(byKey.defaults.axisLabel).toBe("New defaults per quarter (accounts)");
    expect(byKey["factor:economy"].reference).toBe(0);
    expect(byKey.nplRatio.points.map((p) => p.month).slice(0, 3)).toEqual([1, 2, 3]);
  });

  it.each([
    [1, "month"],
    [3, "quarter"],
    [6, "half-year"],
    [12, "year"],
  ])("a %i-month period is a %s", (m, name) => {
    expect(periodName(m)).toBe(name);
  });

  it.each([
    [1, "monthly"],
    [3, "quarterly"],
    [12, "yearly"],
    [2, "2-month"],
  ])("a %i-month period is %s", (m, adjective) => {
    expect(periodAdjective(m)).toBe(adjective);
  });

  it("covers the 5% to 95% points and the reference line", () => {
    const s = fanSeries(v, 1).find((x) => x.key === "factor:economy")!;
    const [lo, hi] = fanExtent(s);
    expect(lo).toBeCloseTo(-2.3 - 1, 12);
    expect(hi).toBe(1);
  });
});

describe("fan paths", () => {
  const x = scaleLinear().domain([0, 24]).range([0, 240]);
  const y = scaleLinear().domain([-5, 5]).range([100, 0]);

  it("draws two closed bands and an open median line through every period", () => {
    const s = fanSeries(variant("base", {}), 1)[0];
    const p = fanPaths(s.points, x, y);
    expect(p.outer.startsWith("M")).toBe(true);
    expect(p.outer.endsWith("Z")).toBe(true);
    expect(p.inner.endsWith("Z")).toBe(true);
    expect(p.median.endsWith("Z")).toBe(false);
    expect(p.median.split("L").length).toBe(24);
  });

  it("draws a single period as an interval box 24 px wide ending at its month, on an axis of the horizon's months only", () => {
    const pt = { month: 12, mean: 0, p5: -2, p25: -1, p50: 0, p75: 1, p95: 2 };
    expect(fanMonths([pt], 12)).toEqual([0, 12]);
    const p = fanPaths([pt], x, y);
    // Month 12 at 120 px on a scale of 10 pixels a month; the box from 24 px before it.
    expect(p.median).toBe("M96,50L120,50");
    expect(p.outer).toBe("M96,30L120,30L120,70L96,70Z");
  });
});
