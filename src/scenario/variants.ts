/**
 * Variants: each is merged onto the base scenario as written (before defaults), then the
 * merged document is validated like any scenario. Objects merge, lists replace, null
 * removes a key (INTERFACE.md); `segments` is keyed by segment name. A problem of a merged
 * document is reported under `variants[i]`, at the variant's own key where it has one.
 */
import { nearest } from "./messages.ts";
import { err, ok, type Result } from "../util/result.ts";
import type { PathKey, Problem } from "./positions.ts";
import { macroSchema, type Scenario, type Variant } from "./schema.ts";
import { validateScenario } from "./validate.ts";

/** A scenario ready to run, with its variant's name ("base" for the file's own). */
export interface NamedScenario {
  name: string;
  scenario: Scenario;
}

type Data = Record<string, unknown>;

const DEFAULT_FACTORS = macroSchema.parse({}).factors;

/**
 * The base, named "base", then every variant of the file merged and validated.
 * `input` is the file's data as written; `base` is that data validated.
 */
export function buildVariants(input: Data, base: Scenario): Result<NamedScenario[], Problem[]> {
  // Provisioning is the file's own (its weights name the variants): a variant carries none.
  const baseInput = Object.fromEntries(Object.entries(input).filter(([key]) => key !== "variants" && key !== "provisioning"));
  const out: NamedScenario[] = [{ name: "base", scenario: base }];
  const problems: Problem[] = [];
  base.variants.forEach((variant, i) => {
    const built = buildVariant(baseInput, base, variant, i);
    if (built.ok) out.push({ name: variant.name, scenario: built.value });
    else problems.push(...built.error);
  });
  return problems.length > 0 ? err(problems) : ok(out);
}

function buildVariant(baseInput: Data, base: Scenario, variant: Variant, i: number): Result<Scenario, Problem[]> {
  const merged = mergeVariant(baseInput, variant, i);
  if (!merged.ok) return merged;
  // Checked before the rules, which would otherwise complain of loadings on a removed factor.
  const before = Object.keys(base.macro.factors);
  const after = factorNames(merged.value);
  if (after && (before.length !== after.length || before.some((name) => !after.includes(name)))) {
    return err([{
      path: ["variants", i, "macro", "factors"],
      message: `a variant may not change the set of factors (${after.join(", ") || "none"}); allowed: the base's factors ${before.join(", ")}, with other settings`,
    }]);
  }
  const checked = validateScenario(merged.value);
  const names = base.segments.map((g) => g.name);
  return checked.ok ? checked : err(checked.error.map((p) => inVariant(p, i, names)));
}

// The factors a document declares (the default when it declares none); undefined when malformed.
function factorNames(doc: Data): string[] | undefined {
  const macro = doc.macro ?? {};
  if (!isObject(macro)) return undefined;
  if (macro.factors === undefined) return Object.keys(DEFAULT_FACTORS);
  return isObject(macro.factors) ? Object.keys(macro.factors) : undefined;
}

/** The base document with the variant's macro, policy and segments merged in. */
export function mergeVariant(baseInput: Data, variant: Variant, i: number): Result<Data, Problem[]> {
  const out: Data = { ...baseInput };
  for (const key of ["macro", "policy"] as const) {
    const over = variant[key];
    if (over === null) delete out[key];
    else if (over !== undefined) out[key] = mergeValue(out[key], over);
  }
  if (!variant.segments) return ok(out);
  const segments = mergeSegments(baseInput.segments as Data[], variant.segments, i);
  if (!segments.ok) return segments;
  out.segments = segments.value;
  return ok(out);
}

function mergeSegments(segments: Data[], overrides: Data, i: number): Result<Data[], Problem[]> {
  const names = segments.map((g) => String(g.name));
  const out = [...segments];
  const problems: Problem[] = [];
  for (const [name, over] of Object.entries(overrides)) {
    const at: PathKey[] = ["variants", i, "segments", name];
    const j = names.indexOf(name);
    if (j < 0) problems.push({ path: at, at: "key", message: unknownSegment(name, names) });
    else if (!isObject(over)) problems.push({ path: at, message: "expected a mapping of the segment's keys to change; allowed: a mapping such as { pd: 0.02 }" });
    else if ("name" in over) problems.push({ path: [...at, "name"], at: "key", message: "a variant may not rename a segment; allowed: the segment's other keys" });
    else out[j] = mergeValue(segments[j], over) as Data;
  }
  return problems.length > 0 ? err(problems) : ok(out);
}

function unknownSegment(name: string, names: string[]): string {
  const near = nearest(name, names);
  return `no segment is named "${name}"; allowed: ${names.join(", ")}${near ? `; did you mean \`${near}\`?` : ""}`;
}

/** Objects merge key by key, null removes a key, anything else (lists too) replaces. */
export function mergeValue(base: unknown, over: unknown): unknown {
  if (!isObject(over)) return over;
  const start = isObject(base) ? base : {};
  const keys = [...new Set([...Object.keys(start), ...Object.keys(over)])];
  // fromEntries defines own properties, so a key named __proto__ stays a plain key.
  return Object.fromEntries(
    keys.flatMap((key) => {
      if (!Object.hasOwn(over, key)) return [[key, start[key]]];
      if (over[key] === null) return [];
      return [[key, mergeValue(Object.hasOwn(start, key) ? start[key] : undefined, over[key])]];
    }),
  );
}

// A problem of the merged document, at the variant's own key path (segments by name).
function inVariant(p: Problem, i: number, segmentNames: string[]): Problem {
  const [head, index, ...rest] = p.path;
  const path: PathKey[] =
    head === "segments" && typeof index === "number"
      ? ["variants", i, "segments", segmentNames[index] ?? index, ...rest]
      : ["variants", i, ...p.path];
  return { ...p, path };
}

function isObject(value: unknown): value is Data {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
