/**
 * The pool under a scrambled schedule: every message to and from a worker is held back a
 * random number of event-loop turns, garbage collections run at random moments (what
 * a loaded machine changes is when the collector runs), each worker also gets a second,
 * short-lived comlink handle (a memory probe) released at a random moment, and runs follow
 * each other, are cancelled at random moments, reuse the workers a cancel left and close
 * their pool mid-run. Every run must end done with the inline run's bytes, or cancelled
 * with a prefix of them; never failed. The delays are turns (microtasks and setImmediate)
 * drawn from seeded generators, not sleeps: a seed fixes each message's delay and the
 * turn of each cancel, collection and release, whatever the machine's speed.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import type { Worker } from "node:worker_threads";
import { releaseProxy, wrap, type Endpoint } from "comlink";
import nodeEndpoint from "comlink/dist/esm/node-adapter.mjs";
import { expect, it } from "vitest";
import type { ChunkResult } from "../../src/engine/layout.ts";
import { compileModel, type Model } from "../../src/engine/model.ts";
import { simulatePaths } from "../../src/engine/simulate.ts";
import { spawnNodeWorker } from "../../src/run/node.ts";
import { WorkerPool, type PoolOutcome, type PoolRun } from "../../src/run/pool.ts";
import type { WorkerApi } from "../../src/run/workerApi.ts";
import type { NamedScenario } from "../../src/scenario/parse.ts";
import { scenarioSchema } from "../../src/scenario/schema.ts";
import { chunkBytes, running, SMALL } from "./helpers.ts";

// Collections on demand: the moment they run is the schedule's, not the heap's.
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as (options?: { type: "major" | "minor" }) => void;

/**
 * The built worker (test/buildNode.ts builds dist/node before the tests), as a user's run
 * starts it: it starts in a third of the time of the source worker, and the cancels here
 * start many workers.
 */
const WORKER = new URL("../../dist/node/worker.js", import.meta.url);

/** mulberry32: a small seeded generator for the schedule (not for the engine's numbers). */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/**
 * Up to `most` event-loop turns, each a microtask or a macrotask (setImmediate). All of
 * it is drawn now, so the draws follow the calls' order, not the turns' timing.
 */
function turns(random: () => number, most: number): Promise<void> {
  const macro = Array.from({ length: Math.floor(random() * (most + 1)) }, () => random() < 0.5);
  return macro.reduce<Promise<void>>(
    (turn, m) => turn.then(() => new Promise<void>((resolve) => (m ? setImmediate(resolve) : queueMicrotask(resolve)))),
    Promise.resolve(),
  );
}

/** Runs `f` after a random number of turns, without waiting for it. */
const later = (random: () => number, most: number, f: () => void) => void turns(random, most).then(f);

/**
 * The thread's endpoint with every message held back a few turns each way, in order
 * (a port keeps its order; the delays only move when things happen). The first messages
 * are the worker's start, so start-up is delayed the same way. Each direction draws from
 * its own generator, so a message's delay depends on its place in its stream only.
 */
function delayed(port: Endpoint, seed: number): Endpoint {
  const outRandom = generator(seed);
  const intoRandom = generator(seed ^ 0x5bd1e995);
  let out = Promise.resolve();
  let into = Promise.resolve();
  const wrapped = new Map<unknown, EventListener>();
  return {
    postMessage(message: unknown, transfer?: Transferable[]) {
      out = out.then(() => turns(outRandom, 6)).then(() => port.postMessage(message, transfer));
    },
    addEventListener(type: string, listener: EventListenerOrEventListenerObject) {
      const deliver: EventListener = (event) => {
        into = into
          .then(() => turns(intoRandom, 6))
          .then(() => ("handleEvent" in listener ? listener.handleEvent(event) : listener(event)));
      };
      wrapped.set(listener, deliver);
      port.addEventListener(type, deliver);
    },
    removeEventListener(type: string, listener: EventListenerOrEventListenerObject) {
      const deliver = wrapped.get(listener);
      if (deliver) port.removeEventListener(type, deliver);
    },
  };
}

/** Three small books with different seeds, so a reused worker that kept the last run's model would show. */
const variantsOf: NamedScenario[][] = ["stress-a", "stress-b", "stress-c"].map((seed) => [
  {
    name: "base",
    scenario: scenarioSchema.parse({
      ...SMALL,
      simulation: { paths: 48, horizonMonths: 3, seed },
      segments: SMALL.segments.map((s) => ({ ...s, accounts: 20 })),
    }),
  },
]);
const books: Model[] = variantsOf.map((v) => compileModel(v));

const expected = new Map<string, ChunkResult>();
/** The inline run of paths [from, to) of book b: what every pooled run must give. */
function inline(b: number, from: number, to: number): ChunkResult {
  const key = `${b}:${from}:${to}`;
  if (!expected.has(key)) expected.set(key, simulatePaths(books[b], from, to));
  return expected.get(key)!;
}

function sameBytes(got: ChunkResult, want: ChunkResult): boolean {
  const a = chunkBytes(got);
  const b = chunkBytes(want);
  return got.from === want.from && got.to === want.to && a.length === b.length && a.every((x, i) => Buffer.compare(x, b[i]) === 0);
}

it("hundreds of runs with scrambled message timing, collections, cancels and reuse all give the inline bytes", async () => {
  // STRESS_SEED replays another schedule of delays.
  const seed = Number(process.env.STRESS_SEED ?? 20261206);
  const random = generator(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  // Mostly young-generation collections (a tenth of a millisecond); a full one (tens of
  // milliseconds in a test runner's heap) now and then.
  const collection = (): (() => void) => {
    const type = random() < 0.05 ? "major" : "minor";
    return () => gc({ type });
  };
  const threads: Worker[] = [];
  const spawn = () => {
    const w = spawnNodeWorker(WORKER, undefined, { endpoint: (port) => delayed(port, seed + threads.length) });
    threads.push(w.thread);
    // A second handle to the same thread, as a memory probe would make, used once and
    // released a random number of turns later: the RELEASE comlink also sends when the
    // collector takes such a handle, which is what failed runs on a loaded machine.
    const probe = wrap<WorkerApi>(nodeEndpoint(w.thread));
    void probe.memory().catch(() => undefined);
    later(random, 400, () => probe[releaseProxy]());
    return w;
  };
  // Half the pools lead with short chunks and let a cancelled run's busy workers finish (the page's settings).
  const newPool = () => new WorkerPool(spawn, int(1, 3), { chunkPaths: int(2, 8), ...(int(0, 1) === 1 && { leadPaths: 1, drainMs: 60_000 }) });
  let pool = newPool();
  const counts = { done: 0, cancelled: 0, pools: 1 };
  const RUNS = 200;
  for (let r = 0; r < RUNS; r++) {
    const b = int(0, 2);
    const paths = int(1, 32);
    const from = random() < 0.3 ? int(0, paths - 1) : 0;
    const to = from === 0 ? paths : int(from + 1, paths);
    if (random() < 0.1) pool.warm();
    if (random() < 0.3) collection()();
    const job = { variants: variantsOf[b], paths, range: [from, to] as const, workers: random() < 0.2 ? int(1, 3) : undefined };
    let run: PoolRun;
    const action = random();
    const closes = r % 40 === 39; // a new pool, of another size, every 40 runs
    if (action < 0.02) {
      run = pool.run(job, { onPartial: () => run.cancel(), partialIntervalMs: 0 });
    } else {
      run = pool.run(job);
      if (action < 0.05 && !closes) later(random, 40, () => run.cancel());
      const closed = pool;
      if (closes) later(random, 40, () => void closed.close());
    }
    if (random() < 0.3) later(random, 40, collection());
    const outcome: PoolOutcome = await run.outcome;
    const where = `run ${r} (seed ${seed}): paths ${from}..${to} of book ${b}`;
    if (outcome.kind === "failed") throw new Error(`${where} failed: ${outcome.message}`);
    if (outcome.kind === "done") {
      expect(sameBytes(outcome.chunk, inline(b, from, to)), where).toBe(true);
      counts.done++;
    } else {
      if (outcome.chunk) expect(sameBytes(outcome.chunk, inline(b, from, outcome.chunk.to)), where).toBe(true);
      counts.cancelled++;
    }
    if (closes) {
      // The run may have ended before the close: closing again waits for every thread's end either way.
      await pool.close();
      expect(running(threads), where).toBe(0);
      pool = newPool();
      counts.pools++;
    } else {
      // Busy workers a cancel ended are gone before the outcome; the idle ones serve the next run.
      expect(running(threads), where).toBe(pool.live);
    }
  }
  await pool.close();
  expect(running(threads)).toBe(0);
  // The schedule did what it says: most runs finished, some were cancelled, pools were closed mid-run.
  expect(counts.done).toBeGreaterThan(RUNS / 2);
  expect(counts.cancelled).toBeGreaterThan(0);
  expect(counts.pools).toBeGreaterThan(1);
  console.log(`pool stress: ${JSON.stringify({ ...counts, threads: threads.length })}`);
});
