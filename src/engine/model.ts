/**
 * Compiles validated scenarios (the base and its variants) into the monthly numbers the
 * engine reads (MODEL.md version 2): accounts move month by month whatever `periodMonths`
 * is, and the economy holds one value a period. Every conversion is done here once, so the
 * engine looks nothing up. The result is plain data, so it crosses worker boundaries as it is.
 */
import type { Scenario, Seasoning, Segment } from "../scenario/schema.ts";
import { seasonedAt, seasoningMultiplier, startMonthsOnBook } from "../scenario/seasoning.ts";
import { tapeRows, type TapeRows, type Tapes } from "../data/tapes.ts";
import type { NamedScenario } from "../scenario/parse.ts";
import type { Layout } from "./layout.ts";
import { compileDeal } from "./deal/compile.ts";
import type { DealSpec } from "./deal/waterfall.ts";
import { compileMacro, type MacroModel } from "./macro.ts";
import { scaledLoadings, scorePd, segmentPersistence } from "./segmentInputs.ts";
import { periodLoadings } from "./calibrate.ts";
import { compileLink, compileRollLink, type LinkModel, type RollLinkModel } from "./link.ts";
import { correlationMatrix } from "../scenario/correlation.ts";
import { gaussHermite } from "../math/factorGrid.ts";
import { PRODUCT } from "./product.ts";
import { compileSpread, type ParameterSpread } from "./uncertainty.ts";
import { compileRecovery, type RecoveryModel } from "./recoveryCurve.ts";
import { compilePolicy, leversStep, type PolicyModel } from "./levers/policy.ts";

export { PRODUCT };
export type { PolicyModel };

/**
 * What an account's annual rate means (MODEL.md 3): `default`, the probability of entering F
 * within a year, from which the monthly first-miss hazard is solved through the ladder; or
 * `miss`, the annual probability of a first missed payment, used as it is.
 */
export type RiskBasis = "default" | "miss";

/** A segment of one variant. Rates are monthly unless named otherwise. */
export interface SegmentModel {
  name: string;
  product: 0 | 1;
  /** Starting accounts: the scenario's `accounts`, or the tape's rows. */
  accounts: number;
  tape: TapeRows | null;
  /** Applicants a month; 0 without originations. */
  applicantsPerMonth: number;
  /**
   * The factor's loading in a period's conditional miss probability, compiled from the
   * one-year asset correlation R the scenario gives (calibrate.ts): R itself with one period
   * a year and no ladder. `correlation` is R as written.
   */
  rho: number;
  correlation: number;
  /** Per-period persistence of the segment's factor w·X (one factor: φ^periodMonths); a linked segment's, of its index (link.ts). */
  persistence: number;
  /** The macro link (link.ts): the segment runs on its index x_e with loading rho; null: on w·Z. */
  link: LinkModel | null;
  /** The rolls' own link (link.ts `compileRollLink`): they run on x_r at its loading; null: on the miss's index at rhoRoll. */
  rollLink: RollLinkModel | null;
  periodMonths: number;
  /** Loadings scaled so that w·C·w = 1. */
  loadings: Float64Array;
  /** The starting accounts' risk: one annual rate for all, or a score distribution. */
  risk: { kind: "rate"; annual: number } | { kind: "score"; mean: number; sd: number };
  basis: RiskBasis;
  /** What an applicant's scorecard PD means: a default PD, but a miss rate in a version 1 file. */
  applicantBasis: RiskBasis;
  /** Maps a score to an annual rate (of `basis`); present with scores or originations. */
  scorecard: { score0: number; odds0: number; pdo: number } | null;
  applicantScore: { mean: number; sd: number } | null;
  limit: { median: number; sigma: number };
  utilization: number;
  ccf: number;
  principal: { median: number; sigma: number };
  termMonths: number;
  /** APR/12: revolving interest and the instalment annuity. */
  aprMonthly: number;
  /** Penalty interest on a missed payment's balance for its month. */
  penaltyMonthly: number;
  /** No penaltyApr: an account with its own APR (a tape's) pays penalty interest at it. */
  penaltyAtApr: boolean;
  lateFee: number;
  /** Infinity when there is no cap. */
  feeCap: number;
  attrition: number;
  /** Monthly roll and stay probabilities of D1..Dm, unshifted; m = roll.length. */
  roll: Float64Array;
  stay: Float64Array;
  /**
   * The roll rates' monthly loading, compiled from `delinquency.correlation` (one-year, R by
   * default); with a roll link, the loading of their mean given the miss's index (link.ts).
   */
  rhoRoll: number;
  /** Shares of the starting accounts in D1, D2 … at the start, and in F (already defaulted), as given. */
  startShares: number[];
  startDefaulted: number;
  /**
   * How a book given by `accounts` starts (docs/model.md §4.4): `steady`, at each account's
   * through-the-cycle steady-state mix (steady.ts) unless shares are given, the balances of
   * accounts in arrears or in F charged as the engine charges them; `current`, every account
   * current unless shares are given, balances as drawn.
   */
  start: "steady" | "current";
  chargeOffMonths: number;
  lgd: { mean: number; sd: number; macro: number };
  /** When a default's recovery arrives (recovery.ts): shares by months since default, summing to 1, and the workout's costs as a share of the cash recovered. */
  recovery: RecoveryModel;
  /** Transactors and revolvers (docs/model.md §4.6); null: every current balance revolves at the APR. */
  revolvers: { share: number; toRevolve: number; toTransact: number; minPayment: number } | null;
  /** Monthly purchases as a share of the limit, and the merchant fee on them. */
  purchases: number;
  interchange: number;
  instalments: { purchaseShare: number; balanceRate: number; termMonths: number; feeRate: number } | null;
  /** Payment-burden elasticity ε (docs/model.md §4.8). */
  burden: number;
  remainingLifeMonths: number;
  /**
   * Whether the segment's current accounts are stepped month by month (docs/model.md §10):
   * set when any variant gives the segment or its policy a mechanism that depends on an
   * account's history, the same for every variant so that they share draws.
   */
  stepped: boolean;
  /**
   * The seasoning curve (docs/model.md §3.4): the first-miss hazard's multiplier at months
   * on book 0 … at.length − 1, `afterwards` past it, and the months on book at the start of
   * accounts without their own (a tape row's `monthsOnBook`). Null: none (every multiplier 1).
   */
  seasoning: { at: Float64Array; afterwards: number; startMonthsOnBook: number } | null;
  /**
   * Parameter uncertainty (docs/model.md §3.5): the sd on the probit scale of the segment's
   * annual rate (pd or missRate) and of its LGD mean, each path drawing both (uncertainty.ts);
   * null: the point values on every path.
   */
  uncertainty: ParameterSpread | null;
}

export interface VariantModel {
  name: string;
  macro: MacroModel;
  segments: SegmentModel[];
  policy: PolicyModel;
}

export interface Model {
  layout: Layout;
  variantNames: string[];
  simulation: Scenario["simulation"];
  /** Periods T = horizonMonths / periodMonths. */
  periods: number;
  /** Months H = horizonMonths. */
  months: number;
  variants: VariantModel[];
  /** The file's `provisioning` (the base's; variants carry none), or null: `creditlab ecl` and the allowance in every path (allowance.ts). */
  provisioning: Scenario["provisioning"] | null;
  /** The file's `securitization` (the base's), compiled, or null: its waterfall runs on every path's pool (simulate.ts). */
  deal: DealSpec | null;
}

/**
 * The PD at which the one-year correlation is matched (calibrate.ts): the segment's rate;
 * a score distribution's mean PD; a tape's mean over its rows.
 */
export function referencePd(m: Pick<SegmentModel, "risk" | "scorecard" | "tape">): number {
  const card = m.scorecard;
  if (m.tape !== null) {
    const t = m.tape;
    let sum = 0;
    let n = 0;
    for (let j = 0; j < t.rows; j++) {
      const pd = !Number.isNaN(t.pd[j]) ? t.pd[j] : !Number.isNaN(t.score[j]) && card ? scorePd(t.score[j], card) : NaN;
      if (Number.isNaN(pd)) continue;
      sum += pd;
      n++;
    }
    if (n > 0) return sum / n;
  }
  if (m.risk.kind === "rate") return m.risk.annual;
  if (!card) return 0;
  const { x, w } = gaussHermite(64);
  let pd = 0;
  for (let j = 0; j < x.length; j++) pd += w[j] * scorePd(m.risk.mean + m.risk.sd * x[j], card);
  return pd;
}

function compileSegment(seg: Segment, s: Scenario, macro: MacroModel, tapes: Tapes): SegmentModel {
  const factors = macro.factors;
  const stay = seg.delinquency.stay ?? seg.delinquency.roll.map(() => 0);
  // A version 1 file keeps its meaning: its pd, and its scorecard's PDs, are miss rates.
  const basis: RiskBasis = s.creditlab === 1 || seg.missRate !== undefined ? "miss" : "default";
  const annual = seg.missRate ?? seg.pd;
  const risk: SegmentModel["risk"] =
    seg.score === undefined ? { kind: "rate", annual: annual! } : { kind: "score", mean: seg.score.mean, sd: seg.score.sd };
  const card = seg.scorecard;
  const tape = seg.tape === undefined ? null : tapeOf(tapes, seg.tape, seg.name);
  const loadings = scaledLoadings(seg, s, factors);
  const persistence = segmentPersistence(loadings, s, macro);
  const { periodMonths } = s.simulation;
  const roll = Float64Array.from(seg.delinquency.roll);
  const stays = Float64Array.from(stay);
  // A linked segment's own factor is its residual, at residualCorrelation (link.ts).
  const correlation = seg.link?.residualCorrelation ?? seg.correlation;
  // A roll link's residual is loaded as the rolls' own correlation would be.
  const rollCorrelation = seg.link?.roll?.residualCorrelation ?? seg.delinquency.correlation ?? correlation;
  const scorecard = card ? { score0: card.score, odds0: card.odds, pdo: card.pdo } : null;
  // A version 1 file keeps its loadings as written. A miss rate's year is its first miss: no ladder.
  const loaded =
    s.creditlab === 1
      ? { rho: correlation, rhoRoll: rollCorrelation }
      : periodLoadings({
          roll: basis === "miss" ? [] : roll,
          stay: basis === "miss" ? [] : stays,
          correlation,
          rollCorrelation,
          persistence,
          periodMonths,
          pd: referencePd({ risk, scorecard, tape }),
        });
  const corr = correlationMatrix(s.macro.factors);
  const link = compileLink(seg.link, { macro, corr, loadings, rhoResidual: loaded.rho, periodMonths });
  const rollLink = compileRollLink(seg.link?.roll, { macro, corr, loadings, rhoResidual: loaded.rhoRoll, periodMonths, miss: link });
  return {
    name: seg.name,
    product: PRODUCT[seg.product],
    accounts: tape ? tape.rows : (seg.accounts ?? 0),
    tape,
    applicantsPerMonth: seg.originations ? seg.originations.perMonth : 0,
    rho: link ? link.rho : loaded.rho,
    correlation,
    persistence: link ? link.persistence : persistence,
    link,
    rollLink,
    periodMonths,
    loadings,
    risk,
    basis,
    applicantBasis: s.creditlab === 1 ? "miss" : "default",
    scorecard,
    applicantScore: seg.originations ? { ...seg.originations.score } : null,
    limit: { ...seg.limit },
    utilization: seg.utilization,
    ccf: seg.ccf,
    principal: { ...seg.principal },
    termMonths: seg.termMonths,
    // A monthly rate below 1e-9 is read as 0: the annuity's closed forms divide by it (ledger.ts).
    aprMonthly: seg.apr / 12 < 1e-9 ? 0 : seg.apr / 12,
    penaltyMonthly: (seg.penaltyApr ?? seg.apr) / 12,
    penaltyAtApr: seg.penaltyApr === undefined,
    lateFee: seg.lateFee,
    feeCap: seg.feeCap ?? Infinity,
    attrition: seg.attrition,
    roll,
    stay: stays,
    rhoRoll: rollLink ? rollLink.rhoOnMiss : loaded.rhoRoll,
    startShares: seg.delinquency.start ?? [],
    startDefaulted: seg.delinquency.startDefaulted ?? 0,
    start: seg.start,
    // Days past due count from the first miss: F is entered at the (m+1)-th, 30(m) days past due (docs/model.md §5.5).
    chargeOffMonths: seg.chargeOffDays === undefined ? seg.chargeOffMonths : Math.max(0, Math.ceil(seg.chargeOffDays / 30) - roll.length),
    lgd: { ...seg.lgd },
    recovery: compileRecovery(seg.recovery),
    revolvers: seg.revolvers ? { ...seg.revolvers } : null,
    purchases: seg.purchases,
    interchange: seg.interchange,
    instalments: seg.instalments ? { ...seg.instalments } : null,
    burden: seg.burden,
    remainingLifeMonths: seg.remainingLifeMonths,
    stepped: false,
    seasoning: seg.seasoning ? compileSeasoning(seg.seasoning) : null,
    uncertainty: compileSpread(seg.uncertainty),
  };
}

/** The curve month by month, as the engine reads it (one look-up a month per account). */
function compileSeasoning(s: Seasoning): NonNullable<SegmentModel["seasoning"]> {
  const at = Float64Array.from({ length: seasonedAt(s) }, (_, m) => seasoningMultiplier(s, m));
  return { at, afterwards: s.afterwards, startMonthsOnBook: startMonthsOnBook(s) };
}

/**
 * Which segments have their current accounts stepped month by month (docs/model.md §10):
 * those to which any variant gives a mechanism that depends on an account's history. The
 * same for every variant, so that they share draws.
 */
export function steppedSegments(variants: readonly Scenario[]): boolean[] {
  return variants[0].segments.map((_, si) => variants.some((v) => needsSteps(v.segments[si], v.policy)));
}

/**
 * A payment burden alone does not need steps: without transactors, purchases, plans or a
 * lever that reads an account's history (levers/policy.ts), what a current account owes
 * never changes (interest on a constant balance, a level payment), so its B is 1 while
 * current and the burden acts in arrears only, on the closed form's accounts as on the
 * stepped ones.
 */
function needsSteps(g: Segment, p: Scenario["policy"]): boolean {
  const line = g.product === "revolving";
  // A seasoning curve moves each account's hazard with its age: stepped, not per-cohort tables (docs/model.md §10).
  return (line && (g.revolvers !== undefined || g.purchases > 0 || g.instalments !== undefined)) || g.seasoning !== undefined || leversStep(p, g);
}

function tapeOf(tapes: Tapes, file: string, segment: string): TapeRows {
  const tape = tapes[file];
  // The caller reads every tape a scenario names before compiling (src/data/loadTapes.ts).
  if (!tape) throw new Error(`compileModel: the tape ${file} of segment ${segment} was not read`);
  return tapeRows(tape, file, segment);
}

/** Compiles the base (first) and its variants; they share simulation settings and factors. */
export function compileModel(variants: readonly NamedScenario[], tapes: Tapes = {}): Model {
  const base = variants[0].scenario;
  const { periodMonths, horizonMonths } = base.simulation;
  const T = horizonMonths / periodMonths;
  const compiled = variants.map(({ name, scenario }): VariantModel => {
    const macro = compileMacro(scenario);
    return {
      name,
      macro,
      segments: scenario.segments.map((seg) => compileSegment(seg, scenario, macro, tapes)),
      policy: compilePolicy(scenario.policy, macro.factors),
    };
  });
  steppedSegments(variants.map((v) => v.scenario)).forEach((stepped, si) => {
    for (const v of compiled) v.segments[si].stepped = stepped;
  });
  const layout: Layout = {
    segments: base.segments.map((s) => s.name),
    periods: T,
    periodMonths,
    buckets: Math.max(0, ...compiled.flatMap((v) => v.segments.map((s) => s.roll.length))),
    factors: compiled[0].macro.factors,
    variables: compiled[0].macro.variables.map((v) => v.name),
    tranches: base.tranches.map((t) => ({ ...t })),
    revolvers: compiled.some((v) => v.segments.some((s) => s.revolvers !== null)),
    ...(base.provisioning ? { provisioning: true } : {}),
    ...(base.securitization ? { deal: { notes: base.securitization.notes.map((n) => n.name) } } : {}),
  };
  return {
    layout,
    variantNames: variants.map((v) => v.name),
    simulation: base.simulation,
    periods: T,
    months: horizonMonths,
    variants: compiled,
    provisioning: base.provisioning ?? null,
    deal: base.securitization ? compileDeal(base.securitization, periodMonths) : null,
  };
}
