import { describe, expect, it } from "vitest";
import { monthLabel, readPerformance, STATE_F, STATE_P } from "../../src/data/performance.ts";

describe("performance file", () => {
  it("reads states, dpd, months and the optional columns into columns", () => {
    const text = [
      "# made up for the test",
      "account,month,state,dpd,balance,limit,ead,loss,segment",
      "a,2024-01,,0,100,500,,,cards",
      "a,2024-02,,45,100,500,,,cards",
      "a,2024-03,,91,300,500,300,240,cards",
      "b,2024-01,P,,0,,,,loans",
      "c,2024-12,D2,,5,,,,loans",
    ].join("\n");
    const read = readPerformance(text, "p.csv");
    if (!read.ok) throw new Error(read.error.lines.join("\n"));
    const p = read.value.performance;
    expect(Array.from(p.state)).toEqual([0, 2, STATE_F, STATE_P, 2]);
    expect(Array.from(p.month).map((m) => monthLabel(m, p.monthFormat))).toEqual(["2024-01", "2024-02", "2024-03", "2024-01", "2024-12"]);
    expect(p.month[1] - p.month[0]).toBe(1);
    expect(p.ead[2]).toBe(300);
    expect(p.loss[2]).toBe(240);
    expect(Number.isNaN(p.ead[0])).toBe(true);
    expect(p.segments).toEqual(["cards", "loans"]);
    expect(p.accountIds).toEqual(["a", "b", "c"]);
  });

  const header = "account,month,state,balance";
  it.each([
    ["a month that is neither form", "a,Jan 2024,C,1", 't.csv:3:month: "Jan 2024" is not a month; allowed: YYYY-MM or a whole number, the same form on every row'],
    ["a month in another form than the first row's", "a,2024-02,C,1", 't.csv:3:month: "2024-02" is written unlike the first row\'s month; allowed: YYYY-MM or a whole number, the same form on every row'],
    ["a state not in the ladder", "a,2,X,1", 't.csv:3:state: "X" is not a state; allowed: C, D1 … D12, F, P'],
    ["a second row for the same month", "z,1,C,1", 't.csv:3:month: account "z" has a row for this month already; allowed: one row an account-month'],
    ["a negative balance", "a,2,C,-1", 't.csv:3:balance: "-1" is not a balance; allowed: a number ≥ 0'],
    ["an empty account", ",2,C,1", "t.csv:3:account: is empty; allowed: an account id"],
  ])("%s gives its one error line", (_, row, line) => {
    const read = readPerformance([header, "z,1,C,1", row].join("\n"), "t.csv");
    expect(read.ok ? [] : read.error.lines).toEqual([line]);
  });

  it("needs account, month, balance and a state or dpd", () => {
    const read = readPerformance("account,month,balance\na,1,1\n", "t.csv");
    expect(read.ok ? [] : read.error.lines).toEqual(["t.csv:1:state: the file needs a state or a dpd column; allowed: state (C, D1 … D12, F, P) or dpd (days past due)"]);
  });

  it("takes at most 64 segments, as a scenario does", () => {
    const rows = Array.from({ length: 65 }, (_, k) => `a${k},1,C,1,s${k}`);
    const read = readPerformance(["account,month,state,balance,segment", ...rows].join("\n"), "t.csv");
    // Row 1 is the header: the 65th segment is on row 66.
    expect(read.ok ? [] : read.error.lines).toEqual(['t.csv:66:segment: "s64" is one segment too many; allowed: at most 64 segments, as in a scenario']);
  });

  it("an account stays in one segment", () => {
    const read = readPerformance("account,month,state,balance,segment\na,1,C,1,x\na,2,C,1,y\n", "t.csv");
    expect(read.ok ? [] : read.error.lines).toEqual(['t.csv:3:segment: account "a" was in another segment on an earlier row; allowed: one segment an account']);
  });
});
