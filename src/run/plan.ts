/**
 * Whether a run fits the machine, decided before anything is allocated. Each worker
 * builds its own copy of the book, and may keep the small books of other scenarios it ran
 * or prepared; the main thread keeps every path's numbers, once as the chunks arrive and
 * once merged.
 */
import { grouped } from "../format/number.ts";
import { segmentRanges } from "../engine/book.ts";
import { NPM, periodWidth } from "../engine/layout.ts";
import type { Layout } from "../engine/layout.ts";
import { PRODUCT, type Model } from "../engine/model.ts";
import { planMonths, Workspace } from "../engine/workspace.ts";

/**
 * Bytes a worker holds per account slot and distinct set of columns: a, cell, bookAt,
 * limit, balance, payment, term, startState, startAge, base (a tape's own APRs add 8; variants
 * that change only the policy share the base's columns; the estimate assumes none does).
 */
const BYTES_PER_ACCOUNT_VARIANT = 8 + 4 + 2 + 8 + 8 + 8 + 2 + 1 + 2 + 8;
/** Bytes a worker holds per account slot whatever the variants: the path's columns. */
const BYTES_PER_ACCOUNT = Workspace.bytesPerAccount;
/** A worker's own runtime and code before any book: about 37 MB measured in Node 20 with tsx, rounded up (the built worker needs less; the bound stays for runs from source). */
export const WORKER_BASE_BYTES = 48 * 2 ** 20;

/** Models a worker keeps (workerApi.ts): the run's and a slider's two next values. */
export const KEPT_MODELS = 3;
/**
 * A worker keeps a model only when its book and columns are this small (the welcome
 * notebook's take about 6 MB): a large book is built for its run alone.
 */
export const KEPT_BYTES = 16 * 2 ** 20;

export interface RunSize {
  /** Account slots of the book: starting accounts plus applicant slots of every period. */
  bookSlots: number;
  /** Bytes of one worker's book and columns. */
  workerBytes: number;
  /**
   * Bytes a worker may hold besides, in the models it keeps of other scenarios (recent runs,
   * a slider's next values: workerApi.ts), each at most KEPT_BYTES: KEPT_MODELS of them
   * beside a run's book too large to keep, one fewer beside one that is kept.
   */
  keptBytes: number;
  /** Bytes of every path's numbers on the main thread. */
  resultBytes: number;
  /** workers × (workerBytes + keptBytes) + resultBytes. */
  totalBytes: number;
}

/** Memory a run of `model` on `workers` workers needs, in bytes; `paths` run (default all: a shard runs fewer). */
export function estimateRun(model: Model, workers: number, paths = model.simulation.paths): RunSize {
  const ranges = segmentRanges(model);
  const bookSlots = ranges.length > 0 ? ranges[ranges.length - 1].end : 0;
  const V = model.variants.length;
  const S = model.layout.segments.length;
  const perPath = NPM * (S + 1) + model.periods * periodWidth(model.layout);
  const stepped = model.variants.some((v) => v.segments.some((s) => s.stepped || s.burden !== 0)) ? Workspace.steppedBytesPerAccount + 16 * planMonths(model) : 0;
  // Credit lines keep what each line in arrears has drawn (a path's column, and each set of columns' start); a seasoning curve each account's age.
  const lines = model.variants.some((v) => v.segments.some((s) => s.product === PRODUCT.revolving)) ? 8 + V * 8 : 0;
  const seasoned = model.variants.some((v) => v.segments.some((s) => s.seasoning !== null)) ? V * 2 : 0;
  // A static balance sheet: the month each replacement slot joined in the path (workspace.ts `joined`).
  const replaced = model.simulation.balanceSheet === "static" ? 2 : 0;
  const workerBytes = WORKER_BASE_BYTES + bookSlots * (BYTES_PER_ACCOUNT + stepped + lines + seasoned + replaced + V * BYTES_PER_ACCOUNT_VARIANT);
  // Twice: the chunks as they arrive, then their merged copy.
  const resultBytes = paths * V * perPath * 8 * 2;
  const keptBytes = (workerBytes - WORKER_BASE_BYTES <= KEPT_BYTES ? KEPT_MODELS - 1 : KEPT_MODELS) * KEPT_BYTES;
  return { bookSlots, workerBytes, keptBytes, resultBytes, totalBytes: workers * (workerBytes + keptBytes) + resultBytes };
}

const gb = (bytes: number): string => `${(bytes / 1e9).toFixed(bytes < 1e9 ? 2 : 1)} GB`;

/**
 * Null when the run fits in `budgetBytes`, else a one-line message saying what it needs
 * and what to reduce.
 */
export function refuseOversizedRun(model: Model, workers: number, budgetBytes: number, paths = model.simulation.paths): string | null {
  const size = estimateRun(model, workers, paths);
  if (size.totalBytes <= budgetBytes) return null;
  const variants = model.variants.length;
  return (
    `this run needs about ${gb(size.totalBytes)} of memory ` +
    `(${workers} worker${workers === 1 ? "" : "s"} × ${gb(size.workerBytes + size.keptBytes)} for a book of ` +
    `${grouped(size.bookSlots)} account slots and the books of recent scenarios kept beside it, plus ${gb(size.resultBytes)} for ` +
    `${grouped(paths)} paths × ${variants} variant${variants === 1 ? "" : "s"}); ` +
    `the limit here is ${gb(budgetBytes)}: use fewer workers, fewer paths or a smaller book`
  );
}

/** What a run needs of its model before it starts: the layout that heads its result, and whether it fits. */
export interface RunFacts {
  layout: Layout;
  /** refuseOversizedRun's answer for the run's workers, budget and paths. */
  refusal: string | null;
}

/** The facts of a run of `model` on `workers` workers within `budgetBytes`, `paths` of its paths run. */
export const runFacts = (model: Model, workers: number, budgetBytes: number, paths: number): RunFacts => ({
  layout: model.layout,
  refusal: refuseOversizedRun(model, workers, budgetBytes, paths),
});
