/**
 * Simulates paths [from, to) of a compiled model: MODEL.md sections 3–8, account by account
 * and period by period, over typed columns. Per path and period, what is shared is computed
 * once (conditional hazards on the threshold grid, shifted roll rates, the LGD mean); then
 * one loop over accounts with no allocation. A path leaves a few numbers per segment and
 * per period; the columns are reused from path to path.
 */
import { beta } from "./beta.ts";
import { buildBook, type Book, type BookColumns } from "./book.ts";
import { NPM, PM, periodWidth, type ChunkResult, type VariantChunk } from "./layout.ts";
import { factorPath, macroNormals } from "./macro.ts";
import { PRODUCT, type Model, type PolicyModel, type SegmentModel, type VariantModel } from "./model.ts";
import { annualToPeriod, Phi, PhiInv, periodToAnnual } from "./normal.ts";
import { bitsBelow, KeyedStream, keyedBits, keyedUniform, macroRandom, pathKeys, Purpose, seedKeys, streamKeys } from "./random.ts";
import { Workspace, State, Flag } from "./workspace.ts";
import { pow } from "./math.ts";

const books = new WeakMap<Model, { book: Book; ws: Workspace }>();

/** The book and columns of a model, built once per model object and reused by every call. */
function prepared(model: Model): { book: Book; ws: Workspace } {
  let p = books.get(model);
  if (!p) {
    const book = buildBook(model);
    p = { book, ws: new Workspace(book.size, model) };
    books.set(model, p);
  }
  return p;
}

/** Simulates paths [from, to) of every variant. Depends on (model, path) only. */
export function simulatePaths(model: Model, from: number, to: number): ChunkResult {
  const { book, ws } = prepared(model);
  const n = to - from;
  const T = model.periods;
  const S = model.layout.segments.length;
  const W = periodWidth(model.layout);
  const K = model.layout.factors.length;
  const variants: VariantChunk[] = model.variants.map(() => ({
    book: new Float64Array(n * NPM),
    segments: new Float64Array(n * S * NPM),
    periods: new Float64Array(n * T * W),
  }));
  const seed = seedKeys(model.simulation.seed);
  const Z = new Float64Array(T * K);
  for (let p = from; p < to; p++) {
    const z = macroNormals(macroRandom(model.simulation.seed, p), K, T);
    const keys = pathKeys(seed, p);
    model.variants.forEach((v, vi) => {
      factorPath(v.macro, z, T, Z);
      const out = variants[vi];
      const j = p - from;
      simulatePath(model, v, book, book.variants[vi], ws, keys, Z, {
        segments: out.segments.subarray(j * S * NPM, (j + 1) * S * NPM),
        periods: out.periods.subarray(j * T * W, (j + 1) * T * W),
      });
      bookTotals(out.segments, out.book, j, S);
    });
  }
  return { from, to, variants };
}

/** Book totals of path j from its segments, with the rates recomputed from the sums. */
function bookTotals(seg: Float64Array, bookOut: Float64Array, j: number, S: number): void {
  const b = j * NPM;
  for (let s = 0; s < S; s++) for (let m = 0; m < NPM; m++) bookOut[b + m] += seg[(j * S + s) * NPM + m];
  finishRates(bookOut, b);
}

function finishRates(o: Float64Array, b: number): void {
  o[b + PM.defaultRate] = o[b + PM.accounts] > 0 ? o[b + PM.defaults] / o[b + PM.accounts] : 0;
  // Loss over exposure; a path with no exposure has no loss rate: 0 here, left out of the summary.
  o[b + PM.lossRate] = o[b + PM.exposure] >= 1 ? o[b + PM.netLoss] / o[b + PM.exposure] : 0;
  // Net loss a year over the average drawn balance: Σ loss / Σ balance·years (MODEL.md 8).
  const chargeOff = o[b + PM.netLoss] / o[b + PM.balanceYears];
  o[b + PM.chargeOffRate] = Number.isFinite(chargeOff) ? chargeOff : 0;
  o[b + PM.income] = o[b + PM.interestIncome] + o[b + PM.feeIncome];
  o[b + PM.profit] =
    o[b + PM.income] - o[b + PM.fundingCost] - o[b + PM.collectionCost] - o[b + PM.retainedLoss] - o[b + PM.insurancePremium];
}

interface PathOut {
  segments: Float64Array;
  periods: Float64Array;
}

/** What the rarer account events of one segment in one period need, kept out of the hot loop's locals. */
class SegmentPeriod {
  s!: SegmentModel;
  pol!: PolicyModel;
  start = 0;
  revolving = false;
  kF: [number, number] = [0, 0];
  kL: [number, number] = [0, 0];
  lgdMean = 0;
  kappa = 0;
  defaults = 0;
  loss = 0;
  readonly lgd = new KeyedStream();
}

/** Charges of one missed payment, within the episode's cap (MODEL.md 5: the snowball). */
function charge(c: SegmentPeriod, ws: Workspace, i: number): void {
  const b = ws.balance[i];
  const room = c.s.feeCap * ws.base[i] - (b - ws.base[i]);
  const amount = Math.min(b * c.s.penaltyPerPeriod + c.s.lateFee, room);
  if (amount > 0) ws.balance[i] = b + amount;
}

/** Entry into F: the drawdown to EAD, the loss at a Beta LGD (or the sale price), once per account. */
function enterDefault(c: SegmentPeriod, ws: Workspace, i: number): void {
  const b = ws.balance[i];
  const ead = c.revolving ? b + c.s.ccf * Math.max(0, ws.limit[i] - b) : b;
  let lgd = c.lgdMean;
  if (c.pol.salePrice !== null) lgd = 1 - c.pol.salePrice;
  else if (c.kappa > 0) {
    const source = c.lgd.reset(c.kL, i - c.start).next;
    lgd = beta(source, c.lgdMean * c.kappa, (1 - c.lgdMean) * c.kappa);
  }
  ws.balance[i] = ead;
  c.loss += ead * lgd;
  c.defaults++;
  ws.age[i] = 0;
  ws.state[i] = c.pol.salePrice !== null || c.s.chargeOffPeriods === 0 ? State.W : State.F;
}

/** An account entering bucket k is offered forbearance once; it accepts with the take-up probability. */
function offerForbearance(c: SegmentPeriod, ws: Workspace, i: number, k: number): void {
  const f = c.pol.forbearance;
  if (f === null || k !== f.offerAt || ws.flags[i] & Flag.offered) return;
  ws.flags[i] |= Flag.offered;
  if (keyedUniform(c.kF[0], c.kF[1], i - c.start) < f.takeUp) {
    ws.state[i] = State.R;
    ws.age[i] = 0;
    ws.base[i] = ws.balance[i]; // the episode's charges are capitalized into the restructured balance
  }
}

/** The end of a payment holiday: back to current, with the re-default multiplier on the PD. */
function endHoliday(ws: Workspace, i: number, multiplier: number, periodMonths: number): void {
  ws.state[i] = State.C;
  if (multiplier === 1 || ws.flags[i] & Flag.redefault) return;
  ws.flags[i] |= Flag.redefault;
  const pd = Math.min(1 - 1e-12, periodToAnnual(Phi(ws.a[i]), periodMonths) * multiplier);
  ws.a[i] = PhiInv(annualToPeriod(pd, periodMonths));
  ws.cell[i] = -1; // off the grid: decided by the exact hazard
}

const ctx = new SegmentPeriod();

/** One path of one variant. */
function simulatePath(
  model: Model,
  v: VariantModel,
  book: Book,
  cols: BookColumns,
  ws: Workspace,
  keys: [number, number],
  Z: Float64Array,
  out: PathOut,
): void {
  const T = model.periods;
  const K = model.layout.factors.length;
  const W = periodWidth(model.layout);
  const buckets = model.layout.buckets;
  const pm = model.layout.periodMonths;
  const pol = v.policy;
  ws.reset(cols);
  const { state, balance, limit, base, age, paid, flags, a, cell } = ws;
  const payment = cols.payment;
  const so = out.segments;
  const po = out.periods;
  let triggerWasOn = false;

  v.segments.forEach((_, si) => {
    const r = book.ranges[si];
    let exposure = 0;
    // Accounts defaulted before the start are on the book (NPL, funding) but not at risk:
    // they count in neither the accounts nor the exposure of the horizon.
    let accounts = 0;
    for (let i = r.start; i < r.start + v.segments[si].accounts; i++) {
      if (state[i] === State.F) continue;
      accounts++;
      exposure += balance[i];
    }
    so[si * NPM + PM.accounts] = accounts;
    so[si * NPM + PM.exposure] = exposure;
  });

  for (let t = 1; t <= T; t++) {
    const row = (t - 1) * W;
    const zt = (t - 1) * K;
    const trigger = pol.trigger;
    const triggerOn = trigger !== null && Z[zt + trigger.factor] < trigger.below;
    if (triggerWasOn && !triggerOn) ws.clearFlag(Flag.triggerCut); // the episode is over
    triggerWasOn = triggerOn;
    const triggerKeep = trigger === null ? 1 : 1 - trigger.cut;
    let activeCount = 0;
    let activeBalance = 0;
    let nplBalance = 0;
    let periodDefaults = 0;
    let periodLoss = 0;
    const bucketCount = ws.bucketCount.fill(0);

    for (let si = 0; si < v.segments.length; si++) {
      const s = v.segments[si];
      const r = book.ranges[si];
      const o = si * NPM;
      const m = s.roll.length;
      let x = 0;
      for (let k = 0; k < K; k++) x += s.loadings[k] * Z[zt + k];
      // Conditional hazard Φ((a − √ρ·x)/√(1−ρ)) at the grid points (MODEL.md 3).
      const shift = Math.sqrt(s.rho) * x;
      const scale = Math.sqrt(1 - s.rho);
      const grid = cols.grids[si].points;
      const P = ws.hazardTable(grid.length);
      // As thresholds on the keyed bits: a miss is bits < P[g] (see bitsBelow).
      for (let g = 0; g < grid.length; g++) P[g] = bitsBelow(Phi((grid[g] - shift) / scale));
      // Shifted roll rates, reduced by collections and capped at 1 − stay (MODEL.md 4, 7).
      const roll = ws.rollTable(m);
      for (let k = 0; k < m; k++) {
        const shifted =
          s.rhoRoll > 0 ? Phi((PhiInv(s.roll[k]) - Math.sqrt(s.rhoRoll) * x) / Math.sqrt(1 - s.rhoRoll)) : s.roll[k];
        roll[k] = Math.min(shifted * (1 - pol.rollReduction), 1 - s.stay[k]);
      }
      ctx.s = s;
      ctx.pol = pol;
      ctx.start = r.start;
      ctx.revolving = s.product === PRODUCT.revolving;
      ctx.kF = streamKeys(keys, Purpose.forbearance, si, t);
      ctx.kL = streamKeys(keys, Purpose.lgd, si, t);
      ctx.lgdMean = s.lgd.macro > 0 ? Phi(PhiInv(s.lgd.mean) - s.lgd.macro * x) : s.lgd.mean;
      // Beta concentration κ = μ(1−μ)/sd² − 1; past 1e12 the spread is below any currency
      // unit and the LGD is its mean (an sd near 0 must not make κ infinite).
      const kappa = s.lgd.sd > 0 ? (s.lgd.mean * (1 - s.lgd.mean)) / (s.lgd.sd * s.lgd.sd) - 1 : 0;
      ctx.kappa = kappa < 1e12 ? kappa : 0;
      ctx.defaults = 0;
      ctx.loss = 0;
      const [t1, t2] = streamKeys(keys, Purpose.transition, si, t);
      const [a1, a2] = streamKeys(keys, Purpose.attrition, si, t);
      const revolving = ctx.revolving;
      const attrition = s.attrition;
      const attritionBits = bitsBelow(attrition);
      const apr = s.aprPerPeriod;
      const rate = s.aprMonthly;
      const term = s.termMonths;
      const end = r.end;
      const holiday = pol.forbearance?.holidayPeriods ?? 0;
      const redefault = pol.forbearance?.redefaultMultiplier ?? 1;
      let interest = 0;
      let fees = 0;
      let delinquent = 0;
      let segBalance = 0;

      for (let i = r.start; i < end; i++) {
        const st = state[i];
        if (st === State.C) {
          if (triggerOn && revolving && !(flags[i] & Flag.triggerCut)) {
            // The lender cuts undrawn lines of current accounts as the period starts.
            limit[i] = balance[i] + triggerKeep * Math.max(0, limit[i] - balance[i]);
            flags[i] |= Flag.triggerCut;
          }
          const id = i - r.start;
          const u = keyedBits(t1, t2, id);
          const g = cell[i];
          const miss =
            g >= 0 ? u < P[g] || (u < P[g + 1] && u < bitsBelow(Phi((a[i] - shift) / scale))) : u < bitsBelow(Phi((a[i] - shift) / scale));
          if (!miss && !(attrition > 0 && keyedBits(a1, a2, id) < attritionBits)) {
            // The common case: the account pays and stays current.
            const b = balance[i];
            if (revolving) interest += b * apr;
            else if (pm === 1 && paid[i] + 1 < term) {
              // One monthly payment: interest b·r, the rest repays principal.
              interest += b * rate;
              balance[i] = b + b * rate - payment[i];
              paid[i]++;
            } else {
              interest += amortize(ws, s, i, pm, payment[i]);
              if (state[i] === State.P) continue;
            }
            activeCount++;
            segBalance += balance[i];
            continue;
          }
          if (!miss) {
            state[i] = State.P; // attrition: repaid in full, no loss, no more income
            continue;
          }
          if (m === 0) enterDefault(ctx, ws, i);
          else {
            base[i] = balance[i];
            charge(ctx, ws, i);
            state[i] = State.D1;
            if (revolving && pol.cutOnDelinquency > 0) {
              limit[i] = Math.max(balance[i], (1 - pol.cutOnDelinquency) * limit[i]);
            }
            offerForbearance(ctx, ws, i, 1);
          }
        } else if (st === State.W || st === State.P) continue;
        else if (st === State.off) {
          if (cols.bookAt[i] === t) {
            state[i] = State.C; // booked at the end of the period: at risk from the next one
            so[o + PM.accounts]++;
            so[o + PM.booked]++;
            so[o + PM.exposure] += balance[i];
            activeCount++;
            segBalance += balance[i];
          }
          continue;
        } else if (st === State.R) {
          balance[i] += balance[i] * apr; // interest at the APR accrues unpaid: not income
          if (++age[i] >= holiday) endHoliday(ws, i, redefault, pm);
        } else if (st === State.F) {
          if (++age[i] >= s.chargeOffPeriods) state[i] = State.W;
        } else {
          const k = st - State.D1; // bucket index: D(k+1)
          const u = keyedUniform(t1, t2, i - r.start);
          if (u < roll[k]) {
            charge(ctx, ws, i);
            if (k + 1 === m) enterDefault(ctx, ws, i);
            else {
              state[i] = st + 1;
              offerForbearance(ctx, ws, i, k + 2);
            }
          } else if (u < roll[k] + s.stay[k]) charge(ctx, ws, i);
          else {
            fees += balance[i] - base[i]; // a cure pays the arrears: the episode's charges are income
            balance[i] = base[i];
            state[i] = State.C;
          }
        }
        // Where a changed account now stands, at the end of the period.
        const now = state[i];
        if (now === State.W || now === State.P) continue;
        activeCount++;
        segBalance += balance[i];
        if (now >= State.D1) {
          bucketCount[now - State.D1]++;
          delinquent++;
          if (now - State.D1 + 1 === m) nplBalance += balance[i];
        } else if (now === State.F) nplBalance += balance[i];
      }
      so[o + PM.defaults] += ctx.defaults;
      so[o + PM.netLoss] += ctx.loss;
      so[o + PM.interestIncome] += interest;
      so[o + PM.feeIncome] += fees;
      so[o + PM.collectionCost] += delinquent * pol.collectionCostPerPeriod;
      so[o + PM.fundingCost] += segBalance * pol.fundingPerPeriod; // every account not written off
      so[o + PM.balanceYears] += (segBalance * pm) / 12;
      so[o + PM.applicants] += s.applicantsPerPeriod;
      activeBalance += segBalance;
      periodDefaults += ctx.defaults;
      periodLoss += ctx.loss;
    }
    po[row] = activeBalance > 0 ? nplBalance / activeBalance : 0;
    po[row + 1] = periodDefaults;
    po[row + 2] = periodLoss;
    po[row + 3] = activeBalance;
    for (let k = 0; k < buckets; k++) po[row + 4 + k] = activeCount > 0 ? bucketCount[k] / activeCount : 0;
    for (let k = 0; k < K; k++) po[row + 4 + buckets + k] = Z[zt + k];
    v.macro.variables.forEach((x, j) => {
      po[row + 4 + buckets + K + j] = x.mean + x.sensitivity * Z[zt + x.factor];
    });
  }
  insure(so, v.segments.length, pol);
  for (let si = 0; si < v.segments.length; si++) finishRates(so, si * NPM);
}

/**
 * Credit insurance on the book's net loss over the horizon: the insurer pays `coverage` of
 * the loss above `deductible` × exposure, for an annual premium on balances. Recovery is
 * shared among segments by their losses and the premium by their balance-years, so the
 * segments still add up to the book.
 */
function insure(so: Float64Array, S: number, pol: PolicyModel): void {
  let loss = 0;
  let exposure = 0;
  for (let s = 0; s < S; s++) {
    loss += so[s * NPM + PM.netLoss];
    exposure += so[s * NPM + PM.exposure];
  }
  const cover = pol.insurance;
  const recovery = cover ? cover.coverage * Math.max(0, loss - cover.deductible * exposure) : 0;
  for (let s = 0; s < S; s++) {
    const o = s * NPM;
    so[o + PM.insuranceRecovery] = loss > 0 ? (recovery * so[o + PM.netLoss]) / loss : 0;
    so[o + PM.insurancePremium] = cover ? cover.premium * so[o + PM.balanceYears] : 0;
    so[o + PM.retainedLoss] = so[o + PM.netLoss] - so[o + PM.insuranceRecovery];
  }
}

/**
 * One period of a current instalment account: up to periodMonths level payments at the
 * monthly APR (B_k = B(1+r)^k − pay·((1+r)^k − 1)/r). Returns the interest paid; the last
 * scheduled payment also pays any residual balance and closes the account.
 */
function amortize(ws: Workspace, s: SegmentModel, i: number, periodMonths: number, payment: number): number {
  const left = s.termMonths - ws.paid[i];
  const k = Math.min(periodMonths, left);
  const b = ws.balance[i];
  const r = s.aprMonthly;
  const growth = r === 0 ? 1 : k === 1 ? 1 + r : pow(1 + r, k);
  const after = r === 0 ? b - payment * k : b * growth - (payment * (growth - 1)) / r;
  ws.paid[i] += k;
  if (k === left) {
    ws.state[i] = State.P;
    ws.balance[i] = 0;
  } else ws.balance[i] = after;
  return payment * k - (b - after);
}
