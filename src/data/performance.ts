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
 * Each account belongs to one segment, and has at most one row a month.
 */
import { grownColumns } from "./columns.ts";
import { CsvProblems, mapHeader, parseNumber, shown } from "./csvProblems.ts";
import { CsvRecords, isBlank, isComment } from "./csvRows.ts";
import { SegmentNames } from "./segmentNames.ts";
import { MAX_BUCKET, STATE_F } from "./tape.ts";
import { err, ok, type Result } from "../util/result.ts";

export { STATE_F };
export const STATE_P = 254;
/** Buckets a `dpd` column gives: 1–30, 31–60, 61–90 days; more than 90 is a default. */
export const DPD_BUCKETS = 3;

export const PERFORMANCE_COLUMNS = ["account", "month", "state", "dpd", "balance", "segment", "limit", "ead", "loss"] as const;
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
  accountIds: string[];
  segments: string[];
  monthFormat: "yyyy-mm" | "integer";
  /** Deepest bucket named (3 when states come from `dpd` alone). */
  maxBucket: number;
  columns: Column[];
}

export interface PerformanceFailure {
  lines: string[];
  count: number;
}

const YEAR_MONTH = /^\s*(\d{4})-(\d{2})\s*$/;
const INTEGER = /^\s*[+-]?\d{1,9}\s*$/;

/** A month number as the file wrote it. */
export function monthLabel(month: number, format: Performance["monthFormat"]): string {
  if (format === "integer") return String(month);
  const year = Math.floor(month / 12);
  return `${year}-${String(month - year * 12 + 1).padStart(2, "0")}`;
}

/** Reads a performance file pushed in chunks: `push(text)` as it arrives, then `end()`. */
export class PerformanceReader {
  readonly #file: string;
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
  #seen = new Set<number>();

  constructor(file: string) {
    this.#file = file;
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
      accountIds: [...this.#accounts.keys()],
      segments: this.#segments.names.length > 0 ? this.#segments.names : ["book"],
      monthFormat: this.#monthFormat ?? "integer",
      maxBucket: this.#where.state === undefined ? DPD_BUCKETS : this.#maxBucket,
      columns: PERFORMANCE_COLUMNS.filter((k) => this.#where[k] !== undefined),
    };
    this.#cols = columns(0);
    this.#seen.clear();
    return ok({ performance, notes: this.#notes });
  }

  #readHeader(fields: string[]): void {
    const { index, unknown, duplicated } = mapHeader(fields, PERFORMANCE_COLUMNS);
    const p = this.#problems;
    for (const name of duplicated) p.add(1, name, "the column is named twice", "each column once");
    for (const name of ["account", "month", "balance"] as const) {
      if (!index.has(name)) p.add(1, name, "the required column is missing", "account, month, state or dpd, balance; optional segment, limit, ead, loss");
    }
    if (!index.has("state") && !index.has("dpd")) p.add(1, "state", "the file needs a state or a dpd column", "state (C, D1 … D12, F, P) or dpd (days past due)");
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
    if (this.#n === this.#cap) this.#grow(this.#cap * 2);
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
    const segment = w.segment === undefined ? 0 : this.#segments.of(fields[w.segment], row);
    const id = fields[w.account!].trim();
    if (id === "") p.add(row, "account", "is empty", "an account id");
    let a = this.#accounts.get(id);
    if (a === undefined && id !== "") {
      a = this.#accounts.size;
      this.#accounts.set(id, a);
      this.#accountSegment.push(segment);
    }
    if (a !== undefined) {
      c.account[i] = a;
      c.segment[i] = segment;
      if (this.#accountSegment[a] !== segment) p.add(row, "segment", `account ${shown(id)} was in another segment on an earlier row`, "one segment an account");
      // Account and month packed in one number: ids below 2^26, months below 2^26 apart is ample.
      const key = a * 67_108_864 + (month & 0x3ffffff);
      if (p.count === before && this.#seen.has(key)) p.add(row, "month", `account ${shown(id)} has a row for this month already`, "one row an account-month");
      if (p.count === before) this.#seen.add(key);
    }
    if (p.count === before) this.#n++;
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
  };
}

/** Reads a whole performance file given as text. */
export function readPerformance(text: string, file: string): Result<{ performance: Performance; notes: string[] }, PerformanceFailure> {
  const reader = new PerformanceReader(file);
  reader.push(text);
  return reader.end();
}
