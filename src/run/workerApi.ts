/**
 * What an engine worker offers, the same in a Web Worker and in a Node worker thread. The
 * worker files only expose this object; everything they do is here, so the browser and
 * Node share one code path, and it can run inline too.
 */
import { transfer } from "comlink";
import { chunkBuffers, type ChunkResult } from "../engine/layout.ts";
import { compileModel, type Model } from "../engine/model.ts";
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
   * Paths [from, to) of the scenario and its variants. The compiled model is kept between
   * calls with the same variants, so the book is built once per worker and scenario.
   */
  simulate(variants: NamedScenario[], from: number, to: number): ChunkResult;
  /** This worker's memory, or null where the runtime does not say. */
  memory(): WorkerMemory | null;
}

/** Builds the API of one worker; `memory` reads the runtime's own figures (Node). */
export function createWorkerApi(memory: () => WorkerMemory | null = () => null): WorkerApi {
  // One entry: a worker serves one scenario at a time, and the engine keys the book by
  // the Model object, so reusing the object is what spares the book's rebuild.
  let cached: { key: string; model: Model } | null = null;
  return {
    simulate(variants, from, to) {
      const key = JSON.stringify(variants);
      if (cached?.key !== key) cached = { key, model: compileModel(variants) };
      const result = simulatePaths(cached.model, from, to);
      return transfer(result, chunkBuffers(result));
    },
    memory,
  };
}
