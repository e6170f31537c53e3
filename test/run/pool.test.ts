import { releaseProxy, wrap, type Endpoint } from "comlink";
import nodeEndpoint from "comlink/dist/esm/node-adapter.mjs";
import { afterEach, describe, expect, it } from "vitest";
import { compileModel } from "../../src/engine/model.ts";
import { simulatePaths } from "../../src/engine/simulate.ts";
import { spawnNodeWorker } from "../../src/run/node.ts";
import { CHUNK_PATHS, chunkRanges, WorkerPool, type PoolOutcome, type PoolWorker, type Prefix, type SpawnWorker } from "../../src/run/pool.ts";
import type { Progress } from "../../src/run/types.ts";
import { createWorkerApi, type WorkerApi } from "../../src/run/workerApi.ts";
import { chunkBytes, running, SMALL, smallVariants, watchedSpawn } from "./helpers.ts";

const variants = smallVariants(40);
const inline = simulatePaths(compileModel(variants), 0, 40);
const FAILING = new URL("./fixtures/failingWorker.js", import.meta.url);

let pools: WorkerPool[] = [];
const track = (pool: WorkerPool) => (pools.push(pool), pool);
afterEach(async () => {
  await Promise.all(pools.map((p) => p.close()));
  pools = [];
});

const done = (o: PoolOutcome) => {
  if (o.kind !== "done") throw new Error(`expected a finished run, got ${JSON.stringify(o)}`);
  return o.chunk;
};

describe("chunkRanges", () => {
  it("tiles the paths with fixed chunks and a short last one", () => {
    expect(chunkRanges(40, 16)).toEqual([
      [0, 16],
      [16, 32],
      [32, 40],
    ]);
    expect(chunkRanges(16, 16)).toEqual([[0, 16]]);
    expect(chunkRanges(1, 16)).toEqual([[0, 1]]);
  });

  it("starts with a lead chunk that doubles up to the chunk size, from any first path", () => {
    expect(chunkRanges(40, 16, 0, 4)).toEqual([
      [0, 4],
      [4, 12],
      [12, 28],
      [28, 40],
    ]);
    expect(chunkRanges(38, 16, 30, 4)).toEqual([
      [30, 34],
      [34, 42],
      [42, 58],
      [58, 68],
    ]);
    expect(chunkRanges(3, 16, 0, 4)).toEqual([[0, 3]]);
  });
});

describe("WorkerPool over worker_threads", () => {
  it.each([1, 2, 4])("%i workers give the same bytes as the inline run", async (size) => {
    const { spawn, threads } = watchedSpawn();
    const pool = track(new WorkerPool(spawn, size));
    const chunk = done(await pool.run({ variants, paths: 40 }).outcome);
    expect([chunk.from, chunk.to]).toEqual([0, 40]);
    const got = chunkBytes(chunk);
    const want = chunkBytes(inline);
    expect(got.length).toBe(want.length);
    got.forEach((b, i) => expect(Buffer.compare(b, want[i])).toBe(0));
    // No more threads than chunks, however many workers were allowed.
    expect(threads.length).toBe(Math.min(size, Math.ceil(40 / CHUNK_PATHS)));
  });

  it("a lead of one path, and scenarios prepared before the run, give the same bytes", async () => {
    const { spawn, threads } = watchedSpawn();
    const pool = track(new WorkerPool(spawn, 2, { leadPaths: 1 }));
    pool.warm();
    // One worker prepares the run's scenarios, the other scenarios of another book: which
    // worker holds what decides only which one runs the first paths.
    pool.prepare([variants, smallVariants(80)]);
    const chunk = done(await pool.run({ variants, paths: 40 }).outcome);
    chunkBytes(chunk).forEach((b, i) => expect(Buffer.compare(b, chunkBytes(inline)[i])).toBe(0));
    // And again on the models the workers keep from that run.
    const again = done(await pool.run({ variants, paths: 40 }).outcome);
    chunkBytes(again).forEach((b, i) => expect(Buffer.compare(b, chunkBytes(inline)[i])).toBe(0));
    expect(threads).toHaveLength(2);
  });

  it("prepares each candidate on one worker, whatever the workers", async () => {
    const workers: PoolWorker[] = [];
    const spawn: SpawnWorker = () => {
      const w = spawnNodeWorker();
      workers.push(w);
      return w;
    };
    const pool = track(new WorkerPool(spawn, 3));
    pool.warm();
    const [a, b] = [smallVariants(40), smallVariants(80)];
    pool.prepare([a, b]);
    // Asked after the prepares on the same ports: each worker answers once it has done them.
    const compiled = () => Promise.all(workers.map((w) => w.api.compiled()));
    const after = await compiled();
    expect([...after].sort()).toEqual([0, 1, 1]);
    // Which holds which: loading `a` compiles nothing on the worker that prepared it, and a model on the other.
    const preparing = workers.filter((_, i) => after[i] === 1);
    for (const w of preparing) await w.api.load(a);
    const grew = (await compiled()).map((n, i) => n - after[i]).filter((_, i) => after[i] === 1);
    expect([...grew].sort()).toEqual([0, 1]);
  });

  it("hands each partial result the chunks from path 0, the new ones counted, after a progress event saying its paths", async () => {
    const { spawn } = watchedSpawn();
    const pool = track(new WorkerPool(spawn, 2, { chunkPaths: 4, leadPaths: 1 }));
    const events: ({ kind: "progress"; progress: Progress } | { kind: "partial"; prefix: Prefix })[] = [];
    const hooks = {
      partialIntervalMs: 0,
      progressIntervalMs: 60_000, // only the first, those that come with a partial result, and the last
      onProgress: (progress: Progress) => events.push({ kind: "progress", progress }),
      onPartial: (prefix: Prefix) => events.push({ kind: "partial", prefix }),
    };
    done(await pool.run({ variants, paths: 40 }, hooks).outcome);
    const partials = events.flatMap((e, i) => (e.kind === "partial" ? [{ prefix: e.prefix, before: events[i - 1] }] : []));
    expect(partials.length).toBeGreaterThan(1);
    let handed: [number, number][] = [];
    for (const { prefix, before } of partials) {
      expect(prefix.from).toBe(0);
      expect(prefix.to).toBeLessThan(40);
      // The chunks tile [0, to): byte for byte the paths run here in one piece.
      const plainly = chunkBytes(simulatePaths(compileModel(variants), 0, prefix.to));
      const bytes = prefix.chunks.map(chunkBytes);
      plainly.forEach((b, k) => expect(Buffer.compare(b, Buffer.concat(bytes.map((c) => c[k])))).toBe(0));
      handed = [...handed, ...prefix.chunks.slice(prefix.chunks.length - prefix.added).map((c): [number, number] => [c.from, c.to])];
      expect(before.kind === "progress" && before.progress.partialPaths).toBe(prefix.to);
    }
    // The new chunks of each partial, one after another, are the chunks from path 0, each once.
    expect(handed).toEqual(chunkRanges(partials[partials.length - 1].prefix.to, 4, 0, 1));
    const last = events[events.length - 1];
    expect(last.kind === "progress" && last.progress).toMatchObject({ done: 40, total: 40, partialPaths: partials[partials.length - 1].prefix.to });
  });

  it("with drainMs, a cancelled run lets its busy workers finish and keeps them for the next run", async () => {
    const { spawn, threads } = watchedSpawn();
    const pool = track(new WorkerPool(spawn, 2, { chunkPaths: 4, drainMs: 60_000 }));
    done(await pool.run({ variants, paths: 40 }).outcome);
    // Cancelled as its first chunk comes back, with the other worker's chunk in flight.
    const run = pool.run({ variants, paths: 40 }, { onProgress: () => run.cancel(), progressIntervalMs: 0 });
    const cancelled = await run.outcome;
    expect(cancelled.kind).toBe("cancelled");
    expect(running(threads)).toBe(2);
    const chunk = done(await pool.run({ variants, paths: 40 }).outcome);
    chunkBytes(chunk).forEach((b, i) => expect(Buffer.compare(b, chunkBytes(inline)[i])).toBe(0));
    expect(threads).toHaveLength(2);
  });

  it("reuses its workers for the next run and reports progress up to the last path", async () => {
    const { spawn, threads } = watchedSpawn();
    const pool = track(new WorkerPool(spawn, 2));
    done(await pool.run({ variants, paths: 40 }).outcome);
    const seen: Progress[] = [];
    const chunk = done(await pool.run({ variants, paths: 24 }, { onProgress: (p) => seen.push(p) }).outcome);
    expect(threads.length).toBe(2);
    expect(Buffer.compare(chunkBytes(chunk)[0], chunkBytes(simulatePaths(compileModel(variants), 0, 24))[0])).toBe(0);
    const last = seen[seen.length - 1];
    expect(last.done).toBe(24);
    expect(last.total).toBe(24);
  });

  it("a cancelled run keeps whole chunks from path 0 and ends its busy workers", async () => {
    const { spawn, threads } = watchedSpawn();
    const pool = track(new WorkerPool(spawn, 2, { chunkPaths: 4 }));
    // Both workers started and their books built, so that path 0's chunk is not the last
    // to finish; the run is cancelled as soon as it is in, while others still run.
    done(await pool.run({ variants, paths: 8 }).outcome);
    const run = pool.run({ variants, paths: 40 }, { onPartial: () => run.cancel(), partialIntervalMs: 0 });
    const outcome = await run.outcome;
    expect(outcome.kind).toBe("cancelled");
    const chunk = outcome.kind === "cancelled" ? outcome.chunk : null;
    expect(chunk).not.toBeNull();
    expect(chunk!.from).toBe(0);
    expect(chunk!.to % 4).toBe(0);
    expect(chunk!.to).toBeLessThan(40);
    const prefix = simulatePaths(compileModel(variants), 0, chunk!.to);
    chunkBytes(chunk!).forEach((b, i) => expect(Buffer.compare(b, chunkBytes(prefix)[i])).toBe(0));
    // Busy workers were stopped before the outcome; only idle ones may still run.
    expect(running(threads)).toBe(pool.live);
    await pool.close();
    expect(running(threads)).toBe(0);
  });

  it("a cancelled run before any chunk finished has no result", async () => {
    const { spawn, threads } = watchedSpawn();
    const pool = track(new WorkerPool(spawn, 2));
    const run = pool.run({ variants, paths: 40 });
    run.cancel();
    expect(await run.outcome).toEqual({ kind: "cancelled", chunk: null });
    expect(running(threads)).toBe(0);
  });

  it.each([
    ["throw", /^paths 16–31: the engine refused paths 16\.\.32$/],
    ["crash", /^paths 16–31: the engine worker crashed: an uncaught failure$/],
    ["exit", /^paths 16–31: the engine worker exited with code 3$/],
  ])("a worker that fails (%s) fails the run with one line and leaves no busy worker", async (mode, message) => {
    const { spawn, threads } = watchedSpawn(FAILING, mode);
    const pool = track(new WorkerPool(spawn, 1));
    const outcome = await pool.run({ variants, paths: 40 }).outcome;
    expect(outcome.kind).toBe("failed");
    expect(outcome.kind === "failed" && outcome.message).toMatch(message);
    await pool.close();
    expect(running(threads)).toBe(0);
  });

  it("a hook that throws fails the run with its message", async () => {
    const { spawn, threads } = watchedSpawn();
    const pool = track(new WorkerPool(spawn, 2));
    const hooks = {
      onProgress: () => {
        throw new Error("the page is gone");
      },
    };
    expect(await pool.run({ variants, paths: 40 }, hooks).outcome).toEqual({
      kind: "failed",
      message: "a progress hook failed: the page is gone",
    });
    expect(running(threads)).toBe(pool.live);
  });

  it("a worker that cannot load fails the run instead of waiting for it", async () => {
    const { spawn, threads } = watchedSpawn(FAILING, "load");
    const pool = track(new WorkerPool(spawn, 2));
    const outcome = await pool.run({ variants, paths: 40 }).outcome;
    expect(outcome.kind === "failed" && outcome.message).toMatch(
      /^paths (0–15|16–31): the engine worker crashed: the worker script is broken$/,
    );
    await pool.close();
    expect(running(threads)).toBe(0);
  });
});

describe("the worker protocol", () => {
  /** Workers whose every message from the pool is kept, as comlink sends it. */
  function countingSpawn() {
    const sent: { method: string; text: string }[] = [];
    const counting = (port: Endpoint): Endpoint => ({
      postMessage(message: { path?: string[] }, transfer?: Transferable[]) {
        sent.push({ method: message.path?.[0] ?? "", text: JSON.stringify(message) });
        port.postMessage(message, transfer);
      },
      addEventListener: port.addEventListener.bind(port),
      removeEventListener: port.removeEventListener.bind(port),
    });
    const spawn: SpawnWorker = () => spawnNodeWorker(undefined, undefined, { endpoint: counting });
    return { spawn, sent };
  }

  it("sends the scenario once per worker and run, then path ranges only", async () => {
    const { spawn, sent } = countingSpawn();
    const pool = track(new WorkerPool(spawn, 2));
    const first = done(await pool.run({ variants, paths: 40 }).outcome);
    const carrying = () => sent.filter((m) => m.text.includes(SMALL.name!)).map((m) => m.method);
    const count = (method: string) => sent.filter((m) => m.method === method).length;
    // 40 paths are 3 chunks of 16 on 2 workers: each worker is loaded once.
    expect(count("load")).toBe(2);
    expect(count("simulate")).toBe(3);
    expect(carrying()).toEqual(["load", "load"]);
    done(await pool.run({ variants, paths: 40 }).outcome);
    expect(count("load")).toBe(4);
    expect(count("simulate")).toBe(6);
    expect(carrying()).toEqual(["load", "load", "load", "load"]);
    chunkBytes(first).forEach((b, i) => expect(Buffer.compare(b, chunkBytes(inline)[i])).toBe(0));
  });

  it("a run that asks for fewer workers loads only those", async () => {
    const { spawn, sent } = countingSpawn();
    const pool = track(new WorkerPool(spawn, 2));
    pool.warm();
    expect(pool.live).toBe(2);
    done(await pool.run({ variants, paths: 40, workers: 1 }).outcome);
    expect(sent.filter((m) => m.method === "load")).toHaveLength(1);
    expect(sent.filter((m) => m.method === "simulate")).toHaveLength(3);
  });

  it("a second handle to a worker, released, leaves the worker serving the pool", async () => {
    // A memory probe's own comlink handle to the pool's worker. Releasing it sends the
    // RELEASE that comlink also sends when the collector takes such a handle; the next
    // run's messages follow it on the same port, so the worker reads it first.
    const { spawn, threads } = watchedSpawn();
    const pool = track(new WorkerPool(spawn, 1));
    done(await pool.run({ variants, paths: 40 }).outcome);
    const probe = wrap<WorkerApi>(nodeEndpoint(threads[0]));
    expect(await probe.memory()).not.toBeNull();
    probe[releaseProxy]();
    const chunk = done(await pool.run({ variants, paths: 40 }).outcome);
    chunkBytes(chunk).forEach((b, i) => expect(Buffer.compare(b, chunkBytes(inline)[i])).toBe(0));
    expect(threads).toHaveLength(1); // the same worker served both runs
  });

  it("a worker asked for paths before any load says so", () => {
    const api = createWorkerApi();
    expect(() => api.simulate(0, 16)).toThrow("simulate before load: the worker has no run loaded");
  });

  it("a scenario that fails to load in the worker fails the run with its message", async () => {
    const { spawn } = watchedSpawn(FAILING, "compile");
    const pool = track(new WorkerPool(spawn, 1));
    expect(await pool.run({ variants, paths: 40 }).outcome).toEqual({
      kind: "failed",
      message: "paths 0–15: the scenario does not compile",
    });
  });
});
