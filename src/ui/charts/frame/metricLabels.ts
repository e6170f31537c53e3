/**
 * A metric's words and figures on the page, from its declaration (src/engine/metrics.ts):
 * the kind its values are formatted as, its label with its unit, and an axis title that
 * says what a ratio divides.
 */
import { labelWithUnit, METRICS, RATIOS, type MetricName, type MetricUnit } from "../../../engine/metrics.ts";
import type { ValueKind } from "./chartNumbers.ts";

const KINDS: Record<MetricUnit, ValueKind> = {
  currency: "money",
  count: "count",
  share: "percent",
  sharePerYear: "percent",
  currencyYears: "money",
};

/** How a metric's values are formatted. */
export const metricKind = (m: MetricName): ValueKind => KINDS[METRICS[m].unit];

/** "Net credit loss (currency units)", "Default rate (% of accounts)". */
export const metricLabel = labelWithUnit;

/**
 * An axis title: a ratio says what it divides ("Loss rate: net loss ÷ exposure (%)"),
 * anything else its unit ("Net credit loss (currency units)").
 */
export function metricAxis(m: MetricName): string {
  const r = RATIOS.find((x) => x.name === m);
  return r ? `${METRICS[m].label}: ${METRICS[r.of].short} ÷ ${METRICS[r.over].short} (%)` : labelWithUnit(m);
}
