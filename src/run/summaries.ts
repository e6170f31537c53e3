/**
 * Run summaries made on a summary worker (the page's: workers/summary.worker.ts), both
 * sides of it. The worker sums up a run's paths (quantiles, error bars, fans of every
 * metric), which took 35–180 ms a partial result on the page's thread. For partial
 * results it also holds the run's paths: the page hands over each chunk once, as it joins
 * the paths finished from the run's first with no gap, and asks for the summary of what it
 * holds. The page's thread then neither merges the whole prefix at every partial (up to
 * about 33 ms at 500 paths of the welcome notebook) nor copies it to the worker again.
 */
import { transfer, type Remote } from "comlink";
import { chunkBuffers, type ChunkResult, type VariantChunk } from "../engine/layout.ts";
import { mergeChunks } from "../result/mergeChunks.ts";
import type { ResultFile } from "../result/resultFile.ts";
import { summarizeRun, type RunMeta } from "../result/summarizeRun.ts";

/** One run's paths, handed over once each and held elsewhere, and their summaries (runScenario.ts: RunEnvironment.prefixes). */
export interface PrefixSummarizer {
  /**
   * Hands over chunks that continue those handed over before, in path order, the first at
   * the run's first path. The caller keeps its chunks: they are copied, never changed.
   */
  extend(chunks: readonly ChunkResult[]): void;
  /**
   * summarizeRun of the paths handed over, from the first to `to` (the end of one of the
   * chunks handed over); rejects when they are not all held (the worker failed meanwhile).
   */
  summarize(meta: RunMeta, to: number): Promise<ResultFile>;
  /** The run is over: drops the paths held. */
  end(): void;
}

/** What the summary worker offers. */
export interface SummaryWorkerApi {
  /** summarizeRun of `chunk`. */
  summarize(meta: RunMeta, chunk: ChunkResult): Promise<ResultFile>;
  /**
   * Holds `chunks` of run `run`, whose paths are [from, to): each must start where those held
   * before end, the first at `from`. Chunks held for another run are dropped first: one run's
   * paths are held at a time.
   */
  extend(run: number, range: readonly [number, number], chunks: ChunkResult[]): Promise<void>;
  /**
   * summarizeRun of paths [from, to) of run `run`, held: rejects when they are not all held
   * (a worker started again has lost them, or a chunk never came).
   */
  summarizeHeld(run: number, meta: RunMeta, from: number, to: number): Promise<ResultFile>;
  /** Drops the paths held for run `run`, if it is the run held. */
  drop(run: number): Promise<void>;
}

/** A run's paths as the summary worker holds them. */
interface Held {
  run: number;
  from: number;
  to: number;
  /** Paths [from, filled) are in `variants`. */
  filled: number;
  /** A chunk came that does not continue the paths held: nothing more is held for the run. */
  broken: boolean;
  /** Each array as long as the whole run's, allocated at the first chunk; null before it. */
  variants: VariantChunk[] | null;
}

/** The summary worker's side. */
export function createSummaryApi(): SummaryWorkerApi {
  // The run's paths merged as they come: each chunk is copied once into arrays allocated for
  // the whole run, and a summary reads the paths held so far through views of them. Neither
  // the paths held nor any merge is copied again at each partial result, and the memory
  // held is that of the run's paths once.
  let held: Held | null = null;
  return {
    async summarize(meta, chunk) {
      return summarizeRun(meta, chunk);
    },
    async extend(run, [from, to], chunks) {
      if (held?.run !== run) held = { run, from, to, filled: from, broken: false, variants: null };
      const h = held;
      for (const c of chunks) {
        if (h.broken || c.from !== h.filled || c.to > h.to) {
          h.broken = true;
          h.variants = null;
          return;
        }
        const n = c.to - c.from;
        h.variants ??= eachArray(c.variants, (a) => new Float64Array((a.length / n) * (h.to - h.from)));
        // Every array holds its paths one after another, each the same length (layout.ts).
        const put = (into: Float64Array, part: Float64Array) => into.set(part, (part.length / n) * (c.from - h.from));
        c.variants.forEach((v, i) => {
          const into = h.variants![i];
          put(into.book, v.book);
          put(into.segments, v.segments);
          put(into.periods, v.periods);
        });
        h.filled = c.to;
      }
    },
    async summarizeHeld(run, meta, from, to) {
      const h = held;
      if (!h || h.run !== run || h.broken || !h.variants || h.from !== from || to > h.filled || to <= from) {
        throw new Error(`the summary worker does not hold paths ${from}..${to} of this run`);
      }
      // summarizeRun reads the arrays and copies what it sorts: the views leave the run's paths as they are.
      return summarizeRun(meta, { from, to, variants: pathViews(h.variants, [h.from, h.to], from, to) });
    },
    async drop(run) {
      if (held?.run === run) held = null;
    },
  };
}

/**
 * Sends one request to the summary worker and answers it: rejects if the worker fails
 * meanwhile (browser.ts), or starts one if none runs.
 */
export type AskSummaryWorker = <T>(request: (api: Remote<SummaryWorkerApi>) => Promise<T>) => Promise<T>;

/** A copy of the chunk, its own buffers, to transfer while the caller keeps the original. */
function copyChunk(chunk: ChunkResult): ChunkResult {
  return { from: chunk.from, to: chunk.to, variants: eachArray(chunk.variants, (a) => a.slice()) };
}

/** Runs that held their paths on a summary worker so far: the id of the latest. */
let runs = 0;

/**
 * The page's side: each run, of paths [from, to), its own PrefixSummarizer (RunEnvironment.prefixes). Chunks are
 * copied once each and the copies transferred, so the worker's are its own and the run
 * keeps its chunks for its outcome. A summary of at most `here` paths is made on this
 * thread (a moved slider's first paths: a few ms, less than the way to the worker and back).
 */
export function prefixSummaries(ask: AskSummaryWorker, here: number): (from: number, to: number) => PrefixSummarizer {
  return (from, to) => {
    const run = ++runs;
    // The caller's chunks handed over, by reference: for a summary made here.
    const handed: ChunkResult[] = [];
    return {
      extend(chunks) {
        if (chunks.length === 0) return;
        handed.push(...chunks);
        const copies = chunks.map(copyChunk);
        // A lost message is found when a summary is asked (summarizeHeld checks the range).
        ask((api) => api.extend(run, [from, to], transfer(copies, copies.flatMap(chunkBuffers)))).catch(() => undefined);
      },
      summarize(meta, end) {
        if (handed.length === 0) return Promise.reject(new Error("no paths handed over"));
        if (end - from <= here) return Promise.resolve(summarizeRun(meta, mergeChunks(handed.filter((c) => c.to <= end))));
        return ask((api) => api.summarizeHeld(run, meta, from, end));
      },
      end() {
        handed.length = 0;
        ask((api) => api.drop(run)).catch(() => undefined);
      },
    };
  };
}

/** Paths [at, chunk.to) of a chunk, as views of its arrays. */
export function chunkTail(chunk: ChunkResult, at: number): ChunkResult {
  return { from: at, to: chunk.to, variants: pathViews(chunk.variants, [chunk.from, chunk.to], at, chunk.to) };
}

/** Each array of each variant, through `f`. */
function eachArray(variants: readonly VariantChunk[], f: (a: Float64Array) => Float64Array): VariantChunk[] {
  return variants.map((v) => ({ book: f(v.book), segments: f(v.segments), periods: f(v.periods) }));
}

/**
 * Paths [from, to) of arrays that hold paths [first, last), as views: every array holds its
 * paths one after another, each the same length (layout.ts), so a range of paths is a range of each.
 */
function pathViews(variants: readonly VariantChunk[], [first, last]: readonly [number, number], from: number, to: number): VariantChunk[] {
  return eachArray(variants, (a) => {
    const width = a.length / (last - first);
    return a.subarray(width * (from - first), width * (to - first));
  });
}
