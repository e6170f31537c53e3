import { describe, expect, it } from "vitest";
import type { DifferenceResult, Fan, PeriodResult, ResultFile, SegmentResult, Summary, VariantResult } from "../../src/result/resultFile.ts";
import { renderSummary } from "../../src/cli/summary.ts";
import { allowanceLine, bookRowsShown, bookTable, differencesTable, liquidityLine, nplLine, quarterTable, segmentTable, tailTable, trancheTable } from "../../src/cli/summaryTables.ts";
import { styleFor } from "../../src/cli/style.ts";
import { isProvisioning, PERIOD_METRIC_NAMES, SEGMENT_METRIC_NAMES, type PeriodMetricName, type SegmentMetricName } from "../../src/engine/metrics.ts";

const summary = (mean: number): Summary => ({
  mean,
  sd: 0,
  stderr: 0,
  min: mean,
  max: mean,
  quantiles: Object.fromEntries(["0.01", "0.05", "0.5", "0.95", "0.99", "0.999"].map((q) => [q, mean])),
  quantileCI95: {},
});
const fan = (mean: number): Fan => ({ mean, p5: mean, p25: mean, p50: mean, p75: mean, p95: mean });
const period = (t: number, npl: number): PeriodResult => ({
  // The reporting views (days past due, five categories) at 0.
  ...(Object.fromEntries(PERIOD_METRIC_NAMES.filter((m) => !isProvisioning(m)).map((m) => [m, fan(0)])) as Record<PeriodMetricName, Fan>),
  t,
  month: t,
  nplRatio: fan(npl),
  defaults: fan(0),
  netLoss: fan(0),
  delinquency: {},
  factors: {},
  variables: {},
  balance: fan(0),
  periodLossRate: fan(0),
  lossRateToDate: fan(0),
});
const segment = (accounts: number, es99: number): SegmentResult => ({
  // A segment metric not set here is 0.
  ...(Object.fromEntries(SEGMENT_METRIC_NAMES.map((m) => [m, summary(0)])) as Record<SegmentMetricName, Summary>),
  accounts: summary(accounts),
  defaults: summary(0),
  defaultRate: summary(0.02),
  lossRate: summary(0.015),
  netLoss: summary(10),
  exposure: summary(1000),
  lifetimeLoss: summary(0),
  income: summary(40),
  profit: summary(accounts / 20),
  elContribution: 10,
  esContribution: { "0.99": es99 },
});
const tail = { "0.95": 80, "0.99": 100, "0.999": 120 };
// Cast through unknown: the fixture fills what the summary reads, not every added key.
const BOOK_KEYS = ["accounts", "defaults", "defaultRate", "lossRate", "chargeOffRate", "netLoss", "lossAtDefault", "income", "profit"];
const variant = (name: string): VariantResult =>
  ({
    name,
    book: {
      ...Object.fromEntries(BOOK_KEYS.map((k) => [k, summary(1)])),
      ...{ insurancePremium: summary(0), insuranceRecovery: summary(0) },
      ...{ var: tail, es: tail, varStderr: tail, esStderr: tail },
    },
    segments: { prime: segment(600, 25), subprime: segment(400, 75) },
    periods: [period(1, 0), period(2, 0.01), period(3, 0.02), period(4, 0.015)],
    tranches: {},
    histograms: {},
    liquidity: { worstPeriod: 3, worstMonth: 3, fundingNeed99: 2.5e6, peakFundingNeed: summary(1e6) },
  }) as unknown as VariantResult;
const difference = (variant: string, lo: number, hi: number): DifferenceResult => {
  const d = { mean: (lo + hi) / 2, stderr: (hi - lo) / 3.92, ci95: [lo, hi] as [number, number] };
  const none = { mean: 0, stderr: 0, ci95: [0, 0] as [number, number] };
  return {
    variant, vs: "base", defaultRate: { ...d, mean: d.mean / 1e5, stderr: d.stderr / 1e5, ci95: [lo / 1e5, hi / 1e5] }, netLoss: d, profit: d,
    unpairedStderr: { defaultRate: 0, netLoss: 0, profit: 0, lifetimeLoss: 0, lossWithLifetime: 0, peakFundingNeed: 0 },
    lifetimeLoss: none, lossWithLifetime: none, peakFundingNeed: none,
  };
};

describe("summary tables", () => {
  it("segments: each one's share of ES 99% is its contribution over the book's", () => {
    expect(segmentTable(variant("base")).map((l) => l.trimEnd())).toEqual([
      "  segment   accounts  default rate  loss rate  EL contrib.  ES99 contrib.  share of ES99  profit",
      "  --------  --------  ------------  ---------  -----------  -------------  -------------  ------",
      "  prime          600         2.00%      1.50%         10.0           25.0          25.0%    30.0",
      "  subprime       400         2.00%      1.50%         10.0           75.0          75.0%    20.0",
    ]);
  });

  it("segments: a lifetime-loss column when the run has a loss past the horizon", () => {
    const v = variant("base");
    v.segments.prime.lifetimeLoss = summary(1500);
    expect(segmentTable(v, true).map((l) => l.trimEnd())[2]).toBe(
      "  prime          600         2.00%      1.50%         10.0           25.0          25.0%    30.0          1.50k",
    );
    expect(segmentTable(v)[0]).not.toContain("lifetime");
  });

  it("differences: says whether each 95% interval excludes 0", () => {
    const lines = differencesTable([difference("a", -3000, -1000), difference("b", -1000, 3000)], false);
    expect(lines).toEqual([
      "  variant                mean diff.     ± se  95% CI              CI excludes 0",
      "  -------  ------------  ----------  -------  ------------------  -------------",
      "  a        default rate     -2.00pp  0.510pp  [-3.00pp, -1.00pp]  yes",
      "           net loss          -2.00k      510  [-3.00k, -1.00k]    yes",
      "           profit            -2.00k      510  [-3.00k, -1.00k]    yes",
      "",
      "  b        default rate     +1.00pp   1.02pp  [-1.00pp, +3.00pp]  no",
      "           net loss          +1.00k    1.02k  [-1.00k, +3.00k]    no",
      "           profit            +1.00k    1.02k  [-1.00k, +3.00k]    no",
    ]);
  });

  it("differences: a policy that only delays defaults lowers net loss but not net + lifetime loss", () => {
    const d = difference("delay", -3000, -1000);
    // Net loss falls by 2.00k ± 510; lifetime loss rises by as much, path by path.
    d.lifetimeLoss = { mean: 2000, stderr: 510, ci95: [1000, 3000] };
    d.lossWithLifetime = { mean: 0, stderr: 0, ci95: [0, 0] };
    expect(differencesTable([d]).slice(3).map((l) => l.trimEnd())).toEqual([
      "           net loss                 -2.00k      510  [-3.00k, -1.00k]    yes",
      "           profit                   -2.00k      510  [-3.00k, -1.00k]    yes",
      "           lifetime loss            +2.00k      510  [+1.00k, +3.00k]    yes",
      "           net + lifetime loss           0        0  [0, 0]              no",
    ]);
    // A variant that needs more cash at its peak adds the row.
    d.peakFundingNeed = { mean: 5000, stderr: 1000, ci95: [3000, 7000] };
    expect(differencesTable([d]).at(-1)?.trimEnd()).toBe("           peak funding need        +5.00k    1.00k  [+3.00k, +7.00k]    yes");
  });

  it("book: fee, cost and lifetime-loss rows appear when some variant of the run has them", () => {
    const v = variant("base");
    const zero = { ...summary(0) };
    Object.assign(v.book, { merchantFeeIncome: zero, instalmentFeeIncome: zero, operatingCost: zero, acquisitionCost: zero, lifetimeLoss: zero });
    const labels = (lines: string[]) => lines.slice(2).map((l) => l.split(/ {2,}/)[1]);
    expect(labels(bookTable(v.book))).toEqual(["accounts", "defaults", "default rate", "loss rate", "charge-off rate", "net loss", "loss at default", "income", "profit"]);
    const other = variant("costs");
    Object.assign(other.book, {
      merchantFeeIncome: { ...summary(0), max: 30 },
      instalmentFeeIncome: zero,
      operatingCost: summary(1200),
      acquisitionCost: zero,
      lifetimeLoss: summary(45_000),
    });
    const shown = bookRowsShown([v.book, other.book]);
    expect([...shown]).toEqual(["lifetimeLoss", "merchantFeeIncome", "operatingCost"]);
    // The base shows the rows too, at 0, so that the variants' tables line up.
    const base = bookTable(v.book, shown);
    expect(labels(base)).toEqual(["accounts", "defaults", "default rate", "loss rate", "charge-off rate", "net loss", "loss at default", "lifetime loss past horizon", "income", "merchant fees", "operating cost", "profit"]);
    expect(base.find((l) => l.includes("operating cost"))?.split(/ {2,}/)[2]).toBe("0");
    const rows = bookTable(other.book, shown);
    expect(rows.find((l) => l.includes("lifetime loss"))?.split(/ {2,}/)[2]).toBe("45.0k");
    expect(rows.find((l) => l.includes("operating cost"))?.split(/ {2,}/)[2]).toBe("1.20k");
  });

  it("tranches: layer, mean loss and rate, ES99 and chance of any loss", () => {
    const v = variant("base");
    v.tranches = {
      equity: { attach: 0, detach: 0.05, loss: summary(40_000), lossRate: summary(0.4), es99: 100_000, probabilityOfLoss: 0.985 },
      senior: { attach: 0.05, detach: 1, loss: summary(1_200), lossRate: summary(0.00063), es99: 250_000, probabilityOfLoss: 0.2 },
    };
    expect(trancheTable(v)).toEqual([
      "  tranche       layer  mean loss  loss rate  ES99  P(loss)",
      "  -------  ----------  ---------  ---------  ----  -------",
      "  equity     0%-5.00%      40.0k      40.0%  100k    98.5%",
      "  senior   5.00%-100%      1.20k    0.0630%  250k    20.0%",
    ]);
  });

  it("insurance adds recovery, premium and retained-loss rows only when the book is insured", () => {
    const v = variant("base");
    expect(bookTable(v.book).join("\n")).not.toContain("retained");
    expect(tailTable(v.book).join("\n")).not.toContain("retained");
    Object.assign(v.book, { insurancePremium: summary(5), insuranceRecovery: summary(2), retainedLoss: summary(3), retainedVar: tail, retainedEs: tail });
    expect(bookTable(v.book).slice(-3).map((l) => l.split(/ {2,}/)[1])).toEqual(["insurance recovery", "insurance premium", "retained loss"]);
    expect(tailTable(v.book).slice(-2)).toEqual(["  retained VaR         80.0        100        120", "  retained ES          80.0        100        120"]);
  });

  it("liquidity: the funding need's mean path and its worst month at 99% from the result file", () => {
    const v = variant("base");
    v.periods = v.periods.map((p, k) => ({ ...p, fundingNeed: fan([1e6, 2e6, 1.5e6, -5e5][k]) }));
    expect(liquidityLine(v)).toEqual([
      expect.stringMatching(/^ {2}funding need, mean {2}\S+ {2}start \+1(\.00)?M \(month 1\), peak \+2(\.00)?M \(month 2\), end -500k \(month 4\)$/),
      "  funding need at 99%, worst month: +2.50M (month 3)",
    ]);
  });

  it("NPL line: a sparkline with start, peak and end", () => {
    expect(nplLine(variant("base"))).toEqual(["  NPL ratio, mean  ▁▅█▇  start 0% (month 1), peak 2.00% (month 3), end 1.50% (month 4)"]);
  });
});

describe("renderSummary", () => {
  const file = (partial: boolean, paths: number): ResultFile => ({
    creditlab: 2,
    engine: "9.9.9",
    scenario: { name: "Hand-made", sha256: "ab".repeat(32) },
    seed: "s",
    paths,
    horizonMonths: 4,
    periodMonths: 1,
    ...(partial ? { partial: true } : {}),
    variants: [variant("base"), variant("b")],
    differences: [difference("b", -1000, 3000)],
  });
  const info = { file: "x.yaml", elapsedMs: 1234, requestedPaths: 5000 };

  it("heads a partial run's summary with what it holds", () => {
    const text = renderSummary(file(true, 300), info, styleFor(false));
    expect(text).toContain("PARTIAL: cancelled after 300 of 5,000 paths");
    expect(text.split("\n").slice(0, 4)).toEqual([
      "Hand-made",
      "  file     x.yaml  (sha256 abababababab)",
      '  paths    300    seed "s"    horizon 4 months, monthly periods',
      "  elapsed  1.23 s    engine 9.9.9",
    ]);
  });

  it.each([
    [10, "n/a: fewer than 20 paths, too few for any error estimate"],
    [300, "n/a: fewer than 20 paths beyond the 95%, 99% and 99.9% levels"],
    [1000, "n/a: fewer than 20 paths beyond the 99% and 99.9% levels"],
    [2000, "n/a: fewer than 20 paths beyond the 99.9% level"],
    [20_000, null],
  ])("with %d paths says once why error bars read n/a: %s", (paths, note) => {
    const text = renderSummary(file(false, paths), info, styleFor(false));
    if (note) expect(text.split("\n").filter((l) => l.startsWith("n/a"))).toEqual([note]);
    else expect(text).not.toContain("n/a");
  });

  it("shows an error the file gives as null as n/a, and a loss rate the file leaves out as n/a", () => {
    const v = variant("base");
    Object.assign(v.book, { varStderr: { ...tail, "0.999": null }, esStderr: { ...tail, "0.999": null } });
    delete (v.book as { lossRate?: Summary }).lossRate;
    const s = v.segments.prime as { lossRate?: Summary };
    delete s.lossRate;
    expect(tailTable(v.book).slice(2)).toEqual([
      "  VaR       80.0 ± 80.0  100 ± 100  120 ± n/a",
      "  ES        80.0 ± 80.0  100 ± 100  120 ± n/a",
    ]);
    expect(bookTable(v.book).find((l) => l.includes("loss rate"))?.split(/ {2,}/).slice(1)).toEqual(["loss rate", "n/a", "n/a", "n/a", "n/a", "n/a", "n/a", "n/a"]);
    expect(segmentTable(v)[2].split(/ {2,}/)[4]).toBe("n/a");
    const d = difference("a", -3000, -1000);
    d.netLoss = { mean: -2000, stderr: null, ci95: null };
    expect(differencesTable([d], false)[3].trimEnd()).toBe("           net loss          -2.00k      n/a  n/a                 n/a");
  });

  it("adds the lifetime rows to the differences only when the run has a loss past the horizon", () => {
    const plain = renderSummary(file(false, 10_000), info, styleFor(false));
    expect(plain).not.toContain("lifetime");
    const run = file(false, 10_000);
    Object.assign(run.variants[1].book, { lifetimeLoss: summary(800) });
    const lines = renderSummary(run, info, styleFor(false)).split("\n");
    expect(lines.filter((l) => l.includes("lifetime loss past horizon"))).toHaveLength(2);
    expect(lines.filter((l) => /^ {11}(lifetime loss|net \+ lifetime loss) /.test(l))).toHaveLength(2);
  });

  it("colors only when asked", () => {
    expect(renderSummary(file(false, 10_000), info, styleFor(false))).not.toContain("\x1b[");
    expect(renderSummary(file(false, 10_000), info, styleFor(true))).toContain("\x1b[1mHand-made\x1b[22m");
  });
});

describe("the allowance line", () => {
  it("shows the mean allowance over the periods with provisioning, and nothing without", () => {
    const withAllowance = (t: number, a: number): PeriodResult => ({ ...period(t, 0), allowance: fan(a) });
    const v = { ...variant("base"), periods: [withAllowance(1, 1e6), withAllowance(2, 3e6), withAllowance(3, 2e6)] };
    expect(allowanceLine(v)).toEqual([expect.stringMatching(/^ {2}allowance, mean {2}\S+ {2}start 1(\.00)?M \(month 1\), peak 3(\.00)?M \(month 2\), end 2(\.00)?M \(month 3\)$/)]);
    expect(allowanceLine(variant("base"))).toEqual([]);
  });
});

describe("the quarter table", () => {
  const quarters = (): VariantResult => {
    const v = variant("base");
    v.periods = [1, 2, 3].map((t) => ({ ...period(t, 0), month: 3 * t, periodLossRate: fan(0.01 * t), lossRateToDate: fan(0.01 * t * (t + 1) / 2), balance: fan(1e6) }));
    Object.assign(v.book, { cumulativeLossRate: summary(0.06), ppnr: summary(2.5e5) });
    return v;
  };

  it("gives each quarter's loss rate, the rate to date and the balance, then the horizon's rate and PPNR", () => {
    const lines = quarterTable(quarters());
    expect(lines[0]).toContain("losses over average balances");
    const rows = lines.filter((l) => /^\s+Q\d/.test(l));
    expect(rows.map((l) => l.trim().split(/\s+/))).toEqual([
      ["Q1", "1.00%", "1.00%", "1.00%", "1.00%", "1.00M"],
      ["Q2", "2.00%", "2.00%", "3.00%", "3.00%", "1.00M"],
      ["Q3", "3.00%", "3.00%", "6.00%", "6.00%", "1.00M"],
    ]);
    expect(lines[lines.length - 1]).toContain("cumulative loss rate over 3 quarters 6.00%");
    expect(lines[lines.length - 1]).toContain("PPNR 250k");
  });

  it("adds the allowance build, provision charge less write-offs, when the run has provisioning", () => {
    const v = quarters();
    v.periods.forEach((p, k) => Object.assign(p, { provisionCharge: fan(100 + 10 * k), writeOffs: fan(40) }));
    const header = quarterTable(v).find((l) => l.includes("quarter"))!;
    expect(header).toContain("allowance build");
    const rows = quarterTable(v).filter((l) => /^\s+Q\d/.test(l));
    expect(rows.map((l) => l.trim().split(/\s+/).at(-1))).toEqual(["+60.0", "+70.0", "+80.0"]); // three significant digits, as every money figure
  });
});
