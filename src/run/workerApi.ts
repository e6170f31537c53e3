/**
 * What an engine worker offers, the same in a Web Worker and in a Node worker thread. The
 * worker files only expose this object; everything they do is here, so the browser and
 * Node share one code path, and it can run inline too.
 *
 * A run loads its scenarios into each worker once, then asks for path ranges: the inputs
 * cross the thread boundary and are compiled once per worker and run, and each request
 * after that is two numbers (svelte.dev's REPL worker is sent `init` once the same way).
 */
import { transfer } from "comlink";
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
