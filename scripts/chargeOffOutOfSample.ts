/**
 * Out-of-sample check of the macro link fitted on published card charge-offs
 * (docs/model.md §13.4): the link is fitted on scenarios/data/us-card-chargeoffs.csv
 * (1985-Q1…2006-Q2, the part of the FRED series that could be retrieved) exactly as
 * `creditlab fit --series` does, then given the unemployment realized in 2008–2010
 * (scenarios/data/us-unemployment.csv), and the predicted annualized charge-off rate of each
 * quarter is printed: averaged over the residual (its stationary law), and given the
 * residual of the last fitted quarter decaying at the fitted persistence.
 *
 *   npx tsx scripts/chargeOffOutOfSample.ts [TERMS]      (TERMS as --terms; default: unemployment)
 */
import { readFileSync } from "node:fs";
import { readMacroSeries, periodLabel } from "../src/data/macroSeries.ts";
import { fitRateSeries } from "../src/fit/fitLink.ts";
import { monthlyProbit } from "../src/fit/macroLink.ts";
import { parseTerms, termValues, variableMeans } from "../src/fit/linkTerms.ts";
import { Phi } from "../src/math/normal.ts";

const SERIES = "scenarios/data/us-card-chargeoffs.csv";
const MACRO = "scenarios/data/us-unemployment.csv";

const series = readMacroSeries(readFileSync(SERIES, "utf8"), SERIES, true);
const macro = readMacroSeries(readFileSync(MACRO, "utf8"), MACRO, false);
if (!series.ok || !macro.ok) throw new Error("the data files do not read");
const terms = parseTerms(process.argv[2], series.value, SERIES);
if (!terms.ok) throw new Error(terms.error);
const fitted = fitRateSeries(series.value, terms.value, SERIES);
if (!fitted.ok) throw new Error(fitted.error.join("\n"));
const { fit, first } = fitted.value;
const { a, b, s } = fit.probit;
const phiQuarter = fit.persistence ** 3;

// The residual of the last fitted quarter: its probit less the fitted mean.
const fittedX = termValues(series.value, terms.value, first, series.value.start.length - first)!;
const last = fittedX.length - 1;
const lastResidual = monthlyProbit(series.value.rate![first + last]) - (a + b.reduce((acc, bj, j) => acc + bj * fittedX[last][j], 0));

// The realized unemployment of 2008–2010, centred at the fitted file's means (the neutral values).
const means = variableMeans(series.value);
const m = macro.value;
const annual = (probit: number) => 1 - (1 - Phi(probit)) ** 12;
console.log(`link fitted on ${SERIES}, ${fit.observations} quarters: a ${a.toFixed(4)}, β ${b.map((x) => x.toFixed(4)).join(", ")}, residual sd ${s.toFixed(4)}, persistence ${phiQuarter.toFixed(3)} a quarter`);
console.log("quarter   unemployment  predicted (residual averaged)  predicted (given 2006-Q2's residual)");
let peak = { mean: 0, conditional: 0, at: "" };
const lastFitted = series.value.start[series.value.start.length - 1];
for (let row = 0; row < m.start.length; row++) {
  const start = m.start[row];
  if (start < 2008 * 12 || start >= 2011 * 12) continue;
  const x = terms.value.map((t) => {
    const v = m.values[m.names.indexOf(t.variable)];
    const at = row - t.lag / 3;
    return t.change > 0 ? v[at] - v[at - t.change / 3] : v[at] - means[series.value.names.indexOf(t.variable)];
  });
  const eta = a + b.reduce((acc, bj, j) => acc + bj * x[j], 0);
  const h = (start - lastFitted) / 3;
  const mean = annual(eta / Math.sqrt(1 + s * s));
  const conditional = annual((eta + phiQuarter ** h * lastResidual) / Math.sqrt(1 + s * s * (1 - phiQuarter ** (2 * h))));
  if (mean > peak.mean) peak = { mean, conditional: Math.max(peak.conditional, conditional), at: periodLabel(start, "quarter") };
  else peak.conditional = Math.max(peak.conditional, conditional);
  console.log(`${periodLabel(start, "quarter")}   ${m.values[0][row].toFixed(2).padStart(12)}  ${(100 * mean).toFixed(2).padStart(28)}%  ${(100 * conditional).toFixed(2).padStart(36)}%`);
}
console.log(`peak predicted 2008–2010: ${(100 * peak.mean).toFixed(2)}% (residual averaged, ${peak.at}); ${(100 * peak.conditional).toFixed(2)}% given 2006-Q2's residual`);
