/**
 * The fitted scenario: a version-2 scenario (`public/scenario-format.md`) with one segment
 * per fitted segment, every estimate followed by a comment giving its 95% interval and the
 * months and accounts behind it. Keys not estimated keep their defaults, or a stated
 * placeholder, with a comment saying so. Written with the yaml library's document API so
 * comments sit on their values.
 */
import { oneYearCorrelation } from "./oneYear.ts";
import { Document, isScalar, type Node } from "yaml";
import { monthLabel } from "../data/performance.ts";
import { DEFAULT_CORRELATION, type Fit, type SegmentFit } from "./fitPerformance.ts";
import type { Estimate } from "./interval.ts";

const r4 = (x: number) => Number(x.toPrecision(4));
const pct = (x: number) => (Math.abs(x) < 0.001 && x !== 0 ? x.toExponential(2) : r4(x).toString());
const range = (e: Estimate) => `95% [${pct(e.low)}, ${pct(e.high)}]`;

function quantile(sorted: number[], q: number): number {
  const i = (sorted.length - 1) * q;
  const lo = Math.floor(i);
  return sorted[lo] + (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]) * (i - lo);
}

/** Median and sd of the logs, for a lognormal size key. */
function lognormal(xs: number[]): { median: number; sigma: number } | null {
  const logs = xs.filter((x) => x > 0).map(Math.log).sort((a, b) => a - b);
  if (logs.length < 2) return null;
  const mean = logs.reduce((s, x) => s + x, 0) / logs.length;
  const sd = Math.sqrt(logs.reduce((s, x) => s + (x - mean) ** 2, 0) / (logs.length - 1));
  return { median: r4(Math.exp(quantile(logs, 0.5))), sigma: Math.min(5, r4(sd)) };
}

/**
 * The segment's `correlation`: the one-year R (oneYear.ts) of the loading its pd was
 * integrated with, at the scenario's persistence, so the engine's loading is the fitted one.
 */
function scenarioCorrelation(s: SegmentFit, persistence: number): number | null {
  if (!s.correlation || !(s.economy.rho > 0)) return null;
  return oneYearCorrelation(s.economy.rho, persistence, s.ladderCycle, s.pd.value);
}

function segmentInput(s: SegmentFit, persistence: number): Record<string, unknown> {
  const revolving = s.book.limits.length > 0;
  const seg: Record<string, unknown> = { name: s.name, accounts: Math.max(1, s.book.accounts), product: revolving ? "revolving" : "instalment" };
  seg.pd = r4(Math.min(0.999, Math.max(1e-6, s.pd.value)));
  if (s.seasoning) {
    seg.seasoning = {
      multipliers: s.seasoning.bands.map((b) => r4(Math.min(100, b.value))),
      bandMonths: s.seasoning.bandMonths,
      afterwards: 1,
      ...(s.monthsOnBook === null ? {} : { monthsOnBook: s.monthsOnBook }),
    };
  }
  // Not estimated (under 24 months): the format's default, said so in its comment.
  const R = scenarioCorrelation(s, persistence);
  seg.correlation = R === null ? DEFAULT_CORRELATION : Math.min(0.99, r4(R));
  if (revolving) {
    const size = lognormal(s.book.limits);
    if (size) seg.limit = size;
    const drawn = s.book.balances.reduce((a, b) => a + b, 0);
    const limit = s.book.limits.reduce((a, b) => a + b, 0);
    seg.utilization = r4(Math.min(1, drawn / limit));
    if (s.ccf) seg.ccf = r4(Math.min(1, Math.max(0, s.ccf.value)));
  } else {
    const size = lognormal(s.book.balances);
    if (size) seg.principal = size;
  }
  seg.attrition = r4(Math.min(0.999, s.rates.attrition.value));
  const delinquency: Record<string, unknown> = { roll: s.ladder.roll.map(r4), stay: s.ladder.stay.map(r4) };
  if (s.book.bucketShares.some((x) => x > 0)) delinquency.start = s.book.bucketShares.map(r4);
  seg.delinquency = delinquency;
  if (s.lgd) seg.lgd = betaLgd(s.lgd.value, s.lgd.sd);
  const uncertainty = {
    ...spreadOf(s.pdUpperBound ? undefined : s.pd, seg.pd as number, "pd"),
    ...spreadOf(s.lgd, (seg.lgd as { mean: number } | undefined)?.mean, "lgdMean"),
    ...spreadOf(R === null ? null : correlationInterval(s, persistence), seg.correlation as number, "correlation"),
  };
  if (Object.keys(uncertainty).length > 0) seg.uncertainty = uncertainty;
  return seg;
}

/**
 * The LGD's mean and sd as the Beta takes them, sd² < μ(1 − μ) (docs/model.md §6): losses
 * that are mostly 0 or 1 (a default recovered in full or not at all) have a sample sd at the
 * bound or past it (its n − 1 divisor), and rounding can push it over; such an sd is written
 * at 0.999 of the bound, and a mean of 0 or 1 gets sd 0.
 */
export function betaLgd(value: number, sd: number): { mean: number; sd: number } {
  const mean = r4(Math.min(1, Math.max(0, value)));
  if (!(mean > 0 && mean < 1)) return { mean, sd: 0 };
  const written = r4(Math.min(0.5, sd));
  // The validator's own test (src/scenario/rules.ts), in the same floating point.
  return { mean, sd: written * written < mean * (1 - mean) ? written : r4(0.999 * Math.sqrt(mean * (1 - mean))) };
}

/**
 * The one-year correlation's 95% interval: the ends of the monthly loading's profile-likelihood
 * interval carried to R as the estimate is (oneYear.ts, increasing in the loading); none when
 * the data cannot bound ρ or tell it from 0 (the interval reaches the grid's end or 0).
 */
function correlationInterval(s: SegmentFit, persistence: number): Estimate | null {
  const c = s.correlation;
  if (!c || c.note !== null || !(c.low > 0)) return null;
  const at = (rho: number) => oneYearCorrelation(rho, persistence, s.ladderCycle, s.pd.value);
  return { value: at(s.economy.rho), low: at(c.low), high: at(c.high) };
}

/**
 * An estimate's 95% interval as the scenario's `uncertainty` entry (docs/model.md §3.5),
 * rounded as the value is and widened to hold the rounded value; none when the interval
 * touches 0 or 1 (no probit) or the estimate is a bound.
 */
function spreadOf(e: Estimate | null | undefined, point: number | undefined, key: "pd" | "lgdMean" | "correlation"): Record<string, { ci95: [number, number] }> {
  if (!e || point === undefined || !(e.low > 0 && e.high < 1 && point > 0 && point < 1)) return {};
  const lo = Math.min(r4(e.low), point);
  const hi = Math.max(r4(e.high), point);
  return lo > 0 && hi < 1 && lo < hi ? { [key]: { ci95: [lo, hi] } } : {};
}

/** The comment of a segment's `uncertainty`: what each path draws, of the keys `drawn`. */
export function uncertaintyNote(drawn: readonly string[]): string {
  const names = drawn.map((k) => ({ pd: "pd", lgdMean: "the LGD mean", correlation: "the correlation" })[k] ?? k);
  const list = names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}` : names[0];
  return `each path draws ${list} from ${names.length > 1 ? "their" : "its"} 95% interval${names.length > 1 ? "s" : ""} above (probit normal, the estimate its median)`;
}

/** The scenario's YAML text. */
export function fitScenarioText(fit: Fit, file: string): string {
  const persistence = fit.persistence.from === null ? null : fit.persistence.value;
  const input = {
    creditlab: 2,
    name: `Fitted from ${file}`,
    description: `Rates estimated by \`creditlab fit\` from ${file}; each estimate is commented with its 95% interval and the data behind it.`,
    simulation: { paths: 1000, horizonMonths: 24 },
    ...(persistence === null ? {} : { macro: { factors: { economy: { persistence, correlation: {} } } } }),
    segments: fit.segments.map((s) => segmentInput(s, fit.persistence.value)),
  };
  const doc = new Document(input);
  const seg = (i: number) => input.segments[i] as { uncertainty?: unknown };
  const note = (path: (string | number)[], text: string) => {
    const node = doc.getIn(path, true) as Node | undefined;
    if (node && isScalar(node)) node.comment = ` ${text}`;
    else if (node) node.commentBefore = ` ${text}`;
  };
  if (persistence !== null) {
    note(["macro", "factors", "economy", "persistence"], `fitted with ρ of segment ${fit.persistence.from} (profile likelihood, monthly)`);
  }
  fit.segments.forEach((s, i) => {
    const at = (...p: (string | number)[]) => ["segments", i, ...p];
    const c = s.counts;
    const span = `${c.months} months ${monthLabel(c.firstMonth, fit.monthFormat)}…${monthLabel(c.firstMonth + c.months - 1, fit.monthFormat)}, ${c.accountsObserved} accounts`;
    note(at("accounts"), `accounts in C or D at ${monthLabel(c.lastMonth, fit.monthFormat)}, the last month`);
    const window = `the window's own ${pct(s.pdWindow.value)} ${range(s.pdWindow)}`;
    const same = s.notes.some((n) => n.startsWith("the window cannot tell"));
    note(
      at("pd"),
      `${s.pdUpperBound ? "no default observed: the 95% upper bound, not an estimate, of the " : ""}12-month default probability of the fitted chain through the cycle (economy integrated over, ρ ${pct(s.economy.rho)}, persistence ${r4(s.economy.persistence)}), ${range(s.pd)}; ${window}${same ? " (the window cannot tell its economy from the average one)" : ""}; miss rate through the cycle ${pct(s.rates.miss.value)} ${range(s.rates.miss)}; ${span}`,
    );
    const R = scenarioCorrelation(s, fit.persistence.value);
    const Rci = (seg(i).uncertainty as { correlation?: { ci95: [number, number] } } | undefined)?.correlation?.ci95;
    if (s.correlation && R !== null) {
      note(
        at("correlation"),
        `one-year asset correlation R of the monthly loading ρ ${r4(s.economy.rho)} (persistence ${r4(fit.persistence.value)}) that pd is integrated with; ` +
          `from monthly miss rates ρ ${r4(s.correlation.rho)} ${range({ value: s.correlation.rho, low: s.correlation.low, high: s.correlation.high })} (profile likelihood), ${s.correlation.months} months${s.correlation.note ? `; ${s.correlation.note}` : ""}` +
          (Rci ? `; as one-year R ${range({ value: R, low: Rci[0], high: Rci[1] })}` : ""),
      );
    } else {
      note(at("correlation"), `not estimated (fewer than 24 months of transitions): the default`);
    }
    if (s.seasoning) {
      const q = s.seasoning;
      q.bands.forEach((b, k) => {
        note(at("seasoning", "multipliers", k), `months on book ${b.from}–${b.to}: miss hazard over a seasoned account's (${q.seasonedAt}+ months), Mantel–Haenszel by month, ${range(b)}, ${b.events} misses in ${b.trials} account-months`);
      });
      note(at("seasoning", "afterwards"), `seasoned: ${q.reference.events} misses in ${q.reference.trials} account-months at ${q.seasonedAt}+ months on book; pd and the miss rate are a seasoned account's`);
      if (s.monthsOnBook !== null) note(at("seasoning", "monthsOnBook"), `median months on book of the accounts at ${monthLabel(c.lastMonth, fit.monthFormat)}`);
    }
    note(at("attrition"), `C → P among those not missing, ${range(s.rates.attrition)}, ${s.rates.attrition.trials} account-months`);
    s.ladder.roll.forEach((_, k) => {
      const n = s.rates.fromBucket[k];
      note(at("delinquency", "roll", k), `D${k + 1} → ${k + 1 === s.ladder.roll.length ? "F" : `D${k + 2}`}: ${range(s.rates.roll[k])}, ${n} account-months`);
      note(at("delinquency", "stay", k), `D${k + 1} stays: ${range(s.rates.stay[k])}; cure ${pct(s.rates.cure[k].value)} ${range(s.rates.cure[k])}`);
    });
    if (seg(i).uncertainty) {
      const drawn = ["pd", "lgdMean", "correlation"].filter((k) => k in (seg(i).uncertainty as object));
      note(at("uncertainty"), uncertaintyNote(drawn));
      for (const key of drawn) {
        const node = doc.getIn(at("uncertainty", key, "ci95"), true) as { flow?: boolean } | undefined;
        if (node) node.flow = true;
      }
    }
    if (s.lgd) {
      note(at("lgd", "mean"), `mean loss/ead over ${s.lgd.trials} defaults, ${range(s.lgd)}`);
      const written = betaLgd(s.lgd.value, s.lgd.sd).sd;
      note(at("lgd", "sd"), written === r4(Math.min(0.5, s.lgd.sd)) ? "sample sd of loss/ead" : `sample sd of loss/ead ${r4(s.lgd.sd)}, written just inside the Beta's bound √(mean·(1−mean))`);
    } else note(at("lgd"), "not estimated (no loss and ead on default rows): the default");
    if (s.ccf) note(at("ccf"), `(ead − B)/(L − B) over ${s.ccf.trials} defaults, against the last current month, ${range(s.ccf)}`);
    if (s.book.limits.length > 0) note(at("utilization"), "drawn over limit at the last month");
    else note(at("product"), "no limit column: read as instalment loans; set termMonths");
  });
  doc.commentBefore = ` Fitted by creditlab fit from ${file}; rates are monthly, pd annual.`;
  return doc.toString({ lineWidth: 0 });
}
