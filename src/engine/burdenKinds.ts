/**
 * The kinds of account a segment's burden calibration (burdenChain.ts; docs/model.md §3.2,
 * §4.8) averages over, each with what its payment burden B^ε does to its chain in the first
 * year: the segment's balances at equal-probability quantiles of its size distribution (a
 * tape's rows), and for stepped credit lines who starts revolving and a fixed set of
 * behaviour histories (switches, conversions). Each kind has its miss multiplier
 * M_t = B_t^ε by month and its arrears multiplier by the month of its first miss and the
 * number of charges so far, as the engine computes them (levers/charges.ts, accounts/steppedAccounts.ts).
 * From burdenChain.ts.
 */
import { exp, pow } from "../math/elementary.ts";
import { PhiInv } from "../math/normal.ts";
import { PRODUCT, type PolicyModel, type SegmentModel } from "./model.ts";
import { PAYMENTS_NOT_GIVEN } from "../data/tape.ts";

const YEAR = 12;
/** Equal-probability nodes of an account's size (limit or principal). */
export const SIZE_NODES = 32;
/** Size nodes of a stepped line, each with HISTORIES behaviour histories per starting behaviour. */
const STEPPED_SIZE_NODES = 8;
const HISTORIES = 256;
/** Irrational shifts of the histories' lattice by month and by uniform: the fractional parts of √2 and √3. */
const SHIFTS = [Math.SQRT2 - 1, Math.sqrt(3) - 1];
const frac = (x: number): number => x - Math.floor(x);
/** Tape rows read, evenly spaced. */
const TAPE_ROWS = 64;

/** One kind of account: its share of the book, M_t by month, and the arrears multiplier by (first-miss month, charges). */
export interface Kind {
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

/** An episode's charges: `count` of them at most, on the payment `due` and the balance `base` at its first miss, at the monthly `penalty`. */
interface Episode {
  offset: number;
  count: number;
  due: number;
  base: number;
  penalty: number;
}

/**
 * ((P₁ + charges after n missed payments)/P₁)^ε for n = 1..count, written at
 * `out[offset + n − 1]` (levers/charges.ts); an episode begun in month t0 rolls with
 * at most 12 − t0 charges within the year.
 */
function fillArrears(out: Float64Array, { offset, count, due, base, penalty }: Episode, ch: Charges): void {
  let charged = 0;
  for (let n = 1; n <= count; n++) {
    const room = ch.cap === Infinity ? Infinity : ch.cap * base - charged;
    const amount = Math.min((base + charged) * penalty + ch.fee, room);
    if (amount > 0) charged += amount;
    out[offset + n - 1] = due > 0 ? pow((due + charged) / due, ch.burden) : 1;
  }
}

const ones = (): Float64Array => new Float64Array(YEAR).fill(1);

/** A steady account's penalty rate, and its balance and payment at each first-miss month t0. */
interface SteadyAccount {
  penalty: number;
  balanceAt: (t0: number) => number;
  dueAt: (t0: number) => number;
}

/** A closed-form kind (or a stepped one whose payment never changes), of weight 1: B = 1 while current. */
function steadyKind(ch: Charges, { penalty, balanceAt, dueAt }: SteadyAccount): Kind {
  const arrears = new Float64Array(YEAR * YEAR);
  for (let t0 = 1; t0 <= YEAR; t0++) fillArrears(arrears, { offset: (t0 - 1) * YEAR, count: YEAR - t0, due: dueAt(t0), base: balanceAt(t0), penalty }, ch);
  return { weight: 1, current: ones(), arrears };
}

/** Balance of a level-payment loan after j payments (ledger.ts `Annuity.balanceAfter`), never below 0. */
function loanBalance(b: number, r: number, payment: number, j: number): number {
  const left = r === 0 ? b - payment * j : (b - payment / r) * pow(1 + r, j) + payment / r;
  return Math.max(0, left);
}

const annuityPayment = (b: number, r: number, n: number): number => (r === 0 ? b / n : (b * r) / (1 - pow(1 + r, -n)));

/** Equal-probability standard normal nodes. */
export const nodes = (n: number): number[] => Array.from({ length: n }, (_, j) => PhiInv((j + 0.5) / n));

/** One stepped line's share of the book, its starting limit and behaviour, and which of `histories` behaviour histories it follows. */
interface SteppedLine {
  weight: number;
  limit: number;
  revolving: boolean;
  history: number;
  histories: number;
}

/**
 * The behaviour of one stepped credit line over the first year, as accounts/steppedAccounts.ts runs it
 * while the account pays (docs/model.md §4.6–4.7): its required payment each month and the
 * balance a miss would carry. Uniforms come from a fixed key, so the calibration is
 * deterministic.
 */
function steppedLineKind(s: SegmentModel, pol: PolicyModel, ch: Charges, { weight, limit: limit0, revolving: revolving0, history, histories }: SteppedLine): Kind {
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
    fillArrears(arrears, { offset: (t - 1) * YEAR, count: YEAR - t, due, base: b + plan, penalty: ch.penalty }, ch);
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

/** The kinds of account of a segment (see the file's comment). */
export function kindsOf(s: SegmentModel, pol: PolicyModel): Kind[] {
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
        kinds.push(steadyKind(ch, { penalty, balanceAt: () => b, dueAt: () => b * rate }));
      } else {
        const n = t.paymentsLeft[j] !== PAYMENTS_NOT_GIVEN ? t.paymentsLeft[j] : s.termMonths;
        const p = annuityPayment(b, s.aprMonthly, n);
        kinds.push(steadyKind(ch, { penalty: s.penaltyMonthly, balanceAt: (t0) => loanBalance(b, s.aprMonthly, p, t0 - 1), dueAt: (t0) => (t0 <= n ? p : 0) }));
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
      kinds.push(steadyKind(ch, { penalty: s.penaltyMonthly, balanceAt: (t0) => loanBalance(b, s.aprMonthly, p, t0 - 1), dueAt: (t0) => (t0 <= n ? p : 0) }));
      continue;
    }
    const limit = s.limit.median * exp(s.limit.sigma * z);
    if (!stepped) {
      // Interest only on a constant balance: B = 1 while current.
      const b = s.utilization * limit;
      kinds.push(steadyKind(ch, { penalty: s.penaltyMonthly, balanceAt: () => b, dueAt: () => b * s.aprMonthly }));
      continue;
    }
    const share = s.revolvers!.share;
    // Without switches or conversions a behaviour has one history.
    const random = s.revolvers!.toRevolve > 0 || s.revolvers!.toTransact > 0 || (s.instalments?.balanceRate ?? 0) > 0;
    const histories = random ? HISTORIES : 1;
    for (const [revolving0, w] of [[true, share], [false, 1 - share]] as const) {
      if (w <= 0) continue;
      kinds.push(meanKind(Array.from({ length: histories }, (_, h) => steppedLineKind(s, pol, ch, { weight: w / histories, limit, revolving: revolving0, history: h, histories }))));
    }
  }
  return kinds;
}
