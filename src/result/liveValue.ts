/**
 * The number a live value of the prose names (src/notebook/liveValues.ts), read from a run's
 * result file and written as the page writes every figure (src/format/number.ts), with its
 * Monte Carlo error: the standard error of a mean, the order-statistic interval of a
 * quantile, the sectioning interval of VaR and ES, the paired interval of a difference
 * (docs/model.md §9). A value the result cannot give says why, and what it can give.
 */
import { count, money, percent, points, grouped } from "../format/number.ts";
import { METRICS, type MetricName } from "../engine/metrics.ts";
import type { LiveSpec } from "../notebook/liveValues.ts";
import { DIFFERENCE_KEYS, type DifferenceKey, type ResultFile, type Summary } from "./resultFile.ts";

export type LiveResult =
  | {
      ok: true;
      value: number;
      /** The value as the page writes it. */
      text: string;
      /** Its Monte Carlo error in words, for the hover. */
      error: string;
      /** The interval a difference is shown with, "1.25M to 1.33M", when there is one. */
      interval?: [number, number];
      /** How a number of the same kind is written (a student's answer, an interval's ends). */
      format: (x: number) => string;
    }
  | { ok: false; message: string };

const fail = (message: string): LiveResult => ({ ok: false, message });

/** How a metric's figures are written: by its unit, as the summary tables write them. */
function formatter(metric: MetricName, signed: boolean): (x: number) => string {
  switch (METRICS[metric].unit) {
    case "currency":
    case "currencyYears":
      return (x) => money(x, signed);
    case "count":
      return signed ? (x) => (x > 0 ? "+" : "") + count(x) : count;
    case "share":
    case "sharePerYear":
      return signed ? (x) => points(x) : (x) => percent(x);
  }
}

const isMetric = (m: string): m is MetricName => Object.hasOwn(METRICS, m);

const interval = (f: (x: number) => string, ci: readonly [number, number] | null | undefined, what: string): string =>
  ci ? `95% interval ${f(ci[0])} to ${f(ci[1])} (${what})` : `no Monte Carlo error: too few paths for ${what}`;

function fromSummary(s: Summary, spec: LiveSpec, f: (x: number) => string, paths: number): LiveResult {
  const { stat } = spec;
  switch (stat.kind) {
    case "mean":
      return { ok: true, value: s.mean, text: f(s.mean), format: f, error: s.stderr === null ? `no Monte Carlo error: fewer than 20 paths` : `Monte Carlo error ± ${f(1.96 * s.stderr)} (95%, standard error ${f(s.stderr)}, ${grouped(paths)} paths)` };
    case "sd":
    case "min":
    case "max":
      return { ok: true, value: s[stat.kind], text: f(s[stat.kind]), format: f, error: `${stat.kind === "sd" ? "standard deviation" : stat.kind === "min" ? "smallest" : "largest"} over ${grouped(paths)} paths` };
    case "quantile": {
      const key = String(stat.level);
      const v = s.quantiles[key];
      if (v === undefined) return fail(`no ${key} quantile in the result`);
      return { ok: true, value: v, text: f(v), format: f, error: interval(f, s.quantileCI95[key], `order statistics, ${grouped(paths)} paths`) };
    }
    default:
      return fail(`stat ${stat.kind} is not a summary's`);
  }
}

function fromPeriod(result: ResultFile, periods: ResultFile["variants"][number]["periods"], spec: LiveSpec, f: (x: number) => string): LiveResult {
  const period = spec.period ?? 0;
  const p = periods[period - 1];
  if (!p) return fail(`period ${period} is not in the result; allowed: 1 to ${periods.length}`);
  const fanOf = (p as unknown as Record<string, Record<string, number> | undefined>)[spec.metric];
  if (!fanOf) return fail(`${spec.metric} is not in the result's periods`);
  const { stat } = spec;
  const key = stat.kind === "mean" ? "mean" : stat.kind === "quantile" ? `p${Math.round(stat.level * 100)}` : "";
  const v = fanOf[key];
  if (v === undefined) return fail("a period's value allows stat mean, median, p5, p25, p50, p75, p95");
  return { ok: true, value: v, text: f(v), format: f, error: `period ${period} (month ${p.month}), ${key} over ${grouped(result.paths)} paths; a period's figures keep no Monte Carlo error` };
}

const TRANCHE_METRICS = "loss, lossRate (Summaries), probabilityOfLoss, es99";

function fromTranche(result: ResultFile, variant: ResultFile["variants"][number], spec: LiveSpec): LiveResult {
  const t = variant.tranches[spec.tranche ?? ""];
  if (!t) return fail(`tranche "${spec.tranche}" is not in the result; allowed: ${Object.keys(variant.tranches).join(", ") || "none (the scenario has no tranches)"}`);
  if (spec.metric === "loss" || spec.metric === "lossRate") return fromSummary(t[spec.metric], spec, spec.metric === "loss" ? (x) => money(x) : (x) => percent(x), result.paths);
  if (spec.metric === "probabilityOfLoss" || spec.metric === "es99") {
    if (spec.stat.kind !== "mean") return fail(`a tranche's ${spec.metric} is one number: leave out stat`);
    const v = t[spec.metric];
    const f = spec.metric === "es99" ? (x: number) => money(x) : (x: number) => percent(x);
    return { ok: true, value: v, text: f(v), format: f, error: spec.metric === "probabilityOfLoss" ? `share of ${grouped(result.paths)} paths on which the tranche loses anything` : `mean tranche loss on the worst 1% of ${grouped(result.paths)} paths` };
  }
  return fail(`a tranche's metric is one of ${TRANCHE_METRICS}; not ${spec.metric}`);
}

const NOTE_SUMMARIES = ["interestPaid", "principalPaid", "loss", "lossRate", "wal"] as const;
const NOTE_NUMBERS = ["probabilityOfLoss", "expectedLoss", "size"] as const;
const NOTE_METRICS = `${NOTE_SUMMARIES.join(", ")} (Summaries), ${NOTE_NUMBERS.join(", ")}, rating`;
/** The securitization's per-period state, read with period:N (DealPeriod in resultFile.ts). */
const DEAL_PERIOD_METRICS = ["excessSpread", "reserve", "amortizing", "triggered"] as const;

const years = (x: number) => `${x.toFixed(2)} years`;

function fromNote(result: ResultFile, variant: ResultFile["variants"][number], spec: LiveSpec): LiveResult {
  const notes = variant.notes ?? {};
  const n = notes[spec.note ?? ""];
  if (!n) return fail(`note "${spec.note}" is not in the result; allowed: ${Object.keys(notes).join(", ") || "none (the scenario has no securitization)"}`);
  const metric = spec.metric;
  if ((NOTE_SUMMARIES as readonly string[]).includes(metric)) {
    const key = metric as (typeof NOTE_SUMMARIES)[number];
    const f = key === "lossRate" ? (x: number) => percent(x) : key === "wal" ? years : (x: number) => money(x);
    return fromSummary(n[key], spec, f, result.paths);
  }
  if (spec.stat.kind !== "mean") return fail(`a note's ${metric} is one number: leave out stat`);
  if (metric === "rating") {
    const f = () => n.rating;
    return { ok: true, value: n.expectedLoss, text: n.rating, format: f, error: `the band of Moody's published structured-finance loss rates that the expected loss ${percent(n.expectedLoss)} falls in` };
  }
  if ((NOTE_NUMBERS as readonly string[]).includes(metric)) {
    const v = n[metric as (typeof NOTE_NUMBERS)[number]];
    const f = metric === "size" ? (x: number) => money(x) : (x: number) => percent(x);
    const error = metric === "probabilityOfLoss" ? `share of ${grouped(result.paths)} paths on which the note loses anything` : metric === "expectedLoss" ? `mean loss as a share of the note's balance over ${grouped(result.paths)} paths (its lossRate's Monte Carlo error applies)` : "mean original balance";
    return { ok: true, value: v, text: f(v), format: f, error };
  }
  return fail(`a note's metric is one of ${NOTE_METRICS}; not ${metric}`);
}

function fromDealPeriod(result: ResultFile, variant: ResultFile["variants"][number], spec: LiveSpec): LiveResult {
  const period = spec.period ?? 0;
  const p = variant.periods[period - 1];
  if (!p) return fail(`period ${period} is not in the result; allowed: 1 to ${variant.periods.length}`);
  if (!p.deal) return fail(`${spec.metric} is the securitization's: the scenario has none`);
  const fanOf = p.deal[spec.metric as (typeof DEAL_PERIOD_METRICS)[number]] as unknown as Record<string, number>;
  const { stat } = spec;
  const key = stat.kind === "mean" ? "mean" : stat.kind === "quantile" ? `p${Math.round(stat.level * 100)}` : "";
  const v = fanOf[key];
  if (v === undefined) return fail("a period's value allows stat mean, median, p5, p25, p50, p75, p95");
  const f = spec.metric === "reserve" ? (x: number) => money(x) : (x: number) => percent(x);
  return { ok: true, value: v, text: f(v), format: f, error: `period ${period} (month ${p.month}), ${key} over ${grouped(result.paths)} paths; a period's figures keep no Monte Carlo error` };
}

/** The liquidity's values (result file `liquidity`): each path's peak funding need (a Summary), the worst month's 99% need and that month. */
const LIQUIDITY_METRICS = ["peakFundingNeed", "fundingNeed99", "worstMonth"] as const;
const isLiquidity = (m: string): m is (typeof LIQUIDITY_METRICS)[number] => (LIQUIDITY_METRICS as readonly string[]).includes(m);

function fromLiquidity(result: ResultFile, variant: ResultFile["variants"][number], spec: LiveSpec): LiveResult {
  if (spec.segment !== undefined || spec.period !== undefined) return fail(`${spec.metric} is the book's over the horizon: no segment or period`);
  const liquidity = variant.liquidity;
  if (!liquidity) return fail("the result has no liquidity (written before the cash columns)");
  if (spec.metric === "peakFundingNeed") return fromSummary(liquidity.peakFundingNeed, spec, (x) => money(x), result.paths);
  if (spec.stat.kind !== "mean") return fail(`${spec.metric} is one number: leave out stat`);
  if (spec.metric === "worstMonth") return { ok: true, value: liquidity.worstMonth, text: String(liquidity.worstMonth), format: (x) => String(x), error: `the month whose 99% quantile of the funding need over ${grouped(result.paths)} paths is highest` };
  const f = (x: number) => money(x);
  return { ok: true, value: liquidity.fundingNeed99, text: f(liquidity.fundingNeed99), format: f, error: `99% quantile of the funding need over ${grouped(result.paths)} paths in its worst month, ${liquidity.worstMonth}; order statistics, no interval kept` };
}

/**
 * What is wrong with `spec` whatever the run gives: an unknown metric, VaR or a difference
 * of a metric the result does not keep them for. Null when it may have a value.
 */
export function specProblem(spec: LiveSpec): string | null {
  const { metric, stat } = spec;
  if (spec.tranche !== undefined) return ["loss", "lossRate", "probabilityOfLoss", "es99"].includes(metric) ? null : `a tranche's metric is one of ${TRANCHE_METRICS}; not ${metric}`;
  if (spec.note !== undefined) return [...NOTE_SUMMARIES, ...NOTE_NUMBERS, "rating"].includes(metric) ? null : `a note's metric is one of ${NOTE_METRICS}; not ${metric}`;
  if ((DEAL_PERIOD_METRICS as readonly string[]).includes(metric) && spec.period !== undefined) return null;
  if (stat.kind === "diff") return (DIFFERENCE_KEYS as readonly string[]).includes(metric) ? null : `stat:diff is kept for ${DIFFERENCE_KEYS.join(", ")}; not for ${metric}`;
  if (metric === "revolverShare" && spec.period !== undefined) return null;
  if (isLiquidity(metric)) return null;
  if (!isMetric(metric)) return `metric "${metric}" is not known; allowed: ${Object.keys(METRICS).join(", ")}`;
  if ((stat.kind === "var" || stat.kind === "es") && metric !== "netLoss" && metric !== "retainedLoss") return `${stat.kind === "var" ? "VaR" : "ES"} is kept for netLoss and retainedLoss only; for another metric use a quantile (stat:p99)`;
  return null;
}

/** The live value `spec` in `result`. */
export function liveValue(result: ResultFile, spec: LiveSpec): LiveResult {
  const variants = result.variants.map((v) => v.name);
  const variant = result.variants.find((v) => v.name === spec.variant);
  if (!variant) return fail(`variant "${spec.variant}" is not in the result; allowed: ${variants.map((v) => `"${v}"`).join(", ")}`);
  const { stat } = spec;
  if (stat.kind === "diff") {
    if (spec.segment !== undefined || spec.period !== undefined || spec.tranche !== undefined || spec.note !== undefined) return fail("stat:diff compares the book's paths: no segment, period, tranche or note");
    if (!(DIFFERENCE_KEYS as readonly string[]).includes(spec.metric)) return fail(`stat:diff is kept for ${DIFFERENCE_KEYS.join(", ")}; not for ${spec.metric}`);
    const d = result.differences.find((x) => x.variant === spec.variant && x.vs === spec.vs);
    if (!d) return fail(`no paired difference of "${spec.variant}" against "${spec.vs}" in the result (the file compares each variant with the base)`);
    const diff = d[spec.metric as DifferenceKey];
    // lossWithLifetime is netLoss + lifetimeLoss: money.
    const g = formatter(isMetric(spec.metric) ? spec.metric : "netLoss", true);
    const v = stat.part === "value" ? diff.mean : stat.part === "lo" ? diff.ci95?.[0] : diff.ci95?.[1];
    if (v === undefined) return fail("the difference has no interval: fewer than 20 paths");
    const error = diff.ci95 ? `paired 95% interval ${g(diff.ci95[0])} to ${g(diff.ci95[1])} (${grouped(result.paths)} paths on common random numbers)` : "no interval: fewer than 20 paths";
    return { ok: true, value: v, text: g(v), format: g, error, ...(stat.part === "value" && diff.ci95 ? { interval: diff.ci95 } : {}) };
  }
  if (spec.tranche !== undefined) return fromTranche(result, variant, spec);
  if (spec.note !== undefined) return fromNote(result, variant, spec);
  if (spec.period !== undefined && (DEAL_PERIOD_METRICS as readonly string[]).includes(spec.metric)) return fromDealPeriod(result, variant, spec);
  if (spec.period !== undefined && spec.metric === "revolverShare") return fromPeriod(result, variant.periods, spec, percent);
  if (isLiquidity(spec.metric)) return fromLiquidity(result, variant, spec);
  if (!isMetric(spec.metric)) return fail(`metric "${spec.metric}" is not known; allowed: ${Object.keys(METRICS).join(", ")}`);
  const metric = spec.metric;
  const f = formatter(metric, false);
  if (spec.period !== undefined) {
    if (METRICS[metric].per === "path") return fail(`${metric} is not a per-period metric; allowed: ${Object.entries(METRICS).filter(([, s]) => s.per !== "path").map(([k]) => k).join(", ")}, revolverShare`);
    return fromPeriod(result, variant.periods, spec, f);
  }
  if (stat.kind === "var" || stat.kind === "es") {
    if (spec.segment !== undefined) return fail(`${stat.kind} is kept for the book only: leave out segment`);
    if (metric !== "netLoss" && metric !== "retainedLoss") return fail(`${stat.kind === "var" ? "VaR" : "ES"} is kept for netLoss and retainedLoss only; for another metric use a quantile (stat:p99)`);
    const key = String(stat.level);
    const book = variant.book;
    if (metric === "retainedLoss") {
      const v = stat.kind === "var" ? book.retainedVar[key] : book.retainedEs[key];
      return { ok: true, value: v, text: f(v), format: f, error: `${grouped(result.paths)} paths; the result keeps no Monte Carlo error for the retained loss's ${stat.kind === "var" ? "VaR" : "ES"}` };
    }
    const v = stat.kind === "var" ? book.var[key] : book.es[key];
    const ci = stat.kind === "var" ? book.varCI95[key] : book.esCI95[key];
    return { ok: true, value: v, text: f(v), format: f, error: interval(f, ci, `sectioning over blocks of paths, ${grouped(result.paths)} paths`) };
  }
  let summary: Summary | undefined;
  if (spec.segment !== undefined) {
    const seg = variant.segments[spec.segment];
    if (!seg) return fail(`segment "${spec.segment}" is not in the result; allowed: ${Object.keys(variant.segments).join(", ")}`);
    summary = (seg as unknown as Record<string, Summary | undefined>)[metric];
    if (!summary) return fail(`${metric} is not kept for a segment`);
  } else {
    summary = (variant.book as unknown as Record<string, Summary | undefined>)[metric];
    if (!summary) return fail(METRICS[metric].per === "period" ? `${metric} is a per-period metric: add period:N` : `${metric} is not in the result (no path has its base)`);
  }
  return fromSummary(summary, spec, f, result.paths);
}

/** A student's answer as written: "5.2M", "3.5%", "1,234", "-0.4k"; null when it is not a number. */
export function readAnswer(text: string): number | null {
  const m = /^\s*([-+−]?)\s*(\d[\d,]*(?:\.\d+)?|\.\d+)\s*(%|pp|k|m|bn|t)?\s*$/i.exec(text);
  if (!m) return null;
  const scale: Record<string, number> = { "%": 0.01, pp: 0.01, k: 1e3, m: 1e6, bn: 1e9, t: 1e12 };
  const x = Number(m[2].replace(/,/g, "")) * (m[3] ? scale[m[3].toLowerCase()] : 1);
  return m[1] === "-" || m[1] === "−" ? -x : x;
}
