/**
 * Seasoning (docs/model.md §3.4): a segment's first-miss hazard follows its accounts' months
 * on book. Checked against the survival product of the hazards written here: with ρ = 0 and
 * no ladder (a miss is a default) each month's default count of N accounts is binomial with
 * the monthly hazard h·m(months on book).
 */
import { describe, expect, it } from "vitest";
import { readTape } from "../../src/data/tape.ts";
import { periodColumns, PERIOD_FIXED } from "../../src/engine/layout.ts";
import { compileModel } from "../../src/engine/model.ts";
import { simulatePaths } from "../../src/engine/simulate.ts";
import { parseScenario } from "../../src/scenario/parse.ts";
import { buildModel, mean, periodColumn } from "./helpers.ts";

const PD = 0.12;
const h = 1 - (1 - PD) ** (1 / 12);
const curve = { multipliers: [3, 2.5, 2, 1.5], bandMonths: 3, afterwards: 1 };
const mult = (m: number) => (m < 12 ? curve.multipliers[Math.floor(m / 3)] : 1);
const DEFAULTS = PERIOD_FIXED.indexOf("defaults");

/** Expected defaults in months 1..H of n accounts starting current at months on book m0. */
function expectedDefaults(n: number, m0: number, H: number): number[] {
  let alive = n;
  return Array.from({ length: H }, (_, k) => {
    const d = alive * Math.min(1, h * mult(m0 + k));
    alive -= d;
    return d;
  });
}

const segment = (over: object) => ({ name: "loans", product: "instalment" as const, termMonths: 60, pd: PD, correlation: 0, delinquency: { roll: [] }, start: "current" as const, ...over });

describe("a seasoning curve", () => {
  const H = 18;
  const N = 20_000;
  const PATHS = 6;

  it("gives a book of new accounts the hazard h·m(months on book) month by month", () => {
    const model = buildModel({ creditlab: 2, simulation: { paths: PATHS, horizonMonths: H }, segments: [segment({ accounts: N, seasoning: { ...curve, monthsOnBook: 0 } })] });
    expect(periodColumns(model.layout)[DEFAULTS]).toBe("defaults");
    const chunk = simulatePaths(model, 0, PATHS);
    const want = expectedDefaults(N, 0, H);
    // Each month's count over PATHS paths is a sum of binomials: 4.5 standard errors, a false alarm about 1 in 10^5 per month.
    for (let t = 1; t <= H; t++) {
      const got = mean(periodColumn(model, chunk, t, DEFAULTS));
      const se = Math.sqrt(want[t - 1] / PATHS);
      expect(Math.abs(got - want[t - 1])).toBeLessThan(4.5 * se);
    }
  });

  it("starts a segment given by accounts seasoned by default: the hazard of pd alone", () => {
    const model = buildModel({ creditlab: 2, simulation: { paths: PATHS, horizonMonths: 12 }, segments: [segment({ accounts: N, seasoning: curve })] });
    const chunk = simulatePaths(model, 0, PATHS);
    const total = Array.from({ length: 12 }, (_, k) => mean(periodColumn(model, chunk, k + 1, DEFAULTS))).reduce((a, b) => a + b, 0);
    expect(Math.abs(total - N * PD)).toBeLessThan(4.5 * Math.sqrt((N * PD * (1 - PD)) / PATHS));
  });

  it("reads each tape row's monthsOnBook", () => {
    const rows = 12_000;
    const ages = [0, 6, 40];
    const csv = ["balance,monthsOnBook", ...Array.from({ length: rows }, (_, j) => `1000,${ages[j % 3]}`)].join("\n");
    const read = readTape(csv, "book.csv");
    if (!read.ok) throw new Error(read.error.lines.join("\n"));
    const tapes = { "book.csv": read.value.tape };
    const parsed = parseScenario(JSON.stringify({ creditlab: 2, simulation: { paths: PATHS, horizonMonths: 12 }, segments: [segment({ tape: "book.csv", seasoning: curve })] }), "s.json", tapes);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
    const model = compileModel(parsed.value.variants, tapes);
    const chunk = simulatePaths(model, 0, PATHS);
    const want = ages.map((m0) => expectedDefaults(rows / 3, m0, 12).reduce((a, b) => a + b, 0)).reduce((a, b) => a + b, 0);
    const got = Array.from({ length: 12 }, (_, k) => mean(periodColumn(model, chunk, k + 1, DEFAULTS))).reduce((a, b) => a + b, 0);
    expect(Math.abs(got - want)).toBeLessThan(4.5 * Math.sqrt(want / PATHS));
  });

  it("counts a static balance sheet's replacement from the month it joins, not from the start", () => {
    // Seasoned accounts never miss (afterwards 0), so every default is a replacement's. Lines
    // of one size: each leaver (a default or an attrition) is replaced by one new account at
    // the month's end (docs/model.md §7.1), and the book stays at N accounts. The expected
    // count at each age follows from that, month by month: each age's accounts miss at
    // h·m(age), the others attrite at α; the leavers' replacements join at age 0 next month.
    const alpha = 0.03;
    const aged = { ...curve, afterwards: 0 };
    const m = (a: number) => (a < 12 ? aged.multipliers[Math.floor(a / 3)] : 0);
    const model = buildModel({
      creditlab: 2,
      simulation: { paths: PATHS, horizonMonths: H, balanceSheet: "static", seed: "replacements" },
      segments: [{ name: "lines", product: "revolving", accounts: 4000, pd: PD, correlation: 0, attrition: alpha, limit: { median: 4000, sigma: 0 }, utilization: 0.5, ccf: 0, delinquency: { roll: [] }, chargeOffMonths: 0, start: "current", seasoning: aged }],
    });
    const chunk = simulatePaths(model, 0, PATHS);
    let seasoned = 4000;
    let young: number[] = []; // expected accounts at age a = index, at the month's start
    for (let t = 1; t <= H; t++) {
      let want = 0;
      let leavers = seasoned * alpha;
      seasoned -= seasoned * alpha;
      young = young.map((n, a) => {
        const miss = Math.min(1, h * m(a));
        want += n * miss;
        leavers += n * (1 - (1 - miss) * (1 - alpha));
        return n * (1 - miss) * (1 - alpha);
      });
      young = [leavers, ...young];
      const got = mean(periodColumn(model, chunk, t, DEFAULTS));
      // 4.5 standard errors of a Poisson count over PATHS paths (and 1 of slack for month 1's none).
      expect(Math.abs(got - want)).toBeLessThan(4.5 * Math.sqrt(want / PATHS) + 1);
    }
  });

  it("refuses a tape's originationScore without a scorecard, at the segment's tape key", () => {
    const read = readTape("balance,originationScore\n1000,640\n1000,\n", "book.csv");
    if (!read.ok) throw new Error(read.error.lines.join("\n"));
    const tapes = { "book.csv": read.value.tape };
    const parsed = parseScenario(JSON.stringify({ creditlab: 2, segments: [segment({ tape: "book.csv" })] }), "s.json", tapes);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error.map((e) => `${e.path}: ${e.message}`)).toContain(
      "segments[0].tape: 1 row give an originationScore and the segment has no scorecard; allowed: a scorecard: { score, odds, pdo } to turn scores into PDs, or an originationPd column",
    );
  });
});
