/**
 * The data behind a chart as rows and columns: one description feeds the HTML table
 * view and the CSV export, so the two always agree.
 */
import { formatterFor, type ValueKind } from "./chartNumbers.ts";

/** A number shown in its own format (when a column mixes units): CSV writes `value`. */
export interface Shown {
  value: number;
  text: string;
}

export type Cell = string | number | null | Shown;

export interface Column {
  label: string;
  /** How a number in this column is shown in the HTML table; text cells show as they are. */
  kind?: ValueKind;
}

export interface TableData {
  columns: Column[];
  rows: Cell[][];
}

/** A cell as the HTML table shows it: numbers in their column's format, null as a dash. */
export function showCell(cell: Cell, column: Column | undefined): string {
  if (cell === null) return "—";
  if (typeof cell === "string") return cell;
  if (typeof cell === "object") return cell.text;
  return column?.kind ? formatterFor(column.kind)(cell) : String(cell);
}
