/**
 * Ticks that fit the width they are drawn in. d3's `ticks(count)` treats the count as a
 * hint and may return twice as many; on a phone that overlaps labels, so the ticks are
 * thinned here until every label has room.
 */
import { scaleLinear, type ScaleLinear } from "d3";
import { tickFormatter, type ValueKind } from "./chartNumbers.ts";

export interface Tick {
  value: number;
  label: string;
  /** Position in pixels along the axis. */
  at: number;
}

/** Average advance of a digit of the chart font at 11 px, in pixels. */
export const CHAR_WIDTH = 6.6;

/** Width of a label in pixels, from its length (the font is a system sans with tabular digits). */
export function labelWidth(label: string, charWidth = CHAR_WIDTH): number {
  return label.length * charWidth;
}

/** A count hint for `length` pixels with at least `spacing` pixels between ticks; at least 2. */
export function tickCount(length: number, spacing: number): number {
  return Math.max(2, Math.floor(length / spacing));
}

/**
 * Every k-th tick from the first, k the smallest that leaves `gap` pixels between labels
 * and `minSpacing` pixels between ticks.
 */
export function thinTicks(ticks: Tick[], gap: number, horizontal: boolean, minSpacing = 0, charWidth = CHAR_WIDTH): Tick[] {
  const size = (t: Tick) => (horizontal ? labelWidth(t.label, charWidth) : 12);
  for (let k = 1; k <= ticks.length; k++) {
    const kept = ticks.filter((_, i) => i % k === 0);
    const fits = kept.every((t, i) => {
      if (i === 0) return true;
      const prev = kept[i - 1];
      const d = Math.abs(t.at - prev.at);
      return d >= minSpacing && d >= (size(t) + size(prev)) / 2 + gap;
    });
    if (fits) return kept;
  }
  return ticks.slice(0, 1);
}

/**
 * Labelled ticks of a linear scale for an axis `length` pixels long. Horizontal axes
 * ask for a tick every 70 px and keep them at least 56 px apart, with 10 px between
 * labels; vertical ones ask for 45 px and keep 28.
 */
export function axisTicks(scale: ScaleLinear<number, number>, kind: ValueKind, horizontal: boolean): Tick[] {
  const [r0, r1] = scale.range();
  const length = Math.abs(r1 - r0);
  const count = tickCount(length, horizontal ? 70 : 45);
  const domain = scale.domain() as [number, number];
  const fmt = tickFormatter(kind, domain, count);
  const ticks = scale.ticks(count).map((value) => ({ value, label: fmt(value), at: scale(value) }));
  return thinTicks(ticks, horizontal ? 10 : 4, horizontal, horizontal ? 56 : 28);
}

/** A linear scale from `domain` to `range`, extended to nice round ends when `nice`. */
export function linear(
  domain: [number, number],
  range: [number, number],
  nice = true,
  zeroPad = 1,
): ScaleLinear<number, number> {
  const [d0, d1] = domain[0] === domain[1] ? padDomain(domain[0], zeroPad) : domain;
  const s = scaleLinear().domain([d0, d1]).range(range);
  // Rounded on the step of at least five ticks, though fewer are labelled (axisTicks thins
  // them): rounding on two, on a short axis, took data in −4.3…1.7 out to −10…10.
  return nice ? s.nice(Math.max(NICE_TICKS, tickCount(Math.abs(range[1] - range[0]), 60))) : s;
}

/** Fewest ticks whose step the ends of a nice domain are rounded to: it then reaches at most one step past the data. */
const NICE_TICKS = 5;

/** A domain around a single value: ±5% of it, or [0, zeroPad] at zero. */
export function padDomain(v: number, zeroPad = 1): [number, number] {
  if (v === 0) return [0, zeroPad];
  const pad = Math.abs(v) * 0.05;
  return [v - pad, v + pad];
}

/** Steps between month ticks: months, quarters, half-years, years and multiples. */
const MONTH_STEPS = [1, 3, 6, 12, 24, 60, 120, 240];

/**
 * Ticks of a month axis on calendar steps (every 1, 3, 6 or 12 months …) that are
 * whole periods of `periodMonths`, the finest that keeps `minSpacing` pixels between
 * ticks: 0, 6, 12, 18, 24 on a phone.
 */
export function monthTicks(scale: ScaleLinear<number, number>, periodMonths = 1, minSpacing = 56): Tick[] {
  const [a, b] = scale.domain();
  const perMonth = Math.abs(scale(a + 1) - scale(a));
  const steps = MONTH_STEPS.filter((s) => s % periodMonths === 0);
  const step = steps.find((s) => s * perMonth >= minSpacing) ?? steps[steps.length - 1] ?? periodMonths;
  const ticks: Tick[] = [];
  for (let m = Math.ceil(a / step) * step; m <= b + 1e-9; m += step) ticks.push({ value: m, label: String(m), at: scale(m) });
  return ticks;
}
