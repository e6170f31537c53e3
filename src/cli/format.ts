/**
 * Numbers as a risk modeler reads them in a terminal: counts with thousands separators,
 * rates as percentages with three significant digits, money compact (12.3M), durations
 * in the largest sensible unit. Pure functions; the tables in summary.ts are built on them.
 */

const MINUS = "-";

/** `x` rounded to `decimals` with comma thousands separators: 1234567.8 → "1,234,567.8". */
export function grouped(x: number, decimals = 0): string {
  if (!Number.isFinite(x)) return String(x);
  const fixed = Math.abs(x).toFixed(decimals);
  const [whole, frac] = fixed.split(".");
  const withCommas = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const sign = x < 0 && Number(fixed) !== 0 ? MINUS : "";
  return sign + withCommas + (frac ? `.${frac}` : "");
}

/** A count or a mean of counts: whole above 100, otherwise one or two decimals. */
export function count(x: number): string {
  const a = Math.abs(x);
  if (a >= 100 || Number.isInteger(x)) return grouped(x, 0);
  return grouped(x, a >= 10 ? 1 : 2);
}

/**
 * A fraction as a percentage with three significant digits, between one and four
 * decimals: 0.234 → "23.4%", 0.0234 → "2.34%", 0.000234 → "0.0234%", 0 → "0%".
 * With `signed`, positive values get a "+" (for differences).
 */
export function percent(x: number, signed = false): string {
  if (!Number.isFinite(x)) return String(x);
  const p = x * 100;
  if (p === 0) return "0%";
  const decimals = Math.min(4, Math.max(1, 2 - Math.floor(Math.log10(Math.abs(p)))));
  const body = Math.abs(p).toFixed(decimals);
  return sign(p, body, signed) + body + "%";
}

/** A difference of two rates in percentage points: 0.0042 → "+0.420pp". */
export function points(x: number): string {
  return percent(x, true).replace(/%$/, "pp");
}

const UNITS = [
  { at: 1e12, suffix: "T" },
  { at: 1e9, suffix: "B" },
  { at: 1e6, suffix: "M" },
  { at: 1e3, suffix: "k" },
] as const;

/**
 * An amount of money with three significant digits and a k/M/B/T suffix:
 * 12_345_678 → "12.3M", 999_950 → "1.00M", 512 → "512", 3.14159 → "3.14".
 */
export function money(x: number, signed = false): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a === 0) return "0";
  // Round to three significant digits first, so 999,950 becomes 1.00M rather than 1000k.
  const rounded = Number(a.toPrecision(3));
  const unit = UNITS.find((u) => rounded >= u.at);
  const scaled = unit ? rounded / unit.at : rounded;
  const decimals = scaled >= 100 ? 0 : scaled >= 10 ? 1 : 2;
  const body = scaled.toFixed(decimals) + (unit ? unit.suffix : "");
  return sign(x, body, signed) + body;
}

/** The sign to print before `body`, the digits of |x|; none when they show only zeros. */
function sign(x: number, body: string, signed: boolean): string {
  if (!/[1-9]/.test(body)) return "";
  if (x < 0) return MINUS;
  return signed ? "+" : "";
}

/** Elapsed time: "850 ms", "12.3 s", "4m 05s", "2h 03m". */
export function duration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "?";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(2) : s.toFixed(1)} s`;
  const total = Math.round(s);
  const two = (n: number) => String(n).padStart(2, "0");
  if (total < 3600) return `${Math.floor(total / 60)}m ${two(total % 60)}s`;
  return `${Math.floor(total / 3600)}h ${two(Math.floor((total % 3600) / 60))}m`;
}

const BARS = "▁▂▃▄▅▆▇█";

/** One character a value, scaled from the smallest to the largest; flat series sit low. */
export function sparkline(values: readonly number[]): string {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return "";
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  return values
    .map((v) => {
      if (!Number.isFinite(v)) return " ";
      if (hi === lo) return BARS[0];
      return BARS[Math.min(BARS.length - 1, Math.floor(((v - lo) / (hi - lo)) * BARS.length))];
    })
    .join("");
}
