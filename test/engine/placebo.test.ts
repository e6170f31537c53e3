/**
 * Placebo variants (docs/model.md §10): a variant identical to the base, or one that moves
 * only money no account reads (funding, costs, insurance), gives the base's risk figures
 * to the last bit on every path, lifetime loss included; and a variant's paths are the
 * same bytes whether it replays the base's start or draws its own (the base listed second).
 * Generated scenarios mix closed-form and stepped credit lines and loans with attrition,
 * originations, triggers, forbearance, fees and costs, on small books and few paths.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { ScenarioInput } from "../../src/scenario/schema.ts";
import { parseScenario } from "../../src/scenario/parse.ts";
import { compileModel } from "../../src/engine/model.ts";
import { simulatePaths } from "../../src/engine/simulate.ts";
import { NPM, PATH_METRICS, PC, PM, periodWidth, type ChunkResult, type PathMetric } from "../../src/engine/layout.ts";
import { bookColumn, buildModel, resultOf } from "./helpers.ts";

/** The path metrics that only money a path never reads can move: costs, funding, insurance and what adds them up (profit, pre-provision net revenue). */
const MONEY: readonly PathMetric[] = [
  "collectionCost",
  "fundingCost",
  "operatingCost",
  "acquisitionCost",
  "insuranceRecovery",
  "insurancePremium",
  "retainedLoss",
  "profit",
  "ppnr",
];
const RISK = PATH_METRICS.filter((m) => !MONEY.includes(m));

const prob = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
/** `a` in `present` of `present + absent` cases, else undefined (shrinking towards undefined). */
const maybe = <T>(a: fc.Arbitrary<T>, present = 1, absent = 1) =>
  fc.oneof({ arbitrary: fc.constant(undefined), weight: absent }, { arbitrary: a, weight: present });

const ladder = fc.array(fc.tuple(prob(0.2, 0.9), prob(0, 0.3)), { maxLength: 3 }).map((pairs) => ({
  roll: pairs.map(([r]) => r),
  stay: pairs.map(([r, s]) => s * (1 - r)),
}));

const scored = fc.record({ mean: prob(560, 720), sd: prob(10, 60) });

/** What every segment has: risk, ladder, fees, attrition, LGD, maybe originations. */
const common = fc.record({
  accounts: fc.integer({ min: 50, max: 250 }),
  risk: fc.oneof(
    prob(0.005, 0.06).map((pd) => ({ pd })),
    scored.map((score) => ({ score, scorecard: { score: 600, odds: 20, pdo: 40 } })),
  ),
  originations: maybe(fc.record({ perMonth: fc.integer({ min: 1, max: 15 }), score: scored })),
  correlation: prob(0, 0.3),
  apr: prob(0, 0.4),
  lateFee: prob(0, 40),
  feeCap: maybe(prob(0.05, 1)),
  attrition: prob(0.002, 0.05),
  delinquency: ladder,
  chargeOffMonths: fc.integer({ min: 0, max: 4 }),
  lgd: fc.record({ mean: prob(0.3, 0.9), sd: prob(0, 0.2), macro: prob(0, 0.5) }),
  burden: fc.constantFrom(0, 0, 0.5),
});

const line = fc.record({
  common,
  ccf: prob(0.05, 1),
  utilization: prob(0.05, 0.95),
  limit: fc.record({ median: prob(500, 10_000), sigma: prob(0, 0.8) }),
  // Transactors and revolvers, purchases and plans make a line stepped month by month.
  stepped: maybe(
    fc.record({
      revolvers: fc.record({ share: prob(0, 1), toRevolve: prob(0, 0.2), toTransact: prob(0, 0.2), minPayment: prob(0.01, 0.2) }),
      purchases: prob(0, 0.3),
      interchange: prob(0, 0.02),
      instalments: maybe(fc.record({ purchaseShare: prob(0, 0.5), balanceRate: prob(0, 0.2), termMonths: fc.integer({ min: 1, max: 12 }), feeRate: prob(0, 0.01) })),
    }),
  ),
});

const loan = fc.record({
  common,
  principal: fc.record({ median: prob(500, 20_000), sigma: prob(0, 0.8) }),
  termMonths: fc.integer({ min: 3, max: 36 }),
});

type Common = typeof common extends fc.Arbitrary<infer T> ? T : never;
const segmentOf = (name: string, c: Common) => {
  const { risk, originations, ...rest } = c;
  const scorecard = "scorecard" in risk ? risk.scorecard : { score: 600, odds: 20, pdo: 40 };
  return { name, ...rest, ...risk, ...(originations ? { originations, scorecard } : {}) };
};

/** A policy with every lever that acts on accounts, each maybe absent. */
const policy = fc.record({
  minScore: maybe(prob(560, 680), 2),
  cutOnDelinquency: maybe(prob(0, 0.8)),
  trigger: maybe(fc.record({ below: prob(-1, 0.5), cut: prob(0.05, 0.9) })),
  // Line increases, early warnings and conversions step every line: rarer, to keep closed-form lines common.
  increase: maybe(fc.record({ afterMonths: fc.integer({ min: 1, max: 6 }), by: prob(0.05, 0.5), maxTimes: fc.integer({ min: 1, max: 3 }) }), 1, 4),
  earlyWarning: maybe(fc.record({ lookbackMonths: fc.integer({ min: 1, max: 6 }), cut: prob(0, 0.8) }), 1, 4),
  forbearance: maybe(
    fc.oneof(
      {
        weight: 2,
        arbitrary: fc.record({ kind: fc.constant("holiday" as const), holidayMonths: fc.integer({ min: 1, max: 4 }), takeUp: prob(0, 1), redefaultMultiplier: prob(1, 3) }),
      },
      {
        weight: 1,
        arbitrary: fc.record({
          kind: fc.constant("conversion" as const),
          termMonths: fc.integer({ min: 2, max: 12 }),
          feeRate: prob(0, 0.01),
          takeUp: prob(0, 1),
          redefaultMultiplier: prob(1, 3),
        }),
      },
    ),
  ),
  rollReduction: maybe(prob(0, 0.5)),
  salePrice: maybe(prob(0, 0.5), 1, 3),
});

/** The money a path never reads. */
const money = fc.record({
  fundingRate: prob(0, 0.1),
  perAccountMonth: prob(0, 5),
  perBooked: prob(0, 100),
  collectionCost: prob(0, 20),
  insurance: maybe(fc.record({ deductible: prob(0, 0.1), coverage: prob(0, 1), premium: prob(0, 0.02) })),
});

type Policy = typeof policy extends fc.Arbitrary<infer T> ? T : never;
type Money = typeof money extends fc.Arbitrary<infer T> ? T : never;
/** The levers a second variant may move. */
const LEVERS = ["minScore", "cutOnDelinquency", "trigger", "increase", "earlyWarning", "forbearance", "rollReduction", "salePrice"] as const satisfies readonly (keyof Policy)[];

const policyOf = (p: Policy, m: Money, shortest: number) => ({
  ...(p.minScore === undefined ? {} : { approval: { minScore: p.minScore } }),
  lineManagement: {
    ...(p.cutOnDelinquency === undefined ? {} : { cutOnDelinquency: p.cutOnDelinquency }),
    ...(p.trigger === undefined ? {} : { trigger: { factor: "economy", ...p.trigger } }),
    ...(p.increase === undefined ? {} : { increase: p.increase }),
    ...(p.earlyWarning === undefined ? {} : { earlyWarning: p.earlyWarning }),
  },
  // Offered on entering D1, which every ladder with a bucket has.
  ...(p.forbearance === undefined || shortest === 0 ? {} : { forbearance: { offerAt: 1, ...p.forbearance } }),
  collections: { rollReduction: p.rollReduction ?? 0, costPerAccountMonth: m.collectionCost },
  ...(p.salePrice === undefined ? {} : { nplSale: { salePrice: p.salePrice } }),
  ...(m.insurance === undefined ? {} : { insurance: m.insurance }),
  costs: { perAccountMonth: m.perAccountMonth, perBooked: m.perBooked },
  fundingRate: m.fundingRate,
});

const world = fc.record({
  lines: fc.array(line, { minLength: 1, maxLength: 2 }),
  loans: fc.array(loan, { maxLength: 1 }),
  periodMonths: fc.constantFrom(1, 3),
  periods: fc.integer({ min: 2, max: 6 }),
  paths: fc.integer({ min: 2, max: 5 }),
  persistence: prob(0, 0.95),
  trough: prob(-2.5, 0.5),
  policy,
  money,
});

type World = typeof world extends fc.Arbitrary<infer T> ? T : never;

function scenarioOf(w: World, p: Policy = w.policy, m: Money = w.money): ScenarioInput {
  const segments = [
    ...w.lines.map(({ common: c, stepped, ...rest }, k) => ({ ...segmentOf(`line${k}`, c), product: "revolving" as const, ...rest, ...(stepped ?? {}) })),
    ...w.loans.map(({ common: c, ...rest }, k) => ({ ...segmentOf(`loan${k}`, c), product: "instalment" as const, ...rest })),
  ];
  const shortest = Math.min(...segments.map((s) => s.delinquency.roll.length));
  return {
    creditlab: 2,
    simulation: { paths: w.paths, periodMonths: w.periodMonths, horizonMonths: w.periodMonths * w.periods, seed: "placebo" },
    macro: {
      factors: { economy: { persistence: w.persistence } },
      shocks: [{ factor: "economy", path: [0, w.trough] }],
      variables: { unemployment: { factor: "economy", mean: 0.05, sensitivity: -0.01 } },
    },
    segments,
    policy: policyOf(p, m, shortest),
  } as ScenarioInput;
}

const bytes = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** The period columns money moves by design: the cash it pays and what adds it up (docs/model.md §8.6). */
const MONEY_COLUMNS = [PC.cashFundingCost, PC.cashCosts, PC.cashInsurance, PC.netCash, PC.fundingNeed];
/** A chunk's period rows with the money columns zeroed, every other column as it is. */
function withoutMoney(periods: Float64Array, W: number): Float64Array {
  const out = periods.slice();
  for (let row = 0; row < out.length; row += W) for (const c of MONEY_COLUMNS) out[row + c] = 0;
  return out;
}

/** Metric m of every path and segment of variant v, in path order. */
function perPath(chunk: ChunkResult, v: number, m: PathMetric, S: number): Float64Array {
  const { segments } = chunk.variants[v];
  const n = chunk.to - chunk.from;
  return Float64Array.from({ length: n * S }, (_, k) => segments[k * NPM + PM[m]]);
}

describe("placebo variants", () => {
  it("a variant identical to the base, or moving only money no account reads, keeps every risk figure to the bit on every path", () => {
    fc.assert(
      fc.property(world, money, (w, other) => {
        // Keep the other money apart from the base's on the one lever the issue names.
        const moved = { ...other, fundingRate: w.money.fundingRate + 0.001 };
        const model = buildModel(scenarioOf(w), [
          { name: "same", input: scenarioOf(w) },
          { name: "money", input: scenarioOf(w, w.policy, moved) },
        ]);
        const S = model.layout.segments.length;
        const chunk = simulatePaths(model, 0, model.simulation.paths);
        const [base, same, cost] = chunk.variants;
        expect(bytes(same.segments)).toEqual(bytes(base.segments));
        expect(bytes(same.periods)).toEqual(bytes(base.periods));
        // The cash the money moves is its own; every other period column keeps its bytes.
        const W = periodWidth(model.layout);
        expect(bytes(withoutMoney(cost.periods, W))).toEqual(bytes(withoutMoney(base.periods, W)));
        for (const m of RISK) expect(bytes(perPath(chunk, 2, m, S)), m).toEqual(bytes(perPath(chunk, 0, m, S)));
      }),
      { numRuns: 16 },
    );
  });

  it("a variant's paths are the same bytes whether it replays the base's start or draws its own", () => {
    fc.assert(
      fc.property(world, policy, fc.subarray([...LEVERS], { minLength: 1, maxLength: 3 }), money, (w, other, levers, m) => {
        // A payment burden is calibrated on the base's line policy (docs/model.md §3.2, "Variants
        // keep the base's hazards"): swapping which of two books is the base then moves the
        // hazards of both, by design, when they differ in increases or the early warning.
        const burdened = [...w.lines, ...w.loans].some((g) => g.common.burden !== 0);
        fc.pre(!(burdened && levers.some((k) => (k === "increase" || k === "earlyWarning") && JSON.stringify(other[k]) !== JSON.stringify(w.policy[k]))));
        // The variant moves a few levers (the trigger, forbearance, the cutoff, sales…) and money.
        const p = { ...w.policy, ...Object.fromEntries(levers.map((k) => [k, other[k]])) };
        const a = { name: "a", input: scenarioOf(w) };
        const b = { name: "b", input: scenarioOf(w, p, m) };
        const ab = buildModel(a.input, [b]);
        const ba = buildModel(b.input, [a]);
        const x = simulatePaths(ab, 0, ab.simulation.paths);
        const y = simulatePaths(ba, 0, ba.simulation.paths);
        for (const [i, j] of [
          [0, 1],
          [1, 0],
        ]) {
          expect(bytes(x.variants[i].segments)).toEqual(bytes(y.variants[j].segments));
          expect(bytes(x.variants[i].periods)).toEqual(bytes(y.variants[j].periods));
        }
      }),
      { numRuns: 12 },
    );
  });

  it("credit lines with CCF > 0 and attrition: a variant identical to the base, or at a funding rate of 3.1%, has the base's lifetime loss on every path", () => {
    const paths = 40;
    const parsed = parseScenario(
      `
creditlab: 2
name: placebo
simulation: { paths: ${paths}, horizonMonths: 24, seed: placebo }
segments:
  - name: lines
    accounts: 2000
    product: revolving
    pd: 0.03
    correlation: 0.04
    limit: { median: 5000, sigma: 0.6 }
    utilization: 0.5
    ccf: 0.7
    apr: 0.22
    attrition: 0.02
    delinquency: { roll: [0.4, 0.7] }
    lgd: { mean: 0.85, sd: 0.15 }
policy: { fundingRate: 0.03 }
variants:
  - name: same
    policy: { fundingRate: 0.03 }
  - name: funding
    policy: { fundingRate: 0.031 }
`,
      "placebo.yaml",
    );
    if (!parsed.ok) throw new Error(parsed.error.map((e) => e.message).join("\n"));
    const model = compileModel(parsed.value.variants);
    const chunk = simulatePaths(model, 0, paths);
    const base = bookColumn(chunk, "lifetimeLoss", 0);
    // Not vacuous: lines are left on the book with undrawn limits, and some closed.
    expect(Math.min(...base)).toBeGreaterThan(0);
    expect(bytes(bookColumn(chunk, "lifetimeLoss", 1))).toEqual(bytes(base));
    expect(bytes(bookColumn(chunk, "lifetimeLoss", 2))).toEqual(bytes(base));
    expect(bookColumn(chunk, "fundingCost", 2)[0]).toBeGreaterThan(bookColumn(chunk, "fundingCost", 0)[0]);
    const result = resultOf(model, chunk);
    for (const d of result.differences) {
      expect(d.lifetimeLoss).toEqual({ mean: 0, stderr: 0, ci95: [0, 0] });
      expect(d.lossWithLifetime).toEqual({ mean: 0, stderr: 0, ci95: [0, 0] });
    }
  });
});
