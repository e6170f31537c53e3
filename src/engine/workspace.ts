/**
 * The mutable columns of one path: allocated once per book and reset from the variant's
 * static columns at the start of each path, so memory grows with the book, never with
 * accounts × paths.
 */
import type { BookColumns } from "./book.ts";
import type { Model } from "./model.ts";

/** Account states of MODEL.md section 4; Dk is D1 + k − 1. */
export const State = { off: 0, C: 1, R: 2, F: 3, W: 4, P: 5, D1: 8 } as const;

export const Flag = { offered: 1, redefault: 2, triggerCut: 4 } as const;

export class Workspace {
  readonly state: Uint8Array;
  readonly balance: Float64Array;
  readonly limit: Float64Array;
  /** Balance at the episode's first missed payment. */
  readonly base: Float64Array;
  /** Periods spent in the current state (F, R). */
  readonly age: Uint16Array;
  /** Instalment months paid. */
  readonly paid: Uint16Array;
  readonly flags: Uint8Array;
  readonly a: Float64Array;
  readonly cell: Int32Array;
  readonly bucketCount: Float64Array;
  private hazard = new Float64Array(64);
  private rolls = new Float64Array(16);

  constructor(
    readonly size: number,
    model: Model,
  ) {
    this.state = new Uint8Array(size);
    this.balance = new Float64Array(size);
    this.limit = new Float64Array(size);
    this.base = new Float64Array(size);
    this.age = new Uint16Array(size);
    this.paid = new Uint16Array(size);
    this.flags = new Uint8Array(size);
    this.a = new Float64Array(size);
    this.cell = new Int32Array(size);
    this.bucketCount = new Float64Array(Math.max(1, model.layout.buckets));
  }

  /** Bytes held per account, for the run planner's memory estimate. */
  static readonly bytesPerAccount = 1 + 8 + 8 + 8 + 2 + 2 + 1 + 8 + 4;

  reset(c: BookColumns): void {
    for (let i = 0; i < this.size; i++) this.state[i] = c.bookAt[i] === 0 ? c.startState[i] : State.off;
    this.balance.set(c.balance);
    this.limit.set(c.limit);
    // An account delinquent at the start has its episode's first missed payment behind it.
    this.base.set(c.balance);
    this.age.set(c.startAge);
    this.paid.fill(0);
    this.flags.fill(0);
    this.a.set(c.a);
    this.cell.set(c.cell);
  }

  clearFlag(flag: number): void {
    const f = this.flags;
    for (let i = 0; i < f.length; i++) f[i] &= ~flag;
  }

  /** A reusable table of at least n entries. */
  hazardTable(n: number): Float64Array {
    if (this.hazard.length < n) this.hazard = new Float64Array(n);
    return this.hazard;
  }

  rollTable(n: number): Float64Array {
    if (this.rolls.length < n) this.rolls = new Float64Array(n);
    return this.rolls;
  }
}
