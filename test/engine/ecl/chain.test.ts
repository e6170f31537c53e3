/**
 * The exact ECL of the monthly chain (src/engine/ecl/chain.ts) against computations written
 * here: the closed form of a one-state book, and a laddered book propagated by powers of its
 * transition matrix with the EAD carried as a separate state.
 */
import { describe, expect, it } from "vitest";
import { CurrentMass, episodeValues, unitEcl, unitTable, type MonthlyRates } from "../../../src/engine/ecl/chain.ts";

function constantRates(months: number, h: number, roll: number[], stay: number[], lgd: number, attrition = 0): MonthlyRates {
  const m = roll.length;
  const r = new Float64Array(months * m);
  for (let t = 0; t < months; t++) for (let k = 0; k < m; k++) r[t * m + k] = roll[k];
  return { months, hazard: new Float64Array(months).fill(h), roll: r, stay, attrition, lgd: new Float64Array(months).fill(lgd) };
}

/** A loan of balance 1, level payments at rate i a month over N months: its balance after j payments. */
function scheduledBalance(i: number, N: number, j: number): number {
  const payment = i / (1 - (1 + i) ** -N);
  let b = 1;
  for (let k = 0; k < j; k++) b = b * (1 + i) - payment;
  return b;
}

describe("one-state book: a miss is a default", () => {
  const h = 0.013;
  const lgd = 0.62;
  const r = 0.008; // discount a month
  const closed = (T: number, ead: (t: number) => number) => {
    let sum = 0;
    for (let t = 1; t <= T; t++) sum += (1 - h) ** (t - 1) * h * lgd * ead(t) / (1 + r) ** t;
    return sum;
  };

  it("12-month ECL of a line (constant EAD) is Σ (1−h)^(t−1)·h·LGD·EAD/(1+r)^t", () => {
    const rates = constantRates(60, h, [], [], lgd);
    const v = episodeValues(rates, r, 12);
    const ecl = unitEcl(rates, v, new CurrentMass(), { state: 0, months: 36, window: 12, scheduleRate: null });
    expect(Math.abs(ecl - closed(12, () => 1))).toBeLessThan(1e-12);
  });

  it("lifetime ECL of a loan with its amortizing balance, 12-month and to maturity", () => {
    const i = 0.015; // the loan's APR / 12
    const N = 30;
    const rates = constantRates(N + 5, h, [], [], lgd);
    // EAD_t: the balance after t − 1 payments, written out by the recursion b ← b(1 + i) − P.
    const ead = (t: number) => scheduledBalance(i, N, t - 1);
    const life = unitEcl(rates, episodeValues(rates, r, Infinity), new CurrentMass(), { state: 0, months: N, window: Infinity, scheduleRate: i });
    expect(Math.abs(life - closed(N, ead))).toBeLessThan(1e-9);
    const year = unitEcl(rates, episodeValues(rates, r, 12), new CurrentMass(), { state: 0, months: N, window: 12, scheduleRate: i });
    expect(Math.abs(year - closed(12, ead))).toBeLessThan(1e-9);
    // Every remaining term at once agrees with one term at a time, at a rate and at 0.
    for (const rate of [i, 0]) {
      const table = new Float64Array(N + 1);
      unitTable(rates, episodeValues(rates, r, Infinity), new CurrentMass(), { state: 0, window: Infinity, scheduleRate: rate }, N, table);
      for (const n of [1, 7, N]) {
        const own = (t: number) => (rate === 0 ? (n - t + 1) / n : scheduledBalance(rate, n, t - 1));
        expect(Math.abs(table[n] - closed(n, own))).toBeLessThan(1e-9);
      }
    }
  });

  it("no discount and h = 1: the whole EAD is lost in month 1", () => {
    const rates = constantRates(12, 1, [], [], lgd);
    expect(unitEcl(rates, episodeValues(rates, 0, 12), new CurrentMass(), { state: 0, months: 12, window: 12, scheduleRate: null })).toBeCloseTo(lgd, 14);
  });
});

/**
 * The laddered chain as a matrix: states C, D1..Dm, F plus, for each Dk, the EAD it carries
 * (a frozen balance: the account does not pay while in arrears), stepped month by month.
 * Loss in month t: (mass entering F) × its carried EAD × LGD_t × v^t.
 */
function matrixChain(o: { months: number; window: number; h: (t: number) => number; roll: number[]; stay: number[]; alpha: number; lgd: (t: number) => number; v: number; ead: (t: number) => number; start: number }): number {
  const m = o.roll.length;
  // p = [C, D1..Dm], e = EAD mass of D1..Dm
  let p = new Array(m + 1).fill(0);
  let e = new Array(m).fill(0);
  p[o.start] = 1;
  if (o.start > 0) e[o.start - 1] = 1;
  let loss = 0;
  for (let t = 1; t <= o.months + 400; t++) {
    // transition matrix for month t, with misses allowed only up to o.months
    const h = t <= o.months ? o.h(t) : 0;
    const P: number[][] = Array.from({ length: m + 2 }, () => new Array(m + 2).fill(0));
    P[0][1] = h;
    P[0][0] = (1 - h) * (1 - o.alpha);
    for (let k = 1; k <= m; k++) {
      P[k][k + 1] = o.roll[k - 1];
      P[k][k] = o.stay[k - 1];
      P[k][0] = 1 - o.roll[k - 1] - o.stay[k - 1];
    }
    const np = new Array(m + 2).fill(0);
    for (let a = 0; a <= m; a++) for (let b = 0; b <= m + 1; b++) np[b] += p[a] * P[a][b];
    const ne = new Array(m).fill(0);
    ne[0] += p[0] * h * o.ead(t);
    for (let k = 1; k <= m; k++) {
      if (k < m) ne[k] += e[k - 1] * P[k][k + 1];
      ne[k - 1] += e[k - 1] * P[k][k];
    }
    if (t <= o.window) loss += e[m - 1] * P[m][m + 1] * o.lgd(Math.min(t, o.months + 400)) * o.v ** t;
    p = np.slice(0, m + 1);
    e = ne;
  }
  return loss;
}

describe("laddered book against a matrix chain", () => {
  const roll = [0.35, 0.5, 0.7];
  const stay = [0.1, 0.2, 0.05];
  const L = 48;
  const hz = (t: number) => 0.01 + 0.004 * Math.sin(t / 5);
  const lg = (t: number) => 0.7 + 0.1 * Math.cos(t / 7);
  const rates: MonthlyRates = {
    months: L,
    hazard: Float64Array.from({ length: L }, (_, i) => hz(i + 1)),
    roll: Float64Array.from({ length: L * 3 }, (_, j) => roll[j % 3]),
    stay,
    attrition: 0.01,
    lgd: Float64Array.from({ length: L }, (_, i) => lg(i + 1)),
  };
  const i = 0.01;
  const N = 24;
  for (const start of [0, 1, 3]) {
    for (const window of [12, Infinity]) {
      it(`start ${start === 0 ? "C" : `D${start}`}, ${window === 12 ? "12 months" : "lifetime"}, amortizing loan`, () => {
        const expected = matrixChain({
          months: N, window, h: hz, roll, stay, alpha: 0.01, v: 1 / 1.009, start,
          // past the table the rates hold at month L's (the closed-form tail)
          lgd: (t) => lg(Math.min(t, L)),
          ead: (t) => scheduledBalance(i, N, t - 1),
        });
        const got = unitEcl(rates, episodeValues(rates, 0.009, window), new CurrentMass(), { state: start, months: N, window, scheduleRate: i });
        expect(Math.abs(got - expected)).toBeLessThan(1e-9);
      });
    }
  }
});

describe("properties", () => {
  it("0 ≤ 12-month ECL ≤ lifetime ECL ≤ the largest LGD, per unit of a constant EAD", async () => {
    const fc = await import("fast-check");
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.array(fc.double({ min: 0, max: 0.9, noNaN: true }), { maxLength: 4 }),
        fc.double({ min: 0, max: 0.05, noNaN: true }),
        fc.integer({ min: 1, max: 60 }),
        fc.double({ min: 0, max: 0.03, noNaN: true }),
        (h, roll, attrition, n, discount) => {
          const stay = roll.map((r) => Math.min(0.09, 1 - r));
          const rates = constantRates(80, h, roll, stay, 0.75, attrition);
          const mass = new CurrentMass();
          const year = unitEcl(rates, episodeValues(rates, discount, 12), mass, { state: 0, months: n, window: 12, scheduleRate: null });
          const life = unitEcl(rates, episodeValues(rates, discount, Infinity), mass, { state: 0, months: n, window: Infinity, scheduleRate: null });
          return year >= 0 && year <= life + 1e-15 && life <= 0.75 + 1e-12;
        },
      ),
      { numRuns: 200, seed: 19 },
    );
  });
});
