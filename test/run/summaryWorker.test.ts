/**
 * A run whose paths are held on a summary worker as they finish (src/run/summaries.ts, the
 * page's workers/summary.worker.ts, here in a worker thread): its partial results and its
 * final one are byte for byte the summaries of the same paths merged and summarized plainly
 * in the test; each chunk is handed over once; a progress event says each partial's paths
 * before it comes; and a worker that lost chunks leaves the run summarizing on its own thread.
 */
import { createHash } from "node:crypto";
import { Worker } from "node:worker_threads";
import { wrap, type Endpoint } from "comlink";
import nodeEndpoint from "comlink/dist/esm/node-adapter.mjs";
import { afterAll, describe, expect, it } from "vitest";
import { compileModel } from "../../src/engine/model.ts";
import { simulatePaths } from "../../src/engine/simulate.ts";
import type { ChunkResult } from "../../src/engine/layout.ts";
import { summarizeRun, type RunMeta } from "../../src/result/summarizeRun.ts";
import { ENGINE_VERSION, runScenario, type RunEnvironment } from "../../src/run/runScenario.ts";
import { chunkTail, createSummaryApi, prefixSummaries, type AskSummaryWorker, type SummaryWorkerApi } from "../../src/run/summaries.ts";
import { applyOverrides, parseScenario } from "../../src/scenario/parse.ts";
import { chunkBytes, SMALL_TEXT, smallVariants, watchedEnv } from "./helpers.ts";

const SUMMARY_WORKER = new URL("./fixtures/summaryWorker.js", import.meta.url);
const threads: Worker[] = [];
afterAll(async () => {
  await Promise.all(threads.map((t) => t.terminate()));
});

interface Sent {
  method: string;
  /** The chunks of an `extend`, as [from, to]. */
  ranges: [number, number][];
}

/** A summary worker thread; every message to it is recorded, and the `drop`-th extend (1-based) is never delivered. */
function summaryWorker(drop = 0): { ask: AskSummaryWorker; sent: Sent[] } {
  const thread = new Worker(SUMMARY_WORKER);
  threads.push(thread);
  const port = nodeEndpoint(thread);
  const sent: Sent[] = [];
  let extended = 0;
  const endpoint: Endpoint = {
    postMessage(message: { path?: string[]; argumentList?: { value?: unknown }[] }, transfer?: Transferable[]) {
      const method = message.path?.[0] ?? "";
      const chunks = method === "extend" ? (message.argumentList![2].value as ChunkResult[]) : [];
      sent.push({ method, ranges: chunks.map((c) => [c.from, c.to]) });
      if (method === "extend" && ++extended === drop) return;
      port.postMessage(message, transfer);
    },
    addEventListener: port.addEventListener.bind(port),
    removeEventListener: port.removeEventListener.bind(port),
  };
  const api = wrap<SummaryWorkerApi>(endpoint);
  return { ask: (request) => request(api), sent };
}

const env = (ask?: AskSummaryWorker): RunEnvironment =>
  watchedEnv({ defaultWorkers: 1, more: ask ? { summarize: (meta, chunk) => ask((api) => api.summarize(meta, chunk)), prefixes: prefixSummaries(ask, 16) } : {} }).env;

// One worker runs chunks of 16 in order: partial results of 16, 32 and 48 paths (those of
// 16 summarized on the run's own thread, as the page does a moved slider's first paths).
const PATHS = 64;
const request = { text: SMALL_TEXT, file: "small.json", paths: PATHS, seed: 11, workers: 1 };
const parsed = parseScenario(SMALL_TEXT, "small.json");
if (!parsed.ok) throw new Error("the test scenario is invalid");
const model = compileModel(applyOverrides(parsed.value, { paths: PATHS, seed: 11 }).variants);
const meta = (partial: boolean): RunMeta => ({
  layout: model.layout,
  variantNames: ["base", "collections"],
  scenarioName: "small recession",
  sha256: createHash("sha256").update(SMALL_TEXT).digest("hex"),
  seed: 11,
  paths: PATHS,
  horizonMonths: 12,
  periodMonths: 1,
  engine: ENGINE_VERSION,
  samples: false,
  partial,
});
/** The summary of paths [0, n), simulated in one piece here and summarized plainly. */
const plain = (n: number, partial: boolean): string => JSON.stringify(summarizeRun(meta(partial), simulatePaths(model, 0, n)));

/** A run with the summary worker; what it showed, in order, and what came after its outcome. */
async function watchedRun(ask: AskSummaryWorker) {
  const events: ({ kind: "progress"; partialPaths: number } | { kind: "partial"; paths: number; json: string })[] = [];
  let ended = false;
  const late: number[] = [];
  const outcome = await runScenario(
    request,
    {
      partialIntervalMs: 0,
      progressIntervalMs: 60_000, // only the first, those that come with a partial result, and the last
      onProgress: (p) => events.push({ kind: "progress", partialPaths: p.partialPaths ?? -1 }),
      onPartial: ({ result }) => {
        if (ended) late.push(result.paths);
        events.push({ kind: "partial", paths: result.paths, json: JSON.stringify(result) });
      },
    },
    env(ask),
  ).outcome;
  ended = true;
  // Any summary still on its way would be shown by now: the worker answers in order, and a drop follows the last.
  await ask((api) => api.drop(-1));
  await new Promise((resolve) => setImmediate(resolve));
  if (outcome.kind !== "done") throw new Error(JSON.stringify(outcome));
  return { outcome, events, late };
}

describe("a run's paths held on the summary worker", () => {
  it("gives the partial and final results of the same paths summarized plainly, each chunk handed over once", async () => {
    const { ask, sent } = summaryWorker();
    const { outcome, events, late } = await watchedRun(ask);
    expect(JSON.stringify(outcome.result)).toBe(plain(PATHS, false));
    const alone = await runScenario(request, {}, env()).outcome;
    expect(alone.kind === "done" && JSON.stringify(alone.result)).toBe(JSON.stringify(outcome.result));
    const partials = events.flatMap((e) => (e.kind === "partial" ? [e] : []));
    expect(partials.length).toBeGreaterThan(0);
    for (const p of partials) expect(p.json).toBe(plain(p.paths, true));
    expect(partials.map((p) => p.paths)).toEqual([...partials.map((p) => p.paths)].sort((a, b) => a - b));
    expect(partials.every((p) => p.paths < PATHS)).toBe(true);
    expect(late).toEqual([]);
    // Every partial result's paths were said by a progress event before it.
    for (const p of partials) {
      const before = events.slice(0, events.indexOf(p)).filter((e) => e.kind === "progress");
      expect(before.some((e) => e.kind === "progress" && e.partialPaths === p.paths)).toBe(true);
    }
    // The chunks handed over tile the run's paths, each once, in order; the summaries were asked of the worker.
    expect(sent.filter((m) => m.method === "extend").flatMap((m) => m.ranges)).toEqual([
      [0, 16],
      [16, 32],
      [32, 48],
      [48, 64],
    ]);
    expect(sent.filter((m) => m.method === "summarizeHeld").length).toBeGreaterThan(0);
    expect(sent.filter((m) => m.method === "summarize")).toEqual([]);
  });

  it("with a chunk lost on the way, summarizes on its own thread, with the same results", async () => {
    const { ask, sent } = summaryWorker(2);
    const { outcome, events, late } = await watchedRun(ask);
    expect(JSON.stringify(outcome.result)).toBe(plain(PATHS, false));
    for (const e of events) if (e.kind === "partial") expect(e.json).toBe(plain(e.paths, true));
    expect(late).toEqual([]);
    // Each summary of the held paths past 16 was refused (paths 16–31 never came), and the
    // paths were then merged on the run's thread and sent whole to be summarized: the
    // final result's, and a partial's unless the run had ended meanwhile.
    const methods = sent.map((m) => m.method);
    const held = methods.filter((m) => m === "summarizeHeld").length;
    const whole = methods.filter((m) => m === "summarize").length;
    expect(whole).toBeGreaterThanOrEqual(1);
    expect(whole).toBeLessThanOrEqual(held);
    expect(methods.lastIndexOf("summarize")).toBeGreaterThan(methods.lastIndexOf("summarizeHeld"));
  });
});

describe("the summary worker's API, in this thread", () => {
  const variants = smallVariants(40);
  const m = compileModel(variants);
  const whole = simulatePaths(m, 0, 40);
  const runMeta = { ...meta(true), layout: m.layout, paths: 40 };

  it("summarizes the paths it holds from the run's first, and refuses any it does not hold", async () => {
    const api = createSummaryApi();
    const plainly = (to: number) => JSON.stringify(summarizeRun(runMeta, simulatePaths(m, 0, to)));
    await api.extend(1, [0, 40], [simulatePaths(m, 0, 8), simulatePaths(m, 8, 20)]);
    expect(JSON.stringify(await api.summarizeHeld(1, runMeta, 0, 8))).toBe(plainly(8));
    expect(JSON.stringify(await api.summarizeHeld(1, runMeta, 0, 20))).toBe(plainly(20));
    await expect(api.summarizeHeld(1, runMeta, 0, 40)).rejects.toThrow("does not hold paths 0..40");
    await api.extend(1, [0, 40], [simulatePaths(m, 20, 40)]);
    expect(JSON.stringify(await api.summarizeHeld(1, runMeta, 0, 40))).toBe(JSON.stringify(summarizeRun(runMeta, whole)));
    // Summaries leave the paths held as they were.
    expect(JSON.stringify(await api.summarizeHeld(1, runMeta, 0, 20))).toBe(plainly(20));
    await expect(api.summarizeHeld(1, runMeta, 8, 40)).rejects.toThrow("does not hold paths 8..40");
    await expect(api.summarizeHeld(2, runMeta, 0, 40)).rejects.toThrow("does not hold paths 0..40");
    // Another run's paths replace the first's.
    await api.extend(2, [20, 40], [simulatePaths(m, 20, 40)]);
    expect(JSON.stringify(await api.summarizeHeld(2, runMeta, 20, 40))).toBe(JSON.stringify(summarizeRun(runMeta, simulatePaths(m, 20, 40))));
    await expect(api.summarizeHeld(1, runMeta, 0, 20)).rejects.toThrow();
    // A chunk past a gap: nothing more is held for that run.
    await api.extend(3, [0, 40], [simulatePaths(m, 0, 8)]);
    await api.extend(3, [0, 40], [simulatePaths(m, 20, 40)]);
    await expect(api.summarizeHeld(3, runMeta, 0, 8)).rejects.toThrow("does not hold paths 0..8");
  });

  it("cuts a chunk's last paths as a chunk of those paths", () => {
    const tail = chunkTail(whole, 27);
    expect([tail.from, tail.to]).toEqual([27, 40]);
    const want = chunkBytes(simulatePaths(m, 27, 40));
    chunkBytes(tail).forEach((b, i) => expect(Buffer.compare(b, want[i])).toBe(0));
  });
});
