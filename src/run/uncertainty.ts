/**
 * Parameter uncertainty's variance split (src/stats/varianceParts.ts, docs/model.md §9.4):
 * the scenario's base run with its parameters drawn per path (A), and two runs of the base
 * on the same seed and paths, the parameters at their point values (B) and also the economy
 * at its mean path, `macro.residual: zero` (C). The split is of the book's net loss and
 * default rate, written to the result file's `uncertainty` and printed by `creditlab run`.
 */
import type { ParsedScenario } from "../scenario/parse.ts";
import type { Scenario } from "../scenario/schema.ts";
import { varianceParts, type VarianceParts } from "../stats/varianceParts.ts";
import type { ResultFile, UncertaintyResult } from "../result/resultFile.ts";
import type { RunOutcome } from "./types.ts";

/** The book metrics split. */
export const SPLIT_METRICS = ["netLoss", "defaultRate"] as const;

/** Whether the base scenario gives any segment an `uncertainty`. */
export function hasUncertainty(parsed: ParsedScenario): boolean {
  return parsed.scenario.segments.some((g) => g.uncertainty !== undefined);
}

/** The base alone, its parameters at their point values, and with `still` its economy at its mean path. */
export function auxiliaryScenario(parsed: ParsedScenario, still: boolean): ParsedScenario {
  const base = parsed.variants[0];
  const scenario: Scenario = {
    ...base.scenario,
    segments: base.scenario.segments.map(({ uncertainty: _, ...g }) => g),
    ...(still ? { macro: { ...base.scenario.macro, residual: "zero" as const } } : {}),
  };
  return { ...parsed, scenario, variants: [{ ...base, scenario }] };
}

/** The book's per-path values of the split metrics in a finished run with samples (its base). */
export function bookValues(result: ResultFile): Float64Array[] | null {
  const book = result.variants[0].samples?.book;
  if (!book) return null;
  return SPLIT_METRICS.map((m) => Float64Array.from(book[m], (x) => x ?? NaN));
}

/** The split metrics' per-path values of runs B and C (`others[0]`, `others[1]`), started by `run` on the auxiliary scenarios; or the message of the run that failed. */
export async function auxiliaryRuns(
  parsed: ParsedScenario,
  run: (parsed: ParsedScenario) => Promise<RunOutcome>,
): Promise<{ ok: true; value: Float64Array[][] } | { ok: false; error: string }> {
  const others: Float64Array[][] = [];
  for (const still of [false, true]) {
    const outcome = await run(auxiliaryScenario(parsed, still));
    if (outcome.kind !== "done") return { ok: false, error: outcome.kind === "failed" ? outcome.message : outcome.kind === "invalid" ? outcome.errors.map((e) => e.message).join("; ") : "cancelled" };
    const values = bookValues(outcome.result);
    if (!values) return { ok: false, error: "the run kept no per-path values" };
    others.push(values);
  }
  return { ok: true, value: others };
}

/**
 * The range each split metric's expected value can take: a default rate is a share of the
 * accounts, from 0 to 1; a net loss has no bound the split can assume (recoveries of earlier
 * write-offs can make it negative).
 */
const RANGE: Record<(typeof SPLIT_METRICS)[number], [number, number]> = { netLoss: [-Infinity, Infinity], defaultRate: [0, 1] };

/**
 * The split of each metric from run A's per-path values and runs B's and C's, all in path
 * order. The bands are normal (mean ± 1.96 sd), and a wide spread of the parameters (an sd
 * of 3 on pd's probit) puts a default rate's band past 0 and 1 (−49.8% … 118%): they are cut
 * to the metric's range.
 */
export function splitOf(a: Float64Array[], others: Float64Array[][], variant: string, paths: number): UncertaintyResult {
  const cut = ([lo, hi]: [number, number], [min, max]: [number, number]): [number, number] => [Math.max(lo, min), Math.min(hi, max)];
  const split = Object.fromEntries(
    SPLIT_METRICS.map((m, k) => {
      const parts = varianceParts(a[k], others[0][k], others[1][k]);
      return [m, { ...parts, meanCI95: cut(parts.meanCI95, RANGE[m]), meanCI95MonteCarlo: cut(parts.meanCI95MonteCarlo, RANGE[m]) }];
    }),
  ) as Record<(typeof SPLIT_METRICS)[number], VarianceParts>;
  return { variant, paths, ...split };
}

/**
 * The split of each metric from the base run A (with samples) and runs B and C, started by
 * `run` on the auxiliary scenarios; or the message of the run that failed.
 */
export async function splitVariance(
  full: ResultFile,
  parsed: ParsedScenario,
  run: (parsed: ParsedScenario) => Promise<RunOutcome>,
): Promise<{ ok: true; value: UncertaintyResult } | { ok: false; error: string }> {
  const a = bookValues(full);
  if (!a) return { ok: false, error: "the run kept no per-path values" };
  const others = await auxiliaryRuns(parsed, run);
  if (!others.ok) return others;
  return { ok: true, value: splitOf(a, others.value, full.variants[0].name, full.paths) };
}

/** A shard's runs B and C as its chunk file carries them (result/chunkFile.ts `uncertainty`): NaN written as null. */
export function chunkValues(others: Float64Array[][]): { point: Record<(typeof SPLIT_METRICS)[number], (number | null)[]>; still: Record<(typeof SPLIT_METRICS)[number], (number | null)[]> } {
  const of = (values: Float64Array[]) =>
    Object.fromEntries(SPLIT_METRICS.map((m, k) => [m, Array.from(values[k], (x) => (Number.isNaN(x) ? null : x))])) as Record<(typeof SPLIT_METRICS)[number], (number | null)[]>;
  return { point: of(others[0]), still: of(others[1]) };
}

/** Runs B and C of the whole run from its chunks' headers, in path order (the chunks sorted by their first path). */
export function mergedValues(chunks: readonly { from: number; point: Record<string, (number | null)[]>; still: Record<string, (number | null)[]> }[]): Float64Array[][] {
  const sorted = [...chunks].sort((x, y) => x.from - y.from);
  return (["point", "still"] as const).map((run) => SPLIT_METRICS.map((m) => Float64Array.from(sorted.flatMap((c) => c[run][m]), (x) => x ?? NaN)));
}
