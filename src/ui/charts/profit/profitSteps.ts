/**
 * Profit in its parts, as a waterfall of means: each income adds to a running total, each
 * cost takes from it, and the last bar is profit itself (MODEL.md section 8; the parts, their
 * signs, order and labels as src/engine/metrics.ts declares them). Profit holds on every
 * path, so the means add up the same way. Parts that are 0 on every path are left out.
 */
import { METRICS } from "../../../engine/metrics.ts";
import type { BookResult } from "../../../result/resultFile.ts";
import { insured, nonZero, PROFIT_PARTS, type ProfitPart } from "../../../result/facts.ts";
import type { TableData } from "../frame/table.ts";

export interface ProfitStep {
  key: ProfitPart | "profit";
  label: string;
  kind: "income" | "cost" | "profit";
  /** The part's mean across paths, as a positive amount for incomes and costs alike. */
  mean: number;
  /** Its standard error; null with too few paths. */
  stderr: number | null;
  /** The running total before and after this step: profit's bar runs from 0. */
  from: number;
  to: number;
}

/** The steps of the waterfall, incomes first, then costs, then profit. */
export function profitSteps(book: BookResult): ProfitStep[] {
  const steps: ProfitStep[] = [];
  let total = 0;
  for (const { key, sign } of PROFIT_PARTS) {
    const s = book[key];
    if (!nonZero(s)) continue;
    const from = total;
    total += sign * s.mean;
    // Without insurance the loss kept is the whole net credit loss, and is named so.
    const label = key === "retainedLoss" && !insured(book) ? METRICS.netLoss.label : METRICS[key].label;
    steps.push({ key, label, kind: sign > 0 ? "income" : "cost", mean: s.mean, stderr: s.stderr, from, to: total });
  }
  steps.push({ key: "profit", label: METRICS.profit.label, kind: "profit", mean: book.profit.mean, stderr: book.profit.stderr, from: 0, to: book.profit.mean });
  return steps;
}

/** The lowest and highest running totals, with 0: the x extent of the waterfall. */
export function stepExtent(steps: readonly ProfitStep[]): [number, number] {
  const ends = steps.flatMap((s) => [s.from, s.to]);
  return [Math.min(0, ...ends), Math.max(0, ...ends)];
}

/** The steps as a table: each part signed as it enters profit, its error and the running total. */
export function profitTable(steps: readonly ProfitStep[]): TableData {
  return {
    columns: [
      { label: "Part" },
      { label: "Mean, as it enters profit (currency units)", kind: "money" },
      { label: "Standard error", kind: "money" },
      { label: "Running total", kind: "money" },
    ],
    rows: steps.map((s) => [s.label, s.kind === "cost" ? -s.mean : s.mean, s.stderr, s.to]),
  };
}
