/**
 * The published macro scenarios of scenarios/macro/: each validates, says what it is for,
 * names its source and retrieval date, and its interpolated quarters lie where the comments
 * say, on the straight line between the published points.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseScenario } from "../../src/scenario/parse.ts";

const DIR = new URL("../../scenarios/macro/", import.meta.url).pathname;
const files = readdirSync(DIR).filter((f) => f.endsWith(".yaml"));

describe("scenarios/macro", () => {
  it("holds the Federal Reserve's and the EBA's scenarios", () => {
    expect(files.sort()).toEqual(["eba-2025-adverse-eu.yaml", "fed-2026-baseline.yaml", "fed-2026-severely-adverse.yaml"]);
  });

  for (const file of files) {
    it(`${file} validates, describes itself, and cites its publication with a retrieval date`, () => {
      const text = readFileSync(DIR + file, "utf8");
      const parsed = parseScenario(text, file);
      expect(parsed.ok).toBe(true);
      if (parsed.ok) expect(parsed.value.scenario.description.trim()).not.toBe("");
      const opening = text.split("\ncreditlab:")[0];
      expect(opening).toMatch(/# Source: /);
      expect(opening).toMatch(/https:\/\//);
      expect(opening).toMatch(/Retrieved 2026-12-07/);
      expect(opening).toMatch(/INTERPOLATED/);
      expect(opening).toMatch(/could NOT be retrieved/);
    });
  }

  it("the severely adverse unemployment path runs straight from the published 4.5 to the published 10.0 peak, then holds", () => {
    const s = parse(readFileSync(DIR + "fed-2026-severely-adverse.yaml", "utf8"));
    const path = s.macro.variables.unemployment.path;
    expect(path.jumpOff).toBe(4.5);
    expect(path.quarterly[6]).toBe(10);
    for (let q = 1; q <= 6; q++) expect(path.quarterly[q - 1]).toBeCloseTo(4.5 + ((10 - 4.5) * q) / 7, 3);
    expect(path.quarterly.slice(7)).toEqual([10, 10]);
    const houses = s.macro.variables.housePrices.path;
    expect(houses.quarterly[6] / houses.jumpOff).toBeCloseTo(0.7, 10);
  });

  it("the EBA file's GDP is each year's published growth, its unemployment rise straight to the published 6.1", () => {
    const s = parse(readFileSync(DIR + "eba-2025-adverse-eu.yaml", "utf8"));
    expect(s.macro.variables.gdpGrowth.path.quarterly).toEqual([-2.3, -2.3, -2.3, -2.3, -4.2, -4.2, -4.2, -4.2, 0, 0, 0, 0]);
    const rise = s.macro.variables.unemploymentRise.path.quarterly;
    for (let q = 1; q <= 12; q++) expect(rise[q - 1]).toBeCloseTo((6.1 * q) / 12, 3);
  });
});
