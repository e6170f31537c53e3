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
import { chunkBuffers, type ChunkResult } from "../engine/layout.ts";
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
   * Holds `chunks` (in path order, after those held before) for run `run`; chunks held for
   * another run are dropped first: one run's paths are held at a time.
   */
  extend(run: number, chunks: ChunkResult[]): Promise<void>;
  /**
   * summarizeRun of the chunks held for run `run` that cover paths [from, to): rejects
   * when they do not tile that range (a worker started again has lost them).
   */
  summarizeHeld(run: number, meta: RunMeta, from: number, to: number): Promise<ResultFile>;
  /** Drops the chunks held for run `run`, if it is the run held. */
  drop(run: number): Promise<void>;
}

/** The summary worker's side. */
export function createSummaryApi(): SummaryWorkerApi {
  let held: { run: number; chunks: ChunkResult[] } = { run: 0, chunks: [] };
  return {
    async summarize(meta, chunk) {
      return summarizeRun(meta, chunk);
    },
    async extend(run, chunks) {
      if (held.run !== run) held = { run, chunks: [] };
      held.chunks.push(...chunks);
    },
    async summarizeHeld(run, meta, from, to) {
      const chunks = held.run === run ? held.chunks.filter((c) => c.to <= to) : [];
      // Merged again at each partial, here: one merge of a few ms off the page's thread
      // against a summary of tens; the chunks must tile [from, to) for the numbers to be the run's.
      const tiled = chunks.length > 0 && chunks[0].from === from && chunks[chunks.length - 1].to === to && chunks.every((c, i) => i === 0 || c.from === chunks[i - 1].to);
      if (!tiled) throw new Error(`the summary worker does not hold paths ${from}..${to} of this run`);
      return summarizeRun(meta, mergeChunks(chunks));
    },
    async drop(run) {
      if (held.run === run) held = { run: 0, chunks: [] };
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
  return { from: chunk.from, to: chunk.to, variants: chunk.variants.map((v) => ({ book: v.book.slice(), segments: v.segments.slice(), periods: v.periods.slice() })) };
}

/** Runs that held their paths on a summary worker so far: the id of the latest. */
let runs = 0;

/**
 * The page's side: each run its own PrefixSummarizer (RunEnvironment.prefixes). Chunks are
 * copied once each and the copies transferred, so the worker's are its own and the run
 * keeps its chunks for its outcome. A summary of at most `here` paths is made on this
 * thread (a moved slider's first paths: a few ms, less than the way to the worker and back).
 */
export function prefixSummaries(ask: AskSummaryWorker, here: number): () => PrefixSummarizer {
  return () => {
    const run = ++runs;
    // The caller's chunks handed over, by reference: for a summary made here.
    const handed: ChunkResult[] = [];
    return {
      extend(chunks) {
        if (chunks.length === 0) return;
        handed.push(...chunks);
        const copies = chunks.map(copyChunk);
        // A lost message is found when a summary is asked (summarizeHeld checks the range).
        ask((api) => api.extend(run, transfer(copies, copies.flatMap(chunkBuffers)))).catch(() => undefined);
      },
      summarize(meta, to) {
        if (handed.length === 0) return Promise.reject(new Error("no paths handed over"));
        const from = handed[0].from;
        if (to - from <= here) return Promise.resolve(summarizeRun(meta, mergeChunks(handed.filter((c) => c.to <= to))));
        return ask((api) => api.summarizeHeld(run, meta, from, to));
      },
      end() {
        handed.length = 0;
        ask((api) => api.drop(run)).catch(() => undefined);
      },
    };
  };
}

/**
 * Paths [at, chunk.to) of a chunk, as views of its arrays: every array holds its paths one
 * after another, each the same length (layout.ts), so a range of paths is a range of each.
 */
export function chunkTail(chunk: ChunkResult, at: number): ChunkResult {
  const n = chunk.to - chunk.from;
  const skip = at - chunk.from;
  const tail = (a: Float64Array) => a.subarray((a.length / n) * skip);
  return { from: at, to: chunk.to, variants: chunk.variants.map((v) => ({ book: tail(v.book), segments: tail(v.segments), periods: tail(v.periods) })) };
}
