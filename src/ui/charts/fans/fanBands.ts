/**
 * Fan charts over time from a variant's per-period results: which series there are, how
 * each is labelled for a newcomer, and the band and median paths d3-shape draws.
 */
import { area, line, type ScaleLinear } from "d3";
import { frame } from "../frame/plotBox.ts";
import type { Fan, PeriodResult, VariantResult } from "../../../result/resultFile.ts";
import type { ValueKind } from "../frame/chartNumbers.ts";
import { METRICS } from "../../../engine/metrics.ts";
import { metricKind } from "../frame/metricLabels.ts";

export interface FanPoint extends Fan {
  month: number;
}

export interface FanSeries {
  key: string;
  title: string;
  /** The y-axis label, with its unit. */
  axisLabel: string;
  /** One sentence on how to read the series. */
  note: string;
  kind: ValueKind;
  points: FanPoint[];
  /** A level worth a reference line (the long-run mean 0 of a factor). */
  reference: number | null;
}

/** "month", "quarter", "half-year" or "year" for a period of `periodMonths`. */
export function periodName(periodMonths: number): string {
  return { 1: "month", 3: "quarter", 6: "half-year", 12: "year" }[periodMonths] ?? `${periodMonths} months`;
}

/** "monthly", "quarterly", "half-yearly" or "yearly" for a period of `periodMonths`. */
export function periodAdjective(periodMonths: number): string {
  return { 1: "monthly", 3: "quarterly", 6: "half-yearly", 12: "yearly" }[periodMonths] ?? `${periodMonths}-month`;
}

const points = (periods: readonly PeriodResult[], pick: (p: PeriodResult) => Fan | undefined): FanPoint[] =>
  periods.flatMap((p) => {
    const f = pick(p);
    return f ? [{ month: p.month, ...f }] : [];
  });

/**
 * The fan series of a variant, in reading order: NPL ratio, each delinquency bucket,
 * defaults per period, the share of revolvers (when the result has it), each macro
 * factor, each macro variable.
 */
export function fanSeries(v: VariantResult, periodMonths: number): FanSeries[] {
  const ps = v.periods;
  if (ps.length === 0) return [];
  const first = ps[0];
  const per = periodName(periodMonths);
  const out: FanSeries[] = [
    {
      key: "nplRatio",
      title: "Non-performing loans (NPL ratio)",
      axisLabel: `${METRICS.nplRatio.label} (% of balance)`,
      note: "Balance in the last delinquency bucket or in default, as a share of the balance of active accounts.",
      kind: metricKind("nplRatio"),
      points: points(ps, (p) => p.nplRatio),
      reference: null,
    },
  ];
  for (const bucket of Object.keys(first.delinquency)) {
    const k = bucket.replace(/^D/, "");
    out.push({
      key: `delinquency:${bucket}`,
      title: `Delinquency bucket ${bucket}`,
      axisLabel: `Accounts in ${bucket} (% of active)`,
      note: `Share of active accounts with ${k} missed payment${k === "1" ? "" : "s"} in a row.`,
      kind: "percent",
      points: points(ps, (p) => p.delinquency[bucket]),
      reference: null,
    });
  }
  out.push({
    key: "defaults",
    title: `Defaults per ${per}`,
    axisLabel: `New defaults per ${per} (accounts)`,
    note: `Accounts entering default in each ${per}.`,
    kind: metricKind("defaults"),
    points: points(ps, (p) => p.defaults),
    reference: null,
  });
  if (first.revolverShare) {
    out.push({
      key: "revolverShare",
      title: "Revolving accounts",
      axisLabel: "Revolvers (% of current credit lines)",
      note: "Share of the current credit lines with transactors and revolvers that carry a balance and pay interest at the period's end; the rest repay in full.",
      kind: "percent",
      points: points(ps, (p) => p.revolverShare),
      reference: null,
    });
  }
  for (const name of Object.keys(first.factors)) {
    out.push({
      key: `factor:${name}`,
      title: `Economic factor “${name}”`,
      axisLabel: `${name} (standard deviations)`,
      note: "0 is the long-run average; negative values are a worse economy (−2 is a two-sigma downturn).",
      kind: "value",
      points: points(ps, (p) => p.factors[name]),
      reference: 0,
    });
  }
  for (const name of Object.keys(first.variables)) {
    out.push({
      key: `variable:${name}`,
      title: `Macro variable “${name}”`,
      axisLabel: `${name} (scenario units)`,
      note: "A readable view of its factor: mean + sensitivity × factor.",
      kind: "value",
      points: points(ps, (p) => p.variables[name]),
      reference: null,
    });
  }
  return out;
}

/** Lowest 5% point and highest 95% point of a series, with its reference level. */
export function fanExtent(s: FanSeries): [number, number] {
  let lo = s.reference ?? Infinity;
  let hi = s.reference ?? -Infinity;
  for (const p of s.points) {
    lo = Math.min(lo, p.p5, p.mean);
    hi = Math.max(hi, p.p95, p.mean);
  }
  return [lo, hi];
}

/**
 * The x extent of a fan: from the start (month 0) to the last month. A single period runs
 * from the start to its end too, so the axis shows only months the horizon has.
 */
export function fanMonths(pts: readonly FanPoint[], periodMonths: number): [number, number] {
  if (pts.length === 0) return [0, periodMonths];
  const first = pts[0].month;
  const last = pts[pts.length - 1].month;
  return [Math.max(0, first - periodMonths), last];
}

export interface FanPaths {
  outer: string;
  inner: string;
  median: string;
}

/** Width in pixels of the box that draws a single period's interval. */
export const SINGLE_PERIOD_PX = 24;

/**
 * SVG paths of the 5–95% band, the 25–75% band and the median line. A single period
 * has no width to spread a band over, so it is drawn as an interval: a box
 * `SINGLE_PERIOD_PX` wide ending at the month it is measured (a value at that month, not
 * over the period), its two bands and its median legible at any width (a twelfth of the
 * period was a sliver).
 */
export function fanPaths(
  pts: readonly FanPoint[],
  x: ScaleLinear<number, number>,
  y: ScaleLinear<number, number>,
): FanPaths {
  const drawn =
    pts.length === 1
      ? [
          { ...pts[0], month: x.invert(x(pts[0].month) - SINGLE_PERIOD_PX) },
          { ...pts[0], month: pts[0].month },
        ]
      : pts;
  const band = (lo: keyof Fan, hi: keyof Fan) =>
    area<FanPoint>()
      .x((p) => x(p.month))
      .y0((p) => y(p[lo]))
      .y1((p) => y(p[hi]))(drawn) ?? "";
  return {
    outer: band("p5", "p95"),
    inner: band("p25", "p75"),
    median:
      line<FanPoint>()
        .x((p) => x(p.month))
        .y((p) => y(p.p50))(drawn) ?? "",
  };
}

/** A bar of a period's mean, drawn from 0 on a fan chart's axes. */
export interface PeriodBar {
  month: number;
  x: number;
  y: number;
  height: number;
  mean: number;
}

/**
 * The axes of a fan of money by month with a bar for each period's mean on them (the
 * allowance with its provision charges, the funding need with its net cash), and the bars:
 * each spans most of the period that ends at its month, at least 2 px and at most 28.
 */
export function fanWithBars(o: { width: number; fan: readonly FanPoint[]; bars: readonly { month: number; mean: number }[]; periodMonths: number; yDomain: [number, number] }) {
  const f = frame({
    width: o.width,
    tall: 240,
    xDomain: [0, fanMonths(o.fan, o.periodMonths)[1]],
    yDomain: o.yDomain,
    xKind: "month",
    periodMonths: o.periodMonths,
    xTitle: "Month",
    yKind: "money",
    niceX: false,
  });
  const barWidth = Math.max(2, Math.min(28, (f.x(o.periodMonths) - f.x(0)) * 0.7));
  const y0 = f.y(0);
  const bars: PeriodBar[] = o.bars.map((p) => {
    const y1 = f.y(p.mean);
    return { month: p.month, x: f.x(p.month) - barWidth / 2, y: Math.min(y0, y1), height: Math.max(1, Math.abs(y1 - y0)), mean: p.mean };
  });
  return { f, paths: fanPaths(o.fan, f.x, f.y), xs: o.fan.map((p) => f.x(p.month)), barWidth, bars };
}

/** The table view of a fan with a period's bars: the fan's 5%, median, 95% and mean, then the bars' mean, 5% and 95%, a row a month. */
export function fanWithBarsTable(fanLabel: string, barLabel: string, fan: readonly FanPoint[], bars: readonly FanPoint[]) {
  const money = "money" as const;
  return {
    columns: [
      { label: "Month" },
      ...["5%", "median", "95%", "mean"].map((q) => ({ label: `${fanLabel} ${q}`, kind: money })),
      ...["mean", "5%", "95%"].map((q) => ({ label: `${barLabel} ${q}`, kind: money })),
    ],
    rows: fan.map((a) => {
      const b = bars.find((p) => p.month === a.month);
      return [String(a.month), a.p5, a.p50, a.p95, a.mean, b?.mean ?? null, b?.p5 ?? null, b?.p95 ?? null];
    }),
  };
}
