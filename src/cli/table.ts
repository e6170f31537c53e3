/**
 * Plain-text tables: columns padded to their widest cell, text left and numbers right,
 * two spaces between columns. Widths count characters as a terminal shows them, so a
 * cell may hold "±" or "▁" but no color codes: color is applied to whole lines later.
 */

export interface Column {
  header: string;
  /** Default "right" (numbers); use "left" for names. */
  align?: "left" | "right";
}

/** A row of cells, or a blank line between groups of rows. */
export type Row = readonly string[] | "gap";

const GAP = "  ";

/** Lines of the table: the header, a rule of dashes, then the rows. No trailing spaces. */
export function renderTable(columns: readonly Column[], rows: readonly Row[], indent = ""): string[] {
  const cells = rows.filter((r): r is readonly string[] => r !== "gap");
  for (const r of cells) {
    if (r.length !== columns.length) throw new Error(`renderTable: a row of ${r.length} cells for ${columns.length} columns`);
  }
  const widths = columns.map((c, i) => Math.max(width(c.header), ...cells.map((r) => width(r[i]))));
  const line = (r: readonly string[]) =>
    indent +
    r
      .map((cell, i) => pad(cell, widths[i], columns[i].align ?? "right"))
      .join(GAP)
      .trimEnd();
  const rule = indent + widths.map((w) => "-".repeat(w)).join(GAP);
  return [line(columns.map((c) => c.header)), rule, ...rows.map((r) => (r === "gap" ? "" : line(r)))];
}

/** Characters as shown: code points, not UTF-16 units. */
export const width = (s: string): number => [...s].length;

function pad(s: string, w: number, align: "left" | "right"): string {
  const fill = " ".repeat(Math.max(0, w - width(s)));
  return align === "left" ? s + fill : fill + s;
}
