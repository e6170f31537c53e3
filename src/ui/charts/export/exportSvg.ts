/**
 * A chart as a self-contained SVG file: its title, legend and notes drawn above and
 * below the plot, every colour and font written out, so the file reads the same
 * outside the page. Pure string work; exportChart.ts feeds it from the live page.
 */

export type LegendMark = "swatch" | "line" | "dashed" | "dotted" | "band";

export interface LegendItem {
  label: string;
  /** Any CSS colour; a `var(--…)` must be resolved before export. */
  colour: string;
  mark: LegendMark;
}

export interface ExportText {
  title: string;
  subtitle?: string;
  legend: readonly LegendItem[];
  notes: readonly string[];
}

export interface ExportTheme {
  font: string;
  text: string;
  muted: string;
  background: string;
}

/** The five XML special characters escaped, for text and attribute values. */
export function xmlEscape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c] as string);
}

/** Words of `text` in lines of at most `maxChars` characters (a longer word gets a line of its own). */
export function wrapText(text: string, maxChars: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > maxChars) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

const PAD = 16;
const CHAR = 6.6;

function legendMark(item: LegendItem, x: number, y: number): string {
  const c = xmlEscape(item.colour);
  switch (item.mark) {
    case "swatch":
      return `<rect x="${x}" y="${y - 9}" width="12" height="12" rx="2" fill="${c}"/>`;
    case "band":
      return `<rect x="${x}" y="${y - 9}" width="16" height="12" fill="${c}"/>`;
    case "line":
      return `<line x1="${x}" x2="${x + 16}" y1="${y - 3}" y2="${y - 3}" stroke="${c}" stroke-width="2.5"/>`;
    case "dashed":
      return `<line x1="${x}" x2="${x + 16}" y1="${y - 3}" y2="${y - 3}" stroke="${c}" stroke-width="2" stroke-dasharray="4 3"/>`;
    case "dotted":
      return `<line x1="${x}" x2="${x + 16}" y1="${y - 3}" y2="${y - 3}" stroke="${c}" stroke-width="2" stroke-dasharray="2 2"/>`;
    default:
      return item.mark satisfies never;
  }
}

/**
 * The file: `plot` (the chart's inner SVG markup, styles inlined) at its size, with the
 * title, subtitle and legend above and the notes below, all wrapped to the plot's width.
 */
export function composeSvg(
  plot: string,
  size: { width: number; height: number },
  text: ExportText,
  theme: ExportTheme,
): { svg: string; width: number; height: number } {
  const width = Math.max(size.width + 2 * PAD, 240);
  const maxChars = Math.max(20, Math.floor((width - 2 * PAD) / CHAR));
  const parts: string[] = [];
  let y = PAD + 14;
  for (const line of wrapText(text.title, Math.floor(maxChars * 0.85))) {
    parts.push(`<text x="${PAD}" y="${y}" font-size="15" font-weight="600" fill="${xmlEscape(theme.text)}">${xmlEscape(line)}</text>`);
    y += 19;
  }
  for (const line of text.subtitle ? wrapText(text.subtitle, maxChars) : []) {
    parts.push(`<text x="${PAD}" y="${y}" font-size="12" fill="${xmlEscape(theme.muted)}">${xmlEscape(line)}</text>`);
    y += 16;
  }
  let x = PAD;
  if (text.legend.length > 0) y += 6;
  for (const item of text.legend) {
    const w = 22 + item.label.length * CHAR + 14;
    if (x > PAD && x + w > width - PAD) {
      x = PAD;
      y += 18;
    }
    parts.push(legendMark(item, x, y));
    parts.push(`<text x="${x + 20}" y="${y}" font-size="12" fill="${xmlEscape(theme.text)}">${xmlEscape(item.label)}</text>`);
    x += w;
  }
  y += 10;
  parts.push(`<svg x="${PAD}" y="${y}" width="${size.width}" height="${size.height}" overflow="visible">${plot}</svg>`);
  y += size.height + 8;
  for (const note of text.notes) {
    for (const line of wrapText(note, maxChars)) {
      y += 15;
      parts.push(`<text x="${PAD}" y="${y}" font-size="11" fill="${xmlEscape(theme.muted)}">${xmlEscape(line)}</text>`);
    }
  }
  const height = Math.ceil(y + PAD);
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"` +
    ` font-family="${xmlEscape(theme.font)}">` +
    `<rect width="100%" height="100%" fill="${xmlEscape(theme.background)}"/>` +
    parts.join("") +
    `</svg>`;
  return { svg, width, height };
}
