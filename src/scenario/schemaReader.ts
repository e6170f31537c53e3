/**
 * The one reader of the scenario's JSON Schema (jsonSchema.ts): the node at a key path,
 * through lists, records and unions. The validator's "allowed" words (allowed.ts) and the
 * editor's completion and hover (ui/editor/schemaHelp.ts) both walk the schema with it.
 */
import type { JsonSchema } from "./jsonSchema.ts";

/** One step of a key path: a mapping key, or a list index (any number: list items share one schema). */
export type SchemaStep = string | number;

/** The node, as a schema node, or null when it is not one (e.g. `additionalProperties: false`). */
export function asNode(value: unknown): JsonSchema | null {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as JsonSchema) : null;
}

/** The members of a union (`anyOf` or `oneOf`, flattened), or the node itself. */
export function alternatives(node: JsonSchema): JsonSchema[] {
  const members = node.anyOf ?? node.oneOf;
  if (!Array.isArray(members)) return [node];
  return members.flatMap((m) => {
    const member = asNode(m);
    return member ? alternatives(member) : [];
  });
}

/** The named properties of a mapping node, in schema order; null for records, unions and non-mappings. */
export function propertiesOf(node: JsonSchema | null): Record<string, JsonSchema> | null {
  return asNode(node?.properties) as Record<string, JsonSchema> | null;
}

/**
 * The node one step down: a list's items (a tuple's item at that place), a mapping's key or
 * a record's values; the first union member that has it. Only the schema's own keys count:
 * `constructor` or `__proto__` is no key of a mapping.
 */
export function childOf(node: JsonSchema, step: SchemaStep): JsonSchema | null {
  for (const alt of alternatives(node)) {
    const next = typeof step === "number" ? itemAt(alt, step) : (ownNode(propertiesOf(alt), step) ?? asNode(alt.additionalProperties));
    if (next) return next;
  }
  return null;
}

/** A list's item at `index`: a tuple's (`prefixItems`) at its place, else the list's `items`. */
function itemAt(node: JsonSchema, index: number): JsonSchema | null {
  const tuple = node.prefixItems;
  if (Array.isArray(tuple) && index < tuple.length) return asNode(tuple[index]);
  return asNode(node.items);
}

const ownNode = (properties: Record<string, JsonSchema> | null, key: string): JsonSchema | null =>
  properties !== null && Object.hasOwn(properties, key) ? asNode(properties[key]) : null;

/** The node at `path` under `root`, or null when the path leaves the schema. */
export function schemaNodeAt(root: JsonSchema, path: readonly SchemaStep[]): JsonSchema | null {
  let node: JsonSchema | null = root;
  for (const step of path) {
    if (!node) return null;
    node = childOf(node, step);
  }
  return node;
}
