/**
 * A worker keeps the models of recent and prepared scenarios (src/run/workerApi.ts): a run
 * that finds its scenarios kept runs on the model, and the book, built before. Its paths
 * must be those of a worker that compiles them afresh, byte for byte, whatever ran on the
 * kept model in between.
 */
import { describe, expect, it } from "vitest";
import type { ChunkResult } from "../../src/engine/layout.ts";
import { scenarioSchema } from "../../src/scenario/schema.ts";
import type { NamedScenario } from "../../src/scenario/parse.ts";
import { createWorkerApi } from "../../src/run/workerApi.ts";
import { compileModel } from "../../src/engine/model.ts";
import { refuseOversizedRun } from "../../src/run/plan.ts";
import { chunkBytes, SMALL } from "./helpers.ts";

/** The small book with the cards' `pd` at `pd`: a slider's values. */
const at = (pd: number): NamedScenario[] => [
  { name: "base", scenario: scenarioSchema.parse({ ...SMALL, segments: SMALL.segments!.map((s, i) => (i === 0 ? { ...s, pd } : s)) }) },
];

/** Paths [from, to) of `variants` on a worker that has run nothing before. */
function fresh(variants: NamedScenario[], from: number, to: number): ChunkResult {
  const api = createWorkerApi();
  api.load(variants);
  return api.simulate(from, to);
}

const same = (a: ChunkResult, b: ChunkResult) => {
  const want = chunkBytes(b);
  expect([a.from, a.to]).toEqual([b.from, b.to]);
  chunkBytes(a).forEach((bytes, i) => expect(Buffer.compare(bytes, want[i])).toBe(0));
};

describe("a worker's kept models", () => {
  it("run prepared and reloaded scenarios as a fresh worker does", () => {
    const api = createWorkerApi();
    api.load(at(0.04));
    const first = api.simulate(0, 6);
    // A slider's two next values, prepared while the page waits.
    api.prepare(at(0.045));
    api.prepare(at(0.035));
    api.load(at(0.045));
    same(api.simulate(3, 9), fresh(at(0.045), 3, 9));
    // Back to the first value: its model has run paths 0–5 already.
    api.load(at(0.04));
    same(api.simulate(0, 6), first);
    same(api.simulate(6, 8), fresh(at(0.04), 6, 8));
    api.load(at(0.035));
    same(api.simulate(0, 4), fresh(at(0.035), 0, 4));
  });

  it("never serves one scenario's model for another", () => {
    const api = createWorkerApi();
    api.prepare(at(0.05));
    api.load(at(0.06));
    const got = api.simulate(0, 4);
    same(got, fresh(at(0.06), 0, 4));
    // The two values give different paths: the check above can tell them apart.
    expect(Buffer.compare(chunkBytes(got)[0], chunkBytes(fresh(at(0.05), 0, 4))[0])).not.toBe(0);
  });

  it("describes a run from the model it compiles, as the page's thread would, and keeps it for the run's load", () => {
    const api = createWorkerApi();
    const variants = at(0.04);
    const model = compileModel(variants);
    // Structured clones of the worker's answer: plain data equal to the model compiled here.
    const facts = structuredClone(api.describe(variants, 2, 2 ** 31, 40));
    expect(facts).toEqual({ layout: model.layout, refusal: null });
    expect(api.compiled()).toBe(1);
    // Too large for the budget: the refusal a run compiled here gives, word for word.
    expect(api.describe(variants, 2, 10e6, 40).refusal).toBe(refuseOversizedRun(model, 2, 10e6, 40));
    // The run's load finds the model: nothing compiled again, and its paths are a fresh worker's.
    api.load(structuredClone(variants));
    expect(api.compiled()).toBe(1);
    same(api.simulate(0, 6), fresh(variants, 0, 6));
  });

  it("hands a large book's described model, which it does not keep, to the load that follows, and to none after", () => {
    const api = createWorkerApi();
    // 400k accounts: a book and columns of more than KEPT_BYTES, which no worker keeps.
    const big: NamedScenario[] = [
      { name: "base", scenario: scenarioSchema.parse({ ...SMALL, segments: SMALL.segments!.map((s) => ({ ...s, accounts: 200_000 })) }) },
    ];
    expect(api.describe(big, 2, 2 ** 34, 40).refusal).toBeNull();
    api.load(structuredClone(big));
    expect(api.compiled()).toBe(1);
    // The next run of it compiles again: the worker holds no large book's model between runs.
    api.load(structuredClone(big));
    expect(api.compiled()).toBe(2);
  });
});
