/**
 * The scenario front door: text (YAML or JSON) to validated scenarios, or every error with
 * its place in the file, its key path and what is allowed.
 */
import { tapeProblems } from "../data/tapeRules.ts";
import type { Tapes } from "../data/tapes.ts";
import type { ScenarioError } from "./errors.ts";
import { err, ok, type Result } from "../util/result.ts";
import { loadYaml } from "./loadYaml.ts";
import { capErrors, sortErrors, toScenarioError, type Problem, type Source } from "./positions.ts";
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
  /** What the reader should know but is not an error (a version 1 file), placed like errors. */
  notes: ScenarioError[];
}

/**
 * A version 1 file runs under model version 2 with its keys' version 1 meaning: `pd` (and
 * a scorecard's PD) is the annual probability of a first missed payment, `missRate` in
 * version 2 terms. No key changes meaning silently: the reader is told once.
 */
const VERSION_1_NOTE =
  "note: a version 1 file, run under model version 2 with pd (and scorecard PDs) read as missRate, the annual probability of a first missed payment; " +
  "allowed: to upgrade, write creditlab: 2 and rename pd to missRate (same numbers), or give pd as the annual probability of default";

/**
 * Parse and validate a scenario file. Never throws on any text: a wrong file gives its
 * errors, sorted by position, each once. `file` is the name errors carry. With `tapes` (the
 * loan tapes its segments name, read by the caller) the segments are checked against them too.
 */
export function parseScenario(text: string, file: string, tapes?: Tapes): Result<ParsedScenario, ScenarioError[]> {
  const loaded = loadYaml(text, file);
  if (!loaded.ok) return loaded;
  const { source, data } = loaded.value;
  const base = validateScenario(data);
  if (!base.ok) return err(place(source, base.error));
  const variants = buildVariants(data as Record<string, unknown>, base.value);
  if (!variants.ok) return err(place(source, variants.error));
  if (tapes) {
    const problems = tapeProblemsOnce(variants.value, tapes);
    if (problems.length > 0) return err(place(source, problems));
  }
  const notes = base.value.creditlab === 1 ? [toScenarioError(source, { path: ["creditlab"], message: VERSION_1_NOTE })] : [];
  return ok({ scenario: base.value, variants: variants.value, notes });
}

/**
 * A scenario parsed without its loan tapes (`parseScenario(text, file)`), checked against
 * them once the caller has read the ones it names: the same errors as parsing with the
 * tapes, without parsing again. The text is read again only to place problems, when there
 * are any (and then nothing runs).
 */
export function checkTapes(parsed: ParsedScenario, tapes: Tapes, text: string, file: string): Result<ParsedScenario, ScenarioError[]> {
  const problems = tapeProblemsOnce(parsed.variants, tapes);
  if (problems.length === 0) return ok(parsed);
  const loaded = loadYaml(text, file);
  return loaded.ok ? err(place(loaded.value.source, problems)) : loaded;
}

/** Checked on every variant (one may name another tape), each problem once, at the segment's tape key. */
function tapeProblemsOnce(variants: readonly NamedScenario[], tapes: Tapes): Problem[] {
  const seen = new Set<string>();
  return variants.flatMap((v) => tapeProblems(v.scenario, tapes)).filter((p) => !seen.has(p.message) && seen.add(p.message));
}

/** Problems found outside the parse (a tape that cannot be read), placed at their keys in `text`. */
export function placeProblems(text: string, file: string, problems: Problem[]): ScenarioError[] {
  const loaded = loadYaml(text, file);
  return loaded.ok ? place(loaded.value.source, problems) : loaded.error;
}

function place(source: Source, problems: Problem[]): ScenarioError[] {
  return capErrors(sortErrors(problems.map((p) => toScenarioError(source, p))));
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
  return { scenario, variants, notes: parsed.notes };
}
