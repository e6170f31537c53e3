/**
 * Numbers as a reader sees them: money in compact units (12.3k, 1.25M, 3.4bn), rates as
 * percentages with three significant digits, and the axis formats that keep every tick
 * label of one axis in the same unit. Negative numbers use the minus sign U+2212, as
 * d3-format does, so a column of figures lines up.
 */
import { format, formatPrefix, precisionPrefix, tickStep } from "d3";

const MINUS = "\u2212";
const DASH = "—";
const sig3 = format(".3~r");
const grouped = format(",.0f");

/** Units for compact money, largest first. `bn` rather than SI `G`, which reads as giga. */
const MONEY_UNITS: [number, string][] = [
  [1e12, "T"],
  [1e9, "bn"],
  [1e6, "M"],
  [1e3, "k"],
];

const withMinus = (s: string) => s.replace("-", MINUS);

/**
 * Money in compact form with three significant digits: 950, 12.3k, 1.25M, 3.4bn. Rounding
 * happens before the unit is chosen, so 999 999 reads 1M, not 1000k. "—" for non-finite.
 */
export function formatMoney(x: number): string {
  if (!Number.isFinite(x)) return DASH;
  const r = Number(x.toPrecision(3));
  const a = Math.abs(r);
  for (const [size, unit] of MONEY_UNITS) {
    if (a >= size) return withMinus(sig3(r / size)) + unit;
  }
  return withMinus(sig3(r));
}

/** Money in full, grouped by thousands, whole units from 100 up: 1,234,567. */
export function formatMoneyFull(x: number): string {
  if (!Number.isFinite(x)) return DASH;
  return withMinus(Math.abs(x) >= 100 ? grouped(x) : format(",.2~f")(x));
}

/** A fraction as a percentage with `digits` significant digits: 0.0153 → "1.53%". */
export function formatPercent(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return DASH;
  if (x === 0) return "0%";
  return withMinus(format(`.${digits}~r`)(x * 100)) + "%";
}

/** A difference of two fractions in percentage points: 0.0021 → "0.21 pp". */
export function formatPoints(x: number): string {
  if (!Number.isFinite(x)) return DASH;
  if (x === 0) return "0 pp";
  return withMinus(sig3(x * 100)) + " pp";
}

/** A count or a mean of counts: 1,496 from a thousand up, three significant digits below. */
export function formatCount(x: number): string {
  if (!Number.isFinite(x)) return DASH;
  return withMinus(Math.abs(x) >= 1000 ? grouped(x) : sig3(x));
}

/** A plain value of unknown unit (a macro variable, a factor in standard deviations). */
export function formatValue(x: number): string {
  if (!Number.isFinite(x)) return DASH;
  return withMinus(format(".3~r")(x));
}

/** A difference with its sign spelled out: +1.2k, −3.4%. */
export function formatSigned(x: number, f: (v: number) => string): string {
  if (!Number.isFinite(x)) return DASH;
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
      return formatPercent;
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
      if (top < 1000) return (x) => withMinus(format(`,.${decimals(step)}f`)(x));
      const f = formatPrefix(`,.${precisionPrefix(step, top)}~`, top);
      const g = (x: number) => withMinus(f(x).replace("G", "bn"));
      return (x) => (x === 0 ? "0" : g(x));
    }
    case "percent":
    case "points": {
      const f = format(`.${decimals(step * 100)}f`);
      const unit = kind === "percent" ? "%" : " pp";
      return (x) => (x === 0 ? "0" + unit : withMinus(f(x * 100)) + unit);
    }
    case "count":
      return (x) => withMinus(format(`,.${decimals(step)}f`)(x));
    case "value":
      return (x) => withMinus(format(`.${decimals(step)}f`)(x));
    default:
      return kind satisfies never;
  }
}
