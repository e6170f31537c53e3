/**
 * A deliberately plain month-by-month stepper of MODEL.md version 2 (sections 3–8) and of the
 * mechanisms docs/model.md adds to it (§4.6 transactors, revolvers and purchases, §4.7
 * instalment plans, §4.8 the payment burden, §7 line increases, early warning and forbearance
 * by conversion): every account of the book, every month, one transition drawn from its state
 * at the start of the month. It is the second, independent computation the fast engine
 * (src/engine/simulate.ts, which draws one exit month per episode in C and books current
 * balances in closed form, and steps the current accounts of behavioural segments in
 * stepped.ts) is compared with, in distribution, by reference.test.ts. Every current account
 * is stepped here the same way: without the mechanisms of §4.6–4.8 a month paid reduces to
 * the closed form's (a line keeps its balance and pays its interest, a loan its annuity), so
 * one code path serves both kinds of segment.
 *
 * What it shares with the engine, and why that is not what is under test:
 * - the compiled model (`Model`, plain numbers read from the scenario by compileModel);
 * - the economy of each path, `macroNormals`/`factorPath` from `macroRandom(seed, path)` as the
 *   engine draws it: the factor process has its own tests (macro.test.ts), and sharing Z pairs each
 *   reference path with the engine's, so the test compares account-level randomness only;
 * - the book's static columns from `buildBook`: each account's threshold a = Φ⁻¹(q) of its
 *   period miss probability, limit, balance, payment, booking month, starting state (coded
 *   as state.ts codes it) and age.
 *   They are drawn once from the seed, before any path; the hazard solution behind `a`
 *   (pd → monthly hazard) is checked against Markov absorption by the closed-form tests
 *   (hazard.unit.test.ts). With a payment burden `a` also carries the calibration of
 *   docs/model.md §3.2 (the hazard ÷ the burden's miss multiplier);
 * - who revolves at the start or at booking, a static draw of the book from the seed
 *   (docs/model.md §10, `behaviour` at path −1), read with the engine's keyed generator as
 *   the other static columns are: a book drawn once is the same book in both.
 * Everything a path does with them (hazards, the ladder, charges, cures, defaults, LGD,
 * policy, income, costs, the period rows) is computed here from MODEL.md, with its own
 * hazard solver for forbearance and its own random numbers (seedrandom's alea keyed apart
 * from the engine's streams, d3-random's Beta): the same distribution, not the same numbers.
 *
 * Choices MODEL.md leaves open, taken as the engine takes them (simulate.ts): within a
 * month, accounts already in D/R/F move first, then current accounts, then applicants are
 * booked at the month's end; attrition is a competing exit drawn after the miss; a month in
 * C earns interest (revolving: B·APR/12; instalment: the payment's interest, then
 * amortization, the last payment closing the loan); a holiday accrues interest unpaid and
 * capitalizes the episode's charges; a charge that would pass the fee cap is cut to the room
 * left; a cure pays the arrears (the charges are fee income);
 * the line cut on entering D1 applies after that month's charge; the macro trigger cuts the
 * accounts current at the start of a period, on their drawn balance plans included.
 * Choices docs/model.md leaves open for the version 2 mechanisms, taken here: only accounts
 * current at the start or at booking get a behaviour (one starting in arrears cures as a
 * transactor); the months paid in a row towards an increase restart at every return to C
 * (booking, a cure, the end of a holiday, a conversion); a converted loan that misses, then
 * cures, keeps its balance with no schedule (its own ended at the conversion, its plan was
 * folded into the arrears); an account starting in arrears has the required payment of its
 * starting balance as P₁. The generated books of reference.test.ts switch the mechanisms on
 * at random, with seasoned starts, and the engine agrees with these choices there.
 *
 * The remaining lifetime loss past the horizon (docs/model.md §8.2) is summed here account by
 * account, each state and months left carried forward month by month over the path's own
 * economy after the horizon, with the segment's hazard the mean over its accounts'
 * thresholds; the engine sums it from its ledgers and tables by episodes (ecl/chain.ts).
 */
import seedrandom from "seedrandom";
import { randomBeta } from "d3-random";
import cdf from "@stdlib/stats-base-dists-normal-cdf";
import erfcinv from "@stdlib/math-base-special-erfcinv";
import { PRODUCT, type Model, type SegmentModel, type VariantModel } from "../../src/engine/model.ts";
import { NPM, PC, PERIOD_FIXED, PM, periodWidth, type VariantChunk } from "../../src/engine/layout.ts";
import { buildBook, type Book } from "../../src/engine/book.ts";
import { factorPath, macroNormals } from "../../src/engine/macro.ts";
import { keyedUniform, macroRandom, Purpose, streamKeys } from "../../src/engine/random.ts";
import { State } from "../../src/engine/state.ts";

// Φ and Φ⁻¹ from stdlib, a library no one here wrote (the engine reaches erfcinv through its
// own normal.ts; a special function accurate to a few ulp is not what this test is about).
const normalCdf = (x: number): number => cdf(x, 0, 1);
const normalQuantile = (p: number): number => -Math.SQRT2 * erfcinv(2 * p);

/**
 * The 12-month probability that a current account is in F, missing with monthly hazard h,
 * by stepping the distribution over C, D1..Dm, F (MODEL.md 3: the ladder unshifted, no
 * attrition, no policy).
 */
export function twelveMonthDefault(h: number, s: SegmentModel): number {
  const m = s.roll.length;
  let p = [1, ...new Array<number>(m + 1).fill(0)];
  for (let month = 0; month < 12; month++) {
    const q = new Array<number>(m + 2).fill(0);
    q[0] += p[0] * (1 - h);
    q[m === 0 ? m + 1 : 1] += p[0] * h;
    for (let k = 1; k <= m; k++) {
      const roll = Math.min(s.roll[k - 1], 1 - s.stay[k - 1]);
      q[k + 1] += p[k] * roll;
      q[k] += p[k] * s.stay[k - 1];
      q[0] += p[k] * (1 - roll - s.stay[k - 1]);
    }
    q[m + 1] += p[m + 1];
    p = q;
  }
  return p[m + 1];
}

/** The monthly first-miss hazard whose 12-month default is `pd`, by bisection (1 when the ladder cannot reach it). */
function hazardOf(pd: number, s: SegmentModel): number {
  if (twelveMonthDefault(1, s) <= pd) return 1;
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 80; i++) {
    const mid = (lo + hi) / 2;
    if (twelveMonthDefault(mid, s) < pd) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

type St = "off" | "C" | "D" | "R" | "F" | "W" | "P";

/** One account, as plainly as possible. */
interface Account {
  state: St;
  /** Bucket k of Dk (1..m). */
  k: number;
  balance: number;
  limit: number;
  payment: number;
  /** Payments made (instalment). */
  paid: number;
  /** Balance at the episode's first miss: charges are capped against it, a cure returns to it. */
  base: number;
  /** A credit line's draw-down since its first miss (docs/model.md §5.4): principal, not a charge. */
  drawn: number;
  /** Months in R, or in F. */
  age: number;
  /** Latent threshold of the period's miss probability; raised after a holiday with a re-default multiplier. */
  a: number;
  offered: boolean;
  raised: boolean;
  /** Last trigger episode in which the undrawn limit was cut. */
  cutEpisode: number;
  /** The exposure counted for it at the start or at booking, and its loss at default until written off (docs/model.md §6.1). */
  exposure0: number;
  loss: number;
  /** Pays its statement in full (false) or the minimum (true) this month (docs/model.md §4.6). */
  revolver: boolean;
  /** Open instalment plans, one per converted amount (docs/model.md §4.7). */
  plans: Plan[];
  /** Reference payment P_ref and the required payment at the episode's first miss P₁ (docs/model.md §4.8). */
  refPay: number;
  missPay: number;
  /** Month of the last first miss from C (−∞: none); months paid in a row; line increases so far (docs/model.md §7). */
  missedAt: number;
  monthsPaid: number;
  increases: number;
  /** A loan converted by forbearance: its own schedule has ended, its plan replaces it. */
  converted: boolean;
}

/** One instalment plan: principal A over n months at a monthly fee of A·feeRate; `left` its outstanding principal. */
interface Plan {
  principal: number;
  months: number;
  feeRate: number;
  paid: number;
  left: number;
}

const planBalance = (x: Account): number => x.plans.reduce((acc, p) => acc + p.left, 0);
const planDue = (x: Account): number => x.plans.reduce((acc, p) => acc + p.principal / p.months + p.principal * p.feeRate, 0);

/** Per-path outputs of one variant, laid out as the engine's (layout.ts). */
export function referencePaths(model: Model, variant: number, from: number, to: number, book: Book = buildBook(model)): VariantChunk {
  const n = to - from;
  const S = model.layout.segments.length;
  const T = model.periods;
  const W = periodWidth(model.layout);
  const out: VariantChunk = { book: new Float64Array(n * NPM), segments: new Float64Array(n * S * NPM), periods: new Float64Array(n * T * W) };
  for (let p = from; p < to; p++) {
    const j = p - from;
    onePath(model, model.variants[variant], book, variant, p, out.segments.subarray(j * S * NPM, (j + 1) * S * NPM), out.periods.subarray(j * T * W, (j + 1) * T * W));
    for (let s = 0; s < S; s++) for (let m = 0; m < NPM; m++) out.book[j * NPM + m] += out.segments[(j * S + s) * NPM + m];
    rates(out.book, j * NPM);
  }
  return out;
}

function rates(o: Float64Array, b: number): void {
  o[b + PM.defaultRate] = o[b + PM.accounts] > 0 ? o[b + PM.defaults] / o[b + PM.accounts] : 0;
  o[b + PM.lossRate] = o[b + PM.exposure] > 0 ? o[b + PM.netLoss] / o[b + PM.exposure] : 0;
  o[b + PM.chargeOffRate] = o[b + PM.balanceYears] > 0 ? o[b + PM.netLoss] / o[b + PM.balanceYears] : 0;
  o[b + PM.income] = o[b + PM.interestIncome] + o[b + PM.feeIncome] + o[b + PM.merchantFeeIncome] + o[b + PM.instalmentFeeIncome];
  o[b + PM.profit] =
    o[b + PM.income] - o[b + PM.fundingCost] - o[b + PM.collectionCost] - o[b + PM.retainedLoss] - o[b + PM.insurancePremium] - o[b + PM.operatingCost] - o[b + PM.acquisitionCost];
}

/**
 * The expected loss per unit of EAD at the horizon of an account in `state` (0: current, k:
 * Dk) with n months in which a miss can happen (docs/model.md §8.2), by carrying its
 * distribution over C, D1..Dm and the EAD each bucket holds forward month by month, for
 * `TAIL` months past its life: month j after the horizon misses at `hazard(j)`, rolls at
 * `roll(j, k)`, loses `lgd(j)`, discounted by v^j. A loan's miss in month j carries its
 * balance after j − 1 more payments, (1 − w^(n−j+1))/(1 − w^n), w = 1/(1 + its rate); a line's
 * its EAD. After its n months a current account no longer misses.
 */
interface AfterHorizon {
  hazard(j: number): number;
  roll(j: number, k: number): number;
  lgd(j: number): number;
  v: number;
}
const TAIL = 400;
function lifetimeLossPerEad(s: SegmentModel, after: AfterHorizon, state: number, n: number, rate: number | null): number {
  const m = s.roll.length;
  let c = state === 0 ? 1 : 0;
  let p = new Array<number>(m).fill(0);
  let e = new Array<number>(m).fill(0);
  if (state > 0) {
    p[state - 1] = 1;
    e[state - 1] = 1;
  }
  const w = rate === null || rate === 0 ? 1 : 1 / (1 + rate);
  const ead = (j: number) => (rate === null ? 1 : rate === 0 ? (n - j + 1) / n : (1 - Math.pow(w, n - j + 1)) / (1 - Math.pow(w, n)));
  let loss = 0;
  let df = 1;
  for (let j = 1; j <= n + TAIL; j++) {
    df *= after.v;
    const h = j <= n ? after.hazard(j) : 0;
    const np = new Array<number>(m).fill(0);
    const ne = new Array<number>(m).fill(0);
    let cured = 0;
    for (let k = 0; k < m; k++) {
      const r = after.roll(j, k);
      const stay = s.stay[k];
      if (k + 1 < m) {
        np[k + 1] += p[k] * r;
        ne[k + 1] += e[k] * r;
      } else loss += e[k] * r * after.lgd(j) * df;
      np[k] += p[k] * stay;
      ne[k] += e[k] * stay;
      cured += p[k] * (1 - r - stay);
    }
    if (h > 0 && m === 0) loss += c * h * ead(j) * after.lgd(j) * df;
    else if (h > 0) {
      np[0] += c * h;
      ne[0] += c * h * ead(j);
    }
    c = c * (1 - h) * (1 - s.attrition) + cured;
    p = np;
    e = ne;
  }
  return loss;
}

/** The discount a month past the horizon: the scenario's provisioning asks for it, else none. */
function lifeDiscount(model: Model, s: SegmentModel): number {
  const d = model.provisioning?.discount;
  if (d === undefined || d === "none") return 0;
  return d === "apr" ? s.aprMonthly : d.rate / 12;
}

const exposureOf = (s: SegmentModel, x: Account): number => {
  const drawn = x.balance + planBalance(x);
  return s.product === PRODUCT.revolving ? drawn + s.ccf * Math.max(0, x.limit - drawn) : drawn;
};

/**
 * The payment due this month before any is made (docs/model.md §4.8): a credit line's minimum
 * share of its balance, plus the month's interest for a revolver (for every balance without
 * `revolvers`), a loan's level payment while its schedule runs; and the plans' principal and fee.
 */
function required(s: SegmentModel, x: Account): number {
  if (s.product !== PRODUCT.revolving) return (!x.converted && x.paid < s.termMonths ? x.payment : 0) + planDue(x);
  if (s.revolvers === null) return x.balance * s.aprMonthly + planDue(x);
  return x.balance * (s.revolvers.minPayment + (x.revolver ? s.aprMonthly : 0)) + planDue(x);
}

function onePath(model: Model, v: VariantModel, book: Book, vi: number, p: number, so: Float64Array, po: Float64Array): void {
  const { periods: T, months: H } = model;
  const pm = model.layout.periodMonths;
  const K = model.layout.factors.length;
  const W = periodWidth(model.layout);
  const seed = model.simulation.seed;
  const rng = seedrandom.alea(`reference|${typeof seed}|${seed}|${p}`);
  const Z = new Float64Array(T * K);
  factorPath(v.macro, macroNormals(macroRandom(seed, p), K, T), T, Z);
  const cols = book.variants[vi];
  const pol = v.policy;
  const segs = v.segments;
  const x = segs.map((s) => Array.from({ length: T }, (_, t) => s.loadings.reduce((acc, w, k) => acc + w * Z[t * K + k], 0)));

  // The book: every slot of every segment, off until it is on the book.
  const accounts: Account[][] = segs.map((s, si) => {
    const r = book.ranges[si];
    const list: Account[] = [];
    // Who revolves at the start or at booking is a static attribute of the book, drawn from
    // the seed once for every path and variant (docs/model.md §10, `behaviour` at path −1), as
    // the balances and limits are: shared, like the columns above.
    const who = streamKeys(book.keys, Purpose.behaviour, si, 0);
    for (let i = r.start; i < r.end; i++) {
      const start = cols.bookAt[i] === 0;
      const st = cols.startState[i];
      const revolver = s.revolvers !== null && keyedUniform(who[0], who[1], i - r.start) < s.revolvers.share;
      list.push({
        // A defaulted account with no work-out months left is written off before the start: off the book.
        state: !start || st === State.W ? "off" : st === State.C ? "C" : st === State.F ? "F" : "D",
        k: st >= State.D1 ? st - State.D1 + 1 : 0,
        balance: cols.balance[i],
        limit: cols.limit[i],
        payment: cols.payment[i],
        paid: 0,
        base: cols.base[i],
        drawn: cols.drawn ? cols.drawn[i] : 0,
        age: cols.startAge[i],
        a: cols.a[i],
        offered: false,
        raised: false,
        cutEpisode: 0,
        exposure0: 0,
        loss: 0,
        // Only accounts current at the start or at booking are given a behaviour (docs/model.md §4.6).
        revolver: revolver && (!start || st === State.C),
        plans: [],
        refPay: 0,
        missPay: 0,
        // An account that starts in arrears counts a miss at month 0 (docs/model.md §7).
        missedAt: start && st !== State.C ? 0 : -Infinity,
        monthsPaid: 0,
        increases: 0,
        converted: false,
      });
      const acc = list[list.length - 1];
      if (acc.state === "C") acc.refPay = required(s, acc);
      else if (acc.state === "D") acc.missPay = required(s, acc);
    }
    return list;
  });
  const slotOf = (si: number, idx: number) => book.ranges[si].start + idx;
  segs.forEach((s, si) => {
    const o = si * NPM;
    so.fill(0, o, o + NPM);
    so[o + PM.applicants] = s.applicantsPerMonth * H;
    for (const acc of accounts[si]) {
      if (acc.state === "off" || acc.state === "F") continue;
      so[o + PM.accounts]++;
      acc.exposure0 = exposureOf(s, acc);
      so[o + PM.exposure] += acc.exposure0;
    }
  });

  // The raised threshold of each threshold met (a one-rate segment solves it once a path).
  const raisedThresholds = segs.map(() => new Map<number, number>());
  let triggerEpisode = 0;
  let triggerOn = false;
  let periodDefaults = 0;
  let periodLoss = 0;
  // Month-end balances summed over the period and since month 1, and the loss since month 1: the loss rates on average balances.
  let periodBalances = 0;
  let allBalances = 0;
  let lossToDate = 0;
  for (let mo = 1; mo <= H; mo++) {
    const t = Math.ceil(mo / pm);
    const xt = (si: number) => x[si][t - 1];
    // The macro trigger, at the start of each period: current revolving accounts, once per episode.
    if ((mo - 1) % pm === 0 && pol.trigger !== null) {
      const on = Z[(t - 1) * K + pol.trigger.factor] < pol.trigger.below;
      if (on && !triggerOn) triggerEpisode++;
      triggerOn = on;
      if (on) {
        segs.forEach((s, si) => {
          if (s.product !== PRODUCT.revolving) return;
          for (const acc of accounts[si]) {
            if (acc.state !== "C" || acc.cutEpisode === triggerEpisode) continue;
            const drawn = acc.balance + planBalance(acc);
            acc.limit = drawn + (1 - pol.trigger!.cut) * Math.max(0, acc.limit - drawn);
            acc.cutEpisode = triggerEpisode;
          }
        });
      }
    }
    segs.forEach((s, si) => {
      const o = si * NPM;
      const m = s.roll.length;
      const sqrtRho = Math.sqrt(s.rho);
      const hazard = (a: number) => {
        const q = normalCdf((a - sqrtRho * xt(si)) / Math.sqrt(1 - s.rho));
        return 1 - Math.pow(1 - q, 1 / pm);
      };
      const roll = (acc: Account) => {
        const k = acc.k;
        const r = s.roll[k - 1];
        const shifted = s.rhoRoll > 0 ? normalCdf((normalQuantile(r) - Math.sqrt(s.rhoRoll) * xt(si)) / Math.sqrt(1 - s.rhoRoll)) : r;
        const rolled = Math.min(shifted * (1 - pol.rollReduction), 1 - s.stay[k - 1]);
        // The payment burden in arrears: B = (P₁ + the episode's charges so far)/P₁ (docs/model.md §4.8).
        if (s.burden === 0 || !(acc.missPay > 0)) return rolled;
        return Math.min(rolled * Math.pow((acc.missPay + acc.balance - acc.base - acc.drawn) / acc.missPay, s.burden), 1 - s.stay[k - 1]);
      };
      // Switching between transactor and revolver, shifted like the miss in opposite directions (docs/model.md §4.6).
      const switchShift = (p: number, sign: number) => (p <= 0 || p >= 1 || s.rho === 0 ? p : normalCdf((normalQuantile(p) + sign * Math.sqrt(s.rho) * xt(si)) / Math.sqrt(1 - s.rho)));
      const newPlan = (acc: Account, amount: number, months: number, feeRate: number) => acc.plans.push({ principal: amount, months, feeRate, paid: 0, left: amount });
      const becomesCurrent = (acc: Account) => {
        acc.state = "C";
        acc.monthsPaid = 0;
      };
      const charge = (acc: Account) => {
        // No cap is no limit, also on a zero balance (docs/model.md §5.2): ∞·0 would be NaN and charge nothing.
        const room = s.feeCap === Infinity ? Infinity : s.feeCap * acc.base - (acc.balance - acc.base - acc.drawn);
        const amount = Math.min(acc.balance * s.penaltyMonthly + s.lateFee, room);
        if (amount > 0) acc.balance += amount;
      };
      /** The account's annual rate × the re-default multiplier from now on, solved back through the ladder (docs/model.md §7). */
      const raise = (acc: Account) => {
        const mult = pol.forbearance?.redefaultMultiplier ?? 1;
        if (mult === 1 || acc.raised) return;
        acc.raised = true;
        const known = raisedThresholds[si].get(acc.a);
        if (known !== undefined) {
          acc.a = known;
          return;
        }
        const h = 1 - Math.pow(1 - normalCdf(acc.a), 1 / pm);
        const annual = s.basis === "default" ? twelveMonthDefault(h, s) : 1 - Math.pow(1 - h, 12);
        const raised = Math.min(annual * mult, 1 - 1e-12);
        const h2 = s.basis === "default" ? hazardOf(raised, s) : 1 - Math.pow(1 - raised, 1 / 12);
        const a2 = normalQuantile(1 - Math.pow(1 - h2, pm));
        raisedThresholds[si].set(acc.a, a2);
        acc.a = a2;
      };
      const offer = (acc: Account) => {
        const f = pol.forbearance;
        if (f === null || acc.k !== f.offerAt || acc.offered) return;
        acc.offered = true;
        if (rng() >= f.takeUp) return;
        if (f.kind === "holiday") {
          acc.state = "R";
          acc.age = 0;
          acc.base = acc.balance;
          acc.drawn = 0;
          return;
        }
        // A conversion: the balance, charges capitalized, becomes a plan over termMonths at the
        // conversion's fee; current at once, its payment the new reference (docs/model.md §7).
        newPlan(acc, acc.balance, f.termMonths, f.feeRate);
        acc.balance = 0;
        if (s.product !== PRODUCT.revolving) acc.converted = true;
        becomesCurrent(acc);
        acc.refPay = required(s, acc);
        raise(acc);
      };
      const lgdOf = () => {
        if (pol.salePrice !== null) return 1 - pol.salePrice;
        const mean = s.lgd.macro > 0 ? normalCdf(normalQuantile(s.lgd.mean) - s.lgd.macro * xt(si)) : s.lgd.mean;
        const kappa = s.lgd.sd > 0 ? (s.lgd.mean * (1 - s.lgd.mean)) / s.lgd.sd ** 2 - 1 : 0;
        if (!(kappa > 0) || kappa >= 1e12) return mean;
        return randomBeta.source(rng)(mean * kappa, (1 - mean) * kappa)();
      };
      // The draw-down of a line in arrears (docs/model.md §5.4): D = CCF·(L − B₀), D/m a month after the month's charge, the rest at default.
      const drawTotal = (acc: Account) => s.ccf * Math.max(0, acc.limit - acc.base);
      const draw = (acc: Account) => {
        if (s.product !== PRODUCT.revolving || m === 0) return;
        const d = Math.max(0, Math.min(drawTotal(acc) / m, drawTotal(acc) - acc.drawn));
        acc.balance += d;
        acc.drawn += d;
      };
      const defaultNow = (acc: Account) => {
        const ead = s.product === PRODUCT.revolving ? acc.balance + Math.max(0, drawTotal(acc) - acc.drawn) : exposureOf(s, acc);
        const loss = ead * lgdOf();
        acc.balance = ead;
        acc.age = 0;
        acc.state = pol.salePrice !== null || s.chargeOffMonths === 0 ? "W" : "F";
        so[o + PM.defaults]++;
        so[o + PM.lossAtDefault] += loss;
        // Exposure is the largest the account owed: its EAD when that is above its start's.
        so[o + PM.exposure] += Math.max(0, ead - acc.exposure0);
        periodDefaults++;
        // Written off at once, or after chargeOffMonths in F: the net charge-off then (no recovery curve: all recovered at default).
        if (acc.state === "W") {
          so[o + PM.netLoss] += loss;
          periodLoss += loss;
        } else acc.loss = loss;
      };
      for (const acc of accounts[si]) {
        switch (acc.state) {
          case "C": {
            // What is due before the month's payments, with the behaviour at the month's start.
            const due = required(s, acc);
            const B = due > 0 && acc.refPay > 0 ? due / acc.refPay : 1;
            const h = Math.min(1, hazard(acc.a) * (s.burden === 0 ? 1 : Math.pow(B, s.burden)));
            if (rng() < h) {
              // A miss: the whole balance is due, the plans folded into it (docs/model.md §4.7).
              acc.missPay = due;
              acc.missedAt = mo;
              acc.balance += planBalance(acc);
              acc.plans = [];
              acc.base = acc.balance;
              acc.drawn = 0;
              charge(acc);
              if (m === 0) defaultNow(acc);
              else {
                acc.state = "D";
                acc.k = 1;
                if (s.product === PRODUCT.revolving && pol.cutOnDelinquency > 0) acc.limit = Math.max(acc.balance, (1 - pol.cutOnDelinquency) * acc.limit);
                draw(acc);
                offer(acc);
              }
              break;
            }
            if (s.attrition > 0 && rng() < s.attrition) {
              acc.state = "P";
              break;
            }
            // A month paid, in the order of docs/model.md §4.6: the plans, then the balance.
            if (acc.plans.length > 0) {
              for (const plan of acc.plans) {
                so[o + PM.instalmentFeeIncome] += plan.principal * plan.feeRate;
                plan.left -= plan.principal / plan.months;
                plan.paid++;
              }
              acc.plans = acc.plans.filter((plan) => plan.paid < plan.months);
            }
            if (s.product !== PRODUCT.revolving) {
              if (!acc.converted && acc.paid < s.termMonths) {
                const interest = acc.balance * s.aprMonthly;
                so[o + PM.interestIncome] += interest;
                acc.balance += interest - acc.payment;
                acc.paid++;
                if (acc.paid >= s.termMonths) acc.balance = 0;
              }
              if (acc.balance === 0 && acc.plans.length === 0) acc.state = "P";
              break;
            }
            const rev = s.revolvers;
            if (rev === null) so[o + PM.interestIncome] += acc.balance * s.aprMonthly;
            else {
              if (acc.revolver) so[o + PM.interestIncome] += acc.balance * s.aprMonthly;
              const w = rng();
              acc.revolver = acc.revolver ? !(w < switchShift(rev.toTransact, +1)) : w < switchShift(rev.toRevolve, -1);
              acc.balance = acc.revolver ? acc.balance * (1 - rev.minPayment) : 0;
              const inst = s.instalments;
              if (acc.revolver && inst !== null && inst.balanceRate > 0 && acc.balance > 0 && rng() < inst.balanceRate) {
                newPlan(acc, acc.balance, inst.termMonths, inst.feeRate);
                acc.balance = 0;
              }
              if (s.purchases > 0) {
                const buy = Math.min(s.purchases * acc.limit, Math.max(0, acc.limit - acc.balance - planBalance(acc)));
                so[o + PM.merchantFeeIncome] += s.interchange * buy;
                const converted = inst === null ? 0 : inst.purchaseShare * buy;
                if (converted > 0) newPlan(acc, converted, inst!.termMonths, inst!.feeRate);
                acc.balance += buy - converted;
              }
            }
            const inc = pol.increase;
            if (inc !== null) {
              acc.monthsPaid++;
              const warned = pol.earlyWarning !== null && mo - acc.missedAt <= pol.earlyWarning.lookbackMonths;
              if (acc.monthsPaid >= inc.afterMonths && acc.increases < inc.maxTimes && !warned) {
                acc.limit *= 1 + inc.by;
                acc.increases++;
                acc.monthsPaid = 0;
              }
            }
            break;
          }
          case "D": {
            const u = rng();
            const r = roll(acc);
            if (u < r) {
              charge(acc);
              draw(acc);
              if (acc.k === m) defaultNow(acc);
              else {
                acc.k++;
                offer(acc);
              }
            } else if (u < r + s.stay[acc.k - 1]) {
              charge(acc);
              draw(acc);
            } else {
              so[o + PM.feeIncome] += acc.balance - acc.base - acc.drawn;
              acc.balance = acc.base;
              acc.drawn = 0;
              becomesCurrent(acc);
              // Early warning: a credit line that cures has its undrawn limit cut (docs/model.md §7).
              const ew = pol.earlyWarning;
              if (ew !== null && s.product === PRODUCT.revolving) acc.limit = acc.balance + (1 - ew.cut) * Math.max(0, acc.limit - acc.balance);
            }
            break;
          }
          case "R": {
            acc.balance += acc.balance * s.aprMonthly;
            if (++acc.age >= (pol.forbearance?.holidayMonths ?? 0)) {
              becomesCurrent(acc);
              raise(acc);
            }
            break;
          }
          case "F":
            if (++acc.age >= s.chargeOffMonths) {
              acc.state = "W";
              so[o + PM.netLoss] += acc.loss;
              periodLoss += acc.loss;
            }
            break;
          case "off":
          case "W":
          case "P":
            break;
          default:
            acc.state satisfies never;
        }
      }
    });
    // Applicants approved for this month join at its end.
    segs.forEach((s, si) => {
      const o = si * NPM;
      accounts[si].forEach((acc, idx) => {
        if (acc.state !== "off" || cols.bookAt[slotOf(si, idx)] !== mo) return;
        acc.state = "C";
        acc.refPay = required(s, acc);
        so[o + PM.accounts]++;
        so[o + PM.booked]++;
        acc.exposure0 = exposureOf(s, acc);
        so[o + PM.exposure] += acc.exposure0;
      });
    });
    // Month end: funding on every balance not written off, collections, the period's row.
    let active = 0;
    let activeBalance = 0;
    let npl = 0;
    let revolving = 0;
    let revolvers = 0;
    const buckets = new Array<number>(model.layout.buckets).fill(0);
    segs.forEach((s, si) => {
      const o = si * NPM;
      for (const acc of accounts[si]) {
        if (acc.state === "off" || acc.state === "W" || acc.state === "P") continue;
        // A credit line's balance is its revolving balance plus its plans' (docs/model.md §4.6).
        const balance = acc.balance + planBalance(acc);
        active++;
        activeBalance += balance;
        so[o + PM.operatingCost] += pol.costPerAccountMonth;
        so[o + PM.fundingCost] += balance * pol.fundingMonthly;
        so[o + PM.balanceYears] += balance / 12;
        if (acc.state === "D") {
          so[o + PM.collectionCost] += pol.collectionCostMonthly;
          buckets[acc.k - 1]++;
          // Non-performing: more than 90 days past due, D4 and beyond (docs/model.md §8.3), or in F.
          if (acc.k >= 4) npl += balance;
        } else if (acc.state === "F") npl += balance;
        // The revolver share counts the current credit lines of the behavioural segments (the model's `stepped`, docs/model.md §10).
        if (acc.state === "C" && s.stepped && s.product === PRODUCT.revolving) {
          revolving++;
          if (acc.revolver) revolvers++;
        }
      }
    });
    periodBalances += activeBalance;
    allBalances += activeBalance;
    if (mo % pm === 0) {
      const row = po.subarray((t - 1) * W, t * W);
      const B = model.layout.buckets;
      row[PC.nplRatio] = activeBalance > 0 ? npl / activeBalance : 0;
      row[PC.defaults] = periodDefaults;
      row[PC.netLoss] = periodLoss;
      row[PC.balance] = activeBalance;
      lossToDate += periodLoss;
      row[PC.periodLossRate] = periodBalances > 0 ? periodLoss / (periodBalances / pm) : 0;
      row[PC.lossRateToDate] = allBalances > 0 ? lossToDate / (allBalances / mo) : 0;
      // The reporting views (days past due, five categories) are checked by hand in reportingViews.test.ts.
      const F = PERIOD_FIXED.length;
      for (let k = 0; k < B; k++) row[F + k] = active > 0 ? buckets[k] / active : 0;
      for (let k = 0; k < K; k++) row[F + B + k] = Z[(t - 1) * K + k];
      v.macro.variables.forEach((mv, jv) => (row[F + B + K + jv] = mv.mean + mv.sensitivity * Z[(t - 1) * K + mv.factor]));
      if (model.layout.revolvers) row[F + B + K + v.macro.variables.length] = revolving > 0 ? revolvers / revolving : 0;
      periodDefaults = 0;
      periodLoss = 0;
      periodBalances = 0;
    }
  }
  // Past the horizon: every account on the book and not in F, at through-the-cycle rates.
  segs.forEach((s, si) => {
    const r = book.ranges[si];
    let sum = 0;
    let n = 0;
    for (let i = r.start; i < r.end; i++) {
      if (cols.bookAt[i] < 0) continue;
      sum += 1 - Math.pow(1 - normalCdf(cols.a[i]), 1 / pm);
      n++;
    }
    const h = n > 0 ? sum / n : 0;
    const mult = pol.forbearance?.redefaultMultiplier ?? 1;
    const annual = s.basis === "default" ? twelveMonthDefault(h, s) : 1 - Math.pow(1 - h, 12);
    const raisedAnnual = Math.min(annual * mult, 1 - 1e-12);
    const hRaised = mult === 1 ? h : s.basis === "default" ? hazardOf(raisedAnnual, s) : 1 - Math.pow(1 - raisedAnnual, 1 / 12);
    // The path's own economy after the horizon: the segment's factor in the last period, its
    // shift taken off, goes on as its AR(1); each month's rates integrated over its normal law.
    const shiftT = s.loadings.reduce((acc, w, k) => acc + w * v.macro.shift[k * T + T - 1], 0);
    const xT = x[si][T - 1] - shiftT;
    const law = (j: number) => {
      const phi = Math.pow(s.persistence, Math.ceil(j / pm));
      const f = phi < 1e-15 ? 0 : phi;
      return { mu: f * xT + shiftT, var: 1 - f * f };
    };
    const integrated = (prob: number, rho: number, j: number) => {
      if (prob <= 0 || prob >= 1 || rho === 0) return prob;
      const { mu, var: v2 } = law(j);
      return normalCdf((normalQuantile(prob) - Math.sqrt(rho) * mu) / Math.sqrt(1 - rho + rho * v2));
    };
    const afterAt = (hz: number): AfterHorizon => ({
      hazard: (j) => 1 - Math.pow(1 - integrated(1 - Math.pow(1 - hz, pm), s.rho, j), 1 / pm),
      roll: (j, k) => Math.min(integrated(s.roll[k], s.rhoRoll, j) * (1 - pol.rollReduction), 1 - s.stay[k]),
      lgd: (j) => {
        if (pol.salePrice !== null) return 1 - pol.salePrice;
        const b = s.lgd.macro;
        if (b === 0) return s.lgd.mean;
        const { mu, var: v2 } = law(j);
        return normalCdf((normalQuantile(s.lgd.mean) - b * mu) / Math.sqrt(1 + b * b * v2));
      },
      v: 1 / (1 + lifeDiscount(model, s)),
    });
    const memo = new Map<string, number>();
    const perEad = (hz: number, raisedKey: boolean, state: number, n: number) => {
      const key = `${raisedKey}:${state}:${n}`;
      let value = memo.get(key);
      if (value === undefined) {
        value = lifetimeLossPerEad(s, afterAt(hz), state, n, s.product === PRODUCT.revolving ? null : s.aprMonthly);
        memo.set(key, value);
      }
      return value;
    };
    let loss = 0;
    for (const acc of accounts[si]) {
      if (acc.state !== "C" && acc.state !== "D" && acc.state !== "R") continue;
      // A loan's payments left; a converted loan's plan months left, outstanding ÷ principal a month rounded up (docs/model.md §4.7, §8.2).
      const planMonths = acc.plans.length > 0 ? Math.ceil(planBalance(acc) / acc.plans.reduce((a, p) => a + p.principal / p.months, 0) - 1e-9) : 0;
      const left = Math.min(600, s.product === PRODUCT.revolving ? s.remainingLifeMonths : acc.converted ? planMonths : s.termMonths - acc.paid);
      const u = acc.state === "D" ? perEad(h, false, acc.k, left) : acc.state === "R" || acc.raised ? perEad(hRaised, true, 0, left) : perEad(h, false, 0, left);
      // A line in arrears has drawn part of its way to B₀ + CCF·(L − B₀) (docs/model.md §5.4): the rest comes at default.
      const ead = acc.state === "D" && s.product === PRODUCT.revolving ? acc.balance + Math.max(0, s.ccf * Math.max(0, acc.limit - acc.base) - acc.drawn) : exposureOf(s, acc);
      loss += ead * u;
    }
    // The horizon's defaults not yet written off: their loss is charged off past it.
    for (const acc of accounts[si]) if (acc.state === "F") loss += acc.loss;
    so[si * NPM + PM.lifetimeLoss] = loss;
    so[si * NPM + PM.acquisitionCost] = so[si * NPM + PM.booked] * pol.costPerBooked;
  });
  // Credit insurance on the book's net loss (MODEL.md 7): recovery shared by loss, premium by balance-years.
  let loss = 0;
  let exposure = 0;
  for (let s = 0; s < segs.length; s++) {
    loss += so[s * NPM + PM.netLoss];
    exposure += so[s * NPM + PM.exposure];
  }
  const cover = pol.insurance;
  const recovery = cover ? cover.coverage * Math.max(0, loss - cover.deductible * exposure) : 0;
  for (let s = 0; s < segs.length; s++) {
    const o = s * NPM;
    so[o + PM.insuranceRecovery] = loss > 0 ? (recovery * so[o + PM.netLoss]) / loss : 0;
    so[o + PM.insurancePremium] = cover ? cover.premium * so[o + PM.balanceYears] : 0;
    so[o + PM.retainedLoss] = so[o + PM.netLoss] - so[o + PM.insuranceRecovery];
    rates(so, o);
  }
}
