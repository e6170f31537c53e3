/**
 * Rules of the economy: factor correlations form a correlation matrix, variables and
 * shocks name declared factors and variables, and each shock has one target and one shape.
 */
import { orList } from "./allowed.ts";
import type { PathKey, Problem } from "./positions.ts";
import type { Scenario, Shock } from "./schema.ts";
import { cholesky, correlationMatrix } from "./correlation.ts";

type Factors = Scenario["macro"]["factors"];

export function macroRules(s: Scenario): Problem[] {
  const { factors, variables, shocks } = s.macro;
  const names: Declared = { factors: Object.keys(factors), variables: Object.keys(variables) };
  const variableProblems = Object.entries(variables).flatMap(([name, v]) =>
    names.factors.includes(v.factor) ? [] : [{ path: ["macro", "variables", name, "factor"], message: notDeclared("factor", v.factor, names.factors) }],
  );
  const shockProblems = shocks.flatMap((shock, i) => shockRules(shock, ["macro", "shocks", i], s.simulation.horizonMonths, names));
  const pathProblems = Object.entries(variables).flatMap(([name, v]): Problem[] => {
    if (v.path === undefined || (v.path.monthly === undefined) !== (v.path.quarterly === undefined)) return [];
    return [{ path: ["macro", "variables", name, "path"], message: "a fixed path takes its values once; allowed: exactly one of monthly or quarterly" }];
  });
  const linkProblems = s.segments.flatMap((g, i) => [
    ...linkRules(g.link, ["segments", i, "link"], s.simulation.periodMonths, names),
    // A roll link needs rolls to move.
    ...(g.link?.roll !== undefined && g.delinquency.roll.length === 0
      ? [{ path: ["segments", i, "link", "roll"], at: "key" as const, message: "the segment has no roll rates (delinquency.roll is empty) for a roll link to move; allowed: leave link.roll out, or give delinquency.roll" }]
      : []),
  ]);
  return [...correlationRules(factors), ...variableProblems, ...shockProblems, ...pathProblems, ...linkProblems];
}

/** A link's terms read declared variables, at lags and changes the economy's period can hold. */
function linkRules(link: Scenario["segments"][number]["link"], at: PathKey[], periodMonths: number, names: Declared): Problem[] {
  if (link === undefined) return [];
  return [...termRules(link.terms, at, periodMonths, names), ...(link.roll ? termRules(link.roll.terms, [...at, "roll"], periodMonths, names) : [])];
}

function termRules(terms: NonNullable<Scenario["segments"][number]["link"]>["terms"], at: PathKey[], periodMonths: number, names: Declared): Problem[] {
  return terms.flatMap((term, j): Problem[] => {
    const out: Problem[] = [];
    if (!names.variables.includes(term.variable)) out.push({ path: [...at, "terms", j, "variable"], message: notDeclared("variable", term.variable, names.variables) });
    for (const key of ["lag", "change"] as const) {
      if (term[key] % periodMonths !== 0) {
        out.push({ path: [...at, "terms", j, key], message: `${term[key]} months is not a whole number of periods; allowed: a multiple of simulation.periodMonths (${periodMonths})` });
      }
    }
    return out;
  });
}

interface Declared {
  factors: string[];
  variables: string[];
}

function notDeclared(kind: "factor" | "variable", name: string, declared: string[]): string {
  const allowed = declared.length > 0 ? orList(declared) : `none yet (declare it under macro.${kind}s)`;
  return `"${name}" is not a declared ${kind}; allowed: ${allowed}`;
}

function correlationRules(factors: Factors): Problem[] {
  const names = Object.keys(factors);
  const out: Problem[] = [];
  for (const a of names) {
    for (const [b, r] of Object.entries(factors[a].correlation)) {
      const path = ["macro", "factors", a, "correlation", b];
      if (b === a) out.push({ path, at: "key", message: `a factor's correlation with itself is 1 and is not given; allowed: ${others(names, a)}` });
      else if (!names.includes(b)) out.push({ path, at: "key", message: `${b} is not a declared factor; allowed: ${others(names, a)}` });
      else if (names.indexOf(b) < names.indexOf(a) && a in factors[b].correlation && factors[b].correlation[a] !== r) {
        const other = factors[b].correlation[a];
        out.push({ path, message: `${r} disagrees with macro.factors.${b}.correlation.${a} (${other}); allowed: ${other}, or leave one of them out` });
      }
    }
  }
  if (out.length === 0 && cholesky(correlationMatrix(factors), names.length) === null) {
    out.push({
      path: ["macro", "factors"],
      message: "the factor correlations cannot all hold at once (the matrix is not positive definite); allowed: correlations closer to 0",
    });
  }
  return out;
}

function others(names: string[], self: string): string {
  const rest = names.filter((n) => n !== self);
  return rest.length > 0 ? `other declared factors: ${orList(rest)}` : "no other factor is declared";
}

function shockRules(shock: Shock, at: PathKey[], horizonMonths: number, names: Declared): Problem[] {
  const out: Problem[] = [];
  const { factor, variable, path, recession } = shock;
  if (factor === undefined && variable === undefined) out.push({ path: at, message: "a shock needs a target; allowed: exactly one of factor or variable" });
  if (factor !== undefined && variable !== undefined) out.push({ path: [...at, "variable"], message: "a shock takes a factor or a variable, not both; allowed: exactly one of factor or variable" });
  if (variable !== undefined && recession) {
    out.push({ path: [...at, "recession"], message: "a variable shock takes a target path, not a recession; allowed: path" });
  } else if (path && recession) {
    out.push({ path: [...at, "recession"], message: "a shock takes a path or a recession, not both; allowed: exactly one of path or recession" });
  }
  if (!path && !recession) out.push({ path: at, message: "a shock needs a shape; allowed: exactly one of path or recession" });
  if (factor !== undefined && !names.factors.includes(factor)) {
    out.push({ path: [...at, "factor"], message: notDeclared("factor", factor, names.factors) });
  }
  if (variable !== undefined && !names.variables.includes(variable)) {
    out.push({ path: [...at, "variable"], message: notDeclared("variable", variable, names.variables) });
  }
  if (recession && recession.start > horizonMonths) {
    out.push({ path: [...at, "recession", "start"], message: `month ${recession.start} is after the horizon; allowed: 1 to ${horizonMonths}` });
  }
  return out;
}
