/**
 * From a key path to a place in the file. Every check reports a `Problem` (a key path and
 * a message); this module turns it into a `ScenarioError` pointing at the node of the
 * YAML document that holds the offending value, or at the nearest node that exists.
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type Pair } from "yaml";
import { MAX_ERRORS } from "../util/maxErrors.ts";
import type { ScenarioError } from "./errors.ts";

export type PathKey = string | number;

/** What a check found wrong, before it is placed in the file. */
export interface Problem {
  path: PathKey[];
  /** What is wrong and what is allowed. */
  message: string;
  /** Point at the key itself rather than its value (unknown and duplicate keys). */
  at?: "key";
  /** An explicit place in the text, for problems that are not at a key path. */
  range?: readonly [number, number];
}

/** The parsed text the problems are placed in. */
export interface Source {
  file: string;
  /** Length of the text, in UTF-16 units: places past the end are placed at the end. */
  length: number;
  doc: Document.Parsed | null;
  lines: LineStarts;
}

/** Offsets where the text's lines start, and where each ends (before its `\r\n` or `\n`). */
export interface LineStarts {
  starts: number[];
  ends: number[];
}

/** The lines of `text`, split at `\n` as editors and `text.split("\n")` count them. */
export function lineStarts(text: string): LineStarts {
  const starts = [0];
  const ends: number[] = [];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) {
    ends.push(i > 0 && text.charCodeAt(i - 1) === 13 ? i - 1 : i);
    starts.push(i + 1);
  }
  ends.push(text.length);
  return { starts, ends };
}

const identifier = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `segments[0].delinquency.roll[1]`; names that are not identifiers are quoted, `factors["gig work"]`. */
export function formatPath(path: readonly PathKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else if (identifier.test(key)) out += out ? `.${key}` : key;
    else out += `[${quote(key)}]`;
  }
  return out;
}

/**
 * Characters that must not reach a terminal or a page from a file: control characters
 * (C0, DEL, C1: a terminal escape sequence starts with ESC), line and paragraph
 * separators (U+2028, U+2029 end a line for JavaScript and many editors), the bidirectional
 * overrides and isolates that reorder what is shown (CVE-2021-42574), and lone surrogates.
 */
export const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]|\p{Cs}/u;
const UNPRINTABLE_ALL = new RegExp(UNPRINTABLE.source, "gu");

/** `U+001B` for a character (the first code point of `char`). */
export const codePoint = (char: string): string => `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;

/** A JSON string literal in which every unprintable character is escaped, so it stays on one line. */
export function quote(text: string): string {
  return JSON.stringify(text).replace(UNPRINTABLE_ALL, (c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, "0")}`);
}

/** The text a scalar key stands for, as `toJS` would name it; undefined for collection keys. */
export function keyName(key: unknown): string | undefined {
  if (isScalar(key)) return key.value === null ? "" : String(key.value);
  return undefined;
}

// Maps are searched once each; a file with many keys in one mapping stays linear.
const pairIndex = new WeakMap<object, Map<string, Pair>>();

function pairOf(map: { items: Pair[] }, key: string): Pair | undefined {
  let index = pairIndex.get(map);
  if (!index) {
    index = new Map();
    // The last of duplicate keys wins, as in `toJS`.
    for (const pair of map.items) {
      const name = keyName(pair.key);
      if (name !== undefined) index.set(name, pair);
    }
    pairIndex.set(map, index);
  }
  return index.get(key);
}

/**
 * The node at `path`, or the deepest node on the way that exists (the parent mapping of a
 * missing key). An alias stops the walk: the error belongs where the alias is used.
 */
export function nodeAt(doc: Document.Parsed | null, path: readonly PathKey[], at?: "key"): Node | null {
  let node = (doc?.contents ?? null) as Node | null;
  for (let i = 0; i < path.length && node; i++) {
    if (isAlias(node)) return node;
    const key = path[i];
    if (isMap(node)) {
      const pair = pairOf(node, String(key));
      if (!pair) return node;
      const keyNode = pair.key as Node | null;
      if (at === "key" && i === path.length - 1) return keyNode ?? node;
      node = (pair.value as Node | null) ?? keyNode ?? node;
    } else if (isSeq(node) && typeof key === "number") {
      const item = node.items[key] as Node | undefined;
      if (!item) return node;
      node = item;
    } else {
      return node;
    }
  }
  return node;
}

/**
 * The key path of the deepest mapping entry or list item whose text holds `offset`: a
 * problem found at a place in the text (a tag) is named by the key it is under.
 */
export function pathAt(doc: Document.Parsed | null, offset: number): PathKey[] {
  const path: PathKey[] = [];
  let node = (doc?.contents ?? null) as Node | null;
  const holds = (range: readonly number[] | null | undefined, start = range?.[0]) =>
    range !== null && range !== undefined && start !== undefined && start <= offset && offset < range[2];
  while (node) {
    if (isMap(node)) {
      const pair = node.items.find((p) => {
        const [key, value] = [p.key as Node | null, p.value as Node | null];
        return holds(value?.range ?? key?.range, key?.range?.[0] ?? value?.range?.[0]);
      });
      const name = pair && keyName(pair.key);
      if (!pair || name === undefined) break;
      path.push(name);
      node = pair.value as Node | null;
    } else if (isSeq(node)) {
      const i = node.items.findIndex((item) => holds((item as Node | null)?.range));
      if (i < 0) break;
      path.push(i);
      node = node.items[i] as Node | null;
    } else {
      break;
    }
  }
  return path;
}

/** Place a problem in the file. */
export function toScenarioError(source: Source, problem: Problem): ScenarioError {
  const range = problem.range ?? rangeOf(nodeAt(source.doc, problem.path, problem.at));
  const [from, to] = range.map((offset) => Math.min(Math.max(offset, 0), source.length));
  const { line, column } = lineColumn(source.lines, from);
  return { kind: "scenario", file: source.file, line, column, from, to, path: formatPath(problem.path), message: problem.message };
}

function rangeOf(node: Node | null): [number, number] {
  const range = node?.range;
  return range ? [range[0], Math.max(range[0], range[1])] : [0, 0];
}

/**
 * 1-based line and column of an offset, in UTF-16 units as the editor counts them. A
 * column is at most one past the line's last character (where its line break is), so it
 * never points past the end of its line.
 */
export function lineColumn(lines: LineStarts, offset: number): { line: number; column: number } {
  const { starts, ends } = lines;
  let [lo, hi] = [0, starts.length - 1];
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  const column = Math.min(Math.max(offset, starts[lo]), ends[lo]) - starts[lo] + 1;
  return { line: lo + 1, column };
}

/** At most MAX_ERRORS errors, then one that counts the rest (of `total`, when more were found than kept). */
export function capErrors(errors: ScenarioError[], total = errors.length): ScenarioError[] {
  if (total <= MAX_ERRORS) return errors;
  const more = total - MAX_ERRORS;
  const last = { ...errors[Math.min(MAX_ERRORS, errors.length - 1)], path: "", message: `${more} more error${more === 1 ? "" : "s"} not shown; allowed: fix the errors above first` };
  return [...errors.slice(0, MAX_ERRORS), last];
}

/** Errors in file order, each once. */
export function sortErrors(errors: ScenarioError[]): ScenarioError[] {
  const seen = new Set<string>();
  return [...errors]
    .sort((a, b) => a.from - b.from || a.path.localeCompare(b.path) || a.message.localeCompare(b.message))
    .filter((e) => {
      const id = `${e.from}\u0000${e.path}\u0000${e.message}`;
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
}
