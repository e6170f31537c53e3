/**
 * The scenario format as JSON Schema (draft 2020-12), generated from `schema.ts`: the
 * editor's completion and hover read it, and error messages describe allowed values from
 * it. Each key keeps its `description`, `default` and its unit (`x-unit` in memory; in the
 * published file, in the description: see `scenarioJsonSchemaText`).
 */
import { z } from "zod";
import { scenarioSchema } from "./schema.ts";

/** A JSON Schema node, as plain data. */
export type JsonSchema = Record<string, unknown>;

let cached: JsonSchema | undefined;

/** The JSON Schema of a scenario file as written (defaults optional). Cached; do not mutate. */
export function scenarioJsonSchema(): JsonSchema {
  cached ??= z.toJSONSchema(scenarioSchema, { io: "input" }) as JsonSchema;
  return cached;
}

/**
 * The schema as published for other programs: standard keywords only, so that validators
 * in strict mode (ajv's default) accept it; each unit is written into its key's description,
 * where YAML editors show it on hover.
 */
function portable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(portable);
  if (node === null || typeof node !== "object") return node;
  const { "x-unit": unit, ...rest } = node as JsonSchema;
  const out: JsonSchema = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, portable(v)]));
  if (typeof unit === "string") out.description = typeof out.description === "string" ? `${out.description} (${unit})` : unit;
  return out;
}

/** The text of `public/scenario.schema.json`: the portable schema, two-space indents and a final newline. */
export function scenarioJsonSchemaText(): string {
  return `${JSON.stringify(portable(scenarioJsonSchema()), null, 2)}\n`;
}
