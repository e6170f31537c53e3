/**
 * Runs in the browser: engine workers are Web Workers bundled by Vite. The pool stays
 * alive between runs, so a notebook's next run skips the workers' start, and it can be
 * started before the first run (`startBrowserWorkers`). Runs take the pool one at a time:
 * the page's RunQueue (src/ui/state/runQueue.ts) is what orders them; a run started while
 * another holds the pool is a bug and rejects.
 */
import { wrap, type Remote } from "comlink";
import { WorkerPool, type PoolWorker } from "./pool.ts";
import { newEngineWorker, takePrespawned } from "./prespawned.ts";
import { runScenario, type RunHooks } from "./runScenario.ts";
import type { RunHandle, RunRequest } from "./types.ts";
import type { WorkerApi } from "./workerApi.ts";
import type { ChunkResult } from "../engine/layout.ts";
import type { ResultFile } from "../result/resultFile.ts";
import { summarizeRun, type RunMeta } from "../result/summarizeRun.ts";
import { applyOverrides, parseScenario } from "../scenario/parse.ts";
import { prefixSummaries, type AskSummaryWorker, type SummaryWorkerApi } from "./summaries.ts";

/** Bytes a run may plan to use in a page: typed arrays of a few GB fail in some browsers. */
export const BROWSER_MEMORY_BUDGET = 2 * 2 ** 30;

function spawnBrowserWorker(): PoolWorker {
  // One the page started at once (prespawned.ts), else a new one.
  const early = takePrespawned();
  const worker = early?.worker ?? newEngineWorker();
  let ending = false;
  let lost: ((reason: string) => void) | null = null;
  const report = (reason: string) => {
    if (ending) return;
    ending = true;
    lost?.(reason);
  };
  const failed = early?.failure() ?? null;
  worker.addEventListener("error", (e) => {
    e.preventDefault(); // reported as the run's outcome, not on the console
    report(e.message ? `the engine worker crashed: ${e.message}` : "the engine worker failed to load");
  });
  worker.addEventListener("messageerror", () => report("the engine worker sent a message that cannot be read"));
  return {
    api: wrap<WorkerApi>(worker),
    onLost(listener) {
      lost = listener;
      // A worker that failed while it waited to be taken reports it now.
      if (failed !== null) report(failed ? `the engine worker crashed: ${failed}` : "the engine worker failed to load");
    },
    async terminate() {
      ending = true;
      worker.terminate();
    },
  };
}

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

let pool: WorkerPool | null = null;

/**
 * Paths of a run's first chunk in the page (then 8, then CHUNK_PATHS): a moved slider's
 * first paths are drawn once the book is built and four paths have run, where a whole
 * chunk of 16 took about 150 ms more. The paths are the same; only how they are handed out changes.
 */
const LEAD_PATHS = 4;

/**
 * A cancelled run lets its workers finish their chunks when the last run's requests took at
 * most this long (WorkerPool's drainMs): a slider moved twice in a row then reuses the
 * workers, where ending them cost the next run a new worker's start, measured at about a
 * second (the welcome notebook on two busy cores: 1.0 to 1.3 s to the first redraw after
 * three moves 80 ms apart). A cancel waits at most about as long.
 */
const DRAIN_MS = 1000;

const POOL_OPTIONS = { leadPaths: LEAD_PATHS, drainMs: DRAIN_MS };

let summaries: Remote<SummaryWorkerApi> | null = null;
/** The summaries asked of the worker and not answered, each with how to fail it. */
const unanswered = new Set<(e: Error) => void>();

/** The summary worker, started at its first use; one that fails fails what was asked of it, and the next use starts another. */
function summaryWorker(): Remote<SummaryWorkerApi> {
  if (!summaries) {
    const worker = new Worker(new URL("../../workers/summary.worker.ts", import.meta.url), { type: "module" });
    worker.addEventListener("error", (e) => {
      e.preventDefault(); // the run summarizes on the page instead
      worker.terminate();
      summaries = null;
      for (const fail of unanswered) fail(new Error("the summary worker failed"));
      unanswered.clear();
    });
    summaries = wrap<SummaryWorkerApi>(worker);
  }
  return summaries;
}

/** One request to the summary worker, failed if the worker fails before it answers. */
const askSummaryWorker: AskSummaryWorker = (request) =>
  new Promise((resolve, reject) => {
    unanswered.add(reject);
    request(summaryWorker())
      .then(resolve, reject)
      .finally(() => unanswered.delete(reject));
  });

/** Paths a summary is made of on the page rather than on the summary worker. */
const SUMMARIZE_HERE = 16;

/**
 * Summarizes on the summary worker: a partial result of hundreds of paths took 35–180 ms to
 * summarize on the page's thread, each a pause of a slider's drag. The worker runs the same
 * code as the page, so the numbers are the same; when it fails, the run summarizes on the
 * page (runScenario.ts).
 */
function summarizeInWorker(meta: RunMeta, chunk: ChunkResult): Promise<ResultFile> {
  // A moved slider's first paths take a few ms here, less than the way to the worker and back.
  if (chunk.to - chunk.from <= SUMMARIZE_HERE) return Promise.resolve(summarizeRun(meta, chunk));
  return askSummaryWorker((api) => api.summarize(meta, chunk));
}

/** A run's paths held on the summary worker as they finish, for its partial results (summaries.ts). */
const prefixesInWorker = prefixSummaries(askSummaryWorker, SUMMARIZE_HERE);

/** Workers when a run names none: one a core. */
const defaultWorkers = (): number => navigator.hardwareConcurrency || 4;

/**
 * Starts the default pool's workers now, so that loading their code overlaps the page's own
 * start (parsing the notebook, drawing the cells); the first run then finds them ready.
 */
export function startBrowserWorkers(): void {
  if (pool) return;
  pool = new WorkerPool(spawnBrowserWorker, defaultWorkers(), POOL_OPTIONS);
  pool.warm();
  summaryWorker();
}

/**
 * Prepares, on the idle workers of the page's pool, scenarios the page may run next (a
 * slider's neighbouring values), the likeliest first: such a run then finds its model
 * compiled and its book built. Does nothing while a run holds the pool or before the pool
 * exists; skips a text with errors.
 */
export function prepareInBrowser(texts: string[], file: string): void {
  if (!pool) return;
  const candidates = texts.flatMap((text) => {
    const parsed = parseScenario(text, file);
    // The variants as a run makes them (runScenario.ts), so that the worker knows them again.
    return parsed.ok ? [applyOverrides(parsed.value, {}).variants] : [];
  });
  pool.prepare(candidates);
}

/**
 * Runs a scenario on Web Workers (default: `navigator.hardwareConcurrency` of them). The
 * pool is kept for the next run; a run that asks for more workers than it has replaces it.
 */
export function runInBrowser(request: RunRequest, hooks: RunHooks = {}): RunHandle {
  return runScenario(request, hooks, {
    defaultWorkers: defaultWorkers(),
    memoryBudget: BROWSER_MEMORY_BUDGET,
    sha256,
    summarize: summarizeInWorker,
    prefixes: prefixesInWorker,
    describe: async (variants, workers, budgetBytes, paths) => (pool ? pool.describe(variants, workers, budgetBytes, paths) : null),
    acquirePool: async (size) => {
      if (!pool || pool.size < size) {
        await pool?.close();
        pool = new WorkerPool(spawnBrowserWorker, size, POOL_OPTIONS);
      }
      return { pool, release: async () => undefined };
    },
  });
}
