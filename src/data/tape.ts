/**
 * Loan tapes (INTERFACE.md "Loan tape"): a CSV with one row an account, read straight into
 * typed columns, the shape the engine's book keeps its accounts in (STYLE.md "typed
 * columns"). No row object and none of the text outlives the read: records are parsed
 * chunk by chunk (see `csvRows.ts`) and each field goes into its column at once.
 *
 * The columns of a `Tape` (n = `rows`, one entry an account, in file order):
 * - `balance`  Float64Array: drawn balance or outstanding principal, ≥ 0 (money).
 * - `limit`    Float64Array: credit limit ≥ balance; NaN where not given.
 * - `pd`       Float64Array: the account's annual PD of default in (0, 1); NaN = the segment's.
 * - `score`    Float64Array: the account's score (points); NaN = not given.
 * - `apr`      Float64Array: annual rate in [0, 10]; NaN = the segment's.
 * - `state`    Uint8Array: 0 = C, k = Dk (1 … 12), `STATE_F` (255) = F. Absent column: C.
 * - `paymentsLeft` Uint16Array: scheduled monthly payments left, 1 … 600;
 *              `PAYMENTS_NOT_GIVEN` (0) = the segment's term.
 * - `monthsOnBook` Uint16Array: whole months since origination, 0 … 1200;
 *              `MONTHS_ON_BOOK_NOT_GIVEN` (0xffff) = not given (the segment's seasoning
 *              `monthsOnBook`, by default a seasoned account).
 * - `originationPd` Float64Array: the account's annual PD at origination in (0, 1); NaN = not given.
 * - `originationScore` Float64Array: its score at origination (points, turned into a PD by
 *              the segment's scorecard); NaN = not given.
 * - `segment`  Uint16Array of indexes into `segments` (names in order of first appearance),
 *              or null when the file has no `segment` column.
 * The deepest bucket Dk used is `maxBucket`; the engine checks it against the ladder.
 *
 * Pure: text goes in (whole, or pushed in chunks), columns or error lines come out; reading
 * files is the caller's (`src/cli/readTapes.ts`, or `readTapeFile.ts` for a browser `File`).
 */
import { grownColumns } from "./columns.ts";
import { CsvProblems, mapHeader, parseNumber, shown } from "./csvProblems.ts";
import { CsvRecords, isBlank, isComment } from "./csvRows.ts";
import { SegmentNames } from "./segmentNames.ts";
import { err, ok, type Result } from "../util/result.ts";

export const STATE_F = 255;
export const PAYMENTS_NOT_GIVEN = 0;
/** Deepest delinquency bucket a tape may name (the ladder's longest, 12 roll rates). */
export const MAX_BUCKET = 12;
export const MAX_PAYMENTS = 600;
export const MONTHS_ON_BOOK_NOT_GIVEN = 0xffff;
/** Oldest account a tape may describe: a hundred years on book. */
export const MAX_MONTHS_ON_BOOK = 1200;

/**
 * Largest balance or limit of one account, as the scenario's amounts are bounded
 * (schema.ts): `1e308` parses as a number, but a book's sums of such numbers overflow to
 * Infinity and its rates to NaN.
 */
const MAX_AMOUNT = 1e9;
const AMOUNT_TEXT = "1,000,000,000";

export const TAPE_COLUMNS = ["balance", "limit", "pd", "score", "state", "apr", "paymentsLeft", "monthsOnBook", "originationPd", "originationScore", "segment"] as const;
type Column = (typeof TAPE_COLUMNS)[number];

export interface Tape {
  rows: number;
  balance: Float64Array;
  limit: Float64Array;
  pd: Float64Array;
  score: Float64Array;
  apr: Float64Array;
  state: Uint8Array;
  paymentsLeft: Uint16Array;
  monthsOnBook: Uint16Array;
  originationPd: Float64Array;
  originationScore: Float64Array;
  segment: Uint16Array | null;
  segments: string[];
  maxBucket: number;
  /** Columns that were read (given in the header). */
  columns: Column[];
}

export interface TapeOptions {
  /** Every row needs a `limit` (a revolving book). Default false. */
  requireLimit?: boolean;
}

export interface TapeFailure {
  /** One line each, at most 100, then a count line. */
  lines: string[];
  count: number;
}

export interface TapeRead {
  tape: Tape;
  /** Notes, one line each (columns ignored). */
  notes: string[];
}

const STATES = "C, D1 … D12, F";

/** Reads a tape pushed in chunks: `push(text)` as it arrives, then `end()`. */
export class TapeReader {
  readonly #file: string;
  readonly #options: TapeOptions;
  readonly #problems: CsvProblems;
  readonly #records: CsvRecords;
  #where: Partial<Record<Column, number>> = {};
  #fields = 0;
  #header: string[] = [];
  #notes: string[] = [];
  #n = 0;
  #cap = 0;
  #cols = emptyColumns(0);
  #segments: SegmentNames;
  #maxBucket = 0;
  #headerSeen = false;
  #headerBroken = false;

  constructor(file: string, options: TapeOptions = {}) {
    this.#file = file;
    this.#options = options;
    this.#problems = new CsvProblems(file);
    this.#segments = new SegmentNames(this.#problems, 0x10000, "at most 65536 segment names");
    this.#records = new CsvRecords((fields, row) => this.#record(fields, row));
    this.#grow(1024);
  }

  push(chunk: string): void {
    this.#records.push(chunk);
  }

  end(): Result<TapeRead, TapeFailure> {
    this.#records.end();
    const p = this.#problems;
    const quote = this.#records.unclosedQuoteRow;
    if (quote > 0) p.add(quote, "-", "a quoted field is never closed", "a closing quote; a quote inside a field is written twice");
    if (!this.#headerSeen) p.add(1, "-", "the file is empty", "a header row naming the columns, then one row an account");
    if (p.count > 0) return err({ lines: p.report(), count: p.count });
    const n = this.#n;
    const c = this.#cols;
    const segments = this.#segments.names;
    const tape: Tape = {
      rows: n,
      balance: c.balance.slice(0, n),
      limit: c.limit.slice(0, n),
      pd: c.pd.slice(0, n),
      score: c.score.slice(0, n),
      apr: c.apr.slice(0, n),
      state: c.state.slice(0, n),
      paymentsLeft: c.paymentsLeft.slice(0, n),
      monthsOnBook: c.monthsOnBook.slice(0, n),
      originationPd: c.originationPd.slice(0, n),
      originationScore: c.originationScore.slice(0, n),
      segment: this.#where.segment === undefined ? null : c.segment.slice(0, n),
      segments,
      maxBucket: this.#maxBucket,
      columns: TAPE_COLUMNS.filter((k) => this.#where[k] !== undefined),
    };
    this.#cols = emptyColumns(0);
    return ok({ tape, notes: this.#notes });
  }

  #record(fields: string[], row: number): void {
    if (!this.#headerSeen) {
      if (isComment(fields)) return;
      this.#headerSeen = true;
      this.#readHeader(fields);
      return;
    }
    if (this.#headerBroken || isBlank(fields)) return;
    const p = this.#problems;
    if (fields.length !== this.#fields) {
      const column = fields.length > this.#fields ? `#${this.#fields + 1}` : this.#header[fields.length] ?? `#${fields.length + 1}`;
      p.add(row, column, `the row has ${fields.length} fields, the header ${this.#fields}`, "one field per header column (quote a field that holds a comma)");
      return;
    }
    if (this.#n === this.#cap) this.#grow(this.#cap * 2);
    const i = this.#n++;
    const w = this.#where;
    const c = this.#cols;
    const before = p.count;
    const balance = parseNumber(fields[w.balance!]);
    const known = balance >= 0 && balance <= MAX_AMOUNT;
    if (!known) p.add(row, "balance", `${shown(fields[w.balance!])} is not a balance`, `a number from 0 to ${AMOUNT_TEXT}`);
    c.balance[i] = balance;
    // A limit is held against a balance only when the balance is one.
    c.limit[i] = w.limit === undefined ? NaN : this.#optional(fields[w.limit], row, "limit", (v) => v >= 0 && v <= MAX_AMOUNT && !(known && v < balance), this.#options.requireLimit === true, `a number ≥ the balance, at most ${AMOUNT_TEXT}`);
    c.pd[i] = w.pd === undefined ? NaN : this.#optional(fields[w.pd], row, "pd", (v) => v > 0 && v < 1, false, "a probability between 0 and 1 (exclusive), or empty for the segment's");
    c.score[i] = w.score === undefined ? NaN : this.#optional(fields[w.score], row, "score", (v) => v >= 0 && v <= 10_000, false, "a number from 0 to 10000, or empty");
    c.apr[i] = w.apr === undefined ? NaN : this.#optional(fields[w.apr], row, "apr", (v) => v >= 0 && v <= 10, false, "an annual rate from 0 to 10, or empty for the segment's");
    c.state[i] = w.state === undefined ? 0 : this.#state(fields[w.state], row);
    c.paymentsLeft[i] = w.paymentsLeft === undefined ? PAYMENTS_NOT_GIVEN : this.#payments(fields[w.paymentsLeft], row);
    c.monthsOnBook[i] = w.monthsOnBook === undefined ? MONTHS_ON_BOOK_NOT_GIVEN : this.#monthsOnBook(fields[w.monthsOnBook], row);
    c.originationPd[i] = w.originationPd === undefined ? NaN : this.#optional(fields[w.originationPd], row, "originationPd", (v) => v > 0 && v < 1, false, "a probability between 0 and 1 (exclusive), or empty");
    c.originationScore[i] = w.originationScore === undefined ? NaN : this.#optional(fields[w.originationScore], row, "originationScore", (v) => v >= 0 && v <= 10_000, false, "a number from 0 to 10000, or empty");
    if (w.segment !== undefined) c.segment[i] = this.#segments.of(fields[w.segment], row);
    if (p.count > before) this.#n--;
  }

  #readHeader(fields: string[]): void {
    const { index, unknown, duplicated } = mapHeader(fields, TAPE_COLUMNS);
    const p = this.#problems;
    for (const name of duplicated) p.add(1, name, "the column is named twice", "each column once");
    if (!index.has("balance")) p.add(1, "balance", "the required column is missing", `a header with balance and any of ${TAPE_COLUMNS.slice(1).join(", ")}`);
    if (this.#options.requireLimit && !index.has("limit")) p.add(1, "limit", "a revolving book needs the column", "a limit for every account");
    this.#headerBroken = p.count > 0;
    for (const [name, i] of index) this.#where[name as Column] = i;
    this.#fields = fields.length;
    this.#header = fields.map((f, i) => f.trim() || `#${i + 1}`);
    if (unknown.length > 0) this.#notes.push(`${this.#file}:1: note: columns ignored: ${unknown.join(", ")}`);
  }

  #optional(text: string, row: number, column: Column, valid: (v: number) => boolean, required: boolean, allowed: string): number {
    if (text.trim() === "") {
      if (required) this.#problems.add(row, column, "is empty", allowed);
      return NaN;
    }
    const v = parseNumber(text);
    if (!valid(v)) this.#problems.add(row, column, `${shown(text)} is not a valid ${column}`, allowed);
    return v;
  }

  #state(text: string, row: number): number {
    const t = text.trim();
    if (t === "" || t === "C") return 0;
    if (t === "F") return STATE_F;
    const k = /^D([1-9]\d?)$/.exec(t);
    if (k && Number(k[1]) <= MAX_BUCKET) {
      const bucket = Number(k[1]);
      if (bucket > this.#maxBucket) this.#maxBucket = bucket;
      return bucket;
    }
    this.#problems.add(row, "state", `${shown(text)} is not a state`, STATES);
    return 0;
  }

  #payments(text: string, row: number): number {
    if (text.trim() === "") return PAYMENTS_NOT_GIVEN;
    const v = parseNumber(text);
    if (Number.isInteger(v) && v >= 1 && v <= MAX_PAYMENTS) return v;
    this.#problems.add(row, "paymentsLeft", `${shown(text)} is not a count of payments`, `a whole number from 1 to ${MAX_PAYMENTS}, or empty for the segment's term`);
    return PAYMENTS_NOT_GIVEN;
  }

  #monthsOnBook(text: string, row: number): number {
    if (text.trim() === "") return MONTHS_ON_BOOK_NOT_GIVEN;
    const v = parseNumber(text);
    if (Number.isInteger(v) && v >= 0 && v <= MAX_MONTHS_ON_BOOK) return v;
    this.#problems.add(row, "monthsOnBook", `${shown(text)} is not a count of months`, `a whole number from 0 to ${MAX_MONTHS_ON_BOOK}, or empty for the segment's seasoning.monthsOnBook`);
    return MONTHS_ON_BOOK_NOT_GIVEN;
  }

  #grow(cap: number): void {
    this.#cols = grownColumns(this.#cols, emptyColumns, cap);
    this.#cap = cap;
  }
}

function emptyColumns(cap: number) {
  return {
    balance: new Float64Array(cap),
    limit: new Float64Array(cap),
    pd: new Float64Array(cap),
    score: new Float64Array(cap),
    apr: new Float64Array(cap),
    state: new Uint8Array(cap),
    paymentsLeft: new Uint16Array(cap),
    monthsOnBook: new Uint16Array(cap),
    originationPd: new Float64Array(cap),
    originationScore: new Float64Array(cap),
    segment: new Uint16Array(cap),
  };
}

/** Reads a whole tape given as text. */
export function readTape(text: string, file: string, options: TapeOptions = {}): Result<TapeRead, TapeFailure> {
  const reader = new TapeReader(file, options);
  reader.push(text);
  return reader.end();
}

/** Reads a tape whose text arrives in chunks (a browser `File`'s stream through a `TextDecoderStream`, say). */
export async function readTapeChunks(chunks: AsyncIterable<string> | Iterable<string>, file: string, options: TapeOptions = {}): Promise<Result<TapeRead, TapeFailure>> {
  const reader = new TapeReader(file, options);
  let first = true;
  for await (const chunk of chunks) {
    // A byte-order mark is not part of the header's first name.
    reader.push(first && chunk.charCodeAt(0) === 0xfeff ? chunk.slice(1) : chunk);
    first = false;
  }
  return reader.end();
}
