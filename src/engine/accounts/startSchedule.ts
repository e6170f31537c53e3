/**
 * What the starting accounts of one path drew: the misses (account and month) and each
 * segment's ledger after their exits by attrition, every sum of it (ledger.ts declares them
 * once). Recorded by the base, replayed by a variant that would draw the same, so an extra
 * policy costs its events, not the book.
 */
import type { BookColumns } from "../book.ts";
import { Ledger } from "../ledger.ts";
import type { VariantModel } from "../model.ts";

export class StartSchedule {
  misses = new Int32Array(1024);
  length = 0;
  readonly ledgers: Ledger[];

  constructor(base: VariantModel, c: BookColumns, months: number) {
    this.ledgers = base.segments.map((s, si) => new Ledger(s.product, c.baseline[si].annuity, months));
  }

  add(si: number, i: number, month: number): void {
    if (this.length + 3 > this.misses.length) {
      const grown = new Int32Array(this.misses.length * 2);
      grown.set(this.misses);
      this.misses = grown;
    }
    this.misses[this.length++] = si;
    this.misses[this.length++] = i;
    this.misses[this.length++] = month;
  }
}
