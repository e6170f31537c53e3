/**
 * The frame of a horizontal chart of labelled groups of bars (segment contributions,
 * tranches, insurance): label margin, plot size, where each group and bar sits, and which
 * group a pointer is on. Each chart brings its own x scale and values.
 */
import { bottomMargin, NARROW, titleLines, type Margin } from "./plotBox.ts";
import { labelWidth } from "./ticks.ts";

/** A bar as Bars.svelte draws it. */
export interface GroupBar {
  key: string;
  x: number;
  y: number;
  width: number;
  height: number;
  label: string;
}

export interface GroupedBars {
  margin: Margin;
  innerW: number;
  innerH: number;
  height: number;
  xTitle: string[];
  /** Top of group i, inside the plot. */
  yOf(i: number): number;
  /** One y-axis label a group, centred on its bars. */
  yTicks: { value: number; label: string; at: number }[];
  /** Bar `row` of group i, `width` long. */
  bar(key: string, i: number, row: number, width: number, label: string): GroupBar;
  /** The group under plot height y, or null with no groups. */
  pick(y: number): number | null;
}

/**
 * A group's label in a chart `width` wide, cut to about a third of it (the full name is in
 * the read-out and the table).
 */
export function fitLabel(label: string, width: number): string {
  const maxChars = Math.max(8, Math.floor(width / 3 / 6.6));
  return label.length > maxChars ? label.slice(0, maxChars - 1) + "…" : label;
}

/** Gap between groups, in pixels. */
const GAP = 14;

/**
 * Layout of `labels.length` groups of `perGroup` bars `barHeight` high, in a chart `width`
 * wide whose x axis is titled `xTitleText`.
 */
export function groupedBars(labels: readonly string[], width: number, perGroup: number, barHeight: number, xTitleText: string): GroupedBars {
  const group = perGroup * barHeight + GAP;
  const left = Math.ceil(Math.max(40, ...labels.map((n) => labelWidth(n)))) + 12;
  // A bar's end label needs room on the right on a phone.
  const right = width < NARROW ? 16 : 24;
  const innerW = Math.max(60, width - left - right);
  const xTitle = titleLines(xTitleText, innerW);
  const margin = { top: 8, right, bottom: bottomMargin(xTitle.length), left };
  const innerH = labels.length * group;
  const yOf = (i: number) => i * group + 4;
  return {
    margin,
    innerW,
    innerH,
    height: innerH + margin.top + margin.bottom,
    xTitle,
    yOf,
    yTicks: labels.map((label, i) => ({ value: i, label, at: yOf(i) + (perGroup * barHeight) / 2 })),
    bar: (key, i, row, w, label) => ({ key, x: 0, y: yOf(i) + row * barHeight, width: w, height: barHeight, label }),
    pick: (y) => (labels.length ? Math.min(labels.length - 1, Math.max(0, Math.floor(y / group))) : null),
  };
}
