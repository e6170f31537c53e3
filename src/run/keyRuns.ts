/**
 * Runs of one scenario with some keys set (`--set` style), one after another, each giving
 * book metrics' per-path values: what a reverse stress test and a sensitivity are made of,
 * on the command line (worker threads kept between runs) and in the page (its Web Workers,
 * through its run queue) alike. Every run takes the scenario's seed and path count, so the
 * runs share their random numbers (MODEL.md §10) and differ only by the keys.
 */
import type { PathMetricName } from "../engine/metrics.ts";
import type { ParsedScenario } from "../scenario/parse.ts";
import { err, ok, type Result } from "../util/result.ts";
import type { RunOutcome, RunRequest } from "./types.ts";

/** A key set to a value: `raw` as the user wrote it (`segments[0].pd=0.04`). */
export interface KeySetting {
  raw: string;
  key: string;
  value: unknown;
}

/** Why the keys could not be set (a value out of the key's range: the edge of a search), or why the run failed. */
export interface KeyRunError {
  message: string;
  failed: boolean;
}

export interface KeyRunsEnv {
  /**
   * The scenario with the keys set, parsed and checked, as a run request; or why the keys
   * cannot be set (one line naming the key and what it allows).
   */
  prepare(keys: readonly KeySetting[]): Promise<Result<RunRequest & { parsed: ParsedScenario }, string>>;
  /** Runs a request to its outcome; the runs keep only the base and `variant` (below). */
  run(request: RunRequest & { parsed: ParsedScenario }): Promise<RunOutcome>;
  /** The variant whose metrics are read ("base" by default). */
  variant?: string;
}

/** The metrics' per-path values of a run with the keys set. */
export type KeyValues = (keys: readonly KeySetting[], metrics: readonly PathMetricName[]) => Promise<Result<Float64Array[], KeyRunError>>;

/**
 * The scenario narrowed to the base and the variant read (a run of the others would be
 * thrown away); the variants share the base's random numbers, so the base's paths are the
 * same with or without them.
 */
export function keepVariant(parsed: ParsedScenario, name: string): Result<ParsedScenario, string> {
  const [base, ...others] = parsed.variants;
  if (name === base.name) return ok({ ...parsed, variants: [base] });
  const chosen = others.find((v) => v.name === name);
  if (chosen) return ok({ ...parsed, variants: [base, chosen] });
  return err(`unknown variant ${JSON.stringify(name)}; this scenario has ${parsed.variants.map((v) => JSON.stringify(v.name)).join(", ")}`);
}

/**
 * The metrics' per-path values of the variant with the keys set, in path order, NaN on a
 * path without a rate's base; or why the keys cannot be set (`failed: false`) or the run
 * failed (`failed: true`).
 */
export function keyRuns(env: KeyRunsEnv): KeyValues {
  const variant = env.variant ?? "base";
  return async (keys, metrics) => {
    const prepared = await env.prepare(keys);
    if (!prepared.ok) return err({ message: prepared.error, failed: false });
    const narrowed = keepVariant(prepared.value.parsed, variant);
    if (!narrowed.ok) return err({ message: narrowed.error, failed: false });
    const outcome = await env.run({ ...prepared.value, parsed: narrowed.value, samples: true });
    if (outcome.kind === "invalid") return err({ message: outcome.errors.map((e) => `${e.path}: ${e.message}`).join("; "), failed: false });
    if (outcome.kind !== "done") return err({ message: outcome.kind === "failed" ? outcome.message : "cancelled", failed: true });
    const book = outcome.result.variants.find((v) => v.name === variant)!.samples!.book;
    const absent = metrics.find((m) => book[m] === undefined);
    if (absent) return err({ message: `${absent} is not in this scenario's result (a provisioning metric needs provisioning)`, failed: false });
    return ok(metrics.map((m) => Float64Array.from(book[m], (x) => x ?? NaN)));
  };
}
