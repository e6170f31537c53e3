import { describe, expect, it } from "vitest";
import { cholesky, correlationMatrix } from "../../src/scenario/correlation.ts";
import { errorsOf, expectAt, onlyError, parsed, SMALL_BOOK } from "./helpers.ts";

/** SMALL_BOOK with lines added to its one segment. */
const segment = (lines: string) => `${SMALL_BOOK}${lines.replace(/^/gm, "    ")}\n`;
/** SMALL_BOOK with a macro section. */
const macro = (yaml: string) => `${SMALL_BOOK}macro:\n${yaml.replace(/^/gm, "  ")}\n`;

describe("how a segment's risk is given", () => {
  it("pd and score together", () => {
    const text = segment("score: { mean: 600, sd: 40 }\nscorecard: { score: 600, odds: 30, pdo: 20 }");
    const e = onlyError(text);
    expectAt(e, "segments[0].score", text, "{ mean");
    expect(e.message).toBe("pd and score are both given; allowed: exactly one of pd, missRate, or score with a scorecard");
  });

  it("neither pd nor score points at the segment", () => {
    const text = SMALL_BOOK.replace("    pd: 0.02\n", "");
    const e = onlyError(text);
    expectAt(e, "segments[0].pd", text, "name: cards");
    expect(e.message).toContain("allowed: exactly one of pd, missRate, or score with a scorecard");
  });

  it("a score needs a scorecard", () => {
    const text = SMALL_BOOK.replace("pd: 0.02", "score: { mean: 600, sd: 40 }");
    expectAt(onlyError(text), "segments[0].score", text, "{ mean");
  });

  it("a scorecard needs a score or originations", () => {
    const text = segment("scorecard: { score: 600, odds: 30, pdo: 20 }");
    const e = onlyError(text);
    expectAt(e, "segments[0].scorecard", text, "{ score");
    expect(e.message).toContain("allowed: a scorecard together with score or originations");
  });

  it("originations need a scorecard", () => {
    const text = segment("originations: { perMonth: 10, score: { mean: 600, sd: 40 } }");
    expectAt(onlyError(text), "segments[0].originations", text, "{ perMonth");
  });

  it("originations with a scorecard and pd are fine", () => {
    const text = segment("originations: { perMonth: 10, score: { mean: 600, sd: 40 } }\nscorecard: { score: 600, odds: 30, pdo: 20 }");
    expect(parsed(text).scenario.segments[0].originations?.perMonth).toBe(10);
  });
});

describe("delinquency ladder", () => {
  it("stay needs one value per roll rate", () => {
    const text = segment("delinquency: { roll: [0.3, 0.5], stay: [0.1] }");
    const e = onlyError(text);
    expectAt(e, "segments[0].delinquency.stay", text, "[0.1]");
    expect(e.message).toBe("1 stay values for 2 roll rates; allowed: one stay value per roll rate (2)");
  });

  it("starting shares name existing buckets and add up to at most 1", () => {
    const many = segment("delinquency: { roll: [0.3], start: [0.1, 0.1] }");
    const e = onlyError(many);
    expectAt(e, "segments[0].delinquency.start", many, "[0.1, 0.1]");
    expect(e.message).toBe("2 starting shares for 1 buckets; allowed: at most one share per bucket D1..D1 (1)");
    const much = segment("delinquency: { roll: [0.3, 0.5], start: [0.7, 0.6] }");
    expect(onlyError(much).message).toBe("the shares add up to 1.3; allowed: a total of at most 1");
  });

  it("roll plus stay may not pass 1", () => {
    const text = segment("delinquency:\n  roll: [0.3, 0.5]\n  stay: [0.1, 0.6]");
    const e = onlyError(text);
    expectAt(e, "segments[0].delinquency.stay[1]", text, "0.6");
    expect(e.message).toBe("0.6 plus roll[1] (0.5) is more than 1; allowed: at most 0.5");
  });

  it("an empty ladder and no stay is fine", () => {
    expect(parsed(segment("delinquency: { roll: [] }")).scenario.segments[0].delinquency).toEqual({ roll: [] });
  });
});

describe("LGD", () => {
  it("sd² must be below mean·(1−mean)", () => {
    const text = segment("lgd: { mean: 0.9, sd: 0.3 }");
    const e = onlyError(text);
    expectAt(e, "segments[0].lgd.sd", text, "0.3");
    expect(e.message).toBe("0.3 is too wide for a mean of 0.9; allowed: 0, or less than √(mean·(1−mean)) = 0.3");
  });

  it("a mean of 1 needs sd 0", () => {
    const text = segment("lgd: { mean: 1, sd: 0.1 }");
    expectAt(onlyError(text), "segments[0].lgd.mean", text, "1,");
    expect(parsed(segment("lgd: { mean: 1, sd: 0 }")).scenario.segments[0].lgd.mean).toBe(1);
  });
});

describe("simulation", () => {
  it("the horizon is a multiple of the period", () => {
    const text = SMALL_BOOK.replace("horizonMonths: 12", "horizonMonths: 13\n  periodMonths: 3");
    const e = onlyError(text);
    expectAt(e, "simulation.horizonMonths", text, "13");
    expect(e.message).toBe("13 is not a multiple of periodMonths (3); allowed: a multiple of 3, e.g. 12");
  });
});

describe("factors, loadings, variables and shocks", () => {
  it("a loading on an undeclared factor points at its key", () => {
    const text = segment("loadings: { economy: 1, weather: 0.5 }");
    const e = onlyError(text);
    expectAt(e, "segments[0].loadings.weather", text, "weather");
    expect(e.message).toBe("weather is not a declared factor; allowed: economy");
  });

  it("loadings may not all be zero", () => {
    const text = segment("loadings: { economy: 0 }");
    expectAt(onlyError(text), "segments[0].loadings", text, "{ economy: 0 }");
  });

  it("a correlation names another declared factor", () => {
    const text = macro("factors:\n  economy: { correlation: { economy: 0.5, gig: 0.2 } }");
    const [self, unknown] = errorsOf(text);
    expectAt(self, "macro.factors.economy.correlation.economy", text, "economy", "{ correlation: {");
    expect(self.message).toContain("correlation with itself");
    expectAt(unknown, "macro.factors.economy.correlation.gig", text, "gig");
    expect(unknown.message).toBe("gig is not a declared factor; allowed: no other factor is declared");
  });

  it("both sides of a correlation agree", () => {
    const text = macro("factors:\n  economy: { correlation: { gig: 0.5 } }\n  gig: { correlation: { economy: 0.4 } }");
    const e = onlyError(text);
    expectAt(e, "macro.factors.gig.correlation.economy", text, "0.4");
    expect(e.message).toBe("0.4 disagrees with macro.factors.economy.correlation.gig (0.5); allowed: 0.5, or leave one of them out");
  });

  it("the correlation matrix is positive definite", () => {
    const text = macro(
      "factors:\n  a: { correlation: { b: 0.9, c: 0.9 } }\n  b: { correlation: { c: -0.9 } }\n  c: {}",
    ).replace("    pd: 0.02", "    pd: 0.02\n    loadings: { a: 1 }");
    const e = onlyError(text);
    expectAt(e, "macro.factors", text, "a: {");
    expect(e.message).toContain("not positive definite");
  });

  it("Cholesky agrees with the eigenvalues of 2×2 matrices", () => {
    // [[1, r], [r, 1]] has eigenvalues 1 ± r: positive definite exactly when |r| < 1.
    const pd = (r: number) => cholesky(Float64Array.of(1, r, r, 1), 2) !== null;
    for (const r of [-0.99, -0.5, 0, 0.5, 0.99]) expect(pd(r)).toBe(true);
    for (const r of [-1, 1, 1.2]) expect(pd(r)).toBe(false);
    const factors = { a: { persistence: 0.9, correlation: { b: 0.3 } }, b: { persistence: 0.9, correlation: {} } };
    expect(Array.from(correlationMatrix(factors))).toEqual([1, 0.3, 0.3, 1]);
    // L·Lᵀ gives C back: L = [[1, 0], [0.3, √0.91]].
    const l = cholesky(correlationMatrix(factors), 2)!;
    expect(l[2]).toBeCloseTo(0.3, 15);
    expect(l[3]).toBeCloseTo(Math.sqrt(0.91), 15);
  });

  it("a variable reads a declared factor", () => {
    const text = macro("variables:\n  unemployment: { factor: econ, mean: 0.05, sensitivity: -0.01 }");
    const e = onlyError(text);
    expectAt(e, "macro.variables.unemployment.factor", text, "econ,");
    expect(e.message).toBe('"econ" is not a declared factor; allowed: economy');
  });

  it("a shock has exactly one target and exactly one shape", () => {
    const text = macro(
      "variables:\n  u: { factor: economy, mean: 0.05, sensitivity: -0.01 }\nshocks:\n" +
        "  - { path: [1] }\n" +
        "  - { factor: economy, variable: u, path: [1] }\n" +
        "  - { factor: economy }\n" +
        "  - { factor: economy, path: [1], recession: { start: 1, fall: 2, trough: -1 } }\n" +
        "  - { variable: u, recession: { start: 1, fall: 2, trough: -1 } }\n",
    );
    const [noTarget, both, noShape, twoShapes, variableRecession] = errorsOf(text);
    expectAt(noTarget, "macro.shocks[0]", text, "{ path");
    expect(noTarget.message).toBe("a shock needs a target; allowed: exactly one of factor or variable");
    expectAt(both, "macro.shocks[1].variable", text, "u, path", "factor: economy, variable: ");
    expectAt(noShape, "macro.shocks[2]", text, "{ factor: economy }");
    expect(noShape.message).toBe("a shock needs a shape; allowed: exactly one of path or recession");
    expectAt(twoShapes, "macro.shocks[3].recession", text, "{ start", "path: [1], recession");
    expectAt(variableRecession, "macro.shocks[4].recession", text, "{ start", "variable: u, recession");
    expect(variableRecession.message).toBe("a variable shock takes a target path, not a recession; allowed: path");
  });

  it("a shock names a declared factor or variable", () => {
    const text = macro("shocks:\n  - { factor: gig, path: [1] }\n  - { variable: hpi, path: [1] }");
    const [factor, variable] = errorsOf(text);
    expectAt(factor, "macro.shocks[0].factor", text, "gig");
    expectAt(variable, "macro.shocks[1].variable", text, "hpi");
    expect(variable.message).toBe('"hpi" is not a declared variable; allowed: none yet (declare it under macro.variables)');
  });

  it("a recession starts within the horizon", () => {
    const text = macro("shocks:\n  - factor: economy\n    recession: { start: 13, fall: 2, trough: -1 }");
    const e = onlyError(text);
    expectAt(e, "macro.shocks[0].recession.start", text, "13");
    expect(e.message).toBe("month 13 is after the horizon; allowed: 1 to 12");
  });
});

describe("names", () => {
  it("segment names are unique", () => {
    const text = `${SMALL_BOOK}  - name: cards\n    accounts: 5\n    pd: 0.1\n`;
    const e = onlyError(text);
    expectAt(e, "segments[1].name", text, "cards", "accounts: 1000");
    expect(e.message).toBe('"cards" is already the name of segments[0]; allowed: a name no other segment has');
  });

  it("variant names are unique and not base", () => {
    const text = `${SMALL_BOOK}variants:\n  - name: base\n  - name: v\n  - name: v\n`;
    const [base, twice] = errorsOf(text);
    expectAt(base, "variants[0].name", text, "base", "variants:");
    expect(base.message).toBe('"base" names the scenario itself; allowed: any other name');
    expectAt(twice, "variants[2].name", text, "v\n", "name: v\n  - name: ");
  });
});

describe("policy", () => {
  it("a line-management trigger watches a declared factor", () => {
    const text = `${SMALL_BOOK}policy:\n  lineManagement: { trigger: { factor: gdp, below: -1, cut: 0.2 } }\n`;
    expectAt(onlyError(text), "policy.lineManagement.trigger.factor", text, "gdp");
  });

  it("forbearance is offered within every ladder", () => {
    const text = `${SMALL_BOOK}    delinquency: { roll: [0.5] }\n  - { name: b, accounts: 5, pd: 0.1, delinquency: { roll: [] } }\npolicy:\n  forbearance: { offerAt: 2, takeUp: 0.5, holidayMonths: 3 }\n`;
    const e = onlyError(text);
    expectAt(e, "policy.forbearance.offerAt", text, "2,", "offerAt");
    expect(e.message).toBe("D2 is past the delinquency ladder of cards (1 bucket); allowed: 1 to 1, the shortest ladder");
  });

  it("approval without originations has no effect", () => {
    const text = `${SMALL_BOOK}policy:\n  approval: { minScore: 600 }\n`;
    const e = onlyError(text);
    expectAt(e, "policy.approval", text, "{ minScore");
    expect(e.message).toBe("approval has no effect: no segment has originations; allowed: approval together with a segment's originations");
  });
});

describe("a pd the ladder cannot reach", () => {
  it("is refused at the pd, with the ceiling the ladder allows", () => {
    // roll 0.1 then 0.1: even a miss every month defaults within a year with probability
    // 1 − P(fewer than 2 rolls in the months after the first miss), well below 0.5.
    const text = SMALL_BOOK.replace("creditlab: 1", "creditlab: 2").replace("pd: 0.02", "pd: 0.5\n    delinquency: { roll: [0.1, 0.1] }");
    const e = onlyError(text);
    expect(e.path).toBe("segments[0].pd");
    expect(e.message).toMatch(/^0\.5 cannot be reached: with this ladder at most 0\.\d+ of current accounts default within a year; allowed: a pd below/);
  });
});

describe("credit lines as they earn", () => {
  it("purchases on a cash loan are refused at the key", () => {
    const text = segment("product: instalment\npurchases: 0.2");
    const e = onlyError(text);
    expectAt(e, "segments[0].purchases", text, "0.2");
    expect(e.message).toBe("purchases is for credit lines; allowed: product: revolving, or leave purchases out of a cash loan");
  });

  it("purchases and plans need transactors and revolvers to repay them", () => {
    const text = segment("instalments: { purchaseShare: 0.1, termMonths: 12, feeRate: 0.006 }");
    const e = onlyError(text);
    expectAt(e, "segments[0].instalments", text, "{ purchaseShare");
    expect(e.message).toBe(
      "instalments needs transactors and revolvers to repay the purchases; allowed: instalments together with revolvers: { share, toRevolve, toTransact, minPayment }",
    );
  });

  it("with revolvers, purchases, merchant fees and plans are accepted", () => {
    const text = segment(
      "revolvers: { share: 0.2, toRevolve: 0.02, toTransact: 0.05 }\npurchases: 0.2\ninterchange: 0.006\ninstalments: { purchaseShare: 0.1, termMonths: 12, feeRate: 0.006 }",
    );
    expect(parsed(text).variants[0].scenario.segments[0].revolvers?.minPayment).toBe(0.05);
  });

  it("forbearance by conversion names its term", () => {
    const text = `${SMALL_BOOK}policy:\n  forbearance: { kind: conversion, offerAt: 1, takeUp: 0.5 }\n`;
    const e = onlyError(text);
    expectAt(e, "policy.forbearance.termMonths", text, "{ kind", "forbearance");
    expect(e.message).toBe("required key is missing; allowed: termMonths for kind conversion");
  });
});

describe("a recovery timeline and a sale's price", () => {
  it("a curve whose shares do not sum to 1 is named at its line and column", () => {
    const text = segment("recovery: { curve: [0.5, 0.3], costRate: 0.1 }");
    const e = onlyError(text);
    expectAt(e, "segments[0].recovery.curve", text, "[0.5");
    expect(e.message).toBe("the shares sum to 0.8; allowed: shares that sum to 1 (the LGD sets how much is recovered, the curve only when)");
  });

  it("a curve and a hazard together point at the hazard", () => {
    const text = segment("recovery:\n  curve: [1]\n  hazard: { monthly: 0.1, capMonths: 24 }");
    expectAt(onlyError(text), "segments[0].recovery.hazard", text, "{ monthly");
  });

  it("a sale needs exactly one price, and a cycle only with a share", () => {
    const both = `${SMALL_BOOK}policy:\n  nplSale: { salePrice: 0.05, buyerRate: 0.2 }\n`;
    const e = onlyError(both);
    expectAt(e, "policy.nplSale.buyerRate", both, "0.2 }");
    expect(e.message).toContain(
      "allowed: salePrice (a share of EAD, with cycle), prices (shares of EAD by months in default, with cycle) or buyerRate (the present value of the workout), exactly one",
    );
    const table = `${SMALL_BOOK}policy:\n  nplSale: { salePrice: 0.05, prices: [0.06, 0.04], atMonthsInDefault: 3 }\n`;
    expectAt(onlyError(table), "policy.nplSale.prices", table, "[0.06");
    const cycle = `${SMALL_BOOK}policy:\n  nplSale: { buyerRate: 0.2, cycle: 1 }\n`;
    expectAt(onlyError(cycle), "policy.nplSale.cycle", cycle, "1 }");
  });
});
