/** Helpers that find expected positions in fixture text by searching it, not by parsing. */
import { expect } from "vitest";
import { parseScenario, type ParsedScenario } from "../../src/scenario/parse.ts";
import type { ScenarioError } from "../../src/scenario/errors.ts";

/** A small valid credit-line book; tests add or replace lines. */
export const SMALL_BOOK = `creditlab: 1
name: Small card book
simulation:
  paths: 100
  horizonMonths: 12
segments:
  - name: cards
    accounts: 1000
    pd: 0.02
`;

/**
 * 1-based line and column of `needle`, searched from the end of the first `after` (when
 * given), so a needle that occurs more than once can be told apart by what precedes it.
 */
export function positionOf(text: string, needle: string, after?: string): { line: number; column: number } {
  const found = after === undefined ? 0 : text.indexOf(after);
  if (found < 0) throw new Error(`fixture lacks ${JSON.stringify(after)}`);
  const start = found + (after?.length ?? 0);
  const index = text.indexOf(needle, start);
  if (index < 0) throw new Error(`fixture lacks ${JSON.stringify(needle)}`);
  const lines = text.slice(0, index).split("\n");
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

export function parsed(text: string): ParsedScenario {
  const result = parseScenario(text, "test.yaml");
  if (!result.ok) throw new Error(`unexpected errors:\n${result.error.map((e) => `${e.line}:${e.column} ${e.path}: ${e.message}`).join("\n")}`);
  return result.value;
}

export function errorsOf(text: string): ScenarioError[] {
  const result = parseScenario(text, "test.yaml");
  if (result.ok) throw new Error("expected errors, the file parsed");
  return result.error;
}

/** The one error of a file. */
export function onlyError(text: string): ScenarioError {
  const errors = errorsOf(text);
  expect(errors.map((e) => `${e.path}: ${e.message}`)).toHaveLength(1);
  return errors[0];
}

/** Assert an error's key path and that it points at `needle` (searched after `after`). */
export function expectAt(e: ScenarioError, path: string, text: string, needle: string, after?: string): void {
  expect({ path: e.path, line: e.line, column: e.column }).toEqual({ path, ...positionOf(text, needle, after) });
}
