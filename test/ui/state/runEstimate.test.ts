import { describe, expect, it } from "vitest";
import { readTape } from "../../../src/data/tape.ts";
import { parseScenario } from "../../../src/scenario/parse.ts";
import { ASK_ABOVE_MS, DEFAULT_RATE, estimateMs, fewerPaths, runWork } from "../../../src/ui/state/runEstimate.ts";

const scenario = (extra = "", simulation = "paths: 1000, horizonMonths: 24") => {
  const parsed = parseScenario(
    `creditlab: 1\nsimulation: { ${simulation} }\nsegments:\n  - { name: a, accounts: 3000, pd: 0.02 }\n  - { name: b, accounts: 1000, pd: 0.05 }\n${extra}`,
    "s.yaml",
  );
  if (!parsed.ok) throw new Error(parsed.error.map((e) => e.message).join("; "));
  return parsed.value.variants.map((v) => v.scenario);
};

describe("run estimates", () => {
  it("count a segment on a loan tape by its rows in the tape", () => {
    const parsed = parseScenario(
      "creditlab: 2\nsimulation: { paths: 10, horizonMonths: 12 }\nsegments:\n  - { name: a, tape: t.csv, product: revolving, pd: 0.02 }\n  - { name: b, tape: t.csv, product: revolving, pd: 0.02 }\n",
      "s.yaml",
    );
    const read = readTape("balance,limit,segment\n1,2,a\n1,2,b\n1,2,a\n1,2,a\n", "t.csv");
    if (!parsed.ok || !read.ok) throw new Error("the test's scenario or tape is invalid");
    // (3 rows of a + 1 of b) × 12 periods × 10 paths.
    expect(runWork([parsed.value.scenario], { "t.csv": read.value.tape })).toBe(4 * 12 * 10);
    expect(runWork([parsed.value.scenario])).toBe(0);
  });

  it("count account-periods over every path and variant", () => {
    // 4,000 accounts × 24 monthly periods × 1,000 paths.
    expect(runWork(scenario())).toBe(4000 * 24 * 1000);
    // Quarterly periods: 8 of them; two variants besides the base.
    expect(runWork(scenario("variants:\n  - { name: x }\n  - { name: y }\n", "paths: 1000, horizonMonths: 24, periodMonths: 3"))).toBe(4000 * 8 * 1000 * 3);
  });

  it("count a segment stepped month by month at twelve times its account-periods", () => {
    // Segment a (3,000 lines) has transactors and revolvers: stepped; b (1,000) is in closed form.
    const parsed = parseScenario(
      "creditlab: 2\nsimulation: { paths: 10, horizonMonths: 12 }\nsegments:\n  - { name: a, accounts: 3000, pd: 0.02, revolvers: { share: 0.3 } }\n  - { name: b, accounts: 1000, pd: 0.05, burden: 0.5 }\n",
      "s.yaml",
    );
    if (!parsed.ok) throw new Error("the test's scenario is invalid");
    expect(runWork([parsed.value.scenario])).toBe((12 * 3000 + 1000) * 12 * 10);
  });

  it("count a segment that a variant alone steps as stepped in every variant", () => {
    // The variant converts delinquent balances into plans, which steps segment a in the base too.
    const scenarios = scenario("variants:\n  - { name: convert, policy: { forbearance: { offerAt: 1, takeUp: 0.5, kind: conversion, termMonths: 12 } } }\n");
    expect(runWork(scenarios.slice(0, 1))).toBe(4000 * 24 * 1000);
    expect(runWork(scenarios)).toBe((12 * 3000 + 12 * 1000) * 24 * 1000 * 2);
  });

  it("take the work over the rate of all workers", () => {
    expect(estimateMs(20e9, DEFAULT_RATE, 2)).toBe(100_000);
    expect(estimateMs(20e9, DEFAULT_RATE, 0)).toBe(200_000);
    expect(estimateMs(4000 * 24 * 1000, DEFAULT_RATE, 2)).toBeLessThan(ASK_ABOVE_MS);
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
