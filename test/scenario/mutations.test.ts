import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatScenarioError } from "../../src/scenario/errors.ts";
import { parseScenario } from "../../src/scenario/parse.ts";

const CREDIT_LINES = `creditlab: 1
name: Credit lines
simulation: { paths: 500, horizonMonths: 12, periodMonths: 3, seed: lines }
macro:
  factors:
    economy: { persistence: 0.85 }
  shocks:
    - factor: economy
      recession: { start: 2, fall: 3, trough: -1.5, stay: 2, recover: 4 }
segments:
  - name: prime
    accounts: 20000
    pd: 0.01
    limit: { median: 6000, sigma: 0.5 }
    utilization: 0.4
    apr: 0.2
    delinquency: { roll: [0.3, 0.6], stay: [0.1, 0.1] }
    lgd: { mean: 0.8, sd: 0.15 }
  - name: near prime
    accounts: 5000
    score: { mean: 620, sd: 40 }
    scorecard: { score: 600, odds: 20, pdo: 25 }
    originations: { perMonth: 300, score: { mean: 610, sd: 50 } }
policy:
  approval: { minScore: 590 }
  lineManagement: { cutOnDelinquency: 0.5 }
variants:
  - name: strict
    policy: { approval: { minScore: 640 } }
    segments: { prime: { apr: 0.22 } }
`;
const INTERFACE = readFileSync(new URL("./fixtures/interface.yaml", import.meta.url), "utf8");
const JSON_BOOK = JSON.stringify({ creditlab: 1, segments: [{ name: "a", accounts: 100, pd: 0.02, delinquency: { roll: [0.5] } }] }, null, 2);

/** A change to a file, as data so that fast-check prints a failing case readably. */
type Edit =
  | { kind: "delete line"; n: number }
  | { kind: "replace scalar"; n: number; value: string }
  | { kind: "insert"; n: number; junk: string };

const badValue = fc.oneof(
  fc.constantFrom("abc", "[1, 2]", "{ a: 1 }", "-5", "1.5", "1e12", "0", "''", "~", "true", ".nan", "-.inf", "*nowhere", "&a", "|", "!!binary x"),
  fc.constantFrom("!!float 1", "!!int x", "!foo 1", "[0.02", '"a\\e[31mb"', '"\\u2028"', "\u2028", "\u0000", "\u001b[2J", "a,", "# x"),
  fc.string({ unit: "binary", maxLength: 12 }),
  fc.double().map(String),
);
const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant("delete line" as const), n: fc.nat() }),
  fc.record({ kind: fc.constant("replace scalar" as const), n: fc.nat(), value: badValue }),
  fc.record({ kind: fc.constant("insert" as const), n: fc.nat(), junk: fc.string({ unit: "binary", minLength: 1, maxLength: 8 }) }),
);

function apply(text: string, e: Edit): string {
  switch (e.kind) {
    case "delete line": {
      const lines = text.split("\n");
      lines.splice(e.n % lines.length, 1);
      return lines.join("\n");
    }
    case "replace scalar": {
      // The scalar after the n-th `: `, `- ` or `[`.
      const marks = [...text.matchAll(/(: |- |\[)([^\s,\]}{[]+)/g)];
      if (marks.length === 0) return text;
      const m = marks[e.n % marks.length];
      const start = (m.index ?? 0) + m[1].length;
      return text.slice(0, start) + e.value + text.slice(start + m[2].length);
    }
    case "insert": {
      const at = e.n % (text.length + 1);
      return text.slice(0, at) + e.junk + text.slice(at);
    }
  }
  return e satisfies never;
}

/** Every error keeps the contract `FILE:LINE:COL: key.path: what is wrong; allowed: …`, inside its line. */
function checkErrors(text: string, file: string): void {
  const result = parseScenario(text, file);
  if (result.ok) return;
  expect(result.error.length).toBeGreaterThan(0);
  expect(result.error.length).toBeLessThanOrEqual(101);
  const lines = text.split("\n");
  for (const e of result.error) {
    expect(e.line).toBeGreaterThanOrEqual(1);
    expect(e.line).toBeLessThanOrEqual(lines.length);
    expect(e.column).toBeGreaterThanOrEqual(1);
    // At most one past the line's last character, where its line break is.
    expect(e.column).toBeLessThanOrEqual(lines[e.line - 1].replace(/\r$/, "").length + 1);
    expect(e.from).toBeLessThanOrEqual(e.to);
    expect(e.to).toBeLessThanOrEqual(text.length);
    expect(e.file).toBe(file);
    const line = formatScenarioError(e);
    expect(line).toMatch(/^[^:]+:\d+:\d+: \S.*: .+; allowed: .+$/);
    expect(line).not.toMatch(/undefined/);
    // One printable line: no line break, separator, escape or other control character.
    expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
  }
}

describe("mutated files", () => {
  const books = [
    ["a credit-line book", CREDIT_LINES, "mutated.yaml"],
    ["INTERFACE.md's example", INTERFACE, "mutated.yaml"],
    ["a JSON book", JSON_BOOK, "mutated.yaml"],
    ["a .json file", JSON_BOOK, "mutated.json"],
  ];
  for (const [name, text, file] of books) {
    it(`${name} parses before mutation`, () => {
      expect(parseScenario(text, file).ok).toBe(true);
    });

    it(`any mutation of ${name} gives a scenario or errors that keep the error-line contract, never a throw`, () => {
      fc.assert(
        fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), (list) => checkErrors(list.reduce(apply, text), file)),
        { numRuns: 300 },
      );
    });
  }
});
