/**
 * What is wrong in a CSV file, one line each, `FILE:ROW:COLUMN: what is wrong; allowed: …`
 * (INTERFACE.md). ROW is the record's number, the header being row 1, as a spreadsheet
 * shows it; COLUMN is the header's name for the column, or `#N` (1-based position) for a
 * field beyond the header. At most 100 lines are kept; the count goes on.
 */
import { MAX_ERRORS } from "../util/maxErrors.ts";
import { printable } from "../util/printable.ts";

export class CsvProblems {
  readonly lines: string[] = [];
  count = 0;
  constructor(readonly file: string) {}

  add(row: number, column: string, what: string, allowed?: string): void {
    this.count++;
    if (this.lines.length < MAX_ERRORS) {
      // A column's name is the file's text: shown escaped and cut (util/printable.ts).
      this.lines.push(`${this.file}:${row}:${printable(column, 40)}: ${what}${allowed ? `; allowed: ${allowed}` : ""}`);
    }
  }

  /** The lines, then `… and N more errors` when some were left out. */
  report(): string[] {
    const more = this.count - this.lines.length;
    return more > 0 ? [...this.lines, `${this.file}: … and ${more} more error${more === 1 ? "" : "s"}`] : [...this.lines];
  }
}

/** A plain decimal number (no hex, no `Infinity`, no thousands separators). */
const NUMBER = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

/** The number in `text`, or NaN when it is not one. */
export function parseNumber(text: string): number {
  return NUMBER.test(text) ? Number(text) : NaN;
}

/** Quotes a field for a message, shortened past 40 characters, control and format characters escaped. */
export function shown(text: string): string {
  return `"${printable(text, 40).replace(/["\\]/g, "\\$&")}"`;
}

/** Finds each wanted column by header name; names duplicated or not known come back apart. */
export function mapHeader(header: string[], known: readonly string[]): { index: Map<string, number>; unknown: string[]; duplicated: string[] } {
  const index = new Map<string, number>();
  const unknown: string[] = [];
  const duplicated: string[] = [];
  header.forEach((raw, i) => {
    const name = raw.trim();
    if (!known.includes(name)) unknown.push(name === "" ? `#${i + 1} (no name)` : printable(name, 40));
    else if (index.has(name)) duplicated.push(name);
    else index.set(name, i);
  });
  return { index, unknown, duplicated };
}
