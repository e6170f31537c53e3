import { describe, expect, it } from "vitest";
import { scenarioSchema, type ScenarioInput } from "../../../../src/scenario/schema.ts";
import { teachingView } from "../../../../src/ui/charts/distributions/teachingView.ts";
import { baselCapital, vasicekQuantile } from "../../../../src/ui/charts/distributions/vasicek.ts";

const onePeriod: ScenarioInput = {
  creditlab: 1,
  simulation: { periodMonths: 12, horizonMonths: 12 },
  segments: [{ name: "cards", accounts: 10_000, pd: 0.02, correlation: 0.04, delinquency: { roll: [] }, lgd: { mean: 0.8 } }],
};

const withChange = (f: (s: ScenarioInput) => void) => {
  const s = structuredClone(onePeriod);
  f(s);
  return scenarioSchema.parse(s);
};

describe("the Vasicek teaching view", () => {
  it("applies to a one-period, one-segment book where a miss is a default", () => {
    const v = teachingView(scenarioSchema.parse(onePeriod));
    expect(v).toEqual({
      kind: "vasicek",
      segment: "cards",
      pd: 0.02,
      rho: 0.04,
      lgd: 0.8,
      q999: vasicekQuantile(0.999, 0.02, 0.04),
      capital: baselCapital(0.02, 0.04, 0.8),
    });
  });

  it.each([
    ["monthly periods", (s: ScenarioInput) => (s.simulation = { periodMonths: 1, horizonMonths: 12 })],
    ["a two-year horizon", (s: ScenarioInput) => (s.simulation = { periodMonths: 12, horizonMonths: 24 })],
    ["a delinquency ladder", (s: ScenarioInput) => (s.segments[0].delinquency = { roll: [0.4] })],
    ["the default ladder", (s: ScenarioInput) => delete s.segments[0].delinquency],
    ["two segments", (s: ScenarioInput) => s.segments.push({ name: "loans", accounts: 10, pd: 0.01 })],
    [
      "scores instead of a PD",
      (s: ScenarioInput) => {
        delete s.segments[0].pd;
        s.segments[0].score = { mean: 650, sd: 50 };
        s.segments[0].scorecard = { score: 600, odds: 30, pdo: 20 };
      },
    ],
  ])("does not apply with %s", (_, change) => {
    expect(teachingView(withChange(change))).toEqual({ kind: "none", reason: null });
  });

  it.each([
    ["a shock", (s: ScenarioInput) => (s.macro = { shocks: [{ factor: "economy", path: [-1] }] }), /macro.shocks/],
    ["correlation 0", (s: ScenarioInput) => (s.segments[0].correlation = 0), /binomial/],
  ])("says why a scenario of the right shape has no closed form: %s", (_, change, reason) => {
    const v = teachingView(withChange(change));
    expect(v.kind).toBe("none");
    expect(v.kind === "none" && v.reason).toMatch(reason);
  });

  it("has nothing to show without a scenario", () => {
    expect(teachingView(null)).toEqual({ kind: "none", reason: null });
  });
});
