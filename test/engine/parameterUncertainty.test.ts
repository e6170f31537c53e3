/**
 * Parameter uncertainty (docs/model.md §3.5, §9.4). The coverage test: a plain generator
 * (test/fit/panel.ts, independent of the engine) makes account-month histories from a known
 * monthly miss rate; the project's own fit reads each and writes the scenario with its pd's
 * 95% interval as `uncertainty`; the scenario runs on a book of accounts starting current,
 * with the economy switched off (correlation 0: the generator has none), and the 95% band
 * of the expected 24-month default rate (src/stats/varianceParts.ts `meanCI95`) must hold
 * the generator's truth. Truth in closed form: with every D1 rolling to F the next month,
 * an account defaults by month 24 when it missed in months 1–23, 1 − (1 − h)²³.
 * Expected loss is this rate times exposure times the LGD mean (both fixed here), so the
 * band of the default rate is the band of the expected loss.
 */
import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { readPerformance } from "../../src/data/performance.ts";
import { compileModel } from "../../src/engine/model.ts";
import { simulatePaths } from "../../src/engine/simulate.ts";
import { fitPerformance } from "../../src/fit/fitPerformance.ts";
import { fitScenarioText } from "../../src/fit/fitScenario.ts";
import { parseScenario } from "../../src/scenario/parse.ts";
import { varianceParts } from "../../src/stats/varianceParts.ts";
import { PhiInv } from "../../src/math/normal.ts";
import { PC } from "../../src/engine/layout.ts";
import { bookColumn, buildModel, mean, periodColumn, variance } from "./helpers.ts";
import { makePanel } from "../fit/panel.ts";

const MISS = 0.01;
const PANELS = 50;
const PANEL_ACCOUNTS = 1500;
const BOOK = 500;
const PATHS = 40;
const TRUTH = 1 - (1 - MISS) ** 23;

/** The fitted scenario of one panel, narrowed to the test's book (accounts starting current), with its uncertainty and without. */
function fittedScenarios(panel: number): { withUncertainty: string; without: string } {
  const read = readPerformance(makePanel({ miss: MISS, attrition: 0, roll: [1], stay: [0] }, PANEL_ACCOUNTS, 24, `coverage ${panel}`), "panel.csv");
  if (!read.ok) throw new Error("the panel did not read");
  const doc = parseDocument(fitScenarioText(fitPerformance(read.value.performance), "panel.csv"));
  doc.setIn(["simulation"], { paths: PATHS, horizonMonths: 24, seed: `coverage ${panel}` });
  doc.setIn(["segments", 0, "accounts"], BOOK);
  // Instalment loans (no limit column) outlast the horizon, so that every month can miss.
  doc.setIn(["segments", 0, "termMonths"], 36);
  doc.setIn(["segments", 0, "start"], "current");
  doc.deleteIn(["segments", 0, "delinquency", "start"]);
  const withUncertainty = doc.toString();
  doc.deleteIn(["segments", 0, "uncertainty"]);
  return { withUncertainty, without: doc.toString() };
}

function defaultRates(text: string): Float64Array {
  const parsed = parseScenario(text, "fitted.yaml");
  if (!parsed.ok) throw new Error(parsed.error.map((e) => `${e.path}: ${e.message}`).join("\n"));
  const model = compileModel(parsed.value.variants);
  return bookColumn(simulatePaths(model, 0, model.simulation.paths), "defaultRate");
}

describe("parameter uncertainty", () => {
  it("fit writes the pd's 95% interval as the segment's uncertainty, around its pd", () => {
    const doc = parseDocument(fittedScenarios(0).withUncertainty);
    const pd = doc.getIn(["segments", 0, "pd"]) as number;
    const [lo, hi] = (doc.getIn(["segments", 0, "uncertainty", "pd", "ci95"]) as { toJSON(): [number, number] }).toJSON();
    expect(lo).toBeLessThan(pd);
    expect(hi).toBeGreaterThan(pd);
    // The generator's 12-month default: a miss in months 1–11.
    expect(lo).toBeLessThan(1 - (1 - MISS) ** 11 + 0.01);
  });

  it("the engine's 24-month default rate at the true rate is the closed form (checks the truth the coverage is measured against)", () => {
    const model = buildModel({
      creditlab: 2,
      simulation: { paths: 40, horizonMonths: 24, seed: 1 },
      segments: [{ name: "s", accounts: 20_000, missRate: 1 - (1 - MISS) ** 12, correlation: 0, start: "current", delinquency: { roll: [1], stay: [0] } }],
    });
    const dr = bookColumn(simulatePaths(model, 0, 40), "defaultRate");
    // 40 × 20,000 accounts: the mean's sd is about 1.4e-4; 4.5 sd, false alarm below 1e-5.
    expect(Math.abs(mean(dr) - TRUTH)).toBeLessThan(4.5 * Math.sqrt((TRUTH * (1 - TRUTH)) / (40 * 20_000)));
  });

  it(`covers the generator's expected 24-month default rate in at least 93% of ${PANELS} fitted panels with the parameters' uncertainty, stating the Monte Carlo error's alone`, () => {
    let covered = 0;
    let coveredMc = 0;
    for (let k = 0; k < PANELS; k++) {
      const texts = fittedScenarios(k);
      const full = defaultRates(texts.withUncertainty);
      const point = defaultRates(texts.without);
      // The band needs runs A and B only (the parameter part and the total): B stands for C.
      const split = varianceParts(full, point, point);
      if (split.meanCI95[0] <= TRUTH && TRUTH <= split.meanCI95[1]) covered++;
      if (split.meanCI95MonteCarlo[0] <= TRUTH && TRUTH <= split.meanCI95MonteCarlo[1]) coveredMc++;
    }
    console.log(`coverage with parameter uncertainty ${covered}/${PANELS}, Monte Carlo error alone ${coveredMc}/${PANELS}`);
    // The bar: at least 93% (47 of 50). The seeds are fixed, so the test is
    // deterministic (49 of 50 covered, 43 by the Monte Carlo error alone); over fresh seeds a band of true coverage 98%
    // would fall to 46 or fewer in about 2% of sets of 50 panels, one of 99% in 0.2%.
    expect(covered).toBeGreaterThanOrEqual(47);
  });

  it("the LGD mean's draw is normal on the probit scale with the given sd, the point its median", () => {
    const sd = 0.3;
    const lgd = 0.6;
    const model = buildModel({
      creditlab: 2,
      simulation: { paths: 400, horizonMonths: 12, periodMonths: 12, seed: 3 },
      segments: [{ name: "s", accounts: 300, pd: 0.2, correlation: 0, start: "current", delinquency: { roll: [], stay: [] }, lgd: { mean: lgd, sd: 0 }, uncertainty: { lgdMean: { sd } } }],
    });
    const chunk = simulatePaths(model, 0, 400);
    const loss = bookColumn(chunk, "lossAtDefault");
    const ead = periodColumn(model, chunk, 1, PC.defaultedBalance);
    const z = Float64Array.from(loss, (l, i) => (PhiInv(l / ead[i]) - PhiInv(lgd)) / sd);
    // 400 draws of N(0, 1): the mean's sd 0.05, the variance's about 0.071; bounds at 4 sd (false alarm about 1e-4).
    expect(Math.abs(mean(z))).toBeLessThan(0.2);
    expect(Math.abs(variance(z) - 1)).toBeLessThan(0.29);
    // The point value is the median: about half the paths lose less.
    const below = z.filter((x) => x < 0).length;
    expect(Math.abs(below - 200)).toBeLessThan(40); // binomial sd 10: 4 sd
  });

  it("a path draws the same parameters in any chunk and under any variant that keeps them; without uncertainty nothing moves", () => {
    const segment = { name: "s", accounts: 400, pd: 0.05, correlation: 0.05, lgd: { mean: 0.7, sd: 0.1 } };
    const input = (funding: number, u: boolean) => ({
      creditlab: 2 as const,
      simulation: { paths: 24, horizonMonths: 12, seed: 9 },
      policy: { fundingRate: funding },
      segments: [{ ...segment, ...(u ? { uncertainty: { pd: { ci95: [0.03, 0.08] as [number, number] }, lgdMean: { sd: 0.2 }, correlation: { ci95: [0.02, 0.12] as [number, number] } } } : {}) }],
    });
    const model = buildModel(input(0.03, true), [{ name: "dearer", input: input(0.06, true) }]);
    const whole = simulatePaths(model, 0, 24);
    const tail = simulatePaths(model, 10, 24);
    for (const m of ["defaultRate", "netLoss"] as const) {
      expect(Array.from(bookColumn(tail, m))).toEqual(Array.from(bookColumn(whole, m)).slice(10));
      // A variant that moves only the funding rate has the base's losses path by path.
      expect(Array.from(bookColumn(whole, m, 1))).toEqual(Array.from(bookColumn(whole, m)));
    }
    // The draws move the paths: with uncertainty the loss differs from the point run's on some path.
    const point = simulatePaths(buildModel(input(0.03, false)), 0, 24);
    expect(Array.from(bookColumn(whole, "netLoss")).some((x, i) => x !== bookColumn(point, "netLoss")[i])).toBe(true);
  });

  it("splits a variance into the parts of independent components, within the jackknife's errors", () => {
    // Plain normals with variances 4 (parameter), 9 (systematic) and 1 (idiosyncratic): A = p + s + i, B = s + i, C = i.
    let seed = 12345;
    const uniform = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) + 0.5) / 2 ** 32;
    const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
    const n = 4000;
    const a = new Float64Array(n);
    const b = new Float64Array(n);
    const c = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const [p, sy, id] = [2 * normal(), 3 * normal(), normal()];
      c[k] = 100 + id;
      b[k] = c[k] + sy;
      a[k] = b[k] + p;
    }
    const split = varianceParts(a, b, c);
    const plain = (x: Float64Array) => variance(x);
    expect(split.total.variance).toBeCloseTo(plain(a), 9);
    expect(split.parameter.variance).toBeCloseTo(plain(a) - plain(b), 9);
    expect(split.idiosyncratic.variance).toBeCloseTo(plain(c), 9);
    // Each part within 4 of its standard errors of the truth (false alarm about 2e-4 a part).
    for (const [part, truth] of [[split.parameter, 4], [split.systematic, 9], [split.idiosyncratic, 1]] as const) {
      expect(Math.abs(part.variance - truth)).toBeLessThan(4 * part.stderr!);
      // The jackknife's error near the normal theory's, √(2/n)·σ² for a variance alone (a difference adds the covariance's noise).
      expect(part.stderr!).toBeGreaterThan(0.5 * Math.sqrt(2 / n) * truth);
    }
    expect(split.meanCI95[0]).toBeLessThan(split.meanCI95MonteCarlo[0]);
  });
});
