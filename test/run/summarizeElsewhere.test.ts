/**
 * A run whose summaries are made elsewhere (the page's summary worker, runScenario's
 * `summarize`): the same result file as the run that summarizes itself, partial results
 * in order and none after the outcome; and `latestOnly`, which hands the summarizer one
 * prefix at a time.
 */
import { describe, expect, it } from "vitest";
import { summarizeRun, type RunMeta } from "../../src/result/summarizeRun.ts";
import type { ChunkResult } from "../../src/engine/layout.ts";
import type { ResultFile } from "../../src/result/resultFile.ts";
import { latestOnly, runScenario, type RunEnvironment } from "../../src/run/runScenario.ts";
import { SMALL_TEXT, watchedEnv } from "./helpers.ts";

/** The Node environment, with `summarize` as given. */
const env = (summarize?: RunEnvironment["summarize"]): RunEnvironment => watchedEnv({ more: summarize ? { summarize } : {} }).env;

/** Every summary asked of `elsewhere`, answered or not. */
const asked: Promise<ResultFile>[] = [];

/** As a worker answers: in a later turn of the event loop (a macrotask, no time waited), and a structured clone of what it computed. */
const elsewhere = (meta: RunMeta, chunk: ChunkResult): Promise<ResultFile> => {
  const answer = new Promise<ResultFile>((resolve) => setImmediate(() => resolve(structuredClone(summarizeRun(structuredClone(meta), structuredClone(chunk))))));
  asked.push(answer);
  return answer;
};

const request = { text: SMALL_TEXT, file: "small.json", paths: 64, seed: 11, workers: 1 };

describe("runScenario with summaries made elsewhere", () => {
  it("gives the result file of the run that summarizes itself, and partials in path order, none after its outcome", async () => {
    const plain = await runScenario(request, {}, env()).outcome;
    const partials: { paths: number; partial: boolean | undefined }[] = [];
    let ended = false;
    const late: number[] = [];
    const handle = runScenario(
      request,
      {
        partialIntervalMs: 0,
        onPartial: ({ result }) => {
          if (ended) late.push(result.paths);
          partials.push({ paths: result.paths, partial: result.partial });
        },
      },
      env(elsewhere),
    );
    const outcome = await handle.outcome;
    ended = true;
    // Every summary asked answered, and what its answer leads to done: a late partial would be shown by now.
    await Promise.all(asked);
    await new Promise((resolve) => setImmediate(resolve));
    expect(asked.length).toBeGreaterThanOrEqual(partials.length + 1);
    if (outcome.kind !== "done" || plain.kind !== "done") throw new Error(JSON.stringify([outcome.kind, plain.kind]));
    expect(JSON.stringify(outcome.result)).toBe(JSON.stringify(plain.result));
    expect(partials.length).toBeGreaterThan(0);
    for (const p of partials) {
      expect(p.partial).toBe(true);
      expect(p.paths % 16).toBe(0);
      expect(p.paths).toBeLessThan(64);
    }
    expect(partials.map((p) => p.paths)).toEqual([...partials.map((p) => p.paths)].sort((a, b) => a - b));
    expect(late).toEqual([]);
  });

  it("summarizes on its own thread when the summarizer fails, with the same result", async () => {
    const plain = await runScenario(request, {}, env()).outcome;
    const failing = await runScenario(request, {}, env(() => Promise.reject(new Error("the summary worker failed")))).outcome;
    if (failing.kind !== "done" || plain.kind !== "done") throw new Error(JSON.stringify([failing.kind, plain.kind]));
    expect(JSON.stringify(failing.result)).toBe(JSON.stringify(plain.result));
  });
});

describe("latestOnly", () => {
  it("works one value at a time, then only the latest of those given meanwhile", async () => {
    const seen: number[] = [];
    let inWork = 0;
    let most = 0;
    const gates: (() => void)[] = [];
    const take = latestOnly(async (v: number) => {
      seen.push(v);
      most = Math.max(most, ++inWork);
      await new Promise<void>((resolve) => gates.push(resolve));
      inWork--;
    });
    take(1);
    take(2);
    take(3);
    take(4);
    expect(seen).toEqual([1]);
    gates.shift()!();
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual([1, 4]);
    take(5);
    gates.shift()!();
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual([1, 4, 5]);
    gates.shift()!();
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual([1, 4, 5]);
    expect(most).toBe(1);
  });
});
