/**
 * The ceiling of a stepped month: what the arithmetic and the keyed draws of a current credit
 * line's month cost with nothing else around them, in one JavaScript thread. Prints figures,
 * asserts nothing; `npm run bench` runs it after the behaviour book (bundled by esbuild and
 * run by node, as the engine's worker is: through tsx it runs about a quarter slower).
 *
 * The month is docs/model.md §4.6–4.7 for one segment shaped as the Huabei notebook's line
 * (10,000 accounts, 24 months, pd 0.02, attrition 1%, 12% revolvers switching at 1% and
 * 7.5% a month, a 10% minimum payment, purchases of a fifth of the limit, a tenth of them
 * into 12-month plans, 2% of revolvers a month converting their balance): the exit draw
 * (miss or attrition), the plans' payment and the ring of plan ends, a revolver's interest,
 * the switch, the payment, a conversion, purchases under the undrawn limit, and the
 * month's sums. Left out: everything else the engine does in that month (levers, the
 * burden, the ledger's and cash flows' double entries, the month-end record of the list,
 * accounts in arrears), so the engine cannot be this fast, and a month stepped in
 * JavaScript can hardly be faster.
 *
 * Two orders of the same work: month by month over a list of the current accounts (the
 * engine's order), and account by account with its state in locals. Both add each month's
 * terms in account order, so their sums agree bit for bit: the check that both loops do the
 * whole month is printed with the figures.
 */
import { keyedWord } from "../../src/engine/random.ts";

const ACCOUNTS = 10_000;
const MONTHS = 24;
const TERM = 12;
const PATHS = Number(process.argv[2] ?? 400);

const TWO32 = 2 ** 32;
const missBelow = (1 - (1 - 0.02) ** (1 / 12)) * TWO32;
const exitBelow = missBelow + 0.01 * (TWO32 - missBelow);
const revolveBelow = 0.01 * TWO32;
const transactBelow = 0.075 * TWO32;
const convertBelow = 0.02 * TWO32;
const rate = 0.1825 / 12;
const keep = 1 - 0.1;
const purchases = 0.2;
const purchaseShare = 0.1;
const feeRate = 0.0073;
/** The month's sums, by month: interest, plan fees, purchases, principal repaid, balances, plans, revolvers, exits. */
const SUMS = 8;

const limit = new Float64Array(ACCOUNTS);
for (let i = 0; i < ACCOUNTS; i++) {
  // A lognormal limit (median 4,000, σ 0.8) by Box–Muller on two keyed uniforms.
  const u1 = ((keyedWord(11, 12, i) >>> 0) + 0.5) / TWO32;
  const u2 = ((keyedWord(13, 14, i) >>> 0) + 0.5) / TWO32;
  limit[i] = 4000 * Math.exp(0.8 * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2));
}
const startsRevolving = (i: number) => keyedWord(15, 16, i) >>> 0 < 0.12 * TWO32;

/** The keys of month mo of path p: exit, behaviour, conversion. */
function monthKeys(keys: Int32Array, p: number): void {
  for (let mo = 0; mo < MONTHS; mo++) for (let k = 0; k < 6; k++) keys[6 * mo + k] = keyedWord(p, 1000 + k, mo);
}

/** Month by month over a list of current accounts, their state in columns. */
function monthMajor(p: number, keys: Int32Array, sums: Float64Array): void {
  const balance = new Float64Array(ACCOUNTS);
  const plan = new Float64Array(ACCOUNTS);
  const planPay = new Float64Array(ACCOUNTS);
  const planFee = new Float64Array(ACCOUNTS);
  const endPay = new Float64Array(ACCOUNTS * TERM);
  const endFee = new Float64Array(ACCOUNTS * TERM);
  const revolver = new Uint8Array(ACCOUNTS);
  const list = new Int32Array(ACCOUNTS);
  for (let i = 0; i < ACCOUNTS; i++) {
    list[i] = i;
    balance[i] = 0.3 * limit[i];
    revolver[i] = startsRevolving(i) ? 1 : 0;
  }
  let length = ACCOUNTS;
  monthKeys(keys, p);
  for (let mo = 0; mo < MONTHS; mo++) {
    const s = SUMS * mo;
    const k = 6 * mo;
    const slot = (mo % TERM) * ACCOUNTS;
    let kept = 0;
    // The month's sums in locals, written once at its end (in a typed array's cells, each
    // addition waited on the last one's store: 30 ns an account-month against 26).
    let interest = 0;
    let fees = 0;
    let bought = 0;
    let repaid = 0;
    let balances = 0;
    let plans = 0;
    let revolvers = 0;
    let exits = 0;
    for (let r = 0; r < length; r++) {
      const i = list[r];
      if (keyedWord(keys[k], keys[k + 1], i) >>> 0 < exitBelow) {
        exits++;
        continue;
      }
      list[kept++] = i;
      const b = balance[i];
      let pl = plan[i];
      let pay = planPay[i];
      let fee = planFee[i];
      if (pl > 0) {
        fees += fee;
        const left = pl - pay;
        repaid += pl - left;
        pay -= endPay[slot + i];
        fee -= endFee[slot + i];
        endPay[slot + i] = 0;
        endFee[slot + i] = 0;
        pl = left > 1e-9 ? left : 0;
      }
      const was = revolver[i] === 1;
      if (was) interest += b * rate;
      const w = keyedWord(keys[k + 2], keys[k + 3], i) >>> 0;
      const now = was ? !(w < transactBelow) : w < revolveBelow;
      revolver[i] = now ? 1 : 0;
      let after = now ? b * keep : 0;
      repaid += b - after;
      if (now && after > 0 && keyedWord(keys[k + 4], keys[k + 5], i) >>> 0 < convertBelow) {
        pl += after;
        pay += after / TERM;
        fee += after * feeRate;
        endPay[slot + i] += after / TERM;
        endFee[slot + i] += after * feeRate;
        after = 0;
      }
      const L = limit[i];
      const buy = Math.min(purchases * L, Math.max(0, L - after - pl));
      bought += buy;
      const converted = purchaseShare * buy;
      if (converted > 0) {
        pl += converted;
        pay += converted / TERM;
        fee += converted * feeRate;
        endPay[slot + i] += converted / TERM;
        endFee[slot + i] += converted * feeRate;
      }
      after += buy - converted;
      balance[i] = after;
      plan[i] = pl;
      planPay[i] = pay;
      planFee[i] = fee;
      balances += after;
      plans += pl;
      if (now) revolvers++;
    }
    sums[s] = interest;
    sums[s + 1] = fees;
    sums[s + 2] = bought;
    sums[s + 3] = repaid;
    sums[s + 4] = balances;
    sums[s + 5] = plans;
    sums[s + 6] = revolvers;
    sums[s + 7] = exits;
    length = kept;
  }
}

/** Account by account, its months in a row, its state in locals and its plan ends in a ring of TERM. */
function accountMajor(p: number, keys: Int32Array, sums: Float64Array): void {
  const endPay = new Float64Array(TERM);
  const endFee = new Float64Array(TERM);
  monthKeys(keys, p);
  for (let i = 0; i < ACCOUNTS; i++) {
    endPay.fill(0);
    endFee.fill(0);
    const L = limit[i];
    let b = 0.3 * L;
    let pl = 0;
    let pay = 0;
    let fee = 0;
    let was = startsRevolving(i);
    for (let mo = 0; mo < MONTHS; mo++) {
      const s = SUMS * mo;
      const k = 6 * mo;
      const slot = mo % TERM;
      if (keyedWord(keys[k], keys[k + 1], i) >>> 0 < exitBelow) {
        sums[s + 7]++;
        break;
      }
      if (pl > 0) {
        sums[s + 1] += fee;
        const left = pl - pay;
        sums[s + 3] += pl - left;
        pay -= endPay[slot];
        fee -= endFee[slot];
        endPay[slot] = 0;
        endFee[slot] = 0;
        pl = left > 1e-9 ? left : 0;
      }
      if (was) sums[s] += b * rate;
      const w = keyedWord(keys[k + 2], keys[k + 3], i) >>> 0;
      const now = was ? !(w < transactBelow) : w < revolveBelow;
      let after = now ? b * keep : 0;
      sums[s + 3] += b - after;
      if (now && after > 0 && keyedWord(keys[k + 4], keys[k + 5], i) >>> 0 < convertBelow) {
        pl += after;
        pay += after / TERM;
        fee += after * feeRate;
        endPay[slot] += after / TERM;
        endFee[slot] += after * feeRate;
        after = 0;
      }
      const buy = Math.min(purchases * L, Math.max(0, L - after - pl));
      sums[s + 2] += buy;
      const converted = purchaseShare * buy;
      if (converted > 0) {
        pl += converted;
        pay += converted / TERM;
        fee += converted * feeRate;
        endPay[slot] += converted / TERM;
        endFee[slot] += converted * feeRate;
      }
      b = after + (buy - converted);
      was = now;
      sums[s + 4] += b;
      sums[s + 5] += pl;
      if (now) sums[s + 6]++;
    }
  }
}

/** CPU seconds of `paths` paths of one order, after two paths to warm it up; the last path's sums. */
function timeOrder(run: typeof monthMajor, paths: number): { seconds: number; accountMonths: number; sums: Float64Array } {
  const keys = new Int32Array(6 * MONTHS);
  let sums = new Float64Array(SUMS * MONTHS);
  for (let p = 0; p < 2; p++) run(p, keys, new Float64Array(SUMS * MONTHS));
  let accountMonths = 0;
  const start = process.cpuUsage();
  for (let p = 0; p < paths; p++) {
    sums = new Float64Array(SUMS * MONTHS);
    run(p, keys, sums);
    // Each month steps the accounts still current at its start, those leaving in it included.
    let current = ACCOUNTS;
    for (let mo = 0; mo < MONTHS; mo++) {
      accountMonths += current;
      current -= sums[SUMS * mo + 7];
    }
  }
  const used = process.cpuUsage(start);
  return { seconds: (used.user + used.system) / 1e6, accountMonths, sums };
}

const major = timeOrder(monthMajor, PATHS);
const byAccount = timeOrder(accountMajor, PATHS);
const same = major.sums.every((x, k) => Object.is(x, byAccount.sums[k]));
for (const [label, f] of [["month by month over a list", major], ["account by account, state in locals", byAccount]] as const) {
  const ns = (f.seconds * 1e9) / f.accountMonths;
  console.log(`  the month's arithmetic alone, ${label}: ${(f.accountMonths / f.seconds / 1e6).toFixed(1)}M account-months per CPU-second (${ns.toFixed(1)} ns each)`);
}
console.log(`  (${PATHS} paths of ${ACCOUNTS.toLocaleString("en")} lines × ${MONTHS} months; the two orders' sums ${same ? "agree bit for bit" : "DIFFER: one loop does not do the month"})`);
