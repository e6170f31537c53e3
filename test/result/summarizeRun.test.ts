import { describe, expect, it } from "vitest";
import { summarizeRun, type RunMeta } from "../../src/result/summarizeRun.ts";
import { NPM, PATH_METRICS, periodWidth, type ChunkResult, type Layout, type PathMetric } from "../../src/engine/layout.ts";
import { QUANTILE_LEVELS } from "../../src/result/resultFile.ts";
import { itemizedProfit, PROFIT_PARTS } from "../../src/result/facts.ts";

const layout: Layout = {
  segments: ["salaried", "gig"],
  periods: 2,
  periodMonths: 3,
  buckets: 2,
  factors: ["economy"],
  variables: ["unemployment"],
  tranches: [{ name: "equity", attach: 0, detach: 0.01 }],
  revolvers: false,
};

// Net loss of each segment on each of 3 paths, for the base and a variant that loses 10
// less on every path in the first segment.
const segmentLoss = [
  [60, 40],
  [180, 120],
  [150, 50],
];

/** A segment that never drew or lent anything: no exposure, no balance, rates written as 0 by the engine. */
type Empty = (path: number, segment: number) => boolean;

/**
 * The variant delays defaults: it loses 10 less in the first segment within the horizon,
 * and its lifetime loss past the horizon is 10 higher there, so net loss + lifetime loss is
 * the same path by path.
 */
function segmentRow(loss: number, s: number, variant: number, empty = false): Record<PathMetric, number> {
  const accounts = 1000 * (s + 1);
  const defaults = empty ? 0 : loss / 10;
  const exposure = empty ? 0 : 10_000 * (s + 1);
  const delayed = variant === 1 && s === 0 ? 10 : 0;
  const netLoss = empty ? 0 : loss - delayed;
  const lifetimeLoss = empty ? 0 : loss / 2 + delayed;
  const [merchantFeeIncome, instalmentFeeIncome, operatingCost, acquisitionCost] = [40 * (s + 1), 15, 60, 25 * s];
  const income = 400 + 100 + merchantFeeIncome + instalmentFeeIncome;
  return {
    // A metric not set here is 0 on every path.
    ...(Object.fromEntries(PATH_METRICS.map((m) => [m, 0])) as Record<PathMetric, number>),
    accounts, defaults, defaultRate: defaults / accounts, exposure, netLoss, lossRate: empty ? 0 : netLoss / exposure,
    interestIncome: 400, feeIncome: 100, income, collectionCost: 20, fundingCost: 30,
    profit: income - 30 - 20 - netLoss - operatingCost - acquisitionCost, applicants: 0, booked: 0,
    balanceYears: exposure, insuranceRecovery: 0, insurancePremium: 0, retainedLoss: netLoss,
    chargeOffRate: empty ? 0 : netLoss / exposure,
    merchantFeeIncome, instalmentFeeIncome, operatingCost, acquisitionCost, lifetimeLoss,
  };
}

function buildChunk(paths: number[][], variants: number, empty: Empty = () => false, shape: Layout = layout): ChunkResult {
  const n = paths.length;
  const S = layout.segments.length;
  const T = layout.periods;
  const W = periodWidth(shape);
  return {
    from: 0,
    to: n,
    variants: Array.from({ length: variants }, (_, v) => {
      const book = new Float64Array(n * NPM);
      const segments = new Float64Array(n * S * NPM);
      const periods = new Float64Array(n * T * W);
      paths.forEach((losses, j) => {
        const rows = losses.map((l, s) => segmentRow(l, s, v, empty(j, s)));
        PATH_METRICS.forEach((m, k) => {
          rows.forEach((r, s) => (segments[(j * S + s) * NPM + k] = r[m]));
          book[j * NPM + k] = rows.reduce((sum, r) => sum + r[m], 0);
        });
        const b = (m: PathMetric) => book[j * NPM + PATH_METRICS.indexOf(m)];
        book[j * NPM + PATH_METRICS.indexOf("defaultRate")] = b("defaults") / b("accounts");
        book[j * NPM + PATH_METRICS.indexOf("lossRate")] = b("exposure") > 0 ? b("netLoss") / b("exposure") : 0;
        book[j * NPM + PATH_METRICS.indexOf("chargeOffRate")] = b("balanceYears") > 0 ? b("netLoss") / b("balanceYears") : 0;
        // Period column c of period t on path j holds 100·t + 10·c + j.
        for (let t = 0; t < T; t++) for (let c = 0; c < W; c++) periods[(j * T + t) * W + c] = 100 * t + 10 * c + j;
      });
      return { book, segments, periods };
    }),
  };
}

const meta: RunMeta = {
  layout,
  variantNames: ["base", "tight approval"],
  scenarioName: "three paths",
  sha256: "ab".repeat(32),
  seed: "s",
  paths: 3,
  horizonMonths: 6,
  periodMonths: 3,
  engine: "0.1.0",
  samples: false,
  partial: false,
};

const S_KEYS = ["mean", "sd", "stderr", "min", "max", "quantiles", "quantileCI95"];
const F_KEYS = ["mean", "p5", "p25", "p50", "p75", "p95"];
const D_KEYS = ["mean", "stderr", "ci95"];

describe("summarizeRun", () => {
  const chunk = buildChunk(segmentLoss, 2);
  const file = summarizeRun(meta, chunk);
  const json = JSON.parse(JSON.stringify(file));

  it("writes exactly the keys of INTERFACE.md's result file, plus the documented added ones", () => {
    expect(Object.keys(json)).toEqual([
      "creditlab", "engine", "scenario", "seed", "paths", "horizonMonths", "periodMonths", "variants", "differences",
    ]);
    expect(json.scenario).toEqual({ name: "three paths", sha256: "ab".repeat(32) });
    const v = json.variants[0];
    expect(Object.keys(v)).toEqual(["name", "book", "segments", "periods", "tranches", "histograms", "liquidity"]);
    expect(json.creditlab).toBe(2);
    expect(Object.keys(v.book)).toEqual([
      "accounts", "defaults", "defaultRate", "lossRate", "chargeOffRate", "netLoss", "income", "profit", "var", "es",
      "exposure", "interestIncome", "feeIncome", "collectionCost", "fundingCost", "applicants", "booked",
      "varStderr", "esStderr", "varCI95", "esCI95", "balanceYears", "insuranceRecovery", "insurancePremium", "retainedLoss",
      "retainedVar", "retainedEs", "merchantFeeIncome", "instalmentFeeIncome", "operatingCost", "acquisitionCost", "lifetimeLoss",
      "averageBalance", "ppnr",
      "lossAtDefault", "recoveries", "workoutCost", "saleProceeds", "chargeOffs", "chargeOffRecoveries", "pvRecoveries", "pvNetLoss", "pvLossAtDefault",
      "pvProfit", "pvLifetimeLoss",
    ]);
    expect(Object.keys(v.book.netLoss)).toEqual(S_KEYS);
    expect(Object.keys(v.book.netLoss.quantiles)).toEqual([
      "0.01", "0.05", "0.1", "0.25", "0.5", "0.75", "0.9", "0.95", "0.99", "0.995", "0.999",
    ]);
    for (const k of ["var", "es", "varStderr", "esStderr", "varCI95", "esCI95"]) expect(Object.keys(v.book[k])).toEqual(["0.95", "0.99", "0.999"]);
    expect(Object.keys(v.segments)).toEqual(["salaried", "gig"]);
    expect(Object.keys(v.segments.gig)).toEqual([
      "accounts", "defaults", "defaultRate", "lossRate", "chargeOffRate", "netLoss", "exposure", "lifetimeLoss", "income", "profit", "elContribution", "esContribution",
      "averageBalance", "ppnr",
      "lossAtDefault", "recoveries", "saleProceeds", "chargeOffs", "chargeOffRecoveries", "pvRecoveries", "pvNetLoss", "pvLossAtDefault",
      "pvLifetimeLoss",
    ]);
    expect(Object.keys(v.segments.gig.esContribution)).toEqual(["0.95", "0.99", "0.999"]);
    expect(v.periods).toHaveLength(2);
    expect(Object.keys(v.periods[0])).toEqual([
      "t", "month", "nplRatio", "defaults", "netLoss", "delinquency", "factors", "variables", "balance",
      "dpdCurrent", "dpd1to29", "dpd30to59", "dpd60to89", "dpd90plus", "cnNormal", "cnSpecialMention", "cnSubstandard", "cnDoubtful", "cnLoss",
      "periodLossRate", "lossRateToDate", "periodAverageBalance",
      "lossAtDefault", "recoveries", "workoutCost", "saleProceeds", "chargeOffs", "chargeOffRecoveries",
      "openingBalance", "interestCharged", "cashInterestFees", "cashPrincipal", "cashDraws", "cashOriginations", "defaultedBalance", "derecognizedBalance", "cashMerchantFees", "cashInsurance", "cashCosts", "cashFundingCost", "netCash", "fundingNeed",
    ]);
    expect(Object.keys(v.periods[0].delinquency)).toEqual(["D1", "D2"]);
    expect(Object.keys(v.periods[0].factors)).toEqual(["economy"]);
    expect(Object.keys(v.periods[0].variables)).toEqual(["unemployment"]);
    expect(Object.keys(v.periods[1].netLoss)).toEqual(F_KEYS);
    expect(Object.keys(v.histograms)).toEqual(["defaultRate", "lossRate", "netLoss", "profit"]);
    expect(Object.keys(v.tranches.equity)).toEqual(["attach", "detach", "loss", "lossRate", "es99", "probabilityOfLoss"]);
    expect(json.differences).toHaveLength(1);
    expect(Object.keys(json.differences[0])).toEqual(["variant", "vs", "defaultRate", "netLoss", "profit", "unpairedStderr", "lifetimeLoss", "lossWithLifetime", "peakFundingNeed"]);
    expect(Object.keys(json.differences[0].unpairedStderr)).toEqual(["defaultRate", "netLoss", "profit", "lifetimeLoss", "lossWithLifetime", "peakFundingNeed"]);
    expect(Object.keys(json.differences[0].lossWithLifetime)).toEqual(D_KEYS);
    expect(Object.keys(json.differences[0].profit)).toEqual(D_KEYS);
    expect(QUANTILE_LEVELS.map(String)).toEqual(Object.keys(v.book.netLoss.quantiles));
  });

  it("survives a JSON round trip unchanged: no NaN, Infinity or undefined inside", () => {
    expect(json).toStrictEqual(file);
  });

  it("reports the book's loss, VaR, ES and contributions of the three paths", () => {
    const { book, segments } = file.variants[0];
    // Book losses per path: 100, 300, 200.
    expect(book.netLoss).toMatchObject({ mean: 200, sd: 100, min: 100, max: 300 });
    // Three paths are too few for any error bar: null, never 0.
    expect(book.netLoss.stderr).toBeNull();
    expect(Object.values(book.netLoss.quantileCI95).every((ci) => ci === null)).toBe(true);
    for (const k of ["varStderr", "esStderr", "varCI95", "esCI95"] as const) expect(Object.values(book[k])).toEqual([null, null, null]);
    expect(book.netLoss.quantiles["0.5"]).toBe(200);
    expect(book.netLoss.quantiles["0.25"]).toBe(100);
    expect(book.var).toEqual({ "0.95": 300, "0.99": 300, "0.999": 300 });
    expect(book.es).toEqual({ "0.95": 300, "0.99": 300, "0.999": 300 });
    // The tail is path 1 alone: salaried lost 180 and gig 120 there.
    expect(segments.salaried.esContribution["0.99"]).toBe(180);
    expect(segments.gig.esContribution["0.99"]).toBe(120);
    expect(segments.salaried.elContribution + segments.gig.elContribution).toBeCloseTo(book.netLoss.mean, 12);
    expect(segments.gig.netLoss.mean).toBeCloseTo(70, 12);
  });

  it("numbers the periods from 1 and fans each column across paths", () => {
    const [p1, p2] = file.variants[0].periods;
    expect([p1.t, p1.month, p2.t, p2.month]).toEqual([1, 3, 2, 6]);
    // Column order: nplRatio, defaults, netLoss, balance, the ten reporting views (c = 4..13), periodLossRate, lossRateToDate, periodAverageBalance (c = 16), D1, D2, factor:economy, variable:unemployment.
    expect(p1.nplRatio).toEqual({ mean: 1, p5: 0, p25: 0, p50: 1, p75: 2, p95: 2 });
    expect(p2.balance.p50).toBe(131);
    expect(p2.dpdCurrent.p50).toBe(141);
    expect(p1.cnLoss.mean).toBe(131);
    expect(p2.lossRateToDate.mean).toBe(251);
    expect(p2.periodAverageBalance.mean).toBe(261);
    // The workout's six columns follow (c = 17..22), then the fourteen cash columns (c = 23..36), D1, D2 (c = 37, 38), factor:economy, variable:unemployment.
    expect(p2.lossAtDefault.mean).toBe(271);
    expect(p1.chargeOffRecoveries.p50).toBe(221);
    expect(p2.openingBalance.mean).toBe(331);
    expect(p2.fundingNeed.p95).toBe(462);
    expect(p2.delinquency.D2.mean).toBe(481);
    expect(p1.factors.economy.p95).toBe(392);
    expect(p2.variables.unemployment.p5).toBe(500);
  });

  it("finds the funding need's worst period at 99% and each path's peak, and compares the peak path by path", () => {
    // fundingNeed (c = 36) of period t on path j is 100·(t − 1) + 360 + j: highest in period 2, 99% quantile the largest path's.
    const { liquidity } = file.variants[0];
    expect([liquidity.worstPeriod, liquidity.worstMonth, liquidity.fundingNeed99]).toEqual([2, 6, 462]);
    expect(liquidity.peakFundingNeed).toMatchObject({ mean: 461, min: 460, max: 462 });
    // The same columns in both variants: no difference on any path.
    expect(file.differences[0].peakFundingNeed).toEqual({ mean: 0, stderr: null, ci95: null });
  });

  it("compares the variant with the base path by path", () => {
    const d = file.differences[0];
    expect(d.variant).toBe("tight approval");
    expect(d.vs).toBe("base");
    expect(d.netLoss).toEqual({ mean: -10, stderr: null, ci95: null });
    expect(d.profit).toEqual({ mean: 10, stderr: null, ci95: null });
    expect(d.unpairedStderr.netLoss).toBeNull();
    // With 20 paths the errors exist; the difference is exactly −10 on every path.
    const twenty = summarizeRun({ ...meta, paths: 20 }, buildChunk(Array.from({ length: 20 }, (_, j) => [10 * j, 5 * j]), 2)).differences[0];
    expect(twenty.netLoss).toEqual({ mean: -10, stderr: 0, ci95: [-10, -10] });
    // Book losses 15·j, j = 0..19, in both variants: sd² = 15²·20·21/12 = 7875.
    expect(twenty.unpairedStderr.netLoss).toBeCloseTo(Math.sqrt((2 * 7875) / 20), 9);
  });

  it("gives VaR and ES error bars from 20 paths beyond the level, by sectioning over 4 blocks of paths", () => {
    // 400 paths: 20 beyond the 95% level, 4 beyond 99%. Book loss on path j: a fixed
    // scramble of 0..399 so that each block of 100 paths holds a different tail.
    const n = 400;
    const loss = Array.from({ length: n }, (_, j) => (j * 263) % n);
    const big = summarizeRun({ ...meta, paths: n }, buildChunk(loss.map((l) => [l, 0]), 2)).variants[0].book;
    // The sample variance of 0..n−1 is n(n + 1)/12.
    expect(big.netLoss.stderr).toBeCloseTo(Math.sqrt((n * (n + 1)) / 12) / Math.sqrt(n), 9);
    expect(big.varStderr["0.99"]).toBeNull();
    expect(big.esCI95["0.999"]).toBeNull();
    // By hand: VaR_0.95 = the 380th smallest = 379; ES = mean of 379..399 = 389.
    expect(big.var["0.95"]).toBe(379);
    expect(big.es["0.95"]).toBe(389);
    const blocks = [0, 1, 2, 3].map((i) => loss.slice(100 * i, 100 * (i + 1)).sort((a, b) => a - b));
    const blockVar = blocks.map((b) => b[94]);
    const blockEs = blocks.map((b) => b.slice(94).reduce((s, x) => s + x, 0) / 6);
    const t3 = 3.182446; // Student t, 3 degrees of freedom, 97.5%
    const half = (xs: number[], whole: number) => t3 * Math.sqrt(xs.reduce((s, x) => s + (x - whole) ** 2, 0) / 3 / 4);
    expect(big.esCI95["0.95"]?.[0]).toBeCloseTo(389 - half(blockEs, 389), 4);
    expect(big.esCI95["0.95"]?.[1]).toBeCloseTo(389 + half(blockEs, 389), 4);
    expect(big.esStderr["0.95"]).toBeCloseTo(half(blockEs, 389) / 1.959964, 4);
    expect(big.varStderr["0.95"]).toBeCloseTo(half(blockVar, 379) / 1.959964, 4);
    expect(big.varCI95["0.95"]?.[0]).toBeCloseTo(379 - half(blockVar, 379), 4);
    expect(big.varCI95["0.95"]?.[1]).toBeCloseTo(379 + half(blockVar, 379), 4);
  });

  it("summarizes the loss rate over the paths with exposure only, and leaves it out where none has any", () => {
    // Path 1 lends nothing in either segment; the gig segment never lends at all.
    const empty = (j: number, s: number) => j === 1 || s === 1;
    const run = summarizeRun({ ...meta, samples: true }, buildChunk(segmentLoss, 2, empty));
    const v = run.variants[0];
    // Paths 0 and 2: salaried lost 60 and 150 of 10,000.
    expect(v.book.lossRate).toMatchObject({ min: 0.006, max: 0.015 });
    expect(v.book.lossRate?.mean).toBeCloseTo(0.0105, 15);
    expect(v.book.chargeOffRate).toMatchObject({ min: 0.006, max: 0.015 });
    expect(v.segments.salaried.lossRate?.mean).toBeCloseTo(0.0105, 15);
    expect(v.segments.gig.lossRate).toBeUndefined();
    expect(v.segments.gig.chargeOffRate).toBeUndefined();
    expect(v.segments.gig.exposure.max).toBe(0);
    expect(v.samples?.lossRate).toEqual([0.006, null, 0.015]);
    expect(v.histograms.lossRate?.counts.reduce((s, c) => s + c, 0)).toBe(2);
    const none = summarizeRun({ ...meta, samples: true }, buildChunk(segmentLoss, 2, () => true)).variants[0];
    expect(none.book.lossRate).toBeUndefined();
    expect(none.histograms.lossRate).toBeUndefined();
    expect(none.samples?.lossRate).toBeUndefined();
    expect("lossRate" in JSON.parse(JSON.stringify(none.book))).toBe(false);
  });

  it("summarizes merchant and instalment fees, operating and acquisition costs and lifetime loss like the other metrics", () => {
    const { book, segments } = file.variants[0];
    // Per path: merchant fees 40 + 80, plan fees 15 + 15, operating cost 60 + 60, acquisition 0 + 25.
    expect(book.merchantFeeIncome).toMatchObject({ mean: 120, sd: 0, min: 120, max: 120 });
    expect(book.instalmentFeeIncome.mean).toBe(30);
    expect(book.operatingCost.mean).toBe(120);
    expect(book.acquisitionCost.mean).toBe(25);
    // Lifetime loss is half each segment's loss: (100 + 300 + 200)/2 over 3 paths.
    expect(book.lifetimeLoss).toMatchObject({ mean: 100, min: 50, max: 150 });
    expect(book.lifetimeLoss.sd).toBeCloseTo(50, 12);
    // Salaried: 30, 90, 75.
    expect(segments.salaried.lifetimeLoss.mean).toBeCloseTo(65, 12);
    expect(segments.gig.lifetimeLoss.quantiles["0.5"]).toBe(25);
    // Income adds the new fees; profit subtracts the new costs.
    expect(book.income.mean).toBe(2 * 500 + 120 + 30);
    const parts = book.income.mean - book.fundingCost.mean - book.collectionCost.mean - book.retainedLoss.mean - book.insurancePremium.mean - book.operatingCost.mean - book.acquisitionCost.mean;
    expect(book.profit.mean).toBeCloseTo(parts, 9);
    expect(book.profit.mean).toBeCloseTo(1150 - 60 - 40 - 200 - 120 - 25, 9);
    // The parts the command line and the page show add up to it.
    expect(PROFIT_PARTS.reduce((sum, { key, sign }) => sum + sign * book[key].mean, 0)).toBeCloseTo(book.profit.mean, 9);
    expect(itemizedProfit(book)).toBe(true);
  });

  it("shows a policy that only delays defaults: net loss falls, lifetime loss rises, their sum does not move", () => {
    const d = file.differences[0];
    expect(d.lifetimeLoss).toEqual({ mean: 10, stderr: null, ci95: null });
    expect(d.lossWithLifetime).toEqual({ mean: 0, stderr: null, ci95: null });
    const n = 20;
    const twenty = summarizeRun({ ...meta, paths: n }, buildChunk(Array.from({ length: n }, (_, j) => [10 * j, 5 * j]), 2)).differences[0];
    expect(twenty.netLoss).toEqual({ mean: -10, stderr: 0, ci95: [-10, -10] });
    expect(twenty.lifetimeLoss).toEqual({ mean: 10, stderr: 0, ci95: [10, 10] });
    expect(twenty.lossWithLifetime).toEqual({ mean: 0, stderr: 0, ci95: [0, 0] });
    // Net loss 15·j and lifetime loss 7.5·j on path j in both variants: 22.5·j, sd² = 22.5²·20·21/12.
    expect(twenty.unpairedStderr.lossWithLifetime).toBeCloseTo(Math.sqrt((2 * 22.5 ** 2 * 35) / n), 9);
    expect(twenty.unpairedStderr.lifetimeLoss).toBeCloseTo(Math.sqrt((2 * 7.5 ** 2 * 35) / n), 9);
  });

  it("fans the revolver share like any period column when a segment has revolvers, and leaves it out otherwise", () => {
    expect("revolverShare" in json.variants[0].periods[0]).toBe(false);
    const revolving = { ...layout, revolvers: true };
    // Columns: 37 fixed (17, the workout's 6, the cash's 14), D1, D2, economy, unemployment, revolverShare: c = 41.
    expect(periodWidth(revolving)).toBe(42);
    const run = summarizeRun({ ...meta, layout: revolving }, buildChunk(segmentLoss, 2, () => false, revolving));
    const [p1, p2] = run.variants[1].periods;
    expect(p1.revolverShare).toEqual({ mean: 411, p5: 410, p25: 410, p50: 411, p75: 412, p95: 412 });
    expect(p2.revolverShare?.mean).toBe(511);
    // The columns before it are where they were.
    expect(p2.variables.unemployment.p5).toBe(500);
    expect(Object.keys(JSON.parse(JSON.stringify(p1)))).toEqual([
      "t", "month", "nplRatio", "defaults", "netLoss", "delinquency", "factors", "variables", "balance", "revolverShare",
      "dpdCurrent", "dpd1to29", "dpd30to59", "dpd60to89", "dpd90plus", "cnNormal", "cnSpecialMention", "cnSubstandard", "cnDoubtful", "cnLoss",
      "periodLossRate", "lossRateToDate", "periodAverageBalance",
      "lossAtDefault", "recoveries", "workoutCost", "saleProceeds", "chargeOffs", "chargeOffRecoveries",
      "openingBalance", "interestCharged", "cashInterestFees", "cashPrincipal", "cashDraws", "cashOriginations", "defaultedBalance", "derecognizedBalance", "cashMerchantFees", "cashInsurance", "cashCosts", "cashFundingCost", "netCash", "fundingNeed",
    ]);
  });

  it("adds samples in path order only when asked", () => {
    expect(file.variants[0].samples).toBeUndefined();
    const withSamples = summarizeRun({ ...meta, samples: true }, chunk);
    expect(withSamples.variants[0].samples?.netLoss).toEqual([100, 300, 200]);
    expect(withSamples.variants[1].samples?.netLoss).toEqual([90, 290, 190]);
    // Version 2's four keys first, then every metric of the book, each segment and each period column.
    expect(Object.keys(withSamples.variants[0].samples ?? {})).toEqual(["defaultRate", "lossRate", "netLoss", "profit", "book", "segments", "periods"]);
    expect(withSamples.variants[1].samples?.book.netLoss).toEqual([90, 290, 190]);
  });

  it("marks a cancelled run partial and counts only the paths it holds", () => {
    const partial = summarizeRun({ ...meta, paths: 1000, partial: true }, chunk);
    expect(partial.partial).toBe(true);
    expect(partial.paths).toBe(3);
    expect(file.partial).toBeUndefined();
  });

  it("summarizes a single path without a NaN", () => {
    const one = summarizeRun({ ...meta, paths: 1 }, buildChunk([[5, 7]], 2));
    expect(JSON.parse(JSON.stringify(one))).toStrictEqual(one);
    expect(one.variants[0].book.netLoss).toMatchObject({ mean: 12, sd: 0, stderr: null });
    expect(one.variants[0].book.esStderr["0.99"]).toBeNull();
  });

  it("throws on a chunk that does not match the run: bugs are not written to a file", () => {
    expect(() => summarizeRun({ ...meta, paths: 4 }, chunk)).toThrow(/not partial/);
    expect(() => summarizeRun({ ...meta, variantNames: ["base"] }, chunk)).toThrow(/variants/);
    expect(() => summarizeRun({ ...meta, layout: { ...layout, periods: 3 } }, chunk)).toThrow(/layout/);
    const empty: ChunkResult = { from: 0, to: 0, variants: chunk.variants.map(() => ({ book: new Float64Array(0), segments: new Float64Array(0), periods: new Float64Array(0) })) };
    expect(() => summarizeRun({ ...meta, partial: true }, empty)).toThrow(/no paths/);
    const bad = buildChunk(segmentLoss, 2);
    bad.variants[1].periods[5] = Number.NaN;
    expect(() => summarizeRun(meta, bad)).toThrow();
  });
});
