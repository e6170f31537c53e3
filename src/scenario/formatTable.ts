/**
 * The scenario format's reference table, generated from the JSON Schema (itself generated
 * from `schema.ts`): one row per key with its type, bounds, default, unit and help.
 * `npm run schema` writes it to public/scenario-format.md.
 */
import { scenarioJsonSchema, type JsonSchema } from "./jsonSchema.ts";

interface Row {
  key: string;
  type: string;
  def: string;
  unit: string;
  help: string;
}

const code = (s: string) => `\`${s}\``;

function typeOf(node: JsonSchema): string {
  if (Array.isArray(node.anyOf)) return (node.anyOf as JsonSchema[]).map(typeOf).join(" or ");
  if (node.const !== undefined) return JSON.stringify(node.const);
  if (Array.isArray(node.enum)) return (node.enum as unknown[]).map((v) => JSON.stringify(v)).join(" \\| ");
  const t = String(node.type ?? "any");
  const lo = node.minimum ?? node.exclusiveMinimum;
  const hi = node.maximum ?? node.exclusiveMaximum;
  const bounds =
    (t === "number" || t === "integer") && (lo !== undefined || hi !== undefined) && Math.abs(Number(lo ?? 0)) < 1e9 && Math.abs(Number(hi ?? 0)) < 1e9
      ? ` ${node.exclusiveMinimum !== undefined ? "(" : "["}${lo ?? "−∞"}, ${hi ?? "∞"}${node.exclusiveMaximum !== undefined ? ")" : "]"}`
      : "";
  if (t === "array") return `list of ${typeOf((node.items as JsonSchema) ?? {})}`;
  if (t === "object" && node.additionalProperties && typeof node.additionalProperties === "object") return "map by name";
  return t + bounds;
}

function walk(node: JsonSchema, path: string, rows: Row[]): void {
  const props = node.properties as Record<string, JsonSchema> | undefined;
  if (props) {
    for (const [key, child] of Object.entries(props)) {
      const at = path ? `${path}.${key}` : key;
      rows.push({
        key: at,
        type: typeOf(child),
        def: child.default === undefined ? "" : code(JSON.stringify(child.default)),
        unit: String(child["x-unit"] ?? ""),
        help: String(child.description ?? "").replace(/\|/g, "\\|"),
      });
      walk(child, at, rows);
    }
  }
  const items = node.items as JsonSchema | undefined;
  if (items) walk(items, `${path}[]`, rows);
  const values = node.additionalProperties;
  if (values && typeof values === "object") walk(values as JsonSchema, `${path}.NAME`, rows);
}

/** The Markdown reference of every key of a scenario file. */
export function scenarioFormatTable(): string {
  const rows: Row[] = [];
  walk(scenarioJsonSchema(), "", rows);
  const lines = rows.map((r) => `| ${code(r.key)} | ${r.type} | ${r.def} | ${r.unit} | ${r.help} |`);
  return [
    "# Scenario format reference",
    "",
    "Generated from `src/scenario/schema.ts` by `npm run schema`; do not edit by hand.",
    "A key with no default is required where its parent is given. `NAME` stands for a name you choose.",
    "",
    "| key | type | default | unit | meaning |",
    "| --- | --- | --- | --- | --- |",
    ...lines,
    "",
  ].join("\n");
}
