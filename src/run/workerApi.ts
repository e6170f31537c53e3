/**
 * What an engine worker offers, the same in a Web Worker and in a Node worker thread. The
 * worker files only expose this object; everything they do is here, so the browser and
 * Node share one code path, and it can run inline too.
 *
 * A run loads its scenarios into each worker once, then asks for path ranges: the inputs
 * cross the thread boundary and are compiled once per worker and run, and each request
 * after that is two numbers (svelte.dev's REPL worker is sent `init` once the same way).
 */
import { expose, transfer, type Endpoint } from "comlink";
import { chunkBuffers, type ChunkResult } from "../engine/layout.ts";
import { compileModel, type Model, type Tapes } from "../engine/model.ts";
import { simulatePaths } from "../engine/simulate.ts";
import type { NamedScenario } from "../scenario/parse.ts";

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
  /** Paths [from, to) of the loaded run; the result's buffers are transferred, not copied. */
  simulate(from: number, to: number): ChunkResult;
  /** This worker's memory, or null where the runtime does not say. */
  memory(): WorkerMemory | null;
}

/** Builds the API of one worker; `memory` reads the runtime's own figures (Node). */
export function createWorkerApi(memory: () => WorkerMemory | null = () => null): WorkerApi {
  // The engine keys the book by the Model object, so keeping the object for the whole run
  // is what builds the book once per worker and run.
  let model: Model | null = null;
  return {
    load(variants, tapes = {}) {
      model = null; // a load that fails leaves nothing of the previous run to simulate
      model = compileModel(variants, tapes);
    },
    simulate(from, to) {
      if (model === null) throw new Error("simulate before load: the worker has no run loaded");
      const result = simulatePaths(model, from, to);
      return transfer(result, chunkBuffers(result));
    },
    memory,
  };
}

/**
 * Serves `api` on the worker's side of its channel until the worker is terminated: the
 * pool that started the worker is what ends it (PoolWorker.terminate), never comlink.
 *
 * comlink's `expose` detaches its message listener when a RELEASE message arrives, and the
 * other side sends RELEASE whenever the count of proxies over one endpoint object falls
 * to zero: on `releaseProxy`, or when a FinalizationRegistry sees the proxies collected.
 * A worker thread whose only listener is gone has nothing left to wait for and exits with
 * code 0. So any second proxy over the same thread (a test that watched the messages,
 * a memory probe) made and dropped killed a worker the pool was still using, at whatever
 * moment the garbage collector ran: run 1 ends; the dropped proxy is collected; its
 * RELEASE reaches the idle worker, which detaches; run 2 sends `load` or `simulate`,
 * which nobody reads; the thread exits with code 0 and the run fails with "the engine
 * worker exited with code 0". On a busy machine the collector runs at other moments,
 * which is why the failure came and went. A Web Worker does not exit but stops
 * answering, and the run would wait for ever. Keeping the listener ties the worker's life
 * to the pool's terminate alone; answering RELEASE still lets the proxy that sent it settle.
 */
export function exposeUntilTerminated(api: object, endpoint: Endpoint): void {
  expose(api, {
    postMessage: (message, transfer) => endpoint.postMessage(message, transfer),
    addEventListener: (type, listener, options) => endpoint.addEventListener(type, listener, options),
    removeEventListener: () => undefined,
    start: endpoint.start && (() => endpoint.start!()),
  });
}
