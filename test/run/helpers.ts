/** Shared pieces of the run tests: a small two-variant scenario, worker threads that can be watched. */
import { createHash } from "node:crypto";
import type { Worker } from "node:worker_threads";
import type { ChunkResult } from "../../src/engine/layout.ts";
import { spawnNodeWorker, NODE_WORKER } from "../../src/run/node.ts";
import { WorkerPool, type SpawnWorker } from "../../src/run/pool.ts";
import type { RunEnvironment } from "../../src/run/runScenario.ts";
import { scenarioSchema, type ScenarioInput } from "../../src/scenario/schema.ts";
import type { NamedScenario } from "../../src/scenario/parse.ts";

/** A few thousand accounts, two products, a recession, and a variant with another policy. */
export const SMALL: ScenarioInput = {
  creditlab: 1,
  name: "small recession",
  simulation: { paths: 40, horizonMonths: 12, seed: "pool-test" },
  macro: { shocks: [{ factor: "economy", recession: { start: 2, fall: 3, trough: -1.5, stay: 2, recover: 3 } }] },
  segments: [
    { name: "cards", accounts: 1500, product: "revolving", pd: 0.04, limit: { median: 5000, sigma: 0.5 }, apr: 0.2, lateFee: 25 },
    { name: "loans", accounts: 1000, product: "instalment", pd: 0.03, principal: { median: 8000, sigma: 0.4 }, termMonths: 24, apr: 0.1 },
  ],
};

export function smallVariants(paths = 40): NamedScenario[] {
  const base = scenarioSchema.parse({ ...SMALL, simulation: { ...SMALL.simulation, paths } });
  const tight = scenarioSchema.parse({
    ...SMALL,
    simulation: { ...SMALL.simulation, paths },
    policy: { collections: { rollReduction: 0.2, costPerAccountMonth: 10 } },
  });
  return [
    { name: "base", scenario: base },
    { name: "collections", scenario: tight },
  ];
}

/** The same scenario as SMALL, as the text of a file. */
export const SMALL_TEXT = JSON.stringify({
  ...SMALL,
  variants: [{ name: "collections", policy: { collections: { rollReduction: 0.2, costPerAccountMonth: 10 } } }],
});

/** A spawn function that keeps every thread it starts, to check later that each has ended. */
export function watchedSpawn(script: URL = NODE_WORKER, workerData?: unknown): { spawn: SpawnWorker; threads: Worker[] } {
  const threads: Worker[] = [];
  const spawn: SpawnWorker = () => {
    const w = spawnNodeWorker(script, workerData);
    threads.push(w.thread);
    return w;
  };
  return { spawn, threads };
}

/**
 * runScenario's environment in Node, as `creditlab run` makes it, with threads that can be
 * watched: a pool of its own per run, closed as the run releases it; `more` adds to it (a
 * summarizer elsewhere).
 */
export function watchedEnv({ defaultWorkers = 2, memoryBudget = 2 ** 34, more = {} }: { defaultWorkers?: number; memoryBudget?: number; more?: Partial<RunEnvironment> } = {}): {
  env: RunEnvironment;
  threads: Worker[];
} {
  const { spawn, threads } = watchedSpawn();
  const env: RunEnvironment = {
    defaultWorkers,
    memoryBudget,
    sha256: async (text) => createHash("sha256").update(text).digest("hex"),
    acquirePool: async (size) => {
      const pool = new WorkerPool(spawn, size);
      return { pool, release: () => pool.close() };
    },
    ...more,
  };
  return { env, threads };
}

/** Node sets a thread's id to −1 once it has stopped. */
export const running = (threads: Worker[]): number => threads.filter((t) => t.threadId !== -1).length;

/** Every typed array of a chunk, as bytes, for exact comparison. */
export function chunkBytes(chunk: ChunkResult): Buffer[] {
  return chunk.variants.flatMap((v) => [v.book, v.segments, v.periods].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)));
}
