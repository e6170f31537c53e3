/**
 * Variants run on common random numbers (MODEL.md 10): an account draws the same numbers
 * for the same purpose in every variant, also when a variant books other applicants.
 */
import { describe, expect, it } from "vitest";
import { parseScenario } from "../../src/scenario/parse.ts";
import { compileModel } from "../../src/engine/model.ts";
import { simulatePaths } from "../../src/engine/simulate.ts";
import { NPM, PM } from "../../src/engine/layout.ts";
import { bookColumn, resultOf } from "./helpers.ts";

const PATHS = 200;

const file = (variants: string) => `
creditlab: 2
name: variants
simulation: { paths: ${PATHS}, horizonMonths: 12, seed: crn }
macro:
  shocks:
    - factor: economy
      recession: { start: 2, fall: 4, trough: -1.5, stay: 3, recover: 3 }
segments:
  - name: existing
    accounts: 3000
    start: current
    missRate: 0.04
    apr: 0.2
    lateFee: 20
    limit: { median: 4000, sigma: 0.5 }
    lgd: { mean: 0.8, sd: 0 }
  - name: new
    accounts: 1000
    start: current
    score: { mean: 640, sd: 50 }
    scorecard: { score: 600, odds: 30, pdo: 20 }
    originations: { perMonth: 100, score: { mean: 630, sd: 60 } }
    apr: 0.25
    lgd: { mean: 0.8, sd: 0 }
policy:
  approval: { minScore: 620 }
  fundingRate: 0.03
variants:
${variants}
`;

function run(variants: string) {
  const parsed = parseScenario(file(variants), "variants.yaml");
  if (!parsed.ok) throw new Error(parsed.error.map((e) => e.message).join("\n"));
  const model = compileModel(parsed.value.variants);
  const chunk = simulatePaths(model, 0, PATHS);
  const result = resultOf(model, chunk);
  return { model, chunk, result };
}

describe("variants on common random numbers", () => {
  it("an unchanged variant differs from the base by exactly zero on every path", () => {
    const { chunk, result } = run(`  - name: same\n    policy: { fundingRate: 0.03 }`);
    expect(Buffer.from(chunk.variants[1].book.buffer)).toEqual(Buffer.from(chunk.variants[0].book.buffer));
    expect(Buffer.from(chunk.variants[1].periods.buffer)).toEqual(Buffer.from(chunk.variants[0].periods.buffer));
    expect(result.differences[0].netLoss).toEqual({ mean: 0, stderr: 0, ci95: [0, 0] });
  });

  it.each([
    ["a limit cut on delinquency", "lineManagement: { cutOnDelinquency: 0.5 }", 0.35],
    ["collections", "collections: { rollReduction: 0.1, costPerAccountMonth: 10 }", 0.25],
  ])("%s: the paired interval is much narrower than the unpaired one", (_, policy, ratio) => {
    const { result } = run(`  - name: changed\n    policy: { ${policy} }`);
    const d = result.differences[0];
    expect(d.netLoss.mean).toBeLessThan(0);
    expect(d.netLoss.ci95?.[1]).toBeLessThan(0);
    expect(d.netLoss.stderr).toBeLessThan(ratio * (d.unpairedStderr.netLoss ?? Number.NaN));
  });

  it("variants that book different applicants still share every other account's numbers", () => {
    const { chunk } = run(`  - name: loose\n    policy: { approval: { minScore: 560 } }`);
    const S = 2;
    // The segment without applicants is identical, path by path, to the last bit.
    for (let p = 0; p < PATHS; p++) {
      for (let m = 0; m < NPM; m++) {
        expect(chunk.variants[1].segments[(p * S + 0) * NPM + m]).toBe(chunk.variants[0].segments[(p * S + 0) * NPM + m]);
      }
    }
    // The looser cutoff books a superset of applicants; every account booked under both
    // cutoffs draws the same numbers, so on every path it only adds defaults and losses.
    const base = bookColumn(chunk, "defaults", 0);
    const loose = bookColumn(chunk, "defaults", 1);
    const baseLoss = bookColumn(chunk, "netLoss", 0);
    const looseLoss = bookColumn(chunk, "netLoss", 1);
    for (let p = 0; p < PATHS; p++) {
      expect(loose[p]).toBeGreaterThanOrEqual(base[p]);
      expect(looseLoss[p]).toBeGreaterThanOrEqual(baseLoss[p] - 1e-6);
    }
    expect(chunk.variants[1].book[PM.booked]).toBeGreaterThan(chunk.variants[0].book[PM.booked]);
  });

  it("a variant with more accounts in a segment keeps the others' numbers and adds its own", () => {
    const { chunk } = run(`  - name: bigger\n    segments: { existing: { accounts: 4000 } }`);
    expect(bookColumn(chunk, "accounts", 1)[0] - bookColumn(chunk, "accounts", 0)[0]).toBe(1000);
    const base = bookColumn(chunk, "defaults", 0);
    const bigger = bookColumn(chunk, "defaults", 1);
    let added = 0;
    for (let p = 0; p < PATHS; p++) {
      expect(bigger[p]).toBeGreaterThanOrEqual(base[p]);
      added += bigger[p] - base[p];
    }
    // The 1,000 added accounts default at about the rate of the first 3,000.
    const rate = base.reduce((a, b) => a + b, 0) / PATHS;
    expect(added / PATHS).toBeGreaterThan(0);
    expect(added / PATHS).toBeLessThan(rate);
  });
});
