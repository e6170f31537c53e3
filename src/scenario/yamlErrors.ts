/**
 * The `yaml` package's errors as problems: its message says what is wrong; what is allowed
 * instead is added here, by error code or, where one code covers different mistakes, by
 * message. A tag outside YAML 1.2's core schema is named as an unsupported tag.
 */
import type { Document, YAMLError } from "yaml";
import { CORE_TAGS, shortTag } from "./coreTags.ts";
import { pathAt, quote, UNPRINTABLE, type Problem } from "./positions.ts";

const SUPPORTED_TAGS = `no tag, or a YAML 1.2 core tag: ${CORE_TAGS.join(", ")}`;

/**
 * What is allowed instead, by the `yaml` package's error code; its own message says what
 * is wrong. Codes not listed get the general rule.
 */
const SYNTAX_ALLOWED: Partial<Record<YAMLError["code"], string>> = {
  BAD_INDENT: "each nested key indented more than its parent, keys of one mapping at the same indent, with spaces",
  TAB_AS_INDENT: "spaces for indentation, not tabs",
  BAD_SCALAR_START: "a value that starts with a letter, a digit or a quote; quote a value that starts with @, ` or %",
  BLOCK_AS_IMPLICIT_KEY: "a key on one line, followed by `: `",
  MULTILINE_IMPLICIT_KEY: "a key on one line, followed by `: `",
  KEY_OVER_1024_CHARS: "a key of at most 1024 characters",
  BAD_DQ_ESCAPE: "the escapes of double-quoted YAML: \\\\, \\\", \\n, \\t, \\u followed by 4 hex digits",
  BAD_ALIAS: "an alias *name of an anchor &name",
  MULTIPLE_ANCHORS: "one anchor on a value",
  MULTIPLE_TAGS: "one tag on a value",
  BLOCK_IN_FLOW: "inside [ ] or { }, values in flow style only",
};
/** For messages of one code that need different advice. */
const SYNTAX_BY_MESSAGE: [RegExp, string][] = [
  [/sufficiently indented and end with/, "a [ list or { mapping closed by its ] or }, its lines indented more than its key"],
  [/without - indicator/, "list items that each start with `- `, at one indent"],
  [/need to be followed by map values/, "`key: value`, a key followed by a colon and a space"],
  [/^Missing , between/, "items of a [ list or { mapping separated by commas"],
  [/^Comments must be separated/, "a space before the # of a comment"],
  // `{ key: segments[0].pd, … }`: the [ after a plain word opens a list.
  [/^Unexpected flow-seq-start at node end/, "a value that holds [ or ] in quotes, e.g. { key: 'segments[0].pd', low: 0.02, high: 0.05 }"],
];
const GENERAL_SYNTAX = "YAML 1.2 or JSON: `key: value` lines, nested keys indented with spaces, lists of `- item` lines or [a, b]";

// A syntax error is found where the parser noticed it, often after the key it belongs to:
// it keeps no key path. A tag is where it is written, under its key.
export function yamlProblem(e: YAMLError, doc: Document.Parsed): Problem {
  const range = e.pos;
  // A message of the `yaml` package may quote the file; it stays one printable line.
  const said = e.message.split("\n")[0];
  const message = UNPRINTABLE.test(said) ? quote(said) : said;
  if (e.code === "TAG_RESOLVE_FAILED") {
    const tag = /^Unresolved tag: (.*)$/.exec(said);
    // A core tag's value that does not fit it (coreTags.ts says what does), or a tag the
    // document's %TAG directives cannot resolve.
    if (!tag) return { path: pathAt(doc, range[0]), range, message: message.includes("; allowed: ") ? message : `${message}; allowed: ${SUPPORTED_TAGS}` };
    return { path: pathAt(doc, range[0]), range, message: `unsupported tag ${quote(shortTag(tag[1])).slice(1, -1)}; allowed: ${SUPPORTED_TAGS}` };
  }
  return { path: [], range, message: `YAML syntax: ${message}; allowed: ${syntaxAllowed(e.code, said)}` };
}

function syntaxAllowed(code: YAMLError["code"], message: string): string {
  const byMessage = SYNTAX_BY_MESSAGE.find(([pattern]) => pattern.test(message));
  return byMessage?.[1] ?? SYNTAX_ALLOWED[code] ?? GENERAL_SYNTAX;
}
