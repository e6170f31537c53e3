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

describe("performance file bounds", () => {
  const header = "account,month,state,balance";
  const lines = (read: ReturnType<typeof readPerformance>) => (read.ok ? [] : read.error.lines);

  it("months 2^26 apart are two months, not one given twice", () => {
    // The span bound refuses them, each on its own line; no packed key calls them equal.
    const read = readPerformance([header, "a,0,C,1", "a,67108864,C,1"].join("\n"), "p.csv");
    expect(lines(read)).toEqual(["p.csv:3:month: 67108864 is more than 1200 months from the file's 0; allowed: months at most 1200 apart (a hundred years) in one file"]);
  });

  it("finds an account-month given twice at the later row, however far apart the rows", () => {
    const rows = [header];
    for (let a = 0; a < 50; a++) for (let m = 1; m <= 6; m++) rows.push(`acct${a},${m},C,1`);
    rows.push("acct7,3,D1,1");
    const read = readPerformance(rows.join("\n"), "p.csv");
    expect(lines(read)).toEqual([`p.csv:${rows.length}:month: account "acct7" has a row for this month already; allowed: one row an account-month`]);
  });

  it("refuses a month that stretches the file past a hundred years at its row, and stops nothing else", () => {
    const read = readPerformance([header, "a,0,C,1", "a,1,C,1", "b,999999998,C,1", "b,999999999,C,1"].join("\n"), "p.csv");
    expect(lines(read)).toEqual([
      "p.csv:4:month: 999999998 is more than 1200 months from the file's 0; allowed: months at most 1200 apart (a hundred years) in one file",
      "p.csv:5:month: 999999999 is more than 1200 months from the file's 0; allowed: months at most 1200 apart (a hundred years) in one file",
    ]);
  });

  it("refuses the row past the row bound and the account past the account bound, once each", () => {
    const rows = [header, "a,1,C,1", "a,2,C,1", "b,1,C,1", "c,1,C,1", "d,1,C,1"];
    expect(lines(readPerformance(rows.join("\n"), "p.csv", { rows: 3, accounts: 10 }))).toEqual([
      "p.csv:5:-: the file has more than 3 rows; allowed: at most 3 account-months; fit a sample of accounts",
    ]);
    expect(lines(readPerformance(rows.join("\n"), "p.csv", { rows: 100, accounts: 2 }))).toEqual([
      'p.csv:5:account: "c" is one account too many; allowed: at most 2 accounts; fit a sample of accounts',
    ]);
  });

  it.each([
    ["a name a scenario cannot hold", "a/b"],
    ["a name longer than a scenario's", "x".repeat(65)],
  ])("refuses %s at its row, with what is allowed", (_, name) => {
    const read = readPerformance(["account,month,state,balance,segment", "a,1,C,1,cards", `b,1,C,1,${name}`].join("\n"), "p.csv");
    expect(lines(read)).toEqual([expect.stringMatching(/^p\.csv:3:segment: ".*" cannot name a segment; allowed: a name of letters, digits, spaces, _ \. or -, at most 64 characters$/)]);
  });

  it("keeps where each segment first appears", () => {
    const read = readPerformance(["account,month,state,balance,segment", "a,1,C,1,2023 cohort", "b,1,C,1,Kredytówki", "c,1,C,1,2023 cohort"].join("\n"), "p.csv");
    if (!read.ok) throw new Error(read.error.lines.join("\n"));
    expect(read.value.performance.segments).toEqual(["2023 cohort", "Kredytówki"]);
    expect(read.value.performance.segmentRows).toEqual([2, 3]);
  });
});
