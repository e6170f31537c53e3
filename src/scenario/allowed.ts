/**
 * "What is allowed" in plain words, read from the scenario's JSON Schema so that the
 * words follow the schema's bounds: `a number greater than 0 and less than 1`,
 * `1, 3, 6 or 12`, `a list of at most 12 items, each a number from 0 to 1`.
 */
import { scenarioJsonSchema, type JsonSchema } from "./jsonSchema.ts";
import type { PathKey } from "./positions.ts";
import { exact } from "../format/number.ts";
import { asNode, propertiesOf, schemaNodeAt } from "./schemaReader.ts";

const SAFE = Number.MAX_SAFE_INTEGER;

/** The schema node of a key path, through lists, records and unions; undefined past the schema. */
export function schemaAt(path: readonly PathKey[]): JsonSchema | undefined {
  return schemaNodeAt(scenarioJsonSchema(), path) ?? undefined;
}

/** The keys a mapping accepts, in schema order; empty for records and non-mappings. */
export function keysAt(path: readonly PathKey[]): string[] {
  return Object.keys(propertiesOf(schemaAt(path) ?? null) ?? {});
}

/** The allowed values of a node, e.g. `a whole number from 1 to 600`. */
export function describe(node: JsonSchema | undefined, nested = false): string {
  if (!node) return "any value";
  if ("const" in node) return literal(node.const);
  if (Array.isArray(node.enum)) return orList(node.enum.map(literal));
  if (Array.isArray(node.anyOf)) return orList((node.anyOf as JsonSchema[]).map((o) => describe(o, nested)));
  switch (node.type) {
    case "number":
      return `a number${range(node)}`;
    case "integer":
      return `a whole number${range(node)}`;
    case "string":
      return `a string${count(node.minLength, node.maxLength, "character")}${pattern(node)}`;
    case "boolean":
      return "true or false";
    case "null":
      return "nothing (null)";
    case "array":
      return `a list${count(node.minItems, node.maxItems, "item")}${node.items && !nested ? `, each ${describe(node.items as JsonSchema, true)}` : ""}`;
    case "object":
      return mapping(node, nested);
  }
  return "any value";
}

/** The kind of value only, for "expected …": `a whole number`, `a string or a whole number`. */
export function kindOf(node: JsonSchema | undefined): string {
  if (!node) return "any value";
  if ("const" in node || Array.isArray(node.enum)) return describe(node);
  if (Array.isArray(node.anyOf)) return orList([...new Set((node.anyOf as JsonSchema[]).map(kindOf))]);
  const kinds: Record<string, string> = {
    number: "a number",
    integer: "a whole number",
    string: "a string",
    boolean: "true or false",
    null: "nothing (null)",
    array: "a list",
    object: "a mapping",
  };
  return kinds[String(node.type)] ?? "any value";
}

/** `1, 3, 6 or 12`. */
export function orList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
}

/** Item or character counts, e.g. ` of 1 to 64 items`. */
export function count(min: unknown, max: unknown, unit: string): string {
  const lo = typeof min === "number" && min > 0 ? min : undefined;
  const hi = typeof max === "number" ? max : undefined;
  const units = (n: number) => `${n} ${unit}${n === 1 ? "" : "s"}`;
  if (lo !== undefined && hi !== undefined) return lo === hi ? ` of exactly ${units(hi)}` : ` of ${lo} to ${units(hi)}`;
  if (hi !== undefined) return ` of at most ${units(hi)}`;
  if (lo !== undefined) return ` of at least ${units(lo)}`;
  return "";
}

function range(node: JsonSchema): string {
  const bound = (v: unknown) => (typeof v === "number" && Math.abs(v) < SAFE ? exact(v) : undefined);
  const [min, xmin] = [bound(node.minimum), bound(node.exclusiveMinimum)];
  const [max, xmax] = [bound(node.maximum), bound(node.exclusiveMaximum)];
  if (min !== undefined && max !== undefined) return ` from ${min} to ${max}`;
  if (min !== undefined && xmax !== undefined) return ` from ${min} up to but not including ${xmax}`;
  const lower = min !== undefined ? `at least ${min}` : xmin !== undefined ? `greater than ${xmin}` : "";
  const upper = max !== undefined ? `at most ${max}` : xmax !== undefined ? `less than ${xmax}` : "";
  const both = [lower, upper].filter(Boolean).join(" and ");
  return both ? ` ${both}` : "";
}

function pattern(node: JsonSchema): string {
  return typeof node.pattern === "string" ? ` matching ${node.pattern}` : "";
}

function mapping(node: JsonSchema, nested: boolean): string {
  const properties = node.properties as Record<string, JsonSchema> | undefined;
  if (properties) return nested ? "a mapping" : `a mapping with keys ${Object.keys(properties).join(", ")}`;
  const values = asNode(node.additionalProperties);
  return values && Object.keys(values).length > 0 ? `a mapping of names to ${describe(values, true)}` : "a mapping";
}

function literal(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}
