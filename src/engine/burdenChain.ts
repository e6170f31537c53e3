/**
 * `pd` with a payment burden (docs/model.md §3.2, §4.8): the default rate of the book as
 * given, under the base variant's burden, charges and card behaviour. With ε > 0 the chain
 * the engine runs is not the ladder's: a current stepped account misses at h·B^ε, B its
 * payment due against the one it took on, and an account in arrears rolls at
 * roll_k·((P₁ + charges)/P₁)^ε. The hazard solver (hazard.ts) knows bucket-by-bucket ladders
 * only, so the burden is handed to it as an **effective chain**:
 *
 * 1. kinds of account: the segment's balances at equal-probability quantiles of its size
 *    distribution (a tape's rows), and for stepped credit lines who starts revolving and a
 *    fixed set of behaviour histories (switches, conversions) over the first year. Each kind
 *    has its miss multiplier M_t = B_t^ε by month and its arrears multiplier by the month of
 *    its first miss and the number of charges so far, as the engine computes them;
 * 2. the expanded chain C → (first-miss month, bucket, charges) → F, one forward pass of 12
 *    months per kind, gives the exact 12-month default probability A*(h) of the mix at
 *    ρ = 0; h* solves A*(h*) = pd (Illinois regula falsi on the monotone A*);
 * 3. the effective ladder: bucket k's roll rate averaged over the chain's occupancy of
 *    bucket k during the year at h*, stays as given;
 * 4. the miss multiplier m = h_eff / h*, h_eff the solver's hazard of pd on the effective
 *    ladder: the mean B^ε of current accounts and what the averaging in 3 leaves, so that
 *    h = h_eff / m gives pd exactly at ρ = 0 (for a scorecard, at its mean PD).
 *
 * The calibration is the base variant's: every variant keeps the base's hazards, and a
 * variant that charges more (or less) defaults more (or less) than `pd`.
 */
import { HazardSolver, perMonth, raisedHazard, thresholdOfHazard, type CycleLadder, type Ladder } from "./hazard.ts";
import { exp, pow } from "./math.ts";
import { PRODUCT, scorePd, type Model, type PolicyModel, type RiskBasis, type SegmentModel } from "./model.ts";
import { PhiInv } from "./normal.ts";
import { PAYMENTS_NOT_GIVEN } from "../data/tape.ts";

/** The chain a segment's hazard is solved on, and the factor from its solved hazard to the account's own. */
export interface Calibration {
  /** The effective ladder with the segment's economy (its loadings, persistence and period), for the through-the-cycle solver. */
  ladder: CycleLadder;
  /** h_eff / h: the solver's hazard on `ladder` over the hazard an account misses at before its burden. */
  missMultiplier: number;
}

const YEAR = 12;
/** Equal-probability nodes of an account's size (limit or principal). */
const SIZE_NODES = 32;
/** Size nodes of a stepped line, each with HISTORIES behaviour histories per starting behaviour. */
const STEPPED_SIZE_NODES = 8;
const HISTORIES = 256;
/** Irrational shifts of the histories' lattice by month and by uniform: the fractional parts of √2 and √3. */
const SHIFTS = [Math.SQRT2 - 1, Math.sqrt(3) - 1];
const frac = (x: number): number => x - Math.floor(x);
/** Tape rows read, evenly spaced. */
const TAPE_ROWS = 64;

/** One kind of account: its share of the book, M_t by month, and the arrears multiplier by (first-miss month, charges). */
interface Kind {
  weight: number;
  /** current[t − 1]: B_t^ε of a current account in month t. */
  current: Float64Array;
  /** arrears[(t0 − 1)·12 + n − 1]: the roll multiplier after n charges of an episode begun in month t0. */
  arrears: Float64Array;
}

/** What a kind is charged: the segment's penalty rate and late fee within its cap. */
interface Charges {
  penalty: number;
  fee: number;
  cap: number;
  burden: number;
}

/**
 * ((P₁ + charges after n missed payments)/P₁)^ε for n = 1..count, written at
 * `out[offset + n − 1]` (simulate.ts `charge`); an episode begun in month t0 rolls with
 * at most 12 − t0 charges within the year.
 */
function fillArrears(out: Float64Array, offset: number, count: number, due: number, base: number, penalty: number, ch: Charges): void {
  let charged = 0;
  for (let n = 1; n <= count; n++) {
    const room = ch.cap === Infinity ? Infinity : ch.cap * base - charged;
    const amount = Math.min((base + charged) * penalty + ch.fee, room);
    if (amount > 0) charged += amount;
    out[offset + n - 1] = due > 0 ? pow((due + charged) / due, ch.burden) : 1;
  }
}

const ones = (): Float64Array => new Float64Array(YEAR).fill(1);

/** A closed-form kind (or a stepped one whose payment never changes): B = 1 while current; its balance and payment at each first-miss month. */
function steadyKind(weight: number, ch: Charges, penalty: number, balanceAt: (t0: number) => number, dueAt: (t0: number) => number): Kind {
  const arrears = new Float64Array(YEAR * YEAR);
  for (let t0 = 1; t0 <= YEAR; t0++) fillArrears(arrears, (t0 - 1) * YEAR, YEAR - t0, dueAt(t0), balanceAt(t0), penalty, ch);
  return { weight, current: ones(), arrears };
}

/** Balance of a level-payment loan after j payments (ledger.ts `Annuity.balanceAfter`), never below 0. */
function loanBalance(b: number, r: number, payment: number, j: number): number {
  const left = r === 0 ? b - payment * j : (b - payment / r) * pow(1 + r, j) + payment / r;
  return Math.max(0, left);
}

const annuityPayment = (b: number, r: number, n: number): number => (r === 0 ? b / n : (b * r) / (1 - pow(1 + r, -n)));

/** Equal-probability standard normal nodes. */
const nodes = (n: number): number[] => Array.from({ length: n }, (_, j) => PhiInv((j + 0.5) / n));

/**
 * The behaviour of one stepped credit line over the first year, as stepped.ts runs it
 * while the account pays (docs/model.md §4.6–4.7): its required payment each month and the
 * balance a miss would carry. Uniforms come from a fixed key, so the calibration is
 * deterministic.
 */
function steppedLineKind(
  s: SegmentModel,
  pol: PolicyModel,
  ch: Charges,
  weight: number,
  limit0: number,
  revolving0: boolean,
  history: number,
  histories: number,
): Kind {
  const rv = s.revolvers!;
  const plans = s.instalments;
  const r = s.aprMonthly;
  let limit = limit0;
  let b = s.utilization * limit0;
  let plan = 0;
  let planPay = 0;
  let planFee = 0;
  let revolver = revolving0;
  let age = 0;
  let increases = 0;
  const convert = (amount: number) => {
    plan += amount;
    planPay = plan / plans!.termMonths;
    planFee = plan * plans!.feeRate;
  };
  const required = () => b * (rv.minPayment + (revolver ? r : 0)) + planPay + planFee;
  const reference = required();
  const current = new Float64Array(YEAR);
  const arrears = new Float64Array(YEAR * YEAR);
  for (let t = 1; t <= YEAR; t++) {
    const due = required();
    current[t - 1] = due > 0 && reference > 0 ? pow(due / reference, ch.burden) : 1;
    fillArrears(arrears, (t - 1) * YEAR, YEAR - t, due, b + plan, ch.penalty, ch);
    // The month paid: the plan's payment, the switch, the payment, conversions, purchases.
    if (plan > 0) {
      const left = plan - planPay;
      if (left > 1e-9 * planPay) plan = left;
      else plan = planPay = planFee = 0;
    }
    // Each month's uniforms stratified over the histories: a shifted rank-1 lattice.
    const u = (k: number) => frac((history + 0.5) / histories + t * SHIFTS[0] + k * SHIFTS[1]);
    revolver = revolver ? u(0) >= rv.toTransact : u(0) < rv.toRevolve;
    b = revolver ? b * (1 - rv.minPayment) : 0;
    if (revolver && plans !== null && plans.balanceRate > 0 && b > 0 && u(1) < plans.balanceRate) {
      convert(b);
      b = 0;
    }
    if (s.purchases > 0) {
      const buy = Math.min(s.purchases * limit, Math.max(0, limit - b - plan));
      const converted = plans === null ? 0 : plans.purchaseShare * buy;
      if (converted > 0) convert(converted);
      b += buy - converted;
    }
    const inc = pol.increase;
    if (inc !== null && ++age >= inc.afterMonths && increases < inc.maxTimes) {
      if (pol.earlyWarning === null || t > pol.earlyWarning.lookbackMonths) {
        limit *= 1 + inc.by;
        increases++;
        age = 0;
      }
    }
  }
  return { weight, current, arrears };
}

/**
 * One kind for many histories: the mean B^ε by month, and the arrears multiplier of an
 * episode begun in month t0 averaged with the weight of a miss then (B^ε in t0), so that
 * the histories that miss more count more in arrears. What this leaves out (the
 * histories' own survival) is of the order h² a month.
 */
function meanKind(histories: readonly Kind[]): Kind {
  const weight = histories.reduce((sum, k) => sum + k.weight, 0);
  const current = new Float64Array(YEAR);
  const arrears = new Float64Array(YEAR * YEAR);
  for (let t = 0; t < YEAR; t++) {
    let missWeight = 0;
    for (const k of histories) {
      current[t] += (k.weight / weight) * k.current[t];
      missWeight += k.weight * k.current[t];
      for (let n = 0; n < YEAR; n++) arrears[t * YEAR + n] += k.weight * k.current[t] * k.arrears[t * YEAR + n];
    }
    for (let n = 0; n < YEAR; n++) arrears[t * YEAR + n] /= missWeight;
  }
  return { weight, current, arrears };
}

/** The kinds of account of a segment (see the file header). */
function kindsOf(s: SegmentModel, pol: PolicyModel): Kind[] {
  const ch: Charges = { penalty: s.penaltyMonthly, fee: s.lateFee, cap: s.feeCap, burden: s.burden };
  const revolving = s.product === PRODUCT.revolving;
  const kinds: Kind[] = [];
  if (s.tape !== null && s.tape.rows > 0) {
    const t = s.tape;
    const take = Math.min(t.rows, TAPE_ROWS);
    const ownRates = t.apr.some((x) => !Number.isNaN(x));
    for (let q = 0; q < take; q++) {
      const j = Math.floor(((q + 0.5) * t.rows) / take);
      const b = t.balance[j];
      if (revolving) {
        const rate = !Number.isNaN(t.apr[j]) ? t.apr[j] / 12 : s.aprMonthly;
        const penalty = s.penaltyAtApr && ownRates ? rate : s.penaltyMonthly;
        kinds.push(steadyKind(1, ch, penalty, () => b, () => b * rate));
      } else {
        const n = t.paymentsLeft[j] !== PAYMENTS_NOT_GIVEN ? t.paymentsLeft[j] : s.termMonths;
        const p = annuityPayment(b, s.aprMonthly, n);
        kinds.push(steadyKind(1, ch, s.penaltyMonthly, (t0) => loanBalance(b, s.aprMonthly, p, t0 - 1), (t0) => (t0 <= n ? p : 0)));
      }
    }
    return kinds;
  }
  const stepped = s.stepped && revolving && s.revolvers !== null;
  for (const z of nodes(stepped ? STEPPED_SIZE_NODES : SIZE_NODES)) {
    if (!revolving) {
      const b = s.principal.median * exp(s.principal.sigma * z);
      const n = s.termMonths;
      const p = annuityPayment(b, s.aprMonthly, n);
      kinds.push(steadyKind(1, ch, s.penaltyMonthly, (t0) => loanBalance(b, s.aprMonthly, p, t0 - 1), (t0) => (t0 <= n ? p : 0)));
      continue;
    }
    const limit = s.limit.median * exp(s.limit.sigma * z);
    if (!stepped) {
      // Interest only on a constant balance: B = 1 while current.
      const b = s.utilization * limit;
      kinds.push(steadyKind(1, ch, s.penaltyMonthly, () => b, () => b * s.aprMonthly));
      continue;
    }
    const share = s.revolvers!.share;
    // Without switches or conversions a behaviour has one history.
    const random = s.revolvers!.toRevolve > 0 || s.revolvers!.toTransact > 0 || (s.instalments?.balanceRate ?? 0) > 0;
    const histories = random ? HISTORIES : 1;
    for (const [revolving0, w] of [[true, share], [false, 1 - share]] as const) {
      if (w <= 0) continue;
      kinds.push(meanKind(Array.from({ length: histories }, (_, h) => steppedLineKind(s, pol, ch, w / histories, limit, revolving0, h, histories))));
    }
  }
  return kinds;
}

/**
 * The mix's 12-month default probability at hazard h, and (when `occupancy` is given) the
 * bucket occupancy and rolled mass summed over the year: occupancy[k], occupancy[m + k].
 */
function expandedAbsorption(h: number, kinds: readonly Kind[], ladder: Ladder, occupancy: Float64Array | null): number {
  const m = ladder.roll.length;
  const size = YEAR * m * YEAR; // (first-miss month, bucket, charges)
  let p = new Float64Array(size);
  let next = new Float64Array(size);
  let total = 0;
  let weights = 0;
  for (const kind of kinds) {
    p.fill(0);
    let c = 1;
    let f = 0;
    for (let t = 1; t <= YEAR; t++) {
      next.fill(0);
      let cured = 0;
      for (let t0 = 1; t0 < t; t0++) {
        for (let k = 0; k < m; k++) {
          const stay = ladder.stay[k];
          const cap = 1 - stay;
          for (let n = 1; n <= t - t0; n++) {
            const at = ((t0 - 1) * m + k) * YEAR + n - 1;
            const q = p[at];
            if (q === 0) continue;
            const roll = Math.min(ladder.roll[k] * kind.arrears[(t0 - 1) * YEAR + n - 1], cap);
            const n1 = Math.min(n + 1, YEAR);
            if (k + 1 === m) f += q * roll;
            else next[((t0 - 1) * m + k + 1) * YEAR + n1 - 1] += q * roll;
            next[((t0 - 1) * m + k) * YEAR + n1 - 1] += q * stay;
            cured += q * (1 - roll - stay);
            if (occupancy) {
              occupancy[k] += kind.weight * q;
              occupancy[m + k] += kind.weight * q * roll;
            }
          }
        }
      }
      const miss = Math.min(1, h * kind.current[t - 1]);
      if (m === 0) f += c * miss;
      else next[(t - 1) * m * YEAR] += c * miss;
      c = c * (1 - miss) + cured;
      [p, next] = [next, p];
    }
    total += kind.weight * f;
    weights += kind.weight;
  }
  return total / weights;
}

/** h with A*(h) = pd by the Illinois variant of regula falsi on [0, 1], or NaN when pd is out of reach. */
function solveExpanded(pd: number, kinds: readonly Kind[], ladder: Ladder): number {
  let lo = 0;
  let hi = 1;
  let flo = -pd;
  let fhi = expandedAbsorption(1, kinds, ladder, null) - pd;
  if (!(fhi > 0)) return NaN;
  let side = 0;
  for (let i = 0; i < 200; i++) {
    const h = (lo * fhi - hi * flo) / (fhi - flo);
    const fh = expandedAbsorption(h, kinds, ladder, null) - pd;
    if (Math.abs(fh) <= 1e-12 * pd || hi - lo <= 1e-15) return h;
    if (fh > 0) {
      hi = h;
      fhi = fh;
      if (side === 1) flo /= 2;
      side = 1;
    } else {
      lo = h;
      flo = fh;
      if (side === -1) fhi /= 2;
      side = -1;
    }
  }
  return (lo + hi) / 2;
}

/** The annual rate a segment's calibration is made at: its pd, or the mean scorecard PD of its scores (or applicants'). */
function representativePd(s: SegmentModel): number {
  if (s.risk.kind === "rate" && s.basis === "default") return s.risk.annual;
  const dist = s.risk.kind === "score" ? s.risk : s.applicantScore;
  if (dist === null || s.scorecard === null) return s.risk.kind === "rate" ? s.risk.annual : NaN;
  const zs = nodes(SIZE_NODES);
  return zs.reduce((sum, z) => sum + scorePd(dist.mean + dist.sd * z, s.scorecard!), 0) / zs.length;
}

/**
 * The calibration of segment `s` under policy `pol` (see the file header). With ε = 0 it is
 * the segment's own ladder and multiplier 1, so every hazard is the plain solver's.
 */
export function burdenCalibration(s: SegmentModel, pol: PolicyModel): Calibration {
  const economy = { rho: s.rho, rhoRoll: s.rhoRoll, persistence: s.persistence, periodMonths: s.periodMonths };
  const plain: Calibration = { ladder: { roll: s.roll, stay: s.stay, ...economy }, missMultiplier: 1 };
  const pd = representativePd(s);
  if (s.burden === 0 || !(pd > 0 && pd < 1)) return plain;
  const kinds = kindsOf(s, pol);
  if (kinds.length === 0) return plain;
  // The burden's chain is exact at ρ = 0; the economy is added to the effective ladder it gives.
  const h = solveExpanded(pd, kinds, plain.ladder);
  if (!(h > 0 && h < 1)) return plain;
  const m = s.roll.length;
  const occupancy = new Float64Array(2 * m);
  expandedAbsorption(h, kinds, plain.ladder, occupancy);
  const roll = Float64Array.from(s.roll, (x, k) => (occupancy[k] > 0 ? occupancy[m + k] / occupancy[k] : Math.min(x, 1 - s.stay[k])));
  const solver = new HazardSolver({ roll, stay: s.stay });
  if (pd >= solver.max) return plain;
  return { ladder: { roll, stay: s.stay, ...economy }, missMultiplier: solver.hazard(pd) / h };
}

const calibrations = new WeakMap<Model, Map<string, Calibration>>();

/**
 * The calibration of segment si of variant vi: the base variant's burden, charges, balances,
 * behaviour and line policy, with the variant's own ladder and risk (a variant that moves
 * them moves its hazard as before). Computed once per model and key.
 */
export function calibrationOf(model: Model, vi: number, si: number): Calibration {
  let byKey = calibrations.get(model);
  if (!byKey) calibrations.set(model, (byKey = new Map()));
  const base = model.variants[0].segments[si];
  const own = model.variants[vi].segments[si];
  // The variant's own ladder, risk and economy (a variant that moves its correlation or
  // persistence keeps pd through its own cycle); the base's burden, charges and behaviour.
  const key = JSON.stringify([si, Array.from(own.roll), Array.from(own.stay), own.risk, own.basis, own.scorecard, own.applicantScore, own.rho, own.rhoRoll, own.persistence, own.periodMonths]);
  let c = byKey.get(key);
  if (!c) {
    const s: SegmentModel = {
      ...base,
      roll: own.roll,
      stay: own.stay,
      risk: own.risk,
      basis: own.basis,
      scorecard: own.scorecard,
      applicantScore: own.applicantScore,
      rho: own.rho,
      rhoRoll: own.rhoRoll,
      correlation: own.correlation,
      persistence: own.persistence,
      periodMonths: own.periodMonths,
    };
    c = burdenCalibration(s, model.variants[0].policy);
    byKey.set(key, c);
  }
  return c;
}

/**
 * An account's monthly first-miss hazard from an annual rate: a default pd solved on the
 * effective chain, then divided by the miss multiplier (held below 1); a miss rate as it is.
 */
export function calibratedHazard(basis: RiskBasis, solver: HazardSolver, cal: Calibration, annual: number, many = false): number {
  const rate = Math.min(annual, 1 - 1e-12);
  if (basis !== "default") return perMonth(rate, YEAR);
  // Many accounts' own rates (a scorecard's, a tape's) are read off the solver's table.
  const h = many ? solver.lookup(rate) : solver.hazard(rate);
  return cal.missMultiplier === 1 ? h : Math.min(h / cal.missMultiplier, 1 - 1e-12);
}

/** The latent threshold of an annual rate (hazard.ts `thresholdOf` on the calibrated chain). */
export function calibratedThreshold(basis: RiskBasis, solver: HazardSolver, cal: Calibration, annual: number, periodMonths: number, many = false): number {
  return thresholdOfHazard(calibratedHazard(basis, solver, cal, annual, many), periodMonths);
}

/**
 * Forbearance's raised hazard (hazard.ts `raisedHazard`) of an account at hazard h: its
 * annual default on the effective chain × the multiplier, solved back on it.
 */
export function calibratedRaise(h: number, s: SegmentModel, solver: HazardSolver, cal: Calibration, multiplier: number): number {
  if (cal.missMultiplier === 1 || s.basis !== "default") return raisedHazard(h, { ...cal.ladder, basis: s.basis }, solver, multiplier);
  const m = cal.missMultiplier;
  return Math.min(raisedHazard(Math.min(h * m, 1), { ...cal.ladder, basis: s.basis }, solver, multiplier) / m, 1 - 1e-12);
}
