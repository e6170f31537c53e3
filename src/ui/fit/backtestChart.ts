/**
 * Scales and shapes of the back-test chart: months along x (a band scale), the monthly
 * default rate along y, the fitted rate's 95% band as an area and the fitted rate as a
 * line. d3 computes, the component renders (STYLE.md).
 */
import { area, line, scaleBand, scaleLinear } from "d3";
import type { BacktestSeries } from "../../fit/fitView.ts";

export interface BacktestShapes {
  width: number;
  height: number;
  band: string;
  fitted: string;
  points: { x: number; y: number; outside: boolean; label: string }[];
  yTicks: { y: number; label: string }[];
  xTicks: { x: number; label: string }[];
  left: number;
  bottom: number;
}

export function backtestShapes(s: BacktestSeries, width = 640, height = 220): BacktestShapes {
  const margin = { top: 10, right: 12, bottom: 26, left: 52 };
  const x = scaleBand<number>()
    .domain(s.months.map((_, i) => i))
    .range([margin.left, width - margin.right])
    .padding(0.2);
  const top = Math.max(1e-6, ...s.high, ...s.observed);
  const y = scaleLinear().domain([0, top]).nice().range([height - margin.bottom, margin.top]);
  const cx = (i: number) => (x(i) ?? 0) + x.bandwidth() / 2;
  const index = s.months.map((_, i) => i);
  const step = Math.max(1, Math.ceil(s.months.length / 8));
  return {
    width,
    height,
    band: area<number>().x(cx).y0((i) => y(s.low[i])).y1((i) => y(s.high[i]))(index) ?? "",
    fitted: line<number>().x(cx).y((i) => y(s.fitted[i]))(index) ?? "",
    points: index.map((i) => ({
      x: cx(i),
      y: y(s.observed[i]),
      outside: s.observed[i] < s.low[i] - 1e-12 || s.observed[i] > s.high[i] + 1e-12,
      label: `${s.months[i]}: observed ${(100 * s.observed[i]).toFixed(2)}%, fitted ${(100 * s.fitted[i]).toFixed(2)}%`,
    })),
    yTicks: y.ticks(4).map((t) => ({ y: y(t), label: `${(100 * t).toFixed(2)}%` })),
    xTicks: index.filter((i) => i % step === 0).map((i) => ({ x: cx(i), label: s.months[i] })),
    left: margin.left,
    bottom: height - margin.bottom,
  };
}
