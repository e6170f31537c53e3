/**
 * Numbers as a risk modeler reads them in a terminal: the page's formats (src/format/
 * number.ts), and sparklines. The tables in summary.ts are built on them.
 */

export { count, duration, grouped, money, percent, percentInWords, points } from "../format/number.ts";

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
