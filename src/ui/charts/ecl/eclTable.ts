/**
 * The stage table of the expected-credit-loss view: accounts, exposure, ECL and coverage
 * (ECL ÷ exposure) of each stage, for each economic scenario and weighted by the
 * scenarios' weights. One description feeds the HTML table, its CSV export and the
 * page's test, so they cannot disagree.
 */
import type { TableData } from "../frame/table.ts";

export const STAGES = ["1", "2", "3"] as const;
export type Stage = (typeof STAGES)[number];

/** One stage's figures, as `creditlab ecl --json` writes them. */
export interface StageFigures {
  accounts: number;
  exposure: number;
  ecl: number;
}

/** What the view shows of one scenario, or of the weighted whole. */
export interface EclBlock {
  /** The scenario's name, or "Weighted". */
  name: string;
  /** Its weight; null for the weighted whole. */
  weight: number | null;
  stages: Record<Stage, StageFigures>;
  /** Σ of the stages' ECL. */
  ecl: number;
}

export interface EclRow {
  /** "1", "2", "3" or "all". */
  stage: Stage | "all";
  label: string;
  accounts: number;
  exposure: number;
  ecl: number;
  /** ECL ÷ exposure; null on a stage with no exposure. */
  coverage: number | null;
}

const STAGE_LABELS: Record<Stage, string> = {
  "1": "Stage 1 (performing)",
  "2": "Stage 2 (significant increase)",
  "3": "Stage 3 (credit-impaired)",
};

const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);

/** The rows of one block: each stage, then the total. */
export function blockRows(block: EclBlock): EclRow[] {
  const rows: EclRow[] = STAGES.map((s) => {
    const f = block.stages[s];
    return { stage: s, label: STAGE_LABELS[s], accounts: f.accounts, exposure: f.exposure, ecl: f.ecl, coverage: ratio(f.ecl, f.exposure) };
  });
  const sum = (k: "accounts" | "exposure" | "ecl") => rows.reduce((t, r) => t + r[k], 0);
  const exposure = sum("exposure");
  rows.push({ stage: "all", label: "All stages", accounts: sum("accounts"), exposure, ecl: block.ecl, coverage: ratio(block.ecl, exposure) });
  return rows;
}

/**
 * Whether every scenario stages the book as the weighted whole does (the same accounts and
 * exposure in each stage, to rounding): then one row a stage holds every scenario's ECL.
 */
export function sharedStaging(blocks: readonly EclBlock[]): boolean {
  const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  const [first] = blocks;
  return blocks.every((b) => STAGES.every((s) => close(b.stages[s].accounts, first.stages[s].accounts) && close(b.stages[s].exposure, first.stages[s].exposure)));
}

/** The table for export: one row a scenario and stage, the weighted whole first. */
export function eclTableData(blocks: readonly EclBlock[]): TableData {
  return {
    columns: [
      { label: "Scenario" },
      { label: "Weight", kind: "percent" },
      { label: "Stage" },
      { label: "Accounts", kind: "count" },
      { label: "Exposure", kind: "money" },
      { label: "ECL", kind: "money" },
      { label: "Coverage (ECL ÷ exposure)", kind: "percent" },
    ],
    rows: blocks.flatMap((b) => blockRows(b).map((r) => [b.name, b.weight, r.label, r.accounts, r.exposure, r.ecl, r.coverage])),
  };
}
