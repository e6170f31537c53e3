/**
 * `creditlab fit` recovers a seasoning curve (docs/model.md §13.5) from a panel generated
 * here without the code under test: accounts of every age, a persistent economy, and each
 * account's miss hazard the seasoned one shifted by the month's economy times the truth's
 * multiplier at its months on book, as the engine runs it (docs/model.md §3.4).
 */
import binomialCdf from "@stdlib/stats-base-dists-binomial-cdf";
import { randomNormal } from "d3-random";
import seedrandom from "seedrandom";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { readPerformance } from "../../src/data/performance.ts";
import { fitPerformance, type SegmentFit } from "../../src/fit/fitPerformance.ts";
import { fitScenarioText } from "../../src/fit/fitScenario.ts";
import { Phi, PhiInv } from "../../src/math/normal.ts";
import { makePanel } from "./panel.ts";

const MISS = 0.02;
const CURVE = [2.2, 1.6, 1.3, 1.1, 1, 1];
const multiplier = (age: number) => (age < 36 ? CURVE[Math.floor(age / 6)] : 1);

/** A panel with a `monthsOnBook` or `originated` column: ages 0–59 at the first month, roll [0.5], stay [0]. */
function seasonedPanel(accounts: number, months: number, seed: string, column: "monthsOnBook" | "originated" = "monthsOnBook"): string {
  const rng = seedrandom(seed);
  const normal = randomNormal.source(rng)(0, 1);
  const rho = 0.05;
  const phi = 0.8;
  const x: number[] = [normal()];
  for (let t = 1; t < months; t++) x.push(phi * x[t - 1] + Math.sqrt(1 - phi * phi) * normal());
  const lines = [`account,month,state,balance,${column}`];
  for (let a = 0; a < accounts; a++) {
    const age0 = Math.floor(rng() * 60);
    let state = 0;
    for (let t = 1; t <= months; t++) {
      const age = age0 + t - 1;
      lines.push(`A${a},${t},${state === 0 ? "C" : "D1"},100,${column === "monthsOnBook" ? age : t - age}`);
      if (t === months) break;
      const u = rng();
      if (state === 0) {
        const h = Math.min(1, multiplier(age) * Phi((PhiInv(MISS) - Math.sqrt(rho) * x[t - 1]) / Math.sqrt(1 - rho)));
        if (u < h) state = 1;
      } else if (u < 0.5) {
        lines.push(`A${a},${t + 1},F,100,${column === "monthsOnBook" ? age + 1 : t - age}`);
        break;
      } else state = 0;
    }
  }
  return lines.join("\n") + "\n";
}

function fitOf(text: string): SegmentFit {
  const read = readPerformance(text, "panel.csv");
  if (!read.ok) throw new Error(read.error.lines.join("\n"));
  return fitPerformance(read.value.performance).segments[0];
}

describe("fitting a seasoning curve", () => {
  it("recovers the multipliers by 6-month band within their intervals, and writes them into the scenario", () => {
    const s = fitOf(seasonedPanel(6000, 24, "seasoning panel"));
    expect(s.seasoning).not.toBeNull();
    const q = s.seasoning!;
    expect(q.bandMonths).toBe(6);
    expect(q.seasonedAt).toBe(36);
    // Within 4 standard errors on the log scale (the interval's half-width is 1.96 of them): a false alarm about 1 in 10^4 a band.
    const near = (e: { value: number; low: number; high: number }, truth: number) => Math.abs(Math.log(e.value / truth)) < (4 * Math.log(e.high / e.low)) / (2 * 1.96);
    q.bands.forEach((b, k) => expect(near(b, CURVE[k]), `band ${k}: ${CURVE[k]} against ${b.value} [${b.low}, ${b.high}]`).toBe(true));
    // The miss rate is a seasoned account's: the truth's MISS, not the pooled rate of a book with young accounts.
    expect(near(s.rates.miss, MISS), `${MISS} against ${s.rates.miss.value} [${s.rates.miss.low}, ${s.rates.miss.high}]`).toBe(true);
    // The book's pooled rate is the seasoned one times the mean multiplier of its account-months, above 1 here.
    expect(q.meanMultiplier).toBeGreaterThan(1.1);
    const written = parse(fitScenarioText({ segments: [s], persistence: { value: 0.9, from: null }, monthFormat: "integer", skipped: [] }, "panel.csv"));
    expect(written.segments[0].seasoning.multipliers).toHaveLength(6);
    expect(written.segments[0].seasoning.bandMonths).toBe(6);
    // The back-test expects the month's misses at the month's own mix of ages: no month far outside its band.
    expect(s.backtest.outside.filter((o) => o.what === "default rate").length).toBeLessThanOrEqual(3);
  });

  it("reads an origination month as well as months on book: the same curve", () => {
    const a = fitOf(seasonedPanel(1500, 12, "same panel", "monthsOnBook"));
    const b = fitOf(seasonedPanel(1500, 12, "same panel", "originated"));
    expect(b.seasoning!.bands.map((x) => x.value)).toEqual(a.seasoning!.bands.map((x) => x.value));
  });

  it("over 20 panels each band's 95% interval covers its truth as often as 95% coverage allows", () => {
    const PANELS = 20;
    let hits = 0;
    let n = 0;
    for (let p = 0; p < PANELS; p++) {
      const q = fitOf(seasonedPanel(2500, 18, `coverage ${p}`)).seasoning!;
      q.bands.forEach((b, k) => {
        n++;
        if (b.low <= CURVE[k] && CURVE[k] <= b.high) hits++;
      });
    }
    expect(n).toBe(PANELS * 6);
    // 120 intervals (the bands of a panel share its seasoned reference, so fewer independent
    // ones): below 104 hits has probability under 0.2% for independent 95% intervals.
    expect(binomialCdf(103, n, 0.95)).toBeLessThan(0.002);
    expect(hits).toBeGreaterThanOrEqual(104);
  });

  it("a panel without months on book fits as before: no curve, no seasoning key", () => {
    const read = readPerformance(makePanel({ miss: 0.03, attrition: 0.02, roll: [0.4, 0.6], stay: [0.1, 0.2] }, 800, 12, "no age"), "panel.csv");
    if (!read.ok) throw new Error(read.error.lines.join("\n"));
    const fit = fitPerformance(read.value.performance);
    expect(fit.segments[0].seasoning).toBeNull();
    expect(fitScenarioText(fit, "panel.csv")).not.toContain("seasoning");
  });
});
