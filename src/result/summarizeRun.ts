/**
 * From the per-path numbers of a run to its result file (MODEL.md section 9,
 * INTERFACE.md "Result file"). Works the same on a finished run and on a cancelled one:
 * it summarizes whatever paths the chunk holds.
 */
import { pathSamples } from "./samples.ts";
import { dealColumn, NPM, PC, PM, PATH_METRICS, PERIOD_FIXED, PERIOD_PROVISIONING, periodColumns, periodWidth, rateBase } from "../engine/layout.ts";
import { noteColumn, noteOffset } from "../engine/deal/columns.ts";
import { noteTotals } from "../engine/deal/waterfall.ts";
import { ratingBand } from "./ratingBands.ts";
import { isProvisioning } from "../engine/metrics.ts";
import { RATIOS, SEGMENT_METRIC_NAMES } from "../engine/metrics.ts";
import type { ChunkResult, Layout, PathMetric, VariantChunk } from "../engine/layout.ts";
import { BOOK_KEY_ORDER, DIFFERENCE_KEYS, PERIOD_KEY_ORDER, SEGMENT_KEY_ORDER, TAIL_LEVELS } from "./resultFile.ts";
import type { BookResult, DifferenceKey, DifferenceResult, Fan, Liquidity, NoteResult, PeriodResult, ResultFile, SegmentResult, Summary, TrancheResult, VariantResult } from "./resultFile.ts";
import { summarize } from "../stats/summary.ts";
import { quantileSorted, sortAscending } from "../stats/quantile.ts";
import { tailRisk, tailMean } from "../stats/tail.ts";
import { fan } from "../stats/fan.ts";
import { histogram } from "../stats/histogram.ts";
import { pairedComparison } from "../stats/paired.ts";
import { moments } from "../stats/moments.ts";

/** What the result file says about a run besides its numbers. */
export interface RunMeta {
  layout: Layout;
  variantNames: string[];
  scenarioName: string;
  sha256: string;
  seed: string | number;
  /** Paths requested. Must equal the paths in the chunk unless `partial`. */
  paths: number;
  horizonMonths: number;
  periodMonths: number;
  /** Package version. */
  engine: string;
  /** Add per-path values (`samples`), in path order. */
  samples: boolean;
  /** The run was cancelled: the chunk holds only the paths that finished. */
  partial: boolean;
}

/** Every `stride`-th value of `data` from `offset`, n of them: one metric across paths. */
function column(data: Float64Array, offset: number, stride: number, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let j = 0; j < n; j++) out[j] = data[offset + j * stride];
  return out;
}

const bookColumn = (v: VariantChunk, n: number, m: PathMetric) => column(v.book, PM[m], NPM, n);

/** The values of `ratio` on the paths whose `base` can carry a rate (engine/layout.ts rateBase), in path order. */
function where(ratio: Float64Array, base: Float64Array): Float64Array {
  let k = 0;
  for (let j = 0; j < base.length; j++) if (rateBase(base[j])) k++;
  const out = new Float64Array(k);
  for (let j = 0, i = 0; j < base.length; j++) if (rateBase(base[j])) out[i++] = ratio[j];
  return out;
}

/** The ratios summarized over the paths with a base (engine/metrics.ts `without: "absent"`), by name, with their base. */
const ABSENT_WITHOUT_BASE = new Map(RATIOS.filter((r) => r.without === "absent").map((r) => [r.name, r.over]));

/**
 * The summaries of `metrics` across paths (MODEL.md section 8): a ratio declared
 * `without: "absent"` (loss rate, charge-off rate) over the paths where its base
 * (exposure, balance-years) can carry it, left out when no path has any. A path without
 * exposure has no loss rate; counting it as 0 would pull the mean down.
 */
function summaries(metrics: readonly PathMetric[], col: (m: PathMetric) => Float64Array): Partial<Record<PathMetric, Summary>> {
  const out: Partial<Record<PathMetric, Summary>> = {};
  for (const m of metrics) {
    const base = ABSENT_WITHOUT_BASE.get(m);
    if (base === undefined) out[m] = summarize(col(m));
    else {
      const kept = where(col(m), col(base));
      if (kept.length > 0) out[m] = summarize(kept);
    }
  }
  return out;
}

/**
 * `values` as an object whose keys follow `order` (the file's order of version 2), then the
 * rest in their own order; undefined values are left out.
 */
function ordered<T>(order: readonly string[], values: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const k of [...order, ...Object.keys(values).filter((k) => !order.includes(k))]) if (values[k] !== undefined) out[k] = values[k];
  return out as T;
}

/** VaR, ES and their standard errors at every tail level, keyed as in the result file, and the tail sets. */
function tailsOf(values: Float64Array) {
  const sorted = sortAscending(values);
  const risk = TAIL_LEVELS.map((a) => tailRisk(values, sorted, a));
  const byLevel = <T>(f: (r: (typeof risk)[number]) => T): Record<string, T> =>
    Object.fromEntries(TAIL_LEVELS.map((a, i) => [String(a), f(risk[i])]));
  return {
    var: byLevel((r) => r.var),
    es: byLevel((r) => r.es),
    varStderr: byLevel((r) => r.varStderr),
    esStderr: byLevel((r) => r.esStderr),
    varCI95: byLevel((r) => r.varCI95),
    esCI95: byLevel((r) => r.esCI95),
    sets: risk.map((r) => r.tail),
  };
}

function bookResult(v: VariantChunk, n: number, layout: Layout): { book: BookResult; tails: Uint32Array[] } {
  const loss = tailsOf(bookColumn(v, n, "netLoss"));
  // VaR and ES of the loss the book keeps after insurance.
  const kept = tailsOf(bookColumn(v, n, "retainedLoss"));
  const book = ordered<BookResult>(BOOK_KEY_ORDER, {
    ...summaries(layout.provisioning ? PATH_METRICS : PATH_METRICS.filter((m) => !isProvisioning(m)), (m) => bookColumn(v, n, m)),
    var: loss.var,
    es: loss.es,
    varStderr: loss.varStderr,
    esStderr: loss.esStderr,
    varCI95: loss.varCI95,
    esCI95: loss.esCI95,
    retainedVar: kept.var,
    retainedEs: kept.es,
  });
  // The tail sets, for segment contributions over exactly the paths that made ES.
  return { book, tails: loss.sets };
}

/**
 * Loss of each tranche [attach, detach] of the book's exposure E on every path:
 * min(max(L − attach·E, 0), (detach − attach)·E), and its share of the tranche's size.
 */
function trancheResults(v: VariantChunk, n: number, layout: Layout): Record<string, TrancheResult> {
  const loss = bookColumn(v, n, "netLoss");
  const exposure = bookColumn(v, n, "exposure");
  return Object.fromEntries(
    layout.tranches.map((t) => {
      const hit = new Float64Array(n);
      const rate = new Float64Array(n);
      for (let j = 0; j < n; j++) {
        const size = (t.detach - t.attach) * exposure[j];
        hit[j] = Math.min(Math.max(loss[j] - t.attach * exposure[j], 0), size);
        rate[j] = size > 0 ? hit[j] / size : 0;
      }
      const sorted = sortAscending(hit);
      const es = tailRisk(hit, sorted, 0.99).es;
      let touched = 0;
      for (let j = 0; j < n; j++) if (hit[j] > 0) touched++;
      return [t.name, { attach: t.attach, detach: t.detach, loss: summarize(hit, sorted), lossRate: summarize(rate), es99: es, probabilityOfLoss: touched / n }];
    }),
  );
}

/**
 * Each note of the securitization on every path, from its period columns (engine/deal/):
 * interest, principal, loss and WAL, then across paths its probability of loss, expected
 * loss as a share of its balance and the band of the published loss rates it falls in.
 */
function noteResults(v: VariantChunk, n: number, layout: Layout): Record<string, NoteResult> | undefined {
  if (!layout.deal) return undefined;
  const T = layout.periods;
  const W = periodWidth(layout);
  const first = dealColumn(layout);
  const years = (T * layout.periodMonths) / 12;
  return Object.fromEntries(
    layout.deal.notes.map((name, k) => {
      const cols = { interest: new Float64Array(n), principal: new Float64Array(n), loss: new Float64Array(n), rate: new Float64Array(n), wal: new Float64Array(n), size: new Float64Array(n) };
      let touched = 0;
      for (let j = 0; j < n; j++) {
        const at = (what: "interest" | "principal" | "loss" | "balance", t: number) => v.periods[(j * T + t - 1) * W + first + noteOffset(k, what)];
        const c = noteTotals(at, T, layout.periodMonths);
        // A loss below a billionth of the note is rounding of write-downs and reinstatements, not a loss.
        const loss = c.loss > 1e-9 * c.original ? c.loss : 0;
        cols.interest[j] = c.interest;
        cols.principal[j] = c.principal;
        cols.loss[j] = loss;
        cols.rate[j] = c.original > 0 ? loss / c.original : 0;
        cols.wal[j] = c.wal;
        cols.size[j] = c.original;
        if (loss > 0) touched++;
      }
      const expectedLoss = moments(cols.rate).mean;
      const result: NoteResult = {
        size: moments(cols.size).mean,
        interestPaid: summarize(cols.interest),
        principalPaid: summarize(cols.principal),
        loss: summarize(cols.loss),
        lossRate: summarize(cols.rate),
        wal: summarize(cols.wal),
        probabilityOfLoss: touched / n,
        expectedLoss,
        rating: ratingBand(expectedLoss, years),
      };
      return [name, result];
    }),
  );
}

function segmentResults(v: VariantChunk, n: number, names: string[], tails: Uint32Array[]): Record<string, SegmentResult> {
  const S = names.length;
  const out: Record<string, SegmentResult> = {};
  names.forEach((name, s) => {
    const col = (m: PathMetric) => column(v.segments, s * NPM + PM[m], S * NPM, n);
    const loss = col("netLoss");
    out[name] = ordered<SegmentResult>(SEGMENT_KEY_ORDER, {
      ...summaries(SEGMENT_METRIC_NAMES, col),
      elContribution: moments(loss).mean,
      esContribution: Object.fromEntries(TAIL_LEVELS.map((a, i) => [String(a), tailMean(loss, tails[i])])),
    });
  });
  return out;
}

function periodResults(v: VariantChunk, n: number, layout: Layout): PeriodResult[] {
  const T = layout.periods;
  const W = periodWidth(layout);
  const names = periodColumns(layout);
  return Array.from({ length: T }, (_, t) => {
    const fans = new Map(names.map((name, c) => [name, fan(column(v.periods, t * W + c, T * W, n))]));
    // Names as periodColumns writes them; a miss is a layout bug.
    const get = (name: string): Fan => {
      const f = fans.get(name);
      if (!f) throw new Error(`summarizeRun: no period column ${name}`);
      return f;
    };
    const pick = (prefix: string, keys: string[]) => Object.fromEntries(keys.map((k) => [k, get(prefix + k)]));
    return ordered<PeriodResult>(PERIOD_KEY_ORDER, {
      t: t + 1,
      month: (t + 1) * layout.periodMonths,
      ...Object.fromEntries(PERIOD_FIXED.map((m) => [m, get(m)])),
      delinquency: pick("", Array.from({ length: layout.buckets }, (_, k) => `D${k + 1}`)),
      factors: pick("factor:", layout.factors),
      variables: pick("variable:", layout.variables),
      ...(layout.revolvers ? { revolverShare: get("revolverShare") } : {}),
      ...(layout.provisioning ? Object.fromEntries(PERIOD_PROVISIONING.map((m) => [m, get(m)])) : {}),
      ...(layout.deal
        ? {
            deal: {
              excessSpread: get("deal:excessSpread"),
              reserve: get("deal:reserve"),
              amortizing: get("deal:amortizing"),
              triggered: get("deal:triggered"),
              notes: Object.fromEntries(layout.deal.notes.map((name) => [name, get(noteColumn(name, "balance"))])),
            },
          }
        : {}),
    });
  });
}

/** Each path's funding need by period, [period][path]. */
function fundingNeeds(v: VariantChunk, n: number, layout: Layout): Float64Array[] {
  const T = layout.periods;
  const W = periodWidth(layout);
  return Array.from({ length: T }, (_, t) => column(v.periods, t * W + PC.fundingNeed, T * W, n));
}

/** The highest funding need of each path over its periods. */
function peakFundingNeed(v: VariantChunk, n: number, layout: Layout): Float64Array {
  const needs = fundingNeeds(v, n, layout);
  return Float64Array.from({ length: n }, (_, j) => needs.reduce((most, need) => Math.max(most, need[j]), -Infinity));
}

/** The period whose 99% quantile of the funding need is highest (the first of equals), and each path's peak. */
function liquidity(v: VariantChunk, n: number, layout: Layout): Liquidity {
  const needs = fundingNeeds(v, n, layout);
  let worst = 0;
  let q99 = -Infinity;
  needs.forEach((need, t) => {
    const q = quantileSorted(sortAscending(need), 0.99);
    if (q > q99) {
      q99 = q;
      worst = t;
    }
  });
  return { worstPeriod: worst + 1, worstMonth: (worst + 1) * layout.periodMonths, fundingNeed99: q99, peakFundingNeed: summarize(peakFundingNeed(v, n, layout)) };
}

function variantResult(name: string, v: VariantChunk, n: number, meta: RunMeta): VariantResult {
  const { book, tails } = bookResult(v, n, meta.layout);
  const sample = (m: PathMetric) => bookColumn(v, n, m);
  const exposure = sample("exposure");
  const lossRate = sample("lossRate");
  const rated = where(lossRate, exposure);
  const result: VariantResult = {
    name,
    book,
    segments: segmentResults(v, n, meta.layout.segments, tails),
    periods: periodResults(v, n, meta.layout),
    tranches: trancheResults(v, n, meta.layout),
    ...(meta.layout.deal ? { notes: noteResults(v, n, meta.layout) } : {}),
    histograms: {
      defaultRate: histogram(sample("defaultRate")),
      ...(rated.length > 0 ? { lossRate: histogram(rated) } : {}),
      netLoss: histogram(sample("netLoss")),
      profit: histogram(sample("profit")),
    },
    liquidity: liquidity(v, n, meta.layout),
  };
  if (meta.samples) result.samples = pathSamples(v, n, meta.layout);
  return result;
}

/** netLoss + lifetimeLoss of each path: the loss of the horizon and the expected loss after it. */
function lossWithLifetime(v: VariantChunk, n: number): Float64Array {
  const loss = bookColumn(v, n, "netLoss");
  const after = bookColumn(v, n, "lifetimeLoss");
  return loss.map((x, j) => x + after[j]);
}

function differences(chunk: ChunkResult, n: number, names: string[], layout: Layout): DifferenceResult[] {
  const base = chunk.variants[0];
  const valuesOf = (v: VariantChunk, key: DifferenceKey) =>
    key === "lossWithLifetime" ? lossWithLifetime(v, n) : key === "peakFundingNeed" ? peakFundingNeed(v, n, layout) : bookColumn(v, n, key);
  return chunk.variants.slice(1).map((v, i) => {
    const compared = DIFFERENCE_KEYS.map((key) => pairedComparison(valuesOf(v, key), valuesOf(base, key)));
    const byKey = <T>(f: (c: (typeof compared)[number]) => T) => Object.fromEntries(DIFFERENCE_KEYS.map((key, k) => [key, f(compared[k])])) as Record<DifferenceKey, T>;
    const paired = byKey((c) => c.paired);
    return {
      variant: names[i + 1],
      vs: names[0],
      defaultRate: paired.defaultRate,
      netLoss: paired.netLoss,
      profit: paired.profit,
      unpairedStderr: byKey((c) => c.unpairedStderr),
      lifetimeLoss: paired.lifetimeLoss,
      lossWithLifetime: paired.lossWithLifetime,
      peakFundingNeed: paired.peakFundingNeed,
    };
  });
}

/** Bugs in the chunk's shape throw here rather than produce a wrong file. */
function checkShape(meta: RunMeta, chunk: ChunkResult, n: number): void {
  const { layout } = meta;
  if (n < 1) throw new Error("summarizeRun: the chunk holds no paths");
  if (!meta.partial && n !== meta.paths) {
    throw new Error(`summarizeRun: ${n} paths in the chunk, ${meta.paths} requested, and the run is not partial`);
  }
  if (chunk.variants.length !== meta.variantNames.length || chunk.variants.length === 0) {
    throw new Error(`summarizeRun: ${chunk.variants.length} variants in the chunk, ${meta.variantNames.length} named`);
  }
  const S = layout.segments.length;
  const W = periodWidth(layout);
  for (const v of chunk.variants) {
    if (v.book.length !== n * NPM || v.segments.length !== n * S * NPM || v.periods.length !== n * layout.periods * W) {
      throw new Error("summarizeRun: a variant's arrays do not match the layout");
    }
  }
}

/** JSON turns NaN and Infinity into null without a word; a result file must hold neither. */
function assertFinite(x: unknown, path: string): void {
  if (typeof x === "number") {
    if (!Number.isFinite(x)) throw new Error(`summarizeRun: ${path} is ${x}`);
  } else if (Array.isArray(x)) {
    x.forEach((y, i) => assertFinite(y, `${path}[${i}]`));
  } else if (x !== null && typeof x === "object") {
    for (const [k, y] of Object.entries(x)) assertFinite(y, `${path}.${k}`);
  }
}

/**
 * The result file of a run from the merged chunk of its paths (see mergeChunks).
 * `paths` in the file is the number of paths summarized; with `meta.partial` it may be
 * fewer than requested and the file says `partial: true`. Differences compare each
 * variant with the first, path by path. Throws when the chunk holds no path or does not
 * match the layout: those are bugs, and a cancelled run with no path has no result file.
 */
export function summarizeRun(meta: RunMeta, chunk: ChunkResult): ResultFile {
  const n = chunk.to - chunk.from;
  checkShape(meta, chunk, n);
  const file: ResultFile = {
    creditlab: 2,
    engine: meta.engine,
    scenario: { name: meta.scenarioName, sha256: meta.sha256 },
    seed: meta.seed,
    paths: n,
    horizonMonths: meta.horizonMonths,
    periodMonths: meta.periodMonths,
    ...(meta.partial ? { partial: true } : {}),
    variants: chunk.variants.map((v, i) => variantResult(meta.variantNames[i], v, n, meta)),
    differences: differences(chunk, n, meta.variantNames, meta.layout),
  };
  assertFinite(file, "result");
  return file;
}
