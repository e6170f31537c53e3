/**
 * Runs in Node: engine workers are worker_threads. The built command line (dist/node)
 * starts the built worker beside it; a run from source starts workers/nodeDev.js, which
 * loads the TypeScript through tsx. The scenario's hash comes from node:crypto and the
 * memory budget from the machine's RAM.
 */
import { createHash } from "node:crypto";
import { availableParallelism, totalmem } from "node:os";
import { Worker } from "node:worker_threads";
import { wrap, type Endpoint } from "comlink";
import nodeEndpoint from "comlink/dist/esm/node-adapter.mjs";
import { WorkerPool, type PoolWorker } from "./pool.ts";
import { runScenario, type RunHooks } from "./runScenario.ts";
import type { RunHandle, RunRequest } from "./types.ts";
import type { WorkerApi } from "./workerApi.ts";

/**
 * The Node engine worker script. This module is a .ts file only when it runs from source;
 * in the bundle, `import.meta.url` is dist/node/creditlab.js and the worker sits beside it.
 */
export const NODE_WORKER = import.meta.url.endsWith(".ts")
  ? new URL("../../workers/nodeDev.js", import.meta.url)
  : new URL("./worker.js", import.meta.url);

/** Share of the machine's RAM a run may plan to use. */
export const NODE_MEMORY_SHARE = 0.7;

/** A pool worker backed by a worker thread; `thread` is exposed for tests and figures. */
export interface NodePoolWorker extends PoolWorker {
  thread: Worker;
}

export interface SpawnOptions {
  /**
   * Wraps the thread's endpoint before the pool's proxy is made over it, so that a test
   * can watch or delay every message. The one proxy a worker has is `api`: a second
   * proxy over the same thread, made and dropped, used to end the worker when it was
   * collected (see exposeUntilTerminated in workerApi.ts).
   */
  endpoint?: (port: Endpoint) => Endpoint;
}

/** Starts a worker thread running `script` (default: the engine worker), handing it `workerData`. */
export function spawnNodeWorker(script: URL = NODE_WORKER, workerData?: unknown, options: SpawnOptions = {}): NodePoolWorker {
  const thread = new Worker(script, { workerData });
  const port = nodeEndpoint(thread);
  let ending = false;
  let lost: ((reason: string) => void) | null = null;
  const report = (reason: string) => {
    if (ending) return;
    ending = true; // one report per worker: an 'error' is followed by an 'exit'
    lost?.(reason);
  };
  thread.on("error", (e) => report(`the engine worker crashed: ${e.message.split("\n")[0]}`));
  thread.on("messageerror", (e) => report(`the engine worker sent a message that cannot be read: ${e.message}`));
  thread.on("exit", (code) => report(`the engine worker exited with code ${code}`));
  return {
    thread,
    api: wrap<WorkerApi>(options.endpoint ? options.endpoint(port) : port),
    onLost(listener) {
      lost = listener;
    },
    async terminate() {
      ending = true;
      await thread.terminate();
    },
  };
}

/**
 * The memory this process may use: the machine's, or less under a cgroup limit (a Slurm
 * job's --mem, a Kubernetes container's limit), which the kernel enforces by killing the
 * process. A run over budget is refused with a message instead (runScenario's estimate).
 */
export function usableMemory(total = totalmem(), constrained = process.constrainedMemory?.() ?? 0): number {
  // No limit reads as 0 (or undefined before Node 22), an unlimited cgroup as a huge number.
  return constrained > 0 && constrained < total ? constrained : total;
}

/** A pool of `size` engine worker threads. */
export const nodePool = (size: number): WorkerPool => new WorkerPool(() => spawnNodeWorker(), size);

const sha256 = async (text: string): Promise<string> => createHash("sha256").update(text).digest("hex");

/**
 * Runs a scenario on worker threads (default: `os.availableParallelism()` of them). The
 * pool is started for this run and stopped when it ends, so no thread outlives it.
 */
export function runInNode(request: RunRequest, hooks: RunHooks = {}): RunHandle {
  return runScenario(request, hooks, {
    defaultWorkers: availableParallelism(),
    memoryBudget: NODE_MEMORY_SHARE * usableMemory(),
    sha256,
    acquirePool: async (size) => {
      const pool = nodePool(size);
      return { pool, release: () => pool.close() };
    },
  });
}

/**
 * Runs one after another on worker threads kept between them (a reverse stress test runs
 * the same scenario dozens of times; starting the threads, each loading the engine, was a
 * fifth of a small run's time). `close()` stops the threads.
 */
export function keptNodeRuns(): { run(request: RunRequest, hooks?: RunHooks): RunHandle; close(): Promise<void> } {
  let kept: { pool: WorkerPool; size: number } | null = null;
  const env = {
    defaultWorkers: availableParallelism(),
    memoryBudget: NODE_MEMORY_SHARE * usableMemory(),
    sha256,
    acquirePool: async (size: number) => {
      if (kept && kept.size !== size) {
        await kept.pool.close();
        kept = null;
      }
      kept ??= { pool: nodePool(size), size };
      return { pool: kept.pool, release: async () => {} };
    },
  };
  return {
    run: (request, hooks = {}) => runScenario(request, hooks, env),
    close: async () => {
      await kept?.pool.close();
      kept = null;
    },
  };
}
