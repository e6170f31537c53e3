/**
 * Numbers in the charts: the formats of src/format/number.ts (one format for the page and
 * the command line), by kind of value, and the axis formats that keep every tick label of
 * one axis in the same unit.
 */
import { tickStep } from "d3";
import { count, format, formatPrefix, MISSING, money, percent, percentInWords, points, precisionPrefix, value } from "../../../format/number.ts";

/** Money in compact form with three significant digits: 950, 12.3k, 1.00M, 3.40bn. */
export const formatMoney = (x: number): string => money(x);

/** Money in full, grouped by thousands, whole units from 100 up: 1,234,567. */
export function formatMoneyFull(x: number): string {
  if (!Number.isFinite(x)) return MISSING;
  return format(Math.abs(x) >= 100 ? ",.0f" : ",.2~f")(x);
}

/** A fraction in words (a level, a share, a parameter), at most `digits` significant digits: 0.025 → "2.5%". */
export const formatPercent = (x: number, digits = 3): string => percentInWords(x, digits);

/** A difference of two fractions in percentage points: 0.0021 → "0.210pp". */
export const formatPoints = (x: number): string => points(x, false);

/** A count or a mean of counts: 1,496 from a hundred up, three significant digits below. */
export const formatCount = (x: number): string => count(x);

/** A plain value of unknown unit (a macro variable, a factor in standard deviations). */
const formatValue = (x: number): string => value(x);

/** A difference with its sign spelled out: +1.2k, −3.4%. */
export function formatSigned(x: number, f: (v: number) => string): string {
  if (!Number.isFinite(x)) return MISSING;
  return x > 0 ? "+" + f(x) : f(x);
}

/** How the values of one axis or column are read. */
export type ValueKind = "money" | "percent" | "points" | "count" | "value";

/** The formatter for a kind of value, for read-outs and tables. */
export function formatterFor(kind: ValueKind): (x: number) => string {
  switch (kind) {
    case "money":
      return formatMoney;
    case "percent":
      return percent;
    case "points":
      return formatPoints;
    case "count":
      return formatCount;
    case "value":
      return formatValue;
    default:
      return kind satisfies never;
  }
}

/**
 * A tick formatter for an axis over `domain` with about `count` ticks. Money from a
 * thousand up shares one unit across the axis (0.5M, 1.0M, 1.5M, as d3-scale's SI
 * tick format does); percentages get just the decimals the tick step needs.
 */
export function tickFormatter(kind: ValueKind, domain: [number, number], count: number): (x: number) => string {
  const [lo, hi] = domain;
  const step = Math.abs(tickStep(lo, hi, count)) || Math.abs(hi - lo) || 1;
  const decimals = (s: number) => Math.max(0, -Math.floor(Math.log10(s) + 1e-9));
  switch (kind) {
    case "money": {
      const top = Math.max(Math.abs(lo), Math.abs(hi));
      if (top < 1000) return format(`,.${decimals(step)}f`);
      const f = formatPrefix(`,.${precisionPrefix(step, top)}~`, top);
      return (x) => (x === 0 ? "0" : f(x).replace("G", "bn"));
    }
    case "percent":
    case "points": {
      const f = format(`.${decimals(step * 100)}f`);
      const unit = kind === "percent" ? "%" : "pp";
      return (x) => (x === 0 ? "0" + unit : f(x * 100) + unit);
    }
    case "count":
      return format(`,.${decimals(step)}f`);
    case "value":
      return format(`.${decimals(step)}f`);
    default:
      return kind satisfies never;
  }
}
