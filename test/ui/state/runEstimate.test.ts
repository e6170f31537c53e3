import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { readTape } from "../../../src/data/tape.ts";
import { scenarioBlocks } from "../../../src/notebook/notebookFile.ts";
import { parseScenario } from "../../../src/scenario/parse.ts";
import { COST, costSeconds, estimateMs, fewerPaths, runFeatures, type RunFeatures } from "../../../src/ui/state/runEstimate.ts";
import { fitCost, type Timed } from "./costFit.ts";
import { shippedRuns } from "../../../scripts/shippedRuns.ts";

const scenarios = (text: string, file = "s.yaml") => {
  const parsed = parseScenario(text, file);
  if (!parsed.ok) throw new Error(parsed.error.map((e) => e.message).join("; "));
  return parsed.value.variants.map((v) => v.scenario);
};

const book = (simulation: string, segments = "  - { name: a, accounts: 3000, pd: 0.02 }\n  - { name: b, accounts: 1000, missRate: 0.01, attrition: 0.02 }\n", extra = "") =>
  scenarios(`creditlab: 2\nsimulation: { ${simulation} }\nsegments:\n${segments}${extra}`);

describe("the run's features", () => {
  it("count starts by account and path, and the months of every path, whatever the periods", () => {
    const monthly = runFeatures(book("paths: 100, horizonMonths: 24"));
    const yearly = runFeatures(book("paths: 100, horizonMonths: 24, periodMonths: 12"));
    expect(yearly).toEqual(monthly);
    expect(monthly.starts).toBe(4000 * 100);
    expect(monthly.pathMonths).toBe(2 * 24 * 100);
    expect(monthly.fixed).toBe(1);
    expect(monthly.segments).toBe(2);
  });

  it("count the months in arrears a ladder gives, and each leaving", () => {
    // Segment b: a miss a month at 1% stays 1 + 1/(1−0) + 0.4/(1−0) months (ladder [0.4, 0.6], stays 0), then 2% attrition.
    const f = runFeatures(book("paths: 10, horizonMonths: 12", "  - { name: b, accounts: 1000, missRate: 0.01, attrition: 0.02 }\n"));
    expect(f.events).toBeCloseTo(10 * 1000 * 12 * (0.01 * (1 + 1 + 0.4) + 0.02), 6);
    // A pd gives the first-miss hazard through the ladder: 1 − (1 − pd)^(1/12) over the chance a miss ends in default, 0.4 × 0.6.
    const g = runFeatures(book("paths: 10, horizonMonths: 12", "  - { name: a, accounts: 1000, pd: 0.02 }\n"));
    const miss = (1 - 0.98 ** (1 / 12)) / (0.4 * 0.6);
    expect(g.events).toBeCloseTo(10 * 1000 * 12 * miss * 2.4, 6);
  });

  it("count a segment stepped month by month in account-months, in every variant when one variant steps it", () => {
    const extra = "variants:\n  - { name: convert, policy: { forbearance: { offerAt: 1, takeUp: 0.5, kind: conversion, termMonths: 12 } } }\n";
    const f = runFeatures(book("paths: 10, horizonMonths: 12", undefined, extra));
    expect(f.stepped).toBe(2 * 10 * 4000 * 12);
    expect(f.starts).toBe(0);
    expect(f.segments).toBe(4);
  });

  it("count a segment on a loan tape by its rows, and the applicants on the book half the horizon", () => {
    const parsed = parseScenario(
      "creditlab: 2\nsimulation: { paths: 10, horizonMonths: 12 }\nsegments:\n  - { name: a, tape: t.csv, product: revolving, pd: 0.02 }\n" +
        "  - { name: b, accounts: 5, pd: 0.02, scorecard: { score: 600, odds: 35, pdo: 40 }, originations: { perMonth: 100, score: { mean: 640, sd: 60 } } }\n",
      "s.yaml",
    );
    const read = readTape("balance,limit,segment\n1,2,a\n1,2,b\n1,2,a\n1,2,a\n", "t.csv");
    if (!parsed.ok || !read.ok) throw new Error("the test's scenario or tape is invalid");
    // Tape rows of a: 3 (the row of b is b's, which has accounts of its own); b: 5 + 100 × 12 / 2.
    expect(runFeatures([parsed.value.scenario], { "t.csv": read.value.tape }).starts).toBe(10 * (3 + 5 + (100 * 12) / 2));
    expect(runFeatures([parsed.value.scenario]).starts).toBe(10 * (5 + (100 * 12) / 2));
    expect(runFeatures([parsed.value.scenario]).applicants).toBe(10 * 100 * 12);
  });
});

describe("the estimate", () => {
  it("takes the work over the speed of all workers", () => {
    expect(estimateMs(20, 1, 2)).toBe(10_000);
    expect(estimateMs(20, 0.5, 0)).toBe(40_000);
  });

  it.each([
    [100_000, 120_000, 5000],
    [100_000, 40_000, 20_000],
    [1000, 1_000_000, 100],
    [150, 60_000, 100],
  ])("shrinks %i paths estimated at %i ms to %i, a round number near ten seconds", (paths, ms, fewer) => {
    expect(fewerPaths(paths, ms)).toBe(fewer);
  });
});

describe("the cost model against the recorded runs of every shipped scenario and cell", () => {
  const recorded = JSON.parse(readFileSync(new URL("./timings.json", import.meta.url), "utf8")) as { timings: { file: string; cell: number | null; cpuSeconds: number }[] };
  const root = new URL("../../../", import.meta.url);
  const rows: (Timed & { name: string })[] = recorded.timings.map(({ file, cell, cpuSeconds }) => {
    const text = readFileSync(new URL(file, root), "utf8");
    const code = cell === null ? text : scenarioBlocks(text)[cell - 1].code;
    const parsed = parseScenario(code, file);
    if (!parsed.ok) throw new Error(`${file}: ${parsed.error[0].message}`);
    // Tapes are read as the command line reads them, relative to the scenario's folder.
    const tapes = Object.fromEntries(
      parsed.value.scenario.segments.flatMap((g) => {
        if (g.tape === undefined) return [];
        const read = readTape(readFileSync(new URL(g.tape, new URL(file, root)), "utf8"), g.tape);
        return read.ok ? [[g.tape, read.value.tape]] : [];
      }),
    );
    return { name: `${file}${cell === null ? "" : `#${cell}`}`, features: runFeatures(parsed.value.variants.map((v) => v.scenario), tapes), seconds: cpuSeconds };
  });

  it("covers every shipped scenario file and notebook cell", () => {
    const recordedRuns = recorded.timings.map(({ file, cell }) => `${file}${cell === null ? "" : `#${cell}`}`);
    // A new scenario or cell needs `npm run timings` (and COST refitted below).
    expect(recordedRuns).toEqual(shippedRuns(fileURLToPath(root)).map(({ file, cell }) => `${file}${cell === null ? "" : `#${cell}`}`));
  });

  it("predicts each run within ×2 from a model fitted to the others (leave one out)", () => {
    const misses: string[] = [];
    for (const [i, row] of rows.entries()) {
      const cost = fitCost(rows.filter((_, j) => j !== i));
      const ratio = costSeconds(row.features, cost) / row.seconds;
      if (!(ratio >= 0.5 && ratio <= 2)) misses.push(`${row.name}: predicted ×${ratio.toFixed(2)} of ${row.seconds} s`);
    }
    expect(misses).toEqual([]);
  });

  it("ships the coefficients fitted to all of them", () => {
    const fitted = fitCost(rows);
    // Written to six figures.
    for (const k of Object.keys(COST) as (keyof RunFeatures)[]) expect(Math.abs(COST[k] - fitted[k])).toBeLessThanOrEqual(1e-5 * Math.abs(fitted[k]));
  });
});
