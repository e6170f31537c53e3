/**
 * ledger.ts against closed forms and plain month-by-month loops written here: an annuity's
 * balance after k payments B_k = B(1 + r)^k − P((1 + r)^k − 1)/r, its interest the sum of
 * r·B_j, and the difference arrays of an episode read back month by month against the same
 * account stepped a month at a time (a credit line's balance constant while current, a
 * loan amortizing and closing at its last payment).
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Annuity, Ledger, type Episode as LedgerEpisode } from "../../src/engine/ledger.ts";
import { annuity } from "../../src/engine/book.ts";
import { LIFE_MONTHS } from "../../src/engine/lifetime.ts";
import { PRODUCT } from "../../src/engine/model.ts";
import { simulatePaths } from "../../src/engine/simulate.ts";
import { bookColumn, buildModel, mean, variance } from "./helpers.ts";

/** The ledger's record of an episode, with `s` for its start, and what to book of it. */
type Episode = Omit<LedgerEpisode, "start"> & {
  sign: number;
  /** Month at whose end the episode began current. */
  s: number;
  from: number;
  payFrom: number;
};

/** An episode of the test's, booked through the ledger's own record of an episode. */
function book(ledger: Ledger, e: Episode): void {
  const { sign, s, from, payFrom, ...rest } = e;
  ledger.book(sign as 1 | -1, { ...rest, start: s }, from, payFrom);
}

/** Month-end balance and count of current accounts at m = 0..H, read off the difference arrays. */
function readBack(ledger: Ledger, a: Annuity, H: number): { balance: number[]; count: number[] } {
  const balance: number[] = [];
  const count: number[] = [];
  let x = 0;
  let y = 0;
  let n = 0;
  for (let m = 0; m <= H; m++) {
    x += ledger.x[m];
    y += ledger.y[m];
    n += ledger.count[m];
    balance.push(a.phi[m] * x + y);
    count.push(n);
  }
  return { balance, count };
}

/**
 * A loan current from the end of month s with balance b, paying P in each month s+1, s+2, …
 * until it leaves C in month `leave` (no payment that month) or makes its last payment
 * (closed from that month's end): month-end balances, whether current, and the interest paid.
 */
function plainLoan(o: { s: number; b: number; P: number; paid: number; term: number; r: number; leave: number; H: number }) {
  const balance = new Array<number>(o.H + 1).fill(0);
  const current = new Array<boolean>(o.H + 1).fill(false);
  let b = o.b;
  let paid = o.paid;
  let interest = 0;
  if (o.s <= o.H) {
    balance[o.s] = b;
    current[o.s] = true;
  }
  for (let m = o.s + 1; m <= o.H; m++) {
    if (m >= o.leave) break;
    interest += o.r * b;
    b = b * (1 + o.r) - o.P;
    paid++;
    if (paid >= o.term) break; // repaid: P from this month's end
    balance[m] = b;
    current[m] = true;
  }
  return { balance, current, interest, b, paid };
}

const rate = (lo: number, hi: number) => fc.double({ min: lo, max: hi, noNaN: true });

describe("Annuity", () => {
  it("balance after k payments is B(1 + r)^k − P((1 + r)^k − 1)/r, and the level payment repays the loan in n", () => {
    fc.assert(
      fc.property(rate(100, 50_000), fc.oneof(fc.constant(0), rate(1e-4, 0.05)), fc.integer({ min: 1, max: 60 }), (B, r, n) => {
        const P = annuity(B, r, n);
        const a = new Annuity(r, n);
        let plain = B;
        for (let k = 1; k <= n; k++) {
          plain = plain * (1 + r) - P;
          const closed = r === 0 ? B - P * k : B * (1 + r) ** k - (P * ((1 + r) ** k - 1)) / r;
          expect(Math.abs(a.balanceAfter(B, P, k) - closed)).toBeLessThan(1e-9 * B);
          expect(Math.abs(a.balanceAfter(B, P, k) - plain)).toBeLessThan(1e-9 * B);
        }
        expect(Math.abs(plain)).toBeLessThan(1e-7 * B);
        // The standard payment formula P = B·r/(1 − (1 + r)^−n).
        expect(Math.abs(P / (r === 0 ? B / n : (B * r) / (1 - (1 + r) ** -n)) - 1)).toBeLessThan(1e-10);
      }),
      { numRuns: 100, seed: 18 },
    );
  });

  it("interest of payments j0+1 … j1 is the sum of r·B_j over the balances they are charged on", () => {
    fc.assert(
      fc.property(rate(100, 50_000), fc.oneof(fc.constant(0), rate(1e-4, 0.05)), fc.integer({ min: 1, max: 60 }), fc.nat(), fc.nat(), (B, r, n, i, j) => {
        const P = annuity(B, r, n);
        const a = new Annuity(r, n);
        const j0 = i % (n + 1);
        const j1 = j0 + (j % (n - j0 + 1));
        let b = B;
        let sum = 0;
        for (let k = 1; k <= j1; k++) {
          if (k > j0) sum += r * b;
          b = b * (1 + r) - P;
        }
        expect(Math.abs(a.interest(B, P, j0, j1) - sum)).toBeLessThan(1e-9 * B);
      }),
      { numRuns: 100, seed: 18 },
    );
  });

  it("gives a worked example: 10,000 over 12 months at 1% a month pays 888.49, owes 5,149.21 after 6 payments", () => {
    const P = annuity(10_000, 0.01, 12);
    expect(P).toBeCloseTo(888.49, 2);
    // 10,000·1.01⁶ − 888.4879·(1.01⁶ − 1)/0.01 = 10,615.20 − 5,465.99 (by hand)
    expect(new Annuity(0.01, 12).balanceAfter(10_000, P, 6)).toBeCloseTo(5149.21, 2);
  });
});

describe("Ledger: an episode's month-end sums and interest", () => {
  it("books a credit line's balance at every month-end it is current, and interest at its rate in the months it pays", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 36 }), fc.nat(), fc.nat(), rate(0, 10_000), rate(0, 0.04), rate(0, 20_000), (H, si, ei, b, r, limit) => {
        const a = new Annuity(r, H);
        const ledger = new Ledger(PRODUCT.revolving, a, H);
        const s = si % H;
        // Leaves C in month e (s < e ≤ H), or stays through the horizon (e = H + 1).
        const e = s + 1 + (ei % (H - s + 1));
        book(ledger, { sign: 1, s, from: s, payFrom: s + 1, balance: b, payment: 0, paid: 0, term: 0, rate: r, limit, raised: false });
        if (e <= H) book(ledger, { sign: -1, s, from: e, payFrom: e, balance: b, payment: 0, paid: 0, term: 0, rate: r, limit, raised: false });
        const { balance, count } = readBack(ledger, a, H);
        for (let m = 0; m <= H; m++) {
          const current = m >= s && m < e;
          expect(count[m]).toBe(current ? 1 : 0);
          expect(balance[m]).toBeCloseTo(current ? b : 0, 6);
        }
        // Months s+1 … e−1 pay interest (none in the month it leaves).
        expect(ledger.interest).toBeCloseTo(b * r * (Math.min(e, H + 1) - s - 1), 6);
        // Current at the horizon: its undrawn limit for the lifetime view.
        expect(ledger.undrawn).toBeCloseTo(e > H ? Math.max(0, limit - b) : 0, 6);
      }),
      { numRuns: 200, seed: 18 },
    );
  });

  it("books a loan's amortizing balance, its interest, its close at the last payment and its EAD at the horizon by payments left", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 36 }),
        fc.nat(),
        fc.nat(),
        fc.integer({ min: 1, max: 48 }),
        fc.nat(),
        rate(100, 20_000),
        fc.oneof(fc.constant(0), rate(1e-4, 0.04)),
        fc.boolean(),
        (H, si, ei, term, pi, B, r, raised) => {
          const a = new Annuity(r, H);
          const ledger = new Ledger(PRODUCT.instalment, a, H);
          const s = si % H;
          const paid = pi % term;
          const P = annuity(B, r, term);
          // The loan's balance after `paid` payments, as the episode starts with it.
          let b = B;
          for (let k = 0; k < paid; k++) b = b * (1 + r) - P;
          const e = s + 1 + (ei % (H - s + 1));
          const episode = { s, payment: P, paid, term, rate: r, limit: 0, raised, balance: b };
          book(ledger, { ...episode, sign: 1, from: s, payFrom: s + 1 });
          if (e <= H) book(ledger, { ...episode, sign: -1, from: e, payFrom: e });
          const plain = plainLoan({ s, b, P, paid, term, r, leave: e, H });
          const { balance, count } = readBack(ledger, a, H);
          for (let m = 0; m <= H; m++) {
            expect(count[m]).toBe(plain.current[m] ? 1 : 0);
            expect(Math.abs(balance[m] - plain.balance[m])).toBeLessThan(1e-6 * B);
          }
          expect(Math.abs(ledger.interest - plain.interest)).toBeLessThan(1e-6 * B);
          // Current at the horizon: its balance then, at its payments left.
          const table = raised ? ledger.lifeRaised : ledger.life;
          const other = raised ? ledger.life : ledger.lifeRaised;
          const left = term - plain.paid;
          expect(other.every((v) => v === 0)).toBe(true);
          const expected = plain.current[H] ? Math.max(0, plain.balance[H]) : 0;
          expect(Math.abs(table[Math.min(left, LIFE_MONTHS)] - expected)).toBeLessThan(1e-6 * B);
          expect(Math.abs(table.reduce((acc, v) => acc + Math.abs(v), 0) - expected)).toBeLessThan(1e-6 * B);
        },
      ),
      { numRuns: 200, seed: 18 },
    );
  });

  // A loan that misses (or attrites in) the month of its last scheduled payment pays nothing
  // that month (docs/model.md §5.3: "no APR income in the month of a miss or of attrition"),
  // but the episode's tail removal, book(−1, …, from = e) with e = s + term − paid, returns
  // before it removes anything (`from >= end`), so the interest of that unpaid payment stays
  // in the ledger. simulate.ts searches exits through that month (lastMonth = s + term − paid)
  // and removes tails this way, so interest income is overstated by r·b(J−1) for each such
  // loan. Kept as a failing expectation: it passes (and this marker must go) once fixed.
  it("removes the interest of a last payment the loan misses (the tail removal returned early)", () => {
    const H = 12;
    const r = 0.02;
    const term = 6;
    const B = 6000;
    const P = annuity(B, r, term);
    const ledger = new Ledger(PRODUCT.instalment, new Annuity(r, H), H);
    const episode = { s: 0, payment: P, paid: 0, term, rate: r, limit: 0, raised: false, balance: B };
    book(ledger, { ...episode, sign: 1, from: 0, payFrom: 1 });
    // It misses in month 6, its last payment: payments 1..5 were made.
    book(ledger, { ...episode, sign: -1, from: 6, payFrom: 6 });
    const plain = plainLoan({ s: 0, b: B, P, paid: 0, term, r, leave: 6, H });
    expect(ledger.interest).toBeCloseTo(plain.interest, 6);
  });

  // The same defect through the engine: loans of 6 payments, a miss a default (roll: []),
  // ρ = 0, no attrition. Payment j is made with probability (1 − h)^j and earns r·b(j − 1),
  // so E[interest] = N·Σ_j (1 − h)^j·r·b(j − 1) exactly; the defect adds N·(1 − h)^5·h·r·b(5).
  // Measured (20 paths): engine 1,112,270 ± 773, expected 1,107,428 (+6.3 s.e.), expected
  // with the defect 1,113,352. The bound is 5 standard errors (t, 19 d.f.: false alarm 1e-4).
  it("earns no interest on the last payment of a loan that misses it, through the engine", () => {
    const N = 20_000;
    const paths = 20;
    const term = 6;
    const apr = 0.3;
    const missRate = 0.9;
    const model = buildModel({
      creditlab: 2,
      simulation: { paths, horizonMonths: 12, periodMonths: 1, seed: 1 },
      segments: [
        { name: "a", accounts: N, start: "current", product: "instalment", missRate, correlation: 0, attrition: 0, apr, termMonths: term, principal: { median: 1000, sigma: 0 }, delinquency: { roll: [] }, lgd: { mean: 0.5, sd: 0 } },
      ],
    });
    const income = bookColumn(simulatePaths(model, 0, paths), "interestIncome");
    const h = 1 - Math.pow(1 - missRate, 1 / 12);
    const r = apr / 12;
    const P = annuity(1000, r, term);
    let b = 1000;
    let expected = 0;
    for (let j = 1; j <= term; j++) {
      expected += N * Math.pow(1 - h, j) * r * b;
      b = b * (1 + r) - P;
    }
    const se = Math.sqrt(variance(income) / paths);
    expect(Math.abs(mean(income) - expected)).toBeLessThan(5 * se);
  });

  it("adds episodes up, and copyFrom and clear keep every sum", () => {
    const H = 12;
    const a = new Annuity(0.01, H);
    const one = new Ledger(PRODUCT.revolving, a, H);
    book(one, { sign: 1, s: 0, from: 0, payFrom: 1, balance: 1000, payment: 0, paid: 0, term: 0, rate: 0.02, limit: 3000, raised: false });
    book(one, { sign: 1, s: 3, from: 3, payFrom: 4, balance: 500, payment: 0, paid: 0, term: 0, rate: 0.02, limit: 800, raised: true });
    const { balance, count } = readBack(one, a, H);
    expect(balance[2]).toBeCloseTo(1000, 9);
    expect(balance[5]).toBeCloseTo(1500, 9);
    expect(count[12]).toBe(2);
    expect(one.interest).toBeCloseTo(1000 * 0.02 * 12 + 500 * 0.02 * 9, 9);
    expect(one.undrawn).toBe(2000);
    expect(one.raisedDrawn).toBe(500);
    expect(one.raisedUndrawn).toBe(300);
    const two = new Ledger(PRODUCT.revolving, a, H);
    two.copyFrom(one);
    expect(readBack(two, a, H)).toEqual({ balance, count });
    expect([two.interest, two.undrawn, two.raisedDrawn, two.raisedUndrawn]).toEqual([one.interest, one.undrawn, one.raisedDrawn, one.raisedUndrawn]);
    two.clear();
    expect(readBack(two, a, H).balance.every((v) => v === 0)).toBe(true);
    expect([two.interest, two.undrawn, two.raisedDrawn, two.raisedUndrawn]).toEqual([0, 0, 0, 0]);
  });
});
