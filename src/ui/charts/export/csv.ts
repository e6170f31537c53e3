/**
 * CSV as RFC 4180 writes it: comma-separated, CRLF line ends, a field quoted when it
 * holds a comma, a quote or a line break, its quotes doubled. Numbers keep full
 * precision. Text that a spreadsheet would run as a formula (=, +, -, @ first) gets a
 * leading apostrophe: segment and variant names come from files other people wrote.
 */
import type { TableData, Cell } from "../frame/table.ts";

const FORMULA_START = /^[=+\-@\t\r]/;

/** One field. */
export function csvField(cell: Cell): string {
  if (cell === null) return "";
  if (typeof cell === "object") return csvField(cell.value);
  if (typeof cell === "number") return Number.isFinite(cell) ? String(cell) : "";
  const text = FORMULA_START.test(cell) ? "'" + cell : cell;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The table with a header row of column labels. */
export function toCsv(table: TableData): string {
  const lines = [table.columns.map((c) => csvField(c.label)), ...table.rows.map((r) => r.map(csvField))];
  return lines.map((l) => l.join(",")).join("\r\n") + "\r\n";
}
