/**
 * Fuzzing the CSV readers (tape and performance file) with fast-check: damaged headers,
 * rows and bytes, pushed in chunks cut anywhere. Whatever comes in, a reader answers with
 * rows or with error lines of the contract (INTERFACE.md: `FILE:ROW:COLUMN: what; allowed:
 * …`, at most 100, then a count line), every line printable and short, and keeps no more
 * than a fixed multiple of the text it was given.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PerformanceReader, PERFORMANCE_COLUMNS, type Performance } from "../../src/data/performance.ts";
import { TapeReader, type Tape } from "../../src/data/tape.ts";
import { fitPerformance } from "../../src/fit/fitPerformance.ts";

const FILE = "fuzz.csv";
/** A line of the contract: the row (or `-`), a column of at most 40 shown characters, what, and what is allowed. */
const ERROR_LINE = /^fuzz\.csv:(\d+|-):[^\n]{1,80}?: [^\n]+$/;
const COUNT_LINE = /^fuzz\.csv: … and \d+ more errors?$/;
/** C0 and C1 control characters, DEL, and the bidirectional overrides: none may reach a terminal. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const TAPE_HEADER = ["segment", "balance", "limit", "state", "pd", "score", "apr", "months", "paid", "term"];

/** Field text: numbers of every kind, states, names in several scripts, control and format characters, quotes and separators. */
const field = fc.oneof(
  fc.constantFrom("", "0", "1", "-1", "1e400", "1e308", "NaN", "Infinity", "0x10", "1,5", " 12 ", "C", "D1", "D13", "F", "P", "2024-13", "2024-01", "999999999", "cards", "loans", "Kredytówki", "2023 cohort", "a/b", '"', '""', "\u001b]52;c;aGk=\u0007", "\u202e", "x".repeat(200)),
  fc.double().map(String),
  fc.integer().map(String),
  fc.string({ unit: "binary", maxLength: 12 }),
);
/** A header of known names, unknown ones, duplicates and damage. */
const header = (known: readonly string[]) => fc.array(fc.oneof(fc.constantFrom(...known), field), { minLength: 0, maxLength: 10 });
/** A CSV text: a header, rows of fields, separators that are sometimes wrong. */
const csv = (known: readonly string[]) =>
  fc
    .tuple(header(known), fc.array(fc.array(field, { maxLength: 11 }), { maxLength: 40 }), fc.constantFrom("\n", "\r\n", "\r"))
    .map(([h, rows, eol]) => [h, ...rows].map((r) => r.map((f) => (/[",\n\r]/.test(f) && f.length % 3 === 0 ? `"${f.replace(/"/g, '""')}"` : f)).join(",")).join(eol));
/** The same text, or any bytes, cut into chunks anywhere. */
const chunked = (text: fc.Arbitrary<string>) =>
  fc.tuple(fc.oneof(text, fc.uint8Array({ maxLength: 400 }).map((b) => new TextDecoder().decode(b))), fc.array(fc.nat(), { maxLength: 6 })).map(([t, cuts]) => {
    const at = [...new Set(cuts.map((c) => c % (t.length + 1)))].sort((a, b) => a - b);
    return [0, ...at].map((c, i) => t.slice(c, i < at.length ? at[i] : t.length));
  });

function expectContract(lines: string[], count: number): void {
  expect(lines.length).toBeGreaterThan(0);
  expect(lines.length).toBeLessThanOrEqual(101);
  expect(count).toBeGreaterThanOrEqual(lines.length - 1);
  lines.forEach((line, i) => {
    expect(line).not.toMatch(UNSAFE);
    expect(line.length).toBeLessThan(400);
    if (i === 100) expect(line).toMatch(COUNT_LINE);
    else expect(line).toMatch(ERROR_LINE);
  });
}

/** Bytes held by a read's typed columns. */
const heldBytes = (columns: object): number => Object.values(columns).reduce((s: number, v) => s + (ArrayBuffer.isView(v) ? v.byteLength : 0), 0);

describe("fuzzed CSV readers", () => {
  it("a tape: rows or contract lines, printable, and columns no larger than the text allows", () => {
    fc.assert(
      fc.property(chunked(csv(TAPE_HEADER)), fc.boolean(), (chunks, requireLimit) => {
        const reader = new TapeReader(FILE, { requireLimit });
        for (const c of chunks) reader.push(c);
        const read = reader.end();
        const length = chunks.reduce((s, c) => s + c.length, 0);
        if (!read.ok) return expectContract(read.error.lines, read.error.count);
        const tape: Tape = read.value.tape;
        for (const note of read.value.notes) expect(note).not.toMatch(UNSAFE);
        // Each row came from at least two characters of text (a field and a line end).
        expect(tape.rows).toBeLessThanOrEqual(length / 2 + 1);
        expect(heldBytes(tape)).toBeLessThanOrEqual(64 * (tape.rows + 1));
        for (let i = 0; i < tape.rows; i++) expect(Number.isFinite(tape.balance[i]) && tape.balance[i] >= 0 && tape.balance[i] <= 1e9).toBe(true);
      }),
      { numRuns: 1500 },
    );
  });

  it("a performance file: rows or contract lines, and a fit of what it reads over at most 1,201 months", () => {
    fc.assert(
      fc.property(chunked(csv(PERFORMANCE_COLUMNS)), (chunks) => {
        const reader = new PerformanceReader(FILE);
        for (const c of chunks) reader.push(c);
        const read = reader.end();
        const length = chunks.reduce((s, c) => s + c.length, 0);
        if (!read.ok) return expectContract(read.error.lines, read.error.count);
        const p: Performance = read.value.performance;
        for (const note of read.value.notes) expect(note).not.toMatch(UNSAFE);
        expect(p.rows).toBeLessThanOrEqual(length / 2 + 1);
        expect(heldBytes(p)).toBeLessThanOrEqual(64 * (p.rows + 1));
        // What it reads, it can fit, in memory that grows with the months it spans.
        const fit = fitPerformance(p);
        for (const s of fit.segments) expect(s.counts.months).toBeLessThanOrEqual(1201);
      }),
      { numRuns: 1500 },
    );
  });

  it("reads rows that are meant to be good: the generator reaches past the errors", () => {
    // Without this, a generator that only ever made errors would pass the properties above.
    let good = 0;
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom("a", "b", "c"), fc.integer({ min: 1, max: 30 }), fc.constantFrom("C", "D1", "F", "P")), { minLength: 1, maxLength: 30 }), (rows) => {
        const seen = new Set<string>();
        const text = ["account,month,state,balance", ...rows.filter(([a, m]) => !seen.has(`${a}${m}`) && seen.add(`${a}${m}`)).map(([a, m, s]) => `${a},${m},${s},100`)].join("\n");
        const reader = new PerformanceReader(FILE);
        reader.push(text);
        if (reader.end().ok) good++;
      }),
      { numRuns: 200 },
    );
    expect(good).toBe(200);
  });
});
