/**
 * The tornado's rows from a hand-made sensitivity: the whiskers are each end's paired
 * interval placed at the base mean, the axis spans every bar, whisker and the base, and
 * the table carries each end as the sensitivity gave it.
 */
import { describe, expect, it } from "vitest";
import type { MetricSensitivity } from "../../../../src/run/sensitivity.ts";
import { tornadoTable, tornadoView } from "../../../../src/ui/charts/tornado/tornado.ts";

const end = (value: number, mean: number, change: number, ci95: [number, number] | null) => ({ value, mean, change: { mean: change, stderr: null, ci95 }, quantile: null });

const SENSITIVITY: MetricSensitivity = {
  metric: "netLoss",
  base: { mean: 100, quantile: null },
  keys: [
    { key: "segments[0].pd", metric: "netLoss", low: end(0.02, 70, -30, [-33, -27]), high: end(0.04, 140, 40, [36, 44]), swing: 70 },
    { key: "segments[0].lgd.mean", metric: "netLoss", low: end(0.4, 80, -20, [-21, -19]), high: end(0.6, 120, 20, [19, 21]), swing: 40 },
    { key: "segments[0].correlation", metric: "netLoss", low: end(0.02, 99, -1, null), high: end(0.08, 101, 1, null), swing: 2 },
  ],
};

describe("the tornado's rows", () => {
  it("places each end's paired interval at the base mean and spans the axis over all of them", () => {
    const view = tornadoView(SENSITIVITY);
    expect(view.base).toBe(100);
    expect(view.rows.map((r) => r.key)).toEqual(["segments[0].pd", "segments[0].lgd.mean", "segments[0].correlation"]);
    expect(view.rows[0].low).toEqual({ value: 0.02, mean: 70, change: -30, interval: [67, 73] });
    expect(view.rows[0].high.interval).toEqual([136, 144]);
    expect(view.rows[2].low.interval).toBeNull();
    expect(view.domain).toEqual([67, 144]);
  });

  it("a key that moves nothing still has its row, and the axis holds the base", () => {
    const flat = { ...SENSITIVITY, keys: [{ ...SENSITIVITY.keys[0], low: end(0.02, 100, 0, [0, 0]), high: end(0.04, 100, 0, [0, 0]), swing: 0 }] };
    expect(tornadoView(flat).domain).toEqual([100, 100]);
  });

  it("tables each end with its change and interval, and the quantiles when asked", () => {
    const table = tornadoTable(SENSITIVITY, null);
    expect(table.columns.map((c) => c.label)).toEqual(["Key", "Low value", "Mean at low", "Change at low", "95% low", "95% high", "High value", "Mean at high", "Change at high", "95% low", "95% high"]);
    expect(table.rows[0]).toEqual(["segments[0].pd", 0.02, 70, -30, -33, -27, 0.04, 140, 40, 36, 44]);
    expect(table.rows[2].slice(4, 6)).toEqual([null, null]);
    const q = { ...SENSITIVITY, keys: SENSITIVITY.keys.map((k) => ({ ...k, low: { ...k.low, quantile: { statistic: 1, lower: 0, upper: 2 } }, high: { ...k.high, quantile: null } })) };
    const withQ = tornadoTable(q, 0.95);
    expect(withQ.columns.slice(-2).map((c) => c.label)).toEqual(["Q0.95 at low", "Q0.95 at high"]);
    expect(withQ.rows[0].slice(-2)).toEqual([1, null]);
  });
});
