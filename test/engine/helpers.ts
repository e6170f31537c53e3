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

/**
 * P(enter F) from `start` (0 = C, k = Dk) with n months in which a first miss can happen,
 * by pushing a probability vector over [C, D1..Dm, F, gone] through the monthly matrix:
 * months 1..n with misses, then months with C absorbing (its life is over) until nothing moves.
 */
export function bruteForce(h: number, attrition: number, roll: number[], stay: number[], start: number, n: number): number {
  const m = roll.length;
  const F = m + 1;
  const gone = m + 2;
  let p = new Float64Array(m + 3);
  p[start] = 1;
  const step = (canMiss: boolean) => {
    const q = new Float64Array(m + 3);
    q[F] += p[F];
    q[gone] += p[gone];
    if (canMiss) {
      q[m === 0 ? F : 1] += p[0] * h;
      q[0] += p[0] * (1 - h) * (1 - attrition);
      q[gone] += p[0] * (1 - h) * attrition;
    } else q[gone] += p[0];
    for (let k = 1; k <= m; k++) {
      q[k === m ? F : k + 1] += p[k] * roll[k - 1];
      q[k] += p[k] * stay[k - 1];
      q[0] += p[k] * (1 - roll[k - 1] - stay[k - 1]);
    }
    p = q;
  };
  for (let t = 0; t < n; t++) step(true);
  for (let t = 0; t < 20_000; t++) step(false);
  return p[F];
}
