import { describe as group, expect, it } from "vitest";
import { describe, keysAt, schemaAt } from "../../src/scenario/allowed.ts";
import { editDistance, nearest, show } from "../../src/scenario/messages.ts";

group("edit distance", () => {
  it.each([
    ["kitten", "sitting", 3],
    ["flaw", "lawn", 2],
    ["", "abc", 3],
    ["colour", "color", 1],
    ["same", "same", 0],
  ])("%s → %s is %i", (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });

  it("suggests a near name only", () => {
    expect(nearest("acounts", ["name", "accounts", "pd"])).toBe("accounts");
    expect(nearest("PD", ["name", "accounts", "pd"])).toBe("pd");
    expect(nearest("colour", ["name", "accounts", "product"])).toBeUndefined();
    expect(nearest("x".repeat(10_000), ["name"])).toBeUndefined();
  });
});

group("allowed values, from the JSON Schema", () => {
  it.each([
    [["segments", 0, "pd"], "a number greater than 0 and less than 1"],
    [["segments", 0, "correlation"], "a number from 0 up to but not including 1"],
    [["segments", 0, "accounts"], "a whole number from 0 to 20,000,000"],
    [["segments", 0, "product"], "revolving or instalment"],
    [["simulation", "periodMonths"], "1, 3, 6 or 12"],
    [["simulation", "seed"], "a string of at most 256 characters or a whole number"],
    [["segments", 0, "delinquency", "roll"], "a list of at most 12 items, each a number from 0 to 1"],
    [["macro", "factors", "economy", "correlation"], "a mapping of names to a number greater than -1 and less than 1"],
    [["segments", 0, "lgd"], "a mapping with keys mean, sd, macro"],
    [["variants", 0, "policy"], "a mapping or nothing (null)"],
  ])("%j: %s", (path, words) => {
    expect(describe(schemaAt(path))).toBe(words);
  });

  it("finds keys through lists, records and unions", () => {
    expect(keysAt(["macro", "factors", "any name"])).toEqual(["persistence", "correlation"]);
    expect(keysAt(["macro", "shocks", 3, "recession"])).toEqual(["start", "fall", "trough", "stay", "recover"]);
    expect(keysAt(["segments", 0, "nothing"])).toEqual([]);
    expect(schemaAt(["nothing", "deeper"])).toBeUndefined();
  });

  it("shows values as written", () => {
    expect([show("abc"), show(1.5), show(null), show([1]), show({}), show(true), show(NaN)]).toEqual([
      'the string "abc"',
      "1.5",
      "an empty value",
      "a list",
      "a mapping",
      "true",
      "not-a-number (.nan)",
    ]);
    expect(show("y".repeat(100))).toBe(`the string "${"y".repeat(37)}..."`);
  });
});
