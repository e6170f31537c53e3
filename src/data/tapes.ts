/**
 * The loan tapes of a run, and a segment's share of one: what the scenario's checks
 * (src/data/tapeRules.ts) and the engine's compiler (src/engine/model.ts) both read.
 */
import type { Tape } from "./tape.ts";

/** Loan tapes by the path a segment's `tape` gives, read by the caller (the command line, the page). */
export type Tapes = Readonly<Record<string, Tape>>;

/**
 * A segment's accounts from a loan tape: its rows (all of the tape's, or those whose
 * `segment` names it), as the tape's columns in file order (see src/data/tape.ts).
 */
export type TapeRows = Pick<Tape, "rows" | "balance" | "limit" | "pd" | "score" | "apr" | "state" | "paymentsLeft" | "monthsOnBook" | "originationPd" | "originationScore"> & { file: string };

/** The rows of `tape` that belong to segment `name`: all of them, or those its `segment` column names. */
export function tapeRows(tape: Tape, file: string, name: string): TapeRows {
  const index = tape.segment === null ? -1 : tape.segments.indexOf(name);
  const take: number[] = [];
  for (let j = 0; j < tape.rows; j++) if (tape.segment === null || tape.segment[j] === index) take.push(j);
  const pick = <T extends Float64Array | Uint8Array | Uint16Array>(column: T, make: (n: number) => T): T => {
    const out = make(take.length);
    take.forEach((j, k) => (out[k] = column[j]));
    return out;
  };
  return {
    file,
    rows: take.length,
    balance: pick(tape.balance, (n) => new Float64Array(n)),
    limit: pick(tape.limit, (n) => new Float64Array(n)),
    pd: pick(tape.pd, (n) => new Float64Array(n)),
    score: pick(tape.score, (n) => new Float64Array(n)),
    apr: pick(tape.apr, (n) => new Float64Array(n)),
    state: pick(tape.state, (n) => new Uint8Array(n)),
    paymentsLeft: pick(tape.paymentsLeft, (n) => new Uint16Array(n)),
    monthsOnBook: pick(tape.monthsOnBook, (n) => new Uint16Array(n)),
    originationPd: pick(tape.originationPd, (n) => new Float64Array(n)),
    originationScore: pick(tape.originationScore, (n) => new Float64Array(n)),
  };
}
