/**
 * Performance files (INTERFACE.md "Performance file"): one row an account-month, the input
 * of `creditlab fit`. Read chunk by chunk, like a tape, into typed columns:
 * - `account`  Uint32Array: index into `accountIds` (the ids in order of first appearance).
 * - `month`    Int32Array: a month number, `YYYY-MM` as year·12 + month − 1, or the integer
 *              given; `monthLabel` writes it back.
 * - `state`    Uint8Array: 0 = C, k = Dk, `STATE_F` = F, `STATE_P` = P. From `state`, or,
 *              where that is absent or empty, from `dpd`: 0 → C, 1–30 → D1, 31–60 → D2,
 *              61–90 → D3, more than 90 → F (the 90-days-past-due default of Basel II ¶452
 *              and CRR Art. 178); a `dpd` file has three buckets.
 * - `balance`  Float64Array, ≥ 0; `limit`, `ead`, `loss` Float64Array, NaN where not given.
 * - `segment`  Uint16Array into `segments`; one segment named "book" when there is no column.
 * - `monthsOnBook` Int32Array: whole months since origination, from a `monthsOnBook` column or
 *              as `month` − `originated` (the origination month, written as `month` is);
 *              −1 where not given. `creditlab fit` estimates a seasoning curve from it.
 * Each account belongs to one segment, and has at most one row a month.
 *
 * Bounds (docs/contracts/INTERFACE.md "Performance file"), each refused at the row that
 * passes it: at most `MAX_PERFORMANCE_ROWS` rows, `MAX_PERFORMANCE_ACCOUNTS` accounts, and
 * months at most `MAX_MONTH_SPAN` apart. No `Set` or `Map` grows with the rows: an
 * account-month seen twice is found after reading, by sorting the row numbers by account
 * (the one `Map` holds account ids, and is capped below its engine limit of 2^24 keys).
 */
import { grownColumns } from "./columns.ts";
import { CsvProblems, mapHeader, parseNumber, shown } from "./csvProblems.ts";
import { CsvRecords, isBlank, isComment } from "./csvRows.ts";
import { SegmentNames } from "./segmentNames.ts";
import { MAX_BUCKET, STATE_F } from "./tape.ts";
import { err, ok, type Result } from "../util/result.ts";
import { NAME_ALLOWED, NAME_MAX, NAME_PATTERN } from "../scenario/schema.ts";

export { STATE_F };
export const STATE_P = 254;
/** Buckets a `dpd` column gives: 1–30, 31–60, 61–90 days; more than 90 is a default. */
export const DPD_BUCKETS = 3;

export const PERFORMANCE_COLUMNS = ["account", "month", "state", "dpd", "balance", "segment", "limit", "ead", "loss", "monthsOnBook", "originated"] as const;
type Column = (typeof PERFORMANCE_COLUMNS)[number];

export interface Performance {
  rows: number;
  account: Uint32Array;
  month: Int32Array;
  state: Uint8Array;
  balance: Float64Array;
  limit: Float64Array;
  ead: Float64Array;
  loss: Float64Array;
  segment: Uint16Array;
  monthsOnBook: Int32Array;
  accountIds: string[];
  segments: string[];
  /** The file row where each segment first appears. */
  segmentRows: number[];
  monthFormat: "yyyy-mm" | "integer";
  /** Deepest bucket named (3 when states come from `dpd` alone). */
  maxBucket: number;
  columns: Column[];
}

export interface PerformanceFailure {
  lines: string[];
  count: number;
}

/** Most rows a file may have: 2^26, a million accounts over more than five years. */
export const MAX_PERFORMANCE_ROWS = 67_108_864;
/** Most accounts a file may have: 2^24 − 1, below the largest `Map` the JavaScript engine builds. */
export const MAX_PERFORMANCE_ACCOUNTS = 16_777_215;
/** Most months between a file's first and last month: a hundred years. */
export const MAX_MONTH_SPAN = 1200;

const YEAR_MONTH = /^\s*(\d{4})-(\d{2})\s*$/;
const INTEGER = /^\s*[+-]?\d{1,9}\s*$/;

/** A month number as the file wrote it. */
export function monthLabel(month: number, format: Performance["monthFormat"]): string {
  if (format === "integer") return String(month);
  const year = Math.floor(month / 12);
  return `${year}-${String(month - year * 12 + 1).padStart(2, "0")}`;
}

/** A reader's bounds: the documented maxima, smaller in tests that reach them. */
export interface PerformanceBounds {
  rows: number;
  accounts: number;
}

const BOUNDS: PerformanceBounds = { rows: MAX_PERFORMANCE_ROWS, accounts: MAX_PERFORMANCE_ACCOUNTS };

/** Reads a performance file pushed in chunks: `push(text)` as it arrives, then `end()`. */
export class PerformanceReader {
  readonly #file: string;
  readonly #bounds: PerformanceBounds;
  readonly #problems: CsvProblems;
  readonly #records: CsvRecords;
  #where: Partial<Record<Column, number>> = {};
  #fields = 0;
  #header: string[] = [];
  #notes: string[] = [];
  #headerSeen = false;
  #headerBroken = false;
  #n = 0;
  #cap = 0;
  #cols = columns(0);
  #accounts = new Map<string, number>();
  #accountSegment: number[] = [];
  #segments: SegmentNames;
  #monthFormat: Performance["monthFormat"] | null = null;
  #maxBucket = 0;
  /** The file row of each stored row, for a message found after reading. */
  #fileRow = new Uint32Array(0);
  #firstMonth = Infinity;
  #lastMonth = -Infinity;
  /** The first row of each segment, for messages about a segment. */
  #segmentRows: number[] = [];

  constructor(file: string, bounds: PerformanceBounds = BOUNDS) {
    this.#file = file;
    this.#bounds = bounds;
    this.#problems = new CsvProblems(file);
    this.#segments = new SegmentNames(this.#problems, 64, "at most 64 segments, as in a scenario");
    this.#records = new CsvRecords((fields, row) => this.#record(fields, row));
    this.#grow(4096);
  }

  push(chunk: string): void {
    this.#records.push(chunk);
  }

  end(): Result<{ performance: Performance; notes: string[] }, PerformanceFailure> {
    this.#records.end();
    const p = this.#problems;
    const quote = this.#records.unclosedQuoteRow;
    if (quote > 0) p.add(quote, "-", "a quoted field is never closed", "a closing quote; a quote inside a field is written twice");
    if (!this.#headerSeen) p.add(1, "-", "the file is empty", "a header row naming the columns, then one row an account-month");
    else if (!this.#headerBroken && this.#n === 0 && p.count === 0) p.add(2, "-", "the file has no rows", "one row an account-month");
    if (p.count === 0) this.#findRepeatedMonths();
    if (p.count > 0) return err({ lines: p.report(), count: p.count });
    const n = this.#n;
    const c = this.#cols;
    const performance: Performance = {
      rows: n,
      account: c.account.slice(0, n),
      month: c.month.slice(0, n),
      state: c.state.slice(0, n),
      balance: c.balance.slice(0, n),
      limit: c.limit.slice(0, n),
      ead: c.ead.slice(0, n),
      loss: c.loss.slice(0, n),
      segment: c.segment.slice(0, n),
      monthsOnBook: c.monthsOnBook.slice(0, n),
      accountIds: [...this.#accounts.keys()],
      segments: this.#segments.names.length > 0 ? this.#segments.names : ["book"],
      segmentRows: this.#segmentRows.length > 0 ? this.#segmentRows : [this.#fileRow[0]],
      monthFormat: this.#monthFormat ?? "integer",
      maxBucket: this.#where.state === undefined ? DPD_BUCKETS : this.#maxBucket,
      columns: PERFORMANCE_COLUMNS.filter((k) => this.#where[k] !== undefined),
    };
    this.#cols = columns(0);
    this.#fileRow = new Uint32Array(0);
    return ok({ performance, notes: this.#notes });
  }

  #readHeader(fields: string[]): void {
    const { index, unknown, duplicated } = mapHeader(fields, PERFORMANCE_COLUMNS);
    const p = this.#problems;
    for (const name of duplicated) p.add(1, name, "the column is named twice", "each column once");
    for (const name of ["account", "month", "balance"] as const) {
      if (!index.has(name)) p.add(1, name, "the required column is missing", "account, month, state or dpd, balance; optional segment, limit, ead, loss, monthsOnBook or originated");
    }
    if (!index.has("state") && !index.has("dpd")) p.add(1, "state", "the file needs a state or a dpd column", "state (C, D1 … D12, F, P) or dpd (days past due)");
    if (index.has("monthsOnBook") && index.has("originated")) p.add(1, "originated", "the file gives both monthsOnBook and originated", "one of monthsOnBook (whole months since origination) or originated (the origination month)");
    this.#headerBroken = p.count > 0;
    for (const [name, i] of index) this.#where[name as Column] = i;
    this.#fields = fields.length;
    this.#header = fields.map((f, i) => f.trim() || `#${i + 1}`);
    if (unknown.length > 0) this.#notes.push(`${this.#file}:1: note: columns ignored: ${unknown.join(", ")}`);
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
      const column = fields.length > this.#fields ? `#${this.#fields + 1}` : this.#header[fields.length];
      p.add(row, column, `the row has ${fields.length} fields, the header ${this.#fields}`, "one field per header column (quote a field that holds a comma)");
      return;
    }
    const before = p.count;
    const { rows: maxRows, accounts: maxAccounts } = this.#bounds;
    if (this.#n === maxRows) {
      p.add(row, "-", `the file has more than ${maxRows.toLocaleString("en-US")} rows`, `at most ${maxRows.toLocaleString("en-US")} account-months; fit a sample of accounts`);
      this.#headerBroken = true;
      return;
    }
    if (this.#n === this.#cap) this.#grow(Math.min(this.#cap * 2, maxRows));
    const i = this.#n;
    const w = this.#where;
    const c = this.#cols;
    const month = this.#month(fields[w.month!], row);
    const state = this.#state(w.state === undefined ? "" : fields[w.state], w.dpd === undefined ? "" : fields[w.dpd], row);
    const balance = parseNumber(fields[w.balance!]);
    if (!(balance >= 0)) p.add(row, "balance", `${shown(fields[w.balance!])} is not a balance`, "a number ≥ 0");
    c.balance[i] = balance;
    c.limit[i] = this.#optional(w.limit, fields, row, "limit", "a number ≥ 0, or empty");
    c.ead[i] = this.#optional(w.ead, fields, row, "ead", "a number ≥ 0 (exposure at default, on the default row), or empty");
    c.loss[i] = this.#optional(w.loss, fields, row, "loss", "a number ≥ 0 (loss on the default, on its row), or empty");
    c.month[i] = month;
    c.state[i] = state;
    c.monthsOnBook[i] = w.monthsOnBook !== undefined ? this.#monthsOnBook(fields[w.monthsOnBook], row) : w.originated !== undefined ? this.#originated(fields[w.originated], month, row) : -1;
    const segment = w.segment === undefined ? 0 : this.#segment(fields[w.segment], row);
    const id = fields[w.account!].trim();
    if (id === "") p.add(row, "account", "is empty", "an account id");
    let a = this.#accounts.get(id);
    if (a === undefined && id !== "") {
      if (this.#accounts.size === maxAccounts) {
        p.add(row, "account", `${shown(id)} is one account too many`, `at most ${maxAccounts.toLocaleString("en-US")} accounts; fit a sample of accounts`);
        this.#headerBroken = true;
        return;
      }
      a = this.#accounts.size;
      this.#accounts.set(id, a);
      this.#accountSegment.push(segment);
    }
    if (a !== undefined) {
      c.account[i] = a;
      c.segment[i] = segment;
      if (this.#accountSegment[a] !== segment) p.add(row, "segment", `account ${shown(id)} was in another segment on an earlier row`, "one segment an account");
    }
    if (p.count === before && !this.#withinSpan(month, row)) return;
    if (p.count === before) {
      this.#fileRow[i] = row;
      this.#n++;
    }
  }

  /** The segment's index; a name a scenario could not hold is refused here, at its row. */
  #segment(text: string, row: number): number {
    const name = text.trim();
    if (name !== "" && (name.length > NAME_MAX || !NAME_PATTERN.test(name))) {
      this.#problems.add(row, "segment", `${shown(text)} cannot name a segment`, NAME_ALLOWED);
      return 0;
    }
    const k = this.#segments.of(text, row);
    if (k === this.#segmentRows.length && name !== "") this.#segmentRows.push(row);
    return k;
  }

  /** Whether `month` keeps the file's months within `MAX_MONTH_SPAN`; else a problem of its row. */
  #withinSpan(month: number, row: number): boolean {
    const first = Math.min(this.#firstMonth, month);
    const last = Math.max(this.#lastMonth, month);
    if (last - first > MAX_MONTH_SPAN) {
      const label = (m: number) => monthLabel(m, this.#monthFormat ?? "integer");
      const far = month < this.#firstMonth ? this.#lastMonth : this.#firstMonth;
      this.#problems.add(row, "month", `${label(month)} is more than ${MAX_MONTH_SPAN} months from the file's ${label(far)}`, `months at most ${MAX_MONTH_SPAN} apart (a hundred years) in one file`);
      return false;
    }
    this.#firstMonth = first;
    this.#lastMonth = last;
    return true;
  }

  /**
   * An account-month given twice, found after reading: the stored rows' indices placed by
   * account (a counting sort: linear, and typed, however many rows), then each account's
   * months compared. The later row is the one refused, as a reader going down the file
   * would have.
   */
  #findRepeatedMonths(): void {
    const n = this.#n;
    const { account, month } = this.#cols;
    const accounts = this.#accounts.size;
    const start = new Uint32Array(accounts + 1);
    for (let i = 0; i < n; i++) start[account[i] + 1]++;
    for (let a = 0; a < accounts; a++) start[a + 1] += start[a];
    const next = start.slice(0, accounts);
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[next[account[i]]++] = i;
    let ids: string[] | null = null;
    for (let a = 0; a < accounts; a++) {
      const rows = order.subarray(start[a], start[a + 1]);
      // Rows of an account in file order; its months sorted, the first repeat of each found.
      rows.sort((x, y) => month[x] - month[y] || x - y);
      for (let k = 1; k < rows.length; k++) {
        if (month[rows[k]] !== month[rows[k - 1]]) continue;
        ids ??= [...this.#accounts.keys()];
        this.#problems.add(this.#fileRow[rows[k]], "month", `account ${shown(ids[a])} has a row for this month already`, "one row an account-month");
      }
    }
  }

  #month(text: string, row: number): number {
    const ym = YEAR_MONTH.exec(text);
    const format = ym ? "yyyy-mm" : INTEGER.test(text) ? "integer" : null;
    const allowed = "YYYY-MM or a whole number, the same form on every row";
    if (format === null || (ym && (Number(ym[2]) < 1 || Number(ym[2]) > 12))) {
      this.#problems.add(row, "month", `${shown(text)} is not a month`, allowed);
      return 0;
    }
    this.#monthFormat ??= format;
    if (format !== this.#monthFormat) {
      this.#problems.add(row, "month", `${shown(text)} is written unlike the first row's month`, allowed);
      return 0;
    }
    return ym ? Number(ym[1]) * 12 + Number(ym[2]) - 1 : Number(text);
  }

  #monthsOnBook(text: string, row: number): number {
    if (text.trim() === "") return -1;
    const v = parseNumber(text);
    if (Number.isInteger(v) && v >= 0 && v <= MAX_MONTH_SPAN) return v;
    this.#problems.add(row, "monthsOnBook", `${shown(text)} is not a count of months`, `a whole number from 0 to ${MAX_MONTH_SPAN}, or empty`);
    return -1;
  }

  /** Months on book from the origination month, written as the file's months are. */
  #originated(text: string, month: number, row: number): number {
    if (text.trim() === "") return -1;
    const ym = YEAR_MONTH.exec(text);
    const format = this.#monthFormat ?? "integer";
    const allowed = `the origination month, written as the month column (${format === "yyyy-mm" ? "YYYY-MM" : "a whole number"}), not after the row's month, or empty`;
    const ok = format === "yyyy-mm" ? ym !== null && Number(ym[2]) >= 1 && Number(ym[2]) <= 12 : INTEGER.test(text);
    const at = !ok ? NaN : ym ? Number(ym[1]) * 12 + Number(ym[2]) - 1 : Number(text);
    if (!(month - at >= 0 && month - at <= MAX_MONTH_SPAN)) {
      this.#problems.add(row, "originated", `${shown(text)} is not an origination month of this row`, allowed);
      return -1;
    }
    return month - at;
  }

  #state(stateText: string, dpdText: string, row: number): number {
    const t = stateText.trim();
    if (t !== "") {
      if (t === "C") return 0;
      if (t === "F") return STATE_F;
      if (t === "P") return STATE_P;
      const k = /^D([1-9]\d?)$/.exec(t);
      if (k && Number(k[1]) <= MAX_BUCKET) {
        this.#maxBucket = Math.max(this.#maxBucket, Number(k[1]));
        return Number(k[1]);
      }
      this.#problems.add(row, "state", `${shown(stateText)} is not a state`, "C, D1 … D12, F, P");
      return 0;
    }
    if (this.#where.dpd === undefined) {
      this.#problems.add(row, "state", "is empty", "C, D1 … D12, F, P");
      return 0;
    }
    const dpd = parseNumber(dpdText);
    if (!(Number.isInteger(dpd) && dpd >= 0)) {
      this.#problems.add(row, "dpd", `${shown(dpdText)} is not a count of days`, "a whole number of days past due ≥ 0 (or a state)");
      return 0;
    }
    const bucket = Math.ceil(dpd / 30);
    if (bucket > DPD_BUCKETS) return STATE_F;
    this.#maxBucket = Math.max(this.#maxBucket, bucket);
    return bucket;
  }

  #optional(index: number | undefined, fields: string[], row: number, column: Column, allowed: string): number {
    if (index === undefined || fields[index].trim() === "") return NaN;
    const v = parseNumber(fields[index]);
    if (!(v >= 0)) this.#problems.add(row, column, `${shown(fields[index])} is not a valid ${column}`, allowed);
    return v;
  }

  #grow(cap: number): void {
    this.#cols = grownColumns(this.#cols, columns, cap);
    const rows = new Uint32Array(cap);
    rows.set(this.#fileRow);
    this.#fileRow = rows;
    this.#cap = cap;
  }
}

function columns(cap: number) {
  return {
    account: new Uint32Array(cap),
    month: new Int32Array(cap),
    state: new Uint8Array(cap),
    balance: new Float64Array(cap),
    limit: new Float64Array(cap),
    ead: new Float64Array(cap),
    loss: new Float64Array(cap),
    segment: new Uint16Array(cap),
    monthsOnBook: new Int32Array(cap),
  };
}

/** Reads a whole performance file given as text. */
export function readPerformance(text: string, file: string, bounds?: PerformanceBounds): Result<{ performance: Performance; notes: string[] }, PerformanceFailure> {
  const reader = new PerformanceReader(file, bounds);
  reader.push(text);
  return reader.end();
}
