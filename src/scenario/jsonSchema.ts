/**
 * The scenario format as JSON Schema (draft 2020-12), generated from `schema.ts`: the
 * editor's completion and hover read it, and error messages describe allowed values from
 * it. Each key keeps its `description`, `default` and `unit`.
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

/** The text of `public/scenario.schema.json`: two-space indents and a final newline. */
export function scenarioJsonSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}
