/**
 * What every file of the scenario library must be besides valid: a notebook holds at
 * least one scenario to run, and every scenario says what it is for.
 */
import { describe, expect, it } from "vitest";
import { parseScenario } from "../../src/scenario/parse.ts";
import { libraryFiles, scenarioLabel, type LibraryScenario } from "./library.ts";

const files = libraryFiles();

/**
 * A scenario's own description, or, in a notebook, the prose cell right before it: the
 * notebook shows that prose as the scenario's introduction.
 */
function explanation(s: LibraryScenario): string {
  const parsed = parseScenario(s.text, scenarioLabel(s));
  const own = parsed.ok ? parsed.value.scenario.description.trim() : "";
  return own !== "" ? own : (s.prose ?? "").trim();
}

describe("the scenario library's files", () => {
  for (const { file, notebook, scenarios } of files.filter((f) => f.notebook)) {
    it(`${file} holds at least one scenario block`, () => {
      expect(notebook).toBe(true);
      expect(scenarios.length).toBeGreaterThan(0);
    });
  }

  for (const { scenarios } of files) {
    for (const s of scenarios) {
      it(`${scenarioLabel(s)} says what it is for`, () => {
        expect(explanation(s)).not.toBe("");
      });
    }
  }

  it("plain scenario files carry their own description", () => {
    const bare = files
      .filter((f) => !f.notebook)
      .flatMap((f) => f.scenarios)
      .filter((s) => {
        const parsed = parseScenario(s.text, s.file);
        return !parsed.ok || parsed.value.scenario.description.trim() === "";
      })
      .map((s) => s.file);
    expect(bare).toEqual([]);
  });
});
