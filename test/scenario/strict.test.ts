/**
 * Strict input (INTERFACE.md): strict JSON in a .json file, printable text, names that
 * cannot carry terminal escapes, YAML 1.2 core tags only, and error lines that keep the
 * contract `FILE:LINE:COL: key.path: what is wrong; allowed: …`. Expected places are
 * found by searching the fixture text.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatScenarioError, type ScenarioError } from "../../src/scenario/errors.ts";
import { parseScenario } from "../../src/scenario/parse.ts";
import { positionOf } from "./helpers.ts";

const BOOK = `creditlab: 2
name: Strict book
segments:
  - name: cards
    accounts: 1000
    pd: 0.02
`;
const INTERFACE = readFileSync(new URL("./fixtures/interface.yaml", import.meta.url), "utf8");
const JSON_BOOK = '{"creditlab": 2, "segments": [{"name": "a", "accounts": 100, "pd": 0.02}]}';

function errorsOf(text: string, file = "s.yaml"): ScenarioError[] {
  const result = parseScenario(text, file);
  if (result.ok) throw new Error("expected errors, the file parsed");
  return result.error;
}

const one = (text: string, file?: string): ScenarioError => {
  const errors = errorsOf(text, file);
  expect(errors.map(formatScenarioError)).toHaveLength(1);
  return errors[0];
};

const at = (e: ScenarioError) => ({ line: e.line, column: e.column });

describe("a .json file is strict JSON", () => {
  it("the same text is read as JSON", () => {
    expect(parseScenario(JSON_BOOK, "book.json").ok).toBe(true);
  });

  it("a trailing comma is refused at the comma", () => {
    const text = JSON_BOOK.replace("0.02}]", "0.02},]");
    expect(parseScenario(text, "book.yaml").ok).toBe(true); // YAML takes it
    const e = one(text, "book.json");
    expect(at(e)).toEqual(positionOf(text, ",]"));
    expect(e.message).toMatch(/not strict JSON; allowed: strict JSON/);
  });

  it("a comment is refused where it starts", () => {
    const text = JSON_BOOK.replace('"segments"', '// the book\n  "segments"');
    expect(at(one(text, "book.json"))).toEqual(positionOf(text, "//"));
    const hash = JSON_BOOK.replace('"segments"', '# the book\n  "segments"');
    expect(at(one(hash, "book.JSON"))).toEqual(positionOf(hash, "#"));
  });
});

describe("text that does not print", () => {
  it.each([
    ["a NUL byte", "\u0000"],
    ["a terminal escape sequence", "\u001b[31m"],
    ["a C1 control", "\u009b"],
    ["a line separator", "\u2028"],
    ["a bidirectional override", "\u202e"],
  ])("%s in the name is refused where it is", (_, junk) => {
    const text = BOOK.replace("Strict book", `Strict${junk} book`);
    const e = one(text);
    expect(at(e)).toEqual(positionOf(text, junk));
    expect(e.message).toMatch(/does not print \(U\+[0-9A-F]{4}, [^)]+\); allowed: printable text/);
  });

  it("a file of control characters gives 100 errors and a count of the rest", () => {
    const errors = errorsOf(`${BOOK}# ${"\u0001".repeat(250)}\n`);
    expect(errors).toHaveLength(101);
    expect(errors[100].message).toBe("150 more errors not shown; allowed: fix the errors above first");
  });

  it("an escape written as \\e in a quoted name is refused at the name", () => {
    const text = BOOK.replace("Strict book", '"Strict\\e[2J book"');
    const e = one(text);
    expect([e.path, e.line, e.column]).toEqual(["name", positionOf(text, '"Strict').line, positionOf(text, '"Strict').column]);
    expect(e.message).toContain("U+001B, escape");
  });

  it("segment and variant names are checked too", () => {
    const text = `${BOOK}variants:\n  - name: "tight\\u2029"\n    segments: { cards: { pd: 0.03 } }\n`;
    const e = one(text);
    expect(e.path).toBe("variants[0].name");
    expect(e.message).toContain("U+2029");
  });

  it("a key written with U+2028 is refused, and its error stays on one line", () => {
    const text = `${BOOK}"odd\\u2028key": 1\n`;
    const e = one(text);
    expect(at(e)).toEqual(positionOf(text, '"odd'));
    expect(formatScenarioError(e)).not.toMatch(/[\u2028\u2029\n]/);
  });

  it("a string other than a description is one line: a seed with a line break is refused", () => {
    const text = BOOK.replace("name: Strict book", 'name: Strict book\nsimulation: { seed: "two\\nlines" }');
    const e = one(text);
    expect([e.path, e.line, e.column]).toEqual(["simulation.seed", positionOf(text, '"two').line, positionOf(text, '"two').column]);
    expect(e.message).toContain("U+000A");
  });

  it("a description keeps its tabs and line breaks", () => {
    const text = BOOK.replace("name: Strict book", 'name: Strict book\ndescription: "one\\ttwo\\nthree"');
    expect(parseScenario(text, "s.yaml").ok).toBe(true);
  });
});

describe("tags", () => {
  it.each([
    ["pd: !!float 0.02", "pd", 0.02],
    ["pd: !!float 2e-2", "pd", 0.02],
    ["accounts: !!float 1000", "accounts", 1000],
    ["accounts: !!int 0x10", "accounts", 16],
  ] as const)("%s is read as YAML 1.2's core schema reads it", (line, key, want) => {
    const text = BOOK.replace(key === "pd" ? "pd: 0.02" : "accounts: 1000", line);
    const result = parseScenario(text, "s.yaml");
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value.scenario.segments[0][key]).toBe(want);
  });

  it.each(["!!str", "!!bool", "!!null"])("%s is a tag the reader knows", (tag) => {
    const value = { "!!str": "!!str Strict", "!!bool": "!!bool true", "!!null": "!!null ~" }[tag];
    const result = parseScenario(BOOK.replace("name: Strict book", `name: ${value}`), "s.yaml");
    if (tag === "!!str") expect(result.ok).toBe(true);
    else expect(result.ok || result.error.every((e) => !e.message.includes("tag"))).toBe(true);
  });

  it.each([
    ["!!binary aGVsbG8=", "!!binary"],
    ["!!timestamp 2001-12-14", "!!timestamp"],
    ["!local 0.02", "!local"],
  ])("%s is an unsupported tag, not a mapping", (value, tag) => {
    const text = BOOK.replace("pd: 0.02", `pd: ${value}`);
    const e = one(text);
    expect([e.path, e.line, e.column]).toEqual(["segments[0].pd", positionOf(text, tag).line, positionOf(text, tag).column]);
    expect(e.message).toBe(`unsupported tag ${tag}; allowed: no tag, or a YAML 1.2 core tag: !!str, !!int, !!float, !!bool, !!null, !!map, !!seq`);
  });

  it("a value that does not fit its core tag says what the tag takes", () => {
    const e = one(BOOK.replace("accounts: 1000", "accounts: !!int many"));
    expect(e.path).toBe("segments[0].accounts");
    expect(e.message).toMatch(/^!!int of a value that is not one; allowed: a whole number/);
  });
});

describe("error lines", () => {
  it("an unclosed [ is a YAML syntax error, not a list", () => {
    for (const text of [BOOK.replace("pd: 0.02", "pd: [0.02"), BOOK.replace("pd: 0.02", "pd: [0.02") + "simulation: { paths: 10 }\n"]) {
      const errors = errorsOf(text);
      expect(errors.length).toBeGreaterThan(0);
      for (const e of errors) expect(e.message).toMatch(/^YAML syntax: .*; allowed: .*closed by its \]/);
    }
  });

  it("a missing creditlab key says it is missing and what is allowed", () => {
    const e = one(BOOK.replace("creditlab: 2\n", ""));
    expect([e.path, e.message]).toEqual(["creditlab", "required key is missing; allowed: 2 or 1"]);
  });

  it("a wrong type always says what is allowed, even when it is the type expected", () => {
    const text = `${BOOK}variants:\n  - name: v\n    description: [a, b]\n`;
    const e = one(text);
    expect([e.path, e.message]).toEqual(["variants[0].description", "expected a string, got a list; allowed: a string"]);
  });

  it("every YAML syntax error says what is allowed", () => {
    const text = BOOK.replace("accounts: 1000", "accounts: 1000\n   stray: [1\n\tpd: 0.1");
    for (const e of errorsOf(text)) expect(e.message).toMatch(/; allowed: \S/);
  });

  it("YAML syntax errors are capped at 100 lines and a count", () => {
    const text = BOOK + Array.from({ length: 150 }, (_, i) => ` k${i}: 1\n- x\n`).join("");
    const errors = errorsOf(text);
    expect(errors).toHaveLength(101);
    expect(errors[100].message).toMatch(/^\d+ more errors not shown; allowed: /);
  });

  it("a column never points past the end of its line", () => {
    // A quote that opens a string running to the end of the file: the parser's own line
    // count missed the lines inside it, and a column of 1123 pointed into an 88-character line.
    const text = INTERFACE.replace("sd: 55 } }", 'sd: 55 } "}');
    const lines = text.split("\n");
    const errors = errorsOf(text);
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) expect(e.column).toBeLessThanOrEqual(lines[e.line - 1].length + 1);
  });
});
