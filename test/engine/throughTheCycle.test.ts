/**
 * `pd` through the cycle and `correlation` as the one-year asset correlation (MODEL.md
 * version 3, §2–3). A plain simulator of its own checks the engine's compiled numbers (the
 * threshold of the book's accounts, the loadings of the miss and the rolls): it draws the
 * segment's factor paths from the scenario's AR(1) law (stationary start, persistence
 * φ^periodMonths a period) with its own generator, and carries a current account's state
 * distribution through the 12 months with the conditional rates of each path, so each
 * path's 12-month default probability is exact and only the economy is sampled. Nothing
 * here calls the hazard solver or the calibration; Φ and Φ⁻¹ come from stdlib.
 */
import { describe, expect, it } from "vitest";
import seedrandom from "seedrandom";
import fc from "fast-check";
import { buildBook } from "../../src/engine/book.ts";
import { HazardSolver } from "../../src/engine/hazard.ts";
import { simulatePaths } from "../../src/engine/simulate.ts";
import type { ScenarioInput } from "../../src/scenario/schema.ts";
import { bookColumn, buildModel, mean } from "./helpers.ts";
import { Phi, PhiInv } from "../stdlibNormal.ts";

const shifted = (p: number, rho: number, x: number) => (p <= 0 || p >= 1 || rho === 0 ? p : Phi((PhiInv(p) - Math.sqrt(rho) * x) / Math.sqrt(1 - rho)));

const PD = 0.03;
const LADDERS: number[][] = [[], [0.4], [0.4, 0.6], [0.3, 0.5, 0.7]];

const scenario = (o: { rho: number; roll: number[]; phi: number; pm: 1 | 3 | 6 | 12; accounts?: number; paths?: number; horizon?: number }): ScenarioInput => ({
  creditlab: 2,
  simulation: { paths: o.paths ?? 1, horizonMonths: o.horizon ?? 12, periodMonths: o.pm, seed: "through the cycle" },
  macro: { factors: { economy: { persistence: o.phi } } },
  segments: [
    {
      name: "book",
      accounts: o.accounts ?? 1,
      pd: PD,
      correlation: o.rho,
      attrition: 0,
      limit: { median: 1000, sigma: 0 },
      utilization: 1,
      delinquency: { roll: o.roll, stay: o.roll.map(() => 0.1) },
      lgd: { mean: 0.8, sd: 0 },
    },
  ],
});

/** What the engine compiled for the scenario: its accounts' threshold and the two loadings. */
function compiled(input: ScenarioInput) {
  const model = buildModel(input);
  const s = model.variants[0].segments[0];
  const a = buildBook(model).variants[0].a[0];
  return { a, rho: s.rho, rhoRoll: s.rhoRoll, roll: Array.from(s.roll), stay: Array.from(s.stay), correlation: s.correlation };
}

/**
 * The 12-month default probability of a current account on `paths` factor paths (antithetic
 * pairs: path 2k+1 is path 2k negated), each by the exact distribution of the monthly chain.
 */
function yearDefaults(c: ReturnType<typeof compiled>, phiMonthly: number, pm: number, paths: number, seed: string): Float64Array {
  const rng = seedrandom(seed);
  const n = 12 / pm;
  const phi = phiMonthly ** pm;
  const m = c.roll.length;
  const out = new Float64Array(paths);
  const x = new Float64Array(n);
  const r = new Float64Array(m);
  const p = new Float64Array(m + 2);
  const next = new Float64Array(m + 2);
  for (let k = 0; k < paths; k += 2) {
    for (let t = 0; t < n; t++) {
      const z = PhiInv(Math.min(Math.max(rng(), 1e-12), 1 - 1e-12));
      x[t] = t === 0 ? z : phi * x[t - 1] + Math.sqrt(1 - phi * phi) * z;
    }
    for (const sign of [1, -1]) {
      p.fill(0);
      p[0] = 1;
      for (let t = 0; t < n; t++) {
        const xt = sign * x[t];
        const q = Phi((c.a - Math.sqrt(c.rho) * xt) / Math.sqrt(1 - c.rho));
        const h = 1 - (1 - q) ** (1 / pm);
        for (let j = 0; j < m; j++) r[j] = Math.min(shifted(c.roll[j], c.rhoRoll, xt), 1 - c.stay[j]);
        for (let month = 0; month < pm; month++) {
          next.fill(0);
          next[0] += p[0] * (1 - h);
          next[m === 0 ? m + 1 : 1] += p[0] * h;
          for (let j = 1; j <= m; j++) {
            next[j === m ? m + 1 : j + 1] += p[j] * r[j - 1];
            next[j] += p[j] * c.stay[j - 1];
            next[0] += p[j] * (1 - r[j - 1] - c.stay[j - 1]);
          }
          next[m + 1] += p[m + 1];
          p.set(next);
        }
      }
      out[k + (sign === 1 ? 0 : 1)] = p[m + 1];
    }
  }
  return out;
}

/** Mean and standard error over antithetic pairs. */
function pairMean(d: Float64Array): { mean: number; se: number } {
  const n = d.length / 2;
  let s = 0;
  let ss = 0;
  for (let k = 0; k < n; k++) {
    const v = (d[2 * k] + d[2 * k + 1]) / 2;
    s += v;
    ss += v * v;
  }
  const mu = s / n;
  return { mean: mu, se: Math.sqrt((ss / n - mu * mu) / (n - 1)) };
}

describe("pd is the 12-month default rate averaged over the stationary economy", () => {
  // 96 cells, each within 4.5 standard errors: a false alarm once in 1,500 runs of the grid.
  for (const pm of [1, 3, 12] as const) {
    it(`at periodMonths ${pm}: ρ ∈ {0, 0.04, 0.15, 0.3} × ladders of 0–3 buckets × persistence {0, 0.9}`, () => {
      for (const rho of [0, 0.04, 0.15, 0.3]) {
        for (const roll of LADDERS) {
          for (const phi of [0, 0.9]) {
            const c = compiled(scenario({ rho, roll, phi, pm }));
            const { mean: m, se } = pairMean(yearDefaults(c, phi, pm, 3000, `${pm}:${rho}:${roll.length}:${phi}`));
            const cell = `ρ ${rho}, ${roll.length} buckets, φ ${phi}`;
            if (rho === 0) expect(Math.abs(m - PD), cell).toBeLessThan(1e-12);
            else expect(Math.abs(m - PD), `${cell}: ${m} ± ${se}`).toBeLessThan(4.5 * se);
          }
        }
      }
    });
  }

  it("through the engine's own paths: a neutral book of current accounts defaults at pd within a year", () => {
    // Mean over paths of the book's default rate, within 4 standard errors of the paths (1 in 16,000 per cell).
    for (const pm of [1, 3] as const) {
      const paths = 400;
      const model = buildModel(scenario({ rho: 0.15, roll: [0.4, 0.6], phi: 0.9, pm, accounts: 2000, paths }));
      const rate = bookColumn(simulatePaths(model, 0, paths), "defaultRate");
      const m = mean(rate);
      const se = Math.sqrt(rate.reduce((s, v) => s + (v - m) ** 2, 0) / (paths - 1) / paths);
      expect(Math.abs(m - PD), `periodMonths ${pm}: ${m} ± ${se}`).toBeLessThan(4 * se);
    }
  });
});

/** Vasicek's α-quantile of the one-year default rate of a large book. */
const vasicek = (alpha: number, pd: number, R: number) => Phi((PhiInv(pd) + Math.sqrt(R) * PhiInv(alpha)) / Math.sqrt(1 - R));

describe("correlation is the one-year asset correlation R", () => {
  it("with one period a year and no ladder, the loading is R itself (Vasicek's model as it was)", () => {
    for (const phi of [0, 0.9]) {
      const c = compiled(scenario({ rho: 0.15, roll: [], phi, pm: 12 }));
      expect(c.rho).toBe(0.15);
    }
  });

  // The loading matches Vasicek's second moment; the quantiles that follow are within the
  // gaps docs/model.md §2 states. Each check allows 4 binomial standard errors of the
  // order statistic on top (a false alarm once in 30,000 checks).
  const PATHS = 20_000;
  /** Simulated quantile ÷ Vasicek's − 1 by `periodMonths persistence buckets α`: SHOW_GAPS=1 prints them. */
  const GAP: Record<string, number> = {};
  for (const pm of [1, 3, 12] as const) {
    for (const phi of [0, 0.9]) {
      for (const roll of [[], [0.4, 0.6]]) {
        it(`periodMonths ${pm}, persistence ${phi}, ${roll.length} buckets: mean pd, 99% and 99.9% quantiles near Vasicek(pd, R)`, () => {
          const R = 0.15;
          const c = compiled(scenario({ rho: R, roll, phi, pm }));
          const d = yearDefaults(c, phi, pm, PATHS, `tail ${pm} ${phi} ${roll.length}`);
          const { mean: m, se } = pairMean(d);
          expect(Math.abs(m - PD)).toBeLessThan(4 * se);
          const sorted = Float64Array.from(d).sort();
          for (const alpha of [0.99, 0.999]) {
            const v = vasicek(alpha, PD, R);
            const k = alpha * PATHS;
            const band = 4 * Math.sqrt(PATHS * alpha * (1 - alpha));
            const lo = sorted[Math.max(0, Math.floor(k - band))];
            const hi = sorted[Math.min(PATHS - 1, Math.ceil(k + band))];
            // The gaps docs/model.md §2 states: 99% within 4%; 99.9% up to +17% at monthly periods with no ladder.
            const gap = alpha === 0.99 ? 0.05 : pm === 1 && roll.length === 0 ? 0.2 : 0.08;
            GAP[`${pm} ${phi} ${roll.length} ${alpha}`] = sorted[Math.round(k)] / v - 1;
            expect(v, `${alpha}: Vasicek ${v}, simulated ${sorted[Math.round(k)]} [${lo}, ${hi}]`).toBeGreaterThan(lo / (1 + gap));
            expect(v, `${alpha}: Vasicek ${v}, simulated ${sorted[Math.round(k)]} [${lo}, ${hi}]`).toBeLessThan(hi * (1 + gap));
          }
        });
      }
    }
  }
  it.skipIf(!process.env.SHOW_GAPS)("prints the quantile gaps", () => console.log(GAP));
});

describe("the table of many accounts' hazards", () => {
  // The table interpolates the exact solve; its stated error (docs/model.md §3.2) is checked
  // against that solve on a dense set of PDs, and its order by a property.
  const economies = [
    { roll: [0.4, 0.6], stay: [0.1, 0.1], rho: 0.07, rhoRoll: 0.07, persistence: 0.9, periodMonths: 1 },
    { roll: [0.3, 0.5, 0.7], stay: [0.1, 0.2, 0], rho: 0.3, rhoRoll: 0.2, persistence: 0.9 ** 3, periodMonths: 3 },
    { roll: [], stay: [], rho: 0.12, rhoRoll: 0.12, persistence: 0.9, periodMonths: 1 },
  ];
  it("is within 5e-5 of the exact hazard up to half the ladder's ceiling, and gives the PD asked within 3e-5", () => {
    for (const e of economies) {
      const solver = new HazardSolver(e);
      for (let i = 0; i < 300; i++) {
        const pd = Math.exp(Math.log(1e-5) + ((Math.log(solver.max / 2) - Math.log(1e-5)) * (i + 0.5)) / 300);
        const h = solver.lookup(pd);
        expect(Math.abs(h / solver.hazard(pd) - 1)).toBeLessThan(5e-5);
        expect(Math.abs(solver.annual(h) / pd - 1)).toBeLessThan(3e-5);
      }
    }
  });
  it("never gives a riskier account a lower hazard", () => {
    const solver = new HazardSolver(economies[0]);
    fc.assert(
      fc.property(fc.double({ min: 1e-7, max: 0.99, noNaN: true }), fc.double({ min: 1e-7, max: 0.99, noNaN: true }), (p, q) => {
        const [lo, hi] = p < q ? [p, q] : [q, p];
        expect(solver.lookup(lo)).toBeLessThanOrEqual(solver.lookup(hi));
      }),
    );
  });
});

describe("a variant that moves the economy", () => {
  it("solves its hazards through its own cycle: a variant at another correlation gets the thresholds of a base at it", () => {
    const at = (correlation: number, persistence = 0.9): ScenarioInput => ({
      creditlab: 2,
      simulation: { paths: 1, horizonMonths: 12, periodMonths: 1, seed: 3 },
      macro: { factors: { economy: { persistence } } },
      segments: [
        { name: "cards", accounts: 300, start: "current", pd: 0.03, correlation, delinquency: { roll: [0.35, 0.65] } },
        { name: "scored", accounts: 300, start: "current", correlation, score: { mean: 640, sd: 50 }, scorecard: { score: 600, odds: 20, pdo: 40 } },
      ],
    } as ScenarioInput);
    const together = buildBook(buildModel(at(0.04), [{ name: "riskier", input: at(0.15, 0.5) }]));
    const alone = buildBook(buildModel(at(0.15, 0.5)));
    expect(Array.from(together.variants[1].a)).toEqual(Array.from(alone.variants[0].a));
    expect(Array.from(together.variants[1].a)).not.toEqual(Array.from(together.variants[0].a));
  });
});
