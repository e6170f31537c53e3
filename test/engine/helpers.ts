/** Small helpers for engine tests: build a model from a scenario object, read per-path columns. */
import { scenarioSchema, type ScenarioInput } from "../../src/scenario/schema.ts";
import { compileModel, type Model } from "../../src/engine/model.ts";
import { NPM, PM, periodWidth, type ChunkResult, type PathMetric } from "../../src/engine/layout.ts";
import { summarizeRun } from "../../src/result/summarizeRun.ts";
import type { ResultFile } from "../../src/result/resultFile.ts";

export function buildModel(input: ScenarioInput, variants: { name: string; input: ScenarioInput }[] = []): Model {
  return compileModel([
    { name: "base", scenario: scenarioSchema.parse(input) },
    ...variants.map((v) => ({ name: v.name, scenario: scenarioSchema.parse(v.input) })),
  ]);
}

/** The book's value of `metric` on every path of a chunk. */
export function bookColumn(chunk: ChunkResult, metric: PathMetric, variant = 0): Float64Array {
  const b = chunk.variants[variant].book;
  const n = chunk.to - chunk.from;
  return Float64Array.from({ length: n }, (_, j) => b[j * NPM + PM[metric]]);
}

/** Column `c` of period t (1-based) on every path. */
export function periodColumn(model: Model, chunk: ChunkResult, t: number, c: number, variant = 0): Float64Array {
  const W = periodWidth(model.layout);
  const T = model.periods;
  const p = chunk.variants[variant].periods;
  const n = chunk.to - chunk.from;
  return Float64Array.from({ length: n }, (_, j) => p[(j * T + t - 1) * W + c]);
}

export const mean = (x: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s / x.length;
};

export const variance = (x: ArrayLike<number>): number => {
  const m = mean(x);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] - m) ** 2;
  return s / (x.length - 1);
};

/** The result file of a whole inline run of `model` (paths [0, chunk.to)). */
export function resultOf(model: Model, chunk: ChunkResult, samples = false): ResultFile {
  return summarizeRun(
    {
      layout: model.layout,
      variantNames: model.variantNames,
      scenarioName: "test",
      sha256: "",
      seed: model.simulation.seed,
      paths: chunk.to - chunk.from,
      horizonMonths: model.simulation.horizonMonths,
      periodMonths: model.simulation.periodMonths,
      engine: "test",
      samples,
      partial: false,
    },
    chunk,
  );
}
