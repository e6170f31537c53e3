/**
 * The rolls' own macro link (`link.roll`, docs/model.md §2.2): a month's roll rate on a fixed
 * unemployment path against Φ(Φ⁻¹(r)·√(1+σ_r²) + β·(v − mean)) written out here, with no
 * residual; every β = 0 against the unlinked rolls path by path; a roll link moves defaults
 * and nothing before them; and the rules' errors.
 */
import { describe, expect, it } from "vitest";
import type { ScenarioInput } from "../../src/scenario/schema.ts";
import { simulatePaths } from "../../src/engine/simulate.ts";
import { Phi, PhiInv } from "../../src/math/normal.ts";
import { bookColumn, buildModel, mean } from "./helpers.ts";
import { errorsOf, expectAt, SMALL_BOOK } from "../scenario/helpers.ts";

const UNEMPLOYMENT = { factor: "economy", mean: 5.7, sensitivity: -1.6 };

function scenario(segment: Record<string, unknown>, more: Partial<ScenarioInput> = {}): ScenarioInput {
  return {
    creditlab: 2,
    simulation: { paths: 20, horizonMonths: 12, periodMonths: 1, seed: 11 },
    macro: {
      factors: { economy: { persistence: 0.9 }, credit: { persistence: 0.5 } },
      variables: { unemployment: UNEMPLOYMENT },
    },
    segments: [{ name: "cards", accounts: 400, pd: 0.04, correlation: 0.05, loadings: { credit: 1 }, ...segment }],
    ...more,
  } as ScenarioInput;
}

describe("a roll link", () => {
  it.each([4.0, 9.0])(
    "rolls D1 to default in a month at Φ(Φ⁻¹(r)·√(1+σ²) + β·(v − mean)), σ = β·sensitivity, with unemployment held at %s and no residual",
    (held) => {
      // Every account starts in D1 of a one-bucket ladder: in month 1 it rolls into default, or cures.
      // No residual (residualCorrelation 0), so the month's roll rate is the formula's on every path.
      const beta = 0.2;
      const roll = 0.3;
      const ACCOUNTS = 50_000;
      const PATHS = 8;
      const model = buildModel(
        scenario(
          {
            accounts: ACCOUNTS,
            correlation: 0,
            start: "current",
            delinquency: { roll: [roll], stay: [0], start: [1] },
            link: { terms: [], roll: { residualCorrelation: 0, terms: [{ variable: "unemployment", beta }] } },
          },
          {
            simulation: { paths: PATHS, horizonMonths: 1, periodMonths: 1, seed: 5 },
            macro: {
              residual: "zero",
              factors: { economy: { persistence: 0.9 }, credit: { persistence: 0.5 } },
              variables: { unemployment: { ...UNEMPLOYMENT, path: { monthly: [held] } } },
            },
          },
        ),
      );
      const sigma2 = (beta * UNEMPLOYMENT.sensitivity) ** 2;
      const r = Phi(PhiInv(roll) * Math.sqrt(1 + sigma2) + beta * (held - UNEMPLOYMENT.mean));
      const rate = mean(bookColumn(simulatePaths(model, 0, PATHS), "defaults")) / ACCOUNTS;
      // Binomial over 8 × 50 000 accounts, no systematic noise: 4.4 standard errors (false alarm 1e-5).
      const se = Math.sqrt((r * (1 - r)) / (PATHS * ACCOUNTS));
      expect(Math.abs(r - roll)).toBeGreaterThan(20 * se); // the held value moves the roll well beyond the test's error
      expect(Math.abs(rate - r)).toBeLessThan(4.4 * se);
    },
  );

  it("with every β = 0 gives the unlinked rolls path by path, its residual loaded as delinquency.correlation", () => {
    const ladder = { roll: [0.4, 0.6], stay: [0.1, 0] };
    const common = { attrition: 0.01, product: "revolving", apr: 0.2, lateFee: 25, correlation: 0.05 };
    const plain = buildModel(scenario({ ...common, delinquency: { ...ladder, correlation: 0.09 } }));
    const zero = { variable: "unemployment", beta: 0, lag: 3, change: 6 };
    const runs = [
      // The roll link's residual defaults to delinquency.correlation…
      scenario({ ...common, delinquency: { ...ladder, correlation: 0.09 }, link: { terms: [], roll: { terms: [zero] } } }),
      // …or is given as the roll link's own.
      scenario({ ...common, delinquency: ladder, link: { terms: [], roll: { residualCorrelation: 0.09, terms: [zero] } } }),
    ].map((input) => simulatePaths(buildModel(input), 0, 20).variants[0]);
    const a = simulatePaths(plain, 0, 20).variants[0];
    for (const b of runs) {
      expect(Buffer.from(b.book.buffer).equals(Buffer.from(a.book.buffer))).toBe(true);
      expect(Buffer.from(b.segments.buffer).equals(Buffer.from(a.segments.buffer))).toBe(true);
      expect(Buffer.from(b.periods.buffer).equals(Buffer.from(a.periods.buffer))).toBe(true);
    }
  });

  it("a high held unemployment on the rolls alone raises defaults, and moves nothing of the miss's index", () => {
    const held = { ...UNEMPLOYMENT, path: { quarterly: [8, 10, 10, 10], jumpOff: 6 } };
    const macro = { factors: { economy: { persistence: 0.9 }, credit: { persistence: 0.5 } }, variables: { unemployment: held } };
    const ladder = { delinquency: { roll: [0.3, 0.5], stay: [0, 0] }, accounts: 2000 };
    const rollLink = (beta: number) => ({ terms: [], roll: { terms: [{ variable: "unemployment", beta }] } });
    const flat = buildModel(scenario({ ...ladder, link: rollLink(0) }, { macro }));
    const linked = buildModel(scenario({ ...ladder, link: rollLink(0.3) }, { macro }));
    const s = linked.variants[0].segments[0];
    // The miss is not linked: its loading and persistence are the residual's, as without a roll link.
    expect(s.link).toBeNull();
    expect(s.rho).toBe(flat.variants[0].segments[0].rho);
    expect(s.rollLink!.rho).toBeGreaterThan(flat.variants[0].segments[0].rhoRoll);
    expect(mean(bookColumn(simulatePaths(linked, 0, 20), "defaults"))).toBeGreaterThan(mean(bookColumn(simulatePaths(flat, 0, 20), "defaults")));
  });
});

describe("a roll link's loadings", () => {
  it("runs the rolls at σ_r²/(1+σ_r²) and gives what reads them through the miss's index that times corr², by hand", () => {
    // Miss and rolls both on unemployment's level (factor economy, sensitivity s) and the residual credit:
    // S_m = −a_m·x + β_m·s·Z, S_r = −a_r·x + β_r·s·Z, x and Z independent and N(0, 1).
    const [R, Rr, bm, br] = [0.05, 0.09, 0.2, -0.15];
    const ladder = { delinquency: { roll: [0.4, 0.6], stay: [0, 0], correlation: Rr } };
    const plain = buildModel(scenario({ ...ladder, correlation: R })).variants[0].segments[0];
    const s = buildModel(
      scenario({
        ...ladder,
        link: { residualCorrelation: R, terms: [{ variable: "unemployment", beta: bm }], roll: { residualCorrelation: Rr, terms: [{ variable: "unemployment", beta: br }] } },
      }),
    ).variants[0].segments[0];
    const sens = UNEMPLOYMENT.sensitivity;
    const am2 = plain.rho / (1 - plain.rho);
    const ar2 = plain.rhoRoll / (1 - plain.rhoRoll);
    const vm = am2 + (bm * sens) ** 2;
    const vr = ar2 + (br * sens) ** 2;
    const cov = Math.sqrt(am2 * ar2) + bm * br * sens * sens;
    expect(s.rollLink!.rho).toBeCloseTo(vr / (1 + vr), 12);
    expect(s.rhoRoll).toBeCloseTo((vr / (1 + vr)) * ((cov * cov) / (vm * vr)), 12);
  });
});

describe("a roll link's rules", () => {
  it("names an undeclared variable and a segment without rolls, at the key, with what is allowed", () => {
    const text =
      SMALL_BOOK.replace("creditlab: 1", "creditlab: 2") +
      "    delinquency: { roll: [] }\n" +
      "    link:\n      terms: []\n      roll:\n        terms:\n          - { variable: hpi, beta: 0.1 }\n" +
      "macro:\n  variables:\n    u: { factor: economy, mean: 5, sensitivity: -1 }\n";
    const errors = errorsOf(text);
    const at = (key: string) => errors.find((e) => e.path === key)!;
    expect(errors).toHaveLength(2);
    const hpi = at("segments[0].link.roll.terms[0].variable");
    expectAt(hpi, "segments[0].link.roll.terms[0].variable", text, "hpi");
    expect(hpi.message).toBe('"hpi" is not a declared variable; allowed: u');
    const none = at("segments[0].link.roll");
    expectAt(none, "segments[0].link.roll", text, "roll:", "link:");
    expect(none.message).toBe("the segment has no roll rates (delinquency.roll is empty) for a roll link to move; allowed: leave link.roll out, or give delinquency.roll");
  });
});
