import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
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

function checkErrors(text: string): void {
  const result = parseScenario(text, "mutated.yaml");
  if (result.ok) return;
  expect(result.error.length).toBeGreaterThan(0);
  const lines = text.split("\n").length;
  for (const e of result.error) {
    expect(e.line).toBeGreaterThanOrEqual(1);
    expect(e.line).toBeLessThanOrEqual(lines);
    expect(e.column).toBeGreaterThanOrEqual(1);
    expect(e.from).toBeLessThanOrEqual(e.to);
    expect(e.to).toBeLessThanOrEqual(text.length);
    expect(e.message.length).toBeGreaterThan(0);
    expect(e.file).toBe("mutated.yaml");
  }
}

describe("mutated files", () => {
  for (const [name, text] of [["a credit-line book", CREDIT_LINES], ["INTERFACE.md's example", INTERFACE], ["a JSON book", JSON_BOOK]]) {
    it(`${name} parses before mutation`, () => {
      expect(parseScenario(text, "x.yaml").ok).toBe(true);
    });

    it(`any mutation of ${name} gives a scenario or placed errors, never a throw`, () => {
      fc.assert(
        fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), (list) => checkErrors(list.reduce(apply, text))),
        { numRuns: 300 },
      );
    });
  }
});
