/**
 * The macro link and fixed scenario paths (docs/model.md §2.1–2.2): a linked hazard against
 * its formula written here, the link's moments against their closed forms, β = 0 against the
 * unlinked segment path by path, a fixed path against its interpolation by hand and with
 * zero variance, `residual: zero`, and the rules' errors.
 */
import { describe, expect, it } from "vitest";
import type { ScenarioInput } from "../../src/scenario/schema.ts";
import { simulatePaths } from "../../src/engine/simulate.ts";
import { periodColumns } from "../../src/engine/layout.ts";
import { Phi, PhiInv } from "../../src/math/normal.ts";
import { bookColumn, buildModel, mean, periodColumn, variance } from "./helpers.ts";
import { errorsOf, expectAt, SMALL_BOOK } from "../scenario/helpers.ts";

const UNEMPLOYMENT = { factor: "economy", mean: 5.7, sensitivity: -1.6 };

/** A one-segment scenario with unemployment on `economy` and an independent residual factor `credit`. */
function scenario(segment: Record<string, unknown>, more: Partial<ScenarioInput> = {}): ScenarioInput {
  return {
    creditlab: 2,
    simulation: { paths: 20, horizonMonths: 12, periodMonths: 1, seed: 7 },
    macro: {
      factors: { economy: { persistence: 0.9 }, credit: { persistence: 0.5 } },
      variables: { unemployment: UNEMPLOYMENT },
    },
    segments: [{ name: "cards", accounts: 400, pd: 0.04, correlation: 0.05, loadings: { credit: 1 }, ...segment }],
    ...more,
  } as ScenarioInput;
}

describe("a linked hazard", () => {
  it("defaults in a month at Φ(Φ⁻¹(q̄)·√(1+σ²) + β·(v − mean)), σ = β·sensitivity, with a fixed unemployment and no residual", () => {
    // One month, a miss is a default, no residual (R = 0): the probit of the month's default is
    // a + β·u with a set so that the average over the stationary u ~ N(0, (β·sens)²) is q̄.
    const beta = 0.3;
    const held = 9.7;
    const annual = 0.05;
    const model = buildModel(
      scenario(
        {
          accounts: 20_000,
          pd: undefined,
          missRate: annual,
          correlation: 0,
          start: "current",
          delinquency: { roll: [], stay: [] },
          link: { terms: [{ variable: "unemployment", beta }] },
        },
        {
          simulation: { paths: 40, horizonMonths: 1, periodMonths: 1, seed: 3 },
          macro: {
            factors: { economy: { persistence: 0.9 }, credit: { persistence: 0.5 } },
            variables: { unemployment: { ...UNEMPLOYMENT, path: { monthly: [held] } } },
          },
        },
      ),
    );
    const qBar = 1 - (1 - annual) ** (1 / 12);
    const sigma2 = (beta * UNEMPLOYMENT.sensitivity) ** 2;
    const q = Phi(PhiInv(qBar) * Math.sqrt(1 + sigma2) + beta * (held - UNEMPLOYMENT.mean));
    const chunk = simulatePaths(model, 0, 40);
    const rate = mean(bookColumn(chunk, "defaultRate"));
    // Binomial over 40 × 20 000 accounts, no systematic noise: 4.4 standard errors (false alarm 1e-5).
    const se = Math.sqrt((q * (1 - q)) / (40 * 20_000));
    expect(q).toBeGreaterThan(3 * qBar); // the held 9.7% unemployment is a severe month
    expect(Math.abs(rate - q)).toBeLessThan(4.4 * se);
  });

  it("compiles to the loading σ²/(1+σ²) of its index, σ² from the residual and a 12-month change by hand", () => {
    const beta = 0.25;
    const R = 0.05;
    const linked = buildModel(scenario({ link: { residualCorrelation: R, terms: [{ variable: "unemployment", beta, change: 12 }] } }));
    const plain = buildModel(scenario({ correlation: R }));
    const rhoR = plain.variants[0].segments[0].rho; // the residual's per-period loading, compiled as `correlation`
    const s = linked.variants[0].segments[0];
    const phi = 0.9;
    const phiC = 0.5;
    const b2 = (beta * UNEMPLOYMENT.sensitivity) ** 2;
    // Var(Z_t − Z_{t−12}) = 2(1 − φ¹²); Cov(Z_t − Z_{t−12}, Z_{t+1} − Z_{t−11}) = 2φ − φ¹¹ − φ¹³.
    const sigma2 = rhoR / (1 - rhoR) + b2 * 2 * (1 - phi ** 12);
    const lagOne = (rhoR / (1 - rhoR)) * phiC + b2 * (2 * phi - phi ** 11 - phi ** 13);
    expect(s.link).not.toBeNull();
    expect(s.rho).toBeCloseTo(sigma2 / (1 + sigma2), 12);
    expect(s.persistence).toBeCloseTo(lagOne / sigma2, 12);
  });

  it("with every β = 0 and residualCorrelation = correlation is the unlinked segment, path by path", () => {
    const ladder = { delinquency: { roll: [0.4, 0.6], stay: [0.1, 0] }, attrition: 0.01, product: "revolving", apr: 0.2, lateFee: 25 };
    const plain = buildModel(scenario({ ...ladder, correlation: 0.06 }));
    const linked = buildModel(
      scenario({ ...ladder, correlation: 0.02, link: { residualCorrelation: 0.06, terms: [{ variable: "unemployment", beta: 0, lag: 3, change: 6 }] } }),
    );
    const a = simulatePaths(plain, 0, 20).variants[0];
    const b = simulatePaths(linked, 0, 20).variants[0];
    expect(Buffer.from(b.book.buffer).equals(Buffer.from(a.book.buffer))).toBe(true);
    expect(Buffer.from(b.segments.buffer).equals(Buffer.from(a.segments.buffer))).toBe(true);
    expect(Buffer.from(b.periods.buffer).equals(Buffer.from(a.periods.buffer))).toBe(true);
  });

  it("a rising unemployment path raises defaults against the unlinked segment on the same residual", () => {
    const held = { ...UNEMPLOYMENT, path: { quarterly: [6, 8, 10, 10], interpolation: "linear" as const, jumpOff: 5 } };
    const macro = { factors: { economy: { persistence: 0.9 }, credit: { persistence: 0.5 } }, variables: { unemployment: held } };
    const base = buildModel(scenario({ correlation: 0.05 }, { macro }));
    const linked = buildModel(scenario({ correlation: 0.05, link: { terms: [{ variable: "unemployment", beta: 0.2 }] } }, { macro }));
    expect(mean(bookColumn(simulatePaths(linked, 0, 20), "defaults"))).toBeGreaterThan(mean(bookColumn(simulatePaths(base, 0, 20), "defaults")));
  });
});

describe("fixed scenario paths", () => {
  const columnOf = (model: ReturnType<typeof buildModel>, name: string) => periodColumns(model.layout).indexOf(name);

  it.each([
    ["linear", [4 + 1 / 3, 4 + 2 / 3, 5, 6, 7, 8, 8 + 2 / 3, 9 + 1 / 3, 10, 10, 10, 10]],
    ["step", [5, 5, 5, 8, 8, 8, 10, 10, 10, 10, 10, 10]],
  ] as const)("a quarterly path, %s inside quarters, is the same on every path, as by hand", (interpolation, byHand) => {
    const path = { quarterly: [5, 8, 10], interpolation, jumpOff: 4 };
    const model = buildModel(
      scenario({}, { macro: { factors: { economy: { persistence: 0.9 }, credit: { persistence: 0.5 } }, variables: { unemployment: { ...UNEMPLOYMENT, path } } } }),
    );
    const chunk = simulatePaths(model, 0, 20);
    const c = columnOf(model, "variable:unemployment");
    for (let t = 1; t <= 12; t++) {
      const v = periodColumn(model, chunk, t, c);
      expect(new Set(v).size).toBe(1);
      expect(v[0]).toBeCloseTo(byHand[t - 1], 12);
    }
  });

  it("a monthly path at quarterly periods takes each period's last month; the last value holds", () => {
    const model = buildModel(
      scenario(
        {},
        {
          simulation: { paths: 5, horizonMonths: 12, periodMonths: 3, seed: 1 },
          macro: { variables: { unemployment: { ...UNEMPLOYMENT, path: { monthly: [1, 2, 3, 4, 5, 6, 7] } } }, factors: { economy: { persistence: 0.9 }, credit: { persistence: 0.5 } } },
        },
      ),
    );
    const chunk = simulatePaths(model, 0, 5);
    const c = columnOf(model, "variable:unemployment");
    expect([1, 2, 3, 4].map((t) => periodColumn(model, chunk, t, c)[2])).toEqual([3, 6, 7, 7]);
  });

  it("residual: zero leaves every factor at its shift on every path", () => {
    const model = buildModel(
      scenario(
        {},
        {
          macro: {
            factors: { economy: { persistence: 0.9 }, credit: { persistence: 0.5 } },
            variables: { unemployment: UNEMPLOYMENT },
            shocks: [{ factor: "economy", path: [-1, -2] }],
            residual: "zero",
          },
        },
      ),
    );
    const chunk = simulatePaths(model, 0, 20);
    const economy = columnOf(model, "factor:economy");
    const credit = columnOf(model, "factor:credit");
    for (let t = 1; t <= 12; t++) {
      expect(Array.from(new Set(periodColumn(model, chunk, t, economy)))).toEqual([t === 1 ? -1 : -2]);
      expect(Array.from(new Set(periodColumn(model, chunk, t, credit)))).toEqual([0]);
    }
    // What is left is idiosyncratic: the default rate's spread across paths is binomial's order, not the factor's.
    expect(variance(bookColumn(chunk, "defaults"))).toBeGreaterThan(0);
  });
});

describe("rules", () => {
  it("a link reads declared variables at whole periods; a fixed path gives monthly or quarterly", () => {
    const text =
      SMALL_BOOK.replace("creditlab: 1", "creditlab: 2").replace("horizonMonths: 12", "horizonMonths: 12\n  periodMonths: 3") +
      "    link:\n      terms:\n        - { variable: hpi, beta: 0.1 }\n        - { variable: u, beta: 0.1, lag: 2 }\n" +
      "macro:\n  variables:\n    u:\n      factor: economy\n      mean: 5\n      sensitivity: -1\n      path: { monthly: [5], quarterly: [5] }\n";
    const errors = errorsOf(text);
    const at = (key: string) => errors.find((e) => e.path === key)!;
    expect(errors).toHaveLength(3);
    const [path, hpi, lag] = ["macro.variables.u.path", "segments[0].link.terms[0].variable", "segments[0].link.terms[1].lag"].map(at);
    expectAt(hpi, "segments[0].link.terms[0].variable", text, "hpi");
    expect(hpi.message).toBe('"hpi" is not a declared variable; allowed: u');
    expectAt(lag, "segments[0].link.terms[1].lag", text, "2 }");
    expect(lag.message).toBe("2 months is not a whole number of periods; allowed: a multiple of simulation.periodMonths (3)");
    expectAt(path, "macro.variables.u.path", text, "{ monthly");
    expect(path.message).toBe("a fixed path takes its values once; allowed: exactly one of monthly or quarterly");
  });
});
