/**
 * One pool of engine workers for the browser and Node alike: the environment only says
 * how to start a worker (src/run/node.ts, src/run/browser.ts). A run loads its scenarios
 * into each worker it uses once, cuts its paths into chunks of a fixed size, hands them
 * out as workers free up and merges the results in path order. The engine's numbers
 * depend on (seed, path) only, so any number of workers gives the same bytes.
 */
import type { Tapes } from "../data/tapes.ts";
import { releaseProxy, type Remote } from "comlink";
import type { ChunkResult } from "../engine/layout.ts";
import { mergeChunks } from "../result/mergeChunks.ts";
import type { NamedScenario } from "../scenario/parse.ts";
import { RunningLoss, Throttle } from "./progress.ts";
import type { Progress } from "./types.ts";
import type { RunFacts } from "./plan.ts";
import type { EclReport, WorkerApi } from "./workerApi.ts";

/**
 * Paths per chunk. Fixed, never derived from the worker count, so a run's units of work
 * are the same on every machine; small enough that cancelling loses little and the
 * progress moves, large enough that messages cost nothing against the simulation.
 */
export const CHUNK_PATHS = 16;

/** A started worker, as an environment hands it to the pool. */
export interface PoolWorker {
  /**
   * The worker's one comlink proxy, kept as long as the worker: a proxy over the same
   * worker made and dropped elsewhere used to end it when collected (exposeUntilTerminated).
   */
  api: Remote<WorkerApi>;
  /**
   * Registers the listener told, with a one-line reason, when the worker dies or fails on
   * its own (an uncaught error, an exit, a message that cannot be read). Not told after
   * `terminate`.
   */
  onLost(listener: (reason: string) => void): void;
  /** Stops the worker; resolves once it is gone. */
  terminate(): Promise<void>;
}

export type SpawnWorker = () => PoolWorker;

export interface PoolJob {
  /** The run's scenarios, base first: sent to each worker once, when the run first uses it. */
  variants: NamedScenario[];
  /** The loan tapes its segments name, by path; sent with the scenarios. */
  tapes?: Tapes;
  /** Paths of the whole run. */
  paths: number;
  /** Most workers the run uses; default: the pool's size. */
  workers?: number;
  /** The paths [from, to) to run, for one shard of the run; default all of them. */
  range?: readonly [number, number];
}

/**
 * The chunks finished from a run's first path with no gap, as a partial result hands them
 * on: not merged, so that a caller whose summaries are made elsewhere sends only the chunks
 * new since the last partial (runScenario.ts), where merging the whole prefix here took up
 * to about 33 ms at every partial on the page's thread (500 paths of the welcome notebook).
 */
export interface Prefix {
  /** The chunks in path order, the pool's own: read them, never change or transfer them. */
  chunks: readonly ChunkResult[];
  /** How many of the last chunks are new since the run's previous partial result (all of them at the first). */
  added: number;
  /** The paths [from, to) the chunks cover. */
  from: number;
  to: number;
}

export interface PoolHooks {
  /**
   * Called at most once every `progressIntervalMs` (default 100 ms), with every partial
   * result (before `onPartial`, so that the two agree), and once when the last path is done.
   */
  onProgress?(progress: Progress): void;
  /**
   * The chunks finished so far from path 0 with no gap, at most once every
   * `partialIntervalMs` (default 500 ms), when that prefix has grown; never for the whole run.
   */
  onPartial?(prefix: Prefix): void;
  progressIntervalMs?: number;
  partialIntervalMs?: number;
}

/**
 * How a run ended. A cancelled run keeps the chunks finished from path 0 with no gap
 * (null when the first chunk had not finished); chunks finished past a gap are dropped.
 */
export type PoolOutcome =
  | { kind: "done"; chunk: ChunkResult }
  | { kind: "cancelled"; chunk: ChunkResult | null }
  | { kind: "failed"; message: string };

export interface PoolRun {
  outcome: Promise<PoolOutcome>;
  /** Stops handing out chunks and ends the busy workers; the outcome follows. */
  cancel(): void;
}

export interface PoolOptions {
  /** Paths per chunk; default CHUNK_PATHS. */
  chunkPaths?: number;
  /**
   * Paths of a run's first chunk, doubling up to `chunkPaths` (chunkRanges); default
   * `chunkPaths`. The page's first partial result waits for the first chunk only: a small
   * one draws a moved slider's first paths at once.
   */
  leadPaths?: number;
  /**
   * A cancelled run waits for its busy workers' chunks, instead of ending the workers, when
   * every request of the pool's last finished run took at most this long and the one in
   * flight has not yet; default 0, never. A slider moved again while its run goes cancels it:
   * a new worker would load its code and compile the engine again (about a second, in the
   * page on two busy cores), where a short chunk ends in tens of milliseconds.
   */
  drainMs?: number;
  /** Clock in milliseconds; default performance.now. */
  now?: () => number;
}

interface Slot {
  worker: PoolWorker;
  alive: boolean;
  /** The run whose scenarios this worker holds; 0 for none. */
  loaded: number;
  /** The scenarios it holds, as the run or the ECL request handed them; null for none. */
  held: NamedScenario[] | null;
  /** Rejects the call in flight, when the worker is lost or the run stops. */
  abort: ((error: Error) => void) | null;
  /** When the call in flight was sent (the pool's clock). */
  since: number;
}

type Stop = { kind: "cancelled" } | { kind: "failed"; message: string };

/**
 * The chunks [from, to) of `paths` paths, from path `first` on: `size` paths each, after a
 * lead of smaller ones from `lead` paths, doubling (lead 4, size 16: 4, 8, 16, 16, …), so
 * that the first paths come back, and can be drawn, before a whole chunk is done.
 */
export function chunkRanges(paths: number, size: number, first = 0, lead = size): [number, number][] {
  const ranges: [number, number][] = [];
  let n = Math.max(1, Math.min(lead, size));
  for (let from = 0; from < paths; from += n, n = Math.min(size, 2 * n)) ranges.push([first + from, first + Math.min(paths, from + n)]);
  return ranges;
}

/** The first line of an error's message: what the run's outcome reports. */
const firstLine = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split("\n")[0];

/**
 * Up to `size` workers, started when a run first needs them and kept between runs. One
 * run at a time. A worker that crashes or throws fails the run: the engine is
 * deterministic, so running its chunk again would fail the same way.
 */
export class WorkerPool {
  private readonly slots: (Slot | null)[];
  private readonly chunkPaths: number;
  private readonly leadPaths: number;
  private readonly drainMs: number;
  /** The longest request (a load, or a chunk) of the last run that finished; 0 before any. */
  private slowestMs = 0;
  private readonly now: () => number;
  private current: PoolRun | null = null;
  private closed = false;
  /** Runs started so far: the id of the latest. */
  private runs = 0;

  constructor(
    private readonly spawn: SpawnWorker,
    readonly size: number,
    options: PoolOptions = {},
  ) {
    if (!(Number.isInteger(size) && size >= 1)) throw new Error(`WorkerPool: size ${size} is not a positive integer`);
    this.slots = Array.from({ length: size }, () => null);
    this.chunkPaths = options.chunkPaths ?? CHUNK_PATHS;
    this.leadPaths = options.leadPaths ?? this.chunkPaths;
    this.drainMs = options.drainMs ?? 0;
    this.now = options.now ?? (() => performance.now());
  }

  /** Workers started and not yet lost or stopped. */
  get live(): number {
    return this.slots.filter((s) => s?.alive).length;
  }

  /**
   * Starts every worker now, before any run, so that their start overlaps other work (the
   * page parsing its notebook). A run would otherwise start them when it first needs them.
   */
  warm(): void {
    if (this.closed) throw new Error("WorkerPool.warm: the pool is closed");
    for (let i = 0; i < this.size; i++) this.slot(i);
  }

  /** Runs paths [0, job.paths), or job.range. Throws if a run is in progress or the pool is closed. */
  run(job: PoolJob, hooks: PoolHooks = {}): PoolRun {
    if (this.closed) throw new Error("WorkerPool.run: the pool is closed");
    if (this.current) throw new Error("WorkerPool.run: a run is in progress; cancel it and await its outcome first");
    if (!(Number.isInteger(job.paths) && job.paths >= 1)) throw new Error(`WorkerPool.run: ${job.paths} paths`);
    if (job.workers !== undefined && !(Number.isInteger(job.workers) && job.workers >= 1)) {
      throw new Error(`WorkerPool.run: ${job.workers} workers`);
    }
    const [from, to] = job.range ?? [0, job.paths];
    if (!(Number.isInteger(from) && Number.isInteger(to) && 0 <= from && from < to && to <= job.paths)) {
      throw new Error(`WorkerPool.run: range ${from}..${to} of ${job.paths} paths`);
    }
    const id = ++this.runs;
    let stop: Stop | null = null;
    let settled = false;
    const stopping: Promise<void>[] = [];
    const halt = (s: Stop) => {
      if (stop || settled) return;
      stop = s;
      // Busy workers are ended, not waited for: a chunk may take seconds. Idle ones stay, and
      // so do busy ones on a cancel when their requests are short (drainMs).
      const drain = s.kind === "cancelled" && this.slowestMs > 0 && this.slowestMs <= this.drainMs;
      for (const slot of this.slots) {
        if (slot?.abort && !(drain && this.now() - slot.since <= this.drainMs)) stopping.push(this.stop(slot, new Error(s.kind)));
      }
    };
    const outcome = this.execute(id, job, hooks, () => stop, halt)
      .then(async (o) => {
        await Promise.all(stopping);
        return o;
      })
      .finally(() => {
        settled = true;
        this.current = null;
      });
    const run: PoolRun = { outcome, cancel: () => halt({ kind: "cancelled" }) };
    this.current = run;
    return run;
  }

  /**
   * The expected credit loss of a run's book (`provisioning`), computed by one worker: the
   * first, which a run that has just ended holds loaded, so that its book is not built
   * again; it loads `job` when it holds other scenarios. Throws if a run is in progress.
   */
  async ecl(job: Pick<PoolJob, "variants" | "tapes">): Promise<EclReport> {
    if (this.closed) throw new Error("WorkerPool.ecl: the pool is closed");
    if (this.current) throw new Error("WorkerPool.ecl: a run is in progress");
    const slot = this.slot(0);
    if (slot.held !== job.variants) {
      slot.loaded = 0;
      await this.call(slot, (api) => api.load(job.variants, job.tapes));
      slot.held = job.variants;
    }
    return this.call(slot, (api) => api.ecl());
  }

  /**
   * Asks the started workers to prepare scenarios a run may soon ask for (WorkerApi.prepare)
   * while no run holds the pool, so that their book is built before the run. Starts no
   * worker, and never fails: a run asks for what it needs anyway.
   */
  prepare(candidates: NamedScenario[][]): void {
    if (this.closed || this.current || candidates.length === 0) return;
    const live = this.slots.filter((s): s is Slot => s?.alive === true);
    // Each candidate to one worker, in turn: a run's first paths go to the worker that holds
    // its scenarios (execute), so one worker a candidate is enough, and a second would build
    // the same book again on a core the page shares. Workers left over prepare nothing.
    if (live.length === 0) return;
    candidates.forEach((candidate, k) => {
      live[k % live.length].worker.api.prepare(candidate).catch(() => undefined);
    });
  }

  /**
   * A run's facts (WorkerApi.describe) from an idle started worker, which keeps the model for
   * the run's `load`; null when no worker is started and idle (a cancelled run's draining
   * one is not waited for), or it fails: the run then compiles its own. Starts no worker.
   */
  async describe(variants: NamedScenario[], workers: number, budgetBytes: number, paths: number): Promise<RunFacts | null> {
    if (this.closed) return null;
    const idle = this.slots.find((s): s is Slot => s?.alive === true && s.abort === null);
    if (!idle) return null;
    return this.call(idle, (api) => api.describe(variants, workers, budgetBytes, paths)).catch(() => null);
  }

  /** Cancels the run in progress, if any, and stops every worker. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.current) {
      this.current.cancel();
      await this.current.outcome;
    }
    await Promise.all(this.slots.map((s) => (s ? this.stop(s, new Error("closed")) : undefined)));
  }

  private async execute(
    id: number,
    job: PoolJob,
    hooks: PoolHooks,
    stopped: () => Stop | null,
    halt: (s: Stop) => void,
  ): Promise<PoolOutcome> {
    const [first, end] = job.range ?? [0, job.paths];
    const total = end - first;
    const ranges = chunkRanges(total, this.chunkPaths, first, this.leadPaths);
    const results: (ChunkResult | null)[] = ranges.map(() => null);
    const start = this.now();
    const loss = new RunningLoss();
    const progressGate = new Throttle(hooks.progressIntervalMs ?? 100, this.now);
    const partialGate = new Throttle(hooks.partialIntervalMs ?? 500, this.now);
    let next = 0;
    let done = 0;
    let prefix = 0; // chunks finished from path 0 with no gap
    let prefixShown = 0;

    const record = (c: number, chunk: ChunkResult) => {
      results[c] = chunk;
      done += chunk.to - chunk.from;
      loss.add(chunk);
      while (prefix < ranges.length && results[prefix]) prefix++;
      const partial = hooks.onPartial !== undefined && prefix > prefixShown && prefix < ranges.length && partialGate.ready();
      const added = prefix - prefixShown;
      if (partial) prefixShown = prefix;
      const partialPaths = prefixShown === 0 ? 0 : ranges[prefixShown - 1][1] - first;
      if (hooks.onProgress && progressGate.ready(partial || done === total)) {
        hooks.onProgress(loss.progress(done, total, this.now() - start, partialPaths));
      }
      if (partial) hooks.onPartial!({ chunks: results.slice(0, prefix) as ChunkResult[], added, from: first, to: first + partialPaths });
    };

    let slowest = 0;
    const timed = async <T>(request: Promise<T>): Promise<T> => {
      const sent = this.now();
      const answer = await request;
      slowest = Math.max(slowest, this.now() - sent);
      return answer;
    };
    const work = async (i: number) => {
      // A failure before the worker took a chunk names the paths it would have taken next.
      const failed = (e: unknown, [from, to] = ranges[Math.min(next, ranges.length - 1)]) => halt({ kind: "failed", message: `paths ${from}–${to - 1}: ${firstLine(e)}` });
      while (!stopped() && next < ranges.length) {
        let slot: Slot;
        try {
          slot = this.slot(i);
        } catch (e) {
          failed(e);
          return;
        }
        if (slot.loaded !== id) {
          // The chunk is taken once the worker holds the run: the first paths go to the worker
          // ready first (one that had the scenarios prepared: WorkerPool.prepare).
          try {
            slot.held = null;
            await timed(this.call(slot, (api) => api.load(job.variants, job.tapes)));
            slot.loaded = id;
            slot.held = job.variants;
          } catch (e) {
            failed(e);
            return;
          }
          continue;
        }
        const c = next++;
        const [from, to] = ranges[c];
        let chunk: ChunkResult;
        try {
          chunk = await timed(this.call(slot, (api) => api.simulate(from, to)));
        } catch (e) {
          failed(e, [from, to]);
          return;
        }
        // A chunk that ended after a cancel (drainMs) is not kept: the run ended before it.
        if (stopped()) return;
        try {
          record(c, chunk);
        } catch (e) {
          halt({ kind: "failed", message: `a progress hook failed: ${firstLine(e)}` });
        }
      }
    };
    const workers = Math.min(this.size, job.workers ?? this.size, ranges.length);
    await Promise.all(Array.from({ length: workers }, (_, i) => work(i)));

    const s = stopped();
    if (s === null) {
      this.slowestMs = slowest;
      return { kind: "done", chunk: mergeChunks(results as ChunkResult[]) };
    }
    if (s.kind === "failed") return s;
    return { kind: "cancelled", chunk: prefix > 0 ? mergeChunks(results.slice(0, prefix) as ChunkResult[]) : null };
  }

  /** The worker of slot i, started again if it was lost or stopped. */
  private slot(i: number): Slot {
    const old = this.slots[i];
    if (old?.alive) return old;
    const slot: Slot = { worker: this.spawn(), alive: true, loaded: 0, held: null, abort: null, since: 0 };
    slot.worker.onLost((reason) => {
      slot.alive = false;
      slot.abort?.(new Error(reason));
      void slot.worker.terminate(); // a Web Worker outlives an uncaught error
    });
    this.slots[i] = slot;
    return slot;
  }

  /** One request to the slot's worker, rejected early if the worker is lost or the run stops. */
  private call<T>(slot: Slot, request: (api: PoolWorker["api"]) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      slot.abort = reject;
      slot.since = this.now();
      request(slot.worker.api).then(resolve, reject);
    }).finally(() => {
      slot.abort = null;
    });
  }

  /** Rejects the slot's call in flight with `reason`, releases its proxy and ends it. */
  private async stop(slot: Slot, reason: Error): Promise<void> {
    const wasAlive = slot.alive;
    slot.alive = false;
    slot.abort?.(reason);
    if (!wasAlive) return slot.worker.terminate();
    slot.worker.api[releaseProxy]();
    await slot.worker.terminate();
  }
}
