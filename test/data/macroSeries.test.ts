import { describe, expect, it } from "vitest";
import { readMacroSeries, spreadToMonths } from "../../src/data/macroSeries.ts";
import { parseTerms, termValues } from "../../src/fit/linkTerms.ts";

describe("macro file", () => {
  it("reads quarters after comment lines, and spreads them to months as steps", () => {
    const text = ["# source: made up for the test", "quarter,unemployment,hpi", "2008-Q3,6.0,180", "2008-Q4,6.9,170", "2009-Q1,8.3,160"].join("\n");
    const read = readMacroSeries(text, "m.csv", false);
    if (!read.ok) throw new Error(read.error.lines.join("\n"));
    const s = read.value;
    expect(s.names).toEqual(["unemployment", "hpi"]);
    expect(s.periodMonths).toBe(3);
    expect(s.start).toEqual([2008 * 12 + 6, 2008 * 12 + 9, 2009 * 12]);
    expect(s.rows).toEqual([3, 4, 5]);
    const m = spreadToMonths(s);
    expect(Array.from(m.values[0])).toEqual([6.0, 6.0, 6.0, 6.9, 6.9, 6.9, 8.3, 8.3, 8.3]);
    expect(m.start[4]).toBe(2008 * 12 + 10);
  });

  it("reads a rate series in percent as fractions", () => {
    const read = readMacroSeries("month,ratePercent,u\n2020-01,4.5,3.5\n2020-02,5,3.6\n", "r.csv", true);
    if (!read.ok) throw new Error(read.error.lines.join("\n"));
    expect(Array.from(read.value.rate!)).toEqual([0.045, 0.05]);
  });

  const header = "month,unemployment";
  it.each([
    ["a month that is not YYYY-MM", [header, "2020-01,4", "Feb 2020,4"], 'm.csv:3:month: "Feb 2020" is not a month; allowed: YYYY-MM, e.g. 2008-09'],
    ["a gap between months", [header, "2020-01,4", "2020-03,4"], 'm.csv:3:month: "2020-03" does not follow 2020-01; allowed: the next month, 2020-02: rows ascend one month at a time, without gaps'],
    ["an empty value", [header, "2020-01,"], "m.csv:2:unemployment: is empty; allowed: a plain number (a missing value is not filled in: leave the period out of the file)"],
    ["a value that is no number", [header, "2020-01,4%"], 'm.csv:2:unemployment: "4%" is not a number; allowed: a plain number (a missing value is not filled in: leave the period out of the file)'],
    ["a quarter written wrong", ["quarter,u", "2020Q1,4"], 'm.csv:2:quarter: "2020Q1" is not a quarter; allowed: YYYY-Qn, e.g. 2008-Q3'],
    ["no period column", ["date,u", "2020-01,4"], "m.csv:1:month: the period column is missing; allowed: a column month (YYYY-MM) or quarter (YYYY-Qn)"],
    ["a rate in a macro file", ["month,rate,u", "2020-01,0.1,4"], "m.csv:1:rate: a macro file holds no rate; allowed: the period column and macro variables; a rate series goes to --series"],
    ["a row with too many fields", [header, "2020-01,4,5"], "m.csv:2:#3: the row has 3 fields, the header 2; allowed: one field per header column (quote a field that holds a comma)"],
    ["a column no scenario can name", ["month,u,u/v", "2020-01,4,4"], 'm.csv:1:u/v: "u/v" cannot name a variable; allowed: a name of letters, digits, spaces, _ . or -, at most 64 characters'],
  ])("%s gives its error line", (_, lines, line) => {
    const read = readMacroSeries(lines.join("\n"), "m.csv", false);
    expect(read.ok ? [] : read.error.lines).toEqual([line]);
  });

  it.each([
    ["a rate of 0", "month,rate,u\n2020-01,0,4", 'r.csv:2:rate: "0" is not a rate; allowed: a fraction above 0 and below 1'],
    ["a percentage of 100", "month,ratePercent,u\n2020-01,100,4", 'r.csv:2:ratePercent: "100" is not a rate; allowed: a percentage above 0 and below 100'],
    ["no rate column", "month,u\n2020-01,4", "r.csv:1:rate: the rate column is missing; allowed: rate (a fraction, e.g. 0.042) or ratePercent (a percentage, e.g. 4.2)"],
  ])("a rate series with %s gives its error line", (_, text, line) => {
    const read = readMacroSeries(text, "r.csv", true);
    expect(read.ok ? [] : read.error.lines).toEqual([line]);
  });
});

describe("link terms", () => {
  const read = readMacroSeries("quarter,u\n2020-Q1,4\n2020-Q2,5\n2020-Q3,7\n2020-Q4,6\n2021-Q1,5\n", "q.csv", false);
  if (!read.ok) throw new Error("unreadable");
  const s = read.value;

  it("reads levels, lags and changes, each value by hand", () => {
    const terms = parseTerms("u, u:lag3:change6", s, "q.csv");
    if (!terms.ok) throw new Error(terms.error);
    expect(terms.value).toEqual([
      { variable: "u", lag: 0, change: 0 },
      { variable: "u", lag: 3, change: 6 },
    ]);
    // Rows 3 and 4 (2020-Q4, 2021-Q1): level minus the mean 5.4; the 6-month change 3 months back.
    const x = termValues(s, terms.value, 3, 2)!;
    expect(x[0][0]).toBeCloseTo(6 - 5.4, 12);
    expect(x[0][1]).toBe(7 - 4);
    expect(x[1][1]).toBe(6 - 5);
    expect(termValues(s, terms.value, 2, 1)).toBeNull();
  });

  it("refuses a term the file cannot give", () => {
    expect(parseTerms("v", s, "q.csv")).toEqual({
      ok: false,
      error: '--terms: "v" is not a column of q.csv; allowed: terms separated by commas, each a column of q.csv (u) with optional :lagN and :changeN in months, multiples of 3',
    });
    const lag = parseTerms("u:lag2", s, "q.csv");
    expect(lag.ok ? "" : lag.error).toMatch(/^--terms: "u:lag2" does not lag or change by whole quarters; allowed: /);
  });
});
