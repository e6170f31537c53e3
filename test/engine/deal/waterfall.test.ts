/**
 * The securitization waterfall (src/engine/deal/waterfall.ts) against hand computations
 * written out below: a one-note deal paying the pool's cash through, a three-note
 * sequential master trust whose excess-spread trigger hits in period 3, pro rata against
 * sequential on one pool, a level-pay pool's WAL against the annuity's closed form, and the
 * reserve account's draws and refills. Every expected figure is worked by hand in the comments.
 */
import { describe, expect, it } from "vitest";
import { noteTotals, runWaterfall, type DealPath, type DealSpec, type PoolFlows } from "../../../src/engine/deal/waterfall.ts";

const f64 = (xs: number[]) => Float64Array.from(xs);

function pool(p: { balance: number[]; finance: number[]; principal: number[]; defaults?: number[]; recoveries?: number[] }): PoolFlows {
  const T = p.finance.length;
  return {
    balance: f64(p.balance),
    finance: f64(p.finance),
    principal: f64(p.principal),
    defaults: f64(p.defaults ?? new Array(T).fill(0)),
    recoveries: f64(p.recoveries ?? new Array(T).fill(0)),
  };
}

function deal(d: Partial<DealSpec> & Pick<DealSpec, "notes">): DealSpec {
  return {
    kind: "amortizing",
    investedShare: 1,
    revolvingPeriods: 0,
    principal: "sequential",
    servicingFee: 0,
    reserve: { initial: 0, target: 0 },
    triggers: { excessSpread: null, cumulativeDefaults: null },
    periodMonths: 1,
    ...d,
  };
}

/** Note k's values over the periods. */
const noteRow = (path: DealPath, what: "interest" | "principal" | "loss" | "balance", k: number) =>
  Array.from(path[what].subarray(k * path.periods, (k + 1) * path.periods));

const cents = (xs: number[], ys: number[]) => {
  expect(xs.length).toBe(ys.length);
  xs.forEach((x, i) => expect(x, `index ${i}`).toBeCloseTo(ys[i], 2));
};

describe("a one-note deal", () => {
  it("pays the pool's cash through: finance charges as interest, collections as principal", () => {
    // Coupon 12% a year = 1% a month of the note, which tracks the pool: 10, 9, 8 due, exactly the finance charges.
    const p = pool({ balance: [1000, 900, 800, 700], finance: [10, 9, 8], principal: [100, 100, 100] });
    const out = runWaterfall(deal({ notes: [{ name: "all", size: 1, coupon: 0.12 }] }), p);
    cents(noteRow(out, "interest", 0), [10, 9, 8]);
    cents(noteRow(out, "principal", 0), [100, 100, 100]);
    cents(noteRow(out, "loss", 0), [0, 0, 0]);
    cents(noteRow(out, "balance", 0), [900, 800, 700]);
  });

  it("takes the pool's charge-offs as its loss when the finance charges are all owed as interest", () => {
    // Coupon 120% a year: 10% a month, more than the finance charges, so nothing is left for the
    // default amount (5 a period), which writes the note down; its balance follows the pool's.
    const p = pool({ balance: [1000, 895, 790, 685], finance: [10, 9, 8], principal: [100, 100, 100], defaults: [5, 5, 5] });
    const out = runWaterfall(deal({ notes: [{ name: "all", size: 1, coupon: 1.2 }] }), p);
    cents(noteRow(out, "interest", 0), [10, 9, 8]);
    cents(noteRow(out, "principal", 0), [100, 100, 100]);
    cents(noteRow(out, "loss", 0), [5, 5, 5]);
    cents(noteRow(out, "balance", 0), [895, 790, 685]);
  });
});

describe("a three-note sequential master trust with its excess-spread trigger hit in period 3", () => {
  // Pool 1,000,000, investor interest 80% = 800,000: A 600,000 at 6%, B 120,000 at 12%,
  // C 80,000 at 18% (monthly 3,000, 1,200, 1,200 = 5,400); servicing 1.5% a year = 1,000 a
  // month on 800,000; reserve 1% = 8,000 at closing, target 2% = 16,000; revolving 6 months;
  // trigger: the three-month average excess spread below 2% a year.
  const spec = deal({
    kind: "masterTrust",
    investedShare: 0.8,
    revolvingPeriods: 6,
    servicingFee: 0.015,
    notes: [
      { name: "A", size: 0.75, coupon: 0.06 },
      { name: "B", size: 0.15, coupon: 0.12 },
      { name: "C", size: 0.1, coupon: 0.18 },
    ],
    reserve: { initial: 0.01, target: 0.02 },
    triggers: { excessSpread: 0.02, cumulativeDefaults: 0.5 },
  });
  // The seller keeps the pool at 1,000,000 while it revolves; then it runs off.
  const p = pool({
    balance: [1e6, 1e6, 1e6, 1e6, 890_000, 801_000],
    finance: [20_000, 12_000, 10_000, 9_000, 8_900],
    principal: [100_000, 100_000, 100_000, 100_000, 89_000],
    defaults: [5_000, 10_000, 10_000, 10_000, 0],
  });
  const out = runWaterfall(spec, p);

  it("matches the hand computation to the cent", () => {
    // Period 1: floating share 0.8: finance 16,000 − fee 1,000 − interest 5,400 − default amount 4,000
    //   = 5,600 into the reserve (8,000 → 13,600). Spread 5,600 / 800,000 × 12 = 8.4%.
    // Period 2: 9,600 − 1,000 − 5,400 = 3,200 of the default amount 8,000; the reserve pays 4,800 (→ 8,800). Spread −4,800 × 12 / 800,000 = −7.2%.
    // Period 3: 8,000 − 1,000 − 5,400 = 1,600 of 8,000; the reserve pays 6,400 (→ 2,400). Spread −9.6%.
    //   Three-month average (8.4 − 7.2 − 9.6)/3 = −2.8% < 2%: early amortization from period 4,
    //   the fixed share 800,000 / 1,000,000 = 0.8.
    // Period 4: 7,200 − 1,000 − 5,400 = 800, the reserve's last 2,400: 3,200 of 8,000 covered; 4,800
    //   writes C down (80,000 → 75,200). Principal 0.8 × 100,000 + 3,200 = 83,200 to A (→ 516,800).
    // Period 5: invested 712,000 over 890,000 = 0.8: finance 7,120 − fee 890 − interest
    //   (2,584 + 1,200 + 1,128 = 4,912) = 1,318 reinstates C (→ 76,518, loss −1,318). Principal
    //   0.8 × 89,000 + 1,318 = 72,518 to A (→ 444,282). Spread 1,318 × 12 / 712,000.
    cents(noteRow(out, "interest", 0), [3000, 3000, 3000, 3000, 2584]);
    cents(noteRow(out, "interest", 1), [1200, 1200, 1200, 1200, 1200]);
    cents(noteRow(out, "interest", 2), [1200, 1200, 1200, 1200, 1128]);
    cents(noteRow(out, "principal", 0), [0, 0, 0, 83_200, 72_518]);
    cents(noteRow(out, "principal", 1), [0, 0, 0, 0, 0]);
    cents(noteRow(out, "principal", 2), [0, 0, 0, 0, 0]);
    cents(noteRow(out, "loss", 2), [0, 0, 0, 4_800, -1_318]);
    cents(noteRow(out, "balance", 0), [600_000, 600_000, 600_000, 516_800, 444_282]);
    cents(noteRow(out, "balance", 2), [80_000, 80_000, 80_000, 75_200, 76_518]);
    cents(Array.from(out.reserve), [13_600, 8_800, 2_400, 0, 0]);
    cents(Array.from(out.excessSpread).map((x) => x * 1e4), [840, -720, -960, -1080, ((1318 * 12) / 712_000) * 1e4]);
    expect(Array.from(out.triggered)).toEqual([0, 0, 1, 1, 1]);
    expect(Array.from(out.amortizing)).toEqual([0, 0, 0, 1, 1]);
  });

  it("sums each note's path totals, its loss net of reinstatement and its WAL", () => {
    const c = noteTotals((what, t) => out[what][2 * 5 + t - 1], 5, 1);
    expect(c.interest).toBeCloseTo(1200 * 4 + 1128, 2);
    expect(c.loss).toBeCloseTo(3_482, 2);
    expect(c.original).toBeCloseTo(80_000, 2);
    // C repays nothing in the horizon: its balance counts as paid in period 5, 5/12 of a year.
    expect(c.wal).toBeCloseTo(5 / 12, 12);
    const a = noteTotals((what, t) => out[what][t - 1], 5, 1);
    // (4 × 83,200 + 5 × 72,518 + 5 × 444,282) / 600,000 months.
    expect(a.wal).toBeCloseTo((4 * 83_200 + 5 * 72_518 + 5 * 444_282) / 600_000 / 12, 12);
  });

  it("keeps revolving without the trigger until the revolving period ends", () => {
    const calm = runWaterfall({ ...spec, triggers: { excessSpread: null, cumulativeDefaults: null } }, p);
    expect(Array.from(calm.triggered)).toEqual([0, 0, 0, 0, 0]);
    expect(Array.from(calm.amortizing)).toEqual([0, 0, 0, 0, 0]);
  });
});

describe("pro rata against sequential on one pool", () => {
  // A 800 at 12% (1% a month), B 200 at 24% (2%); pool 1,000 collecting 100 of principal and 20 of finance a month.
  const p = pool({ balance: [1000, 900, 800], finance: [20, 20], principal: [100, 100] });
  const notes = [
    { name: "A", size: 0.8, coupon: 0.12 },
    { name: "B", size: 0.2, coupon: 0.24 },
  ];

  it("sequential pays A first", () => {
    // Interest: A 8 then 7 (on 700), B 4 and 4. Principal 100 + 100 to A.
    const out = runWaterfall(deal({ notes }), p);
    cents(noteRow(out, "interest", 0), [8, 7]);
    cents(noteRow(out, "interest", 1), [4, 4]);
    cents(noteRow(out, "principal", 0), [100, 100]);
    cents(noteRow(out, "principal", 1), [0, 0]);
  });

  it("pro rata pays by balance", () => {
    // Principal 80/20, then on 720/180 again 80/20; interest A 8 then 7.2, B 4 then 3.6.
    const out = runWaterfall(deal({ notes, principal: "proRata" }), p);
    cents(noteRow(out, "interest", 0), [8, 7.2]);
    cents(noteRow(out, "interest", 1), [4, 3.6]);
    cents(noteRow(out, "principal", 0), [80, 80]);
    cents(noteRow(out, "principal", 1), [20, 20]);
  });

  it("pro rata turns sequential once a trigger hits", () => {
    // Cumulative charge-offs 1 of 1,000 > 0.05%: hit in period 1, so period 2 pays A alone.
    const hit = pool({ balance: [1000, 899, 799], finance: [20, 20], principal: [100, 100], defaults: [1, 0] });
    const out = runWaterfall(deal({ notes, principal: "proRata", triggers: { excessSpread: null, cumulativeDefaults: 0.0005 } }), hit);
    // Period 1: the default amount 1 is covered by excess finance charges and paid with principal: 101 pro rata
    // (80.8 and 20.2); period 2: the 100 collected all to A.
    cents(noteRow(out, "principal", 0), [80.8, 100]);
    cents(noteRow(out, "principal", 1), [20.2, 0]);
  });
});

describe("a level-pay pool's weighted average life", () => {
  it("matches the annuity's closed form n/(1 − (1 + r)^−n) − 1/r", () => {
    // 12 monthly payments at r = 1% a month on 1,000,000: principal_t = A − r·B_{t−1}.
    const r = 0.01;
    const n = 12;
    const A = (1e6 * r) / (1 - Math.pow(1 + r, -n));
    const balance = [1e6];
    const finance: number[] = [];
    const principal: number[] = [];
    for (let t = 1; t <= n; t++) {
      const b = balance[t - 1];
      finance.push(r * b);
      principal.push(A - r * b);
      balance.push(b - (A - r * b));
    }
    const out = runWaterfall(deal({ notes: [{ name: "all", size: 1, coupon: 0.12 }] }), pool({ balance, finance, principal }));
    const wal = noteTotals((what, t) => out[what][t - 1], n, 1).wal;
    const closed = n / (1 - Math.pow(1 + r, -n)) - 1 / r; // months
    // The sum Σ t·principal_t / Σ principal_t, written out.
    let weighted = 0;
    for (let t = 1; t <= n; t++) weighted += t * principal[t - 1];
    expect(wal * 12).toBeCloseTo(closed, 9);
    expect(wal * 12).toBeCloseTo(weighted / 1e6, 9);
  });
});

describe("the reserve account", () => {
  it("draws for a shortfall and refills to its target", () => {
    // One note of 1,000 at 12% (10 a month); reserve 1% = 10 at closing, target 2% = 20.
    // 1: finance 5 < 10 → the reserve pays 5 (→ 5). 2: finance 30 − 10 = 20 → 15 refill it to 20, 5 to the seller.
    // 3: finance 10 pays the interest; the default amount 4 comes from the reserve (→ 16) and pays the note down to 996.
    // 4: finance 20 − interest 9.96 = 10.04 → 4 back to the target.
    const p = pool({ balance: [1000, 1000, 1000, 996, 996], finance: [5, 30, 10, 20], principal: [0, 0, 0, 0], defaults: [0, 0, 4, 0] });
    const out = runWaterfall(deal({ notes: [{ name: "all", size: 1, coupon: 0.12 }], reserve: { initial: 0.01, target: 0.02 } }), p);
    cents(Array.from(out.reserve), [5, 20, 16, 20]);
    cents(noteRow(out, "interest", 0), [10, 10, 10, 9.96]);
    cents(noteRow(out, "principal", 0), [0, 0, 4, 0]);
    cents(noteRow(out, "loss", 0), [0, 0, 0, 0]);
  });
});
