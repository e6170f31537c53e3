/**
 * The scenario front door: text (YAML or JSON) to validated scenarios, or every error with
 * its place in the file, its key path and what is allowed.
 */
import type { ScenarioError } from "./errors.ts";
import { err, ok, type Result } from "../util/result.ts";
import { loadYaml } from "./loadYaml.ts";
import { sortErrors, toScenarioError, type Problem, type Source } from "./positions.ts";
import type { Scenario } from "./schema.ts";
import { validateScenario } from "./validate.ts";
import { buildVariants, type NamedScenario } from "./variants.ts";

export type { NamedScenario } from "./variants.ts";

/** A valid scenario file: the base and every variant, ready to compile. */
export interface ParsedScenario {
  /** The file's own scenario, every default filled in (same as `variants[0].scenario`). */
  scenario: Scenario;
  /** `variants[0]` is the base, named "base"; then each file variant merged onto it. */
  variants: NamedScenario[];
}

/** Most errors reported for one file; the rest are counted in a last error. */
export const MAX_ERRORS = 100;

/**
 * Parse and validate a scenario file. Never throws on any text: a wrong file gives its
 * errors, sorted by position, each once. `file` is the name errors carry.
 */
export function parseScenario(text: string, file: string): Result<ParsedScenario, ScenarioError[]> {
  const loaded = loadYaml(text, file);
  if (!loaded.ok) return loaded;
  const { source, data } = loaded.value;
  const base = validateScenario(data);
  if (!base.ok) return err(place(source, base.error));
  const variants = buildVariants(data as Record<string, unknown>, base.value);
  if (!variants.ok) return err(place(source, variants.error));
  return ok({ scenario: base.value, variants: variants.value });
}

function place(source: Source, problems: Problem[]): ScenarioError[] {
  const errors = sortErrors(problems.map((p) => toScenarioError(source, p)));
  if (errors.length <= MAX_ERRORS) return errors;
  const more = errors.length - MAX_ERRORS;
  const last = { ...errors[MAX_ERRORS], path: "", message: `${more} more error${more === 1 ? "" : "s"} not shown; allowed: fix the errors above first` };
  return [...errors.slice(0, MAX_ERRORS), last];
}

/** Command-line overrides of the file's `simulation` keys. */
export interface Overrides {
  /** Number of simulated paths, a whole number ≥ 1. */
  paths?: number;
  /** Seed: a string or an integer. */
  seed?: string | number;
}

/**
 * The same scenarios with `simulation.paths` and `simulation.seed` replaced where given,
 * on the base and every variant alike (variants share their random numbers). The caller
 * checks the flags' values.
 */
export function applyOverrides(parsed: ParsedScenario, overrides: Overrides): ParsedScenario {
  const set = (s: Scenario): Scenario => ({
    ...s,
    simulation: {
      ...s.simulation,
      ...(overrides.paths !== undefined && { paths: overrides.paths }),
      ...(overrides.seed !== undefined && { seed: overrides.seed }),
    },
  });
  const scenario = set(parsed.scenario);
  const variants = parsed.variants.map((v) => ({ name: v.name, scenario: v.scenario === parsed.scenario ? scenario : set(v.scenario) }));
  return { scenario, variants };
}
