import { describe, expect, it } from "vitest";
import type { JsonSchema } from "../../src/scenario/jsonSchema.ts";
import { alternatives, childOf, propertiesOf, schemaNodeAt } from "../../src/scenario/schemaReader.ts";

// A small hand-written schema with each shape the reader walks: a mapping, a list, a
// record, a union of a constant and a mapping, and a strict mapping.
const amount: JsonSchema = { type: "number", minimum: 0 };
const root: JsonSchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    rows: { type: "array", items: { type: "object", properties: { amount } } },
    named: { type: "object", additionalProperties: { type: "object", properties: { weight: amount } } },
    either: { anyOf: [{ const: "none" }, { oneOf: [{ type: "object", properties: { low: amount } }, { type: "object", properties: { high: amount } }] }] },
  },
};

describe("the schema reader", () => {
  it("walks mappings, list items (any index) and record values", () => {
    expect(schemaNodeAt(root, ["rows", 0, "amount"])).toBe(amount);
    expect(schemaNodeAt(root, ["rows", 7, "amount"])).toBe(amount);
    expect(schemaNodeAt(root, ["named", "any name", "weight"])).toBe(amount);
  });

  it("looks through nested unions and takes the first member that has the key", () => {
    expect(alternatives(root.properties ? (root.properties as Record<string, JsonSchema>).either : root)).toHaveLength(3);
    expect(schemaNodeAt(root, ["either", "high"])).toBe(amount);
    expect(schemaNodeAt(root, ["either", "low"])).toBe(amount);
  });

  it("leaves the schema on unknown keys, strict mappings and indexes into non-lists", () => {
    expect(schemaNodeAt(root, ["nothing"])).toBeNull();
    expect(schemaNodeAt(root, ["nothing", "deeper"])).toBeNull();
    expect(schemaNodeAt(root, ["named", 0])).toBeNull();
    expect(childOf(amount, "x")).toBeNull();
  });

  it("lists a mapping's own keys only", () => {
    expect(Object.keys(propertiesOf(root) ?? {})).toEqual(["rows", "named", "either"]);
    expect(propertiesOf(schemaNodeAt(root, ["named"]))).toBeNull();
  });
});
