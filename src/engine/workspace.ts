/**
 * The mutable columns of one path: allocated once per book and restored from a variant's
 * static columns before each path, so memory grows with the book, never with accounts ×
 * paths. Only the accounts a path touched are restored (most accounts stay current and are
 * never written), unless the next path runs on another variant's columns.
 */
import type { Book, BookColumns } from "./book.ts";
import type { Model } from "./model.ts";
import { Flag, State } from "./state.ts";
import { SegmentCurves } from "./survival.ts";
import { Ledger } from "./ledger.ts";

/**
 * An account's record in `Workspace.record`: 64 bytes, one cache line, account i's from
 * byte 64·i, read as RECORD numbers from RECORD·i (`record`), as 16-bit fields from
 * RECORD16·i (`record16`) and as bytes from RECORD8·i (`record8`). Numbers: BALANCE, LIMIT,
 * its balance and limit; BASE, DRAWN, its episode in arrears (see `record`); PAYMENT,
 * THRESHOLD, copies of its book columns that the closed form's events read (level payment,
 * latent threshold), never written during a path. 16-bit fields: SPELL, the month its
 * episode in C began; TERM, a copy of its payments left at the start or booking; MADE, the
 * instalment payments made before the current episode; AGE, its months in the current
 * state (F, R); CUT, the last trigger episode (1, 2, …) in which its undrawn limit was cut.
 * Bytes: STATE (state.ts `State`) and FLAGS (`Flag`).
 */
export const RECORD = 8;
export const RECORD16 = 32;
export const RECORD8 = 64;
export const BASE = 0;
export const DRAWN = 1;
export const BALANCE = 2;
export const LIMIT = 3;
export const PAYMENT = 4;
export const THRESHOLD = 5;
export const SPELL = 24;
export const TERM = 25;
export const MADE = 26;
export const AGE = 27;
export const CUT = 28;
export const STATE = 58;
export const FLAGS = 59;

/**
 * Accounts read ahead at a time (`Workspace.warm`): enough for many cache misses at once,
 * few enough that their lines are still in the cache when their events come (a whole
 * month's list read ahead at 1M accounts, 13,000 accounts, was evicted before its end).
 */
export const WARM_BLOCK = 32;

/** missedAt of an account that has not missed a payment in the path. */
export const NEVER = -30_000;

export class Workspace {
  /**
   * Each account's record (`RECORD` numbers from RECORD·i, 64 bytes aligned to a cache
   * line): its balance and limit, its episode in arrears (`BASE`, `DRAWN`: its balance at
   * the episode's first missed payment, while current unused, and what a credit line has
   * drawn since, lines.ts `monthDraw`: part of its balance, not of its charges; 0 for a
   * loan), the month its episode in C began (`SPELL`, in `record16`), and copies of the
   * book columns its events read. Side by side because every miss, charge, draw and cure
   * reads them together, and its state, flags, payments made and months in state (in
   * `record16`, `record8`) with them. Profile lesson (a stressed book, 31% of accounts default, at 1M
   * accounts): with the balance and the limit in columns of their own and the record
   * straddling two cache lines (a large buffer starts 16 bytes into a page), reading an
   * event's account ahead (`warm`) took five cache lines and was a quarter of a path, and
   * the event's state, flags and months in state three more; in one aligned line they are one.
   */
  readonly record: Float64Array;
  /** The same bytes as 16-bit fields (SPELL, TERM, MADE, AGE, CUT at RECORD16·i + the field) and as bytes (STATE, FLAGS at RECORD8·i + the field). */
  readonly record16: Uint16Array;
  readonly record8: Uint8Array;
  /**
   * Balance and limit of each account at the start or booking (2i, 2i + 1), for the
   * exposure a default adds past them: read once per default, so apart from the record.
   */
  readonly opening: Float64Array;
  /** Own threshold of an account back from a holiday with a higher PD (Flag.redefault). */
  readonly own: Float64Array;
  /**
   * Columns of stepped segments' accounts (docs/model.md §4.6–4.8), empty when no segment
   * is stepped: the instalment plan (outstanding principal, principal and fee a month), the
   * reference payment of the burden while current and at the first miss, the month of the
   * last miss, and the line increases given.
   */
  readonly plan: Float64Array;
  readonly planPay: Float64Array;
  readonly planFee: Float64Array;
  readonly refPay: Float64Array;
  readonly missPay: Float64Array;
  readonly missedAt: Int16Array;
  readonly increases: Uint8Array;
  /**
   * The month at whose end each replacement slot of a static balance sheet joined in this
   * path (docs/model.md §7.1): its booking month, which the book's columns cannot hold
   * (`bookAt` is −1 there, the same slot joining in different months on different paths).
   * Read through `bookedAt`. Empty on a run-off book.
   */
  readonly joined: Int16Array;
  /**
   * Months in an account's ring of plan ends: the longest plan any variant makes (0: none).
   * endPay[(e mod planRing)·n + i] and endFee[…] are the principal and fee a month of
   * account i's plans whose last payment is in month e (docs/model.md §4.7), n the length
   * of the stepped columns: a month's slot of every account in a row, read in the list's
   * order by the stepped accounts (steppedAccounts.ts `payLine`).
   */
  readonly planRing: number;
  readonly endPay: Float64Array;
  readonly endFee: Float64Array;
  /**
   * events[s·(H+2) + m]: the accounts of segment s leaving C in month m, in the order they
   * were scheduled, eventsLength[…] of them; taken last first (`eventAt`). Arrays, not a
   * linked list through the accounts: walking the links read one account's column to find
   * the next, a cache miss that nothing could overlap (at 1M accounts the walk was a fifth
   * of the misses' cost), where an array gives every account at once.
   */
  private readonly events: Int32Array[];
  private readonly eventsLength: Int32Array;
  /**
   * Per segment, the accounts in D1..Dm, R or F, and how many, in the order they joined.
   * Profile lesson (the stressed book at 1M accounts): a list sorted by account index each
   * month, so that a month's walk reads the records in address order, was tried: the sort
   * alone (a typed array's, on 60,000 places) cost 200–280 ms a path, more than the walk's
   * 200 ms, and the walk was no faster (on a shared machine, within its noise). The
   * month's joiners already come in runs of rising index (the start's exits are scheduled
   * in index order), and `warmList` overlaps the records' misses.
   */
  readonly lists: Int32Array[];
  readonly listLength: Int32Array;
  /**
   * Per segment, the first `endsLength` places of its list as the month leaves them, place
   * by place: each account's state, balance and months in that state, written by the
   * month's arrears step (accounts/arrears.ts) and as accounts join the list, and read back
   * in list order by the month-end sums and the next month's step. The profile of a
   * stressed book (31% of accounts default) at 1M accounts against 100k: the month-end
   * sums' reads of state, balance and age at the list's accounts, scattered over columns
   * of 1M, were cache misses and cost 11 times as much per account (1.7 s of 12 on ten
   * paths); written where the step has just touched the account and read in order, they
   * cost what they did at 100k. The sums run in the same order, so every figure is the same.
   */
  readonly endState: Uint8Array[];
  readonly endBalance: Float64Array[];
  readonly endAge: Uint16Array[];
  readonly endsLength: Int32Array;
  /** Accounts to restore before the next path. */
  private readonly dirty: Int32Array;
  private dirtyLength = 0;
  private columns: BookColumns | null = null;
  /** Per segment: the starting accounts not current at the start (they begin in a list). */
  private startLists: Int32Array[] = [];
  readonly curves: SegmentCurves[];
  readonly ledgers: Ledger[] = [];
  readonly bucketCount: Float64Array;

  constructor(
    private readonly book: Book,
    model: Model,
  ) {
    const n = book.size;
    const records = alignedBuffer(8 * RECORD * n);
    this.record = new Float64Array(records, 0, RECORD * n);
    this.record16 = new Uint16Array(records, 0, RECORD16 * n);
    this.record8 = new Uint8Array(records, 0, RECORD8 * n);
    this.opening = new Float64Array(2 * n);
    this.own = new Float64Array(n);
    this.dirty = new Int32Array(n);
    // A burden reads the payment at the first miss (missPay) in closed-form segments too.
    const stepped = model.variants.some((v) => v.segments.some((s) => s.stepped || s.burden !== 0)) ? n : 0;
    this.plan = new Float64Array(stepped);
    this.planPay = new Float64Array(stepped);
    this.planFee = new Float64Array(stepped);
    this.refPay = new Float64Array(stepped);
    this.missPay = new Float64Array(stepped);
    this.missedAt = new Int16Array(stepped);
    this.increases = new Uint8Array(stepped);
    this.planRing = stepped > 0 ? planMonths(model) : 0;
    this.endPay = new Float64Array(stepped * this.planRing);
    this.endFee = new Float64Array(stepped * this.planRing);
    this.joined = new Int16Array(model.simulation.balanceSheet === "static" ? n : 0);
    const slots = book.ranges.length * (model.months + 2);
    this.events = Array.from({ length: slots }, () => new Int32Array(16));
    this.eventsLength = new Int32Array(slots);
    this.lists = book.ranges.map((r) => new Int32Array(r.end - r.start));
    this.listLength = new Int32Array(book.ranges.length);
    this.endState = book.ranges.map((r) => new Uint8Array(r.end - r.start));
    this.endBalance = book.ranges.map((r) => new Float64Array(r.end - r.start));
    this.endAge = book.ranges.map((r) => new Uint16Array(r.end - r.start));
    this.endsLength = new Int32Array(book.ranges.length);
    this.curves = book.ranges.map(() => new SegmentCurves());
    this.bucketCount = new Float64Array(Math.max(1, model.layout.buckets));
  }

  /**
   * Bytes held per account slot, for the run planner's memory estimate. The event lists are
   * not counted: they start at 16 accounts a month and grow to a month's exits from C, a
   * few bytes an account.
   */
  static readonly bytesPerAccount = 8 * RECORD + 16 + 8 + 4 + 4 + (1 + 8 + 2);
  /**
   * More when a segment is stepped: the plan, the reference payments, the last miss, the
   * increases; and 16 bytes per month of the longest plan (the ring of plan ends).
   */
  static readonly steppedBytesPerAccount = 5 * 8 + 2 + 1;

  /** Account i leaves C in the month of event slot `slot` (s·(H+2) + m). */
  schedule(slot: number, i: number): void {
    let list = this.events[slot];
    const n = this.eventsLength[slot];
    if (n === list.length) {
      const grown = new Int32Array(2 * n);
      grown.set(list);
      this.events[slot] = list = grown;
    }
    list[n] = i;
    this.eventsLength[slot] = n + 1;
  }

  /** How many accounts leave C in the month of `slot`. */
  eventCount(slot: number): number {
    return this.eventsLength[slot];
  }

  /** The accounts of `slot`, the last scheduled first (the order of the linked lists they replace). */
  eventList(slot: number): Int32Array {
    return this.events[slot];
  }

  /** What `warm` read, kept so that its reads are not optimized away. */
  private sink = 0;

  /**
   * Reads the record of each account list[r], r in [from, to), ahead of the events
   * themselves: software prefetching. An event's work is long (the ledger, the charges,
   * the lists), so the processor reached the next account's columns only after the last
   * one's cache misses had resolved; in this short loop it issues many misses at once. The
   * profile of a stressed book at 100k and 1M accounts: a miss's first read of its record
   * was a third of the misses' cost, a cure's a quarter. The record is one cache line
   * (`record`): one read warms it.
   */
  warm(list: Int32Array, from: number, to: number): void {
    let sink = 0;
    const record = this.record;
    for (let r = from; r < to; r++) sink += record[RECORD * list[r]];
    this.sink += sink;
  }

  /**
   * `warm` for the places [from, to) of a segment's list as the last month left them
   * (`endState`, `endAge`), ahead of its arrears step: the accounts in D1..Dm, and those
   * in F whose write-off comes this month (months in F + 1 ≥ `writeOffAge`), whose record
   * the step writes (state W). Where the state is `last` (the last bucket, whose roll is a
   * default) its `opening` is read too: with the record in one line, a default's read of
   * it was the costliest of its events (a twelfth of a path at 1M accounts). Profile lesson
   * (the stressed book at 1M accounts): the write-off's write, not read ahead, was a cache
   * miss of its own, 7% of the step's time.
   */
  warmList(list: Int32Array, from: number, to: number, endState: Uint8Array, endAge: Uint16Array, last: number, writeOffAge: number): void {
    let sink = 0;
    const { record, opening } = this;
    for (let r = from; r < to; r++) {
      const st = endState[r];
      if (st >= State.D1) {
        const i = list[r];
        sink += record[RECORD * i];
        if (st === last) sink += opening[2 * i];
      } else if (st === State.F && endAge[r] + 1 >= writeOffAge) sink += record[RECORD * list[r]];
    }
    this.sink += sink;
  }

  /**
   * The month account i was booked in this path, for its months on book and the
   * allowance's new accounts: the book's (0 on the book at the start, an applicant's month),
   * or the month a replacement slot joined. Only for accounts on the book in this path.
   */
  bookedAt(c: BookColumns, i: number): number {
    const at = c.bookAt[i];
    return at >= 0 || this.joined.length === 0 ? at : this.joined[i];
  }

  /** Month account i's current episode in C began (it was current at that month's end). */
  spellOf(i: number): number {
    return this.record16[RECORD16 * i + SPELL];
  }

  /**
   * Account i, in state st, is at place r of segment si's list as the month leaves it: its
   * record (`endState`), taken from the columns while they are at hand (its months in
   * state only in F or R, where they count).
   */
  keep(si: number, r: number, i: number, st: number): void {
    this.lists[si][r] = i;
    this.endState[si][r] = st;
    this.endBalance[si][r] = this.record[RECORD * i + BALANCE];
    this.endAge[si][r] = st === State.F || st === State.R ? this.record16[RECORD16 * i + AGE] : 0;
  }

  /**
   * Marks account i as changed in this path. The mark is in its record. Profile lesson (the
   * stressed book at 1M accounts): marks in an array of their own (1 MB) made the start's
   * loop 10 ms a path faster and the arrears' steps 13–30 ms slower: the start's writes
   * bring the records of the accounts it schedules into the cache, for their first events.
   */
  touch(i: number): void {
    const f = RECORD8 * i + FLAGS;
    if (this.record8[f] & Flag.dirty) return;
    this.record8[f] |= Flag.dirty;
    this.dirty[this.dirtyLength++] = i;
  }

  private restore(c: BookColumns, i: number): void {
    const e = RECORD * i;
    this.record[e + BALANCE] = c.balance[i];
    this.record[e + LIMIT] = c.limit[i];
    // An account delinquent at the start has its episode's first missed payment behind it.
    this.record[e + BASE] = c.base[i];
    if (c.drawn) this.record[e + DRAWN] = c.drawn[i];
    const h = RECORD16 * i;
    this.record16[h + SPELL] = 0;
    this.record16[h + AGE] = c.startAge[i];
    this.record16[h + MADE] = 0;
    this.record16[h + CUT] = 0;
    this.record8[RECORD8 * i + STATE] = c.bookAt[i] === 0 ? c.startState[i] : State.off;
    this.record8[RECORD8 * i + FLAGS] = 0;
    if (this.plan.length > 0) {
      this.clearPlan(i);
      this.refPay[i] = 0;
      this.missPay[i] = 0;
      this.missedAt[i] = NEVER;
      this.increases[i] = 0;
    }
  }

  /** Closes account i's plans: their sums, and its places in the ring of plan ends (one in each month's row). */
  clearPlan(i: number): void {
    this.plan[i] = 0;
    this.planPay[i] = 0;
    this.planFee[i] = 0;
    const n = this.plan.length;
    for (let at = i; at < this.endPay.length; at += n) {
      this.endPay[at] = 0;
      this.endFee[at] = 0;
    }
  }

  /**
   * Sets every column to the start of a path on columns `c`, and each segment's list to its
   * starting arrears. Only the accounts touched are restored, even when they are many: on
   * the stressed book at 1M accounts (two fifths touched a path), restoring every column
   * in order instead was no faster (5.8 s against 5.5 s of CPU for 12 paths).
   */
  reset(c: BookColumns): void {
    if (this.columns !== c) {
      for (let i = 0; i < this.book.size; i++) {
        this.restore(c, i);
        const e = RECORD * i;
        this.record[e + PAYMENT] = c.payment[i];
        this.record16[RECORD16 * i + TERM] = c.term[i];
        this.record[e + THRESHOLD] = c.a[i];
        this.opening[2 * i] = c.balance[i];
        this.opening[2 * i + 1] = c.limit[i];
      }
      this.columns = c;
      this.startLists = this.book.ranges.map((r) => {
        const out: number[] = [];
        for (let i = r.start; i < r.end; i++) {
          const st = this.record8[RECORD8 * i + STATE];
          if (st === State.F || st >= State.D1) out.push(i);
        }
        return Int32Array.from(out);
      });
    } else {
      for (let k = 0; k < this.dirtyLength; k++) this.restore(c, this.dirty[k]);
    }
    this.dirtyLength = 0;
    this.eventsLength.fill(0);
    this.startLists.forEach((start, s) => {
      this.lists[s].set(start);
      this.listLength[s] = start.length;
      this.endsLength[s] = 0;
      for (let k = 0; k < start.length; k++) this.touch(start[k]);
    });
  }
}

/** Months of the longest instalment plan or forbearance conversion of any variant (0: none): the ring of plan ends holds 16 bytes a month per stepped account. */
export function planMonths(model: Model): number {
  let L = 0;
  for (const v of model.variants) {
    const f = v.policy.forbearance;
    if (f !== null && f.kind === "conversion") L = Math.max(L, f.termMonths);
    for (const s of v.segments) if (s.stepped && s.instalments !== null) L = Math.max(L, s.instalments.termMonths);
  }
  return L;
}

/**
 * A zeroed buffer of n bytes that starts a cache line (and a page): each account's 64-byte
 * record then lies in one line. A large ArrayBuffer comes from malloc, 16 bytes into a page,
 * so that every record straddled two; a WebAssembly memory starts a page.
 */
function alignedBuffer(n: number): ArrayBuffer {
  const pages = Math.max(1, Math.ceil(n / 65536));
  // Past a WebAssembly memory's largest (65,536 pages, 4 GiB), or where WebAssembly is off
  // (a browser's lockdown mode) or refuses the size, an ordinary buffer: the same numbers,
  // in two cache lines a record.
  if (typeof WebAssembly !== "undefined" && pages <= 65536) {
    try {
      return new WebAssembly.Memory({ initial: pages }).buffer;
    } catch {
      // an ordinary buffer below
    }
  }
  return new ArrayBuffer(n);
}
