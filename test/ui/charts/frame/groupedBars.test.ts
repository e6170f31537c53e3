import { describe, expect, it } from "vitest";
import { fitLabel, groupedBars } from "../../../../src/ui/charts/frame/groupedBars.ts";
import { labelWidth } from "../../../../src/ui/charts/frame/ticks.ts";

describe("grouped horizontal bars", () => {
  it.each([
    // labels, width, bars a group, bar height → group height, right margin
    [["prime", "near-prime"], 900, 2, 13, 40, 24],
    [["equity 0–2%", "mezzanine 2–5%", "senior 5–100%"], 375, 3, 11, 47, 16],
    [["EL", "VaR 99%", "ES 99%", "Insurance"], 480, 2, 13, 40, 24],
  ])("%j at %i px: groups of %i bars of %i px are %i px apart", (labels, width, perGroup, bar, group, right) => {
    const g = groupedBars(labels, width, perGroup, bar, "Net credit loss (currency units)");
    expect(g.margin.left).toBe(Math.ceil(Math.max(40, ...labels.map((l) => labelWidth(l)))) + 12);
    expect(g.margin.right).toBe(right);
    expect(g.innerW).toBe(Math.max(60, width - g.margin.left - right));
    expect(g.innerH).toBe(labels.length * group);
    expect(g.height).toBe(g.innerH + g.margin.top + g.margin.bottom);
    expect(g.yOf(1) - g.yOf(0)).toBe(group);
    // Labels sit in the middle of their group's bars.
    expect(g.yTicks[1].at).toBe(g.yOf(1) + (perGroup * bar) / 2);
    expect(g.bar("k", 1, perGroup - 1, 50, "x")).toEqual({ key: "k", x: 0, y: g.yOf(1) + (perGroup - 1) * bar, width: 50, height: bar, label: "x" });
  });

  it("picks the group under the pointer, clamped to the groups", () => {
    const g = groupedBars(["a", "b", "c"], 600, 2, 13, "x");
    expect([-5, 0, 39, 40, 119, 500].map((y) => g.pick(y))).toEqual([0, 0, 0, 1, 2, 2]);
    expect(groupedBars([], 600, 2, 13, "x").pick(10)).toBeNull();
  });
});

describe("fitLabel", () => {
  it("cuts a label to a third of the chart's width at 6.6 pixels a character, and to 8 characters no less", () => {
    // 300 pixels: 300 / 3 / 6.6 = 15.2, so 15 characters.
    expect(fitLabel("a".repeat(15), 300)).toBe("a".repeat(15));
    expect(fitLabel("a".repeat(16), 300)).toBe(`${"a".repeat(14)}…`);
    expect(fitLabel("a".repeat(9), 60)).toBe(`${"a".repeat(7)}…`);
    expect(fitLabel("a".repeat(8), 60)).toBe("a".repeat(8));
  });
});
