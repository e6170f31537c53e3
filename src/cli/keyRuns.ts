/**
 * Runs of one scenario with some keys set (`--set` style), one after another on worker
 * threads kept between them, each giving a book metric's per-path values: what `reverse`
 * and `sensitivity` are made of. Every run takes the scenario's seed and path count, so the
 * runs share their random numbers (MODEL.md §10) and differ only by the keys.
 */
import { complain, EXIT } from "./io.ts";
import type { ScenarioSource } from "./scenarioSources.ts";
import { readScenarioInput } from "./scenarioInput.ts";
import { withSettings, type Setting } from "./settings.ts";
import { selectVariant } from "./variants.ts";
import { applyOverrides } from "../scenario/parse.ts";
import type { Scenario } from "../scenario/schema.ts";
import { keptNodeRuns } from "../run/node.ts";
import { keyRuns, type KeyValues } from "../run/keyRuns.ts";
import { err, ok, type Result } from "../util/result.ts";

export interface KeyRunOptions {
  file: string;
  cell?: number;
  set: Setting[];
  tapesAnywhere: boolean;
  variant?: string;
  paths?: number;
  seed?: string | number;
  workers?: number;
}

export interface KeyRuns {
  /** The scenario as checked, with the --set keys (its base, or --variant's variant). */
  scenario: Scenario;
  /** The base scenario as checked, with the --set keys and its variants' overlays: where keys are looked up. */
  base: Scenario;
  /** Its text, with the --set keys. */
  source: ScenarioSource;
  /**
   * The metrics' per-path values of the variant with the keys set (after the --set keys),
   * in path order, NaN on a path without a rate's base; or why the keys cannot be set (a
   * value out of the key's range) or the run failed (`failed`). src/run/keyRuns.ts.
   */
  values: KeyValues;
  close(): Promise<void>;
}

/** The runs ready to start, or the exit status after the file's problems were printed. */
export async function prepareKeyRuns(options: KeyRunOptions): Promise<Result<KeyRuns, number>> {
  // The file with the --set keys must be a valid scenario first: its errors are placed in
  // the file, before any key is varied.
  const input = await readScenarioInput(options);
  if (!input.ok) return input;
  const { source, given, parsed, reach } = input.value;
  const selected = selectVariant(applyOverrides(parsed, options), options.variant);
  if (!selected.ok) {
    await complain(selected.error);
    return err(EXIT.usage);
  }
  const variantName = options.variant ?? "base";
  const scenario = selected.value.variants.find((v) => v.name === variantName)!.scenario;
  const runs = keptNodeRuns();
  const values = keyRuns({
    variant: variantName,
    async prepare(keys) {
      const set = await withSettings(given, options.file, [...options.set, ...keys], reach);
      // A value the key does not allow is the edge of a search, not a failure.
      if (!set.ok) return err(set.error.lines.join("; ").replace(/^creditlab: /, ""));
      const parsed = set.value.read.parsed;
      if (!parsed.ok) return err(parsed.error.map((e) => `${e.path}: ${e.message}`).join("; "));
      return ok({ text: set.value.source.text, file: set.value.source.file, parsed: parsed.value, paths: options.paths, seed: options.seed, workers: options.workers, tapes: set.value.read.tapes, tapeDigests: set.value.read.digests });
    },
    run: (request) => runs.run(request).outcome,
  });
  return ok({ scenario, base: selected.value.scenario, source, values, close: () => runs.close() });
}
