/**
 * Text from a file (a CSV header, a tape's segment name, a chunk's names) on its way to a
 * terminal or an error line: every control character (C0, DEL, C1: ESC starts the escape
 * sequences terminals obey, OSC 52 writes the clipboard) and every invisible format
 * character (bidirectional overrides reorder what is shown) is written as an escape, so a
 * message is one line of what the file holds, and it is cut to a stated length.
 */

/** Characters never printed as they are: Unicode's Cc (controls) and Cf (format, bidi overrides included). */
const UNPRINTABLE = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;

/** Longest name a message quotes, in characters. */
export const MAX_SHOWN = 80;

const escape = (c: string): string => {
  const code = c.codePointAt(0)!;
  if (c === "\n") return "\\n";
  if (c === "\r") return "\\r";
  if (c === "\t") return "\\t";
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u{${code.toString(16)}}`;
};

/** `text` with control and format characters escaped, cut to `max` characters with "…". */
export function printable(text: string, max = MAX_SHOWN): string {
  const cut = [...text].length > max ? [...text].slice(0, max).join("") + "…" : text;
  return cut.replace(UNPRINTABLE, escape);
}

/** Whether `text` holds a control or format character. */
export const hasUnprintable = (text: string): boolean => new RegExp(UNPRINTABLE.source, "u").test(text);
