/**
 * The box a chart plots in: its height for a width, its margins, and what a read-out
 * shows and where.
 */
import type { ScaleLinear } from "d3";
import type { ValueKind } from "./chartNumbers.ts";
import { wrapText } from "../export/exportSvg.ts";
import { axisTicks, labelWidth, linear, monthTicks, type Tick } from "./ticks.ts";

export interface Margin {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** A chart's height, margins and the plot's size inside them, as its frame lays them out. */
export interface PlotBox {
  height: number;
  margin: Margin;
  innerW: number;
  innerH: number;
}

export interface ReadoutData {
  /** Where the read item is, in plot coordinates (pixels from the plot area's corner). */
  x: number;
  y: number;
  /** The first line is the heading. */
  lines: string[];
}

/** Below this width a chart takes its phone layout. */
export const NARROW = 480;

/** Chart height in pixels for a width: lower on phones, so two charts fit a screen. */
export function chartHeight(width: number, tall = 260): number {
  return width < NARROW ? Math.round(tall * 0.85) : tall;
}

/** Advance of a character of an axis title (12 px), in pixels. */
const TITLE_CHAR = 7.2;

/** An axis title in at most two lines that fit `width` pixels; a longer one is cut with an ellipsis. */
export function titleLines(title: string, width: number): string[] {
  if (title.length * TITLE_CHAR <= width) return [title];
  const lines = wrapText(title, Math.max(8, Math.floor(width / TITLE_CHAR)));
  if (lines.length <= 2) return lines;
  return [lines[0], lines.slice(1).join(" ").slice(0, Math.max(8, Math.floor(width / TITLE_CHAR)) - 1) + "…"];
}

/** Bottom margin for an x-axis title of `lines` lines. */
export const bottomMargin = (lines: number): number => 42 + 14 * (lines - 1);

/**
 * Margins for a plot with left-axis `ticks`: room for the widest tick label, the axis
 * title above the plot and the bottom axis with its title below.
 */
export function plotMargin(ticks: readonly Tick[], extraTop = 0): Margin {
  const widest = Math.max(0, ...ticks.map((t) => labelWidth(t.label)));
  return { top: 26 + extraTop, right: 14, bottom: 42, left: Math.ceil(widest) + 12 };
}

export interface FrameSpec {
  width: number;
  /** Desktop height; phones get a little less. */
  tall?: number;
  xDomain: [number, number];
  yDomain: [number, number];
  /** "month" draws calendar ticks (0, 6, 12 …) whatever the domain. */
  xKind: ValueKind | "month";
  yKind: ValueKind;
  /** Months a period, for month ticks on whole periods. */
  periodMonths?: number;
  /** The x-axis title, which may take two lines on a phone. */
  xTitle: string;
  /** Pixels kept free at the top of the plot, for rule labels. */
  headroom?: number;
  /** Round the x domain out to nice ticks (the default: equal domains, as domainHold.ts gives, then give equal axes). */
  niceX?: boolean;
}

/** Span of an axis whose values are all 0: 1% for rates, 1 otherwise. */
const zeroPad = (kind: ValueKind) => (kind === "percent" || kind === "points" ? 0.01 : 1);

export interface Frame extends PlotBox {
  width: number;
  x: ScaleLinear<number, number>;
  y: ScaleLinear<number, number>;
  xTicks: Tick[];
  yTicks: Tick[];
  xTitle: string[];
}

/**
 * Scales, ticks and margins of an x–y chart `width` pixels wide. The y axis is laid out
 * first, since its tick labels decide the left margin and so the width left for x.
 */
export function frame(spec: FrameSpec): Frame {
  // The plot keeps its height; a two-line x title makes the chart taller instead. So the
  // y axis comes first, its labels give the left margin, and that the plot's width,
  // in which the title is set.
  const innerH = Math.max(40, chartHeight(spec.width, spec.tall) - 26 - bottomMargin(1));
  const y = linear(spec.yDomain, [innerH, spec.headroom ?? 0], true, zeroPad(spec.yKind));
  const yTicks = axisTicks(y, spec.yKind, false);
  const side = plotMargin(yTicks);
  const innerW = Math.max(40, spec.width - side.left - side.right);
  const xTitle = titleLines(spec.xTitle, innerW);
  const margin = { ...side, bottom: bottomMargin(xTitle.length) };
  const height = innerH + margin.top + margin.bottom;
  const xKind = spec.xKind === "month" ? "count" : spec.xKind;
  const x = linear(spec.xDomain, [0, innerW], spec.niceX ?? true, zeroPad(xKind));
  const xTicks = spec.xKind === "month" ? monthTicks(x, spec.periodMonths) : axisTicks(x, xKind, true);
  return { width: spec.width, height, margin, innerW, innerH, x, y, xTicks, yTicks, xTitle };
}
