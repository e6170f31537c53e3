/**
 * Checks of the text before it is parsed (INTERFACE.md: strict JSON, printable text).
 * YAML 1.2 allows only printable characters in a stream (§5.1, c-printable); the `yaml`
 * package reads control characters anyway, and names print to terminals and pages, so
 * a NUL or an escape sequence is refused where it is written. A `.json` file is read by
 * `JSON.parse` first, so that a trailing comma or a comment, which YAML would take, is
 * refused as JSON refuses it.
 */
import { CST, Lexer } from "yaml";
import { MAX_ERRORS } from "../util/maxErrors.ts";
import { codePoint, UNPRINTABLE, type Problem } from "./positions.ts";

const NAMES: Record<number, string> = { 0: "NUL", 0x1b: "escape", 0x7f: "delete", 0x2028: "line separator", 0x2029: "paragraph separator" };

/** `U+001B, escape`: a character a reader cannot see, named. */
export function characterName(char: string): string {
  const cp = char.codePointAt(0) ?? 0;
  const name = NAMES[cp] ?? (cp >= 0xd800 && cp <= 0xdfff ? "a lone surrogate" : cp >= 0x202a ? "a bidirectional control" : "a control character");
  return `${codePoint(char)}, ${name}`;
}

const ALLOWED_TEXT = "printable text: no control characters other than tab and line breaks, no line or paragraph separators, no bidirectional controls";
// Tab, line feed and carriage return are the control characters YAML and JSON allow.
const FORBIDDEN = new RegExp(`(?![\\t\\n\\r])(?:${UNPRINTABLE.source})`, "gu");

/** The first MAX_ERRORS unprintable characters as problems, and how many there are in all. */
export function unprintableCharacters(text: string): { problems: Problem[]; total: number } {
  const problems: Problem[] = [];
  let total = 0;
  for (const match of text.matchAll(FORBIDDEN)) {
    total++;
    if (problems.length >= MAX_ERRORS) continue;
    const at = match.index ?? 0;
    problems.push({ path: [], range: [at, at + match[0].length], message: `a character that does not print (${characterName(match[0])}); allowed: ${ALLOWED_TEXT}` });
  }
  return { problems, total };
}

/** A name of a file that must hold strict JSON. */
export const isJsonFile = (file: string): boolean => /\.json$/i.test(file);

/** Null for strict JSON (RFC 8259), else the problem at the first character JSON.parse refuses. */
export function strictJsonProblem(text: string): Problem | null {
  try {
    JSON.parse(text);
    return null;
  } catch (e) {
    const message = e instanceof Error ? e.message : "";
    // V8 names the offset ("... in JSON at position 63") of most errors, not of a trailing comma.
    const position = /^(.*) in JSON at position (\d+)/.exec(message);
    const extra = position ? null : yamlOnly(text);
    const at = position ? Number(position[2]) : extra ? extra.at : /end of JSON input/.test(message) ? text.length : 0;
    // Its words, when they quote no text of the file.
    const what = position && !/["'\\]/.test(position[1]) ? `${position[1].toLowerCase()}: ` : extra ? `${extra.what}: ` : "";
    return {
      path: [],
      range: [at, at + 1],
      message: `${what}not strict JSON; allowed: strict JSON (RFC 8259) in a .json file: no trailing commas, no comments, names and strings in double quotes`,
    };
  }
}

/** The first trailing comma or `#` comment, which YAML takes and JSON does not, found by YAML's lexer. */
function yamlOnly(text: string): { at: number; what: string } | null {
  let offset = 0;
  let comma = -1;
  for (const lexeme of new Lexer().lex(text)) {
    const type = CST.tokenType(lexeme);
    if (type === "comment") return { at: offset, what: "a comment" };
    if ((type === "flow-seq-end" || type === "flow-map-end") && comma >= 0) return { at: comma, what: "a trailing comma" };
    if (type === "comma") comma = offset;
    else if (type !== "space" && type !== "newline") comma = -1;
    // The lexer's markers of modes are not in the text; a byte order mark is.
    if (type !== "doc-mode" && type !== "flow-error-end" && type !== "scalar") offset += lexeme.length;
  }
  return null;
}
