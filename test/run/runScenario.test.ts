import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { summarizeRun } from "../../src/result/summarizeRun.ts";
import { compileModel } from "../../src/engine/model.ts";
import { simulatePaths } from "../../src/engine/simulate.ts";
import { runInNode } from "../../src/run/node.ts";
import { ENGINE_VERSION, runScenario, type RunEnvironment } from "../../src/run/runScenario.ts";
import type { Progress } from "../../src/run/types.ts";
import { applyOverrides, parseScenario } from "../../src/scenario/parse.ts";
import { chunkBytes, running, SMALL_TEXT, watchedEnv, watchedSpawn } from "./helpers.ts";
import { WorkerPool } from "../../src/run/pool.ts";

const file = parseScenario(SMALL_TEXT, "small.json");
if (!file.ok) throw new Error("the test scenario is invalid");
const parsed = applyOverrides(file.value, { paths: 24, seed: 11 });
const model = compileModel(parsed.variants);
const sha256 = createHash("sha256").update(SMALL_TEXT).digest("hex");

describe("runInNode", () => {
  it("gives the result file of the inline run, byte for byte in its per-path numbers", async () => {
    const seen: Progress[] = [];
    const request = { text: SMALL_TEXT, file: "small.json", paths: 24, seed: 11, workers: 2, samples: true };
    const outcome = await runInNode(request, { onProgress: (p) => seen.push(p) }).outcome;
    if (outcome.kind !== "done") throw new Error(JSON.stringify(outcome));
    const inline = simulatePaths(model, 0, 24);
    chunkBytes(outcome.chunk).forEach((b, i) => expect(Buffer.compare(b, chunkBytes(inline)[i])).toBe(0));
    const meta = {
      layout: model.layout,
      variantNames: ["base", "collections"],
      scenarioName: "small recession",
      sha256,
      seed: 11,
      paths: 24,
      horizonMonths: 12,
      periodMonths: 1,
      engine: ENGINE_VERSION,
      samples: true,
      partial: false,
    };
    expect(outcome.result).toEqual(summarizeRun(meta, inline));
    expect(seen[seen.length - 1]).toMatchObject({ done: 24, total: 24 });
  });

  it("runs the parse it is handed, and does not parse the text again (the text is only digested)", async () => {
    const text = "a text that does not parse: the run must not read it as a scenario";
    const outcome = await runInNode({ text, file: "small.json", parsed: file.value, paths: 24, seed: 11, workers: 1 }).outcome;
    if (outcome.kind !== "done") throw new Error(JSON.stringify(outcome));
    const inline = simulatePaths(model, 0, 24);
    chunkBytes(outcome.chunk).forEach((b, i) => expect(Buffer.compare(b, chunkBytes(inline)[i])).toBe(0));
    expect(outcome.result.scenario.sha256).toBe(createHash("sha256").update(text).digest("hex"));
  });

  it("reports the scenario's errors without starting a worker", async () => {
    const outcome = await runInNode({ text: "creditlab: 1\nsegments: []\n", file: "empty.yaml" }).outcome;
    expect(outcome.kind).toBe("invalid");
    expect(outcome.kind === "invalid" && outcome.errors[0].file).toBe("empty.yaml");
  });
});

describe("runScenario", () => {
  it("takes the model's facts from a worker that describes it (the page's pool) and gives the result of a run that compiles it itself", async () => {
    const { spawn, threads } = watchedSpawn();
    const pool = new WorkerPool(spawn, 2);
    pool.warm();
    // The paths each description was of, and whether a worker gave it (null: the run compiles its own).
    const asked: [number, boolean][] = [];
    const { env } = watchedEnv({
      more: {
        acquirePool: async () => ({ pool, release: async () => undefined }),
        describe: async (variants, workers, budget, paths) => {
          const facts = await pool.describe(variants, workers, budget, paths);
          asked.push([paths, facts !== null]);
          return facts;
        },
      },
    });
    const request = { text: SMALL_TEXT, file: "small.json", paths: 24, seed: 11, workers: 2, samples: true };
    const described = await runScenario(request, {}, env).outcome;
    const compiledHere = await runInNode(request).outcome;
    if (described.kind !== "done" || compiledHere.kind !== "done") throw new Error("a run failed");
    expect(asked).toEqual([[24, true]]);
    expect(JSON.stringify(described.result)).toBe(JSON.stringify(compiledHere.result));
    chunkBytes(described.chunk).forEach((b, i) => expect(Buffer.compare(b, chunkBytes(compiledHere.chunk)[i])).toBe(0));
    // Too large for the budget: refused by the worker's facts as by a run that compiles, word for word.
    const small = { ...env, memoryBudget: 10e6 };
    const refused = await runScenario(request, {}, small).outcome;
    const refusedHere = await runScenario(request, {}, { ...small, describe: undefined }).outcome;
    expect(refused.kind).toBe("failed");
    expect(refused).toEqual(refusedHere);
    expect(asked).toEqual([[24, true], [24, true]]);
    await pool.close();
    expect(running(threads)).toBe(0);
  });

  it("refuses a run too large for the memory budget, with what it needs", async () => {
    const { env, threads } = watchedEnv({ memoryBudget: 10e6 });
    const outcome = await runScenario({ text: SMALL_TEXT, file: "small.json" }, {}, env).outcome;
    expect(outcome.kind).toBe("failed");
    expect(outcome.kind === "failed" && outcome.message).toMatch(/^this run needs about .* GB of memory .*the limit here is 0\.01 GB/);
    expect(threads.length).toBe(0);
  });

  it("a cancelled run gives a partial result file of the paths from 0 and leaves no thread", async () => {
    const { env, threads } = watchedEnv();
    // One worker finishes chunks in order: the first partial comes while the second chunk runs.
    const request = { text: SMALL_TEXT, file: "small.json", paths: 64, seed: 11, workers: 1 };
    const handle = runScenario(request, { onPartial: () => handle.cancel(), partialIntervalMs: 0 }, env);
    const outcome = await handle.outcome;
    if (outcome.kind !== "cancelled" || !outcome.result) throw new Error(JSON.stringify(outcome));
    expect(outcome.result.partial).toBe(true);
    expect(outcome.result.paths).toBe(outcome.chunk!.to);
    expect(outcome.chunk!.from).toBe(0);
    expect(outcome.chunk!.to).toBe(16);
    expect(running(threads)).toBe(0);
  });

  it("cancelled before it starts, it has no result and starts no thread", async () => {
    const { env, threads } = watchedEnv();
    const handle = runScenario({ text: SMALL_TEXT, file: "small.json" }, {}, env);
    handle.cancel();
    expect(await handle.outcome).toEqual({ kind: "cancelled", result: null, chunk: null });
    expect(threads.length).toBe(0);
  });

  it("narrows the scenario with `select`, or fails with its message", async () => {
    const { env } = watchedEnv();
    const request = { text: SMALL_TEXT, file: "small.json", paths: 8, workers: 1 };
    const only = await runScenario(request, { select: (p) => ({ ok: true, value: { ...p, variants: [p.variants[0]] } }) }, env).outcome;
    expect(only.kind === "done" && only.result.variants.map((v) => v.name)).toEqual(["base"]);
    const bad = await runScenario(request, { select: () => ({ ok: false, error: "unknown variant" }) }, env).outcome;
    expect(bad).toEqual({ kind: "failed", message: "unknown variant" });
  });
});
