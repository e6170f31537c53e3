/**
 * Expected credit loss of an account, exact for the monthly chain (docs/model.md, Provisions):
 * ECL = Σ_t marginal PD_t · LGD_t · EAD_t · DF_t, with the account's chain C → D1 … Dm → F
 * run forward month by month at rates given per month (one economy path, its residual risk
 * integrated into the rates: economy.ts).
 *
 * The sum is taken by episodes: every missed payment from C opens an episode that ends in F
 * or in a cure. An episode opened in month t carries the EAD of that month (a loan stops
 * amortizing while it is in arrears, a line's exposure is its balance + CCF · undrawn), and
 * its value per unit EAD, missValue(t), discounted to month 0, does not depend on the
 * account's remaining term. Cures return to C, where the account may miss again. So
 *     ECL(n) = Σ_{t ≤ n} c_{t−1} · h_t · EAD_n(t) · missValue(t),
 * c_{t−1} the probability of being current at the end of month t − 1 (one forward pass, cures
 * included; what happens after month t − 1 cannot change it), h_t the miss hazard, n the
 * months in which a miss can happen (the payments left of a loan, a line's remaining life,
 * at most 12 for a 12-month ECL). A loan's scheduled balance after t − 1 of its n payments is
 * EAD_n(t) = (1 − v^(n−t+1))/(1 − v^n) per unit of today's balance, v = 1/(1 + r): linear in
 * (1 + r)^t, so two prefix sums give every n at once.
 */

/** One segment's monthly rates along one expected economy path, months t = 1..months at index t − 1. */
export interface MonthlyRates {
  months: number;
  /** First-miss hazard of a current account (a seasoning multiplier applied already). */
  hazard: Float64Array;
  /** roll[(t − 1)·m + k]: D(k+1) → D(k+2), or → F from Dm. */
  roll: Float64Array;
  stay: ArrayLike<number>;
  attrition: number;
  /** Mean LGD of a default in month t. */
  lgd: Float64Array;
}

export interface EpisodeValues {
  /** missValue[t − 1]: discounted loss per unit EAD of a miss in month t, defaults in months ≤ window counted. */
  missValue: Float64Array;
  /** startValue[k]: the same for an account in D(k+1) at the start (month 0). */
  startValue: Float64Array;
}

/**
 * Values of an episode by the month it opens, by one backward pass over the buckets. With an
 * unbounded window (lifetime), the months after the last are valued at the last month's rates
 * in closed form: from Dk the discounted chance of reaching F is v·roll_k/(1 − v·stay_k) per
 * bucket, so arrears that outlast the table are not cut off.
 */
export function episodeValues(r: MonthlyRates, discount: number, window: number, probability = false): EpisodeValues {
  const L = r.months;
  if (L < 1) throw new Error("episodeValues: rates for at least one month");
  // probability: the chance of a default, LGD 1 and no discount (a PD instead of a loss).
  const lgd = probability ? ones(L) : r.lgd;
  if (probability) discount = 0;
  const m = r.stay.length;
  const v = 1 / (1 + discount);
  const missValue = new Float64Array(L);
  const startValue = new Float64Array(m);
  // df[t] = v^t for t = 0..L, by products (no pow: the same bits everywhere).
  const df = new Float64Array(L + 1);
  df[0] = 1;
  for (let t = 1; t <= L; t++) df[t] = df[t - 1] * v;
  if (m === 0) {
    for (let t = 1; t <= L; t++) missValue[t - 1] = t <= window ? lgd[t - 1] * df[t] : 0;
    return { missValue, startValue };
  }
  // beta[k]: value at the end of month t of being in D(k+1), discounted to month 0.
  let beta = new Float64Array(m);
  let next = new Float64Array(m);
  if (window > L) {
    const last = (L - 1) * m;
    let after = lgd[L - 1];
    for (let k = m - 1; k >= 0; k--) {
      const stay = r.stay[k];
      const out = 1 - v * stay;
      after = out > 0 ? (v * r.roll[last + k] * after) / out : 0;
      beta[k] = df[L] * after;
    }
  }
  for (let t = L; t >= 1; t--) {
    // The month-t episode value is beta after month t: an account entering D1 in month t.
    missValue[t - 1] = beta[0];
    if (t === 1) break;
    // Month t's transitions out of the state at the end of month t − 1.
    const o = (t - 1) * m;
    const lossNow = t <= window ? lgd[t - 1] * df[t] : 0;
    for (let k = 0; k < m; k++) {
      const onward = k + 1 === m ? lossNow : beta[k + 1];
      next[k] = r.roll[o + k] * onward + r.stay[k] * beta[k];
    }
    [beta, next] = [next, beta];
  }
  // From the start: month 1's transitions.
  const lossFirst = 1 <= window ? lgd[0] * df[1] : 0;
  for (let k = 0; k < m; k++) {
    const onward = k + 1 === m ? lossFirst : beta[k + 1];
    startValue[k] = r.roll[k] * onward + r.stay[k] * beta[k];
  }
  return { missValue, startValue };
}

const ones = (n: number): Float64Array => new Float64Array(n).fill(1);

export interface UnitOptions {
  /** 0: current; k: in bucket Dk (1..m). */
  state: number;
  /** Months in which a miss can happen: payments left, a line's remaining life. */
  months: number;
  /** Defaults counted in months ≤ window (12 for a 12-month ECL, Infinity for lifetime). */
  window: number;
  /** A loan's monthly rate for its scheduled balance; null: a constant EAD (a line). */
  scheduleRate: number | null;
}

/**
 * Work space of `unitEcl`: the probability of being current at each month end. Reused across
 * calls (a book's groups) so that a million rows allocate nothing per row.
 */
export class CurrentMass {
  private cur = new Float64Array(0);
  private arrears = new Float64Array(0);
  private nextArrears = new Float64Array(0);

  /** c[t] for t = 0..months − 1 from `state`, cures included. Returns the buffer (valid until the next call). */
  compute(r: MonthlyRates, state: number, months: number): Float64Array {
    const m = r.stay.length;
    if (this.cur.length < months + 1) this.cur = new Float64Array(months + 1);
    if (this.arrears.length < m) {
      this.arrears = new Float64Array(m);
      this.nextArrears = new Float64Array(m);
    }
    const c = this.cur;
    let d = this.arrears;
    let nd = this.nextArrears;
    d.fill(0);
    let cNow = state === 0 ? 1 : 0;
    if (state > 0) d[state - 1] = 1;
    c[0] = cNow;
    const keep = 1 - r.attrition;
    for (let t = 1; t < months; t++) {
      const h = r.hazard[t - 1];
      const o = (t - 1) * m;
      let cured = 0;
      nd.fill(0);
      for (let k = 0; k < m; k++) {
        const q = d[k];
        if (q === 0) continue;
        const roll = r.roll[o + k];
        const stay = r.stay[k];
        if (k + 1 < m) nd[k + 1] += q * roll;
        nd[k] += q * stay;
        cured += q * (1 - roll - stay);
      }
      if (m > 0) nd[0] += cNow * h;
      cNow = cNow * (1 - h) * keep + cured;
      c[t] = cNow;
      [d, nd] = [nd, d];
    }
    this.arrears = d;
    this.nextArrears = nd;
    return c;
  }
}

/**
 * ECL per unit EAD of an account (see the file's comment); with values of `probability`, its
 * PD within the window. For a loan, a unit of today's balance, its EAD then amortizing on
 * schedule; for a line, a unit of its constant EAD.
 */
export function unitEcl(r: MonthlyRates, values: EpisodeValues, mass: CurrentMass, o: UnitOptions): number {
  const n = Math.min(o.months, o.window, r.months);
  return fromMass(r, values, n > 0 ? mass.compute(r, o.state, n) : EMPTY, o);
}

const EMPTY = new Float64Array(0);

/** `unitEcl` from the current mass c[0..] already computed for at least min(months, window) months. */
export function fromMass(r: MonthlyRates, values: EpisodeValues, c: Float64Array, o: UnitOptions): number {
  const n = Math.min(o.months, o.window, r.months);
  const start = o.state > 0 ? values.startValue[o.state - 1] : 0;
  if (n <= 0) return start;
  const mv = values.missValue;
  if (o.scheduleRate === null) {
    let sum = 0;
    for (let t = 1; t <= n; t++) sum += c[t - 1] * r.hazard[t - 1] * mv[t - 1];
    return start + sum;
  }
  // The loan's remaining term is o.months (its balance after t − 1 payments), whatever the window.
  const N = o.months;
  const rate = o.scheduleRate;
  let sum = 0;
  if (rate === 0) {
    for (let t = 1; t <= n; t++) sum += c[t - 1] * r.hazard[t - 1] * mv[t - 1] * ((N - t + 1) / N);
    return start + sum;
  }
  // EAD_N(t) = (1 − v^(N−t+1))/(1 − v^N): v^(N−t+1) by a running product from t = n down.
  const v = 1 / (1 + rate);
  let vN = 1;
  for (let j = 0; j < N; j++) vN *= v;
  let vk = 1;
  for (let j = 0; j < N - n + 1; j++) vk *= v; // v^(N−n+1)
  for (let t = n; t >= 1; t--) {
    sum += c[t - 1] * r.hazard[t - 1] * mv[t - 1] * ((1 - vk) / (1 - vN));
    vk *= v;
  }
  return start + sum;
}

/**
 * `unitEcl` for every remaining term n = 0..maxMonths at once (the lifetime view of many
 * loans): with x_t = c_{t−1}·h_t·missValue(t), a loan's sum is
 * (Σ_{t≤n} x_t − v^(n+1)·Σ_{t≤n} x_t·(1 + r)^t)/(1 − v^n), two prefix sums (with r = 0,
 * ((n + 1)·Σ x_t − Σ t·x_t)/n); a line's is Σ_{t≤n} x_t. Writes table[n].
 */
export function unitTable(r: MonthlyRates, values: EpisodeValues, mass: CurrentMass, o: Omit<UnitOptions, "months">, maxMonths: number, table: Float64Array): void {
  const start = o.state > 0 ? values.startValue[o.state - 1] : 0;
  const nMax = Math.min(maxMonths, o.window, r.months);
  const c = nMax > 0 ? mass.compute(r, o.state, nMax) : EMPTY;
  const mv = values.missValue;
  const rate = o.scheduleRate;
  let p1 = 0;
  let p2 = 0;
  let grow = 1;
  const v = rate === null || rate === 0 ? 1 : 1 / (1 + rate);
  let vn = 1; // v^n
  table[0] = start;
  for (let n = 1; n <= maxMonths; n++) {
    vn *= v;
    if (n <= nMax) {
      const x = c[n - 1] * r.hazard[n - 1] * mv[n - 1];
      p1 += x;
      if (rate === null) {
        // a line: constant EAD
      } else if (rate === 0) p2 += n * x;
      else {
        grow *= 1 + rate;
        p2 += x * grow;
      }
    }
    if (rate === null) table[n] = start + p1;
    else if (rate === 0) table[n] = start + ((n + 1) * p1 - p2) / n;
    else table[n] = start + (p1 - vn * v * p2) / (1 - vn);
  }
}
