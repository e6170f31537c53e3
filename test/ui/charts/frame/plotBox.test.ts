import { describe, expect, it } from "vitest";
import { scaleLinear } from "d3";
import { bottomMargin, chartHeight, frame, plotMargin, titleLines } from "../../../../src/ui/charts/frame/plotBox.ts";
import { labelWidth, monthTicks } from "../../../../src/ui/charts/frame/ticks.ts";

describe("plot box", () => {
  it.each([
    [1280, 260],
    [480, 260],
    [375, 221],
  ])("a chart %i px wide is %i px tall", (w, h) => {
    expect(chartHeight(w)).toBe(h);
  });

  it("leaves room on the left for the widest tick label", () => {
    const m = plotMargin([
      { value: 0, label: "0", at: 0 },
      { value: 1e6, label: "1.5M", at: 10 },
    ]);
    expect(m.left).toBeGreaterThanOrEqual(labelWidth("1.5M") + 6);
  });

  it.each([375, 640, 1280])("fits the plot into %i px, y axis first", (width) => {
    const f = frame({ width, xDomain: [0, 2.4e6], yDomain: [0, 0.083], xKind: "money", yKind: "percent", xTitle: "Net credit loss (currency units)", headroom: 30, niceX: false });
    expect(f.margin.left + f.innerW + f.margin.right).toBe(width);
    expect(f.x.range()).toEqual([0, f.innerW]);
    expect(f.y.range()).toEqual([f.innerH, 30]);
    expect(f.x.domain()).toEqual([0, 2.4e6]);
    expect(f.y.domain()[1]).toBeGreaterThanOrEqual(0.083);
    expect(f.yTicks.every((t) => t.at >= 30 && t.at <= f.innerH)).toBe(true);
  });

  it.each([
    ["percent", [0, 0.01]],
    ["count", [0, 1]],
  ] as const)("gives an all-zero %s axis a span of its own", (kind, domain) => {
    const f = frame({ width: 600, xDomain: [0, 0], yDomain: [0, 0], xKind: kind, yKind: kind, xTitle: "x" });
    expect(f.x.domain()).toEqual(domain);
    expect(f.y.domain()).toEqual(domain);
  });

  it.each([
    ["Month", 300, ["Month"]],
    ["Variant minus base: net credit loss (currency units)", 600, ["Variant minus base: net credit loss (currency units)"]],
    ["Variant minus base: net credit loss (currency units)", 250, ["Variant minus base: net credit", "loss (currency units)"]],
    ["one two three four five six seven eight nine ten", 80, ["one two", "three four…"]],
  ])("sets the axis title %j in %i px as %j", (title, width, lines) => {
    expect(titleLines(title, width)).toEqual(lines);
  });

  it("makes a chart taller by a line for a two-line axis title", () => {
    const one = frame({ width: 800, xDomain: [0, 1], yDomain: [0, 1], xKind: "value", yKind: "value", xTitle: "A fairly long axis title of some fifty characters" });
    const two = frame({ width: 300, xDomain: [0, 1], yDomain: [0, 1], xKind: "value", yKind: "value", xTitle: "A fairly long axis title of some fifty characters" });
    expect(one.xTitle.length).toBe(1);
    expect(two.xTitle.length).toBe(2);
    expect(two.margin.bottom).toBe(bottomMargin(2));
    expect(two.height - chartHeight(300)).toBe(14);
    expect(two.innerH).toBe(chartHeight(300) - 26 - bottomMargin(1));
    expect(two.xTitle.every((l) => l.length * 7.2 <= two.innerW)).toBe(true);
  });

  it.each([
    [[0, 24], 300, [0, 6, 12, 18, 24]],
    [[0, 24], 1000, [0, 3, 6, 9, 12, 15, 18, 21, 24]],
    [[0, 120], 340, [0, 24, 48, 72, 96, 120]],
    [[6, 18], 300, [12], 12],
    [[0, 12], 900, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]],
    [[0, 24], 1000, [0, 6, 12, 18, 24], 6],
    [[0, 36], 1000, [0, 3, 6, 9, 12, 15, 18, 21, 24, 27, 30, 33, 36], 3],
  ])("ticks months %j over %i px on calendar steps", (domain, width, values, period = 1) => {
    const x = scaleLinear().domain(domain).range([0, width]);
    expect(monthTicks(x, period).map((t) => t.value)).toEqual(values);
  });
});
