import { describe, expect, it } from "vitest";
import { drawnBookNote } from "../../src/scenario/bookNote.ts";
import { renderSummary } from "../../src/cli/summary.ts";
import { styleFor } from "../../src/cli/style.ts";
import { scenarioSchema, type ScenarioInput } from "../../src/scenario/schema.ts";

const scenario = (segment: Record<string, unknown>, simulation: ScenarioInput["simulation"] = { seed: 7 }) =>
  scenarioSchema.parse({ creditlab: 2, simulation, segments: [{ name: "s", pd: 0.02, ...segment }] });

describe("the note on what ± covers", () => {
  it("names the seed of a drawn book and the key that redraws it", () => {
    expect(drawnBookNote(scenario({ accounts: 100 }))).toBe(
      "± : Monte Carlo error given the book drawn from seed 7; add `simulation.redrawBook: true` for a book like this",
    );
    expect(drawnBookNote(scenario({ accounts: 100 }, { seed: "a" }))).toContain('seed "a"');
  });

  it("says the book is redrawn when it is, and nothing for a tape's rows", () => {
    expect(drawnBookNote(scenario({ accounts: 100 }, { seed: 7, redrawBook: true }))).toContain("each draw their own book");
    expect(drawnBookNote(scenario({ tape: "book.csv" }))).toBeUndefined();
  });

  it("is printed under the command line's tables", () => {
    const result = { creditlab: 2 as const, engine: "x", scenario: { name: "n", sha256: "ab".repeat(32) }, seed: 7, paths: 10, horizonMonths: 1, periodMonths: 1, variants: [], differences: [] };
    const text = renderSummary(result, { file: "x.yaml", elapsedMs: 1, requestedPaths: 10, bookNote: "± : the note" }, styleFor(false));
    expect(text.trimEnd().split("\n").at(-1)).toBe("± : the note");
  });
});
