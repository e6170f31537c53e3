/**
 * The fitted macro link written into a scenario (public/scenario-format.md, the `link` of a
 * segment and the variables it reads), every estimate commented with its 95% interval.
 *
 * - Each macro variable becomes a `macro.variables` entry hung on a factor of its own name,
 *   with the file's mean (the neutral value of its level terms), sd (`sensitivity`) and
 *   monthly persistence, the factors correlated as the variables were (`linkTerms.ts`).
 * - The residual is the factor `credit`, independent of the others, with the residual's
 *   persistence; each linked segment loads on it alone (`loadings: { credit: 1 }`).
 * - `link.terms` carry the βs; `link.residualCorrelation` is the one-year R of the fitted
 *   monthly loading ρ_r (oneYear.ts, the same scale as `correlation`).
 * - The rate through the cycle is the fitted one averaged over the economy: with a the
 *   probit intercept at the neutral economy and residual 0, the monthly probability
 *   Φ(a/√(1+σ²)), σ² = s² + Var(Σβu) the variance of the systematic term (Var(Σβu) over the
 *   macro file's history); annual, 1 − (1 − ·)^12: `missRate` for a performance fit (a
 *   first-miss rate), `pd` for a rate series (the series is a default or charge-off rate).
 */
import { Document, isMap, isScalar, parseDocument, type Node, type Scalar } from "yaml";
import { periodLabel, type MacroSeries } from "../data/macroSeries.ts";
import { Phi } from "../math/normal.ts";
import { absorption, type Ladder } from "./chain.ts";
import { uncertaintyNote } from "./fitScenario.ts";
import type { LinkFit } from "./macroLink.ts";
import { macroEconomy, termLabel, termValues, type Term } from "./linkTerms.ts";
import { oneYearCorrelation } from "./oneYear.ts";

const r4 = (x: number) => Number(x.toPrecision(4));
const range = (low: number, high: number) => `95% [${r4(low)}, ${r4(high)}]`;

export interface LinkedSegment {
  name: string;
  fit: LinkFit;
  /** The segment's ladder (a performance fit's, or the format's default for a series). */
  ladder: Ladder;
  /** The performance fit's pd through the cycle (its upper bound when no default was seen), which the one-year R is matched at. */
  pd?: number;
}

/** The residual factor's name in the written scenario. */
export const RESIDUAL_FACTOR = "credit";

/** Var(Σ β_j u_j) over the macro file's rows where every term is defined. */
function termVariance(series: MacroSeries, terms: Term[], betas: number[]): number {
  const reach = Math.max(0, ...terms.map((t) => (t.lag + t.change) / series.periodMonths));
  const rows = series.start.length - reach;
  const x = termValues(series, terms, reach, rows);
  if (x === null || rows < 2) return 0;
  const s = x.map((r) => r.reduce((a, v, j) => a + betas[j] * v, 0));
  const m = s.reduce((a, v) => a + v, 0) / rows;
  return s.reduce((a, v) => a + (v - m) ** 2, 0) / (rows - 1);
}

/** The annual rate through the cycle (see the file's comment) and σ². */
export function rateThroughCycle(fit: LinkFit, series: MacroSeries, terms: Term[]): { annual: number; monthly: number; sigma2: number } {
  const sigma2 = fit.probit.s ** 2 + termVariance(series, terms, fit.probit.b);
  const monthly = Phi(fit.probit.a / Math.sqrt(1 + sigma2));
  return { annual: 1 - (1 - monthly) ** 12, monthly, sigma2 };
}

/**
 * Adds the link to a scenario's text: `base` a fitted scenario (`fitScenarioText`) whose
 * segments named in `linked` get the link, or null for a new one-segment scenario from a
 * rate series. `series` is the macro file as fitted (monthly for a performance fit).
 */
export function linkScenarioText(base: string | null, linked: LinkedSegment[], series: MacroSeries, terms: Term[], macroFile: string): string {
  const economy = macroEconomy(series);
  const residualPersistence = Math.min(0.98, linked[0]?.fit.persistence ?? 0);
  // The base is our own YAML (fitScenarioText): parsed as a document, its comments stay.
  const parsed: Document = base === null ? new Document(newScenario(macroFile)) : parseDocument(base);
  const factors: Record<string, unknown> = {};
  const variables: Record<string, unknown> = {};
  series.names.forEach((name, j) => {
    const correlation: Record<string, number> = {};
    series.names.forEach((other, k) => {
      if (k > j) correlation[other] = r4(Math.max(-0.99, Math.min(0.99, economy.correlation[j][k])));
    });
    factors[name] = { persistence: r4(economy[j].persistence), correlation };
    variables[name] = { factor: name, mean: r4(economy[j].mean), sensitivity: -r4(Math.max(1e-6, economy[j].sd)) };
  });
  factors[RESIDUAL_FACTOR] = { persistence: r4(residualPersistence), correlation: {} };
  parsed.setIn(["macro", "factors"], parsed.createNode(factors));
  parsed.setIn(["macro", "variables"], parsed.createNode(variables));
  const span = `${periodLabel(series.start[0], series.frequency)}…${periodLabel(series.start[series.start.length - 1], series.frequency)}`;
  const note = (path: (string | number)[], text: string) => {
    const node = parsed.getIn(path, true) as Node | undefined;
    if (node && isScalar(node)) node.comment = ` ${text}`;
    else if (node) node.commentBefore = ` ${text}`;
  };
  series.names.forEach((name) => {
    note(["macro", "variables", name, "mean"], `mean of ${name} in ${macroFile}, ${span}: the neutral value of its level terms`);
    note(["macro", "variables", name, "sensitivity"], `sd of ${name} in ${macroFile} (negative: a factor below 0 is a high value)`);
    note(["macro", "factors", name, "persistence"], `monthly lag-one autocorrelation of ${name} in ${macroFile}`);
  });
  note(["macro", "factors", RESIDUAL_FACTOR, "persistence"], residualPersistence > 0 ? "the residual's monthly persistence, fitted with the link" : "the residual is independent month to month in the fit (docs/model.md §13)");
  const segments = parsed.get("segments", true) as { items: unknown[] } | undefined;
  const names: string[] = ((parsed.toJS() as { segments?: { name: string }[] }).segments ?? []).map((s) => s.name);
  if (base !== null && !segments) throw new Error("linkScenarioText: the base scenario has no segments");
  for (const seg of linked) {
    const i = names.indexOf(seg.name);
    if (i < 0) continue;
    const at = (...p: (string | number)[]) => ["segments", i, ...p];
    const through = rateThroughCycle(seg.fit, series, terms);
    const annual = r4(Math.min(0.999, Math.max(1e-6, through.annual)));
    const rhoMonthly = seg.fit.rho.value;
    const pdForR = seg.pd ?? Math.min(0.999, absorption({ ...seg.ladder, miss: through.monthly }));
    const R = oneYearCorrelation(rhoMonthly, residualPersistence, seg.ladder, pdForR);
    const Rlow = oneYearCorrelation(seg.fit.rho.low, residualPersistence, seg.ladder, pdForR);
    const Rhigh = oneYearCorrelation(seg.fit.rho.high, residualPersistence, seg.ladder, pdForR);
    const rateKey = base === null ? "pd" : "missRate";
    if (base !== null) {
      parsed.deleteIn(at("pd"));
      parsed.deleteIn(at("correlation"));
    }
    // The link's residual loading replaces the correlation: its uncertainty goes with it (a
    // linked segment's correlation is not drawn, docs/model.md §3.5).
    if (parsed.hasIn(at("uncertainty", "correlation"))) {
      parsed.deleteIn(at("uncertainty", "correlation"));
      const left = parsed.getIn(at("uncertainty"), true);
      if (isMap(left) && left.items.length > 0) left.commentBefore = ` ${uncertaintyNote(left.items.map((p) => String((p.key as Scalar).value)))}`;
      else parsed.deleteIn(at("uncertainty"));
    }
    parsed.setIn(at(rateKey), parsed.createNode(annual));
    parsed.setIn(at("loadings"), parsed.createNode({ [RESIDUAL_FACTOR]: 1 }));
    parsed.setIn(
      at("link"),
      parsed.createNode({
        residualCorrelation: r4(Math.min(0.99, R)),
        terms: terms.map((t, j) => ({ variable: t.variable, beta: r4(seg.fit.betas[j].value), lag: t.lag, change: t.change })),
      }),
    );
    const h = seg.fit.hazard;
    note(
      at(rateKey),
      `${base === null ? "annual default rate" : "annual first-miss rate"} through the cycle of the fitted link (the economy and the residual averaged over); at the neutral economy the monthly ${base === null ? "rate" : "miss hazard"} is ${r4(h.value)} ${range(h.low, h.high)}`,
    );
    note(
      at("link", "residualCorrelation"),
      `one-year R of the fitted monthly residual loading ρ ${r4(rhoMonthly)} ${range(seg.fit.rho.low, seg.fit.rho.high)} (profile likelihood; R ${range(Rlow, Rhigh)}), ${seg.fit.observations} ${base === null ? series.frequency + "s" : "months"}${seg.fit.note ? `; ${seg.fit.note}` : ""}`,
    );
    terms.forEach((t, j) => {
      const b = seg.fit.betas[j];
      note(at("link", "terms", j, "beta"), `${termLabel(t)}: ${range(b.low, b.high)} on the probit of the monthly ${base === null ? "rate" : "miss probability"} per unit`);
    });
  }
  parsed.commentBefore = `${parsed.commentBefore ?? ""}\n Macro link fitted by creditlab fit with --${base === null ? "series" : "macro"} ${macroFile} (${span}); βs per unit of each variable, on the probit of the monthly probability.`.replace(/^\n/, "");
  return parsed.toString({ lineWidth: 0 });
}

function newScenario(file: string): Record<string, unknown> {
  return {
    creditlab: 2,
    name: `Fitted from ${file}`,
    description: `A macro link estimated by \`creditlab fit --series\` from the published rates in ${file}; each estimate is commented with its 95% interval.`,
    simulation: { paths: 1000, horizonMonths: 27 },
    macro: { factors: {}, variables: {}, shocks: [] },
    segments: [{ name: "book", accounts: 10000, product: "revolving", pd: 0.03 }],
  };
}
