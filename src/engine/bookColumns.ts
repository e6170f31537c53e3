/**
 * The book's column types (book.ts builds them): where each segment's accounts and
 * applicant slots sit, and the per-account columns a variant makes of the shared draws.
 * Apart from book.ts so that what reads the columns (lifetime.ts, baseline.ts) does not
 * depend on how they are built; the segments' baselines, which need the ledger, are added
 * in book.ts (`BookColumns`).
 */

/**
 * Accounts of segment s occupy [start, start + accounts + perMonth·H). Applicant j of month
 * t sits at start + accounts + (t−1)·perMonth + j. Slots are sized for the largest variant,
 * so an account keeps its slot, and its random numbers, in every variant.
 */
export interface SegmentRange {
  start: number;
  /** Starting-account slots: the most any variant has; a variant with fewer leaves the rest off the book. */
  accounts: number;
  /** Applicant slots a month: the most any variant takes, so slot ids agree across variants. */
  perMonth: number;
  /**
   * Slots of the accounts that replace those leaving under a static balance sheet, after the
   * applicants' (docs/model.md §7.1): drawn like starting accounts, all current, booked in
   * slot order as the path needs them; 0 with a run-off balance sheet.
   */
  replacements: number;
  end: number;
}

/** What a variant makes of the shared draws, account by account (book.ts adds each segment's baseline). */
export interface AccountColumns {
  /**
   * Latent threshold a = Φ⁻¹(q) of each account, q = 1 − (1 − h)^periodMonths its
   * through-the-cycle probability of a first miss in a period, h its monthly hazard.
   */
  a: Float64Array;
  /**
   * Per segment, ascending grid points of the thresholds: the engine evaluates survival on
   * them and brackets each account between points[cell] and points[cell + 1]; a one-rate
   * segment has one point and every account sits on it.
   */
  grids: Float64Array[];
  /** Grid cell of each account. */
  cell: Int32Array;
  /** 0: on the book at the start; t ≥ 1: booked at the end of month t; −1: never booked. */
  bookAt: Int16Array;
  limit: Float64Array;
  /** Drawn balance (revolving) or principal (instalment) at the start or at booking, charges of a starting arrears included. */
  balance: Float64Array;
  /** Balance at the first miss of an account starting in arrears (the cure's and the fee cap's base); else the balance. */
  base: Float64Array;
  /** Level monthly instalment payment (0 for revolving). */
  payment: Float64Array;
  /** Monthly payments left at the start or at booking: the segment's term, or a tape row's. */
  term: Uint16Array;
  /** Each account's own monthly APR where a tape gives one (revolving), else null: the segment's. */
  rate: Float64Array | null;
  /** State at the start: current, a delinquency bucket (delinquency.start) or F (startDefaulted). */
  startState: Uint8Array;
  /** Months an account defaulted before the start has already spent in F. */
  startAge: Uint16Array;
  /**
   * Months on book at the start of each starting account of a segment with a seasoning
   * curve (a tape row's, else the segment's; 0 for applicants), null when no segment has
   * one. In month mo a starting account is monthsOnBook + mo − 1 months on book, one booked
   * at the end of month t is mo − t − 1 (docs/model.md §3.4).
   */
  monthsOnBook: Uint16Array | null;
  /** What a line starting in arrears has drawn since its first miss (lines.ts `monthDraw`), null without credit lines. */
  drawn: Float64Array | null;
}
