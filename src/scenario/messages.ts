/**
 * Zod issues in plain words: each says what is wrong and what is allowed, e.g.
 * `1.5 is out of range; allowed: a number greater than 0 and less than 1`.
 */
import type { z } from "zod";
import { count, describe, keysAt, kindOf, schemaAt } from "./allowed.ts";
import type { JsonSchema } from "./jsonSchema.ts";
import { quote, type PathKey, type Problem } from "./positions.ts";

type Issue = z.core.$ZodIssue;

/** The problems of one issue; an issue of unknown keys gives one problem per key. */
export function issueProblems(issue: Issue): Problem[] {
  const path = issue.path as PathKey[];
  if (issue.code === "unrecognized_keys") {
    const allowed = keysAt(path);
    return issue.keys.map((key) => ({ path: [...path, key], at: "key" as const, message: unknownKey(key, allowed) }));
  }
  return [{ path, message: issueMessage(issue, schemaAt(path)) }];
}

function issueMessage(issue: Issue, node: JsonSchema | undefined): string {
  const input = issue.input;
  // A required key that is missing: zod reports it as a wrong type, or a wrong literal (`creditlab`).
  if (input === undefined && issue.code !== "unrecognized_keys") return `required key is missing; allowed: ${describe(node)}`;
  switch (issue.code) {
    case "invalid_type":
      return wrongType(node, input);
    case "too_big":
    case "too_small":
      return outOfRange(issue, optionFor(node, input));
    case "invalid_value":
      return `${show(input)} is not allowed; allowed: ${describe(node)}`;
    case "invalid_union":
      return unionMessage(issue, node);
    case "invalid_format":
    case "custom":
      // A custom rule about a key that is not there (one of two keys is required) says so.
      if (input === undefined || (issue.code === "custom" && issue.params?.missing === true)) return `required key is missing; allowed: ${issue.message}`;
      return `${show(input)} is not allowed; allowed: ${issue.message}`;
    default:
      return `${issue.message}; allowed: ${describe(node)}`;
  }
}

function wrongType(node: JsonSchema | undefined, input: unknown): string {
  const expected = kindOf(node);
  const allowed = describe(node);
  return `expected ${expected}, got ${show(input)}; allowed: ${allowed}`;
}

function outOfRange(issue: Extract<Issue, { code: "too_big" | "too_small" }>, node: JsonSchema | undefined): string {
  const input = issue.input;
  const big = issue.code === "too_big";
  if (Array.isArray(input)) {
    const what = input.length === 0 ? "the list is empty" : `${input.length} items are too ${big ? "many" : "few"}`;
    return `${what}; allowed: a list${count(node?.minItems, node?.maxItems, "item")}`;
  }
  if (typeof input === "string") {
    const what = input.length === 0 ? "the string is empty" : `${input.length} characters are too ${big ? "many" : "few"}`;
    return `${what}; allowed: a string${count(node?.minLength, node?.maxLength, "character")}`;
  }
  return `${show(input)} is out of range; allowed: ${describe(node)}`;
}

// A union whose input matches no option: a list of literals, or the kinds it takes.
function unionMessage(issue: Extract<Issue, { code: "invalid_union" }>, node: JsonSchema | undefined): string {
  const options = (node?.anyOf as JsonSchema[] | undefined) ?? [];
  if (options.length > 0 && options.every((o) => "const" in o)) return `${show(issue.input)} is not allowed; allowed: ${describe(node)}`;
  return wrongType(node, issue.input);
}

// The option of a union that takes values of the input's type. Zod reports a union's
// input that has one option's type but breaks its bounds (a seed string too long) as that
// option's issue at the union's path.
function optionFor(node: JsonSchema | undefined, input: unknown): JsonSchema | undefined {
  const options = node?.anyOf as JsonSchema[] | undefined;
  if (!options) return node;
  const type = Array.isArray(input) ? "array" : input === null ? "null" : typeof input;
  const match = options.find((o) => o.type === type || (type === "number" && o.type === "integer"));
  return match ?? node;
}

/** An unknown key, the keys allowed there and, when one is close, a suggestion. */
export function unknownKey(key: string, allowed: string[]): string {
  const near = nearest(key, allowed);
  const hint = near ? `; did you mean \`${near}\`?` : "";
  return `unknown key; allowed: ${allowed.join(", ") || "no keys here"}${hint}`;
}

/** The allowed name nearest to `word` by edit distance, if it is within a third of its length. */
export function nearest(word: string, names: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(word.length / 3)) + 1;
  for (const name of names) {
    const d = editDistance(word.toLowerCase(), name.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [name, d];
  }
  return best;
}

/** Levenshtein distance, one row at a time. */
export function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 8) return Math.abs(a.length - b.length);
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length];
}

/** A value as the reader wrote it: `1.5`, `the string "abc"`, `a list`. */
export function show(value: unknown): string {
  if (typeof value === "string") {
    const text = value.length > 40 ? `${[...value].slice(0, 37).join("")}...` : value;
    return `the string ${quote(text)}`;
  }
  if (typeof value === "number") return Number.isNaN(value) ? "not-a-number (.nan)" : String(value);
  if (value === null) return "an empty value";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return String(value);
}
