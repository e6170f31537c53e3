/**
 * The text `creditlab fit` prints: per segment the estimates with their 95% intervals and
 * the data behind them, then the back-test month by month (observed against fitted, the
 * band, `*` where outside) and its χ².
 */
import { grouped } from "../format/number.ts";
import { monthLabel } from "../data/performance.ts";
import type { Fit, SegmentFit } from "./fitPerformance.ts";
import type { Estimate } from "./interval.ts";

const f = (x: number) => (Number.isNaN(x) ? "n/a" : Math.abs(x) >= 0.001 || x === 0 ? x.toFixed(4) : x.toExponential(2));
const est = (e: Estimate) => `${f(e.value).padStart(8)}  95% [${f(e.low)}, ${f(e.high)}]`;
const count = (e: Estimate) => (e.trials === undefined ? "" : `  ${e.events} of ${grouped(e.trials)}`);

function segmentLines(s: SegmentFit, fit: Fit): string[] {
  const label = (m: number) => monthLabel(m, fit.monthFormat);
  const c = s.counts;
  const lines = [
    `segment ${s.name}: ${c.months} months ${label(c.firstMonth)}…${label(c.firstMonth + c.months - 1)}, ${grouped(c.accountsObserved)} accounts, ${grouped(s.rates.fromCurrent)} account-months from C`,
    `  ${"miss C → D1".padEnd(22)}${est(s.rates.miss)}   (through the cycle: the months' common economy integrated over; docs/model.md §13)`,
    `  ${"miss, the window's".padEnd(22)}${est(s.rates.missWindow)}${count(s.rates.missWindow)}   (pooled, Wilson: account-months as if independent)`,
    `  ${"attrition C → P".padEnd(22)}${est(s.rates.attrition)}${count(s.rates.attrition)}`,
  ];
  for (let k = 0; k < c.buckets; k++) {
    const to = k + 1 === c.buckets ? "F" : `D${k + 2}`;
    lines.push(`  ${`roll D${k + 1} → ${to}`.padEnd(22)}${est(s.rates.roll[k])}${count(s.rates.roll[k])}`);
    lines.push(`  ${`stay D${k + 1}`.padEnd(22)}${est(s.rates.stay[k])}${count(s.rates.stay[k])}`);
    lines.push(`  ${`cure D${k + 1} → C`.padEnd(22)}${est(s.rates.cure[k])}${count(s.rates.cure[k])}`);
  }
  const e = s.economy;
  lines.push(`  ${"pd (12 months)".padEnd(22)}${est(s.pd)}   (through the cycle: fitted chain over the stationary economy, ρ ${f(e.rho)}, persistence ${e.persistence.toFixed(2)})`);
  lines.push(`  ${"pd, the window's".padEnd(22)}${est(s.pdWindow)}   (the chain at the window's pooled rates, delta method)`);
  if (s.correlation) {
    const r = s.correlation;
    lines.push(`  ${"correlation ρ".padEnd(22)}${est({ value: r.rho, low: r.low, high: r.high })}   (monthly miss rates, profile likelihood; persistence ${r.persistence.toFixed(2)}, ${r.months} months)`);
  }
  if (s.lgd) lines.push(`  ${"LGD mean".padEnd(22)}${est(s.lgd)}   sd ${f(s.lgd.sd)}, ${s.lgd.trials} defaults`);
  if (s.ccf) lines.push(`  ${"CCF".padEnd(22)}${est(s.ccf)}   sd ${f(s.ccf.sd)}, ${s.ccf.trials} defaults`);
  if (s.seasoning) {
    for (const b of s.seasoning.bands) {
      lines.push(`  ${`seasoning ${b.from}–${b.to}`.padEnd(22)}${est(b)}   ${b.events} misses / ${b.trials} account-months (miss hazard over a seasoned account's, ${s.seasoning.seasonedAt}+ months; Mantel–Haenszel by month)`);
    }
  }
  for (const note of s.notes) lines.push(`  note: ${note}`);
  const b = s.backtest;
  const share = (x: number) => (100 * x).toFixed(2).padStart(6);
  lines.push(
    `  back-test, one month ahead from the observed states: χ² = ${b.chi2.toFixed(1)} on ${b.df} df (Anderson–Goodman, rates the same every month), p = ${b.pValue.toFixed(3)}; ` +
      `${b.outside.length} figure${b.outside.length === 1 ? "" : "s"} outside the 95% bands`,
  );
  const bucketHeads = Array.from({ length: c.buckets }, (_, k) => `D${k + 1}% obs fit`.padStart(16)).join("");
  lines.push(`  ${"month".padEnd(8)}${"accounts".padStart(9)}  ${"default% obs   fit [band]".padStart(30)}${bucketHeads}`);
  for (const mo of b.months) {
    const d = mo.defaults;
    const out = (x: { observed: number; low: number; high: number }) => (x.observed < x.low - 1e-12 || x.observed > x.high + 1e-12 ? "*" : " ");
    const band = `[${share(d.low).trim()}, ${share(d.high).trim()}]`;
    const buckets = mo.buckets.map((x) => `${share(x.observed)}${out(x)}${share(x.fitted)}`.padStart(16)).join("");
    lines.push(`  ${label(mo.month).padEnd(8)}${String(mo.accounts).padStart(9)}  ${share(d.observed)}${out(d)}${share(d.fitted)} ${band.padEnd(16)}${buckets}`);
  }
  return lines;
}

export function fitReport(fit: Fit, file: string): string {
  const lines = [`creditlab fit ${file}: ${fit.segments.length} segment${fit.segments.length === 1 ? "" : "s"} fitted; rates are monthly, each with its 95% interval`];
  for (const s of fit.skipped) lines.push(`note: ${s.what} (row ${s.row}); needs ${s.allowed}`);
  for (const s of fit.segments) lines.push("", ...segmentLines(s, fit));
  return lines.join("\n") + "\n";
}

/** The fit as plain JSON data for --json. */
export function fitJson(fit: Fit, scenario: string): unknown {
  return {
    segments: fit.segments.map((s) => ({
      name: s.name,
      months: s.counts.months,
      firstMonth: monthLabel(s.counts.firstMonth, fit.monthFormat),
      accounts: s.counts.accountsObserved,
      counts: s.counts.counts,
      miss: s.rates.miss,
      missWindow: s.rates.missWindow,
      attrition: s.rates.attrition,
      roll: s.rates.roll,
      stay: s.rates.stay,
      cure: s.rates.cure,
      pd: s.pd,
      pdWindow: s.pdWindow,
      economy: s.economy,
      correlation: s.correlation,
      lgd: s.lgd,
      ccf: s.ccf,
      seasoning: s.seasoning,
      backtest: { ...s.backtest, months: s.backtest.months.map((m) => ({ ...m, month: monthLabel(m.month, fit.monthFormat) })), outside: s.backtest.outside.map((o) => ({ ...o, month: monthLabel(o.month, fit.monthFormat) })) },
      notes: s.notes,
    })),
    skipped: fit.skipped,
    scenario,
  };
}
