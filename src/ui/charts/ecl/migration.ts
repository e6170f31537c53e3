/**
 * Stage migration over a run: the mean share of the book in stages 2 and 3 at each
 * period's end, drawn as stacked bands, and the stage transfer matrix of one period (where the
 * accounts of each stage at the period's start are at its end).
 */
import { area, type ScaleLinear } from "d3";
import { STAGES, type Stage } from "./eclTable.ts";

export interface MigrationData {
  /** The month each period ends. */
  months: number[];
  /** Mean share of the accounts on the book in each stage at each period's end (they sum to 1). */
  shares: Record<Stage, number>[];
  /**
   * Per period, [from][to]: of the accounts in stage `from` at its start that are still on
   * the book at its end, the mean share in stage `to`.
   */
  transfers: number[][][];
  /** Per period, [from][to]: the mean count of those accounts. */
  counts: number[][][];
  /** Labels of the matrix's columns. */
  columns: string[];
}

export const STAGE_NAMES: Record<Stage, string> = { "1": "Stage 1", "2": "Stage 2", "3": "Stage 3" };

/** The colour of a stage: its theme variable with a default that reads as calm, watch, impaired. */
export const stageColour = (s: Stage): string => `var(--_stage-${s})`;

export interface StackBand {
  stage: Stage;
  path: string;
}

/** The stages drawn stacked, from the bottom: stage 1 is the rest of the book, and would flatten them. */
export const STACKED = ["3", "2"] as const satisfies readonly Stage[];

/** The top of the stack at its highest: the y extent the bands need. */
export const stackTop = (data: MigrationData): number => Math.max(0, ...data.shares.map((s) => STACKED.reduce((t, k) => t + s[k], 0)));

/**
 * The stacked bands of the shares of stages 3 and 2, stage 3 at the bottom. A single period
 * has no width to spread over, so it is drawn from the start (month 0) to its end at its
 * own shares.
 */
export function stackBands(data: MigrationData, x: ScaleLinear<number, number>, y: ScaleLinear<number, number>, periodMonths: number): StackBand[] {
  const pts = data.months.map((m, i) => ({ month: m, s: data.shares[i] }));
  const drawn = pts.length === 1 ? [{ ...pts[0], month: Math.max(0, pts[0].month - periodMonths) }, pts[0]] : pts;
  return STACKED.map((stage, k) => {
    const below = (p: (typeof pts)[number]) => STACKED.slice(0, k).reduce((t, s) => t + p.s[s], 0);
    const path =
      area<(typeof pts)[number]>()
        .x((p) => x(p.month))
        .y0((p) => y(below(p)))
        .y1((p) => y(below(p) + p.s[stage]))(drawn) ?? "";
    return { stage, path };
  });
}

/** The matrix's rows for a period: each stage's label, its shares and its counts by column. */
export function transferRows(data: MigrationData, period: number): { from: string; shares: number[]; counts: number[] }[] {
  const m = data.transfers[period] ?? [];
  const c = data.counts[period] ?? [];
  const zeros = () => data.columns.map(() => 0);
  return STAGES.map((s, i) => ({ from: STAGE_NAMES[s], shares: m[i] ?? zeros(), counts: c[i] ?? zeros() }));
}
