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
    expect(segment.properties.pd).toMatchObject({ type: "number", exclusiveMinimum: 0, exclusiveMaximum: 1, "x-unit": "annual rate" });
    expect(segment.properties.pd.description).toMatch(/through-the-cycle/);
    expect(segment.properties.product.default).toBe("revolving");
    expect(schema.properties.simulation.properties.horizonMonths).toMatchObject({ default: 24, "x-unit": "months" });
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

describe("the JSON Schema under a strict validator", () => {
  it("compiles in ajv's strict mode and accepts every shipped scenario file, and refuses an unknown key", async () => {
    const { Ajv2020 } = await import("ajv/dist/2020.js");
    const { parse } = await import("yaml");
    const { readdirSync } = await import("node:fs");
    // ajv's defaults: strict mode refuses any keyword it does not know.
    const ajv = new Ajv2020({ allErrors: true });
    const published = JSON.parse(readFileSync(new URL("../../public/scenario.schema.json", import.meta.url), "utf8"));
    const validate = ajv.compile(published);
    const folder = new URL("../../scenarios/", import.meta.url);
    const files = readdirSync(folder).filter((f) => /\.ya?ml$/.test(f));
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      const data = parse(readFileSync(new URL(file, folder), "utf8"));
      expect({ file, ok: validate(data), errors: validate.errors ?? null }).toEqual({ file, ok: true, errors: null });
    }
    expect(validate({ creditlab: 2, segments: [{ name: "a", accounts: 10, pd: 0.02, colour: "red" }] })).toBe(false);
    expect(published.properties.simulation.properties.horizonMonths.description).toMatch(/\(months\)$/);
  });

  it("every shipped scenario file names the schema for YAML editors on its first line", async () => {
    const { readdirSync } = await import("node:fs");
    for (const [folder, schema] of [["../../scenarios/", "../public/scenario.schema.json"], ["../../scenarios/data/", "../../public/scenario.schema.json"]] as const) {
      const url = new URL(folder, import.meta.url);
      for (const file of readdirSync(url).filter((f) => /\.ya?ml$/.test(f))) {
        const first = readFileSync(new URL(file, url), "utf8").split("\n")[0];
        expect({ file, first }).toEqual({ file, first: `# yaml-language-server: $schema=${schema}` });
      }
    }
  });
});
