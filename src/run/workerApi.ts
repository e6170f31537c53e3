/**
 * What an engine worker offers, the same in a Web Worker and in a Node worker thread. The
 * worker files only expose this object; everything they do is here, so the browser and
 * Node share one code path, and it can run inline too.
 *
 * A run loads its scenarios into each worker once, then asks for path ranges: the inputs
 * cross the thread boundary and are compiled once per worker and run, and each request
 * after that is two numbers (svelte.dev's REPL worker is sent `init` once the same way).
 */
import { expose, type Endpoint } from "comlink";
import type { ChunkResult } from "../engine/layout.ts";
import type { Tapes } from "../data/tapes.ts";
import { compileModel, type Model } from "../engine/model.ts";
import { simulatePaths } from "../engine/simulate.ts";
import type { NamedScenario } from "../scenario/parse.ts";
import { eclReport, type EclReport } from "../engine/ecl/report.ts";
import { estimateRun, KEPT_BYTES, KEPT_MODELS, runFacts, WORKER_BASE_BYTES, type RunFacts } from "./plan.ts";
import { tapePaths } from "../data/tapeRules.ts";

export type { EclReport };

/** Memory of one worker, in bytes, as its runtime reports it. */
export interface WorkerMemory {
  heapUsed: number;
  /** Memory outside the JavaScript heap: typed-array buffers, mostly. */
  external: number;
}

export interface WorkerApi {
  /**
   * Compiles a run's scenario and its variants (`variants[0]` is the base), with the loan
   * tapes its segments name, and keeps the model for the `simulate` calls that follow,
   * replacing the previous run's.
   */
  load(variants: NamedScenario[], tapes?: Tapes): void;
  /**
   * Compiles scenarios a run may soon ask for (a slider's next value) and builds their book,
   * without loading them: a `load` of the same scenarios then finds them ready. Best effort:
   * a book too large to keep, or one that reads loan tapes, is not prepared.
   */
  prepare(variants: NamedScenario[]): void;
  /**
   * Compiles a run's scenarios (no loan tapes) and gives what the run needs of the model
   * before it starts (plan.ts runFacts), keeping the model as `prepare` does: the page's
   * thread then compiles none (80–120 ms, a long task at the page's load), and this
   * worker's `load` of the same scenarios finds it.
   */
  describe(variants: NamedScenario[], workers: number, budgetBytes: number, paths: number): RunFacts;
  /** Paths [from, to) of the loaded run; the result's buffers are copied, not transferred (see `simulate` below). */
  simulate(from: number, to: number): ChunkResult;
  /**
   * The expected credit loss of the loaded run's book at the start, by the scenario's
   * `provisioning` (src/engine/ecl/report.ts): what `creditlab ecl --json` prints, without
   * the per-row columns.
   */
  ecl(): EclReport;
  /** This worker's memory, or null where the runtime does not say. */
  memory(): WorkerMemory | null;
  /**
   * Models this worker has compiled so far, each building its book when it first runs or is
   * prepared: a `load` or `prepare` that finds its scenarios' model kept compiles none.
   */
  compiled(): number;
}

/** Builds the API of one worker; `memory` reads the runtime's own figures (Node). */
export function createWorkerApi(memory: () => WorkerMemory | null = () => null): WorkerApi {
  // The engine keys the book by the Model object, so keeping the object for the whole run
  // is what builds the book once per worker and run.
  let model: Model | null = null;
  // Models of recent and prepared scenarios, newest first, by their scenarios' JSON: a run of
  // the same scenarios takes the same object, and with it the book the engine built for it
  // (numbers depend on the model and the path only, so which run built it changes nothing).
  let kept: { key: string; model: Model }[] = [];
  let compiled = 0;
  // The model a `describe` compiled and did not keep (a large book's), for the `load` that
  // follows it, which takes it: held no longer, since a book built on it stays while it is.
  let described: { key: string; model: Model } | null = null;
  /** The model of `variants`, kept or compiled now (`fresh`), and whether it is kept. */
  const modelOf = (variants: NamedScenario[], tapes: Tapes): { model: Model; fresh: boolean; keep: boolean } => {
    // A tape's rows are not in the key: scenarios that read tapes are compiled each time.
    const key = Object.keys(tapes).length === 0 ? scenarioKey(variants) : null;
    const found = key === null ? undefined : kept.find((k) => k.key === key);
    if (found) {
      kept = [found, ...kept.filter((k) => k !== found)];
      return { model: found.model, fresh: false, keep: true };
    }
    const waiting = described;
    described = null;
    if (waiting !== null && waiting.key === key) return { model: waiting.model, fresh: false, keep: false };
    const model = compileModel(variants, tapes);
    compiled++;
    const keep = key !== null && estimateRun(model, 1).workerBytes - WORKER_BASE_BYTES <= KEPT_BYTES;
    if (keep) kept = [{ key, model }, ...kept].slice(0, KEPT_MODELS);
    return { model, fresh: true, keep };
  };
  return {
    load(variants, tapes = {}) {
      model = null; // a load that fails leaves nothing of the previous run to simulate
      model = modelOf(variants, tapes).model;
    },
    prepare(variants) {
      if (tapePaths(variants.map((v) => v.scenario)).length > 0) return;
      const prepared = modelOf(variants, {});
      // No path: this builds the book and the columns the paths run on, kept with the model.
      if (prepared.fresh && prepared.keep) simulatePaths(prepared.model, 0, 0);
    },
    describe(variants, workers, budgetBytes, paths) {
      const { model, keep } = modelOf(variants, {});
      if (!keep) described = { key: scenarioKey(variants), model };
      return runFacts(model, workers, budgetBytes, paths);
    },
    ecl() {
      if (model === null) throw new Error("ecl before load: the worker has no run loaded");
      if (!model.provisioning) throw new Error("the scenario has no provisioning section");
      // The per-row columns (a tape's millions of rows) are for `--accounts`; the page shows totals.
      return { ...eclReport(model, model.provisioning), rows: [] };
    },
    simulate(from, to) {
      if (model === null) throw new Error("simulate before load: the worker has no run loaded");
      // Copied, not transferred. Profile lesson (the behaviour book, one worker): the first
      // ArrayBuffer a thread detaches (a transfer does) invalidates V8's "no array buffer is
      // ever detached" assumption in that thread for good (`--trace-protector-invalidation`):
      // every compiled function that reads a typed array was thrown away and compiled again
      // with a detach check on its accesses, so every chunk but a worker's first ran slower
      // (24 paths in two chunks: 9% less CPU copied). A chunk's columns are tens to hundreds
      // of kilobytes (70–710 KB on the books and scenarios tried), a copy well under a millisecond.
      return simulatePaths(model, from, to);
    },
    memory,
    compiled: () => compiled,
  };
}

/** The scenarios as one string, equal for equal scenarios (numbers that JSON cannot write spelled out). */
const scenarioKey = (variants: NamedScenario[]): string =>
  JSON.stringify(variants, (_, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? `number:${v}` : v));

/**
 * Serves `api` on the worker's side of its channel until the worker is terminated: the
 * pool that started the worker is what ends it (PoolWorker.terminate), never comlink.
 *
 * comlink's `expose` detaches its only message listener when a RELEASE message arrives,
 * and the other side sends RELEASE on `releaseProxy`, and also when the garbage collector
 * has taken every proxy made over one endpoint object (a FinalizationRegistry). A Node
 * worker thread with no listener left has nothing to wait for and exits with code 0; a
 * Web Worker stays but answers nothing, so a run would wait for ever. So a second proxy
 * over a thread, made and dropped, ended a worker the pool was still using, at whatever
 * moment the collector ran. The pool test that counts messages made one (it replaced the
 * worker's own proxy with a counting one), and on a loaded machine this happened:
 *   1. run 1 ends; both workers idle, kept for the next run;
 *   2. a collection takes the dropped proxies; comlink posts RELEASE to each worker, which
 *      answers it, removes its listener and, its loop empty, starts to exit with code 0;
 *   3. run 2 starts before that exit has reached the pool: the worker still counts as
 *      alive, and run 2 posts `load` to it, which nobody reads;
 *   4. the exit arrives while the pool waits for `load`: "paths 16–31: the engine worker
 *      exited with code 0". The same happens when the collection falls between two
 *      chunks of a run. Had the exit reached the pool before run 2, the run would have
 *      started a new worker; after the last run, nothing would have shown.
 * Keeping the listener ties the worker's life to the pool's terminate alone; RELEASE is
 * still answered, so the proxy that sent it settles.
 */
export function exposeUntilTerminated(api: object, endpoint: Endpoint): void {
  expose(api, {
    postMessage: (message, transfer) => endpoint.postMessage(message, transfer),
    addEventListener: (type, listener, options) => endpoint.addEventListener(type, listener, options),
    removeEventListener: () => undefined,
    start: endpoint.start && (() => endpoint.start!()),
  });
}
