import seedrandom from "seedrandom";
import { describe, expect, it } from "vitest";
import { MONTHS_ON_BOOK_NOT_GIVEN, PAYMENTS_NOT_GIVEN, readTape, readTapeChunks, STATE_F, TapeReader } from "../../src/data/tape.ts";

interface Row {
  balance: number;
  limit: number;
  pd: number | null;
  state: string;
  apr: number | null;
  paymentsLeft: number | null;
  segment: string;
}

/** Rows drawn plainly, and their CSV written by hand (quotes where a name holds a comma). */
function generate(n: number, seed: string): { rows: Row[]; csv: string } {
  const rng = seedrandom(seed);
  const states = ["C", "D1", "D2", "D3", "F"];
  const names = ["cards", "loans, unsecured", 'say "hi"'];
  const rows: Row[] = [];
  for (let i = 0; i < n; i++) {
    const limit = Math.round(rng() * 10000);
    rows.push({
      balance: Math.round(rng() * limit * 100) / 100,
      limit,
      pd: rng() < 0.3 ? null : 0.001 + Math.round(rng() * 1000) / 10000,
      state: states[Math.floor(rng() * states.length)],
      apr: rng() < 0.5 ? null : 0.2,
      paymentsLeft: rng() < 0.5 ? null : 1 + Math.floor(rng() * 60),
      segment: names[Math.floor(rng() * names.length)],
    });
  }
  const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  const lines = rows.map((r) => [r.balance, r.limit, r.pd ?? "", r.state, r.apr ?? "", r.paymentsLeft ?? "", quote(r.segment), "x"].join(","));
  return { rows, csv: ["balance,limit,pd,state,apr,paymentsLeft,segment,branch", ...lines].join("\r\n") + "\r\n" };
}

const code = (s: string) => (s === "C" ? 0 : s === "F" ? STATE_F : Number(s.slice(1)));

describe("loan tape", () => {
  it("reads a generated tape into columns equal to its rows, whole or in chunks of any size", () => {
    const { rows, csv } = generate(2000, "tape rows");
    const whole = readTape(csv, "t.csv");
    const reader = new TapeReader("t.csv");
    const rng = seedrandom("chunks");
    for (let i = 0; i < csv.length; ) {
      const step = 1 + Math.floor(rng() * 50);
      reader.push(csv.slice(i, i + step));
      i += step;
    }
    const chunked = reader.end();
    for (const read of [whole, chunked]) {
      if (!read.ok) throw new Error(read.error.lines.join("\n"));
      const t = read.value.tape;
      expect(t.rows).toBe(rows.length);
      expect(read.value.notes).toEqual(["t.csv:1: note: columns ignored: branch"]);
      rows.forEach((r, i) => {
        expect(t.balance[i]).toBe(r.balance);
        expect(t.limit[i]).toBe(r.limit);
        expect(t.pd[i]).toBe(r.pd ?? NaN);
        expect(t.apr[i]).toBe(r.apr ?? NaN);
        expect(t.state[i]).toBe(code(r.state));
        expect(t.paymentsLeft[i]).toBe(r.paymentsLeft ?? PAYMENTS_NOT_GIVEN);
        expect(t.segments[t.segment![i]]).toBe(r.segment);
      });
      expect(t.maxBucket).toBe(3);
      expect(Number.isNaN(t.score[0])).toBe(true);
    }
  });

  it("reads chunks from an async source, a byte-order mark and comment lines before the header skipped", async () => {
    async function* pieces() {
      yield "\ufeff# synthetic\nbal";
      yield "ance,state\n1,D2\n";
      yield "2,F\n";
    }
    const read = await readTapeChunks(pieces(), "t.csv");
    if (!read.ok) throw new Error(read.error.lines.join("\n"));
    expect(Array.from(read.value.tape.balance)).toEqual([1, 2]);
    expect(Array.from(read.value.tape.state)).toEqual([2, STATE_F]);
    const bad = await readTapeChunks(["# note\nbalance\n-1\n"], "t.csv");
    expect(bad.ok ? [] : bad.error.lines).toEqual(['t.csv:3:balance: "-1" is not a balance; allowed: a number from 0 to 1,000,000,000']);
  });

  it("the exposure of the columns is the sum over the rows", () => {
    const { rows, csv } = generate(500, "exposure");
    const read = readTape(csv, "t.csv");
    if (!read.ok) throw new Error("tape did not load");
    const sum = (xs: ArrayLike<number>) => Array.from(xs).reduce((s, x) => s + x, 0);
    expect(sum(read.value.tape.balance)).toBeCloseTo(sum(rows.map((r) => r.balance)), 6);
    expect(sum(read.value.tape.limit)).toBe(sum(rows.map((r) => r.limit)));
  });

  const header = "balance,limit,pd,score,state,apr,paymentsLeft,segment";
  const good = "100,200,0.02,600,C,0.2,12,cards";
  it.each([
    ["a negative balance", "-5,200,0.02,600,C,0.2,12,cards", "t.csv:3:balance: \"-5\" is not a balance; allowed: a number from 0 to 1,000,000,000"],
    ["a balance that is text", "lots,200,0.02,600,C,0.2,12,cards", "t.csv:3:balance: \"lots\" is not a balance; allowed: a number from 0 to 1,000,000,000"],
    ["a limit below the balance", "100,50,0.02,600,C,0.2,12,cards", 't.csv:3:limit: "50" is not a valid limit; allowed: a number ≥ the balance, at most 1,000,000,000'],
    ["a pd of 1", "100,200,1,600,C,0.2,12,cards", 't.csv:3:pd: "1" is not a valid pd; allowed: a probability between 0 and 1 (exclusive), or empty for the segment\'s'],
    ["a score out of range", "100,200,0.02,-1,C,0.2,12,cards", 't.csv:3:score: "-1" is not a valid score; allowed: a number from 0 to 10000, or empty'],
    ["an unknown state", "100,200,0.02,600,D13,0.2,12,cards", 't.csv:3:state: "D13" is not a state; allowed: C, D1 … D12, F'],
    ["an apr in percent", "100,200,0.02,600,C,19%,12,cards", 't.csv:3:apr: "19%" is not a valid apr; allowed: an annual rate from 0 to 10, or empty for the segment\'s'],
    ["a fraction of a payment", "100,200,0.02,600,C,0.2,1.5,cards", 't.csv:3:paymentsLeft: "1.5" is not a count of payments; allowed: a whole number from 1 to 600, or empty for the segment\'s term'],
    ["an empty segment", "100,200,0.02,600,C,0.2,12,", "t.csv:3:segment: is empty; allowed: the name of the account's segment"],
    ["a field too many", "100,200,0.02,600,C,0.2,12,cards,x", "t.csv:3:#9: the row has 9 fields, the header 8; allowed: one field per header column (quote a field that holds a comma)"],
    ["a field too few", "100,200,0.02,600,C,0.2,12", "t.csv:3:segment: the row has 7 fields, the header 8; allowed: one field per header column (quote a field that holds a comma)"],
    ["an unclosed quote", '100,200,0.02,600,C,0.2,12,"cards', "t.csv:3:-: a quoted field is never closed; allowed: a closing quote; a quote inside a field is written twice"],
  ])("%s gives its one error line", (_, row, line) => {
    const read = readTape([header, good, row, good].join("\n") + "\n", "t.csv");
    expect(read.ok ? [] : read.error.lines).toEqual([line]);
  });

  it("a header without balance, or with a name twice, is an error on row 1", () => {
    const a = readTape("limit,state\n1,C\n", "t.csv");
    expect(a.ok ? [] : a.error.lines).toEqual(["t.csv:1:balance: the required column is missing; allowed: a header with balance and any of limit, pd, score, state, apr, paymentsLeft, monthsOnBook, originationPd, originationScore, segment"]);
    const b = readTape("balance,pd,pd\n1,0.1,0.1\n", "t.csv");
    expect(b.ok ? [] : b.error.lines).toEqual(["t.csv:1:pd: the column is named twice; allowed: each column once"]);
  });

  it("reads months on book and the origination PD and score, empty fields as not given", () => {
    const read = readTape("balance,monthsOnBook,originationPd,originationScore\n1,0,0.02,640\n2,,,\n3,1200,0.5,0\n", "t.csv");
    if (!read.ok) throw new Error(read.error.lines.join("\n"));
    const t = read.value.tape;
    expect(Array.from(t.monthsOnBook)).toEqual([0, MONTHS_ON_BOOK_NOT_GIVEN, 1200]);
    expect(Array.from(t.originationPd)).toEqual([0.02, NaN, 0.5]);
    expect(Array.from(t.originationScore)).toEqual([640, NaN, 0]);
    const none = readTape("balance\n1\n", "t.csv");
    if (!none.ok) throw new Error("tape did not load");
    expect(Array.from(none.value.tape.monthsOnBook)).toEqual([MONTHS_ON_BOOK_NOT_GIVEN]);
  });

  it.each([
    ["monthsOnBook", "-1", 't.csv:2:monthsOnBook: "-1" is not a count of months; allowed: a whole number from 0 to 1200, or empty for the segment\'s seasoning.monthsOnBook'],
    ["monthsOnBook", "2.5", 't.csv:2:monthsOnBook: "2.5" is not a count of months; allowed: a whole number from 0 to 1200, or empty for the segment\'s seasoning.monthsOnBook'],
    ["originationPd", "0", 't.csv:2:originationPd: "0" is not a valid originationPd; allowed: a probability between 0 and 1 (exclusive), or empty'],
    ["originationScore", "x", 't.csv:2:originationScore: "x" is not a valid originationScore; allowed: a number from 0 to 10000, or empty'],
  ])("a bad %s (%s) is one error line", (column, value, line) => {
    const read = readTape(`balance,${column}\n1,${value}\n`, "t.csv");
    expect(read.ok ? [] : read.error.lines).toEqual([line]);
  });

  it("a revolving book needs every limit", () => {
    const read = readTape("balance,limit\n1,2\n3,\n", "t.csv", { requireLimit: true });
    expect(read.ok ? [] : read.error.lines).toEqual(["t.csv:3:limit: is empty; allowed: a number ≥ the balance, at most 1,000,000,000"]);
  });

  it("stops listing at 100 lines and counts the rest", () => {
    const rows = Array.from({ length: 250 }, () => "-1");
    const read = readTape(["balance", ...rows].join("\n"), "t.csv");
    if (read.ok) throw new Error("bad rows passed");
    expect(read.error.count).toBe(250);
    expect(read.error.lines).toHaveLength(101);
    expect(read.error.lines[100]).toBe("t.csv: … and 150 more errors");
    expect(read.error.lines[99]).toMatch(/^t\.csv:101:balance:/);
  });

  it("blank lines hold no account but keep the row numbers a spreadsheet shows", () => {
    const read = readTape("balance\n1\n\n-2\n", "t.csv");
    expect(read.ok ? [] : read.error.lines).toEqual(['t.csv:4:balance: "-2" is not a balance; allowed: a number from 0 to 1,000,000,000']);
  });
});
