/**
 * A run from request to outcome, the same in the browser and in Node: parse, apply the
 * overrides, check the size against the machine, simulate on a worker pool, summarize.
 * What differs between the two (how workers start, how text is hashed, how much memory
 * there is) comes in as a RunEnvironment.
 */
import { tapePaths } from "../data/tapeRules.ts";
import pkg from "../../package.json" with { type: "json" };
import { summarizeRun, type RunMeta } from "../result/summarizeRun.ts";
import type { ChunkResult } from "../engine/layout.ts";
import { mergeChunks } from "../result/mergeChunks.ts";
import { compileModel } from "../engine/model.ts";
import type { ResultFile } from "../result/resultFile.ts";
import { err, ok, type Result } from "../util/result.ts";
import { applyOverrides, parseScenario, type NamedScenario, type ParsedScenario } from "../scenario/parse.ts";
import { runFacts, type RunFacts } from "./plan.ts";
import { shardRange } from "./shard.ts";
import { chunkRanges, CHUNK_PATHS, type PoolOutcome, type Prefix, type WorkerPool } from "./pool.ts";
import { chunkTail, type PrefixSummarizer } from "./summaries.ts";
import type { Progress, RunHandle, RunOutcome, RunRequest } from "./types.ts";
import type { EclReport } from "./workerApi.ts";

/** The package version: the `engine` of result files. */
export const ENGINE_VERSION: string = pkg.version;

export interface RunHooks {
  /** Progress at most once every `progressIntervalMs` (default 100 ms), and once at the end. */
  onProgress?(progress: Progress): void;
  /**
   * The paths finished so far from path 0, summarized (`partial: true`), at most once every
   * `partialIntervalMs` (default 500 ms): for charts that fill in while a run goes. Each
   * comes after the progress event that says its paths (Progress.partialPaths).
   */
  onPartial?(partial: { result: ResultFile }): void;
  progressIntervalMs?: number;
  partialIntervalMs?: number;
  /** Narrows the parsed scenario before it runs (e.g. to one variant); a string is a one-line error. */
  select?(parsed: ParsedScenario): Result<ParsedScenario, string>;
}

/** What a run needs from where it runs. */
export interface RunEnvironment {
  /** Workers when the request names none. */
  defaultWorkers: number;
  /** Bytes a run may plan to use (see plan.ts). */
  memoryBudget: number;
  /** Lower-case hex SHA-256 of the scenario's text. */
  sha256(text: string): Promise<string>;
  /**
   * A pool of at least `size` workers for one run, free of any other run, and what to do
   * with it afterwards (stop it, or keep it for the next run). The run uses `size` of them.
   */
  acquirePool(size: number): Promise<{ pool: WorkerPool; release(): Promise<void> }>;
  /**
   * What the run needs of its model (plan.ts runFacts) from a worker that keeps the model
   * for the run (the page's pool: compiling it on the page's thread was a long task at load,
   * 80–120 ms); null when none can, and the run compiles it on its own thread. Not asked for
   * scenarios that read loan tapes (their rows would cross to the worker twice).
   */
  describe?(variants: NamedScenario[], workers: number, budgetBytes: number, paths: number): Promise<RunFacts | null>;
  /**
   * `summarizeRun` off this thread (the page's summary worker), the same numbers: summing up
   * every metric of hundreds of paths took 35–180 ms a partial result on the page's thread,
   * long enough to make a slider's drag or typing stutter. Without it, or when it fails,
   * the run summarizes on its own thread.
   */
  summarize?(meta: RunMeta, chunk: ChunkResult): Promise<ResultFile>;
  /**
   * A run's paths [from, to) held off this thread as they finish, and summarized there (the page's
   * summary worker: summaries.ts), for its partial results and its final one: merging the
   * whole prefix here at every partial result took up to about 33 ms at 500 paths, and
   * `summarize` copied it over again each time. Without it, partial results are merged and
   * summarized as `summarize` says; when it fails, the same.
   */
  prefixes?(from: number, to: number): PrefixSummarizer;
}

/**
 * Starts a run. Cancelling keeps the finished paths from path 0 (see PoolOutcome); a
 * scenario error, a run too large for the machine and a worker failure are outcomes. The
 * outcome rejects only on a bug.
 */
export function runScenario(request: RunRequest, hooks: RunHooks, env: RunEnvironment): RunHandle {
  let cancelled = false;
  let cancelPool: (() => void) | null = null;
  const outcome = run(request, hooks, env, {
    cancelled: () => cancelled,
    started: (cancel) => (cancelPool = cancel),
  });
  return {
    outcome,
    cancel() {
      cancelled = true;
      cancelPool?.();
    },
  };
}

interface Control {
  cancelled(): boolean;
  started(cancel: () => void): void;
}

async function run(request: RunRequest, hooks: RunHooks, env: RunEnvironment, control: Control): Promise<RunOutcome> {
  const parsed = request.parsed ? ok(request.parsed) : parseScenario(request.text, request.file);
  if (!parsed.ok) return { kind: "invalid", errors: parsed.error };
  const overridden = applyOverrides(parsed.value, { paths: request.paths, seed: request.seed });
  const selected = hooks.select ? hooks.select(overridden) : { ok: true as const, value: overridden };
  if (!selected.ok) return { kind: "failed", message: selected.error };
  const { scenario, variants } = selected.value;
  const tapes = request.tapes ?? {};
  const unread = tapePaths(variants.map((v) => v.scenario)).filter((path) => !(path in tapes));
  if (unread.length > 0) {
    return {
      kind: "failed",
      // The command line reads every tape before it runs, and the page asks for one not attached
      // before it runs (src/ui/cells/CellTapes.svelte): only a caller that passed none is here.
      message: `This scenario reads ${unread.join(", ")}: attach it (on the command line, put it beside the scenario file)`,
    };
  }
  // The model's simulation settings are the base scenario's (compileModel).
  const { paths, seed, horizonMonths, periodMonths } = variants[0].scenario.simulation;
  const range = request.shard ? shardRange(paths, request.shard) : undefined;
  if (range && range[0] === range[1]) {
    return { kind: "failed", message: `shard ${request.shard!.index}/${request.shard!.count} of ${paths} paths holds no path: use at most ${paths} shards` };
  }
  const runPaths = range ? range[1] - range[0] : paths;
  // More workers than chunks would only build books that never run.
  const workers = Math.max(1, Math.min(request.workers ?? env.defaultWorkers, chunkRanges(runPaths, CHUNK_PATHS).length));
  // The model's layout heads the result, and its size is checked against the machine: from a
  // worker that keeps the model for the run when the environment has one, else compiled here.
  // Each worker compiles its own from the same scenarios when the pool loads them.
  const asked = env.describe && Object.keys(tapes).length === 0 ? await env.describe(variants, workers, env.memoryBudget, runPaths) : null;
  const { layout, refusal } = asked ?? runFacts(compileModel(variants, tapes), workers, env.memoryBudget, runPaths);
  if (refusal) return { kind: "failed", message: refusal };
  const sha256 = await env.sha256(digestedText(request));
  if (control.cancelled()) return { kind: "cancelled", result: null, chunk: null };
  const meta = (partial: boolean): RunMeta => ({
    layout,
    variantNames: variants.map((v) => v.name),
    scenarioName: scenario.name,
    sha256,
    seed,
    paths,
    horizonMonths,
    periodMonths,
    engine: ENGINE_VERSION,
    samples: request.samples ?? false,
    partial,
  });

  const summarize = async (m: RunMeta, chunk: ChunkResult): Promise<ResultFile> => {
    if (!env.summarize) return summarizeRun(m, chunk);
    return env.summarize(m, chunk).catch(() => summarizeRun(m, chunk));
  };
  // Paths held elsewhere, for partial results: the chunks of each new prefix are handed over
  // at once, whether or not its summary is made (latestOnly may skip it), so that what is
  // held never has a gap. `heldTo` is the end of the paths handed over.
  const [runFrom, runTo] = range ?? [0, paths];
  const held = hooks.onPartial && env.prefixes ? env.prefixes(runFrom, runTo) : null;
  let heldTo = runFrom;
  // Partial results summarized elsewhere arrive later: one is summarized at a time, the latest
  // prefix waiting meanwhile (an older one is dropped), and none is shown once the run ended.
  let over = false;
  const show = async (prefix: Prefix): Promise<void> => {
    // A prefix that waited while the run ended is not summarized: the outcome's summary would wait behind it.
    if (over) return;
    // Merged here only when no worker holds the paths, and not for a run already over.
    const here = () => (over ? null : summarize(meta(true), mergeChunks(prefix.chunks)));
    const result = held ? await held.summarize(meta(true), prefix.to).catch(here) : await here();
    if (!over && result) hooks.onPartial!({ result });
  };
  const shown = latestOnly(show);
  const partials =
    hooks.onPartial &&
    (held
      ? (prefix: Prefix) => {
          held.extend(prefix.chunks.slice(prefix.chunks.length - prefix.added));
          heldTo = prefix.to;
          shown(prefix);
        }
      : env.summarize
        ? shown
        : (prefix: Prefix) => hooks.onPartial!({ result: summarizeRun(meta(true), mergeChunks(prefix.chunks)) }));
  /** The summary of a run's outcome: of the paths held elsewhere when they are (the rest handed over first), else `summarize`. */
  const summarizeOutcome = async (m: RunMeta, chunk: ChunkResult): Promise<ResultFile> => {
    if (held) {
      if (heldTo < chunk.to) held.extend([chunkTail(chunk, heldTo)]);
      heldTo = chunk.to;
      const result = await held.summarize(m, chunk.to).catch(() => null);
      if (result) return result;
    }
    return summarize(m, chunk);
  };

  const { pool, release } = await env.acquirePool(workers);
  let ended: PoolOutcome;
  let ecl: Result<EclReport, string> | undefined;
  try {
    if (control.cancelled()) return { kind: "cancelled", result: null, chunk: null };
    const poolRun = pool.run(
      { variants, tapes, paths, workers, range },
      {
        onProgress: hooks.onProgress,
        onPartial: partials,
        progressIntervalMs: hooks.progressIntervalMs,
        partialIntervalMs: hooks.partialIntervalMs,
      },
    );
    control.started(poolRun.cancel);
    if (control.cancelled()) poolRun.cancel();
    ended = await poolRun.outcome;
    over = true;
    // The provision of the book at the start: on the worker that holds the run already.
    if (ended.kind === "done" && request.ecl && variants.some((v) => v.scenario.provisioning)) {
      ecl = await pool.ecl({ variants, tapes }).then(
        (report) => ok(report),
        (e: unknown) => err((e instanceof Error ? e.message : String(e)).split("\n")[0]),
      );
    }
  } finally {
    await release();
  }
  try {
    switch (ended.kind) {
      case "done":
        // A shard's summary covers its own paths only: a part of the run, so partial.
        return { kind: "done", result: await summarizeOutcome(meta(range !== undefined), ended.chunk), chunk: ended.chunk, meta: meta(false), ...(ecl ? { ecl } : {}) };
      case "cancelled":
        return ended.chunk
          ? { kind: "cancelled", result: await summarizeOutcome(meta(true), ended.chunk), chunk: ended.chunk }
          : { kind: "cancelled", result: null, chunk: null };
      case "failed":
        return { kind: "failed", message: ended.message };
      default:
        return ended satisfies never;
    }
  } finally {
    held?.end();
  }
}

/**
 * `work` of one value at a time: a value given while one is in work waits, and replaces the
 * one waiting before it. A failure of `work` rejects unhandled, so that it is seen.
 */
export function latestOnly<T>(work: (value: T) => Promise<void>): (value: T) => void {
  let working = false;
  let waiting: { value: T } | null = null;
  const take = (value: T): void => {
    if (working) {
      waiting = { value };
      return;
    }
    working = true;
    void work(value).finally(() => {
      working = false;
      const next = waiting;
      waiting = null;
      if (next) take(next.value);
    });
  };
  return take;
}

/**
 * What the result's scenario sha256 is of: the scenario's text, and with loan tapes a line
 * a tape (its path and its own sha256) after it, so that chunks of runs on different tapes
 * never merge.
 */
function digestedText(request: RunRequest): string {
  const digests = request.tapeDigests ?? {};
  const paths = Object.keys(digests).sort();
  if (paths.length === 0) return request.text;
  return `${request.text}\n${paths.map((path) => `tape ${path} sha256 ${digests[path]}`).join("\n")}\n`;
}
