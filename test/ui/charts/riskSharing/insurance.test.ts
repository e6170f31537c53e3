import { describe, expect, it } from "vitest";
import { parseScenario } from "../../../../src/scenario/parse.ts";
import { insured } from "../../../../src/result/facts.ts";
import { insurancePairs, insuranceTable, insuranceTerms, reduction, termsSentence } from "../../../../src/ui/charts/riskSharing/insurance.ts";
import { book, summary } from "../fixtures.ts";

const SCENARIO = `creditlab: 1
segments:
  - { name: cards, accounts: 100, pd: 0.03 }
policy:
  fundingRate: 0.02
  insurance: { deductible: 0.01, coverage: 0.8, premium: 0.004 }
variants:
  - { name: same, description: no policy change }
  - { name: deeper, policy: { insurance: { deductible: 0.03 } } }
  - { name: uninsured, policy: { insurance: null } }
  - { name: no-policy, policy: null }
  - { name: replaced, policy: { insurance: { deductible: 0, coverage: 1, premium: 0.01 } } }
`;

describe("insurance terms", () => {
  const parsed = parseScenario(SCENARIO, "insurance.yaml");
  if (!parsed.ok) throw new Error(parsed.error.map((e) => e.message).join("\n"));
  const { variants } = parsed.value;

  it.each(variants.map((v, i) => [v.name, i] as const))("%s: the terms are the variant's own scenario's", (name, i) => {
    expect(insuranceTerms(variants, i, name)).toEqual(variants[i].scenario.policy.insurance ?? null);
  });

  it("reads a variant's partial cover merged onto the base's, as written in the file", () => {
    expect(insuranceTerms(variants, 0, "base")).toEqual({ deductible: 0.01, coverage: 0.8, premium: 0.004 });
    expect(insuranceTerms(variants, 1, "same")).toEqual({ deductible: 0.01, coverage: 0.8, premium: 0.004 });
    expect(insuranceTerms(variants, 2, "deeper")).toEqual({ deductible: 0.03, coverage: 0.8, premium: 0.004 });
    expect(insuranceTerms(variants, 3, "uninsured")).toBeNull();
    expect(insuranceTerms(variants, 4, "no-policy")).toBeNull();
    expect(insuranceTerms(variants, 5, "replaced")).toEqual({ deductible: 0, coverage: 1, premium: 0.01 });
  });

  it("knows no terms without the variants or when the variant's name disagrees", () => {
    expect(insuranceTerms(null, 0, "base")).toBeNull();
    expect(insuranceTerms(variants, 2, "renamed")).toBeNull();
    expect(insuranceTerms(variants, 9, "missing")).toBeNull();
  });

  it.each([
    [{ deductible: 0.01, coverage: 0.8, premium: 0.004 }, "Insurance pays 80% of the loss above 1% of exposure, for a premium of 0.4% a year on balances."],
    [{ deductible: 0, coverage: 1, premium: 0.01 }, "Insurance pays all of the loss, for a premium of 1% a year on balances."],
    [{ deductible: 0.025, coverage: 0.5, premium: 0 }, "Insurance pays 50% of the loss above 2.5% of exposure, for no premium."],
  ])("%j reads: %s", (terms, text) => {
    expect(termsSentence(terms)).toBe(text);
  });
});

describe("gross and retained loss", () => {
  // Fixture net loss has mean 3e5; a mean recovery of 3e5 leaves a retained EL of 0.
  const insuredBook = () => ({
    ...book(),
    insuranceRecovery: { ...summary(0, 4e5), mean: 3e5 },
    insurancePremium: { ...summary(4e4, 4e4, 0), mean: 4e4 },
    retainedLoss: { ...summary(1e5, 2e5), mean: 0 },
  });

  it.each([
    ["a premium charged", { premium: 1, recoveryMax: 0 }, true],
    ["a claim paid", { premium: 0, recoveryMax: 5 }, true],
    ["neither", { premium: 0, recoveryMax: 0 }, false],
  ])("a book with %s is insured: %s", (_, { premium, recoveryMax }, yes) => {
    const b = { ...book(), insurancePremium: { ...summary(0, 0, 0), mean: premium }, insuranceRecovery: summary(0, recoveryMax) };
    expect(insured(b)).toBe(yes);
  });

  it("pairs EL, VaR 99% and ES 99% before and after the recovery", () => {
    const b = { ...insuredBook(), retainedVar: { "0.99": 2e5 }, retainedEs: { "0.99": 2.5e5 } };
    expect(insurancePairs(b)).toEqual([
      { key: "el", label: "EL", gross: 3e5, retained: 0 },
      { key: "var", label: "VaR 99%", gross: 4.96e5, retained: 2e5 },
      { key: "es", label: "ES 99%", gross: 4.98e5, retained: 2.5e5 },
    ]);
  });

  it.each([
    [100, 25, 0.75],
    [100, 100, 0],
    [0, 0, 0],
  ])("retained %s of gross %s is lower by %s", (gross, retained, share) => {
    expect(reduction(gross, retained)).toBe(share);
  });

  it("tables every figure in one column with its reduction, then the mean recovery and premium", () => {
    const t = insuranceTable({ ...insuredBook(), retainedVar: { "0.99": 2.48e5 }, retainedEs: { "0.99": 2.49e5 } });
    expect(t.columns.map((c) => c.label)).toEqual(["Statistic", "Value (currency units)", "Reduction"]);
    expect(t.rows).toEqual([
      ["EL, gross", 3e5, null],
      ["EL, retained", 0, 1],
      ["VaR 99%, gross", 4.96e5, null],
      ["VaR 99%, retained", 2.48e5, 0.5],
      ["ES 99%, gross", 4.98e5, null],
      ["ES 99%, retained", 2.49e5, 0.5],
      ["Mean recovery", 3e5, null],
      ["Mean premium", 4e4, null],
    ]);
  });
});
