import { describe, expect, it } from "vitest";
import { scenarioJsonSchema } from "../../src/scenario/jsonSchema.ts";
import { choices, keyHelp, keysOf, nodeAt } from "../../src/ui/editor/schemaHelp.ts";

const root = scenarioJsonSchema();
const names = (path: string[]) => keysOf(nodeAt(root, path)).map((k) => k.name);

describe("schema help", () => {
  it("lists the top-level keys of a scenario, with the required ones marked", () => {
    const keys = keysOf(root);
    expect(keys.map((k) => k.name)).toEqual(expect.arrayContaining(["creditlab", "name", "simulation", "macro", "segments", "policy", "variants"]));
    expect(keys.find((k) => k.name === "segments")).toMatchObject({ required: true, nested: true });
    expect(keys.find((k) => k.name === "name")).toMatchObject({ required: false, nested: false });
  });

  it("walks into lists, records and nested mappings", () => {
    expect(names(["segments", "[]"])).toEqual(expect.arrayContaining(["name", "accounts", "pd", "delinquency", "lgd"]));
    expect(names(["segments", "[]", "delinquency"])).toEqual(["roll", "stay", "correlation", "start", "startDefaulted"]);
    expect(names(["macro", "factors", "gig"])).toEqual(["persistence", "correlation"]);
    expect(names(["macro", "shocks", "[]", "recession"])).toEqual(["start", "fall", "trough", "stay", "recover"]);
    expect(nodeAt(root, ["segments", "[]", "nonsense"])).toBeNull();
    expect(keysOf(nodeAt(root, ["nonsense", "deeper"]))).toEqual([]);
  });

  it("describes a key with its unit, default and bounds", () => {
    const corr = keyHelp(root, ["segments", "[]", "correlation"]);
    expect(corr?.description).toMatch(/asset correlation/);
    expect(corr?.detail).toBe("default 0.04 · 0 ≤ x < 1");
    expect(keyHelp(root, ["simulation", "paths"])?.detail).toBe("paths · default 1000 · 1 ≤ x ≤ 1000000");
    expect(keyHelp(root, ["segments", "[]", "attrition"])?.detail).toMatch(/^monthly rate · default 0/);
  });

  it("offers the values of a choice", () => {
    expect(choices(nodeAt(root, ["segments", "[]", "product"]))).toEqual(["revolving", "instalment"]);
    expect(choices(nodeAt(root, ["simulation", "periodMonths"]))).toEqual(["1", "3", "6", "12"]);
    expect(choices(nodeAt(root, ["segments", "[]", "pd"]))).toEqual([]);
  });
});
