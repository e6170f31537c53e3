/**
 * Numbers as creditlab writes them, on the page and in the terminal alike, through one
 * d3-format locale: money compact with three significant digits and a unit (950, 12.3k,
 * 1.00M, 18.0M, 3.40bn: every figure of a column to the same precision), counts grouped
 * by thousands (20,000,000), rates as percentages with three significant digits, and
 * differences of rates in percentage points. Non-finite values read "—".
 */
import { formatLocale, precisionPrefix } from "d3-format";

/** The one locale: comma thousands, point decimals, the ASCII minus (terminals, copy and paste). */
const locale = formatLocale({ decimal: ".", thousands: ",", grouping: [3], currency: ["", ""], minus: "-" });

/** d3-format's `format` and `formatPrefix` in creditlab's locale, for axis ticks. */
export const { format, formatPrefix } = locale;
export { precisionPrefix };

/** What a value that is not a finite number reads. */
export const MISSING = "—";

const sig3 = format(".3r");
const signedSig3 = format("+.3r");

/** Units of compact money, largest first: `bn` rather than SI `G`, which reads as giga. */
export const MONEY_UNITS: readonly (readonly [number, string])[] = [
  [1e12, "T"],
  [1e9, "bn"],
  [1e6, "M"],
  [1e3, "k"],
];

/** `x` rounded to `decimals`, grouped by thousands: 1234567.8 → "1,234,568"; -0.0001 → "0.00". */
export function grouped(x: number, decimals = 0): string {
  return Number.isFinite(x) ? format(`,.${decimals}f`)(x) : MISSING;
}

/**
 * Money with three significant digits and a unit: 512 → "512", 1234 → "1.23k",
 * 999 950 → "1.00M" (rounded before the unit is chosen), 1.8e7 → "18.0M". With `signed`,
 * positive values get a "+" (differences).
 */
export function money(x: number, signed = false): string {
  if (!Number.isFinite(x)) return MISSING;
  if (x === 0) return "0";
  const rounded = Number(x.toPrecision(3));
  const unit = MONEY_UNITS.find(([size]) => Math.abs(rounded) >= size);
  const body = (signed ? signedSig3 : sig3)(unit ? rounded / unit[0] : rounded);
  return unit ? body + unit[1] : body;
}

/** A count or a mean of counts: grouped whole numbers from 100 up (and for whole numbers), three significant digits below. */
export function count(x: number): string {
  if (!Number.isFinite(x)) return MISSING;
  return Math.abs(x) >= 100 || Number.isInteger(x) ? grouped(x) : sig3(x);
}

/** A fraction as a percentage with three significant digits: 0.234 → "23.4%", 0.1 → "10.0%", 0 → "0%". */
export function percent(x: number, signed = false): string {
  if (!Number.isFinite(x)) return MISSING;
  if (x === 0) return "0%";
  return (signed ? signedSig3 : sig3)(x * 100) + "%";
}

/**
 * A fraction quoted in words, as a parameter is written: trailing zeros dropped, at most
 * `digits` significant digits: 0.025 → "2.5%", 0.8 → "80%". Figures that stand in a column
 * use `percent`, so that they all show the same precision.
 */
export function percentInWords(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return MISSING;
  if (x === 0) return "0%";
  return format(`.${digits}~r`)(x * 100) + "%";
}

/** A difference of two fractions in percentage points, signed by default: 0.0042 → "+0.420pp". */
export function points(x: number, signed = true): string {
  if (!Number.isFinite(x)) return MISSING;
  if (x === 0) return "0pp";
  return (signed ? signedSig3 : sig3)(x * 100) + "pp";
}

/** A plain value of unknown unit (a macro variable, a factor in standard deviations): three significant digits. */
export function value(x: number): string {
  return Number.isFinite(x) ? sig3(x) : MISSING;
}

/** An exact number as a reader checks it against a bound: 20000000 → "20,000,000", 0.025 → "0.025". */
export function exact(x: number): string {
  return Number.isFinite(x) ? format(",~r")(x) : String(x);
}

/** Elapsed time: "850 ms", "12.3 s", "4m 05s", "2h 03m"; "?" for a negative or unknown time. */
export function duration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "?";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${format(s < 10 ? ".2f" : ".1f")(s)} s`;
  const total = Math.round(s);
  const two = (n: number) => String(n).padStart(2, "0");
  if (total < 3600) return `${Math.floor(total / 60)}m ${two(total % 60)}s`;
  return `${Math.floor(total / 3600)}h ${two(Math.floor((total % 3600) / 60))}m`;
}
