/**
 * Simulates paths [from, to) of a compiled model (MODEL.md version 2, sections 3–8): each
 * variant's paths run on the model's workspace (pathRun.ts), each path's economy drawn
 * from (seed, path) alone. A path leaves a few numbers per segment and per period; the
 * book's totals are its segments' sums.
 */
import { bookKeys, buildBook, type Book } from "./book.ts";
import { dealColumn, NPM, periodWidth, type ChunkResult, type VariantChunk } from "./layout.ts";
import { runDeal } from "./deal/runDeal.ts";
import { factorHistory, factorPath, macroNormals } from "./macro.ts";
import { historyPeriods } from "./link.ts";
import type { Model, VariantModel } from "./model.ts";
import { agreeThrough } from "./stages.ts";
import { historyRandom, macroRandom, pathKeys, seedKeys } from "./random.ts";
import { Workspace } from "./workspace.ts";
import { bookTotals } from "./pathTotals.ts";
import { PathRun, type StartReplay } from "./pathRun.ts";
import { StartSchedule } from "./accounts/startSchedule.ts";

const prepared = new WeakMap<Model, { book: Book; ws: Workspace }>();

/** The book and columns of a model, built once per model object and reused by every call. */
function prepare(model: Model): { book: Book; ws: Workspace } {
  let p = prepared.get(model);
  if (!p) {
    const book = buildBook(model);
    p = { book, ws: new Workspace(book, model) };
    prepared.set(model, p);
  }
  return p;
}

/** A chunk's sizes and the seed's keys: the same for every path and variant. */
interface ChunkShape {
  T: number;
  S: number;
  W: number;
  K: number;
  seed: [number, number];
  /** The factor values of the path being run, Z[(t−1)·K + k]. */
  Z: Float64Array;
  /** Its factors' history X_0, X_−1 … X_−D, history[d·K + k] (macro.ts `factorHistory`). */
  history: Float64Array;
  /** Periods of history the links read (link.ts `historyPeriods`). */
  D: number;
}

function chunkShape(model: Model): ChunkShape {
  const T = model.periods;
  const K = model.layout.factors.length;
  const D = historyPeriods(model.variants.map((v) => v.segments));
  return { T, S: model.layout.segments.length, W: periodWidth(model.layout), K, seed: seedKeys(model.simulation.seed), Z: new Float64Array(T * K), history: new Float64Array((D + 1) * K), D };
}

const emptyChunk = (n: number, { T, S, W }: ChunkShape): VariantChunk => ({
  book: new Float64Array(n * NPM),
  segments: new Float64Array(n * S * NPM),
  periods: new Float64Array(n * T * W),
});

/** Path p of variant v into row j of `out`: its economy, its accounts, the book's totals. */
function runPath(run: PathRun, model: Model, v: VariantModel, p: number, j: number, out: VariantChunk, shape: ChunkShape, start: StartReplay | null): void {
  const { T, S, W, K, seed, Z } = shape;
  const { history, D } = shape;
  factorPath(v.macro, macroNormals(macroRandom(model.simulation.seed, p), K, T), T, Z, history.subarray(0, K));
  if (D > 0) factorHistory(v.macro, macroNormals(historyRandom(model.simulation.seed, p), K, D - 1), D, history);
  run.simulate(pathKeys(seed, p), { Z, history }, out.segments.subarray(j * S * NPM, (j + 1) * S * NPM), out.periods.subarray(j * T * W, (j + 1) * T * W), start);
  bookTotals(out.segments, out.book, j, S);
  if (model.deal) {
    // The deal runs after the path, on its pool's per-period flows (deal/poolFlows.ts).
    const po = out.periods.subarray(j * T * W, (j + 1) * T * W);
    runDeal(model.deal, po, W, dealColumn(model.layout));
  }
}

/** Simulates paths [from, to) of every variant. Depends on (model, path) only. */
export function simulatePaths(model: Model, from: number, to: number): ChunkResult {
  if (model.simulation.redrawBook) return simulateRedrawn(model, from, to);
  const { book, ws } = prepare(model);
  const n = to - from;
  const shape = chunkShape(model);
  // A variant that agrees with the base on every field the start reads (model.ts: its
  // columns, economy and trigger) draws exactly the base's exits from C at the start (the
  // same uniforms on the same curves): it replays them instead of drawing.
  const base = model.variants[0];
  const sameStart = model.variants.map((v, vi) => vi > 0 && agreeThrough(v, base, "start"));
  const schedules = sameStart.some(Boolean) ? Array.from({ length: n }, () => new StartSchedule(base, book.variants[0], model.months)) : null;
  // Variant by variant, so that between two paths only the accounts a path touched are restored.
  const variants = model.variants.map((v, vi): VariantChunk => {
    const out = emptyChunk(n, shape);
    const run = new PathRun(model, v, book, book.variants[vi], ws);
    for (let p = from; p < to; p++) {
      const j = p - from;
      runPath(run, model, v, p, j, out, shape, schedules === null ? null : { schedule: schedules[j], replay: sameStart[vi] });
    }
    return out;
  });
  return { from, to, variants };
}

/**
 * `simulation.redrawBook`: each path draws its own book from (seed, path) (book.ts
 * `bookKeys`), shared by its variants, and runs them on it in turn, the base first so that
 * a variant with its columns and economy replays its starting draws. The workspace is the
 * model's (its sizes depend on the segments' slots only); each new book restores it whole.
 */
function simulateRedrawn(model: Model, from: number, to: number): ChunkResult {
  const { ws } = prepare(model);
  const n = to - from;
  const shape = chunkShape(model);
  const base = model.variants[0];
  const variants = model.variants.map(() => emptyChunk(n, shape));
  for (let p = from; p < to; p++) {
    const book = buildBook(model, bookKeys(model, p));
    const sameStart = model.variants.map((v, vi) => vi > 0 && agreeThrough(v, base, "start"));
    const schedule = sameStart.some(Boolean) ? new StartSchedule(base, book.variants[0], model.months) : null;
    model.variants.forEach((v, vi) => {
      const run = new PathRun(model, v, book, book.variants[vi], ws);
      runPath(run, model, v, p, p - from, variants[vi], shape, schedule === null ? null : { schedule, replay: sameStart[vi] });
    });
  }
  return { from, to, variants };
}
