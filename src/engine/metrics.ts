/**
 * Every output of a path, declared once (MODEL.md section 8, docs/model.md §8), as the
 * scenario's inputs are in src/scenario/schema.ts. The engine's index order, the rates and
 * profit recomputed from sums, the result file's summaries, the samples, the profit
 * waterfall, the command line's book table and the page's labels all read this.
 *
 * The order of the per-path metrics is the order of the numbers in a chunk's typed arrays
 * and in a chunk file, which a merge checks: a new metric goes at the end.
 */

/** What a metric counts or measures; a reader's unit and the format of its figures follow. */
export type MetricUnit =
  /** An amount of money over the horizon (or the period). */
  | "currency"
  /** Accounts or applicants. */
  | "count"
  /** A ratio of two metrics, shown as a percentage. */
  | "share"
  /** A ratio a year, shown as a percentage. */
  | "sharePerYear"
  /** A balance times years: the base of rates a year. */
  | "currencyYears";

/**
 * How a book's value comes from its segments' and a segment's from its months:
 * - "sum": summed (and a segment's is summed over its months by the engine);
 * - a ratio `of` over `over` (two per-path metrics), recomputed from the summed metrics; on a path whose base is
 *   empty the ratio is 0 and, with `without: "absent"`, the path is left out of the
 *   summary (and the key out of the result when no path has a base);
 * - "income": the sum of the metrics that enter profit with sign +1, in profit's order;
 * - "profit": income less the metrics that enter profit with sign −1, in profit's order;
 * - "engine": a per-period ratio the engine computes for the book from sums it does not
 *   report (the NPL balance over the balance).
 */
export type Aggregate = "sum" | "income" | "profit" | "engine" | { of: string; over: string; without: "zero" | "absent" };

/** Where a metric enters profit: its sign, and its step in profit's order (which is also the waterfall's). */
export interface ProfitEntry {
  sign: 1 | -1;
  step: number;
}

/** A row of the command line's book table: its place, and when it shows. */
export interface TableRow {
  row: number;
  /** "nonZero": when other than 0 on some path of some variant; "insured": when the book carries credit insurance. */
  when: "always" | "nonZero" | "insured";
}

export interface MetricSpec {
  /** A reader's name, sentence case, without its unit: "Net credit loss". */
  label: string;
  /** The name in plain-text tables, lower case: "net loss". */
  short: string;
  unit: MetricUnit;
  /** Reported for each path (book and segments), for each period, or both. */
  per: "path" | "period" | "both";
  aggregate: Aggregate;
  /** Present on a metric profit is made of. */
  profit?: ProfitEntry;
  /** Summarized for each segment too (SegmentResult), not only for the book. */
  segment?: true;
  /** Shown in the command line's book table. */
  table?: TableRow;
  /** One line: what it is, with its formula. */
  description: string;
  /**
   * Present only when the scenario has `provisioning` (the layout's `provisioning`): its
   * period column exists then, and the result file leaves it out otherwise (a per-path one
   * is stored in every chunk, 0 without provisioning).
   */
  provisioning?: true;
}

const declare = <const T extends Record<string, MetricSpec>>(metrics: T): T => metrics;

/** The metrics, per-path ones in the order a chunk stores them. */
export const METRICS = declare({
  nplRatio: {
    label: "NPL ratio", short: "NPL ratio",
    unit: "share", per: "period", aggregate: "engine",
    description: "balance more than 90 days past due (D4 and beyond) or in default (F) over the balance of accounts not written off or closed; before this version: the last bucket and F",
  },
  accounts: {
    label: "Accounts", short: "accounts",
    unit: "count", per: "path", aggregate: "sum",
    segment: true, table: { row: 1, when: "always" },
    description: "accounts at the start (not those starting in default) plus booked applicants",
  },
  defaults: {
    label: "Defaults", short: "defaults",
    unit: "count", per: "both", aggregate: "sum",
    segment: true, table: { row: 2, when: "always" },
    description: "entries into default (or sales at default) within the horizon or the period",
  },
  defaultRate: {
    label: "Default rate", short: "default rate",
    unit: "share", per: "path", aggregate: { of: "defaults", over: "accounts", without: "zero" },
    segment: true, table: { row: 3, when: "always" },
    description: "defaults / accounts; 0 with no accounts",
  },
  exposure: {
    label: "Exposure", short: "exposure",
    unit: "currency", per: "path", aggregate: "sum",
    segment: true,
    description: "Σ EAD at the start or at booking, B + CCF·max(0, L − B) revolving, B instalment, plus at a default what the EAD then exceeds it by",
  },
  netLoss: {
    label: "Net credit loss", short: "net loss",
    unit: "currency", per: "both", aggregate: "sum",
    segment: true, table: { row: 6, when: "always" },
    description: "net charge-offs: chargeOffs − chargeOffRecoveries, in the month of write-off (US convention, docs/model.md §6.1), before credit insurance; before this version the loss at default (now lossAtDefault)",
  },
  balance: {
    label: "Balance", short: "balance",
    unit: "currency", per: "period", aggregate: "sum",
    description: "month-end balance of the accounts not written off or closed",
  },
  lossRate: {
    label: "Loss rate", short: "loss rate",
    unit: "share", per: "path", aggregate: { of: "netLoss", over: "exposure", without: "absent" },
    segment: true, table: { row: 4, when: "always" },
    description: "netLoss / exposure, at most 1; none on a path without exposure",
  },
  interestIncome: {
    label: "Interest income", short: "interest income",
    unit: "currency", per: "path", aggregate: "sum",
    profit: { sign: 1, step: 1 },
    description: "interest on balances (docs/model.md §5.3)",
  },
  feeIncome: {
    label: "Fees and penalty interest", short: "fees",
    unit: "currency", per: "path", aggregate: "sum",
    profit: { sign: 1, step: 2 },
    description: "late and over-limit fees and penalty interest (docs/model.md §5.3)",
  },
  income: {
    label: "Income", short: "income",
    unit: "currency", per: "path", aggregate: "income",
    segment: true, table: { row: 8, when: "always" },
    description: "the incomes that enter profit: interest + fees + merchant fees + plan fees",
  },
  collectionCost: {
    label: "Collection cost", short: "collection cost",
    unit: "currency", per: "path", aggregate: "sum",
    profit: { sign: -1, step: 6 },
    description: "Σ over months of costPerAccountMonth × accounts in arrears at month-end",
  },
  fundingCost: {
    label: "Funding cost", short: "funding cost",
    unit: "currency", per: "path", aggregate: "sum",
    profit: { sign: -1, step: 5 },
    description: "fundingRate × balanceYears",
  },
  profit: {
    label: "Profit", short: "profit",
    unit: "currency", per: "path", aggregate: "profit",
    segment: true, table: { row: 13, when: "always" },
    description: "income − fundingCost − collectionCost − retainedLoss − insurancePremium − operatingCost − acquisitionCost",
  },
  applicants: {
    label: "Applicants", short: "applicants",
    unit: "count", per: "path", aggregate: "sum",
    description: "applicants over the horizon: perMonth × months",
  },
  booked: {
    label: "Booked applicants", short: "booked",
    unit: "count", per: "path", aggregate: "sum",
    description: "approved applicants booked",
  },
  balanceYears: {
    label: "Balance-years", short: "balance-years",
    unit: "currencyYears", per: "path", aggregate: "sum",
    description: "Σ over months of the month-end balance of accounts not written off or closed / 12",
  },
  insuranceRecovery: {
    label: "Insurance recovery", short: "insurance recovery",
    unit: "currency", per: "path", aggregate: "sum",
    table: { row: 21, when: "insured" },
    description: "what the insurer pays: coverage × max(0, netLoss − deductible × exposure), shared among segments by loss",
  },
  insurancePremium: {
    label: "Insurance premium", short: "insurance premium",
    unit: "currency", per: "path", aggregate: "sum",
    profit: { sign: -1, step: 8 }, table: { row: 22, when: "insured" },
    description: "premium × balanceYears",
  },
  retainedLoss: {
    label: "Retained loss after insurance", short: "retained loss",
    unit: "currency", per: "path", aggregate: "sum",
    profit: { sign: -1, step: 7 }, table: { row: 23, when: "insured" },
    description: "the credit loss the book keeps: netLoss − insuranceRecovery",
  },
  chargeOffRate: {
    label: "Charge-off rate", short: "charge-off rate",
    unit: "sharePerYear", per: "path", aggregate: { of: "netLoss", over: "balanceYears", without: "absent" },
    segment: true, table: { row: 5, when: "always" },
    description: "netLoss / balanceYears: net charge-offs a year over the average balance; at most 12/chargeOffMonths a year",
  },
  merchantFeeIncome: {
    label: "Merchant fees", short: "merchant fees",
    unit: "currency", per: "path", aggregate: "sum",
    profit: { sign: 1, step: 3 }, table: { row: 9, when: "nonZero" },
    description: "interchange on purchases",
  },
  instalmentFeeIncome: {
    label: "Instalment plan fees", short: "instalment fees",
    unit: "currency", per: "path", aggregate: "sum",
    profit: { sign: 1, step: 4 }, table: { row: 10, when: "nonZero" },
    description: "fees of instalment plans, A·feeRate a month of each plan",
  },
  operatingCost: {
    label: "Operating cost", short: "operating cost",
    unit: "currency", per: "path", aggregate: "sum",
    profit: { sign: -1, step: 9 }, table: { row: 11, when: "nonZero" },
    description: "Σ over months of the accounts on the book at month-end × costs.perAccountMonth",
  },
  acquisitionCost: {
    label: "Acquisition cost", short: "acquisition cost",
    unit: "currency", per: "path", aggregate: "sum",
    profit: { sign: -1, step: 10 }, table: { row: 12, when: "nonZero" },
    description: "booked × costs.perBooked",
  },
  lifetimeLoss: {
    label: "Lifetime loss past the horizon", short: "lifetime loss past horizon",
    unit: "currency", per: "path", aggregate: "sum",
    segment: true, table: { row: 7, when: "nonZero" },
    description: "expected loss past the horizon of the accounts still on the book, plus the horizon's defaults not yet charged off less the recoveries still to come; not part of netLoss",
  },
  dpdCurrent: {
    label: "Current, 0 days past due", short: "current",
    unit: "share", per: "period", aggregate: "engine",
    description: "balance of current accounts and of accounts on a payment holiday over the balance",
  },
  dpd1to29: {
    label: "1–29 days past due", short: "1–29 dpd",
    unit: "share", per: "period", aggregate: "engine",
    description: "balance with one payment missed (D1, or F with one: see 90+) over the balance",
  },
  dpd30to59: {
    label: "30–59 days past due", short: "30–59 dpd",
    unit: "share", per: "period", aggregate: "engine",
    description: "balance with two payments missed (D2, or F with two) over the balance",
  },
  dpd60to89: {
    label: "60–89 days past due", short: "60–89 dpd",
    unit: "share", per: "period", aggregate: "engine",
    description: "balance with three payments missed (D3, or F with three) over the balance",
  },
  dpd90plus: {
    label: "90+ days past due", short: "90+ dpd",
    unit: "share", per: "period", aggregate: "engine",
    description: "balance with four or more payments missed (D4 and beyond, or F with as many: an account in F has m + 1 + its months in F missed) over the balance",
  },
  cnNormal: {
    label: "Normal (正常)", short: "normal",
    unit: "share", per: "period", aggregate: "engine",
    description: "China's five-category classification: current balance, not forborne, over the balance",
  },
  cnSpecialMention: {
    label: "Special mention (关注)", short: "special mention",
    unit: "share", per: "period", aggregate: "engine",
    description: "1–90 days past due (D1–D3) or on a payment holiday, not in default, over the balance",
  },
  cnSubstandard: {
    label: "Substandard (次级)", short: "substandard",
    unit: "share", per: "period", aggregate: "engine",
    description: "91–270 days past due (D4–D9), or in default (F) and at most 270 days past due, over the balance",
  },
  cnDoubtful: {
    label: "Doubtful (可疑)", short: "doubtful",
    unit: "share", per: "period", aggregate: "engine",
    description: "271–360 days past due (the 10th to 12th missed payment), over the balance",
  },
  cnLoss: {
    label: "Loss (损失)", short: "loss class",
    unit: "share", per: "period", aggregate: "engine",
    description: "more than 360 days past due (13 or more missed payments), over the balance",
  },
  allowance: {
    label: "Allowance", short: "allowance",
    unit: "currency", per: "period", aggregate: "engine",
    provisioning: true,
    description: "loss allowance at the period's end: Σ over accounts on the book of their ECL (stage 1: 12 months under IFRS 9; stages 2–3 and CECL: lifetime; F at LGD × EAD), docs/model.md §8.4",
  },
  allowanceStage1: {
    label: "Allowance, stage 1", short: "allowance stage 1",
    unit: "currency", per: "period", aggregate: "engine",
    provisioning: true,
    description: "the allowance of the accounts in stage 1",
  },
  allowanceStage2: {
    label: "Allowance, stage 2", short: "allowance stage 2",
    unit: "currency", per: "period", aggregate: "engine",
    provisioning: true,
    description: "the allowance of the accounts in stage 2 (a significant increase in credit risk)",
  },
  allowanceStage3: {
    label: "Allowance, stage 3", short: "allowance stage 3",
    unit: "currency", per: "period", aggregate: "engine",
    provisioning: true,
    description: "the allowance of the accounts in stage 3 (credit-impaired: F or beyond the stage-3 days past due)",
  },
  provisionCharge: {
    label: "Provision charge", short: "provision charge",
    unit: "currency", per: "both", aggregate: "sum",
    provisioning: true, table: { row: 14, when: "nonZero" },
    description: "the allowance's change plus write-offs over the period (the horizon): allowance(end) − allowance(start) + writeOffs",
  },
  writeOffs: {
    label: "Write-offs", short: "write-offs",
    unit: "currency", per: "both", aggregate: "sum",
    provisioning: true,
    description: "provisioning view: the loss of the accounts written off (F → W after chargeOffMonths or a sale, immediate write-offs at default), at their drawn LGD; not chargeOffs (EAD less recoveries so far) nor derecognizedBalance (EAD; docs/model.md §8)",
  },
  profitAfterProvisions: {
    label: "Profit after provisions", short: "profit after provisions",
    unit: "currency", per: "path", aggregate: "sum",
    provisioning: true, table: { row: 15, when: "nonZero" },
    description: "profit + netLoss − provisionCharge: profit with the credit loss recognized as the allowance moves",
  },
  stage1Share: {
    label: "Stage 1 share", short: "stage 1",
    unit: "share", per: "period", aggregate: "engine",
    provisioning: true,
    description: "balance in stage 1 over the balance",
  },
  stage2Share: {
    label: "Stage 2 share", short: "stage 2",
    unit: "share", per: "period", aggregate: "engine",
    provisioning: true,
    description: "balance in stage 2 over the balance",
  },
  stage3Share: {
    label: "Stage 3 share", short: "stage 3",
    unit: "share", per: "period", aggregate: "engine",
    provisioning: true,
    description: "balance in stage 3 over the balance",
  },
  coverageStage3: {
    label: "Coverage of stage 3", short: "coverage of stage 3",
    unit: "share", per: "period", aggregate: "engine",
    provisioning: true,
    description: "allowance over the stage-3 balance; 0 without one",
  },
  coverageNpl: {
    label: "Coverage of NPL", short: "coverage of NPL",
    unit: "share", per: "period", aggregate: "engine",
    provisioning: true,
    description: "allowance over the non-performing balance (more than 90 days past due or in F); 0 without one",
  },
  transfer11: {
    label: "Stage 1 to 1", short: "stage 1→1",
    unit: "count", per: "period", aggregate: "engine",
    provisioning: true,
    description: "accounts in stage 1 at the previous period's end (the start for the first) and in stage 1 at this one",
  },
  transfer12: {
    label: "Stage 1 to 2", short: "stage 1→2",
    unit: "count", per: "period", aggregate: "engine",
    provisioning: true,
    description: "accounts in stage 1 at the previous period's end (the start for the first) and in stage 2 at this one",
  },
  transfer13: {
    label: "Stage 1 to 3", short: "stage 1→3",
    unit: "count", per: "period", aggregate: "engine",
    provisioning: true,
    description: "accounts in stage 1 at the previous period's end (the start for the first) and in stage 3 at this one",
  },
  transfer21: {
    label: "Stage 2 to 1", short: "stage 2→1",
    unit: "count", per: "period", aggregate: "engine",
    provisioning: true,
    description: "accounts in stage 2 at the previous period's end (the start for the first) and in stage 1 at this one",
  },
  transfer22: {
    label: "Stage 2 to 2", short: "stage 2→2",
    unit: "count", per: "period", aggregate: "engine",
    provisioning: true,
    description: "accounts in stage 2 at the previous period's end (the start for the first) and in stage 2 at this one",
  },
  transfer23: {
    label: "Stage 2 to 3", short: "stage 2→3",
    unit: "count", per: "period", aggregate: "engine",
    provisioning: true,
    description: "accounts in stage 2 at the previous period's end (the start for the first) and in stage 3 at this one",
  },
  transfer31: {
    label: "Stage 3 to 1", short: "stage 3→1",
    unit: "count", per: "period", aggregate: "engine",
    provisioning: true,
    description: "accounts in stage 3 at the previous period's end (the start for the first) and in stage 1 at this one",
  },
  transfer32: {
    label: "Stage 3 to 2", short: "stage 3→2",
    unit: "count", per: "period", aggregate: "engine",
    provisioning: true,
    description: "accounts in stage 3 at the previous period's end (the start for the first) and in stage 2 at this one",
  },
  transfer33: {
    label: "Stage 3 to 3", short: "stage 3→3",
    unit: "count", per: "period", aggregate: "engine",
    provisioning: true,
    description: "accounts in stage 3 at the previous period's end (the start for the first) and in stage 3 at this one",
  },
  averageBalance: {
    label: "Average balance", short: "average balance",
    unit: "currency", per: "path", aggregate: "sum",
    segment: true,
    description: "the month-end balance of accounts not written off or closed, averaged over the horizon's months: balanceYears × 12 / horizonMonths",
  },
  cumulativeLossRate: {
    label: "Cumulative loss rate", short: "cumulative loss rate",
    unit: "share", per: "path", aggregate: { of: "netLoss", over: "averageBalance", without: "absent" },
    segment: true,
    description: "netLoss / averageBalance, not annualized: over 27 months, the nine-quarter loss rate of the Federal Reserve's stress test",
  },
  ppnr: {
    label: "Pre-provision net revenue", short: "PPNR",
    unit: "currency", per: "path", aggregate: "sum",
    segment: true,
    description: "income − fundingCost − collectionCost − operatingCost − acquisitionCost: profit before credit losses and insurance",
  },
  periodLossRate: {
    label: "Loss rate in the period", short: "period loss rate",
    unit: "share", per: "period", aggregate: "engine",
    description: "the period's netLoss over its months' average month-end balance, not annualized (a quarter's with quarterly periods)",
  },
  lossRateToDate: {
    label: "Cumulative loss rate to date", short: "loss rate to date",
    unit: "share", per: "period", aggregate: "engine",
    description: "netLoss from month 1 to the period's end over the average month-end balance of those months",
  },
  periodAverageBalance: {
    label: "Average balance in the period", short: "period average balance",
    unit: "currency", per: "period", aggregate: "sum",
    description: "the mean of the period's month-end balances of the accounts not written off or closed: the base of periodLossRate",
  },
  lossAtDefault: {
    label: "Loss at default", short: "loss at default",
    unit: "currency", per: "both", aggregate: "sum",
    segment: true, table: { row: 6.5, when: "always" },
    description: "Σ over defaults of EAD·LGD (or EAD·(1 − sale price)), booked in the month of default: netLoss before this version",
  },
  recoveries: {
    label: "Recoveries", short: "recoveries",
    unit: "currency", per: "both", aggregate: "sum",
    segment: true, table: { row: 17, when: "nonZero" },
    description: "cash collected on worked-out defaults in the month it arrives, before and after write-off, gross of workoutCost (docs/model.md §6.1)",
  },
  workoutCost: {
    label: "Workout cost", short: "workout cost",
    unit: "currency", per: "both", aggregate: "sum",
    table: { row: 18, when: "nonZero" },
    description: "collection costs of the workout: recovery.costRate × recoveries; the LGD is net of them",
  },
  saleProceeds: {
    label: "NPL sale proceeds", short: "sale proceeds",
    unit: "currency", per: "both", aggregate: "sum",
    segment: true, table: { row: 19, when: "nonZero" },
    description: "price × EAD of defaulted balances sold, in the month of the sale (atMonthsInDefault after default; 0: the default's)",
  },
  chargeOffs: {
    label: "Gross charge-offs", short: "charge-offs",
    unit: "currency", per: "both", aggregate: "sum",
    segment: true,
    description: "balances written off, in the month of write-off (chargeOffMonths after default, or at a sale before it): EAD less the net recoveries received before (and a sale's proceeds); derecognizedBalance is the EAD itself (docs/model.md §8)",
  },
  chargeOffRecoveries: {
    label: "Recoveries after charge-off", short: "recoveries after charge-off",
    unit: "currency", per: "both", aggregate: "sum",
    segment: true,
    description: "recoveries net of workout cost received after the balance was written off; netLoss = chargeOffs − chargeOffRecoveries",
  },
  pvRecoveries: {
    label: "Present value of recoveries", short: "PV recoveries",
    unit: "currency", per: "path", aggregate: "sum",
    segment: true,
    description: "Σ over months m of (recoveries − workoutCost) × (1 + discountRate)^(−m/12), within the horizon",
  },
  pvNetLoss: {
    label: "Present value of net loss", short: "PV net loss",
    unit: "currency", per: "path", aggregate: "sum",
    segment: true,
    description: "Σ over months m of netLoss × (1 + discountRate)^(−m/12), within the horizon",
  },
  pvLossAtDefault: {
    label: "Discounted loss at default", short: "PV loss at default",
    unit: "currency", per: "path", aggregate: "sum",
    segment: true, table: { row: 20, when: "nonZero" },
    description: "the economic loss of the horizon's defaults at the start: Σ over defaults in month d of (1 + r)^(−d/12)·(EAD − Σ_k c_k (1 + r)^(−k/12)·EAD·(1 − LGD)), the whole workout past the horizon included; a sale's (EAD − proceeds)",
  },
  openingBalance: {
    label: "Balance at the period's start", short: "opening balance",
    unit: "currency", per: "period", aggregate: "sum",
    description: "the balance at the end of the previous period (at the start for the first): balance(t − 1)",
  },
  interestCharged: {
    label: "Interest and fees charged", short: "interest and fees charged",
    unit: "currency", per: "period", aggregate: "sum",
    description: "interest and fees charged to borrowers in the period, paid or added to the balance: current accounts' interest, plan fees, arrears charges, a holiday's interest",
  },
  cashInterestFees: {
    label: "Interest and fees collected", short: "interest and fees collected",
    unit: "currency", per: "period", aggregate: "sum",
    description: "interest and fees paid by borrowers in the period: current accounts' interest, plan fees, and the charges paid at a cure (not merchant fees)",
  },
  cashPrincipal: {
    label: "Principal collected", short: "principal collected",
    unit: "currency", per: "period", aggregate: "sum",
    description: "principal paid in the period: level, minimum and full payments, plans' principal, the whole balance at attrition, the draw-down repaid at a cure",
  },
  cashDraws: {
    label: "New draws funded", short: "draws",
    unit: "currency", per: "period", aggregate: "sum",
    description: "new drawings on existing lines in the period: purchases, the draw-down in arrears and the draw to EAD at default",
  },
  cashOriginations: {
    label: "Originations funded", short: "originations",
    unit: "currency", per: "period", aggregate: "sum",
    description: "balances of the applicants booked (and of the accounts joining a static balance sheet) in the period",
  },
  defaultedBalance: {
    label: "Defaulted balance", short: "defaulted balance",
    unit: "currency", per: "period", aggregate: "sum",
    description: "EAD of the accounts entering default (or sold at default) in the period",
  },
  derecognizedBalance: {
    label: "Balance derecognized", short: "balance derecognized",
    unit: "currency", per: "period", aggregate: "sum",
    description: "cash view: the balance leaving the book in the period at write-off (F → W) or at a sale, its EAD with charges, whatever was recovered before (chargeOffs is net of that; writeOffs is the loss; docs/model.md §8)",
  },
  cashMerchantFees: {
    label: "Merchant fees collected", short: "merchant fees collected",
    unit: "currency", per: "period", aggregate: "sum",
    description: "interchange on the period's purchases",
  },
  cashInsurance: {
    label: "Insurance cash", short: "insurance cash",
    unit: "currency", per: "period", aggregate: "sum",
    description: "signed: the insurer's recovery (paid in the last period) less the premium (premium × month-end balance / 12 a month)",
  },
  cashCosts: {
    label: "Costs paid", short: "costs paid",
    unit: "currency", per: "period", aggregate: "sum",
    description: "collection and operating costs of the period's months and the acquisition cost of its bookings",
  },
  cashFundingCost: {
    label: "Funding cost paid", short: "funding cost paid",
    unit: "currency", per: "period", aggregate: "sum",
    description: "fundingRate / 12 × each month-end balance of the period",
  },
  netCash: {
    label: "Net cash flow", short: "net cash",
    unit: "currency", per: "period", aggregate: "sum",
    description: "signed: inflows − outflows = cashInterestFees + cashPrincipal + cashMerchantFees + cashInsurance + recoveries + saleProceeds − workoutCost − cashDraws − cashOriginations − cashCosts − cashFundingCost",
  },
  fundingNeed: {
    label: "Funding need", short: "funding need",
    unit: "currency", per: "period", aggregate: "sum",
    description: "signed: the money the lender has put in since the start, −Σ netCash to the period's end (negative: the book has paid cash back)",
  },
  pvProfit: {
    label: "Present value of profit", short: "PV profit",
    unit: "currency", per: "path", aggregate: "sum",
    description: "profit with each month's part discounted to the start at discountRate: profit − Σ_m (1 − (1 + r)^(−m/12))·π_m, π_m the month's interest and fees collected + merchant fees + insurance cash − costs − funding cost − netLoss (the book's; \"apr\": its start-balance-weighted APR)",
  },
  pvLifetimeLoss: {
    label: "Present value of lifetime loss", short: "PV lifetime loss",
    unit: "currency", per: "path", aggregate: "sum",
    segment: true,
    description: "lifetimeLoss discounted from the horizon H to the start, (1 + r)^(−H/12)·lifetimeLoss: an upper bound, the loss past the horizon comes at H or later",
  },
});

export type MetricName = keyof typeof METRICS;
type Spec<M extends MetricName> = (typeof METRICS)[M];

/** The metrics of each path, for the book and each segment, in the order a chunk stores them. */
export type PathMetricName = { [M in MetricName]: Spec<M>["per"] extends "period" ? never : M }[MetricName];
/** The metrics of each period, in the order of its columns. */
export type PeriodMetricName = { [M in MetricName]: Spec<M>["per"] extends "path" ? never : M }[MetricName];
/** The metrics present only with `provisioning`. */
export type ProvisioningMetric = { [M in MetricName]: Spec<M> extends { provisioning: true } ? M : never }[MetricName];
/**
 * The ratios whose summary leaves out the paths without a base, and is absent when no path
 * has one; and the metrics of provisioning, absent without it.
 */
export type OptionalMetric =
  | { [M in MetricName]: Spec<M>["aggregate"] extends { without: "absent" } ? M : never }[MetricName]
  | ProvisioningMetric;
/** The metrics summarized for each segment. */
export type SegmentMetricName = { [M in MetricName]: Spec<M> extends { segment: true } ? M : never }[MetricName];
/** The metrics profit is made of. */
export type ProfitPart = { [M in MetricName]: Spec<M> extends { profit: ProfitEntry } ? M : never }[MetricName];

const names = Object.keys(METRICS) as MetricName[];
/** A metric's declaration, as the general shape (METRICS keeps each entry's literal type). */
export const metricSpec = (m: MetricName): MetricSpec => METRICS[m];
const spec = metricSpec;

export const PATH_METRIC_NAMES = names.filter((m) => spec(m).per !== "period") as PathMetricName[];
export const PERIOD_METRIC_NAMES = names.filter((m) => spec(m).per !== "path") as PeriodMetricName[];
/** Whether a metric is reported only with `provisioning`. */
export const isProvisioning = (m: MetricName): boolean => spec(m).provisioning === true;

/** A ratio metric's declaration: numerator, denominator, and what a path without a base gives. */
export interface Ratio {
  name: PathMetricName;
  of: PathMetricName;
  over: PathMetricName;
  without: "zero" | "absent";
}
const pathMetric = (m: string): PathMetricName => {
  if (!(PATH_METRIC_NAMES as string[]).includes(m)) throw new Error(`metrics: a ratio over ${m}, which is no per-path metric`);
  return m as PathMetricName;
};
export const RATIOS: readonly Ratio[] = PATH_METRIC_NAMES.flatMap((m) => {
  const a = spec(m).aggregate;
  return typeof a === "object" ? [{ name: m, of: pathMetric(a.of), over: pathMetric(a.over), without: a.without }] : [];
});

/** The parts of profit in profit's order, each with the sign it enters with: profit = Σ sign × part on every path. */
export const PROFIT_PARTS: readonly { key: ProfitPart; sign: 1 | -1 }[] = (names.filter((m) => spec(m).profit) as ProfitPart[])
  .sort((a, b) => spec(a).profit!.step - spec(b).profit!.step)
  .map((key) => ({ key, sign: spec(key).profit!.sign }));

/** The metrics summarized for each segment, in the declaration's order. */
export const SEGMENT_METRIC_NAMES = names.filter((m) => spec(m).segment) as SegmentMetricName[];

/** The rows of the command line's book table, in their order. */
export const TABLE_METRICS: readonly { key: PathMetricName; when: TableRow["when"] }[] = PATH_METRIC_NAMES.filter((m) => spec(m).table)
  .sort((a, b) => spec(a).table!.row - spec(b).table!.row)
  .map((key) => ({ key, when: spec(key).table!.when }));

/**
 * A metric's unit for a reader, as labels put it in parentheses: "currency units",
 * "% of exposure" (a ratio's base), "accounts".
 */
export function unitText(m: MetricName): string {
  const s = spec(m);
  const a = s.aggregate;
  switch (s.unit) {
    case "currency":
      return "currency units";
    case "count":
      return s.short;
    case "share":
      return typeof a === "object" ? `% of ${spec(pathMetric(a.over)).short}` : "%";
    case "sharePerYear":
      return typeof a === "object" ? `% of ${spec(pathMetric(a.over)).short} a year` : "% a year";
    case "currencyYears":
      return "currency units × years";
    default:
      return s.unit satisfies never;
  }
}

/** "Net credit loss (currency units)", "Loss rate (% of exposure)". */
export const labelWithUnit = (m: MetricName): string => `${spec(m).label} (${unitText(m)})`;
