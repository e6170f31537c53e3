import { describe, expect, it } from "vitest";
import { count, duration, grouped, money, percent, points, sparkline } from "../../src/cli/terminalNumbers.ts";

describe("grouped", () => {
  it.each([
    [0, 0, "0"],
    [999, 0, "999"],
    [1000, 0, "1,000"],
    [1234567.89, 0, "1,234,568"],
    [1234567.89, 2, "1,234,567.89"],
    [-1234.5, 1, "-1,234.5"],
    [-0.0001, 2, "0.00"],
    [100000, 0, "100,000"],
  ])("grouped(%d, %d) is %s", (x, d, want) => expect(grouped(x, d)).toBe(want));
});

describe("count", () => {
  it.each([
    [60000, "60,000"],
    [123.4, "123"],
    [11.44, "11.4"],
    [7.384, "7.38"],
    [0, "0"],
    [5, "5"],
  ])("count(%d) is %s", (x, want) => expect(count(x)).toBe(want));
});

describe("percent: three significant digits", () => {
  it.each([
    [0, "0%"],
    [1, "100%"],
    [0.234, "23.4%"],
    [0.0234, "2.34%"],
    [0.00234, "0.234%"],
    [0.000234, "0.0234%"],
    [0.0000234, "0.00234%"],
    [0.1, "10.0%"],
    [-0.0123, "-1.23%"],
    [0.99999, "100%"],
  ])("percent(%d) is %s", (x, want) => expect(percent(x)).toBe(want));

  it.each([
    [0.0042, "+0.420pp"],
    [-0.0042, "-0.420pp"],
    [0, "0pp"],
  ])("points(%d) is %s", (x, want) => expect(points(x)).toBe(want));
});

describe("money: three significant digits and a suffix", () => {
  it.each([
    [0, "0"],
    [3.14159, "3.14"],
    [51.23, "51.2"],
    [512, "512"],
    [999, "999"],
    [1234, "1.23k"],
    [12_345_678, "12.3M"],
    [123_456_789, "123M"],
    [999_950, "1.00M"],
    [999_499, "999k"],
    [1.5e9, "1.50bn"],
    [2.25e12, "2.25T"],
    [-74_700, "-74.7k"],
    [-0.001, "-0.00100"],
  ])("money(%d) is %s", (x, want) => expect(money(x)).toBe(want));

  it.each([
    [24_900, "+24.9k"],
    [-26_500, "-26.5k"],
    [0, "0"],
  ])("signed money(%d) is %s", (x, want) => expect(money(x, true)).toBe(want));
});

describe("duration", () => {
  it.each([
    [0, "0 ms"],
    [850.4, "850 ms"],
    [3210, "3.21 s"],
    [12_340, "12.3 s"],
    [245_000, "4m 05s"],
    [7_380_000, "2h 03m"],
    [-1, "?"],
  ])("duration(%d) is %s", (ms, want) => expect(duration(ms)).toBe(want));
});

describe("sparkline", () => {
  it.each([
    [[], ""],
    [[1, 1, 1], "▁▁▁"],
    [[0, 1], "▁█"],
    [[0, 0.5, 1], "▁▅█"],
    [[0, Number.NaN, 1], "▁ █"],
  ])("sparkline(%j) is %s", (values, want) => expect(sparkline(values)).toBe(want));
});
