/**
 * Books that start as they are (docs/model.md §4.4): a segment given by `accounts` starts in
 * its steady-state mix of current, delinquent and defaulted accounts. Checked against a plain
 * power iteration of the monthly chain with exits replaced by new current accounts, and
 * through the engine: in a neutral economy with steady originations the mean NPL ratio is
 * flat from month 1.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { simulatePaths } from "../../src/engine/simulate.ts";
import { buildBook } from "../../src/engine/book.ts";
import { EconomyMix, steadyMix } from "../../src/engine/steady.ts";
import { PERIOD_FIXED } from "../../src/engine/layout.ts";
import { Phi, PhiInv, Shift, shifted } from "../../src/math/normal.ts";
import { State } from "../../src/engine/state.ts";
import type { ScenarioInput } from "../../src/scenario/schema.ts";
import { buildModel, mean, periodColumn, variance } from "./helpers.ts";

interface Chain {
  h: number;
  alpha: number;
  roll: number[];
  stay: number[];
  chargeOff: number;
}

/**
 * The monthly chain on [C, D1..Dm, F at month-ends 1..c]: one month of mass vector v, exits
 * (attrition from C, write-off after F's last month-end) returned separately.
 */
function step(ch: Chain, v: number[]): { next: number[]; exits: number } {
  const m = ch.roll.length;
  const next = new Array(v.length).fill(0);
  const F0 = 1 + m;
  let exits = 0;
  // C: a miss with h (first), else attrition with α, else stays.
  const toMiss = v[0] * ch.h;
  next[0] += v[0] * (1 - ch.h) * (1 - ch.alpha);
  exits += v[0] * (1 - ch.h) * ch.alpha;
  const intoDefault = (x: number) => {
    if (ch.chargeOff > 0) next[F0] += x;
    else exits += x;
  };
  if (m === 0) intoDefault(toMiss);
  else next[1] += toMiss;
  for (let k = 0; k < m; k++) {
    const d = v[1 + k];
    const roll = d * ch.roll[k];
    if (k + 1 < m) next[2 + k] += roll;
    else intoDefault(roll);
    next[1 + k] += d * ch.stay[k];
    next[0] += d * (1 - ch.roll[k] - ch.stay[k]);
  }
  for (let j = 0; j < ch.chargeOff; j++) {
    if (j + 1 < ch.chargeOff) next[F0 + j + 1] += v[F0 + j];
    else exits += v[F0 + j];
  }
  return { next, exits };
}

/** Stationary mix by power iteration, each exit replaced by a current account. */
function powerIteration(ch: Chain): number[] {
  let v = new Array(1 + ch.roll.length + ch.chargeOff).fill(0);
  v[0] = 1;
  for (let n = 0; n < 20_000; n++) {
    const { next, exits } = step(ch, v);
    next[0] += exits;
    v = next;
  }
  return v;
}

describe("the steady-state mix", () => {
  it("equals the power iteration of the monthly chain with exits replaced (ladders of 0–3 buckets, stays, work-outs)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-4, max: 0.2, noNaN: true }),
        fc.array(fc.tuple(fc.double({ min: 0.05, max: 0.9, noNaN: true }), fc.double({ min: 0, max: 0.09, noNaN: true })), { maxLength: 3 }),
        fc.integer({ min: 0, max: 6 }),
        fc.double({ min: 0, max: 0.1, noNaN: true }),
        (h, ladder, chargeOff, alpha) => {
          const ch: Chain = { h, alpha, roll: ladder.map((x) => x[0]), stay: ladder.map((x) => x[1]), chargeOff };
          const pi = powerIteration(ch);
          const mix = steadyMix(h, { roll: Float64Array.from(ch.roll), stay: Float64Array.from(ch.stay), chargeOffMonths: chargeOff });
          ch.roll.forEach((_, k) => expect(mix.arrears[k]).toBeCloseTo(pi[1 + k], 9));
          const F = pi.slice(1 + ch.roll.length).reduce((a, b) => a + b, 0);
          expect(mix.defaulted).toBeCloseTo(F, 9);
        },
      ),
      { numRuns: 60 },
    );
  });
});

const N = 20_000;
const ROLL = [0.4, 0.6];
const ALPHA = 0.01;
const CHARGE_OFF = 3;
const LIMIT = 10_000;
const UTIL = 0.5;
const PENALTY = 0.36 / 12;
const FEE = 25;
const CCF = 0.5;

/** A neutral book (ρ = 0, no shocks) whose applicants are its own accounts' risk: PD 5% at score 600. */
function book(perMonth: number, start: "steady" | "current" = "steady", stay = [0, 0]): ScenarioInput {
  return {
    creditlab: 2,
    simulation: { paths: 40, horizonMonths: 24, seed: 11 },
    segments: [
      {
        name: "cards",
        accounts: N,
        product: "revolving",
        score: { mean: 600, sd: 0 },
        scorecard: { score: 600, odds: 19, pdo: 20 },
        originations: { perMonth, score: { mean: 600, sd: 0 } },
        correlation: 0,
        limit: { median: LIMIT, sigma: 0 },
        utilization: UTIL,
        ccf: CCF,
        apr: 0.36,
        lateFee: FEE,
        attrition: ALPHA,
        chargeOffMonths: CHARGE_OFF,
        delinquency: { roll: ROLL, stay },
        lgd: { mean: 0.8, sd: 0 },
        start,
      },
    ],
  };
}

/** The engine's monthly hazard of the book's accounts: its period probability Φ(a), one month a period. */
function hazardOf(input: ScenarioInput): number {
  return Phi(buildBook(buildModel(input)).variants[0].a[0]);
}

describe("a book that starts in its steady state", () => {
  it("places its starting accounts in the power iteration's mix (stays included)", () => {
    const input = book(0, "steady", [0.25, 0.1]);
    const h = hazardOf(input);
    const pi = powerIteration({ h, alpha: ALPHA, roll: ROLL, stay: [0.25, 0.1], chargeOff: CHARGE_OFF });
    const c = buildBook(buildModel(input)).variants[0];
    const share = (st: number) => c.startState.subarray(0, N).reduce((n, x) => n + (x === st ? 1 : 0), 0) / N;
    const F = pi.slice(3).reduce((a, b) => a + b, 0);
    // The starting uniforms are a Weyl sequence: each share is held to within a few accounts
    // (its discrepancy is of order log N / N), far inside a binomial's √(Nπ) of about 12–20.
    for (const [st, p] of [
      [State.C, pi[0]],
      [State.D1, pi[1]],
      [State.D1 + 1, pi[2]],
      [State.F, F],
    ] as const) {
      expect(Math.abs(share(st) - p) * N).toBeLessThan(Math.log(N));
    }
    // The work-out's month-ends hold as many each, to the sequence's few accounts.
    const ages = [0, 1, 2].map((a) => c.startAge.subarray(0, N).reduce((n, x, i) => n + (c.startState[i] === State.F && x === a ? 1 : 0), 0));
    expect(Math.max(...ages) - Math.min(...ages)).toBeLessThan(Math.log(N));
  });

  it("has a flat mean NPL ratio from month 1 in a neutral economy with steady originations", () => {
    // Originations replace the accounts the steady book loses each month (attrition, write-offs).
    const h = hazardOf(book(1));
    const ch: Chain = { h, alpha: ALPHA, roll: ROLL, stay: [0, 0], chargeOff: CHARGE_OFF };
    const pi = powerIteration(ch);
    const lost = step(ch, pi).exits;
    const perMonth = Math.round(N * lost);
    // Balances as the engine charges them, computed by hand: a miss or a roll adds a month's
    // penalty interest and the late fee, then a month's draw-down, CCF·(L − B₀)/m, until the
    // line has drawn CCF·(L − B₀) (docs/model.md §5.4); the default's charge completes EAD.
    const draw = (CCF * (LIMIT - UTIL * LIMIT)) / ROLL.length;
    const b = [UTIL * LIMIT];
    for (let k = 1; k <= ROLL.length + 1; k++) b.push(b[k - 1] * (1 + PENALTY) + FEE + (k <= ROLL.length ? draw : 0));
    const ead = b[3];
    const balances = [b[0], b[1], b[2], ead, ead, ead];
    const npl = (v: number[]) => {
      const total = v.reduce((s, x, j) => s + x * balances[j], 0);
      // Non-performing: in default (F); D2 is 31–60 days past due.
      return ((v[3] + v[4] + v[5]) * ead) / total;
    };
    // The expected book month by month: the starting mix run forward plus the applicants.
    let v = pi.map((x) => x * N);
    const expected: number[] = [];
    for (let t = 1; t <= 24; t++) {
      v = step(ch, v).next;
      v[0] += perMonth;
      expected.push(npl(v));
    }
    const steady = npl(pi);
    // The hand computation itself is flat: the rounding of the applicants moves it by less than 0.2%.
    for (const e of expected) expect(Math.abs(e / steady - 1)).toBeLessThan(0.002);

    const model = buildModel(book(perMonth));
    const chunk = simulatePaths(model, 0, 40);
    const nplColumn = PERIOD_FIXED.indexOf("nplRatio");
    // 24 months at 3.5 standard errors each: a false alarm below 24 × 4.7e-4 ≈ 1.1% (Bonferroni).
    for (let t = 1; t <= 24; t++) {
      const x = periodColumn(model, chunk, t, nplColumn);
      const se = Math.sqrt(variance(x) / x.length);
      expect(Math.abs(mean(x) - expected[t - 1])).toBeLessThan(3.5 * se);
    }
    // A book that starts current starts far below it: month 1 can only hold D1 accounts.
    const current = buildModel(book(perMonth, "current"));
    const first = mean(periodColumn(current, simulatePaths(current, 0, 4), 1, nplColumn));
    expect(first).toBe(0);
    expect(steady).toBeGreaterThan(0.01);
  });
});

describe("the steady mix averaged over the economy", () => {
  it("matches a plain simulation of the chain under a persistent one-factor economy", () => {
    // One factor, AR(1) with monthly persistence 0.9, ρ = 0.15 on misses and rolls; each path
    // runs 120 months of the renewal chain from all-current, and its month-end masses are averaged.
    const rho = 0.15;
    const phi = 0.9;
    const q = 0.004;
    const ch = { roll: [0.4, 0.6], stay: [0.1, 0], chargeOff: 3 };
    const model = buildModel({
      creditlab: 2,
      macro: { factors: { economy: { persistence: phi } } },
      segments: [{ name: "s", accounts: 10, missRate: 0.05, correlation: rho, chargeOffMonths: ch.chargeOff, delinquency: { roll: ch.roll, stay: ch.stay } }],
    });
    const s = model.variants[0].segments[0];
    const a = PhiInv(q);
    const engine = new EconomyMix(s, model.variants[0].macro, 1).of(a, { arrears: new Float64Array(2), defaulted: 0 });
    // A plain generator for the test's own economy: a 32-bit LCG through Box–Muller.
    let state = 12345;
    const uniform = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) + 0.5) / 2 ** 32;
    const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
    const shift = (p: number, x: number) => Phi((PhiInv(p) - Math.sqrt(rho) * x) / Math.sqrt(1 - rho));
    const paths = 4000;
    const sums = [0, 0, 0];
    const squares = [0, 0, 0];
    for (let k = 0; k < paths; k++) {
      let x = normal();
      let [c, d1, d2] = [1, 0, 0];
      const F = [0, 0, 0];
      for (let t = 0; t < 120; t++) {
        x = phi * x + Math.sqrt(1 - phi * phi) * normal();
        const h = shift(q, x);
        const r1 = Math.min(shift(0.4, x), 1 - 0.1);
        const r2 = shift(0.6, x);
        const written = F[2];
        const nd1 = c * h + d1 * 0.1;
        const nd2 = d1 * r1;
        const nc = c * (1 - h) + d1 * (1 - r1 - 0.1) + d2 * (1 - r2) + written;
        F[2] = F[1];
        F[1] = F[0];
        F[0] = d2 * r2;
        [c, d1, d2] = [nc, nd1, nd2];
      }
      const out = [d1, d2, F[0] + F[1] + F[2]];
      out.forEach((v, j) => {
        sums[j] += v;
        squares[j] += v * v;
      });
    }
    const got = [engine.arrears[0], engine.arrears[1], engine.defaulted];
    got.forEach((g, j) => {
      const m = sums[j] / paths;
      const sd = Math.sqrt(squares[j] / paths - m * m);
      // The test's error and the engine's (2,048 paths of the same law): 4 combined standard
      // errors, a false alarm below 2 in 10,000 per state.
      const se = sd * Math.sqrt(1 / paths + 1 / 2048);
      expect(Math.abs(g - m)).toBeLessThan(4 * se);
    });
    // Misses and rolls rise together in bad months: more in arrears than the chain of average rates.
    const average = steadyMix(q, { roll: Float64Array.from(ch.roll), stay: Float64Array.from(ch.stay), chargeOffMonths: 3 });
    expect(engine.arrears[1]).toBeGreaterThan(average.arrears[1] * 1.05);
  });
});

describe("the economy's mixes kept between books", () => {
  const ladder = (roll: number[], persistence = 0.9): ScenarioInput => ({
    creditlab: 2,
    macro: { factors: { economy: { persistence } } },
    segments: [{ name: "s", accounts: 10, missRate: 0.05, correlation: 0.15, chargeOffMonths: 3, delinquency: { roll, stay: [0.1, 0] } }],
  });
  const mixOf = (input: ScenarioInput, a: number) => {
    const model = buildModel(input);
    return new EconomyMix(model.variants[0].segments[0], model.variants[0].macro, 1).of(a, { arrears: new Float64Array(2), defaulted: 0 });
  };
  const numbers = (m: { arrears: Float64Array; defaulted: number }) => [...m.arrears, m.defaulted];

  it("gives a model compiled again its mix to the bit, and each ladder and economy its own", () => {
    const a = PhiInv(0.004);
    const first = numbers(mixOf(ladder([0.4, 0.6]), a));
    // Other rolls, another persistence: other mixes (a key missing either would return the first).
    const roll = numbers(mixOf(ladder([0.5, 0.6]), a));
    const persistence = numbers(mixOf(ladder([0.4, 0.6], 0.5), a));
    expect(roll[1]).not.toBe(first[1]);
    expect(persistence[1]).not.toBe(first[1]);
    expect(numbers(mixOf(ladder([0.4, 0.6]), a))).toEqual(first);
    // Enough other ladders to push the first out of every cache: made anew, the same bits.
    for (let k = 0; k < 20; k++) mixOf(ladder([0.3 + k / 100, 0.6]), a);
    expect(numbers(mixOf(ladder([0.4, 0.6]), a))).toEqual(first);
  });

  it("shifts by Shift as by shifted, bit for bit", () => {
    const p = fc.oneof(fc.constantFrom(0, 1, 1e-300, 1 - 2 ** -53), fc.double({ min: 0, max: 1, noNaN: true }));
    const rho = fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.99, noNaN: true }));
    fc.assert(
      fc.property(p, rho, fc.double({ min: -8, max: 8, noNaN: true }), (p, rho, x) => {
        expect(Object.is(new Shift(p, rho).at(x), shifted(p, rho, x))).toBe(true);
      }),
    );
  });
});
