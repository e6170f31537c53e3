/**
 * The scenario format (INTERFACE.md), declared once. Each key carries its type, default,
 * bounds, unit and one line of help; the TypeScript types, the validator, the JSON Schema
 * (`npm run schema`) and the editor's completion and hover all come from here.
 */
import { z } from "zod";

type Unit =
  | "fraction"
  | "annual rate"
  | "monthly rate"
  | "months"
  | "accounts"
  | "money"
  | "points"
  | "standard deviations"
  | "paths"
  | "days";

interface Doc {
  help: string;
  unit?: Unit;
}

const doc = <T extends z.ZodType>(schema: T, { help, unit }: Doc): T =>
  // A vendor keyword (`x-` prefix) so that strict JSON Schema validators (ajv) accept the schema.
  schema.meta(unit ? { description: help, "x-unit": unit } : { description: help });

const num = (min: number, max: number, d: Doc) => doc(z.number().min(min).max(max), d);
const int = (min: number, max: number, d: Doc) => doc(z.int().min(min).max(max), d);
const fraction = (help: string) => num(0, 1, { help, unit: "fraction" });
/**
 * What a segment, variant or tranche may be called: letters and digits of any script
 * (`Kredytówki`, `2023 cohort`), spaces, `_ . -`, at most 64 characters; the same rule
 * reads the segment column of tapes and performance files.
 */
export const NAME_PATTERN = /^[\p{L}\p{N}_][\p{L}\p{N}\p{M}_ .-]*$/u;
export const NAME_MAX = 64;
export const NAME_ALLOWED = `a name of letters, digits, spaces, _ . or -, at most ${NAME_MAX} characters`;
const name = (help: string) => doc(z.string().min(1).max(NAME_MAX).regex(NAME_PATTERN, NAME_ALLOWED), { help });

/** Largest book and run the format admits; the run planner applies the machine's own limit. */
export const LIMITS = {
  accounts: 20_000_000,
  paths: 1_000_000,
  horizonMonths: 600,
  factors: 16,
  segments: 64,
  periodsListed: 600,
} as const;

const lognormal = (median: number, help: string) =>
  doc(
    z.strictObject({
      median: num(0.01, 1e9, { help: "median amount", unit: "money" }),
      sigma: num(0, 5, { help: "standard deviation of the log amount (0: every account the same)" }).default(0),
    }),
    { help },
  ).default({ median, sigma: 0 });

const scoreDistribution = (help: string) =>
  doc(
    z.strictObject({
      mean: num(0, 10_000, { help: "mean score", unit: "points" }),
      sd: num(0, 1_000, { help: "standard deviation of scores", unit: "points" }),
    }),
    { help },
  );

export const factorSchema = doc(
  z.strictObject({
    persistence: doc(z.number().min(0).lt(1), {
      help: "monthly AR(1) coefficient φ of the factor, 0 ≤ φ < 1; φ^periodMonths per period",
    }).default(0.9),
    correlation: doc(z.record(z.string(), z.number().gt(-1).lt(1)), {
      help: "correlation of this factor's innovations with other factors, by name, in (−1, 1)",
    }).default({}),
  }),
  { help: "a systematic factor: latent AR(1), standard normal in the long run, negative is a bad economy" },
);

export const variableSchema = doc(
  z.strictObject({
    factor: doc(z.string(), { help: "the factor this variable reads" }),
    mean: num(-1e9, 1e9, { help: "long-run mean of the variable" }),
    sensitivity: doc(z.number().min(-1e9).max(1e9).refine((v) => v !== 0, "a non-zero number"), {
      help: "change of the variable per standard deviation of its factor (negative for unemployment)",
    }),
    path: doc(
      z.strictObject({
        monthly: doc(z.array(z.number().min(-1e9).max(1e9)).min(1).max(LIMITS.horizonMonths), {
          help: "one value a month from month 1; the last holds to the horizon",
        }).optional(),
        quarterly: doc(z.array(z.number().min(-1e9).max(1e9)).min(1).max(LIMITS.horizonMonths), {
          help: "one value a quarter, each the value of the quarter's last month; the last holds to the horizon",
        }).optional(),
        interpolation: doc(z.enum(["linear", "step"]), {
          help: "months inside a quarter: linear, on the line between quarter ends (from jumpOff in the first); step, the quarter's value",
        }).default("linear"),
        jumpOff: num(-1e9, 1e9, { help: "the value at month 0, before the first (default: the first value); read by lags and changes before month 1" }).optional(),
      }),
      { help: "a fixed path the variable is held on: no noise, the same on every path (docs/model.md §2.1); give monthly or quarterly" },
    ).optional(),
  }),
  { help: "a macro variable, a readable view of a factor: mean + sensitivity · Z, or held on a fixed path" },
);

/** A term of a link: β times a named variable's level less its mean, or its change, lagged. */
const linkTerms = (what: string) =>
  doc(
    z
      .array(
        z.strictObject({
          variable: doc(z.string(), { help: "a declared macro variable" }),
          beta: num(-100, 100, {
            help: `β per unit of the variable, on the probit of ${what} given the economy; > 0: the variable rising raises it`,
          }),
          lag: int(0, LIMITS.horizonMonths, { help: "months the variable is lagged (a multiple of periodMonths)", unit: "months" }).default(0),
          change: int(0, LIMITS.horizonMonths, {
            help: "0: the level less the variable's mean; k: its change over k months (a multiple of periodMonths)",
            unit: "months",
          }).default(0),
        }),
      )
      .max(16),
    { help: `Σ β·u added to the probit of ${what}: u the variable's level less its mean, or its change, lagged` },
  );

export const linkSchema = doc(
  z.strictObject({
    terms: linkTerms("the period miss probability"),
    residualCorrelation: doc(z.number().min(0).lt(1), {
      help: "one-year correlation R of the residual systematic factor (the segment's own factor w·Z), on the scale of correlation (default: the segment's correlation)",
    }).optional(),
    roll: doc(
      z.strictObject({
        terms: linkTerms("each monthly roll rate"),
        residualCorrelation: doc(z.number().min(0).lt(1), {
          help: "one-year correlation of the rolls' residual (the segment's own factor w·Z), on the scale of delinquency.correlation (default: delinquency.correlation, else the link's residualCorrelation, else correlation)",
        }).optional(),
      }),
      {
        help: "the roll rates' own link: probit roll = (c − √ρ_rr·w·Z)/√(1−ρ_rr) + Σ β·u, the rolls as given through the cycle (docs/model.md §2.2); without it the rolls follow the miss's index",
      },
    ).optional(),
  }),
  { help: "miss hazard linked to named macro variables plus a residual factor: probit q = (a − √ρ_r·w·Z)/√(1−ρ_r) + Σ β·u (docs/model.md §2.2)" },
);

export const recessionSchema = doc(
  z.strictObject({
    start: int(1, LIMITS.horizonMonths, { help: "first month of the fall", unit: "months" }),
    fall: int(1, LIMITS.horizonMonths, { help: "months from start to trough", unit: "months" }),
    trough: num(-10, 10, { help: "the shift at the trough", unit: "standard deviations" }),
    stay: int(0, LIMITS.horizonMonths, { help: "months at the trough", unit: "months" }).default(0),
    recover: int(0, LIMITS.horizonMonths, { help: "months from trough back to 0", unit: "months" }).default(0),
  }),
  { help: "a recession shape of the factor's mean, in months" },
);

export const shockSchema = doc(
  z.strictObject({
    factor: doc(z.string(), { help: "the factor shifted (give factor or variable)" }).optional(),
    variable: doc(z.string(), { help: "the macro variable whose expected path is targeted" }).optional(),
    path: doc(z.array(z.number().min(-1e9).max(1e9)).min(1).max(LIMITS.periodsListed), {
      help: "one value a period; the last value holds to the horizon (a shift, or a variable's target)",
    }).optional(),
    recession: recessionSchema.optional(),
  }),
  { help: "a deterministic shift of a factor: a path, a recession shape, or a variable's target path" },
);

export const delinquencySchema = doc(
  z.strictObject({
    roll: doc(z.array(z.number().min(0).max(1)).max(12), {
      help: "roll rates D1→D2 … Dm→default, per month, shifted by the economy; [] = the first miss is a default (docs/model.md §4)",
      unit: "monthly rate",
    }),
    stay: doc(z.array(z.number().min(0).max(1)).max(12), {
      help: "probabilities of staying in each bucket a month, not shifted (default 0 each); each stay is a missed payment and is charged (docs/model.md §4, §5)",
      unit: "monthly rate",
    }).optional(),
    correlation: doc(z.number().min(0).lt(1), {
      help: "correlation of roll rates with the economy (default: the segment's correlation)",
    }).optional(),
    start: doc(z.array(z.number().min(0).max(1)).max(12), {
      help: "shares of the starting accounts already in D1, D2 … at the start (default: the segment's start)",
      unit: "fraction",
    }).optional(),
    startDefaulted: fraction(
      "share of the starting accounts already defaulted and not yet written off; their loss is behind the start, they leave the book over chargeOffMonths",
    ).optional(),
  }),
  { help: "the delinquency ladder" },
);

export const lgdSchema = doc(
  z.strictObject({
    mean: fraction("mean loss given default"),
    sd: num(0, 0.5, { help: "standard deviation of the Beta LGD (0: every default loses the mean)" }).default(0.1),
    macro: num(0, 5, { help: "sensitivity b of the mean LGD to the economy: μ(Z) = Φ(Φ⁻¹(μ) − b·w·Z)" }).default(0),
  }),
  { help: "loss given default, Beta distributed" },
);

export const seasoningSchema = doc(
  z.strictObject({
    multipliers: doc(z.array(z.number().min(0).max(100)).min(1).max(600), {
      help: "multipliers of the monthly first-miss hazard by months on book: the first for months on book 0 … bandMonths − 1, the next for the next band, and so on (docs/model.md §3.4)",
    }),
    bandMonths: int(1, 120, { help: "months on book each multiplier covers", unit: "months" }).default(1),
    afterwards: num(0, 100, { help: "the multiplier past the curve (a seasoned account); pd is the PD of an account at multiplier 1" }).default(1),
    monthsOnBook: int(0, 1200, {
      help: "months on book at the start of the accounts of a segment given by accounts, and of tape rows without monthsOnBook (default: seasoned, past the curve); accounts booked during the run start at 0",
      unit: "months",
    }).optional(),
  }),
  { help: "a seasoning curve: the first-miss hazard of an account follows its months on book (docs/model.md §3.4)" },
);

/** One parameter's distribution: its 95% interval on the parameter's own scale, or its sd on the probit scale (docs/model.md §3.5). */
const parameterSpread = (what: string) =>
  doc(
    z.strictObject({
      ci95: doc(z.tuple([z.number().gt(0).lt(1), z.number().gt(0).lt(1)]), {
        help: `95% interval [low, high] of ${what}, low < high, around the point value: its ends are ±1.96 sd of a normal on the probit scale, the point its median`,
      }).optional(),
      sd: num(0, 3, { help: `standard deviation of ${what} on the probit scale, around the point value as median` }).optional(),
    }),
    { help: `the distribution of ${what}: give ci95 or sd` },
  );

export const uncertaintySchema = doc(
  z.strictObject({
    pd: parameterSpread("the segment's pd (or missRate)").optional(),
    lgdMean: parameterSpread("the mean LGD").optional(),
    correlation: parameterSpread("the segment's one-year asset correlation R (its loadings of the miss and of the rolls scale with the draw)").optional(),
  }),
  {
    help: "parameter uncertainty: each path draws the segment's pd, LGD mean and correlation from these distributions on a stream of its own, and the result splits the loss's variance into parameter, systematic and idiosyncratic parts (docs/model.md §3.5)",
  },
);

export const segmentSchema = doc(
  z.strictObject({
    name: name("segment name, unique in the scenario"),
    accounts: int(0, LIMITS.accounts, { help: "accounts at the start (or give a tape)", unit: "accounts" }).optional(),
    tape: doc(z.string().min(1).max(500), {
      help: "a loan tape (CSV, one row an account) giving the segment's accounts instead of accounts and the size distributions; a path relative to the scenario file",
    }).optional(),
    product: doc(z.enum(["revolving", "instalment"]), {
      help: "revolving (a credit line) or instalment (a cash loan with a level annuity)",
    }).default("revolving"),
    pd: doc(z.number().gt(0).lt(1), {
      help: "annual through-the-cycle probability of default (entry into F) of a current account; the monthly first-miss hazard is solved from it through the ladder, below the ladder's ceiling (docs/model.md §3; give one of pd, missRate, or score with a scorecard)",
      unit: "annual rate",
    }).optional(),
    missRate: doc(z.number().gt(0).lt(1), {
      help: "annual probability that a current account misses a first payment (instead of pd); defaults follow through the ladder",
      unit: "annual rate",
    }).optional(),
    score: scoreDistribution("distribution of the accounts' scores (needs a scorecard)").optional(),
    scorecard: doc(
      z.strictObject({
        score: num(0, 10_000, { help: "the score at which the odds are `odds`", unit: "points" }),
        odds: num(1e-6, 1e9, { help: "good:bad odds at that score" }),
        pdo: num(1e-3, 10_000, { help: "points to double the odds", unit: "points" }),
      }),
      { help: "odds(score) = odds · 2^((score − score₀)/pdo), PD = 1/(1 + odds), read as pd (docs/model.md §3)" },
    ).optional(),
    seasoning: seasoningSchema.optional(),
    correlation: doc(z.number().min(0).lt(1), { help: "asset correlation ρ, 0 ≤ ρ < 1: the miss hazard is Φ((Φ⁻¹(q) − √ρ·w·Z)/√(1−ρ)) (docs/model.md §3)" }).default(0.04),
    loadings: doc(z.record(z.string(), z.number().min(-100).max(100)), {
      help: "factor loadings by factor name, scaled so that w·C·w = 1",
    }).default({ economy: 1 }),
    limit: lognormal(10_000, "credit limit, lognormal (revolving)"),
    utilization: fraction("drawn share of the limit at the start (revolving)").default(0.5),
    ccf: fraction("credit conversion factor: share of the undrawn limit at the first miss that a line drawing towards default has drawn by it, over the months in arrears (Basel's 12-month CCF; docs/model.md §5.4)").default(0.5),
    principal: lognormal(10_000, "loan principal, lognormal (instalment)"),
    termMonths: int(1, LIMITS.horizonMonths, { help: "instalment term", unit: "months" }).default(12),
    apr: num(0, 10, { help: "annual percentage rate charged on balances", unit: "annual rate" }).default(0),
    penaltyApr: num(0, 10, { help: "rate charged on a missed payment's balance (default: the APR)", unit: "annual rate" }).optional(),
    lateFee: num(0, 1e9, { help: "fee charged for each missed payment, the one that is a default included, within feeCap", unit: "money" }).default(0),
    feeCap: num(0, 100, { help: "cap on an episode's charges, as a share of the balance at the first miss (default: none)", unit: "fraction" }).optional(),
    attrition: doc(z.number().min(0).lt(1), { help: "monthly probability that a current account closes or prepays, a competing exit with the miss (docs/model.md §4)", unit: "monthly rate" }).default(0),
    delinquency: delinquencySchema.default({ roll: [0.4, 0.6], stay: [0, 0] }),
    start: doc(z.enum(["steady", "current"]), {
      help: "how a book given by accounts starts: steady, in its through-the-cycle steady-state mix of current, delinquent and defaulted accounts, their balances charged; current, every account current (delinquency.start and startDefaulted win over either; docs/model.md §4.4)",
    }).default("steady"),
    chargeOffMonths: int(0, 120, { help: "months from default to write-off", unit: "months" }).default(3),
    chargeOffDays: int(0, 3600, {
      help: "days past due at which a defaulted balance is written off, instead of chargeOffMonths: F is entered at the (m+1)-th missed payment of a ladder of m buckets, so chargeOffMonths = max(0, ⌈days/30⌉ − m); 180 for cards, 120 for closed-end loans under the US convention (docs/model.md §6.1)",
      unit: "days",
    }).optional(),
    lgd: lgdSchema.default({ mean: 0.85, sd: 0.1, macro: 0 }),
    uncertainty: uncertaintySchema.optional(),
    recovery: doc(
      z.strictObject({
        curve: doc(z.array(z.number().min(0).max(1)).min(1).max(120), {
          help: "shares of a default's recovery by months since default, the month of default first; they sum to 1 (docs/model.md §6.1)",
          unit: "fraction",
        }).optional(),
        hazard: doc(
          z.strictObject({
            monthly: doc(z.number().gt(0).max(1), { help: "share of what is left to recover that arrives each month", unit: "monthly rate" }),
            capMonths: int(1, 120, { help: "months the workout lasts; the shares are scaled to sum to 1 over them", unit: "months" }),
          }),
          { help: "a workout hazard: share monthly·(1 − monthly)^k in month k since default, for capMonths months, scaled to sum to 1" },
        ).optional(),
        costRate: doc(z.number().min(0).lt(1), {
          help: "collection costs of the workout as a share of the gross cash recovered; the LGD stays the loss net of them",
          unit: "fraction",
        }).default(0),
      }),
      {
        help: "when a default's recovery EAD·(1 − LGD) arrives: a curve or a hazard (give one); absent, all of it in the month of default (docs/model.md §6.1)",
      },
    ).optional(),
    revolvers: doc(
      z.strictObject({
        share: fraction("share of the current accounts revolving at the start and at booking; the rest are transactors who repay the statement in full and pay no interest"),
        toRevolve: doc(z.number().min(0).max(1), {
          help: "monthly probability that a transactor starts revolving, shifted by the economy like the miss hazard (docs/model.md §4.6)",
          unit: "monthly rate",
        }).default(0),
        toTransact: doc(z.number().min(0).max(1), {
          help: "monthly probability that a revolver pays in full again, shifted by the economy the other way",
          unit: "monthly rate",
        }).default(0),
        minPayment: num(0, 1, { help: "share of a revolver's balance due each month, on top of the month's interest", unit: "fraction" }).default(0.05),
      }),
      { help: "transactors and revolvers of a credit line: who pays interest (revolving; docs/model.md §4.6)" },
    ).optional(),
    purchases: num(0, 10, { help: "monthly purchases as a share of the limit, never above the undrawn limit (revolving)", unit: "fraction" }).default(0),
    interchange: fraction("merchant (interchange) fee income as a share of purchases (revolving)").default(0),
    instalments: doc(
      z.strictObject({
        purchaseShare: fraction("share of each month's purchases converted into an instalment plan").default(0),
        balanceRate: doc(z.number().min(0).max(1), { help: "monthly probability that a revolver converts its revolving balance into a plan", unit: "monthly rate" }).default(0),
        termMonths: int(1, 120, { help: "months of a plan", unit: "months" }),
        feeRate: num(0, 1, { help: "monthly fee on a plan's principal: principal × feeRate each month of the plan", unit: "monthly rate" }),
      }),
      { help: "instalment plans (分期) of a credit line: purchases or balances repaid over fixed months for a fee (docs/model.md §4.7)" },
    ).optional(),
    burden: num(0, 10, {
      help: "payment-burden elasticity ε: miss and roll rates × (required payment ÷ reference payment)^ε (docs/model.md §4.8; 0: none)",
    }).default(0),
    remainingLifeMonths: int(1, 600, {
      help: "months a credit line stays open past the horizon, for the remaining lifetime loss (revolving; docs/model.md §8.2)",
      unit: "months",
    }).default(36),
    link: linkSchema.optional(),
    originations: doc(
      z.strictObject({
        perMonth: int(0, 1_000_000, { help: "applicants a month", unit: "accounts" }),
        score: scoreDistribution("score distribution of the applicants"),
      }),
      { help: "new applicants each month, scored and approved by policy.approval (needs a scorecard)" },
    ).optional(),
  }).superRefine((g, ctx) => {
    // Checked with the keys' own errors (a rule would wait for them): one of the two is the book.
    if (g.accounts === undefined && g.tape === undefined) {
      ctx.addIssue({ code: "custom", path: ["accounts"], message: "accounts, or a tape whose rows are the accounts", params: { missing: true } });
    }
  }),
  { help: "a group of borrowers sharing a product and a risk model" },
);

export const policySchema = doc(
  z.strictObject({
    approval: doc(z.strictObject({ minScore: num(0, 10_000, { help: "lowest score booked", unit: "points" }) }), {
      help: "approval cutoff for new applicants",
    }).optional(),
    lineManagement: doc(
      z.strictObject({
        cutOnDelinquency: fraction("share of the limit cut on entering D1 (never below the balance)").optional(),
        trigger: doc(
          z.strictObject({
            factor: doc(z.string(), { help: "the factor watched" }),
            below: num(-10, 10, { help: "the level that starts a cut", unit: "standard deviations" }),
            cut: fraction("share of the undrawn limit cut, once per episode"),
          }),
          { help: "cut undrawn limits of current revolving accounts at the start of each period a factor is below a level, once per episode" },
        ).optional(),
        increase: doc(
          z.strictObject({
            afterMonths: int(1, 120, { help: "months current in a row (since booking or the start, a cure or the last increase) before an increase", unit: "months" }),
            by: num(0, 10, { help: "the increase, as a share of the limit", unit: "fraction" }),
            maxTimes: int(1, 100, { help: "most increases an account gets" }).default(1),
          }),
          { help: "behavioural line increases for accounts that stay current (revolving; docs/model.md §7)" },
        ).optional(),
        earlyWarning: doc(
          z.strictObject({
            lookbackMonths: int(1, 120, { help: "an account with a missed payment within this many months gets no increase", unit: "months" }),
            cut: fraction("share of the undrawn limit cut when such an account cures"),
          }),
          { help: "an early-warning signal: a recent missed payment (revolving; docs/model.md §7)" },
        ).optional(),
      }),
      { help: "limit management of revolving accounts" },
    ).optional(),
    forbearance: doc(
      z.strictObject({
        offerAt: int(1, 12, { help: "the delinquency bucket Dk at which a restructuring is offered" }),
        takeUp: fraction("probability that an offered account accepts"),
        kind: doc(z.enum(["holiday", "conversion"]), {
          help: "holiday: payments stop for holidayMonths; conversion: the delinquent balance is repaid over termMonths (docs/model.md §7)",
        }).default("holiday"),
        holidayMonths: int(1, 60, { help: "months of payment holiday (kind holiday)", unit: "months" }).optional(),
        termMonths: int(1, 120, { help: "months over which the converted balance is repaid (kind conversion)", unit: "months" }).optional(),
        feeRate: num(0, 1, { help: "monthly fee on the converted principal (kind conversion)", unit: "monthly rate" }).default(0),
        redefaultMultiplier: num(0, 100, { help: "multiplier of the account's annual rate after the holiday or conversion, re-solved through the ladder, for the rest of the horizon" }).default(1),
      }).superRefine((f, ctx) => {
        const needed = f.kind === "holiday" ? "holidayMonths" : "termMonths";
        if (f[needed] === undefined) ctx.addIssue({ code: "custom", path: [needed], message: `${needed} for kind ${f.kind}`, params: { missing: true } });
      }),
      { help: "restructuring of a delinquent account, offered once per account: a payment holiday or a conversion into instalments" },
    ).optional(),
    collections: doc(
      z.strictObject({
        rollReduction: fraction("share by which every roll rate is reduced"),
        costPerAccountMonth: num(0, 1e6, { help: "cost of each account-month in D1..Dm", unit: "money" }).default(0),
      }),
      { help: "collections effort" },
    ).optional(),
    nplSale: doc(
      z.strictObject({
        salePrice: fraction("price of a defaulted balance, as a share of its EAD (give salePrice or buyerRate)").optional(),
        cycle: num(0, 5, {
          help: "sensitivity of the price to the economy (with salePrice): price = Φ(Φ⁻¹(salePrice) + cycle·x), x the segment's factor in the period of the sale",
        }).default(0),
        buyerRate: num(0, 10, {
          help: "instead of salePrice: the price is the present value, at this annual rate, of the expected workout recoveries still to come at the sale, EAD·(1 − mean LGD)·Σ_{j≥k} curve_j·(1 + buyerRate)^(−(j−k)/12), k the months in default at the sale",
          unit: "annual rate",
        }).optional(),
        prices: doc(z.array(fraction("price as a share of EAD")).min(1).max(121), {
          help: "instead of salePrice: prices as shares of EAD by months in default at the sale (index 0 = at default); the sale at k months reads prices[k] (the last one past the table's end), moved by cycle",
        }).optional(),
        atMonthsInDefault: int(0, 120, {
          help: "months in default at which the balance is sold (0 = at default); the workout's recoveries before it are the seller's",
        }).default(0),
        atDaysPastDue: int(0, 3600, {
          help: "instead of atMonthsInDefault (wins when given): sell when days past due reach this, months in default = max(0, ceil(days/30) − ladder length), as chargeOffDays",
        }).optional(),
      }),
      {
        help: "sell defaulted balances instead of working them out, at default or at an age in default, at a share of EAD moving with the cycle (a fixed price or a table by months in default), or at the buyer's present value of the workout left (docs/model.md §6)",
      },
    ).optional(),
    discountRate: doc(z.union([z.number().min(0).max(10), z.literal("apr")]), {
      help: "annual rate discounting the present values (pvRecoveries, pvNetLoss, pvLossAtDefault) to the start: month m by (1 + rate)^(−m/12); \"apr\": each segment's APR (absent: 0, undiscounted; docs/model.md §6.1)",
      unit: "annual rate",
    }).optional(),
    insurance: doc(
      z.strictObject({
        deductible: fraction("loss the book keeps before the cover starts, as a share of its exposure"),
        coverage: fraction("share of the loss above the deductible that the insurer pays"),
        premium: num(0, 1, { help: "annual premium on the book's balances", unit: "annual rate" }),
      }),
      { help: "credit insurance on the book's net loss over the horizon, the deductible a share of exposure (docs/model.md §7)" },
    ).optional(),
    costs: doc(
      z.strictObject({
        perAccountMonth: num(0, 1e6, { help: "operating cost of each account on the book (not written off or closed) each month", unit: "money" }).default(0),
        perBooked: num(0, 1e9, { help: "acquisition cost of each booked account", unit: "money" }).default(0),
      }),
      { help: "operating and acquisition costs, subtracted from profit" },
    ).optional(),
    fundingRate: num(0, 1, { help: "annual cost of funding the book's balances", unit: "annual rate" }).default(0),
  }),
  { help: "the credit policy; every lever absent is off" },
);

export const simulationSchema = doc(
  z.strictObject({
    paths: int(1, LIMITS.paths, { help: "number of simulated futures", unit: "paths" }).default(1000),
    horizonMonths: int(1, LIMITS.horizonMonths, { help: "months simulated", unit: "months" }).default(24),
    periodMonths: doc(z.union([z.literal(1), z.literal(3), z.literal(6), z.literal(12)]), {
      help: "months the economy holds one value and results are reported: 1, 3, 6 or 12; accounts move monthly (docs/model.md §1)",
      unit: "months",
    }).default(1),
    seed: doc(z.union([z.string().max(256), z.int()]), { help: "the only source of randomness: a string or an integer" }).default(1),
    balanceSheet: doc(z.enum(["runoff", "static"]), {
      help: "runoff: accounts that leave are gone; static: each month new current accounts of the segment replace the balance of those that paid off, attrited or defaulted, so balances stay as at the start (docs/model.md §7.1)",
    }).default("runoff"),
    redrawBook: doc(z.boolean(), {
      help: "draw a new book (scores, limits, principals, starting states, who revolves) of each segment given by accounts in every path, so that the ± covers a book like this, not only the one the seed draws (docs/model.md §9); costs a book's drawing a path",
    }).default(false),
  }),
  { help: "how much to simulate" },
);

export const macroSchema = doc(
  z.strictObject({
    factors: doc(z.record(z.string(), factorSchema), { help: "systematic factors by name" }).default({
      economy: { persistence: 0.9, correlation: {} },
    }),
    variables: doc(z.record(z.string(), variableSchema), { help: "macro variables by name" }).default({}),
    shocks: doc(z.array(shockSchema).max(64), { help: "stresses: shifts of factor means" }).default([]),
    residual: doc(z.enum(["random", "zero"]), {
      help: "random; zero: every factor's random part is 0 (shocks stay), so only idiosyncratic risk is left (docs/model.md §2.1)",
    }).default("random"),
  }),
  { help: "the economy" },
);

/** A variant overrides the base: objects merge, lists replace, null removes (INTERFACE.md). */
export const variantSchema = doc(
  z.strictObject({
    name: name("variant name, unique in the scenario"),
    description: doc(z.string(), { help: "what the variant changes" }).optional(),
    macro: doc(z.record(z.string(), z.unknown()).nullable(), { help: "overrides of macro, merged onto the base" }).optional(),
    segments: doc(z.record(z.string(), z.unknown()), {
      help: "overrides of segments, by segment name, merged onto that segment",
    }).optional(),
    policy: doc(z.record(z.string(), z.unknown()).nullable(), { help: "overrides of policy, merged onto the base" }).optional(),
  }),
  { help: "another policy, shock or segment setting run on the same random numbers" },
);

export const trancheSchema = doc(
  z.strictObject({
    name: name("tranche name, unique in the scenario"),
    attach: fraction("where the tranche starts, as a share of the book's exposure"),
    detach: fraction("where it ends, as a share of the book's exposure (above attach)"),
  }),
  { help: "a layer [attach, detach] of the book's net loss, reported as its own distribution" },
);

/**
 * Expected credit loss as IFRS 9 or CECL reads it (docs/model.md, Provisions). Stage 3 and
 * the days-past-due backstop count a bucket Dk as its days past due 30(k−1)+1 … 30k: Dk is
 * more than d days past due when 30(k−1) ≥ d.
 */
export const provisioningSchema = doc(
  z.strictObject({
    standard: doc(z.enum(["ifrs9", "cecl"]), {
      help: "ifrs9: 12-month ECL in stage 1, lifetime in stages 2 and 3; cecl: lifetime ECL for every account (stages still reported)",
    }).default("ifrs9"),
    stage3: doc(
      z.strictObject({
        daysPastDue: int(0, 360, { help: "credit-impaired beyond this many days past due: F and every bucket Dk with 30(k−1) ≥ daysPastDue" }).default(90),
      }),
      { help: "stage 3, credit-impaired: the default state F and the buckets beyond the threshold, at LGD × EAD" },
    ).default({ daysPastDue: 90 }),
    stage2: doc(
      z.strictObject({
        daysPastDue: int(0, 360, { help: "backstop: more than this many days past due (bucket Dk with 30(k−1) ≥ daysPastDue) is stage 2" }).default(30),
        pdMultiple: num(1, 1000, { help: "stage 2 when the lifetime PD at the reporting date is at least this multiple of the lifetime PD at origination over the same remaining life (off when absent)" }).optional(),
        pdAbsolute: doc(z.number().gt(0).lt(1), { help: "stage 2 when the 12-month PD at the reporting date is at least this (off when absent)", unit: "annual rate" }).optional(),
        probationMonths: int(0, 120, { help: "months a forborne account stays in stage 2 after its restructuring", unit: "months" }).default(12),
      }),
      { help: "stage 2, a significant increase in credit risk since origination: any test that fires" },
    ).default({ daysPastDue: 30, probationMonths: 12 }),
    discount: doc(
      z.union([z.enum(["apr", "none"]), z.strictObject({ rate: num(0, 10, { help: "annual discount rate, applied monthly as (1 + rate/12)^−t", unit: "annual rate" }) })]),
      { help: "discount factor of a loss t months ahead: apr, the account's effective rate (1 + APR/12)^−t; none; or { rate }" },
    ).default("apr"),
    scenarios: doc(z.record(z.string(), z.number().min(0).max(1)), {
      help: "weight of each economic scenario by variant name (base: the scenario itself), summing to 1 (default: base 1)",
      unit: "fraction",
    }).optional(),
  }),
  { help: "expected credit loss (IFRS 9 or CECL): stages, discounting and weighted scenarios, for `creditlab ecl` and the allowance" },
);

/**
 * Which assumption matters most: keys of the scenario (key paths as `--set` takes them), each
 * set to its low and its high value in turn on the scenario's own random numbers, and the
 * book metrics whose paired change is read (docs/model.md §9.2). `creditlab sensitivity`
 * and the page's tornado chart run it; `creditlab run` runs the scenario as written.
 */
export const sensitivitySchema = doc(
  z.strictObject({
    keys: doc(
      z
        .array(
          z.strictObject({
            key: doc(z.string().min(1).max(200), { help: "a key path as --set takes it: segments.prime.pd, macro.shocks[0].recession.trough" }),
            low: doc(z.number(), { help: "the key's low value" }),
            high: doc(z.number(), { help: "the key's high value" }),
          }),
        )
        .min(1)
        .max(16),
      { help: "the keys varied, one at a time, each with its low and high value" },
    ),
    metrics: doc(z.array(z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/, "a metric name")).min(1).max(8), {
      help: "book metrics of each path whose change is read (netLoss, lossRate, defaultRate, profit, …)",
    }).default(["netLoss"]),
    quantile: doc(z.number().gt(0).lt(1), { help: "also read this quantile of each metric (0.99: the 99% quantile), with its 95% interval", unit: "fraction" }).optional(),
  }),
  { help: "sensitivities: each key's paired effect on the metrics, on common random numbers, for `creditlab sensitivity` and the page's tornado chart" },
);

/** A note of a securitization, senior first in its list. */
export const noteSchema = doc(
  z.strictObject({
    name: name("note name, unique in the deal"),
    size: doc(z.number().gt(0).max(1), { help: "share of the investor interest at the start; the notes' sizes sum to 1", unit: "fraction" }),
    coupon: num(0, 1, { help: "coupon a year on the note's balance, paid each period", unit: "annual rate" }).default(0),
  }),
  { help: "a note (class) of the deal: its share of the investor interest and its coupon; the list's order is its seniority" },
);

/**
 * A securitization of the book (docs/model.md §9.3): the pool's simulated cash flows run
 * through a master trust or an amortizing deal's waterfall, path by path.
 */
export const securitizationSchema = doc(
  z.strictObject({
    kind: doc(z.enum(["masterTrust", "amortizing"]), {
      help: "masterTrust: a revolving period in which the investors' principal collections buy new receivables, then amortization; amortizing: notes paid down from the start",
    }).default("masterTrust"),
    investedShare: doc(z.number().gt(0).max(1), {
      help: "the investor interest at the start as a share of the pool's balance; the rest is the seller's interest",
      unit: "fraction",
    }).default(1),
    revolvingMonths: int(0, LIMITS.horizonMonths, {
      help: "months of the revolving period of a masterTrust (default 12; a multiple of periodMonths); amortization starts after it, or earlier when a trigger hits",
      unit: "months",
    }).optional(),
    principal: doc(z.enum(["sequential", "proRata"]), {
      help: "how principal pays the notes: sequential (senior first) or proRata (by balance; sequential once a trigger hits)",
    }).default("sequential"),
    servicingFee: num(0, 1, { help: "servicing fee a year on the investor interest, paid first", unit: "annual rate" }).default(0.02),
    notes: doc(z.array(noteSchema).min(1).max(8), { help: "the notes, senior first; sizes sum to 1" }),
    reserve: doc(
      z.strictObject({
        initial: fraction("the reserve account at closing, as a share of the investor interest at the start").default(0),
        target: fraction("the reserve's target, refilled from excess spread, as a share of the investor interest at the start").default(0),
      }),
      { help: "a reserve account: it pays the fee, interest and charge-offs that finance charges lack" },
    ).default({ initial: 0, target: 0 }),
    triggers: doc(
      z.strictObject({
        excessSpread: num(-1, 1, { help: "early amortization when the three-month average excess spread (a year, over the investor interest) falls below this", unit: "annual rate" }).optional(),
        cumulativeDefaults: fraction("early amortization when the pool's charge-offs since the start exceed this share of its starting balance").optional(),
      }),
      { help: "early amortization events; absent: none" },
    ).default({}),
  }),
  { help: "a securitization fed by the pool's simulated cash flows: notes, waterfall, reserve and triggers, with per-note results" },
);

export const scenarioSchema = z.strictObject({
  creditlab: doc(z.union([z.literal(2), z.literal(1)]), {
    help: "scenario format version: 2 (a version 1 file is still read, its pd as missRate)",
  }),
  name: doc(z.string().max(200), { help: "title of the scenario" }).default("Untitled scenario"),
  description: doc(z.string().max(100_000), { help: "markdown shown in the notebook" }).default(""),
  simulation: simulationSchema.default({ paths: 1000, horizonMonths: 24, periodMonths: 1, seed: 1, redrawBook: false, balanceSheet: "runoff" }),
  macro: macroSchema.default({ factors: { economy: { persistence: 0.9, correlation: {} } }, variables: {}, shocks: [], residual: "random" }),
  segments: doc(z.array(segmentSchema).min(1).max(LIMITS.segments), { help: "the book, one entry a segment" }),
  policy: policySchema.default({ fundingRate: 0 }),
  tranches: doc(z.array(trancheSchema).max(16), { help: "layers of the book's loss to report, e.g. equity 0–5%, senior 5–100%" }).default([]),
  variants: doc(z.array(variantSchema).max(32), { help: "other policies run on the same random numbers" }).default([]),
  provisioning: provisioningSchema.optional(),
  sensitivity: sensitivitySchema.optional(),
  securitization: securitizationSchema.optional(),
});

/** A scenario as written (defaults optional). */
export type ScenarioInput = z.input<typeof scenarioSchema>;
/** A scenario with every default filled in. */
export type Scenario = z.output<typeof scenarioSchema>;
export type Segment = Scenario["segments"][number];
export type Policy = Scenario["policy"];
export type Shock = Scenario["macro"]["shocks"][number];
export type Variant = Scenario["variants"][number];
export type Provisioning = NonNullable<Scenario["provisioning"]>;
export type Securitization = NonNullable<Scenario["securitization"]>;
export type Seasoning = NonNullable<Segment["seasoning"]>;
export type Sensitivity = NonNullable<Scenario["sensitivity"]>;
