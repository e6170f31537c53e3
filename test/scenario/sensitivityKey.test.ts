/**
 * The `sensitivity:` key: each bad entry is an error at its place in the file, naming the
 * key path and what is allowed; the metric names, the engine's, are placed the same way
 * where the sensitivity is read (src/run/sensitivity.ts).
 */
import { describe, expect, it } from "vitest";
import { scenarioSensitivity } from "../../src/run/sensitivity.ts";
import { errorsOf, expectAt, onlyError, parsed, SMALL_BOOK } from "./helpers.ts";

const withSensitivity = (yaml: string) => `${SMALL_BOOK}sensitivity:\n${yaml.replace(/^/gm, "  ")}\n`;

describe("sensitivity: in a scenario", () => {
  it("reads keys with their low and high values, netLoss by default, and no quantile unless given", () => {
    const s = parsed(withSensitivity("keys:\n  - { key: segments.cards.pd, low: 0.01, high: 0.04 }\n  - { key: 'segments[0].accounts', low: 500, high: 2000 }")).scenario;
    expect(s.sensitivity).toEqual({
      keys: [
        { key: "segments.cards.pd", low: 0.01, high: 0.04 },
        { key: "segments[0].accounts", low: 500, high: 2000 },
      ],
      metrics: ["netLoss"],
    });
  });

  it("a key the scenario does not have names the list's items", () => {
    const text = withSensitivity("keys:\n  - { key: segments.prime.pd, low: 0.01, high: 0.04 }");
    const e = onlyError(text);
    expectAt(e, "sensitivity.keys[0].key", text, "segments.prime.pd");
    expect(e.message).toBe('segments has no item named "prime"; allowed: cards');
  });

  it("a key that is not a number, the same key twice, low equal to high, and the seed are each refused where they are", () => {
    const text = withSensitivity(
      ["keys:", "  - { key: name, low: 1, high: 2 }", "  - { key: 'segments[0].pd', low: 0.01, high: 0.03 }", "  - { key: 'segments[0].pd', low: 0.02, high: 0.02 }", "  - { key: simulation.seed, low: 1, high: 2 }"].join("\n"),
    );
    const errors = errorsOf(text);
    expect(errors.map((e) => e.path)).toEqual(["sensitivity.keys[0].key", "sensitivity.keys[2].key", "sensitivity.keys[2].high", "sensitivity.keys[3].key"]);
    expectAt(errors[0], "sensitivity.keys[0].key", text, "name", "key: ");
    expect(errors[0].message).toBe('name is "Small card book", not a number; allowed: a key path to a number of the scenario');
    expectAt(errors[1], "sensitivity.keys[2].key", text, "'segments[0].pd'", "0.03 }\n");
    expect(errors[1].message).toBe("segments[0].pd is already varied by sensitivity.keys[1]; allowed: each key once");
    expect(errors[2].message).toBe("0.02 equals low; allowed: a value other than 0.02");
    expect(errors[3].message).toMatch(/^simulation\.seed is what the runs share, not a key to vary; allowed: /);
  });

  it("no keys, a quantile outside (0, 1), and a value that is not a number are the schema's errors", () => {
    const text = withSensitivity("keys: []\nquantile: 1");
    const errors = errorsOf(text);
    expect(errors.map((e) => e.path)).toEqual(["sensitivity.keys", "sensitivity.quantile"]);
    expectAt(errors[1], "sensitivity.quantile", text, "1", "quantile: ");
    expect(errors[1].message).toContain("allowed: a number greater than 0 and less than 1");
    const text2 = withSensitivity("keys:\n  - { key: 'segments[0].pd', low: low, high: 0.04 }");
    expectAt(onlyError(text2), "sensitivity.keys[0].low", text2, "low,", "low: ");
  });

  it("a metric that is no book metric is placed at its entry, with the allowed names and the nearest", () => {
    const text = withSensitivity("keys:\n  - { key: 'segments[0].pd', low: 0.01, high: 0.03 }\nmetrics: [netLoss, defaultRat]");
    const read = scenarioSensitivity(parsed(text).scenario, text, "test.yaml");
    expect(read?.ok).toBe(false);
    if (!read || read.ok) return;
    expect(read.error).toHaveLength(1);
    expectAt(read.error[0], "sensitivity.metrics[1]", text, "defaultRat");
    expect(read.error[0].message).toMatch(/^"defaultRat" is not a book metric; did you mean defaultRate\?; allowed: accounts, defaults, defaultRate, /);
    expect(scenarioSensitivity(parsed(SMALL_BOOK).scenario, SMALL_BOOK, "test.yaml")).toBeNull();
  });
});
