import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { scenarioJsonSchema, scenarioJsonSchemaText } from "../../src/scenario/jsonSchema.ts";
import { scenarioFormatTable } from "../../src/scenario/formatTable.ts";

describe("JSON Schema", () => {
  it("the committed public/scenario.schema.json is the generated one (run `npm run schema`)", () => {
    const committed = readFileSync(new URL("../../public/scenario.schema.json", import.meta.url), "utf8");
    expect(committed).toBe(scenarioJsonSchemaText());
  });

  it("keeps descriptions, defaults and units of the input form", () => {
    const schema = scenarioJsonSchema() as any;
    const segment = schema.properties.segments.items;
    // accounts or tape: one of the two, which a rule of the schema checks.
    expect(segment.required).toEqual(["name"]);
    expect(segment.properties.pd).toMatchObject({ type: "number", exclusiveMinimum: 0, exclusiveMaximum: 1, unit: "annual rate" });
    expect(segment.properties.pd.description).toMatch(/through-the-cycle/);
    expect(segment.properties.product.default).toBe("revolving");
    expect(schema.properties.simulation.properties.horizonMonths).toMatchObject({ default: 24, unit: "months" });
    expect(schema.required).toEqual(["creditlab", "segments"]);
    expect(schema.additionalProperties).toBe(false);
  });
});

describe("the format reference", () => {
  it("the committed public/scenario-format.md is the generated one (run `npm run schema`)", () => {
    const committed = readFileSync(new URL("../../public/scenario-format.md", import.meta.url), "utf8");
    expect(committed).toBe(scenarioFormatTable());
  });

  it("has a row for every key of INTERFACE.md's example, with its default", () => {
    const table = scenarioFormatTable();
    for (const key of ["simulation.seed", "segments[].delinquency.roll", "policy.nplSale.salePrice", "variants[].policy", "tranches[].detach"]) {
      expect(table).toContain(`| \`${key}\` |`);
    }
    expect(table).toMatch(/\| `segments\[\]\.correlation` \| number \[0, 1\) \| `0\.04` \|/);
  });
});
