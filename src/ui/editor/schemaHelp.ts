/**
 * Help for the scenario editor read from the JSON Schema that `src/scenario/schema.ts`
 * generates: the node at a key path, the keys a mapping admits, the values a key admits,
 * and a key's description with its unit, default and bounds.
 */
import type { JsonSchema } from "../../scenario/jsonSchema.ts";
import { alternatives, asNode, schemaNodeAt } from "../../scenario/schemaReader.ts";
import type { PathStep } from "./yamlPath.ts";

export interface KeyHelp {
  name: string;
  /** One line: what the key is. */
  description: string;
  /** Unit, default and allowed values, e.g. "fraction · default 0.04 · 0 ≤ x < 1". */
  detail: string;
  /** True for keys without which the mapping is invalid. */
  required: boolean;
  /** True when the key's value is a mapping or a list (nothing on the key's own line). */
  nested: boolean;
}

/** The schema node at an editor path (`"[]"` for a list item), or null when the path leaves the schema. */
export function nodeAt(root: JsonSchema, path: PathStep[]): JsonSchema | null {
  return schemaNodeAt(
    root,
    path.map((step) => (step === "[]" ? 0 : step)),
  );
}

const show = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));

function bounds(node: JsonSchema): string {
  const parts: string[] = [];
  const lo = node.minimum ?? node.exclusiveMinimum;
  const hi = node.maximum ?? node.exclusiveMaximum;
  const big = (v: unknown) => typeof v === "number" && Math.abs(v) >= 1e15;
  if (lo !== undefined && !big(lo)) parts.push(`${lo} ${node.exclusiveMinimum !== undefined ? "<" : "≤"}`);
  if (lo !== undefined || hi !== undefined) parts.push("x");
  if (hi !== undefined && !big(hi)) parts.push(`${node.exclusiveMaximum !== undefined ? "<" : "≤"} ${hi}`);
  return parts.length > 1 ? parts.join(" ") : "";
}

/** The values a node admits when it is a choice: an enum or a union of constants. */
export function choices(node: JsonSchema | null): string[] {
  if (!node) return [];
  const out: string[] = [];
  for (const alt of alternatives(node)) {
    if (Array.isArray(alt.enum)) out.push(...alt.enum.map(show));
    else if (alt.const !== undefined) out.push(show(alt.const));
  }
  return out;
}

/** Unit, default and allowed values of a node, joined by " · ". */
export function detailOf(node: JsonSchema): string {
  const parts: string[] = [];
  if (typeof node["x-unit"] === "string") parts.push(node["x-unit"]);
  if (node.default !== undefined && (typeof node.default !== "object" || node.default === null)) parts.push(`default ${show(node.default)}`);
  const options = choices(node);
  if (options.length > 1) parts.push(options.join(" | "));
  for (const alt of alternatives(node)) {
    const b = bounds(alt);
    if (b) parts.push(b);
  }
  return parts.join(" · ");
}

function isNested(node: JsonSchema): boolean {
  return alternatives(node).every((a) => a.type === "object" || a.type === "array");
}

/** The keys a mapping at this node admits, in the schema's order. */
export function keysOf(node: JsonSchema | null): KeyHelp[] {
  if (!node) return [];
  const out: KeyHelp[] = [];
  for (const alt of alternatives(node)) {
    const props = asNode(alt.properties);
    if (!props) continue;
    const required = new Set(Array.isArray(alt.required) ? (alt.required as string[]) : []);
    for (const [name, value] of Object.entries(props)) {
      const child = asNode(value);
      if (!child) continue;
      out.push({
        name,
        description: typeof child.description === "string" ? child.description : "",
        detail: detailOf(child),
        required: required.has(name),
        nested: isNested(child),
      });
    }
  }
  return out;
}

/** Help for the key at the end of `path`, or null when the schema does not know it. */
export function keyHelp(root: JsonSchema, path: PathStep[]): KeyHelp | null {
  if (path.length === 0) return null;
  const name = path[path.length - 1];
  const parent = nodeAt(root, path.slice(0, -1));
  const known = keysOf(parent).find((k) => k.name === name);
  if (known) return known;
  const node = nodeAt(root, path);
  if (!node) return null;
  return { name, description: typeof node.description === "string" ? node.description : "", detail: detailOf(node), required: false, nested: isNested(node) };
}
