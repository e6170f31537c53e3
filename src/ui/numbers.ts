/** Numbers as the page shows them: short, with the precision a reader can use. */

const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumSignificantDigits: 3 });
const count = new Intl.NumberFormat("en-US");

/** 12,300,000 → "12.3M"; money is in the scenario's one currency unit. */
export function formatAmount(x: number): string {
  return Number.isFinite(x) ? compact.format(x) : "–";
}

/** 20000 → "20,000". */
export function formatCount(x: number): string {
  return count.format(Math.round(x));
}

/** 0.0123 → "1.23%". */
export function formatRate(x: number): string {
  if (!Number.isFinite(x)) return "–";
  const pct = x * 100;
  return `${pct.toFixed(Math.abs(pct) >= 10 ? 1 : 2)}%`;
}

/** 1234 ms → "1.2 s". */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
