/**
 * Untrusted text to plain data. A scenario file may come from anyone, so every step is
 * bounded: the text's length, the nesting depth (checked while parsing, before any
 * recursive step runs), alias expansion (billion laughs), and cyclic aliases. Text that
 * does not print (control characters, escape sequences) is refused, and so is any tag
 * outside YAML 1.2's core schema. JSON is read as YAML (YAML 1.2 is a superset of JSON),
 * with the same positions, after a `.json` file has passed `JSON.parse` (strict JSON).
 */
import { Composer, Lexer, Parser, type CST, type Document } from "yaml";
import { err, ok, type Result } from "../util/result.ts";
import { coreScalarTags } from "./coreTags.ts";
import type { ScenarioError } from "./errors.ts";
import { capErrors, lineStarts, toScenarioError, type Problem, type Source } from "./positions.ts";
import { isJsonFile, strictJsonProblem, unprintableCharacters } from "./strictText.ts";
import { yamlProblem } from "./yamlErrors.ts";
import { checkTree } from "./yamlTree.ts";

/** Longest text read, in characters. */
export const MAX_TEXT_LENGTH = 2 * 1024 * 1024;
/** Deepest nesting of mappings and lists. */
export const MAX_DEPTH = 64;
/** Most alias expansions (YAML's `maxAliasCount`). */
export const MAX_ALIASES = 100;

export interface LoadedYaml {
  source: Source;
  data: unknown;
}

/** The file's data and its parsed document (for positions), or the errors of the text itself. */
export function loadYaml(text: string, file: string): Result<LoadedYaml, ScenarioError[]> {
  if (text.length > MAX_TEXT_LENGTH) {
    const source = { file, length: text.length, doc: null, lines: lineStarts("") };
    return err([toScenarioError(source, { path: [], range: [0, 0], message: tooLargeMessage(text.length) })]);
  }
  const lines = lineStarts(text);
  const place = (problems: Problem[], doc: Document.Parsed | null = null, total = problems.length) =>
    err(capErrors(problems.map((p) => toScenarioError({ file, length: text.length, doc, lines }, p)), total));
  const unprintable = unprintableCharacters(text);
  if (unprintable.total > 0) return place(unprintable.problems, null, unprintable.total);
  const json = isJsonFile(file) ? strictJsonProblem(text) : null;
  if (json) return place([json]);
  const tokens = tokenize(text);
  if (!Array.isArray(tokens)) return place([tokens]);
  const composer = new Composer({ uniqueKeys: false, logLevel: "silent", customTags: coreScalarTags, resolveKnownTags: false });
  const docs = [...composer.compose(tokens, true, text.length)];
  const doc = docs[0];
  const syntax = [...docs.slice(1).map(extraDocument), ...[...doc.errors, ...doc.warnings].map((e) => yamlProblem(e, doc))];
  if (syntax.length > 0) return place(syntax, doc);
  const tree = checkTree(doc);
  if (tree.problems.length > 0) return place(tree.problems, doc);
  const data = toData(doc, tree.firstAlias);
  if (!data.ok) return place([data.error], doc);
  return ok({ source: { file, length: text.length, doc, lines }, data: data.value });
}

/** The error of a text longer than MAX_TEXT_LENGTH (characters, or bytes of a file). */
export const tooLargeMessage = (size: number): string =>
  `the file is too large (${(size / 1024 / 1024).toFixed(1)} MB); allowed: at most ${MAX_TEXT_LENGTH / 1024 / 1024} MB`;

// Lex and parse to YAML's concrete syntax tree, stopping as soon as the parser's stack
// holds more than MAX_DEPTH collections: a deep file costs a few lexemes, not its length.
function tokenize(text: string): CST.Token[] | Problem {
  const parser = new Parser();
  const tokens: CST.Token[] = [];
  for (const lexeme of new Lexer().lex(text)) {
    for (const token of parser.next(lexeme)) tokens.push(token);
    if (parser.stack.length > MAX_DEPTH && collectionDepth(parser.stack) > MAX_DEPTH) {
      const offset = parser.stack[parser.stack.length - 1].offset;
      return { path: [], range: [offset, offset + 1], message: `nesting is too deep; allowed: at most ${MAX_DEPTH} levels of mappings and lists` };
    }
  }
  for (const token of parser.end()) tokens.push(token);
  return tokens;
}

function collectionDepth(stack: CST.Token[]): number {
  let depth = 0;
  for (const token of stack) {
    if (token.type === "block-map" || token.type === "block-seq" || token.type === "flow-collection") depth++;
  }
  return depth;
}

function extraDocument(doc: Document.Parsed): Problem {
  const start = doc.range[0];
  return { path: [], range: [start, start + 1], message: "a second YAML document; allowed: one document per file (no `---` after the first)" };
}

// Plain data; alias expansion past MAX_ALIASES is refused by `yaml` itself.
function toData(doc: Document.Parsed, firstAlias: readonly [number, number]): Result<unknown, Problem> {
  try {
    return ok(doc.toJS({ maxAliasCount: MAX_ALIASES }));
  } catch (e) {
    if (!(e instanceof ReferenceError)) throw e;
    return err({
      path: [],
      range: firstAlias,
      message: `aliases expand to too much data; allowed: at most ${MAX_ALIASES} alias expansions`,
    });
  }
}
