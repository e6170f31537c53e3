/**
 * Credit insurance (policy.insurance) as a variant's result shows it: the loss before the
 * insurer's recovery (gross) and after it (retained), the mean recovery and premium, and
 * the terms of the cover in words. Retained loss is net loss − recovery on every path, so
 * the mean recovery is exactly the gap between gross and retained EL; VaR and ES are taken
 * of each distribution on its own.
 */
import type { BookResult } from "../../../result/resultFile.ts";
import type { NamedScenario } from "../../../scenario/parse.ts";
import { formatPercent } from "../frame/chartNumbers.ts";
import type { TableData } from "../frame/table.ts";

export interface InsuranceTerms {
  /** Loss the book keeps before the cover starts, as a share of its exposure. */
  deductible: number;
  /** Share of the loss above the deductible that the insurer pays. */
  coverage: number;
  /** Annual premium on the book's balances. */
  premium: number;
}

export type InsuranceKey = "el" | "var" | "es";

export interface InsurancePair {
  key: InsuranceKey;
  label: string;
  gross: number;
  retained: number;
}

/** EL, VaR 99% and ES 99% of the loss before and after the insurer's recovery. */
export function insurancePairs(book: BookResult): InsurancePair[] {
  return [
    { key: "el", label: "EL", gross: book.netLoss.mean, retained: book.retainedLoss.mean },
    { key: "var", label: "VaR 99%", gross: book.var["0.99"], retained: book.retainedVar["0.99"] },
    { key: "es", label: "ES 99%", gross: book.es["0.99"], retained: book.retainedEs["0.99"] },
  ];
}

/** How much lower `retained` is than `gross`, as a share of gross; 0 when gross is 0. */
export const reduction = (gross: number, retained: number): number => (gross > 0 ? (gross - retained) / gross : 0);

/** The pairs, mean recovery and mean premium as one column of figures, for the table view and CSV. */
export function insuranceTable(book: BookResult): TableData {
  const pairs = insurancePairs(book);
  return {
    columns: [{ label: "Statistic" }, { label: "Value (currency units)", kind: "money" }, { label: "Reduction", kind: "percent" }],
    rows: [
      ...pairs.flatMap((p) => [
        [`${p.label}, gross`, p.gross, null],
        [`${p.label}, retained`, p.retained, reduction(p.gross, p.retained)],
      ]),
      ["Mean recovery", book.insuranceRecovery.mean, null],
      ["Mean premium", book.insurancePremium.mean, null],
    ],
  };
}

/**
 * The insurance terms of result variant `index` named `name` (0 is the base), read from
 * the scenario that variant ran, as the parser built it. Null without the variants,
 * without cover, or when the names disagree.
 */
export function insuranceTerms(variants: readonly NamedScenario[] | null, index: number, name: string): InsuranceTerms | null {
  const variant = variants?.[index];
  if (!variant || variant.name !== name) return null;
  const cover = variant.scenario.policy.insurance;
  return cover ? { deductible: cover.deductible, coverage: cover.coverage, premium: cover.premium } : null;
}

/** The terms in one sentence: "Insurance pays 80% of the loss above 1% of exposure, for a premium of 0.4% a year on balances." */
export function termsSentence(t: InsuranceTerms): string {
  const share = t.coverage === 1 ? "all" : formatPercent(t.coverage);
  const above = t.deductible > 0 ? ` above ${formatPercent(t.deductible)} of exposure` : "";
  const premium = t.premium > 0 ? `, for a premium of ${formatPercent(t.premium)} a year on balances` : ", for no premium";
  return `Insurance pays ${share} of the loss${above}${premium}.`;
}
