/**
 * A tornado chart's rows: one a key, widest swing first (src/run/sensitivity.ts sorts
 * them), each with the metric's mean at the key's low and high value as bars from the
 * scenario's own mean, and each end's 95% interval as a whisker. The interval is the
 * paired change's (path by path, on the same random numbers) placed at the base mean: the
 * spread of the change, not of either mean, which is what tells two keys apart.
 */
import { metricKind } from "../frame/metricLabels.ts";
import type { TableData } from "../frame/table.ts";
import type { MetricSensitivity, SensitivityEnd } from "../../../run/sensitivity.ts";

export interface TornadoEnd {
  /** The key's value. */
  value: number;
  /** The metric's mean with the key there. */
  mean: number;
  /** Its paired change from the base mean, and the 95% interval of the change placed at the base (null under 20 paths). */
  change: number;
  interval: [number, number] | null;
}

export interface TornadoRow {
  key: string;
  low: TornadoEnd;
  high: TornadoEnd;
  swing: number;
}

export interface TornadoView {
  base: number;
  rows: TornadoRow[];
  /** The ends of the value axis: every bar and whisker, and the base. */
  domain: [number, number];
}

function tornadoEnd(e: SensitivityEnd, base: number): TornadoEnd {
  return { value: e.value, mean: e.mean, change: e.change.mean, interval: e.change.ci95 ? [base + e.change.ci95[0], base + e.change.ci95[1]] : null };
}

export function tornadoView(m: MetricSensitivity): TornadoView {
  const base = m.base.mean;
  const rows = m.keys.map((k) => ({ key: k.key, low: tornadoEnd(k.low, base), high: tornadoEnd(k.high, base), swing: k.swing }));
  const xs = [base, ...rows.flatMap((r) => [r.low, r.high].flatMap((e) => [e.mean, ...(e.interval ?? [])]))].filter(Number.isFinite);
  return { base, rows, domain: [Math.min(...xs), Math.max(...xs)] };
}

/** The chart's data as a table (its table view and CSV): each key's ends, with the quantile when asked. */
export function tornadoTable(m: MetricSensitivity, quantile: number | null): TableData {
  const kind = metricKind(m.metric);
  const q = quantile === null ? [] : [{ label: `Q${quantile} at low`, kind }, { label: `Q${quantile} at high`, kind }];
  return {
    columns: [
      { label: "Key" },
      { label: "Low value" },
      { label: "Mean at low", kind },
      { label: "Change at low", kind },
      { label: "95% low", kind },
      { label: "95% high", kind },
      { label: "High value" },
      { label: "Mean at high", kind },
      { label: "Change at high", kind },
      { label: "95% low", kind },
      { label: "95% high", kind },
      ...q,
    ],
    rows: m.keys.map((k) => [
      k.key,
      k.low.value,
      k.low.mean,
      k.low.change.mean,
      k.low.change.ci95?.[0] ?? null,
      k.low.change.ci95?.[1] ?? null,
      k.high.value,
      k.high.mean,
      k.high.change.mean,
      k.high.change.ci95?.[0] ?? null,
      k.high.change.ci95?.[1] ?? null,
      ...(quantile === null ? [] : [k.low.quantile?.statistic ?? null, k.high.quantile?.statistic ?? null]),
    ]),
  };
}
