import { describe, expect, it } from "vitest";
import {
  formatCount,
  formatMoney,
  formatMoneyFull,
  formatPercent,
  formatPoints,
  formatSigned,
  tickFormatter,
} from "../../../../src/ui/charts/frame/chartNumbers.ts";

// One number format for the page and the command line (src/format/number.ts): money
// with three significant digits kept, the ASCII minus.
const M = "-";

describe("formatMoney", () => {
  it.each([
    [0, "0"],
    [950, "950"],
    [12.345, "12.3"],
    [0.5, "0.500"],
    [1234, "1.23k"],
    [12_345, "12.3k"],
    [999_999, "1.00M"],
    [1_250_000, "1.25M"],
    [3.4e9, "3.40bn"],
    [2e12, "2.00T"],
    [-1_500_000, `${M}1.50M`],
    [Number.NaN, "—"],
    [Infinity, "—"],
  ])("%s reads %s", (x, s) => {
    expect(formatMoney(x)).toBe(s);
  });

  it.each([
    [1234567.8, "1,234,568"],
    [99.5, "99.5"],
    [-2500, `${M}2,500`],
  ])("in full, %s reads %s", (x, s) => {
    expect(formatMoneyFull(x)).toBe(s);
  });
});

describe("formatPercent and formatPoints", () => {
  it.each([
    [0, "0%"],
    [0.0153, "1.53%"],
    [0.5, "50%"],
    [1, "100%"],
    [0.000123, "0.0123%"],
    [-0.021, `${M}2.1%`],
    [0.999, "99.9%"],
    [0.995, "99.5%"],
  ])("%s reads %s", (x, s) => {
    expect(formatPercent(x)).toBe(s);
  });

  it.each([
    [0, "0pp"],
    [0.0021, "0.210pp"],
    [-0.015, `${M}1.50pp`],
  ])("a difference of %s reads %s", (x, s) => {
    expect(formatPoints(x)).toBe(s);
  });

  it("spells out the sign of a difference", () => {
    expect(formatSigned(1234, formatMoney)).toBe("+1.23k");
    expect(formatSigned(-1234, formatMoney)).toBe(`${M}1.23k`);
    expect(formatSigned(0, formatMoney)).toBe("0");
  });

  it.each([
    [1496.3, "1,496"],
    [12.34, "12.3"],
    [0, "0"],
  ])("count %s reads %s", (x, s) => {
    expect(formatCount(x)).toBe(s);
  });
});

describe("tickFormatter", () => {
  it.each([
    ["money", [0, 2_000_000], 5, [0, 500_000, 1_000_000, 1_500_000, 2_000_000], ["0", "0.5M", "1M", "1.5M", "2M"]],
    ["money", [0, 800], 4, [0, 200, 400, 600, 800], ["0", "200", "400", "600", "800"]],
    ["money", [0, 3e9], 3, [0, 1e9, 2e9, 3e9], ["0", "1bn", "2bn", "3bn"]],
    ["percent", [0, 0.05], 5, [0, 0.01, 0.02, 0.05], ["0%", "1%", "2%", "5%"]],
    ["percent", [0.01, 0.012], 4, [0.01, 0.0105, 0.011], ["1.00%", "1.05%", "1.10%"]],
    ["points", [-0.01, 0.01], 4, [-0.01, 0, 0.005], [`${M}1.0pp`, "0pp", "0.5pp"]],
    ["value", [-3, 1], 4, [-3, -2, 0], [`${M}3`, `${M}2`, "0"]],
    ["value", [-1, 1], 4, [-1, -0.5, 0], [`${M}1.0`, `${M}0.5`, "0.0"]],
  ] as const)("%s over %j reads its ticks in one unit", (kind, domain, count, values, labels) => {
    const f = tickFormatter(kind, [domain[0], domain[1]], count);
    expect(values.map(f)).toEqual(labels);
  });
});
